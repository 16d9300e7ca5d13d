// SPDX-License-Identifier: GPL-3.0-or-later
// Pop3Session's opening against scripted servers: greeting, CAPA, required STLS (offered,
// missing, refused, with bytes injected before the handshake), implicit TLS, refusals,
// malformed replies, timeouts and a server that hangs up.
#include "Pop3Dialogue.h"
#include "net/pop3/Pop3NoopJob.h"

#include <QSignalSpy>
#include <QTest>

using magpie::net::NetError;
using magpie::net::ServerEndpoint;
using magpie::pop3::Pop3NoopJob;
using magpie::pop3::Pop3Session;
using magpie::test::Pop3Dialogue;
using magpie::test::pop3Opening;
using Code = NetError::Code;
using Security = ServerEndpoint::Security;

class TestPop3ClientSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void greetingAndCapabilities();
    void serverWithoutCapa();
    void implicitTls();
    void startTlsAsksCapaAgain();
    void startTlsNotOffered();
    void startTlsWithoutCapa();
    void startTlsRefused();
    void bytesAfterStlsGoAheadAreNeverRead();
    void errGreeting();
    void notAPop3Server();
    void malformedReplyEndsTheSession();
    void unexpectedChallenge();
    void greetingTimeout();
    void serverHangsUp();
    void quitWithoutConnection();
    void abortFailsQueuedJobs();
    void jobsWaitForTheOpening();
    void statesInOrder();
    void deletedJobDoesNotStallTheQueue();
};

void TestPop3ClientSession::greetingAndCapabilities()
{
    Pop3Dialogue d(pop3Opening({ "TOP", "UIDL", "SASL PLAIN LOGIN", "USER", "PIPELINING",
                                 "IMPLEMENTATION Magpie test" })
                   + QByteArrayList { "C: QUIT", "S: +OK bye", "EXPECT-CLOSE" });
    d.connect();
    QVERIFY(d.waitOpened());
    QCOMPARE(d.session.state(), Pop3Session::State::Authorization);
    QCOMPARE(d.session.greeting(),
             QByteArray("POP3 server ready <1896.697170952@dbc.mtview.ca.us>"));
    QCOMPARE(d.session.apopTimestamp(), QByteArray("<1896.697170952@dbc.mtview.ca.us>"));
    QVERIFY(d.session.capabilitiesKnown());
    QCOMPARE(d.session.capabilities().size(), 6);
    QVERIFY(d.session.hasCapability("uidl"));
    QVERIFY(d.session.hasCapability("PIPELINING"));
    QVERIFY(!d.session.hasCapability("STLS"));
    QVERIFY(!d.session.hasCapability("SASL PLAIN")); // by the first word only
    QCOMPARE(d.session.saslMechanisms(), (QByteArrayList { "PLAIN", "LOGIN" }));
    QCOMPARE(d.session.capabilityArguments("IMPLEMENTATION"),
             (QByteArrayList { "Magpie", "test" }));
    QVERIFY(!d.session.tlsDetails().encrypted);

    d.session.quit();
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::None);
    QCOMPARE(d.session.state(), Pop3Session::State::LoggedOut);
    MAGPIE_VERIFY_SCRIPT(d.server);
    QVERIFY2(d.log().contains(u"C: CAPA\nS: +OK Capability list follows\nS: TOP\n"),
             qPrintable(d.log()));
    QVERIFY(d.log().contains(u"S: IMPLEMENTATION Magpie test\nS: .\nC: QUIT\nS: +OK bye\n"));
}

void TestPop3ClientSession::serverWithoutCapa()
{
    // RFC 2449 s5: a server from before CAPA says -ERR; it still works, with no capabilities.
    Pop3Dialogue d({ "S: +OK ready", "C: CAPA", "S: -ERR unknown command", "C: QUIT", "S: +OK",
                     "EXPECT-CLOSE" });
    d.connect();
    QVERIFY(d.waitOpened());
    QVERIFY(!d.session.capabilitiesKnown());
    QVERIFY(d.session.capabilities().isEmpty());
    QVERIFY(d.session.apopTimestamp().isEmpty());
    d.session.quit();
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::None);
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3ClientSession::implicitTls()
{
    Pop3Dialogue d(pop3Opening() + QByteArrayList { "C: QUIT", "S: +OK", "EXPECT-CLOSE" },
                   Security::ImplicitTls);
    d.connect();
    QVERIFY(d.waitOpened());
    QVERIFY(d.session.tlsDetails().encrypted);
    QVERIFY(d.log().contains(u"established"));
    d.session.quit();
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::None);
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3ClientSession::startTlsAsksCapaAgain()
{
    Pop3Dialogue d(pop3Opening({ "USER", "STLS", "SASL EXTERNAL" })
                       + QByteArrayList { "C: STLS", "S: +OK Begin TLS negotiation", "TLS",
                                          "C: CAPA", "S: +OK", "S: USER", "S: SASL PLAIN LOGIN",
                                          "S: .", "C: QUIT", "S: +OK", "EXPECT-CLOSE" },
                   Security::StartTls);
    d.connect();
    QVERIFY(d.waitOpened());
    QVERIFY(d.session.tlsDetails().encrypted);
    // The list from before TLS is gone: only what the server said over TLS counts.
    QCOMPARE(d.session.capabilities(), (QByteArrayList { "USER", "SASL PLAIN LOGIN" }));
    QVERIFY(!d.session.hasCapability("STLS"));
    d.session.quit();
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::None);
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3ClientSession::startTlsNotOffered()
{
    Pop3Dialogue d(pop3Opening({ "USER", "SASL PLAIN" }) + QByteArrayList { "EXPECT-CLOSE" },
                   Security::StartTls);
    d.connect();
    QVERIFY(!d.waitOpened());
    QCOMPARE(d.closedError().code, Code::StartTlsUnavailable);
    QVERIFY2(d.closedError().message.contains(u"does not offer STLS"),
             qPrintable(d.closedError().message));
    QCOMPARE(d.session.state(), Pop3Session::State::Disconnected);
    MAGPIE_VERIFY_SCRIPT(d.server); // and nothing, above all no password, was sent
}

void TestPop3ClientSession::startTlsWithoutCapa()
{
    Pop3Dialogue d({ "S: +OK ready", "C: CAPA", "S: -ERR what?", "EXPECT-CLOSE" },
                   Security::StartTls);
    d.connect();
    QVERIFY(!d.waitOpened());
    QCOMPARE(d.closedError().code, Code::StartTlsUnavailable);
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3ClientSession::startTlsRefused()
{
    Pop3Dialogue d(pop3Opening({ "STLS", "USER" })
                       + QByteArrayList { "C: STLS", "S: -ERR [SYS/TEMP] TLS not available now",
                                          "EXPECT-CLOSE" },
                   Security::StartTls);
    d.connect();
    QVERIFY(!d.waitOpened());
    QCOMPARE(d.closedError().code, Code::StartTlsUnavailable);
    QVERIFY2(d.closedError().message.contains(u"refused to start TLS"),
             qPrintable(d.closedError().message));
    QVERIFY(d.closedError().message.contains(u"TLS not available now"));
    MAGPIE_VERIFY_SCRIPT(d.server);
}

// RFC 2595 s3.1: a man in the middle appends a forged CAPA answer to the go-ahead. It must be
// dropped, not read as the answer to the CAPA sent over TLS.
void TestPop3ClientSession::bytesAfterStlsGoAheadAreNeverRead()
{
    Pop3Dialogue d(pop3Opening({ "STLS", "USER" })
                       + QByteArrayList { "C: STLS",
                                          "S: +OK Begin TLS\\r\\n+OK\\r\\nSASL FORGED\\r\\n.",
                                          "TLS", "C: CAPA", "S: +OK", "S: USER", "S: .", "C: QUIT",
                                          "S: +OK", "EXPECT-CLOSE" },
                   Security::StartTls);
    d.connect();
    QVERIFY(d.waitOpened());
    QCOMPARE(d.session.capabilities(), QByteArrayList { "USER" });
    QVERIFY2(!d.log().contains(u"FORGED"), qPrintable(d.log()));
    QVERIFY2(d.log().contains(u"Discarded 21 bytes received before the TLS handshake"),
             qPrintable(d.log()));
    d.session.quit();
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::None);
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3ClientSession::errGreeting()
{
    Pop3Dialogue d({ "S: -ERR [SYS/TEMP] Too many connections, try later", "EXPECT-CLOSE" });
    QSignalSpy opened(&d.session, &Pop3Session::opened);
    d.connect();
    QVERIFY(d.waitClosed());
    QCOMPARE(opened.size(), 0);
    QCOMPARE(d.closedError().code, Code::ServerClosing);
    QVERIFY(d.closedError().isTemporary());
    QVERIFY2(d.closedError().message.contains(u"Too many connections"),
             qPrintable(d.closedError().message));
    QCOMPARE(d.closedError().serverReply,
             QByteArray("-ERR [SYS/TEMP] Too many connections, try later"));
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3ClientSession::notAPop3Server()
{
    Pop3Dialogue d({ "S: * OK [CAPABILITY IMAP4rev1] ready", "EXPECT-CLOSE" });
    d.connect();
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::ProtocolViolation);
    QVERIFY2(d.closedError().message.contains(u"* OK [CAPABILITY IMAP4rev1] ready"),
             qPrintable(d.closedError().message));
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3ClientSession::malformedReplyEndsTheSession()
{
    Pop3Dialogue d(pop3Opening() + QByteArrayList { "C: NOOP", "S: 250 OK", "EXPECT-CLOSE" });
    d.connect();
    QVERIFY(d.waitOpened());
    auto *noop = d.run(new Pop3NoopJob(&d.session));
    auto *queued = new Pop3NoopJob(&d.session);
    queued->setAutoDelete(false);
    QVERIFY(noop->isFinished());
    QCOMPARE(noop->error().code, Code::ProtocolViolation);
    QCOMPARE(d.closedError().code, Code::ProtocolViolation);
    queued->start(); // after the end: fails at once, nothing sent
    QVERIFY(Pop3Dialogue::waitUntil([queued] { return queued->isFinished(); }, 2000));
    QCOMPARE(queued->error().code, Code::ConnectionLost);
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3ClientSession::unexpectedChallenge()
{
    Pop3Dialogue d(pop3Opening()
                   + QByteArrayList { "C: NOOP", "S: + more please", "EXPECT-CLOSE" });
    d.connect();
    QVERIFY(d.waitOpened());
    auto *noop = d.run(new Pop3NoopJob(&d.session));
    QCOMPARE(noop->error().code, Code::ProtocolViolation);
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3ClientSession::greetingTimeout()
{
    Pop3Dialogue d({ "WAIT 1000" });
    d.endpoint.readTimeoutMs = 150;
    d.connect();
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::Timeout);
}

void TestPop3ClientSession::serverHangsUp()
{
    Pop3Dialogue d(pop3Opening() + QByteArrayList { "C: NOOP", "CLOSE" });
    d.connect();
    QVERIFY(d.waitOpened());
    auto *noop = d.run(new Pop3NoopJob(&d.session));
    QCOMPARE(noop->error().code, Code::ConnectionLost);
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::ConnectionLost);
    QCOMPARE(d.session.state(), Pop3Session::State::Disconnected);
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3ClientSession::quitWithoutConnection()
{
    Pop3Session session;
    QSignalSpy closed(&session, &Pop3Session::closed);
    session.quit();
    QVERIFY(closed.wait(1000));
    QCOMPARE(closed.first().first().value<NetError>().code, Code::None);
}

void TestPop3ClientSession::abortFailsQueuedJobs()
{
    Pop3Dialogue d(pop3Opening() + QByteArrayList { "C: NOOP", "WAIT 200" });
    d.connect();
    QVERIFY(d.waitOpened());
    auto *first = new Pop3NoopJob(&d.session);
    auto *second = new Pop3NoopJob(&d.session);
    first->setAutoDelete(false);
    second->setAutoDelete(false);
    first->start();
    second->start();
    QVERIFY(Pop3Dialogue::waitUntil([&d] { return d.session.currentJob() != nullptr; }, 2000));
    d.session.abort();
    QVERIFY(first->isFinished());
    QVERIFY(second->isFinished());
    QCOMPARE(first->error().code, Code::Aborted);
    QCOMPARE(second->error().code, Code::Aborted);
    QCOMPARE(d.closedError().code, Code::Aborted);
}

// Jobs started before the session is open wait for the greeting and CAPA, then run in order.
void TestPop3ClientSession::jobsWaitForTheOpening()
{
    Pop3Dialogue d(pop3Opening()
                   + QByteArrayList { "C: NOOP", "S: +OK", "C: NOOP", "S: +OK", "C: QUIT", "S: +OK",
                                      "EXPECT-CLOSE" });
    QList<int> order;
    d.connect();
    auto *first = new Pop3NoopJob(&d.session);
    auto *second = new Pop3NoopJob(&d.session);
    connect(first, &Pop3NoopJob::finished, this, [&order] { order.append(1); });
    connect(second, &Pop3NoopJob::finished, this, [&order] { order.append(2); });
    first->start();
    second->start();
    d.session.quit();
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::None);
    QCOMPARE(order, (QList<int> { 1, 2 }));
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3ClientSession::statesInOrder()
{
    Pop3Dialogue d(pop3Opening() + QByteArrayList { "C: QUIT", "S: +OK", "EXPECT-CLOSE" });
    QList<Pop3Session::State> states;
    connect(&d.session, &Pop3Session::stateChanged, this,
            [&states](Pop3Session::State state) { states.append(state); });
    d.connect();
    QVERIFY(d.waitOpened());
    d.session.quit();
    QVERIFY(d.waitClosed());
    QCOMPARE(states,
             (QList<Pop3Session::State> { Pop3Session::State::Connecting,
                                          Pop3Session::State::Authorization,
                                          Pop3Session::State::LoggedOut }));
}

// A job deleted while it waits for its reply: the reply is read and dropped, the next job runs.
void TestPop3ClientSession::deletedJobDoesNotStallTheQueue()
{
    Pop3Dialogue d(pop3Opening()
                   + QByteArrayList { "C: NOOP", "S: +OK first", "C: NOOP", "S: +OK second",
                                      "C: QUIT", "S: +OK", "EXPECT-CLOSE" });
    d.connect();
    QVERIFY(d.waitOpened());
    auto *first = new Pop3NoopJob(&d.session);
    auto *second = new Pop3NoopJob(&d.session);
    second->setAutoDelete(false);
    first->start();
    second->start();
    QVERIFY(Pop3Dialogue::waitUntil([&d] { return d.session.currentJob() != nullptr; }));
    QCOMPARE(d.session.currentJob(), first);
    delete first;
    QVERIFY(Pop3Dialogue::waitUntil([second] { return second->isFinished(); }));
    QVERIFY(!second->failed());
    d.session.quit();
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::None);
    MAGPIE_VERIFY_SCRIPT(d.server);
}

QTEST_GUILESS_MAIN(TestPop3ClientSession)
#include "tst_pop3clientsession.moc"
