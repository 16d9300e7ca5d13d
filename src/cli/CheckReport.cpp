// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/CheckReport.h"

using namespace Qt::StringLiterals;

namespace magpie::cli {

CheckReport::CheckReport(QTextStream &out, QTextStream &err)
    : m_out(out)
    , m_err(err)
{ }

void CheckReport::connected(const MailUrl &url)
{
    QString how;
    switch (url.security()) {
    case net::ServerEndpoint::Security::ImplicitTls:
        how = tr("TLS from the first byte");
        break;
    case net::ServerEndpoint::Security::StartTls:
        how = tr("STARTTLS");
        break;
    case net::ServerEndpoint::Security::Plaintext:
        how = tr("plaintext");
        break;
    }
    const QString host = url.host().contains(u':') ? u'[' + url.host() + u']' : url.host();
    line(tr("Connected to %1:%2 (%3, %4)").arg(host).arg(url.port()).arg(url.protocolName(), how));
}

void CheckReport::tls(const MailUrl &url, const net::TlsDetails &details)
{
    if (!details.encrypted) {
        // Only reachable when the user asked for plaintext: the engines never fall back.
        line(url.isPlaintext() ? tr("TLS: none, the connection is not encrypted (plaintext was "
                                    "chosen: %1:// without ?starttls=required)")
                                     .arg(url.protocolName().toLower())
                               : tr("TLS: none, the connection is not encrypted"));
        return;
    }
    line(tr("TLS: %1, %2").arg(details.protocol, details.cipher));
    QString certificate = tr("Certificate: %1, issued by %2").arg(details.subject, details.issuer);
    if (details.notAfter.isValid())
        certificate += tr(", valid until %1").arg(details.notAfter.toUTC().toString(Qt::ISODate));
    line(certificate);
    line(details.pinned
             ? tr("SHA-256: %1 (trusted because it matches --pin)").arg(details.fingerprintText())
             : tr("SHA-256: %1").arg(details.fingerprintText()));
}

void CheckReport::capabilities(const QStringList &capabilities, const QString &heading)
{
    const QString title = heading.isEmpty() ? tr("Capabilities") : heading;
    line(title + u": "_s
         + (capabilities.isEmpty() ? tr("(none announced)") : capabilities.join(u' ')));
}

void CheckReport::loggedIn(const QString &user, const QString &mechanism)
{
    line(mechanism.isEmpty() ? tr("Login: accepted for %1").arg(user)
                             : tr("Login: accepted for %1 (%2)").arg(user, mechanism));
}

void CheckReport::loginSkipped()
{
    line(tr("Login: not tried (no user in the URL)"));
}

void CheckReport::line(const QString &text)
{
    m_out << text << '\n';
    m_out.flush();
}

void CheckReport::alert(const QString &text)
{
    // RFC 3501 s7.1: an ALERT must be shown to the user.
    m_err << tr("Server alert: %1").arg(text) << '\n';
    m_err.flush();
}

void CheckReport::failed(const net::NetError &error)
{
    m_err << "magpie-cli check: " << error.message << '\n';
    m_err.flush();
}

void CheckReport::protocolLog(const QString &log)
{
    line(tr("Protocol log:"));
    m_out << log;
    if (!log.isEmpty() && !log.endsWith(u'\n'))
        m_out << '\n';
    m_out.flush();
}

} // namespace magpie::cli
