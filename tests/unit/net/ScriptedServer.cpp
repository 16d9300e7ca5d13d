// SPDX-License-Identifier: GPL-3.0-or-later
#include "ScriptedServer.h"

#include <QCoreApplication>
#include <QDeadlineTimer>
#include <QFile>
#include <QSslConfiguration>
#include <QSslSocket>
#include <QTcpServer>
#include <QTimer>

#include <functional>

namespace magpie::test {

namespace {

QByteArray readFile(const char *name)
{
    QFile file(QStringLiteral(MAGPIE_TEST_DATA_DIR "/tls/") + QLatin1StringView(name));
    if (!file.open(QIODevice::ReadOnly))
        qFatal("ScriptedServer: cannot read %s", qPrintable(file.fileName()));
    return file.readAll();
}

// "\\r", "\\n", "\\0", "\\xHH" and "\\\\" in script text stand for those bytes.
QByteArray unescape(QByteArrayView text)
{
    QByteArray out;
    for (qsizetype i = 0; i < text.size(); ++i) {
        const char c = text[i];
        if (c != '\\' || i + 1 >= text.size()) {
            out += c;
            continue;
        }
        const char e = text[++i];
        if (e == 'r')
            out += '\r';
        else if (e == 'n')
            out += '\n';
        else if (e == '0')
            out += '\0';
        else if (e == 'x' && i + 2 < text.size()) {
            out += char(QByteArray(text.sliced(i + 1, 2).data(), 2).toInt(nullptr, 16));
            i += 2;
        } else if (e == '\\')
            out += '\\';
        else {
            out += '\\';
            out += e;
        }
    }
    return out;
}

QByteArray printable(const QByteArray &bytes)
{
    QByteArray out;
    for (const char c : bytes) {
        if (c == '\r')
            out += "\\r";
        else if (c == '\n')
            out += "\\n";
        else if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
            out += "\\x" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
        else
            out += c;
    }
    return out;
}

} // namespace

// QTcpServer hands out QTcpSockets; a server that may start TLS needs a QSslSocket made from
// the accepted descriptor.
class SslListener : public QTcpServer
{
public:
    std::function<void(qintptr)> onIncoming;

protected:
    void incomingConnection(qintptr descriptor) override { onIncoming(descriptor); }
};

struct ScriptedServer::Private
{
    QByteArrayList script;
    bool implicitTls = false;
    SslListener listener;
    std::unique_ptr<QSslSocket> socket;
    qsizetype step = 0;
    QByteArray pending; // client bytes not yet matched
    QByteArray allClient;
    QString failure;
    bool done = false;
    bool paused = false; // inside WAIT or after an S~ write
    bool peerClosed = false;
    // The current C step's expected bytes, unescaped once: a multi-megabyte "C~" line is
    // otherwise unescaped again on every read, which makes large transfers quadratic.
    qsizetype expectedStep = -1;
    QByteArray expected;
};

ScriptedServer::ScriptedServer(const QByteArrayList &script, bool implicitTls, QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>())
{
    d->script = script;
    d->implicitTls = implicitTls;
    d->listener.onIncoming = [this](qintptr descriptor) {
        if (d->socket) { // one client per script: refuse others
            QTcpSocket extra;
            extra.setSocketDescriptor(descriptor);
            extra.abort();
            return;
        }
        d->socket = std::make_unique<QSslSocket>();
        d->socket->setSocketDescriptor(descriptor);
        d->socket->setLocalCertificate(certificate());
        d->socket->setPrivateKey(privateKey());
        d->socket->setPeerVerifyMode(QSslSocket::VerifyNone);
        connect(d->socket.get(), &QSslSocket::readyRead, this, [this] {
            const QByteArray bytes = d->socket->readAll();
            d->pending += bytes;
            d->allClient += bytes;
            play();
        });
        connect(d->socket.get(), &QSslSocket::encrypted, this, [this] { play(); });
        connect(d->socket.get(), &QSslSocket::disconnected, this, [this] {
            d->peerClosed = true;
            play();
        });
        // Over TLS the client's close_notify ends the conversation: QSslSocket reports it as
        // RemoteHostClosedError and does not always emit disconnected() as well.
        connect(d->socket.get(), &QSslSocket::errorOccurred, this,
                [this](QAbstractSocket::SocketError error) {
                    if (error != QAbstractSocket::RemoteHostClosedError)
                        return;
                    d->peerClosed = true;
                    play();
                });
        if (d->implicitTls)
            d->socket->startServerEncryption();
        else
            play();
    };
    if (!d->listener.listen(QHostAddress::LocalHost))
        qFatal("ScriptedServer: cannot listen on 127.0.0.1");
}

ScriptedServer::~ScriptedServer()
{
    if (d->socket)
        d->socket->abort();
}

quint16 ScriptedServer::port() const
{
    return d->listener.serverPort();
}

net::ServerEndpoint ScriptedServer::endpoint(net::ServerEndpoint::Security security) const
{
    net::ServerEndpoint endpoint;
    endpoint.host = QStringLiteral("localhost");
    endpoint.port = port();
    endpoint.security = security;
    endpoint.extraCaCertificates = { certificate() };
    endpoint.connectTimeoutMs = 5000;
    endpoint.readTimeoutMs = 5000;
    return endpoint;
}

QSslCertificate ScriptedServer::certificate()
{
    static const QSslCertificate certificate(readFile("localhost.crt"), QSsl::Pem);
    return certificate;
}

QSslKey ScriptedServer::privateKey()
{
    static const QSslKey key(readFile("localhost.key"), QSsl::Ec, QSsl::Pem);
    return key;
}

bool ScriptedServer::waitForScript(int timeoutMs)
{
    QDeadlineTimer deadline(timeoutMs);
    while (!d->done && d->failure.isEmpty() && !deadline.hasExpired())
        QCoreApplication::processEvents(QEventLoop::AllEvents, 10);
    if (!d->done && d->failure.isEmpty()) {
        d->failure = QStringLiteral("step %1 of %2 not reached in %3 ms: %4; client sent so far: %5")
                         .arg(d->step + 1)
                         .arg(d->script.size())
                         .arg(timeoutMs)
                         .arg(d->step < d->script.size() ? QString::fromUtf8(d->script.at(d->step))
                                                          : QStringLiteral("(end)"),
                              QString::fromLatin1(printable(d->pending)));
    }
    return d->done && d->failure.isEmpty();
}

bool ScriptedServer::scriptDone() const
{
    return d->done;
}

QString ScriptedServer::failure() const
{
    return d->failure;
}

QByteArray ScriptedServer::clientBytes() const
{
    return d->allClient;
}

void ScriptedServer::fail(const QString &why)
{
    if (d->failure.isEmpty())
        d->failure = QStringLiteral("step %1: ").arg(d->step + 1) + why;
    if (d->socket)
        d->socket->abort();
}

// Plays steps until one needs the client (more bytes, the TLS handshake) or a pause.
void ScriptedServer::play()
{
    if (!d->socket || d->done || !d->failure.isEmpty() || d->paused)
        return;
    if (d->socket->mode() != QSslSocket::UnencryptedMode && !d->socket->isEncrypted())
        return; // handshake in progress
    while (d->step < d->script.size()) {
        const QByteArray &line = d->script.at(d->step);
        if (line.startsWith("S: ") || line.startsWith("S~ ")) {
            QByteArray bytes = unescape(QByteArrayView(line).sliced(3));
            const bool whole = line.at(1) == ':';
            if (whole)
                bytes += "\r\n";
            d->socket->write(bytes);
            d->socket->flush();
            ++d->step;
            if (!whole) {
                d->paused = true;
                QTimer::singleShot(20, this, [this] {
                    d->paused = false;
                    play();
                });
                return;
            }
        } else if (line.startsWith("C: ") || line.startsWith("C~ ")) {
            if (d->expectedStep != d->step) {
                d->expected = unescape(QByteArrayView(line).sliced(3));
                if (line.at(1) == ':')
                    d->expected += "\r\n";
                d->expectedStep = d->step;
            }
            const QByteArray &expected = d->expected;
            const qsizetype have = qMin(d->pending.size(), expected.size());
            if (QByteArrayView(d->pending).first(have) != QByteArrayView(expected).first(have)) {
                fail(QStringLiteral("expected C: %1 got: %2")
                         .arg(QString::fromLatin1(printable(expected)),
                              QString::fromLatin1(printable(d->pending))));
                return;
            }
            if (have < expected.size()) {
                if (d->peerClosed)
                    fail(QStringLiteral("the client closed the connection; expected C: %1")
                             .arg(QString::fromLatin1(printable(expected))));
                return; // wait for more
            }
            d->pending.remove(0, expected.size());
            ++d->step;
        } else if (line == "TLS") {
            if (!d->pending.isEmpty()) {
                fail(QStringLiteral("the client sent bytes before the TLS handshake: %1")
                         .arg(QString::fromLatin1(printable(d->pending))));
                return;
            }
            ++d->step;
            d->socket->startServerEncryption();
            return; // encrypted() resumes
        } else if (line.startsWith("WAIT ")) {
            ++d->step;
            d->paused = true;
            QTimer::singleShot(line.mid(5).toInt(), this, [this] {
                d->paused = false;
                play();
            });
            return;
        } else if (line == "CLOSE") {
            ++d->step;
            d->socket->disconnectFromHost();
        } else if (line == "EXPECT-CLOSE") {
            if (!d->pending.isEmpty()) {
                fail(QStringLiteral("expected the client to close, got: %1")
                         .arg(QString::fromLatin1(printable(d->pending))));
                return;
            }
            if (!d->peerClosed)
                return;
            ++d->step;
        } else {
            fail(QStringLiteral("bad script line: %1").arg(QString::fromUtf8(line)));
            return;
        }
    }
    if (!d->pending.isEmpty()) {
        fail(QStringLiteral("the script ended but the client sent: %1")
                 .arg(QString::fromLatin1(printable(d->pending))));
        return;
    }
    d->done = true;
    Q_EMIT scriptFinished();
}

} // namespace magpie::test
