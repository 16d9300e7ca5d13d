// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QString>

namespace magpie::server {

// What a protocol session needs from its connection. The real one is a QSslSocket
// (Connection); the protocol unit tests use a fake that records every byte, so the same
// session code runs in both.
class Transport
{
public:
    virtual ~Transport() = default;

    virtual void write(const QByteArray &bytes) = 0;
    // Begins the server side of a TLS handshake after the go-ahead has been written. Bytes
    // the client sent before the handshake and that the session has not consumed are thrown
    // away, never read as commands (RFC 3207 s4.2, RFC 2595 s3.1).
    virtual void startTls() = 0;
    virtual bool isEncrypted() const = 0;
    // Whether this server has a certificate, so STARTTLS may be offered.
    virtual bool canStartTls() const = 0;
    // Sends what is queued, then closes.
    virtual void close() = 0;
    // "127.0.0.1:53122", for the log.
    virtual QString peer() const = 0;
};

} // namespace magpie::server
