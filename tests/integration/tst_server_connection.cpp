// SPDX-License-Identifier: GPL-3.0-or-later
// The server's network side over real sockets on 127.0.0.1: plaintext and implicit-TLS
// connections, the STARTTLS upgrade, the connection limit and the idle timeout. The protocol
// sessions are replaced by a tiny line-echoing one, so that only the plumbing is tested.
#include "server/Connection.h"
#include "server/ProtocolSession.h"
#include "server/Server.h"
#include "server/ServerContext.h"
#include "server/Transport.h"

#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSslSocket>
#include <QStandardPaths>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace magpie::server;
using namespace Qt::StringLiterals;

namespace {

// What the test sessions saw, across all of them: each received line, "<tls>" when a
// STARTTLS handshake finished, "<idle>" on the idle timeout, "<lost>" when the connection
// went away under the session.
struct Journal
{
    QList<QByteArray> events;
    QByteArray greeting = "* HELLO\r\n";
    int idleTimeoutMs = 60 * 1000;
};

// Answers each line: "STARTTLS" with "GO" and a TLS upgrade, "TLS?" with YES or NO, "QUIT"
// with "BYE" and a close, an HTTP request (for curl) with a tiny response, anything else with
// "ECHO " and the line. It keeps every byte it is given, so that what it must not see shows.
class EchoSession : public ProtocolSession
{
public:
    EchoSession(Protocol protocol, ServerContext &context, Transport &transport, Journal &journal)
        : ProtocolSession(protocol, context, transport)
        , m_journal(journal)
    { }

    void start() override
    {
        if (!m_journal.greeting.isEmpty())
            send(m_journal.greeting);
    }
    void tlsStarted() override { m_journal.events << "<tls>"; }
    void idleTimedOut() override
    {
        m_journal.events << "<idle>";
        send("* BYE idle\r\n");
        closeConnection();
    }
    int idleTimeoutMs() const override { return m_journal.idleTimeoutMs; }
    void connectionLost() override { m_journal.events << "<lost>"; }

protected:
    void handleBytes(QByteArrayView bytes) override
    {
        m_buffer += bytes;
        qsizetype lf;
        while (!isClosed() && (lf = m_buffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_buffer.left(lf).trimmed();
            m_buffer.remove(0, lf + 1);
            if (line.isEmpty() && m_inHttpRequest) {
                send("HTTP/1.0 200 OK\r\nContent-Length: 3\r\nConnection: close\r\n\r\nok\n");
                closeConnection();
                return;
            }
            if (m_inHttpRequest)
                continue;
            m_journal.events << line;
            if (line == "STARTTLS") {
                send("GO\r\n");
                transport().startTls();
            } else if (line == "TLS?") {
                send(transport().isEncrypted() ? "YES\r\n" : "NO\r\n");
            } else if (line == "PATIENCE") {
                m_journal.idleTimeoutMs = 5000; // as IMAP allows more once logged in
                send("OK\r\n");
            } else if (line == "QUIT") {
                send("BYE\r\n");
                closeConnection();
            } else if (line.startsWith("GET ")) {
                m_inHttpRequest = true;
            } else {
                send("ECHO " + line + "\r\n");
            }
        }
    }

private:
    Journal &m_journal;
    QByteArray m_buffer;
    bool m_inHttpRequest = false;
};

QByteArray readLine(QIODevice &socket, int timeoutMs = 10000)
{
    if (!QTest::qWaitFor([&] { return socket.canReadLine(); }, timeoutMs))
        return "<nothing: " + socket.readAll() + '>';
    return socket.readLine();
}

bool waitForDisconnect(QAbstractSocket &socket, int timeoutMs = 10000)
{
    return QTest::qWaitFor([&] { return socket.state() == QAbstractSocket::UnconnectedState; },
                           timeoutMs);
}

} // namespace

class TestServerConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void listensOnEphemeralPorts();
    void plaintextConnection();
    void implicitTls();
    void startTlsUpgradeDropsPipelinedBytes();
    void startTlsWithGarbageInsteadOfHandshake();
    void implicitTlsWithoutHandshake();
    void connectionLimit_data();
    void connectionLimit();
    void idleTimeout();
    void readingResetsTheIdleTimer();
    void idleTimeoutFollowsTheSession();
    void stopEndsConnections();
    void portInUse();
    void badListenAddress();
    void externalClientsTrustTheGeneratedCertificate_data();
    void externalClientsTrustTheGeneratedCertificate();

private:
    bool startServer(ServerConfig config = {});
    std::unique_ptr<QSslSocket> connectPlain(quint16 port);
    std::unique_ptr<QSslSocket> connectTls(quint16 port);

    Journal m_journal;
    QStringList m_log;
    std::unique_ptr<Server> m_server;
};

void TestServerConnection::init()
{
    m_journal = Journal();
    m_log.clear();
}

void TestServerConnection::cleanup()
{
    m_server.reset();
}

bool TestServerConnection::startServer(ServerConfig config)
{
    if (config.dataDir.isEmpty())
        config.inMemory = true;
    config.users = { { u"alice@example.test"_s, u"secret"_s } };
    config.limits.authFailureDelayMs = 0;
    m_server = std::make_unique<Server>(
        config,
        [this](Protocol protocol, ServerContext &context, Transport &transport, QObject *parent) {
            auto *session = new EchoSession(protocol, context, transport, m_journal);
            session->setParent(parent);
            return session;
        });
    connect(m_server.get(), &Server::logged, this, [this](const QString &line) { m_log << line; });
    QString error;
    const bool started = m_server->start(&error);
    [&] { QVERIFY2(started, qPrintable(error)); }();
    return started;
}

std::unique_ptr<QSslSocket> TestServerConnection::connectPlain(quint16 port)
{
    auto socket = std::make_unique<QSslSocket>();
    socket->connectToHost(QHostAddress(QHostAddress::LocalHost), port);
    return socket;
}

std::unique_ptr<QSslSocket> TestServerConnection::connectTls(quint16 port)
{
    auto socket = std::make_unique<QSslSocket>();
    QSslConfiguration configuration = socket->sslConfiguration();
    configuration.setCaCertificates({ m_server->tlsIdentity()->certificate() });
    socket->setSslConfiguration(configuration);
    socket->connectToHostEncrypted(u"127.0.0.1"_s, port, u"localhost"_s);
    return socket;
}

void TestServerConnection::listensOnEphemeralPorts()
{
    QVERIFY(startServer());
    const ServerPorts ports = m_server->ports();
    const QList<quint16> all = { ports.smtp,  ports.submissions, ports.pop3,
                                 ports.pop3s, ports.imap,        ports.imaps };
    for (quint16 port : all)
        QVERIFY(port != 0);
    QCOMPARE(QSet<quint16>(all.begin(), all.end()).size(), 6);
    const QList<Server::Endpoint> endpoints = m_server->endpoints();
    QCOMPARE(endpoints.size(), 6);
    const QStringList services = { u"smtp"_s,  u"submissions"_s, u"pop3"_s,
                                   u"pop3s"_s, u"imap"_s,        u"imaps"_s };
    for (int i = 0; i < 6; ++i) {
        QCOMPARE(endpoints[i].service, services[i]);
        QCOMPARE(endpoints[i].address, u"127.0.0.1:"_s + QString::number(all[i]));
    }
    QVERIFY(m_server->isRunning());
    m_server->stop();
    QVERIFY(!m_server->isRunning());
    QVERIFY(m_server->endpoints().isEmpty());
}

void TestServerConnection::plaintextConnection()
{
    QVERIFY(startServer());
    auto client = connectPlain(m_server->ports().smtp);
    QCOMPARE(readLine(*client), "* HELLO\r\n");
    const QString port = QString::number(client->localPort());
    QCOMPARE(m_server->connectionCount(), 1);
    client->write("hello\r\nworld\r\nTLS?\r\n");
    QCOMPARE(readLine(*client), "ECHO hello\r\n");
    QCOMPARE(readLine(*client), "ECHO world\r\n");
    QCOMPARE(readLine(*client), "NO\r\n");
    // A line in pieces.
    client->write("spl");
    client->flush();
    QTest::qWait(50);
    client->write("it\r\n");
    QCOMPARE(readLine(*client), "ECHO split\r\n");
    client->write("QUIT\r\n");
    QCOMPARE(readLine(*client), "BYE\r\n");
    QVERIFY(waitForDisconnect(*client));
    QVERIFY(QTest::qWaitFor([&] { return m_server->connectionCount() == 0; }, 5000));
    // Opening and closing are the session's to log; the connection adds nothing here.
    QVERIFY2(m_log.filter(u":"_s + port + u' ').isEmpty(), qPrintable(m_log.join(u'\n')));
}

void TestServerConnection::implicitTls()
{
    QVERIFY(startServer());
    auto client = connectTls(m_server->ports().imaps);
    QList<QSslError> errors;
    connect(client.get(), &QSslSocket::sslErrors, this,
            [&](const QList<QSslError> &list) { errors << list; });
    QVERIFY(QTest::qWaitFor([&] { return client->isEncrypted(); }, 10000));
    QVERIFY(errors.isEmpty());
    // The greeting comes only through TLS.
    QCOMPARE(readLine(*client), "* HELLO\r\n");
    client->write("TLS?\r\n");
    QCOMPARE(readLine(*client), "YES\r\n");
    client->write("QUIT\r\n");
    QCOMPARE(readLine(*client), "BYE\r\n");
    QVERIFY(waitForDisconnect(*client));
    QVERIFY2(m_log.join(u'\n').contains(u"TLS established"_s), qPrintable(m_log.join(u'\n')));
    QVERIFY(!m_journal.events.contains("<tls>")); // no STARTTLS here
}

void TestServerConnection::startTlsUpgradeDropsPipelinedBytes()
{
    QVERIFY(startServer());
    auto client = connectPlain(m_server->ports().imap);
    QSslConfiguration configuration = client->sslConfiguration();
    configuration.setCaCertificates({ m_server->tlsIdentity()->certificate() });
    client->setSslConfiguration(configuration);
    client->setPeerVerifyName(u"localhost"_s);
    QCOMPARE(readLine(*client), "* HELLO\r\n");
    // RFC 3207 s4.2: a line sent after STARTTLS but before the handshake must never be read as
    // a command, whatever it is (an attacker in the middle could have put it there).
    client->write("STARTTLS\r\nINJECTED\r\n");
    QCOMPARE(readLine(*client), "GO\r\n");
    QCOMPARE(client->bytesAvailable(), 0);
    client->startClientEncryption();
    QVERIFY2(QTest::qWaitFor([&] { return client->isEncrypted(); }, 10000),
             qPrintable(client->errorString() + u'\n' + m_log.join(u'\n')));
    client->write("TLS?\r\n");
    QCOMPARE(readLine(*client), "YES\r\n");
    QCOMPARE(m_journal.events, (QList<QByteArray> { "STARTTLS", "<tls>", "TLS?" }));
    QVERIFY2(m_log.join(u'\n').contains(u"10 bytes sent before the TLS handshake were ignored"_s),
             qPrintable(m_log.join(u'\n')));
}

void TestServerConnection::startTlsWithGarbageInsteadOfHandshake()
{
    QVERIFY(startServer());
    auto client = connectPlain(m_server->ports().pop3);
    QCOMPARE(readLine(*client), "* HELLO\r\n");
    client->write("STARTTLS\r\n");
    QCOMPARE(readLine(*client), "GO\r\n");
    client->write("this is not a TLS ClientHello\r\n");
    QVERIFY(waitForDisconnect(*client));
    QVERIFY(QTest::qWaitFor([&] { return m_server->connectionCount() == 0; }, 5000));
    QVERIFY2(m_log.join(u'\n').contains(u"TLS handshake failed"_s), qPrintable(m_log.join(u'\n')));
    QCOMPARE(m_journal.events, (QList<QByteArray> { "STARTTLS", "<lost>" }));
}

void TestServerConnection::implicitTlsWithoutHandshake()
{
    QVERIFY(startServer());
    auto client = connectPlain(m_server->ports().pop3s);
    QVERIFY(client->waitForConnected(5000));
    client->write("USER alice@example.test\r\n");
    QVERIFY(waitForDisconnect(*client));
    QVERIFY2(m_log.join(u'\n').contains(u"TLS handshake failed"_s), qPrintable(m_log.join(u'\n')));
    // No greeting went out in plain text.
    QVERIFY(!client->readAll().contains("HELLO"));
    QVERIFY(m_journal.events.isEmpty() || m_journal.events == QList<QByteArray> { "<lost>" });
}

void TestServerConnection::connectionLimit_data()
{
    QTest::addColumn<QString>("service");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<QByteArray>("refusal");
    QTest::newRow("smtp") << u"smtp"_s << false << "421 4.3.2 Too many connections\r\n"_ba;
    QTest::newRow("pop3") << u"pop3"_s << false << "-ERR [SYS/TEMP] Too many connections\r\n"_ba;
    QTest::newRow("imap") << u"imap"_s << false << "* BYE Too many connections\r\n"_ba;
    QTest::newRow("imaps") << u"imaps"_s << true << "* BYE Too many connections\r\n"_ba;
    QTest::newRow("submissions") << u"submissions"_s << true
                                 << "421 4.3.2 Too many connections\r\n"_ba;
}

void TestServerConnection::connectionLimit()
{
    QFETCH(QString, service);
    QFETCH(bool, tls);
    QFETCH(QByteArray, refusal);
    ServerConfig config;
    config.limits.maxConnections = 2;
    QVERIFY(startServer(config));
    quint16 port = 0;
    for (const Server::Endpoint &endpoint : m_server->endpoints()) {
        if (endpoint.service == service)
            port = endpoint.address.section(u':', -1).toUShort();
    }
    QVERIFY(port != 0);
    auto open = [&] { return tls ? connectTls(port) : connectPlain(port); };
    // Two served, counted across ports.
    auto first = connectPlain(m_server->ports().imap);
    auto second = open();
    QCOMPARE(readLine(*first), "* HELLO\r\n");
    QCOMPARE(readLine(*second), "* HELLO\r\n");
    QCOMPARE(m_server->connectionCount(), 2);

    auto third = open();
    QCOMPARE(readLine(*third), refusal);
    QVERIFY(waitForDisconnect(*third));
    QCOMPARE(m_server->connectionCount(), 2);
    QVERIFY(m_log.join(u'\n').contains(u"refused: too many connections"_s));

    // Once one leaves, the next is served.
    first->write("QUIT\r\n");
    QVERIFY(waitForDisconnect(*first));
    QVERIFY(QTest::qWaitFor([&] { return m_server->connectionCount() == 1; }, 5000));
    auto fourth = open();
    QCOMPARE(readLine(*fourth), "* HELLO\r\n");
}

void TestServerConnection::idleTimeout()
{
    m_journal.idleTimeoutMs = 300;
    QVERIFY(startServer());
    auto client = connectPlain(m_server->ports().imap);
    QCOMPARE(readLine(*client), "* HELLO\r\n");
    QCOMPARE(readLine(*client, 5000), "* BYE idle\r\n");
    QVERIFY(waitForDisconnect(*client));
    // ProtocolSession::closeConnection() tells the session itself that the connection is gone.
    QCOMPARE(m_journal.events, (QList<QByteArray> { "<idle>", "<lost>" }));
    QVERIFY(m_log.join(u'\n').contains(u"idle timeout"_s));
}

void TestServerConnection::readingResetsTheIdleTimer()
{
    m_journal.idleTimeoutMs = 400;
    QVERIFY(startServer());
    auto client = connectPlain(m_server->ports().imap);
    QCOMPARE(readLine(*client), "* HELLO\r\n");
    for (int i = 0; i < 6; ++i) {
        QTest::qWait(150);
        client->write("ping\r\n");
        QCOMPARE(readLine(*client), "ECHO ping\r\n");
    }
    QVERIFY(!m_journal.events.contains("<idle>"));
    QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
}

void TestServerConnection::idleTimeoutFollowsTheSession()
{
    m_journal.idleTimeoutMs = 300;
    QVERIFY(startServer());
    auto client = connectPlain(m_server->ports().imap);
    QCOMPARE(readLine(*client), "* HELLO\r\n");
    client->write("PATIENCE\r\n");
    QCOMPARE(readLine(*client), "OK\r\n");
    QTest::qWait(800);
    QVERIFY(!m_journal.events.contains("<idle>"));
    QCOMPARE(client->state(), QAbstractSocket::ConnectedState);
}

void TestServerConnection::stopEndsConnections()
{
    QVERIFY(startServer());
    const quint16 port = m_server->ports().pop3;
    auto client = connectPlain(port);
    QCOMPARE(readLine(*client), "* HELLO\r\n");
    m_server->stop();
    QVERIFY(waitForDisconnect(*client));
    // The session let go of what it held before the store went away.
    QCOMPARE(m_journal.events, QList<QByteArray> { "<lost>" });
    // And a new connection finds nobody listening.
    auto late = connectPlain(port);
    QVERIFY(!late->waitForConnected(2000));
}

void TestServerConnection::portInUse()
{
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress(QHostAddress::LocalHost), 0));
    ServerConfig config;
    config.inMemory = true;
    config.ports.imap = squatter.serverPort();
    Server server(config,
                  [](Protocol, ServerContext &, Transport &, QObject *) { return nullptr; });
    QString error;
    QVERIFY(!server.start(&error));
    QCOMPARE(error,
             u"Port %1 (IMAP) is already in use; choose another base with --port-base."_s.arg(
                 squatter.serverPort()));
    QVERIFY(!server.isRunning());
    QVERIFY(server.endpoints().isEmpty());
}

void TestServerConnection::badListenAddress()
{
    ServerConfig config;
    config.inMemory = true;
    config.listenAddress = u"not-an-address"_s;
    Server server(config,
                  [](Protocol, ServerContext &, Transport &, QObject *) { return nullptr; });
    QString error;
    QVERIFY(!server.start(&error));
    QVERIFY2(error.contains(u"not-an-address"_s), qPrintable(error));
}

void TestServerConnection::externalClientsTrustTheGeneratedCertificate_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("host");
    QTest::newRow("python, localhost") << u"python3"_s << u"localhost"_s;
    QTest::newRow("python, 127.0.0.1") << u"python3"_s << u"127.0.0.1"_s;
    QTest::newRow("curl, localhost") << u"curl"_s << u"localhost"_s;
    QTest::newRow("curl, 127.0.0.1") << u"curl"_s << u"127.0.0.1"_s;
}

void TestServerConnection::externalClientsTrustTheGeneratedCertificate()
{
    QFETCH(QString, program);
    QFETCH(QString, host);
    // Like the interop tests, a missing client fails rather than skips (scripts/deps.sh
    // installs both).
    QVERIFY2(!QStandardPaths::findExecutable(program).isEmpty(),
             qPrintable(program + u" is not installed"_s));
    // The certificate a first start makes in DIR/tls, named as the client's only CA, as
    // docs/server.md tells people to do.
    QTemporaryDir dir;
    ServerConfig config;
    config.dataDir = dir.path();
    QVERIFY(startServer(config));
    const QString cafile = dir.filePath(u"tls/cert.pem"_s);
    QVERIFY(QFile::exists(cafile));
    const QString port = QString::number(m_server->ports().imaps);

    QStringList arguments;
    if (program == u"curl") {
        m_journal.greeting.clear(); // curl speaks first, HTTP
        arguments = { u"--silent"_s, u"--show-error"_s, u"--cacert"_s, cafile,
                      u"https://"_s + host + u':' + port + u'/' };
    } else {
        // Python's strictest setting as well (the default from 3.13 on).
        const QString script = uR"(
import socket, ssl, sys
context = ssl.create_default_context(cafile=sys.argv[1])
context.verify_flags |= getattr(ssl, "VERIFY_X509_STRICT", 0)
with socket.create_connection((sys.argv[2], int(sys.argv[3]))) as raw:
    with context.wrap_socket(raw, server_hostname=sys.argv[2]) as tls:
        tls.sendall(b"TLS?\r\nQUIT\r\n")
        data = b""
        while True:
            chunk = tls.recv(100)
            if not chunk:
                break
            data += chunk
        sys.stdout.write(data.decode())
)"_s;
        arguments = { u"-c"_s, script, cafile, host, port };
    }
    QProcess process;
    process.start(program, arguments);
    // The server runs in this thread's event loop: wait without blocking it.
    QVERIFY(QTest::qWaitFor([&] { return process.state() == QProcess::NotRunning; }, 30000));
    const QString out = QString::fromUtf8(process.readAllStandardOutput());
    const QString err = QString::fromUtf8(process.readAllStandardError());
    QVERIFY2(process.exitStatus() == QProcess::NormalExit && process.exitCode() == 0,
             qPrintable(err + u'\n' + m_log.join(u'\n')));
    if (program == u"curl")
        QCOMPARE(out, u"ok\n"_s);
    else
        QCOMPARE(out, u"* HELLO\r\nYES\r\nBYE\r\n"_s);
}

QTEST_GUILESS_MAIN(TestServerConnection)
#include "tst_server_connection.moc"
