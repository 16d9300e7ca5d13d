// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/sasl/SaslLogin.h"

#include "server/sasl/SaslResponse.h"

#include <QStringDecoder>

namespace magpie::server {

QByteArray SaslLogin::usernameChallenge()
{
    return QByteArrayLiteral("VXNlcm5hbWU6"); // "Username:"
}

QByteArray SaslLogin::passwordChallenge()
{
    return QByteArrayLiteral("UGFzc3dvcmQ6"); // "Password:"
}

std::optional<QString> SaslLogin::decodeField(QByteArrayView base64, QString *whyNot)
{
    auto refuse = [whyNot](const QString &why) -> std::optional<QString> {
        if (whyNot)
            *whyNot = why;
        return std::nullopt;
    };
    const std::optional<QByteArray> bytes = SaslResponse::decode(base64, whyNot);
    if (!bytes)
        return std::nullopt;
    if (bytes->isEmpty())
        return refuse(tr("The LOGIN response is empty."));
    if (bytes->contains('\0'))
        return refuse(tr("The LOGIN response holds a NUL byte."));
    if (bytes->size() > 1024)
        return refuse(tr("The LOGIN response is too long."));
    QStringDecoder decoder(QStringDecoder::Utf8, QStringDecoder::Flag::Stateless);
    QString text = decoder(*bytes);
    if (decoder.hasError())
        return refuse(tr("The LOGIN response is not UTF-8 text."));
    return text;
}

} // namespace magpie::server
