// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QString>

namespace magpie::net {

// What `magpie-cli check` and the account settings show about an encrypted connection.
struct TlsDetails
{
    bool encrypted = false;
    QString protocol;        // "TLS 1.3"
    QString cipher;          // "TLS_AES_256_GCM_SHA384"
    QString subject;         // the certificate's subject common name (or full subject)
    QString issuer;
    QDateTime notBefore;
    QDateTime notAfter;
    QByteArray sha256;       // SHA-256 of the DER certificate, 32 raw bytes
    bool pinned = false;     // accepted because it matched the account's pinned fingerprint

    // "AB:CD:..." upper-case hex, the form people compare by eye and pass to --pin.
    QString fingerprintText() const;
};

} // namespace magpie::net
