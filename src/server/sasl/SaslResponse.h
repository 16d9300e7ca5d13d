// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::server {

// One client response in a SASL exchange, as SMTP (RFC 4954 s4), POP3 (RFC 5034 s4) and IMAP
// (RFC 3501 s6.2.2, RFC 4959) carry it: base64 on one line, "=" for an empty initial
// response, "*" to cancel.
class SaslResponse
{
public:
    // The decoded bytes, or nothing (and why) when `base64` is not base64. "=" is the empty
    // response (RFC 4954 s4); an empty line is one too (a continuation answered with nothing).
    static std::optional<QByteArray> decode(QByteArrayView base64, QString *whyNot = nullptr);
    static QByteArray encode(QByteArrayView bytes);
    // "*": the client gives up the exchange (RFC 4954 s4, RFC 5034 s4, RFC 3501 s6.2.2).
    static bool isCancel(QByteArrayView line) { return line == "*"; }

    Q_DECLARE_TR_FUNCTIONS(magpie::server::SaslResponse) // last: it ends in "private:"
};

} // namespace magpie::server
