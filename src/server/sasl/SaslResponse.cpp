// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/sasl/SaslResponse.h"

namespace magpie::server {

std::optional<QByteArray> SaslResponse::decode(QByteArrayView base64, QString *whyNot)
{
    if (base64.isEmpty() || base64 == "=")
        return QByteArray();
    // Strict RFC 4648 s4 alphabet: spaces, line breaks and "-_" are damage, not noise.
    const auto result = QByteArray::fromBase64Encoding(base64.toByteArray(),
                                                       QByteArray::AbortOnBase64DecodingErrors);
    if (result.decodingStatus != QByteArray::Base64DecodingStatus::Ok) {
        if (whyNot)
            *whyNot = tr("The response is not valid base64.");
        return std::nullopt;
    }
    return result.decoded;
}

QByteArray SaslResponse::encode(QByteArrayView bytes)
{
    return bytes.toByteArray().toBase64();
}

} // namespace magpie::server
