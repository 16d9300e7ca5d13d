// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/Connection.h"

#include "server/ProtocolSession.h"
#include "server/ServerContext.h"

#include <QHostAddress>
#include <QSslCipher>
#include <QSslSocket>

namespace magpie::server {

namespace {
QString describePeer(const QSslSocket *socket)
{
    const QHostAddress address = socket->peerAddress();
    const QString port = QString::number(socket->peerPort());
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return u'[' + address.toString() + u"]:" + port;
    return address.toString() + u':' + port;
}

QString protocolName(QSsl::SslProtocol protocol)
{
    switch (protocol) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLSv1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLSv1.3");
    default:
        return QStringLiteral("TLS");
    }
}
} // namespace

Connection::Connection(QSslSocket *socket, Protocol protocol, Security security,
                       std::optional<QSslConfiguration> tls, ServerContext &context,
                       QObject *parent)
    : QObject(parent)
    , m_socket(socket)
    , m_protocol(protocol)
    , m_security(security)
    , m_tls(std::move(tls))
    , m_context(context)
    , m_peer(describePeer(socket))
{
    m_socket->setParent(this);
    if (m_tls)
        m_socket->setSslConfiguration(*m_tls);
    m_idleTimer.setSingleShot(true);
    m_closeTimer.setSingleShot(true);
    m_closeTimer.setInterval(kCloseTimeoutMs);
    connect(&m_idleTimer, &QTimer::timeout, this, &Connection::idleTimeout);
    connect(&m_closeTimer, &QTimer::timeout, this, [this] {
        log(QStringLiteral("the client did not take the last reply; connection aborted"));
        abort();
    });
    connect(m_socket, &QSslSocket::readyRead, this, &Connection::readClientBytes);
    connect(m_socket, &QSslSocket::encrypted, this, &Connection::handshakeDone);
    connect(m_socket, &QAbstractSocket::errorOccurred, this, &Connection::socketError);
    connect(m_socket, &QAbstractSocket::disconnected, this, &Connection::socketDisconnected);
}

Connection::~Connection()
{
    // Server shutdown: the session lets go of what it holds in the store (a POP3 maildrop
    // lock, an IMAP session's mailbox) while the store is still there.
    if (!m_finished && m_session && !m_session->isClosed())
        m_session->connectionLost();
}

void Connection::setSession(std::unique_ptr<ProtocolSession> session)
{
    m_session = std::move(session);
}

void Connection::begin()
{
    if (m_security == Security::ImplicitTls) {
        // RFC 8314 s3.3: the handshake comes first; the greeting only once it has succeeded.
        if (!m_tls) {
            log(QStringLiteral("no certificate for an implicit-TLS port; connection closed"));
            abort();
            return;
        }
        m_handshaking = true;
        restartIdleTimer();
        m_socket->startServerEncryption();
        return;
    }
    restartIdleTimer();
    if (m_session)
        m_session->start();
}

void Connection::write(const QByteArray &bytes)
{
    if (m_finished || m_socket->state() != QAbstractSocket::ConnectedState)
        return;
    m_socket->write(bytes);
}

void Connection::startTls()
{
    if (!m_tls || m_socket->isEncrypted() || m_handshaking) {
        log(QStringLiteral("TLS was asked for where it cannot start; connection closed"));
        abort();
        return;
    }
    // RFC 3207 s4.2, RFC 2595 s3.1, RFC 3501 s6.2.1: what the client sent after the command
    // and before the handshake is not to be trusted, so it is thrown away. The rest of the
    // chunk being read is dropped by readClientBytes(); what Qt holds in its buffer, here.
    m_tlsRequested = true;
    const qint64 discarded = m_socket->readAll().size();
    if (discarded > 0)
        log(QStringLiteral("%1 bytes sent before the TLS handshake were ignored").arg(discarded));
    m_handshaking = true;
    restartIdleTimer();
    m_socket->startServerEncryption();
}

bool Connection::isEncrypted() const
{
    return m_socket->isEncrypted();
}

void Connection::close()
{
    if (m_closing || m_finished)
        return;
    m_closing = true;
    m_idleTimer.stop();
    if (m_socket->state() == QAbstractSocket::UnconnectedState) {
        socketDisconnected();
        return;
    }
    // disconnectFromHost() sends what is queued (and TLS close_notify) first; a client that
    // never reads must not keep the connection forever.
    m_closeTimer.start();
    m_socket->disconnectFromHost();
}

void Connection::abort()
{
    if (m_finished)
        return;
    m_closing = true;
    m_socket->abort();
    socketDisconnected();
}

void Connection::readClientBytes()
{
    if (m_closing || m_finished)
        return;
    const QByteArray bytes = m_socket->readAll();
    if (!bytes.isEmpty() && m_session)
        deliver(bytes);
    // Restarted after the session has seen the bytes: the time allowed may have changed with
    // them (IMAP allows more once logged in).
    restartIdleTimer();
}

void Connection::deliver(const QByteArray &bytes)
{
    if (m_socket->isEncrypted() || !m_tls) {
        m_session->receive(bytes);
        return;
    }
    // While STARTTLS is still possible, a line at a time: should a line start TLS, the
    // session never sees the bytes that followed it.
    m_tlsRequested = false;
    QByteArrayView rest(bytes);
    while (!rest.isEmpty() && !m_tlsRequested && !m_closing && !m_session->isClosed()) {
        const qsizetype lf = rest.indexOf('\n');
        const qsizetype take = lf < 0 ? rest.size() : lf + 1;
        m_session->receive(rest.first(take));
        rest = rest.sliced(take);
    }
    if (m_tlsRequested && !rest.isEmpty())
        log(QStringLiteral("%1 bytes sent before the TLS handshake were ignored").arg(rest.size()));
    m_tlsRequested = false;
}

void Connection::handshakeDone()
{
    if (!m_handshaking)
        return;
    m_handshaking = false;
    log(QStringLiteral("TLS established (%1, %2)")
            .arg(protocolName(m_socket->sessionProtocol()), m_socket->sessionCipher().name()));
    restartIdleTimer();
    if (m_session) {
        if (m_security == Security::ImplicitTls)
            m_session->start();
        else
            m_session->tlsStarted();
    }
    // A client may send its first command together with the end of its handshake.
    if (m_socket->bytesAvailable() > 0)
        QMetaObject::invokeMethod(this, &Connection::readClientBytes, Qt::QueuedConnection);
}

void Connection::socketError()
{
    const QAbstractSocket::SocketError error = m_socket->error();
    if (error == QAbstractSocket::RemoteHostClosedError)
        return; // disconnected() follows
    if (m_handshaking || error == QAbstractSocket::SslHandshakeFailedError) {
        log(QStringLiteral("TLS handshake failed: %1").arg(m_socket->errorString()));
        abort();
        return;
    }
    if (!m_finished)
        log(QStringLiteral("connection error: %1").arg(m_socket->errorString()));
    if (m_socket->state() == QAbstractSocket::UnconnectedState)
        socketDisconnected();
}

void Connection::socketDisconnected()
{
    if (m_finished)
        return;
    m_finished = true;
    m_idleTimer.stop();
    m_closeTimer.stop();
    if (m_session && !m_session->isClosed())
        m_session->connectionLost();
    Q_EMIT closed();
}

void Connection::restartIdleTimer()
{
    if (m_closing || m_finished)
        return;
    const int timeout = m_session ? m_session->idleTimeoutMs() : 0;
    if (timeout > 0)
        m_idleTimer.start(timeout);
}

void Connection::idleTimeout()
{
    if (m_closing || m_finished)
        return;
    log(QStringLiteral("idle timeout"));
    // Before the greeting (an implicit-TLS handshake that never finished) there is no
    // session to say goodbye.
    if (m_session && !m_handshaking && !m_session->isClosed())
        m_session->idleTimedOut();
    if (!m_closing && !m_finished) {
        if (m_handshaking)
            abort();
        else
            close();
    }
}

void Connection::log(const QString &event)
{
    m_context.log(m_protocol, m_peer, event);
}

} // namespace magpie::server
