// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/sasl/SaslCredentials.h"

#include <QByteArrayView>
#include <QCoreApplication>
#include <QString>

#include <optional>

namespace magpie::server {

// The PLAIN mechanism (RFC 4616): one response, "[authzid] NUL authcid NUL passwd", in UTF-8.
// SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE all decode it here.
class SaslPlain
{
public:
    // Decodes a client response as it came over the wire (base64, "=" for empty). Refuses,
    // with a sentence in `whyNot` (never holding the password): bad base64, not exactly two
    // NULs, an empty login or password, bytes that are not UTF-8, and an authorization
    // identity other than the login (we let nobody act for someone else, RFC 4616 s2).
    static std::optional<SaslCredentials> decodePlain(QByteArrayView base64,
                                                      QString *whyNot = nullptr);
    // The same, for the already decoded message.
    static std::optional<SaslCredentials> decodeMessage(QByteArrayView message,
                                                        QString *whyNot = nullptr);

    Q_DECLARE_TR_FUNCTIONS(magpie::server::SaslPlain) // last: it ends in "private:"
};

} // namespace magpie::server
