// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/FaultPlan.h"
#include "server/Transport.h"

#include <QObject>
#include <QSslConfiguration>
#include <QTimer>

#include <memory>
#include <optional>

class QSslSocket;

namespace magpie::server {

class ProtocolSession;
class ServerContext;

// One client connection: the QSslSocket under a ProtocolSession. It hands the client's bytes
// to the session, writes the session's replies, runs the TLS handshake (at once on the
// implicit-TLS ports, RFC 8314 s3; on STARTTLS, RFC 3207 / 2595 / 3501 s6.2.1), and hangs up
// on a client that stays silent longer than the session allows.
class Connection : public QObject, public Transport
{
    Q_OBJECT
public:
    enum class Security { Plain, ImplicitTls };

    // Takes the socket over (it becomes a child). `tls` is the server's identity; without one
    // STARTTLS is not offered and implicit TLS is impossible.
    Connection(QSslSocket *socket, Protocol protocol, Security security,
               std::optional<QSslConfiguration> tls, ServerContext &context,
               QObject *parent = nullptr);
    ~Connection() override;

    // The session for this connection, which it owns (and deletes before itself, so the
    // session may still use its Transport while it goes). begin() then greets, after the
    // handshake on an implicit-TLS port.
    void setSession(std::unique_ptr<ProtocolSession> session);
    ProtocolSession *session() const { return m_session.get(); }
    void begin();

    // Transport
    void write(const QByteArray &bytes) override;
    void startTls() override;
    bool isEncrypted() const override;
    bool canStartTls() const override { return m_tls.has_value(); }
    void close() override;
    QString peer() const override { return m_peer; }

    // Ends the connection at once, without flushing (server shutdown).
    void abort();

    // How long close() waits for queued bytes to reach a client that does not read.
    static constexpr int kCloseTimeoutMs = 10 * 1000;

Q_SIGNALS:
    // The socket is gone; the owner should delete this object (deleteLater).
    void closed();

private:
    void readClientBytes();
    void deliver(const QByteArray &bytes);
    void handshakeDone();
    void socketError();
    void socketDisconnected();
    void restartIdleTimer();
    void idleTimeout();
    void log(const QString &event);

    QSslSocket *m_socket; // a child
    Protocol m_protocol;
    Security m_security;
    std::optional<QSslConfiguration> m_tls;
    ServerContext &m_context;
    QString m_peer;
    QTimer m_idleTimer;
    QTimer m_closeTimer;
    bool m_handshaking = false;
    bool m_tlsRequested = false; // startTls() ran during the current read
    bool m_closing = false;
    bool m_finished = false;
    std::unique_ptr<ProtocolSession> m_session; // last: destroyed first
};

} // namespace magpie::server
