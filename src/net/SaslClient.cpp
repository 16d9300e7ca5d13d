// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/SaslClient.h"

#include <QStringList>

namespace magpie::net {

namespace {

using Mechanism = SaslClient::Mechanism;

constexpr Mechanism TokenMechanisms[] = { Mechanism::OAuthBearer, Mechanism::XOAuth2 };
constexpr Mechanism PasswordMechanisms[] = { Mechanism::Plain, Mechanism::Login };

bool offers(const QByteArrayList &offered, Mechanism mechanism)
{
    const QByteArray name = SaslClient::name(mechanism);
    for (const QByteArray &candidate : offered) {
        if (candidate.trimmed().compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

// RFC 5801 s4: in the GS2 header's authzid "," and "=" are written "=2C" and "=3D".
QByteArray saslName(const QString &name)
{
    QByteArray out;
    for (const char c : name.toUtf8()) {
        if (c == ',')
            out += "=2C";
        else if (c == '=')
            out += "=3D";
        else
            out += c;
    }
    return out;
}

QString nameList(const QByteArrayList &names)
{
    QStringList list;
    for (const QByteArray &name : names)
        list.append(QString::fromLatin1(name.trimmed().toUpper()));
    return list.join(QStringLiteral(", "));
}

} // namespace

std::optional<SaslClient::Mechanism>
SaslClient::choose(const QByteArrayList &offered, const Credentials &credentials, QString *whyNot)
{
    const bool hasPassword = !credentials.password.isEmpty();
    // Strongest first: a token never travels as a password, and PLAIN sends the password in
    // one piece where LOGIN needs two round trips for the same secrecy.
    if (credentials.hasToken()) {
        for (const Mechanism mechanism : TokenMechanisms) {
            if (offers(offered, mechanism)) {
                if (whyNot)
                    whyNot->clear();
                return mechanism;
            }
        }
    }
    if (hasPassword) {
        for (const Mechanism mechanism : PasswordMechanisms) {
            if (offers(offered, mechanism)) {
                if (whyNot)
                    whyNot->clear();
                return mechanism;
            }
        }
    }
    if (whyNot) {
        const QString list = nameList(offered);
        if (!credentials.hasToken() && !hasPassword)
            *whyNot =
                tr("There is no password or access token to log in as %1.").arg(credentials.user);
        else if (offered.isEmpty())
            *whyNot = tr("The server does not offer any way to log in (no SASL mechanism).");
        else if (credentials.hasToken() && hasPassword)
            *whyNot = tr("The server offers %1, but Magpie can log in only with OAUTHBEARER, "
                         "XOAUTH2, PLAIN or LOGIN.")
                          .arg(list);
        else if (credentials.hasToken())
            *whyNot = tr("The server offers %1, but an access token needs OAUTHBEARER or "
                         "XOAUTH2. Use a password for this account instead.")
                          .arg(list);
        else
            *whyNot = tr("The server offers %1, but a password needs PLAIN or LOGIN. Use an "
                         "access token (OAuth) for this account instead.")
                          .arg(list);
    }
    return std::nullopt;
}

QByteArray SaslClient::name(Mechanism mechanism)
{
    switch (mechanism) {
    case Mechanism::OAuthBearer:
        return QByteArrayLiteral("OAUTHBEARER");
    case Mechanism::XOAuth2:
        return QByteArrayLiteral("XOAUTH2");
    case Mechanism::Plain:
        return QByteArrayLiteral("PLAIN");
    case Mechanism::Login:
        return QByteArrayLiteral("LOGIN");
    }
    return {};
}

SaslClient::SaslClient(Mechanism mechanism, const Credentials &credentials, const QString &host,
                       quint16 port)
    : m_mechanism(mechanism)
    , m_credentials(credentials)
    , m_host(host)
    , m_port(port)
{ }

bool SaslClient::hasInitialResponse() const
{
    return m_mechanism != Mechanism::Login;
}

QByteArray SaslClient::initialResponse() const
{
    switch (m_mechanism) {
    case Mechanism::Plain:
        // RFC 4616 s2: [authzid] NUL authcid NUL passwd, all UTF-8.
        return m_credentials.authzid.toUtf8() + '\0' + m_credentials.user.toUtf8() + '\0'
            + m_credentials.password.toUtf8();
    case Mechanism::XOAuth2:
        // Google's XOAUTH2: "user=" user ^A "auth=Bearer " token ^A ^A.
        return "user=" + m_credentials.user.toUtf8()
            + "\x01"
              "auth=Bearer "
            + m_credentials.oauthToken.toUtf8() + "\x01\x01";
    case Mechanism::OAuthBearer: {
        // RFC 7628 s3.1: GS2 header "n,a=user," then key=value pairs each ended by ^A, and a
        // final ^A; host and port are sent when known (s3.1 "host", "port").
        QByteArray response = "n,a=" + saslName(m_credentials.user) + ",\x01";
        if (!m_host.isEmpty())
            response += "host=" + m_host.toUtf8() + '\x01';
        if (m_port != 0)
            response += "port=" + QByteArray::number(m_port) + '\x01';
        response += "auth=Bearer " + m_credentials.oauthToken.toUtf8() + "\x01\x01";
        return response;
    }
    case Mechanism::Login:
        break;
    }
    return {};
}

std::optional<QByteArray> SaslClient::respond(const QByteArray &challenge)
{
    const int step = m_step++;
    switch (m_mechanism) {
    case Mechanism::Login:
        // The draft-murchison-sasl-login exchange: the server asks "Username:" then
        // "Password:"; the wording varies between servers, so the order decides.
        if (step == 0)
            return m_credentials.user.toUtf8();
        if (step == 1)
            return m_credentials.password.toUtf8();
        return std::nullopt;
    case Mechanism::Plain:
        if (step == 0 && challenge.isEmpty())
            return initialResponse();
        return std::nullopt;
    case Mechanism::XOAuth2:
    case Mechanism::OAuthBearer:
        if (step == 0 && challenge.isEmpty())
            return initialResponse();
        if (challenge.isEmpty() || !m_oauthError.isEmpty())
            return std::nullopt;
        m_oauthError = challenge;
        if (m_mechanism == Mechanism::OAuthBearer)
            return QByteArray("\x01"); // RFC 7628 s3.2.3
        return QByteArray(); // Google's XOAUTH2: an empty response
    }
    return std::nullopt;
}

} // namespace magpie::net
