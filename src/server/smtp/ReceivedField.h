// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace magpie::server {

// The trace field an SMTP server puts on top of every message it accepts (RFC 5321 s4.4):
//   Received: from client.example ([127.0.0.1])
//           by localhost with ESMTPSA id 5F3A9C
//           for <alice@example.test>; Tue, 3 Mar 2026 14:05:09 +0000
struct ReceivedField
{
    QByteArray heloName; // what the client said in EHLO/HELO
    QString peer; // the transport's "127.0.0.1:53122" or "[::1]:53122"
    QByteArray byHost; // our own name
    bool esmtp = true; // EHLO rather than HELO
    bool tls = false;
    bool authenticated = false;
    bool smtpUtf8 = false;
    QByteArray id; // the queue id the 250 reply names
    QByteArray recipient; // "<alice@example.test>" when there was exactly one, else empty
    QDateTime when;

    // The WITH protocol name: SMTP, ESMTP, ESMTPS, ESMTPA, ESMTPSA (RFC 3848) and the
    // UTF8SMTP, UTF8SMTPS, UTF8SMTPA, UTF8SMTPSA of RFC 6531 s4.3.
    QByteArray protocolName() const;
    // "[127.0.0.1]" or "[IPv6:::1]" (s4.1.3 address-literal), from `peer`.
    QByteArray peerLiteral() const;
    // The whole field, folded, ending in CRLF.
    QByteArray toBytes() const;
};

} // namespace magpie::server
