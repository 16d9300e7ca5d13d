// SPDX-License-Identifier: GPL-3.0-or-later
// SmtpSession against the scripted fake server, byte-exact: greeting, EHLO and its
// extensions, the HELO fallback, STARTTLS (required once chosen; bytes sent before the
// handshake never read), 554/421 greetings, 421 mid-session, malformed replies, QUIT.
#include "ScriptedServer.h"
#include "net/ProtocolLog.h"
#include "net/smtp/SmtpSession.h"

#include <QTest>

using magpie::net::NetError;
using magpie::net::ServerEndpoint;
using magpie::smtp::SmtpSession;
using magpie::test::ScriptedServer;
using Security = ServerEndpoint::Security;
using Code = NetError::Code;

namespace {

const QByteArray kEhloReply = "S: 250-smtp.example.com greets client.example\\r\\n"
                              "250-SIZE 26214400\\r\\n250-8BITMIME\\r\\n250-PIPELINING\\r\\n"
                              "250-AUTH PLAIN LOGIN\\r\\n250-SMTPUTF8\\r\\n"
                              "250 ENHANCEDSTATUSCODES";

// What one session said: how often opened(), and each closed() error.
struct Watcher
{
    explicit Watcher(SmtpSession *session)
    {
        QObject::connect(session, &SmtpSession::opened, session, [this] { ++opened; });
        QObject::connect(session, &SmtpSession::closed, session,
                         [this](const NetError &error) { closed.append(error); });
    }
    NetError error() const { return closed.isEmpty() ? NetError {} : closed.constFirst(); }

    int opened = 0;
    QList<NetError> closed;
};

} // namespace

class TestSmtpClientSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void greetingEhloQuit();
    void greetingSplitAcrossReads();
    void oldAuthEqualsForm();
    void heloFallback_data();
    void heloFallback();
    void heloFallbackImpossibleWithStartTls();
    void greetingRefused_data();
    void greetingRefused();
    void ehloRefused();
    void startTlsThenEhloAgain();
    void startTlsNotOffered();
    void startTlsRefused();
    void bytesAfterGoAheadNeverProcessed();
    void implicitTls();
    void serverClosingMidSession();
    void unsolicitedReply();
    void malformedReply();
    void connectionLost();
    void invalidHeloName();
    void abortStopsEverything();
    void reconnectAfterQuit();
};

void TestSmtpClientSession::greetingEhloQuit()
{
    ScriptedServer server({ "S: 220 smtp.example.com ESMTP ready", "C: EHLO client.example",
                            kEhloReply, "C: QUIT", "S: 221 2.0.0 Bye", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    QTRY_COMPARE(watcher.opened, 1);
    QVERIFY(session.isOpen());
    QCOMPARE(session.greeting().code(), 220);
    QCOMPARE(session.greeting().text(), QByteArray("smtp.example.com ESMTP ready"));
    QVERIFY(!session.usedHelo());
    QVERIFY(session.hasExtension("PIPELINING"));
    QVERIFY(session.hasExtension("8bitmime"));
    QVERIFY(session.hasExtension("SMTPUTF8"));
    QVERIFY(session.hasExtension("ENHANCEDSTATUSCODES"));
    QVERIFY(!session.hasExtension("STARTTLS"));
    QCOMPARE(session.sizeLimit(), 26214400);
    QCOMPARE(session.authMechanisms(), (QByteArrayList { "PLAIN", "LOGIN" }));
    QVERIFY(!session.isEncrypted());

    session.quit();
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QVERIFY(!watcher.error().isError());
    QCOMPARE(session.state(), SmtpSession::State::Disconnected);
    const QString log = session.log()->toText();
    QVERIFY2(log.contains(u"C: EHLO client.example"), qPrintable(log));
    QVERIFY2(log.contains(u"S: 250-SIZE 26214400"), qPrintable(log));
    QVERIFY2(log.contains(u"C: QUIT"), qPrintable(log));
}

void TestSmtpClientSession::greetingSplitAcrossReads()
{
    ScriptedServer server({ "S~ 22", "S~ 0 smtp.exa", "S: mple.com", "C: EHLO [127.0.0.1]",
                            "S~ 250-smtp.example.com\\r\\n250-SI", "S: ZE\\r\\n250 HELP", "C: QUIT",
                            "S: 221 Bye", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext)); // the default EHLO name
    QTRY_COMPARE(watcher.opened, 1);
    QCOMPARE(session.sizeLimit(), 0); // SIZE without a number: no fixed limit
    QVERIFY(session.hasExtension("HELP"));
    session.quit();
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
}

void TestSmtpClientSession::oldAuthEqualsForm()
{
    ScriptedServer server({ "S: 220 ready", "C: EHLO client.example",
                            "S: 250-mx\\r\\n250-AUTH=LOGIN PLAIN\\r\\n250 AUTH PLAIN XOAUTH2",
                            "C: QUIT", "S: 221 Bye", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    QTRY_COMPARE(watcher.opened, 1);
    QCOMPARE(session.authMechanisms(), (QByteArrayList { "PLAIN", "XOAUTH2", "LOGIN" }));
    QCOMPARE(session.sizeLimit(), -1);
    session.quit();
    MAGPIE_VERIFY_SCRIPT(server);
}

void TestSmtpClientSession::heloFallback_data()
{
    QTest::addColumn<QByteArray>("refusal");
    QTest::newRow("500") << QByteArray("S: 500 5.5.1 Command unrecognized");
    QTest::newRow("502") << QByteArray("S: 502 Not implemented");
}

void TestSmtpClientSession::heloFallback()
{
    QFETCH(QByteArray, refusal);
    ScriptedServer server({ "S: 220 old.example.com SMTP", "C: EHLO client.example", refusal,
                            "C: HELO client.example", "S: 250 old.example.com", "C: QUIT",
                            "S: 221 Bye", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    QTRY_COMPARE(watcher.opened, 1);
    QVERIFY(session.usedHelo());
    QVERIFY(session.extensions().isEmpty());
    QCOMPARE(session.sizeLimit(), -1);
    session.quit();
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QVERIFY(!watcher.error().isError());
}

void TestSmtpClientSession::heloFallbackImpossibleWithStartTls()
{
    ScriptedServer server({ "S: 220 old.example.com SMTP", "C: EHLO client.example",
                            "S: 502 Not implemented", "C: QUIT", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::StartTls), u"client.example"_qs);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QCOMPARE(watcher.opened, 0);
    QCOMPARE(watcher.error().code, Code::StartTlsUnavailable);
}

void TestSmtpClientSession::greetingRefused_data()
{
    QTest::addColumn<QByteArrayList>("script");
    QTest::addColumn<QString>("message");
    // RFC 5321 s3.1: 554 instead of 220; the client says QUIT.
    QTest::newRow("554") << QByteArrayList { "S: 554 5.7.1 No SMTP service here", "C: QUIT",
                                             "EXPECT-CLOSE" }
                         << u"localhost refused the connection: 554 5.7.1 No SMTP service here."_qs;
    // 421: the server is closing already; nothing is sent.
    QTest::newRow("421") << QByteArrayList { "S: 421 4.3.2 Too busy, try later", "EXPECT-CLOSE" }
                         << u"localhost refused the connection: 421 4.3.2 Too busy, try later."_qs;
}

void TestSmtpClientSession::greetingRefused()
{
    QFETCH(QByteArrayList, script);
    QFETCH(QString, message);
    ScriptedServer server(script);
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QCOMPARE(watcher.opened, 0);
    QCOMPARE(watcher.error().code, Code::ServerClosing);
    QCOMPARE(watcher.error().message, message);
    QVERIFY(watcher.error().isTemporary());
}

void TestSmtpClientSession::ehloRefused()
{
    ScriptedServer server({ "S: 220 ready", "C: EHLO client.example",
                            "S: 550 5.7.1 Client host rejected", "C: QUIT", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QCOMPARE(watcher.error().code, Code::CommandRejected);
    QCOMPARE(watcher.error().message,
             u"localhost refused EHLO: 550 5.7.1 Client host rejected."_qs);
}

void TestSmtpClientSession::startTlsThenEhloAgain()
{
    ScriptedServer server({ "S: 220 smtp.example.com ESMTP", "C: EHLO client.example",
                            "S: 250-smtp.example.com\\r\\n250-STARTTLS\\r\\n250 SIZE 1000",
                            "C: STARTTLS", "S: 220 2.0.0 Ready to start TLS", "TLS",
                            "C: EHLO client.example",
                            "S: 250-smtp.example.com\\r\\n250-AUTH PLAIN\\r\\n250 SIZE 2000",
                            "C: QUIT", "S: 221 Bye", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::StartTls), u"client.example"_qs);
    QTRY_COMPARE(watcher.opened, 1);
    QVERIFY(session.isEncrypted());
    QVERIFY(session.tlsDetails().encrypted);
    // What the server said in plaintext is forgotten: only the second EHLO counts.
    QVERIFY(!session.hasExtension("STARTTLS"));
    QCOMPARE(session.sizeLimit(), 2000);
    QCOMPARE(session.authMechanisms(), QByteArrayList { "PLAIN" });
    session.quit();
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QVERIFY(!watcher.error().isError());
}

void TestSmtpClientSession::startTlsNotOffered()
{
    ScriptedServer server({ "S: 220 smtp.example.com ESMTP", "C: EHLO client.example",
                            "S: 250-smtp.example.com\\r\\n250 AUTH PLAIN LOGIN", "C: QUIT",
                            "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::StartTls), u"client.example"_qs);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QCOMPARE(watcher.opened, 0);
    QCOMPARE(watcher.error().code, Code::StartTlsUnavailable);
    QVERIFY(watcher.error().message.startsWith(u"localhost does not offer STARTTLS"));
    QVERIFY(!watcher.error().isTemporary());
}

void TestSmtpClientSession::startTlsRefused()
{
    ScriptedServer server({ "S: 220 smtp.example.com ESMTP", "C: EHLO client.example",
                            "S: 250-smtp.example.com\\r\\n250 STARTTLS", "C: STARTTLS",
                            "S: 454 4.7.0 TLS not available due to temporary reason", "C: QUIT",
                            "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::StartTls), u"client.example"_qs);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QCOMPARE(watcher.opened, 0);
    QCOMPARE(watcher.error().code, Code::StartTlsUnavailable);
    QCOMPARE(watcher.error().message,
             u"localhost refused STARTTLS: 454 4.7.0 TLS not available due to temporary reason. "
             "Nothing was sent in plaintext."_qs);
}

void TestSmtpClientSession::bytesAfterGoAheadNeverProcessed()
{
    // RFC 3207 s4.2: "250 ..." sent with the go-ahead, before the handshake, would otherwise
    // be taken as the answer to the EHLO over TLS (and offer AUTH PLAIN, or anything).
    ScriptedServer server({ "S: 220 smtp.example.com ESMTP", "C: EHLO client.example",
                            "S: 250-smtp.example.com\\r\\n250 STARTTLS", "C: STARTTLS",
                            "S: 220 go\\r\\n250-injected\\r\\n250 AUTH PLAIN", "TLS",
                            "C: EHLO client.example", "S: 250-smtp.example.com\\r\\n250 SIZE 5",
                            "C: QUIT", "S: 221 Bye", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::StartTls), u"client.example"_qs);
    QTRY_COMPARE(watcher.opened, 1);
    QVERIFY(session.isEncrypted());
    QVERIFY(session.authMechanisms().isEmpty());
    QCOMPARE(session.sizeLimit(), 5);
    QCOMPARE(session.ehloReply().lines().first(), QByteArray("smtp.example.com"));
    const QString log = session.log()->toText();
    QVERIFY2(log.contains(u"Discarded"), qPrintable(log));
    QVERIFY2(!log.contains(u"injected"), qPrintable(log));
    session.quit();
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
}

void TestSmtpClientSession::implicitTls()
{
    ScriptedServer server({ "S: 220 smtp.example.com ESMTP", "C: EHLO client.example",
                            "S: 250-smtp.example.com\\r\\n250 AUTH PLAIN", "C: QUIT", "S: 221 Bye",
                            "EXPECT-CLOSE" },
                          true);
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::ImplicitTls), u"client.example"_qs);
    QTRY_COMPARE(watcher.opened, 1);
    QVERIFY(session.isEncrypted());
    session.quit();
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QVERIFY(!watcher.error().isError());
}

void TestSmtpClientSession::serverClosingMidSession()
{
    ScriptedServer server({ "S: 220 ready", "C: EHLO client.example", "S: 250 mx", "WAIT 50",
                            "S: 421 4.3.2 Service shutting down", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QCOMPARE(watcher.opened, 1);
    QCOMPARE(watcher.error().code, Code::ServerClosing);
    QCOMPARE(watcher.error().message,
             u"localhost is closing the connection: 421 4.3.2 Service shutting down."_qs);
    QVERIFY(watcher.error().isTemporary());
}

void TestSmtpClientSession::unsolicitedReply()
{
    ScriptedServer server({ "S: 220 ready", "C: EHLO client.example", "S: 250 mx", "WAIT 50",
                            "S: 250 surprise", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QCOMPARE(watcher.error().code, Code::ProtocolViolation);
}

void TestSmtpClientSession::malformedReply()
{
    ScriptedServer server(
        { "S: 220 ready", "C: EHLO client.example", "S: 250-mx\\r\\nHELLO", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QCOMPARE(watcher.opened, 0);
    QCOMPARE(watcher.error().code, Code::ProtocolViolation);
    QVERIFY2(watcher.error().message.contains(u"\"HELLO\""), qPrintable(watcher.error().message));
}

void TestSmtpClientSession::connectionLost()
{
    ScriptedServer server({ "S: 220 ready", "C: EHLO client.example", "S: 250 mx", "CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    MAGPIE_VERIFY_SCRIPT(server);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QCOMPARE(watcher.opened, 1);
    QCOMPARE(watcher.error().code, Code::ConnectionLost);
    QVERIFY(watcher.error().isTemporary());
}

void TestSmtpClientSession::invalidHeloName()
{
    ScriptedServer server({});
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext),
                            u"client.example\r\nMAIL FROM:<x@example.com>"_qs);
    QTRY_COMPARE(watcher.closed.size(), 1);
    QCOMPARE(watcher.error().code, Code::InvalidArgument);
    QVERIFY(server.clientBytes().isEmpty());
}

void TestSmtpClientSession::abortStopsEverything()
{
    ScriptedServer server(
        { "S: 220 ready", "C: EHLO client.example", "S: 250 mx", "EXPECT-CLOSE" });
    SmtpSession session;
    Watcher watcher(&session);
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    QTRY_COMPARE(watcher.opened, 1);
    session.abort();
    MAGPIE_VERIFY_SCRIPT(server);
    QCOMPARE(watcher.closed.size(), 1);
    QCOMPARE(watcher.error().code, Code::Aborted);
}

void TestSmtpClientSession::reconnectAfterQuit()
{
    const QByteArrayList script { "S: 220 ready", "C: EHLO client.example",
                                  "S: 250 mx",    "C: QUIT",
                                  "S: 221 Bye",   "EXPECT-CLOSE" };
    SmtpSession session;
    Watcher watcher(&session);
    for (int round = 1; round <= 2; ++round) {
        ScriptedServer server(script);
        session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
        QTRY_COMPARE(watcher.opened, round);
        session.quit();
        MAGPIE_VERIFY_SCRIPT(server);
        QTRY_COMPARE(watcher.closed.size(), round);
        QVERIFY(!watcher.closed.constLast().isError());
    }
}

QTEST_GUILESS_MAIN(TestSmtpClientSession)
#include "tst_smtpclientsession.moc"
