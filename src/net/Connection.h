// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/NetError.h"
#include "net/ServerEndpoint.h"
#include "net/TlsDetails.h"

#include <QByteArray>
#include <QObject>
#include <QSslError>

#include <memory>

class QSslSocket;
class QTimer;

namespace magpie::net {

class DeflateStream;

// One connection to a server: a QSslSocket with Magpie's TLS policy (DESIGN.md "Protocol
// engines"), timeouts, and optional COMPRESS=DEFLATE. Sessions own one and speak their
// protocol over it; nothing here knows IMAP, POP3 or SMTP.
//
// TLS policy: the host name is verified; a certificate error fails the connection with
// CertificateProblem's description, unless the peer's certificate matches the endpoint's
// pinned SHA-256, in which case exactly those errors are ignored (never ignoreSslErrors()
// without a list). No plaintext fallback exists anywhere in this class.
class Connection : public QObject
{
    Q_OBJECT
public:
    explicit Connection(QObject *parent = nullptr);
    ~Connection() override;

    // TCP connect, then the TLS handshake for ImplicitTls. Emits ready() when the protocol
    // may start (greeting expected), or failed().
    void connectToServer(const ServerEndpoint &endpoint);
    const ServerEndpoint &endpoint() const { return m_endpoint; }

    // STARTTLS/STLS after the server's go-ahead (RFC 3207 s4.2, RFC 2595 s3.1): bytes the
    // server sent before the handshake are dropped unread, never passed on; returns how many
    // were dropped so the session can log it. Emits ready() again once encrypted, or failed().
    // Only bytes still in the socket are dropped here: bytes that came in the same read as the
    // go-ahead were already passed on by received(), so the session drops what its own buffer
    // holds after the go-ahead line too (and adds that to the count it logs). Call it from the
    // received() slot that saw the go-ahead or later; nothing is written in between.
    qsizetype startTls();

    // COMPRESS=DEFLATE (RFC 4978): from now on writes are deflated and reads inflated.
    // `alreadyReceived` are bytes that arrived after the server's OK and so are compressed.
    void startCompression(const QByteArray &alreadyReceived = {});
    bool isCompressed() const;

    void write(const QByteArray &bytes);
    // Bytes written but not yet handed to the network (after compression and encryption
    // queues). Streaming a large message (SMTP DATA, IMAP APPEND) writes the next slice when
    // this is low again, on bytesWritten(), instead of copying the whole message into the
    // socket's buffer.
    qint64 bytesToWrite() const;
    // While a reply is awaited, silence for endpoint().readTimeoutMs fails with Timeout.
    // Sessions clear it while idle (IMAP IDLE keeps its own timer).
    void setReplyAwaited(bool awaited);
    // Closes politely (after the session's QUIT/LOGOUT was answered); emits closed().
    void close();
    // Drops the connection at once; no signal except closed().
    void abort();

    bool isEncrypted() const;
    TlsDetails tlsDetails() const;
    bool isOpen() const;

Q_SIGNALS:
    void ready();                           // connected (and encrypted when TLS is in force)
    void received(const QByteArray &bytes); // plaintext (decrypted, inflated) bytes, in order
    // The socket made progress with its write queue (plaintext, or encrypted bytes leaving);
    // `bytes` is that step's size. Check bytesToWrite() to decide whether to write more.
    void bytesWritten(qint64 bytes);
    // At most once per connection, then closed(). Delete the Connection with deleteLater(),
    // not from a slot.
    void failed(const magpie::net::NetError &error);
    void closed(); // exactly once: after close(), abort(), or failed()

private:
    void onConnected();
    void onEncrypted();
    void onSslErrors(const QList<QSslError> &errors);
    void onReadyRead();
    void onSocketError();
    void onDisconnected();
    void onConnectTimeout();
    void onReadTimeout();
    void deliver(const QByteArray &bytes);
    bool delivering() const { return !m_failed && !m_closed && !m_closing; }
    void fail(const NetError &error);
    void finish();

    ServerEndpoint m_endpoint;
    QSslSocket *m_socket = nullptr;  // child
    QTimer *m_connectTimer = nullptr; // connect, TLS handshakes, and a polite close
    QTimer *m_readTimer = nullptr;
    std::unique_ptr<DeflateStream> m_deflate;
    QByteArray m_compressedBacklog; // given to startCompression(), inflated on the next turn
    NetError m_certificateError;    // from sslErrors(), reported when the handshake fails
    bool m_pinnedAccepted = false;
    bool m_wasConnected = false;
    bool m_replyAwaited = false;
    bool m_startingTls = false;
    bool m_closing = false;
    bool m_failed = false;
    bool m_closed = false;
};

} // namespace magpie::net
