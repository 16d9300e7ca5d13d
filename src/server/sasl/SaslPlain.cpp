// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/sasl/SaslPlain.h"

#include "server/sasl/SaslResponse.h"

#include <QStringDecoder>

namespace magpie::server {

namespace {

// RFC 4616 s2: a server MUST accept authcid and passwd of up to 255 octets. We take more,
// as long as it fits in a command line, but say no to anything absurd.
constexpr qsizetype kMaxFieldLength = 1024;

std::optional<QString> utf8Field(QByteArrayView bytes)
{
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(bytes);
    if (decoder.hasError())
        return std::nullopt;
    return text;
}

} // namespace

std::optional<SaslCredentials> SaslPlain::decodePlain(QByteArrayView base64, QString *whyNot)
{
    const std::optional<QByteArray> message = SaslResponse::decode(base64, whyNot);
    if (!message)
        return std::nullopt;
    return decodeMessage(*message, whyNot);
}

std::optional<SaslCredentials> SaslPlain::decodeMessage(QByteArrayView message, QString *whyNot)
{
    auto refuse = [whyNot](const QString &why) -> std::optional<SaslCredentials> {
        if (whyNot)
            *whyNot = why;
        return std::nullopt;
    };
    // message = [authzid] UTF8NUL authcid UTF8NUL passwd (RFC 4616 s2)
    const qsizetype first = message.indexOf('\0');
    const qsizetype second = first < 0 ? -1 : message.sliced(first + 1).indexOf('\0');
    if (first < 0 || second < 0)
        return refuse(tr("The PLAIN response must hold a user name and a password, each "
                         "after a NUL byte."));
    const QByteArrayView authzid = message.first(first);
    const QByteArrayView authcid = message.sliced(first + 1, second);
    const QByteArrayView passwd = message.sliced(first + 1 + second + 1);
    if (passwd.contains('\0'))
        return refuse(tr("The PLAIN response holds more than two NUL bytes."));
    if (authcid.isEmpty())
        return refuse(tr("The PLAIN response has an empty user name."));
    if (passwd.isEmpty())
        return refuse(tr("The PLAIN response has an empty password."));
    if (authzid.size() > kMaxFieldLength || authcid.size() > kMaxFieldLength
        || passwd.size() > kMaxFieldLength)
        return refuse(tr("The PLAIN response is too long."));

    SaslCredentials credentials;
    const auto authorizationId = utf8Field(authzid);
    const auto login = utf8Field(authcid);
    const auto password = utf8Field(passwd);
    if (!authorizationId || !login || !password)
        return refuse(tr("The PLAIN response is not UTF-8 text."));
    if (!authorizationId->isEmpty() && authorizationId->compare(*login, Qt::CaseInsensitive) != 0)
        return refuse(tr("Logging in on behalf of another user is not supported."));
    credentials.authorizationId = *authorizationId;
    credentials.login = *login;
    credentials.password = *password;
    return credentials;
}

} // namespace magpie::server
