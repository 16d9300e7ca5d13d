// SPDX-License-Identifier: GPL-3.0-or-later
// Connection against the scripted fake server: plaintext, implicit TLS, STARTTLS with bytes
// injected before the handshake, timeouts, refusals and a peer that hangs up.
#include "ScriptedServer.h"
#include "net/Connection.h"
#include "net/DeflateStream.h"

#include <QCryptographicHash>
#include <QRegularExpression>
#include <QSignalSpy>
#include <QSslSocket>
#include <QTcpServer>
#include <QTest>

using magpie::net::Connection;
using magpie::net::NetError;
using magpie::net::ServerEndpoint;
using magpie::test::ScriptedServer;
using Security = ServerEndpoint::Security;

namespace {

// Everything one Connection said, in order: "ready", "received", "failed", "closed".
struct Recorder
{
    explicit Recorder(Connection *connection)
    {
        QObject::connect(connection, &Connection::ready, connection, [this] { events += "ready"; });
        QObject::connect(connection, &Connection::received, connection,
                         [this](const QByteArray &bytes) {
                             if (events.isEmpty() || events.constLast() != "received")
                                 events += "received";
                             received += bytes;
                         });
        QObject::connect(connection, &Connection::failed, connection, [this](const NetError &e) {
            events += "failed";
            errors += e;
        });
        QObject::connect(connection, &Connection::closed, connection,
                         [this] { events += "closed"; });
    }
    int count(const QByteArray &event) const { return int(events.count(event)); }
    NetError error() const { return errors.isEmpty() ? NetError {} : errors.constFirst(); }

    QByteArrayList events;
    QByteArray received;
    QList<NetError> errors;
};

// Script text for arbitrary bytes (compressed data): every byte as "\\xHH".
QByteArray scriptBytes(const QByteArray &bytes)
{
    QByteArray out;
    for (const char c : bytes)
        out += "\\x" + QByteArray::number(uchar(c), 16).rightJustified(2, '0');
    return out;
}

} // namespace

class TestConnection : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plaintextDialogue();
    void implicitTls();
    void startTlsAfterGoAhead();
    void startTlsDropsInjectedBytes();
    void largeWriteDrains_data();
    void largeWriteDrains();
    void compression();
    void corruptCompressedDataFails();
    void readTimeout();
    void readTimerRestartsOnEveryByte();
    void noReadTimeoutWhileIdle();
    void connectTimeoutCoversHandshake();
    void connectionRefused();
    void hostNotFound();
    void closedByPeer();
    void politeCloseAfterGoodbye();
    void implicitTlsToPlaintextServer();
    void closeWhileConnecting_data();
    void closeWhileConnecting();
    void untrustedCertificateFails();
    void pinnedCertificateConnects();
    void wrongPinStillFails();
};

void TestConnection::plaintextDialogue()
{
    ScriptedServer server({ "S: * OK hello", "C: a1 NOOP", "S: a1 OK done", "EXPECT-CLOSE" });
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(server.endpoint(Security::Plaintext));
    QTRY_COMPARE(recorder.received, QByteArray("* OK hello\r\n"));
    QVERIFY(connection.isOpen());
    QVERIFY(!connection.isEncrypted());
    QVERIFY(!connection.tlsDetails().encrypted);
    connection.write("a1 NOOP\r\n");
    QTRY_VERIFY(recorder.received.endsWith("a1 OK done\r\n"));
    connection.close();
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(recorder.events, QByteArrayList({ "ready", "received", "closed" }));
    QVERIFY(!connection.isOpen());
}

void TestConnection::implicitTls()
{
    ScriptedServer server({ "S: * OK secure hello", "C: a1 LOGOUT", "S: * BYE", "EXPECT-CLOSE" },
                          true);
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(server.endpoint(Security::ImplicitTls));
    QTRY_COMPARE(recorder.received, QByteArray("* OK secure hello\r\n"));
    QVERIFY(connection.isEncrypted());
    const auto details = connection.tlsDetails();
    QVERIFY(details.encrypted);
    QVERIFY2(details.protocol == u"TLS 1.3" || details.protocol == u"TLS 1.2",
             qPrintable(details.protocol));
    QVERIFY(!details.cipher.isEmpty());
    QCOMPARE(details.subject, QStringLiteral("localhost"));
    QCOMPARE(details.issuer, QStringLiteral("localhost"));
    QCOMPARE(details.notAfter.date().year(), 2096);
    QVERIFY(details.notBefore < QDateTime::currentDateTimeUtc());
    const QByteArray expected = ScriptedServer::certificate().digest(QCryptographicHash::Sha256);
    QCOMPARE(details.sha256, expected);
    QVERIFY(!details.pinned);
    QVERIFY(QRegularExpression(QStringLiteral("^([0-9A-F]{2}:){31}[0-9A-F]{2}$"))
                .match(details.fingerprintText())
                .hasMatch());
    QCOMPARE(details.fingerprintText(), QString::fromLatin1(expected.toHex(':').toUpper()));
    connection.write("a1 LOGOUT\r\n");
    QTRY_VERIFY(recorder.received.endsWith("* BYE\r\n"));
    connection.close();
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(recorder.count("closed"), 1);
    QCOMPARE(recorder.count("ready"), 1);
    QCOMPARE(recorder.count("failed"), 0);
}

void TestConnection::startTlsAfterGoAhead()
{
    ScriptedServer server({ "S: * OK plain hello", "C: a1 STARTTLS", "S: a1 OK Begin TLS", "TLS",
                            "C: a2 CAPABILITY", "S: * CAPABILITY IMAP4rev1", "S: a2 OK done" });
    Connection connection;
    Recorder recorder(&connection);
    qsizetype dropped = -1;
    connect(&connection, &Connection::received, this, [&](const QByteArray &bytes) {
        if (bytes.contains("Begin TLS") && !connection.isEncrypted())
            dropped = connection.startTls(); // from inside the slot, as sessions do
    });
    connect(&connection, &Connection::ready, this, [&] {
        if (connection.isEncrypted())
            connection.write("a2 CAPABILITY\r\n");
    });
    connection.connectToServer(server.endpoint(Security::StartTls));
    QTRY_COMPARE(recorder.received, QByteArray("* OK plain hello\r\n"));
    QVERIFY(!connection.isEncrypted());
    connection.write("a1 STARTTLS\r\n");
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_VERIFY(recorder.received.endsWith("a2 OK done\r\n"));
    QCOMPARE(dropped, 0);
    QVERIFY(connection.isEncrypted());
    QVERIFY(connection.tlsDetails().encrypted);
    QCOMPARE(recorder.count("ready"), 2);
    QCOMPARE(recorder.count("failed"), 0);
}

// RFC 3207 s4.2 / RFC 2595 s3.1: what the server (or a man in the middle) sent after the
// go-ahead but before the handshake is thrown away, and counted.
void TestConnection::startTlsDropsInjectedBytes()
{
    ScriptedServer server({ "S: * OK plain hello", "C: a1 STARTTLS", "S~ a1 OK Begin TLS\\r\\n",
                            "S: * CAPABILITY IMAP4rev1 AUTH=PLAIN INJECTED", "TLS",
                            "S: * OK secure now" });
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(server.endpoint(Security::StartTls));
    QTRY_COMPARE(recorder.received, QByteArray("* OK plain hello\r\n"));
    auto *socket = connection.findChild<QSslSocket *>();
    QVERIFY(socket);
    connection.write("a1 STARTTLS\r\n");
    QTRY_VERIFY(recorder.received.endsWith("Begin TLS\r\n"));
    const qint64 injected = qstrlen("* CAPABILITY IMAP4rev1 AUTH=PLAIN INJECTED\r\n");
    {
        // Hold the injected line in the socket, as if it had arrived just before startTls().
        const QSignalBlocker blocker(socket);
        QTRY_COMPARE(socket->bytesAvailable(), injected);
    }
    QCOMPARE(connection.startTls(), qsizetype(injected));
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_VERIFY(recorder.received.endsWith("* OK secure now\r\n"));
    QVERIFY(!recorder.received.contains("INJECTED"));
    QVERIFY(connection.isEncrypted());
}

// Flow control for streaming a big message: bytesToWrite() shows the queue, bytesWritten()
// says when it moved.
void TestConnection::largeWriteDrains_data()
{
    QTest::addColumn<bool>("tls");
    QTest::newRow("plaintext") << false;
    QTest::newRow("implicit TLS") << true;
}

void TestConnection::largeWriteDrains()
{
    QFETCH(bool, tls);
    const QByteArray message(2 * 1024 * 1024, 'x');
    ScriptedServer server({ "S: 354 go ahead", "C~ " + message, "S: 250 thanks" }, tls);
    Connection connection;
    Recorder recorder(&connection);
    qint64 written = 0;
    connect(&connection, &Connection::bytesWritten, this, [&](qint64 bytes) { written += bytes; });
    connection.connectToServer(server.endpoint(tls ? Security::ImplicitTls : Security::Plaintext));
    QTRY_COMPARE(recorder.received, QByteArray("354 go ahead\r\n"));
    QCOMPARE(connection.bytesToWrite(), 0);
    connection.write(message);
    QVERIFY(connection.bytesToWrite() > 0);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(connection.bytesToWrite(), 0);
    QVERIFY(written >= message.size());
    QTRY_VERIFY(recorder.received.endsWith("250 thanks\r\n"));
}

// RFC 4978: after the OK, both directions are raw DEFLATE; bytes that came in the same read
// as the OK are already compressed and go through startCompression().
void TestConnection::compression()
{
    magpie::net::DeflateStream serverSide; // the same zlib settings make the same bytes
    magpie::net::DeflateStream clientSide;
    const QByteArray exists = serverSide.deflate("* 1 EXISTS\r\n");
    const QByteArray done = serverSide.deflate("a2 OK done\r\n");
    const QByteArray noop = clientSide.deflate("a2 NOOP\r\n");
    ScriptedServer server({ "S: * OK hello", "C: a1 COMPRESS DEFLATE",
                            "S~ a1 OK DEFLATE active\\r\\n" + scriptBytes(exists),
                            "C~ " + scriptBytes(noop), "S~ " + scriptBytes(done) });
    Connection connection;
    Recorder recorder(&connection);
    connect(&connection, &Connection::received, this, [&](const QByteArray &bytes) {
        const QByteArray okLine = "a1 OK DEFLATE active\r\n";
        const qsizetype at = bytes.indexOf(okLine);
        if (at >= 0 && !connection.isCompressed())
            connection.startCompression(bytes.mid(at + okLine.size()));
    });
    connection.connectToServer(server.endpoint(Security::Plaintext));
    QTRY_COMPARE(recorder.received, QByteArray("* OK hello\r\n"));
    QVERIFY(!connection.isCompressed());
    connection.write("a1 COMPRESS DEFLATE\r\n");
    QTRY_VERIFY(recorder.received.endsWith("* 1 EXISTS\r\n"));
    QVERIFY(connection.isCompressed());
    connection.write("a2 NOOP\r\n");
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_VERIFY(recorder.received.endsWith("a2 OK done\r\n"));
    // The read that held the OK also held compressed bytes; the session took them out and
    // gave them to startCompression(), which passed them on inflated.
    QVERIFY(recorder.received.endsWith(QByteArray(exists + "* 1 EXISTS\r\na2 OK done\r\n")));
    QCOMPARE(recorder.count("failed"), 0);
}

void TestConnection::corruptCompressedDataFails()
{
    ScriptedServer server({ "S: * OK hello", "WAIT 100", "S~ \\xff\\xff\\xff\\xff", "WAIT 500" });
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(server.endpoint(Security::Plaintext));
    QTRY_COMPARE(recorder.received, QByteArray("* OK hello\r\n"));
    connection.startCompression();
    QTRY_COMPARE(recorder.count("closed"), 1);
    QCOMPARE(recorder.events, QByteArrayList({ "ready", "received", "failed", "closed" }));
    QCOMPARE(recorder.error().code, NetError::Code::ProtocolViolation);
    QCOMPARE(recorder.error().message,
             QStringLiteral("The compressed data from localhost:%1 is corrupt; the connection was "
                            "closed.")
                 .arg(server.port()));
}

void TestConnection::readTimeout()
{
    ScriptedServer server({ "S: * OK hello", "C: a1 NOOP", "WAIT 2000" });
    auto endpoint = server.endpoint(Security::Plaintext);
    endpoint.readTimeoutMs = 150;
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(endpoint);
    QTRY_COMPARE(recorder.received, QByteArray("* OK hello\r\n"));
    connection.write("a1 NOOP\r\n");
    connection.setReplyAwaited(true);
    QTRY_COMPARE(recorder.count("closed"), 1);
    QCOMPARE(recorder.events, QByteArrayList({ "ready", "received", "failed", "closed" }));
    QCOMPARE(recorder.error().code, NetError::Code::Timeout);
    QCOMPARE(recorder.error().message,
             QStringLiteral("The server 127.0.0.1:%1 did not answer within 150 milliseconds.")
                 .arg(server.port())
                 .replace(QStringLiteral("127.0.0.1"), QStringLiteral("localhost")));
    QVERIFY(recorder.error().isTemporary());
}

void TestConnection::readTimerRestartsOnEveryByte()
{
    // Never silent for 300 ms, though the whole reply takes longer than that.
    ScriptedServer server({ "S: * OK hello", "C: a1 NOOP", "WAIT 150", "S~ a1 O", "WAIT 150",
                            "S~ K", "WAIT 150", "S:  done" });
    auto endpoint = server.endpoint(Security::Plaintext);
    endpoint.readTimeoutMs = 300;
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(endpoint);
    QTRY_COMPARE(recorder.received, QByteArray("* OK hello\r\n"));
    connection.write("a1 NOOP\r\n");
    connection.setReplyAwaited(true);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_VERIFY(recorder.received.endsWith("a1 OK done\r\n"));
    connection.setReplyAwaited(false);
    QCOMPARE(recorder.count("failed"), 0);
}

void TestConnection::noReadTimeoutWhileIdle()
{
    ScriptedServer server({ "S: * OK hello", "WAIT 400", "S: * 3 EXISTS" });
    auto endpoint = server.endpoint(Security::Plaintext);
    endpoint.readTimeoutMs = 100;
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(endpoint);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_VERIFY(recorder.received.endsWith("* 3 EXISTS\r\n"));
    QCOMPARE(recorder.count("failed"), 0);
}

void TestConnection::connectTimeoutCoversHandshake()
{
    // The TCP connection is accepted but the server never answers the ClientHello.
    ScriptedServer server({ "WAIT 3000" });
    auto endpoint = server.endpoint(Security::ImplicitTls);
    endpoint.connectTimeoutMs = 200;
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(endpoint);
    QTRY_COMPARE(recorder.count("closed"), 1);
    QCOMPARE(recorder.events, QByteArrayList({ "failed", "closed" }));
    QCOMPARE(recorder.error().code, NetError::Code::Timeout);
    QCOMPARE(recorder.error().message,
             QStringLiteral("The secure connection to localhost:%1 was not set up within 200 "
                            "milliseconds.")
                 .arg(server.port()));
}

void TestConnection::connectionRefused()
{
    quint16 port = 0;
    {
        QTcpServer probe; // a port that was free a moment ago and has no listener now
        QVERIFY(probe.listen(QHostAddress::LocalHost));
        port = probe.serverPort();
    }
    ServerEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.port = port;
    endpoint.security = Security::ImplicitTls;
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(endpoint);
    QTRY_COMPARE(recorder.count("closed"), 1);
    QCOMPARE(recorder.events, QByteArrayList({ "failed", "closed" }));
    QCOMPARE(recorder.error().code, NetError::Code::ConnectionRefused);
    QCOMPARE(recorder.error().message,
             QStringLiteral("The server 127.0.0.1 refused the connection on port %1. Check the "
                            "port in the account settings, or whether the server is running.")
                 .arg(port));
}

void TestConnection::hostNotFound()
{
    ServerEndpoint endpoint;
    endpoint.host = QStringLiteral("imap.no-such-host.invalid"); // RFC 2606: never resolves
    endpoint.port = 993;
    endpoint.connectTimeoutMs = 5000;
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(endpoint);
    QTRY_COMPARE_WITH_TIMEOUT(recorder.count("closed"), 1, 6000);
    QCOMPARE(recorder.error().code, NetError::Code::HostNotFound);
    QCOMPARE(recorder.error().message,
             QStringLiteral("Magpie could not find the server imap.no-such-host.invalid. Check "
                            "the server name in the account settings."));
    QCOMPARE(recorder.events, QByteArrayList({ "failed", "closed" }));
}

void TestConnection::closedByPeer()
{
    ScriptedServer server({ "S: * OK hello", "C: a1 NOOP", "S: * last words", "CLOSE" }, true);
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(server.endpoint(Security::ImplicitTls));
    QTRY_COMPARE(recorder.received, QByteArray("* OK hello\r\n"));
    connection.write("a1 NOOP\r\n");
    connection.setReplyAwaited(true);
    QTRY_COMPARE(recorder.count("closed"), 1);
    QCOMPARE(recorder.events, QByteArrayList({ "ready", "received", "failed", "closed" }));
    QCOMPARE(recorder.received, QByteArray("* OK hello\r\n* last words\r\n"));
    QCOMPARE(recorder.error().code, NetError::Code::ConnectionLost);
    QCOMPARE(recorder.error().message,
             QStringLiteral("The connection to localhost:%1 was closed unexpectedly.")
                 .arg(server.port()));
    // Nothing more afterwards: exactly one failed() and one closed().
    QTest::qWait(50);
    QCOMPARE(recorder.events.size(), 4);
}

void TestConnection::politeCloseAfterGoodbye()
{
    // The session closes as soon as it reads the goodbye, even if the FIN came with it.
    ScriptedServer server({ "S: +OK hello", "C: QUIT", "S: +OK bye", "CLOSE" });
    Connection connection;
    Recorder recorder(&connection);
    connect(&connection, &Connection::received, this, [&](const QByteArray &) {
        if (recorder.received.endsWith("+OK bye\r\n"))
            connection.close();
    });
    connection.connectToServer(server.endpoint(Security::Plaintext));
    QTRY_COMPARE(recorder.received, QByteArray("+OK hello\r\n"));
    connection.write("QUIT\r\n");
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(recorder.count("closed"), 1);
    QCOMPARE(recorder.count("failed"), 0);
}

void TestConnection::implicitTlsToPlaintextServer()
{
    ScriptedServer server({ "S: * OK this is not TLS", "WAIT 1000" });
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(server.endpoint(Security::ImplicitTls));
    QTRY_COMPARE(recorder.count("closed"), 1);
    QCOMPARE(recorder.events, QByteArrayList({ "failed", "closed" }));
    QCOMPARE(recorder.error().code, NetError::Code::TlsHandshake);
    QVERIFY2(
        recorder.error().message.endsWith(
            u"Check the port and the security setting (TLS or STARTTLS) in the account settings."),
        qPrintable(recorder.error().message));
    QVERIFY(recorder.received.isEmpty()); // never a plaintext byte passed on
}

void TestConnection::closeWhileConnecting_data()
{
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("abort");
    QTest::newRow("plaintext, close") << false << false;
    QTest::newRow("TLS, close") << true << false;
    QTest::newRow("TLS, abort") << true << true;
}

void TestConnection::closeWhileConnecting()
{
    QFETCH(bool, tls);
    QFETCH(bool, abort);
    ScriptedServer server({ "S: * OK too late" }, tls);
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(server.endpoint(tls ? Security::ImplicitTls : Security::Plaintext));
    if (abort)
        connection.abort();
    else
        connection.close();
    QCOMPARE(recorder.events, QByteArrayList { "closed" });
    QTest::qWait(100);
    QCOMPARE(recorder.events, QByteArrayList { "closed" });
    QVERIFY(!connection.isOpen());
    connection.write("a1 NOOP\r\n"); // ignored, no crash
}

void TestConnection::untrustedCertificateFails()
{
    ScriptedServer server({ "S: * OK never seen" }, true);
    auto endpoint = server.endpoint(Security::ImplicitTls);
    endpoint.extraCaCertificates.clear();
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(endpoint);
    QTRY_COMPARE(recorder.count("closed"), 1);
    QCOMPARE(recorder.events, QByteArrayList({ "failed", "closed" }));
    QCOMPARE(recorder.error().code, NetError::Code::Certificate);
    const QString fingerprint = QString::fromLatin1(
        ScriptedServer::certificate().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    QCOMPARE(recorder.error().message,
             QStringLiteral("The certificate for localhost is self-signed, so nobody vouches for "
                            "it. If you trust this certificate, pin its fingerprint (SHA-256 %1).")
                 .arg(fingerprint));
}

void TestConnection::pinnedCertificateConnects()
{
    ScriptedServer server({ "S: * OK pinned hello" }, true);
    auto endpoint = server.endpoint(Security::ImplicitTls);
    endpoint.extraCaCertificates.clear();
    endpoint.pinnedSha256 = ScriptedServer::certificate().digest(QCryptographicHash::Sha256);
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(endpoint);
    QTRY_COMPARE(recorder.received, QByteArray("* OK pinned hello\r\n"));
    QVERIFY(connection.tlsDetails().pinned);
    QCOMPARE(connection.tlsDetails().sha256, endpoint.pinnedSha256);
    QCOMPARE(recorder.count("failed"), 0);
}

void TestConnection::wrongPinStillFails()
{
    ScriptedServer server({ "S: * OK never seen" }, true);
    auto endpoint = server.endpoint(Security::ImplicitTls);
    endpoint.extraCaCertificates.clear();
    endpoint.pinnedSha256 =
        QCryptographicHash::hash("another certificate", QCryptographicHash::Sha256);
    Connection connection;
    Recorder recorder(&connection);
    connection.connectToServer(endpoint);
    QTRY_COMPARE(recorder.count("closed"), 1);
    QCOMPARE(recorder.error().code, NetError::Code::Certificate);
    QVERIFY(recorder.received.isEmpty());
    QVERIFY(!connection.tlsDetails().pinned);
}

QTEST_GUILESS_MAIN(TestConnection)
#include "tst_connection.moc"
