// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/Connection.h"

#include "net/CertificateProblem.h"
#include "net/DeflateStream.h"

#include <QCryptographicHash>
#include <QSslCipher>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTimer>

namespace magpie::net {

namespace {

using Code = NetError::Code;

// A polite close waits this long for unsent bytes and the server's close before dropping.
constexpr int CloseGraceMs = 5000;
// Compressed input is inflated in slices of this size and each slice's output handed on at
// once, so a "decompression bomb" grows memory only slice by slice (RFC 4978 s4).
constexpr qsizetype InflateSlice = 4096;

QString duration(int milliseconds)
{
    if (milliseconds < 1000)
        return Connection::tr("%1 milliseconds").arg(milliseconds);
    const int seconds = (milliseconds + 500) / 1000;
    return seconds == 1 ? Connection::tr("1 second") : Connection::tr("%1 seconds").arg(seconds);
}

// The system's roots are read once per process; loading them is not free.
const QList<QSslCertificate> &systemRoots()
{
    static const QList<QSslCertificate> roots = QSslConfiguration::systemCaCertificates();
    return roots;
}

QString protocolName(const QSslCipher &cipher)
{
    switch (cipher.protocol()) {
    case QSsl::TlsV1_2:
        return QStringLiteral("TLS 1.2");
    case QSsl::TlsV1_3:
        return QStringLiteral("TLS 1.3");
    default:
        return cipher.protocolString();
    }
}

} // namespace

Connection::Connection(QObject *parent)
    : QObject(parent)
    , m_connectTimer(new QTimer(this))
    , m_readTimer(new QTimer(this))
{
    m_connectTimer->setSingleShot(true);
    m_readTimer->setSingleShot(true);
    connect(m_connectTimer, &QTimer::timeout, this, &Connection::onConnectTimeout);
    connect(m_readTimer, &QTimer::timeout, this, &Connection::onReadTimeout);
}

Connection::~Connection()
{
    if (m_socket) {
        m_socket->disconnect(this); // no callbacks into a half-destroyed object
        m_socket->abort();
    }
}

void Connection::connectToServer(const ServerEndpoint &endpoint)
{
    Q_ASSERT(!m_socket); // one connection per Connection
    m_endpoint = endpoint;
    m_socket = new QSslSocket(this);

    QSslConfiguration tls = m_socket->sslConfiguration();
    tls.setProtocol(QSsl::TlsV1_2OrLater);
    tls.setPeerVerifyMode(QSslSocket::VerifyPeer);
    // Setting a CA list turns off Qt's on-demand loading of the system's roots, so the
    // extra ones are added to those explicitly; without extras the defaults stay untouched.
    if (!endpoint.extraCaCertificates.isEmpty())
        tls.setCaCertificates(systemRoots() + endpoint.extraCaCertificates);
    m_socket->setSslConfiguration(tls);
    m_socket->setPeerVerifyName(endpoint.host);

    connect(m_socket, &QSslSocket::connected, this, &Connection::onConnected);
    connect(m_socket, &QSslSocket::encrypted, this, &Connection::onEncrypted);
    connect(m_socket, &QSslSocket::sslErrors, this, &Connection::onSslErrors);
    connect(m_socket, &QSslSocket::readyRead, this, &Connection::onReadyRead);
    connect(m_socket, &QSslSocket::errorOccurred, this, &Connection::onSocketError);
    connect(m_socket, &QSslSocket::disconnected, this, &Connection::onDisconnected);
    connect(m_socket, &QSslSocket::bytesWritten, this, &Connection::bytesWritten);
    connect(m_socket, &QSslSocket::encryptedBytesWritten, this, &Connection::bytesWritten);

    // The connect timeout covers name lookup, TCP and, for implicit TLS, the handshake.
    m_connectTimer->start(endpoint.connectTimeoutMs);
    if (endpoint.security == ServerEndpoint::Security::ImplicitTls)
        m_socket->connectToHostEncrypted(endpoint.host, endpoint.port, endpoint.host);
    else
        m_socket->connectToHost(endpoint.host, endpoint.port);
}

qsizetype Connection::startTls()
{
    if (!m_socket || !delivering() || m_socket->mode() != QSslSocket::UnencryptedMode)
        return 0;
    // Whatever came after the go-ahead was sent before the handshake, so a man in the middle
    // may have written it; it must never be read as if it came through TLS (RFC 3207 s4.2).
    const qsizetype dropped = m_socket->readAll().size();
    m_startingTls = true;
    m_readTimer->stop();
    m_connectTimer->start(m_endpoint.connectTimeoutMs);
    m_socket->startClientEncryption();
    return dropped;
}

void Connection::startCompression(const QByteArray &alreadyReceived)
{
    if (m_deflate)
        return;
    m_deflate = std::make_unique<DeflateStream>();
    if (alreadyReceived.isEmpty())
        return;
    // Handed on from the next turn of the event loop, not from inside the caller's own
    // received() slot; onReadyRead() takes the backlog first if it comes sooner.
    m_compressedBacklog = alreadyReceived;
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (!m_compressedBacklog.isEmpty() && delivering())
                deliver({});
        },
        Qt::QueuedConnection);
}

bool Connection::isCompressed() const
{
    return m_deflate != nullptr;
}

void Connection::write(const QByteArray &bytes)
{
    if (!isOpen() || bytes.isEmpty())
        return;
    m_socket->write(m_deflate ? m_deflate->deflate(bytes) : bytes);
}

qint64 Connection::bytesToWrite() const
{
    if (!m_socket)
        return 0;
    return m_socket->bytesToWrite() + m_socket->encryptedBytesToWrite();
}

void Connection::setReplyAwaited(bool awaited)
{
    m_replyAwaited = awaited;
    if (awaited && !m_startingTls && isOpen())
        m_readTimer->start(m_endpoint.readTimeoutMs);
    else
        m_readTimer->stop();
}

void Connection::close()
{
    if (m_closed || m_closing)
        return;
    m_closing = true;
    m_readTimer->stop();
    if (!m_socket || m_socket->state() == QAbstractSocket::UnconnectedState) {
        finish();
        return;
    }
    // Not yet talking (still connecting or in a handshake): nothing to say goodbye to.
    const bool handshaking =
        m_socket->mode() != QSslSocket::UnencryptedMode && !m_socket->isEncrypted();
    if (m_socket->state() != QAbstractSocket::ConnectedState || handshaking) {
        m_connectTimer->stop();
        m_socket->abort();
        finish();
        return;
    }
    m_connectTimer->start(CloseGraceMs);
    m_socket->disconnectFromHost(); // may emit disconnected() at once
}

void Connection::abort()
{
    if (m_closed)
        return;
    m_closing = true;
    m_connectTimer->stop();
    m_readTimer->stop();
    if (m_socket)
        m_socket->abort();
    finish();
}

bool Connection::isEncrypted() const
{
    return m_socket && m_socket->isEncrypted();
}

TlsDetails Connection::tlsDetails() const
{
    TlsDetails details;
    if (!isEncrypted())
        return details;
    details.encrypted = true;
    const QSslCipher cipher = m_socket->sessionCipher();
    details.protocol = protocolName(cipher);
    details.cipher = cipher.name();
    const QSslCertificate peer = m_socket->peerCertificate();
    const QStringList subject = peer.subjectInfo(QSslCertificate::CommonName);
    details.subject = subject.isEmpty() ? peer.subjectDisplayName() : subject.join(u", ");
    const QStringList issuer = peer.issuerInfo(QSslCertificate::CommonName);
    details.issuer = issuer.isEmpty() ? peer.issuerDisplayName() : issuer.join(u", ");
    details.notBefore = peer.effectiveDate();
    details.notAfter = peer.expiryDate();
    details.sha256 = QCryptographicHash::hash(peer.toDer(), QCryptographicHash::Sha256);
    details.pinned = m_pinnedAccepted;
    return details;
}

bool Connection::isOpen() const
{
    return m_socket && m_socket->state() == QAbstractSocket::ConnectedState && delivering();
}

void Connection::onConnected()
{
    m_wasConnected = true;
    m_socket->setSocketOption(QAbstractSocket::KeepAliveOption, 1);
    if (m_endpoint.security == ServerEndpoint::Security::ImplicitTls)
        return; // ready once encrypted
    m_connectTimer->stop();
    Q_EMIT ready();
}

void Connection::onEncrypted()
{
    m_connectTimer->stop();
    m_startingTls = false;
    if (m_replyAwaited)
        m_readTimer->start(m_endpoint.readTimeoutMs);
    Q_EMIT ready();
}

void Connection::onSslErrors(const QList<QSslError> &errors)
{
    const QSslCertificate peer = m_socket->peerCertificate();
    if (!m_endpoint.pinnedSha256.isEmpty() && !peer.isNull()
        && QCryptographicHash::hash(peer.toDer(), QCryptographicHash::Sha256)
            == m_endpoint.pinnedSha256) {
        // The user trusted this very certificate: exactly these errors, nothing more.
        m_pinnedAccepted = true;
        m_socket->ignoreSslErrors(errors);
        return;
    }
    // Reported when QSslSocket fails the handshake right after this signal.
    m_certificateError = NetError::make(
        Code::Certificate, CertificateProblem::describe(errors, peer, m_endpoint.host));
}

void Connection::onReadyRead()
{
    if (!m_socket || !delivering())
        return;
    const QByteArray bytes = m_socket->readAll();
    if (bytes.isEmpty() && m_compressedBacklog.isEmpty())
        return;
    if (m_replyAwaited)
        m_readTimer->start(m_endpoint.readTimeoutMs); // any byte shows the server is alive
    deliver(bytes);
}

void Connection::deliver(const QByteArray &bytes)
{
    if (!m_deflate) {
        Q_EMIT received(bytes);
        return;
    }
    const QByteArray compressed = m_compressedBacklog + bytes;
    m_compressedBacklog.clear();
    for (qsizetype at = 0; at < compressed.size() && delivering(); at += InflateSlice) {
        QByteArray plain;
        if (!m_deflate->inflate(
                QByteArrayView(compressed).sliced(at, qMin(InflateSlice, compressed.size() - at)),
                &plain)) {
            fail(NetError::make(
                Code::ProtocolViolation,
                tr("The compressed data from %1 is corrupt; the connection was closed.")
                    .arg(m_endpoint.hostAndPort())));
            return;
        }
        if (!plain.isEmpty())
            Q_EMIT received(plain);
    }
}

void Connection::onSocketError()
{
    if (!delivering()) {
        return;
    }
    const QAbstractSocket::SocketError error = m_socket->error();
    if (error == QAbstractSocket::RemoteHostClosedError) {
        onReadyRead(); // a last reply (BYE, 221) may have come with the close
        if (!delivering())
            return; // the session closed after reading it
    }
    if (m_certificateError.isError()) {
        fail(m_certificateError);
        return;
    }
    const QString host = m_endpoint.host;
    const QString where = m_endpoint.hostAndPort();
    const bool inHandshake =
        m_socket->mode() != QSslSocket::UnencryptedMode && !m_socket->isEncrypted();
    const QString checkSecurity =
        tr("Check the port and the security setting (TLS or STARTTLS) in the account settings.");
    switch (error) {
    case QAbstractSocket::HostNotFoundError:
        fail(NetError::make(Code::HostNotFound,
                            tr("Magpie could not find the server %1. Check the server name in the "
                               "account settings.")
                                .arg(host)));
        return;
    case QAbstractSocket::ConnectionRefusedError:
        fail(NetError::make(Code::ConnectionRefused,
                            tr("The server %1 refused the connection on port %2. Check the port in "
                               "the account settings, or whether the server is running.")
                                .arg(host)
                                .arg(m_endpoint.port)));
        return;
    case QAbstractSocket::SocketTimeoutError:
        fail(NetError::make(Code::Timeout, tr("The connection to %1 timed out.").arg(where)));
        return;
    case QAbstractSocket::SslHandshakeFailedError:
        fail(NetError::make(Code::TlsHandshake,
                            tr("The secure connection to %1 could not be set up (%2). ")
                                    .arg(where, m_socket->errorString())
                                + checkSecurity));
        return;
    case QAbstractSocket::RemoteHostClosedError:
        if (inHandshake) {
            fail(NetError::make(
                Code::TlsHandshake,
                tr("The server %1 closed the connection during the TLS handshake. ").arg(where)
                    + checkSecurity));
        } else {
            fail(NetError::make(Code::ConnectionLost,
                                tr("The connection to %1 was closed unexpectedly.").arg(where)));
        }
        return;
    default:
        if (inHandshake) {
            fail(NetError::make(Code::TlsHandshake,
                                tr("The secure connection to %1 could not be set up (%2). ")
                                        .arg(where, m_socket->errorString())
                                    + checkSecurity));
        } else if (!m_wasConnected) {
            fail(NetError::make(
                Code::ConnectionLost,
                tr("Magpie could not connect to %1: %2.").arg(where, m_socket->errorString())));
        } else {
            fail(NetError::make(
                Code::ConnectionLost,
                tr("The connection to %1 was lost: %2.").arg(where, m_socket->errorString())));
        }
        return;
    }
}

void Connection::onDisconnected()
{
    if (m_failed || m_closed)
        return;
    if (m_closing) {
        finish();
        return;
    }
    // Normally errorOccurred(RemoteHostClosedError) came first; this is the fallback.
    onReadyRead();
    if (m_closing) {
        finish();
        return;
    }
    if (delivering())
        fail(NetError::make(
            Code::ConnectionLost,
            tr("The connection to %1 was closed unexpectedly.").arg(m_endpoint.hostAndPort())));
}

void Connection::onConnectTimeout()
{
    if (m_closing) { // the polite close took too long
        if (m_socket)
            m_socket->abort();
        finish();
        return;
    }
    const QString where = m_endpoint.hostAndPort();
    const QString limit = duration(m_endpoint.connectTimeoutMs);
    if (m_wasConnected)
        fail(NetError::make(
            Code::Timeout,
            tr("The secure connection to %1 was not set up within %2.").arg(where, limit)));
    else
        fail(
            NetError::make(Code::Timeout,
                           tr("Magpie could not connect to %1 within %2. Check the server name and "
                              "port, or your network connection.")
                               .arg(where, limit)));
}

void Connection::onReadTimeout()
{
    fail(NetError::make(Code::Timeout,
                        tr("The server %1 did not answer within %2.")
                            .arg(m_endpoint.hostAndPort(), duration(m_endpoint.readTimeoutMs))));
}

void Connection::fail(const NetError &error)
{
    if (m_failed || m_closed)
        return;
    m_failed = true;
    m_connectTimer->stop();
    m_readTimer->stop();
    Q_EMIT failed(error);
    // Torn down on the next turn: this may run inside QSslSocket's own handshake code, which
    // must not have its socket aborted under it.
    QMetaObject::invokeMethod(
        this,
        [this] {
            if (m_socket)
                m_socket->abort();
            finish();
        },
        Qt::QueuedConnection);
}

void Connection::finish()
{
    if (m_closed)
        return;
    m_closed = true;
    m_connectTimer->stop();
    m_readTimer->stop();
    Q_EMIT closed();
}

} // namespace magpie::net
