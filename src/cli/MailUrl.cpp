// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/MailUrl.h"

#include <QUrl>
#include <QUrlQuery>

using namespace Qt::StringLiterals;

namespace magpie::cli {

namespace {
struct Scheme
{
    QLatin1StringView name;
    MailUrl::Protocol protocol;
    bool implicitTls;
};

constexpr Scheme kSchemes[] = {
    { "imap"_L1, MailUrl::Protocol::Imap, false }, { "imaps"_L1, MailUrl::Protocol::Imap, true },
    { "pop3"_L1, MailUrl::Protocol::Pop3, false }, { "pop3s"_L1, MailUrl::Protocol::Pop3, true },
    { "smtp"_L1, MailUrl::Protocol::Smtp, false }, { "smtps"_L1, MailUrl::Protocol::Smtp, true },
};
} // namespace

quint16 MailUrl::defaultPort(Protocol protocol, net::ServerEndpoint::Security security)
{
    const bool tls = security == net::ServerEndpoint::Security::ImplicitTls;
    switch (protocol) {
    case Protocol::Imap:
        return tls ? 993 : 143;
    case Protocol::Pop3:
        return tls ? 995 : 110;
    case Protocol::Smtp:
        // Message submission: 465 with implicit TLS (RFC 8314 s3.3), else 587 (RFC 6409 s3.1).
        return tls ? 465 : 587;
    }
    return 0;
}

std::optional<MailUrl> MailUrl::parse(const QString &text, QString *error)
{
    auto fail = [&](const QString &why) -> std::optional<MailUrl> {
        if (error)
            *error = tr("“%1” is not a server URL magpie-cli can use: %2").arg(text, why);
        return std::nullopt;
    };

    const QString schemes = tr("it must start with imap://, imaps://, pop3://, pop3s://, "
                               "smtp:// or smtps://.");
    const QUrl url(text.trimmed(), QUrl::StrictMode);
    if (!url.isValid())
        return fail(url.errorString().isEmpty() ? schemes : url.errorString());

    const Scheme *scheme = nullptr;
    for (const Scheme &candidate : kSchemes) {
        if (url.scheme() == candidate.name)
            scheme = &candidate;
    }
    if (!scheme)
        return fail(schemes);

    if (url.host().isEmpty())
        return fail(tr("it names no server (write it as imaps://user@host)."));
    if (!url.password().isEmpty())
        return fail(tr("it holds a password. Give the password in the MAGPIE_PASSWORD "
                       "environment variable or at the prompt instead, so that it does not "
                       "stay in the shell's history."));
    if (!url.path().isEmpty() && url.path() != u"/")
        return fail(tr("it has a path (%1); only a server is expected here.").arg(url.path()));
    if (url.hasFragment())
        return fail(
            tr("it has a fragment (#%1); only a server is expected here.").arg(url.fragment()));
    if (url.port() == 0)
        return fail(tr("port 0 is not a port a server listens on."));

    MailUrl result;
    result.m_protocol = scheme->protocol;
    result.m_security = scheme->implicitTls ? net::ServerEndpoint::Security::ImplicitTls
                                            : net::ServerEndpoint::Security::Plaintext;

    const QUrlQuery query(url);
    const auto items = query.queryItems(QUrl::FullyDecoded);
    for (const auto &[key, value] : items) {
        if (key != u"starttls")
            return fail(
                tr("the option “%1” is unknown (the one option is starttls=required).").arg(key));
        if (scheme->implicitTls)
            return fail(tr("starttls applies to imap://, pop3:// and smtp:// only; %1:// is "
                           "TLS from the first byte already.")
                            .arg(scheme->name));
        if (value == u"required")
            result.m_security = net::ServerEndpoint::Security::StartTls;
        else if (value == u"no")
            result.m_security = net::ServerEndpoint::Security::Plaintext;
        else
            return fail(tr("starttls must be “required” or “no”, not “%1”.").arg(value));
    }

    result.m_user = url.userName(QUrl::FullyDecoded);
    // A-labels: what DNS and the certificate's names are compared in (RFC 5890 s2.3.2.1).
    result.m_host = url.host(QUrl::EncodeUnicode);
    result.m_port = url.port() > 0 ? static_cast<quint16>(url.port())
                                   : defaultPort(result.m_protocol, result.m_security);
    return result;
}

net::ServerEndpoint MailUrl::endpoint() const
{
    net::ServerEndpoint endpoint;
    endpoint.host = m_host;
    endpoint.port = m_port;
    endpoint.security = m_security;
    return endpoint;
}

QString MailUrl::protocolName() const
{
    switch (m_protocol) {
    case Protocol::Imap:
        return u"IMAP"_s;
    case Protocol::Pop3:
        return u"POP3"_s;
    case Protocol::Smtp:
        return u"SMTP"_s;
    }
    return {};
}

QString MailUrl::toString() const
{
    QString text;
    switch (m_protocol) {
    case Protocol::Imap:
        text = u"imap"_s;
        break;
    case Protocol::Pop3:
        text = u"pop3"_s;
        break;
    case Protocol::Smtp:
        text = u"smtp"_s;
        break;
    }
    if (m_security == net::ServerEndpoint::Security::ImplicitTls)
        text += u's';
    text += u"://"_s;
    // Everything but the unreserved characters encoded (RFC 3986 s2.3), so that a login that
    // is an address reads back as one: alice%40example.com@host.
    if (!m_user.isEmpty())
        text += QString::fromLatin1(QUrl::toPercentEncoding(m_user)) + u'@';
    text += m_host.contains(u':') ? u'[' + m_host + u']' : m_host;
    text += u':' + QString::number(m_port);
    if (m_security == net::ServerEndpoint::Security::StartTls)
        text += u"?starttls=required"_s;
    return text;
}

} // namespace magpie::cli
