// SPDX-License-Identifier: GPL-3.0-or-later
#include "cli/ConnectionOptions.h"

#include "cli/PasswordPrompt.h"

#include <QCommandLineParser>
#include <QFile>
#include <QRegularExpression>

using namespace Qt::StringLiterals;

namespace magpie::cli {

ConnectionOptions::ConnectionOptions()
    : m_caFile(u"cafile"_s, tr("Trust the certificates in this PEM file besides the system's."),
               tr("file"))
    , m_pin(u"pin"_s,
            tr("Accept exactly the certificate with this SHA-256 fingerprint "
               "(AB:CD:... as printed by check), even if it is self-signed."),
            tr("sha256"))
    , m_timeout(u"timeout"_s,
                tr("Give up when connecting, or waiting for a reply, takes longer "
                   "than this. Default: 30 s to connect, 60 s per reply."),
                tr("seconds"))
    , m_tokenVariable(u"oauth-token-env"_s,
                      tr("Log in with the OAuth 2.0 access token held in this environment "
                         "variable (OAUTHBEARER or XOAUTH2) instead of a password."),
                      tr("variable"))
    , m_log(u"log"_s,
            tr("Print the protocol log at the end (passwords and AUTH data are "
               "never in it)."))
{ }

void ConnectionOptions::addTo(QCommandLineParser &parser) const
{
    addTrustOptionsTo(parser);
    parser.addOption(m_log);
}

void ConnectionOptions::addTrustOptionsTo(QCommandLineParser &parser) const
{
    parser.addOption(m_caFile);
    parser.addOption(m_pin);
    parser.addOption(m_timeout);
    parser.addOption(m_tokenVariable);
}

std::optional<net::ServerEndpoint> ConnectionOptions::endpoint(const QCommandLineParser &parser,
                                                               const MailUrl &url,
                                                               QString *error) const
{
    net::ServerEndpoint endpoint = url.endpoint();
    const QStringList caFiles = parser.values(m_caFile);
    for (const QString &path : caFiles) {
        const auto certificates = readCertificates(path, error);
        if (!certificates)
            return std::nullopt;
        endpoint.extraCaCertificates += *certificates;
    }
    if (parser.isSet(m_pin)) {
        const QString text = parser.value(m_pin);
        const auto fingerprint = parseFingerprint(text);
        if (!fingerprint) {
            *error = tr("--pin needs a SHA-256 fingerprint, 64 hexadecimal digits such as "
                        "AB:CD:...:EF as check prints it; “%1” is not one.")
                         .arg(text);
            return std::nullopt;
        }
        endpoint.pinnedSha256 = *fingerprint;
    }
    if (parser.isSet(m_timeout)) {
        bool ok = false;
        const double seconds = parser.value(m_timeout).toDouble(&ok);
        if (!ok || seconds <= 0 || seconds > 3600) {
            *error = tr("--timeout needs a number of seconds from 0 to 3600, not “%1”.")
                         .arg(parser.value(m_timeout));
            return std::nullopt;
        }
        endpoint.connectTimeoutMs = qMax(1, int(seconds * 1000));
        endpoint.readTimeoutMs = endpoint.connectTimeoutMs;
    }
    return endpoint;
}

std::optional<net::Credentials> ConnectionOptions::credentials(const QCommandLineParser &parser,
                                                               const MailUrl &url,
                                                               QString *error) const
{
    net::Credentials credentials;
    credentials.user = url.user();
    if (parser.isSet(m_tokenVariable)) {
        const QString variable = parser.value(m_tokenVariable);
        credentials.oauthToken = qEnvironmentVariable(variable.toLocal8Bit().constData());
        if (credentials.oauthToken.isEmpty()) {
            *error = tr("--oauth-token-env names %1, but that environment variable is not set "
                        "or empty.")
                         .arg(variable);
            return std::nullopt;
        }
        return credentials;
    }
    const auto password = PasswordPrompt::ask(tr("%1 on %2").arg(url.user(), url.host()), error);
    if (!password)
        return std::nullopt;
    credentials.password = *password;
    return credentials;
}

bool ConnectionOptions::printLog(const QCommandLineParser &parser) const
{
    return parser.isSet(m_log);
}

std::optional<QByteArray> ConnectionOptions::parseFingerprint(const QString &text)
{
    QString hex = text.trimmed();
    static const QRegularExpression prefix(u"^sha-?256[:= ]\\s*"_s,
                                           QRegularExpression::CaseInsensitiveOption);
    hex.remove(prefix);
    hex.remove(u':');
    hex.remove(u' ');
    static const QRegularExpression hexDigits(u"^[0-9A-Fa-f]{64}$"_s);
    if (!hexDigits.match(hex).hasMatch())
        return std::nullopt;
    return QByteArray::fromHex(hex.toLatin1());
}

std::optional<QList<QSslCertificate>> ConnectionOptions::readCertificates(const QString &path,
                                                                          QString *error)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly)) {
        *error = tr("Cannot read the certificate file %1: %2").arg(path, file.errorString());
        return std::nullopt;
    }
    const QByteArray data = file.readAll();
    QList<QSslCertificate> certificates = QSslCertificate::fromData(data, QSsl::Pem);
    if (certificates.isEmpty())
        certificates = QSslCertificate::fromData(data, QSsl::Der);
    if (certificates.isEmpty()) {
        *error = tr("%1 holds no certificate (a PEM file starting with “-----BEGIN "
                    "CERTIFICATE-----” is expected).")
                     .arg(path);
        return std::nullopt;
    }
    return certificates;
}

QString ConnectionOptions::plaintextWarning(const MailUrl &url)
{
    if (!url.isPlaintext())
        return {};
    if (url.hasUser()) {
        return tr("Warning: %1 is not encrypted: the password and everything else cross the "
                  "network as plain text. Use %2, or add ?starttls=required, unless this is a "
                  "test server.")
            .arg(url.toString(), url.protocolName().toLower() + u"s://"_s);
    }
    return tr("Warning: %1 is not encrypted: everything crosses the network as plain text. Use "
              "%2, or add ?starttls=required, unless this is a test server.")
        .arg(url.toString(), url.protocolName().toLower() + u"s://"_s);
}

} // namespace magpie::cli
