// SPDX-License-Identifier: GPL-3.0-or-later
// ImapSession against scripted servers, byte-exact: greetings, STARTTLS (offered, missing,
// refused, PREAUTH instead, bytes injected after the go-ahead), responses before login, BYE
// and malformed responses mid-command, literals, unsolicited signals, timeouts, LOGOUT and
// the protocol log.
#include "ImapDialogue.h"

#include "net/imap/CapabilityJob.h"
#include "net/imap/NoopJob.h"

#include <QSignalSpy>
#include <QTest>

using magpie::imap::CapabilityJob;
using magpie::imap::ImapSession;
using magpie::imap::LoginJob;
using magpie::imap::NoopJob;
using magpie::net::NetError;
using magpie::test::ImapDialogue;
using Security = magpie::net::ServerEndpoint::Security;
using Code = NetError::Code;
using State = ImapSession::State;

namespace {

magpie::net::Credentials alice(const QString &user = QStringLiteral("alice"))
{
    magpie::net::Credentials credentials;
    credentials.user = user;
    credentials.password = QStringLiteral("secret");
    return credentials;
}

} // namespace

class TestImapClientSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void greetingWithCapabilities();
    void greetingWithoutCapabilitiesAsksForThem();
    void preauthGreeting();
    void byeGreeting();
    void implicitTls();
    void startTlsAsksForCapabilitiesAgain();
    void startTlsNotOffered();
    void startTlsRefused();
    void preauthInsteadOfStartTls();
    void bytesAfterStartTlsGoAheadAreNeverProcessed();
    void unsolicitedResponsesBeforeLoginAreIgnored();
    void unsolicitedResponsesAfterLoginBecomeSignals();
    void alertIsShownAnyTime();
    void byeMidCommandFailsTheCommand();
    void malformedResponseFailsTheCommandAndTheNextWorks();
    void malformedTaggedResponseFailsThatCommand();
    void literalWaitsForContinuation();
    void literalPlusDoesNotWait();
    void literalMinusOnlyForSmallLiterals();
    void noInsteadOfContinuationFailsTheCommand();
    void jobsRunInOrderWithIncreasingTags();
    void jobsStartedBeforeOpenWaitForIt();
    void jobDeletedWhileRunningDoesNotBlockTheQueue();
    void jobsFailWhenOpeningFails();
    void readTimeoutFailsTheCommand();
    void logoutExpectsByeAndCloses();
    void abortFailsQueuedJobs();
    void connectionLostMidCommand();
    void connectionRefused();
    void protocolLogRedactsSecretsAndLiterals();
};

void TestImapClientSession::greetingWithCapabilities()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 IDLE AUTH=PLAIN auth=xoauth2] ready" });
    QSignalSpy states(&dialogue.session, &ImapSession::stateChanged);
    QVERIFY(dialogue.open());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(dialogue.session.state(), State::NotAuthenticated);
    QVERIFY(dialogue.session.hasCapability("idle"));
    QVERIFY(dialogue.session.hasCapability("IMAP4REV1"));
    QCOMPARE(dialogue.session.authMechanisms(), QByteArrayList({ "PLAIN", "XOAUTH2" }));
    QVERIFY(dialogue.session.isOpen());
    QCOMPARE(states.count(), 2); // Connecting, NotAuthenticated
}

void TestImapClientSession::greetingWithoutCapabilitiesAsksForThem()
{
    ImapDialogue dialogue({ "S: * OK server ready", "C: a1 CAPABILITY",
                            "S: * CAPABILITY IMAP4rev1 LITERAL+", "S: a1 OK done" });
    QVERIFY(dialogue.open());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(dialogue.session.hasCapability("LITERAL+"));
}

void TestImapClientSession::preauthGreeting()
{
    ImapDialogue dialogue({ "S: * PREAUTH [CAPABILITY IMAP4rev1] welcome back", "C: a1 NOOP",
                            "S: * 3 EXISTS", "S: a1 OK" });
    QVERIFY(dialogue.open());
    QCOMPARE(dialogue.session.state(), State::Authenticated);
    QVERIFY(dialogue.run(dialogue.make<LoginJob>(alice()))); // nothing to send
    QVERIFY(dialogue.run(dialogue.make<NoopJob>()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(dialogue.events, QByteArrayList({ "EXISTS 3" }));
}

void TestImapClientSession::byeGreeting()
{
    ImapDialogue dialogue({ "S: * BYE too many connections from your address" });
    const NetError error = dialogue.openFails();
    QCOMPARE(error.code, Code::ServerClosing);
    QCOMPARE(error.message,
             QStringLiteral("localhost is not accepting connections: “too many connections from "
                            "your address”."));
    QCOMPARE(dialogue.openedCount, 0);
    QCOMPARE(dialogue.session.state(), State::Disconnected);
}

void TestImapClientSession::implicitTls()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 NOOP", "S: a1 OK" },
                          Security::ImplicitTls, true);
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.session.tlsDetails().encrypted);
    QVERIFY(dialogue.run(dialogue.make<NoopJob>()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::startTlsAsksForCapabilitiesAgain()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 STARTTLS LOGINDISABLED] ready",
                            "C: a1 STARTTLS", "S: a1 OK Begin TLS negotiation now", "TLS",
                            "C: a2 CAPABILITY", "S: * CAPABILITY IMAP4rev1 AUTH=PLAIN",
                            "S: a2 OK done" },
                          Security::StartTls);
    QVERIFY(dialogue.open());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(dialogue.session.tlsDetails().encrypted);
    QVERIFY(!dialogue.session.hasCapability("STARTTLS"));
    QVERIFY(!dialogue.session.hasCapability("LOGINDISABLED"));
    QCOMPARE(dialogue.session.authMechanisms(), QByteArrayList({ "PLAIN" }));
}

void TestImapClientSession::startTlsNotOffered()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready", "EXPECT-CLOSE" },
                          Security::StartTls);
    const NetError error = dialogue.openFails();
    QCOMPARE(error.code, Code::StartTlsUnavailable);
    QCOMPARE(error.message,
             QStringLiteral("localhost does not offer STARTTLS, so Magpie will not send your "
                            "password unencrypted. Choose SSL/TLS or ask your provider."));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::startTlsRefused()
{
    for (const QByteArray status : { "NO", "BAD" }) {
        ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready", "C: a1 STARTTLS",
                                "S: a1 " + status + " TLS is broken today", "EXPECT-CLOSE" },
                              Security::StartTls);
        const NetError error = dialogue.openFails();
        QCOMPARE(error.code, Code::StartTlsUnavailable);
        QVERIFY2(error.message.contains(u"TLS is broken today"), qPrintable(error.message));
        QVERIFY(error.message.contains(u"will not send your password unencrypted"));
        MAGPIE_VERIFY_SCRIPT(dialogue.server);
    }
}

void TestImapClientSession::preauthInsteadOfStartTls()
{
    // RFC 3501 s6.2.1: after PREAUTH there is no STARTTLS; never go on unencrypted.
    ImapDialogue dialogue(
        { "S: * PREAUTH [CAPABILITY IMAP4rev1 STARTTLS] logged in", "EXPECT-CLOSE" },
        Security::StartTls);
    const NetError error = dialogue.openFails();
    QCOMPARE(error.code, Code::StartTlsUnavailable);
    QVERIFY2(error.message.contains(u"PREAUTH"), qPrintable(error.message));
    QCOMPARE(dialogue.openedCount, 0);
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::bytesAfterStartTlsGoAheadAreNeverProcessed()
{
    // The STARTTLS response injection (RFC 2595 s3.1): a man in the middle appends responses
    // to the go-ahead; they must not count, not even as capabilities or alerts.
    ImapDialogue dialogue(
        { "S: * OK [CAPABILITY IMAP4rev1 STARTTLS] ready", "C: a1 STARTTLS",
          "S: a1 OK Begin TLS\\r\\n* OK [CAPABILITY IMAP4rev1 INJECTED] injected\\r\\n"
          "* OK [ALERT] injected alert\\r\\n* 7 EXISTS",
          "TLS", "C: a2 CAPABILITY", "S: * CAPABILITY IMAP4rev1 AUTH=PLAIN", "S: a2 OK done",
          "C: a3 NOOP", "S: a3 OK" },
        Security::StartTls);
    QSignalSpy capabilityChanges(&dialogue.session, &ImapSession::capabilitiesChanged);
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.run(dialogue.make<NoopJob>()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(!dialogue.session.hasCapability("INJECTED"));
    QVERIFY(dialogue.events.isEmpty());
    // greeting, cleared at STARTTLS, CAPABILITY after TLS: never the injected list
    QCOMPARE(capabilityChanges.count(), 3);
    bool noted = false;
    for (const QString &line : dialogue.logLines())
        noted = noted || (line.startsWith(u"-- discarded ") && line.contains(u"bytes"));
    QVERIFY2(noted, qPrintable(dialogue.logLines().join(u'\n')));
}

void TestImapClientSession::unsolicitedResponsesBeforeLoginAreIgnored()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "S: * 4 EXISTS",
                            "S: * 1 FETCH (FLAGS (\\\\Seen))", "C: a1 LOGIN alice secret",
                            "S: * 5 EXISTS", "S: * 2 EXPUNGE", "S: * FLAGS (\\\\Seen)",
                            "S: * VANISHED 3", "S: a1 OK [CAPABILITY IMAP4rev1] logged in" });
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(dialogue.events, QByteArrayList());
    QCOMPARE(dialogue.session.state(), State::Authenticated);
}

void TestImapClientSession::unsolicitedResponsesAfterLoginBecomeSignals()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 LOGIN alice secret",
                            "S: a1 OK [CAPABILITY IMAP4rev1] logged in", "C: a2 NOOP",
                            "S: * 9 EXISTS", "S: * 3 EXPUNGE", "S: * VANISHED 5:7,9",
                            "S: * VANISHED (EARLIER) 2", "S: * 4 FETCH (UID 44 FLAGS (\\\\Seen))",
                            "S: * FLAGS (\\\\Seen \\\\Deleted)", "S: a2 OK done", "WAIT 50",
                            "S: * 10 EXISTS" });
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    QVERIFY(dialogue.run(dialogue.make<NoopJob>()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QTRY_COMPARE(dialogue.events.size(), 7); // the last one while no job runs
    QCOMPARE(
        dialogue.events,
        QByteArrayList({ "EXISTS 9", "EXPUNGE 3", "VANISHED 5:7,9", "VANISHED (EARLIER) 2",
                         "FETCH 4 UID 44 FLAGS \\Seen", "FLAGS \\Seen \\Deleted", "EXISTS 10" }));
}

void TestImapClientSession::alertIsShownAnyTime()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 LOGIN alice secret",
                            "S: * OK [ALERT] Your mailbox is almost full",
                            "S: a1 OK [CAPABILITY IMAP4rev1] logged in" });
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(dialogue.events, QByteArrayList({ "ALERT Your mailbox is almost full" }));
}

void TestImapClientSession::byeMidCommandFailsTheCommand()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 NOOP",
                            "S: * BYE Server shutting down for maintenance", "CLOSE" });
    QVERIFY(dialogue.open());
    auto *noop = dialogue.make<NoopJob>();
    auto *queued = dialogue.make<NoopJob>();
    noop->start();
    queued->start();
    QVERIFY(ImapDialogue::wait(noop));
    QCOMPARE(noop->error().code, Code::ServerClosing);
    QCOMPARE(noop->errorString(),
             QStringLiteral("localhost closed the connection: “Server "
                            "shutting down for maintenance”."));
    QVERIFY(dialogue.waitClosed());
    QVERIFY(ImapDialogue::wait(queued));
    QCOMPARE(queued->error().code, Code::ServerClosing);
    QCOMPARE(dialogue.closedErrors.constFirst().code, Code::ServerClosing);
    QCOMPARE(dialogue.events, QByteArrayList({ "BYE Server shutting down for maintenance" }));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::malformedResponseFailsTheCommandAndTheNextWorks()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 NOOP",
                            "S: * 1 FETCH (FLAGS (\\\\Seen)", "S: a1 OK done", "C: a2 NOOP",
                            "S: a2 OK done" });
    QVERIFY(dialogue.open());
    auto *first = dialogue.make<NoopJob>();
    QVERIFY(!dialogue.run(first));
    QCOMPARE(first->error().code, Code::ProtocolViolation);
    QVERIFY2(first->errorString().contains(u"could not read"), qPrintable(first->errorString()));
    QVERIFY2(first->errorString().contains(u"* 1 FETCH (FLAGS"), qPrintable(first->errorString()));
    QVERIFY(dialogue.run(dialogue.make<NoopJob>()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(dialogue.session.isOpen());
}

void TestImapClientSession::malformedTaggedResponseFailsThatCommand()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 NOOP",
                            "S: a1 WHAT is this", "C: a2 NOOP", "S: a2 OK" });
    QVERIFY(dialogue.open());
    auto *first = dialogue.make<NoopJob>();
    QVERIFY(!dialogue.run(first));
    QCOMPARE(first->error().code, Code::ProtocolViolation);
    QVERIFY(dialogue.run(dialogue.make<NoopJob>()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::literalWaitsForContinuation()
{
    // "jörg" is 8-bit, so neither an atom nor a quoted string (RFC 3501 s4.3): a literal.
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 LOGIN {5}",
                            "S: + go ahead", "C: j\\xc3\\xb6rg secret",
                            "S: a1 OK [CAPABILITY IMAP4rev1] logged in" });
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.run(dialogue.make<LoginJob>(alice(QStringLiteral("jörg")))));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::literalPlusDoesNotWait()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 LITERAL+] ready", "C: a1 LOGIN {5+}",
                            "C: j\\xc3\\xb6rg secret",
                            "S: a1 OK [CAPABILITY IMAP4rev1] logged in" });
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.run(dialogue.make<LoginJob>(alice(QStringLiteral("jörg")))));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::literalMinusOnlyForSmallLiterals()
{
    const QString longName = QStringLiteral("ö").repeated(2100); // 4200 bytes of UTF-8
    QByteArray longBytes;
    for (int i = 0; i < 2100; ++i)
        longBytes += "\\xc3\\xb6";
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 LITERAL-] ready", "C: a1 LOGIN {5+}",
                            "C: j\\xc3\\xb6rg secret", "S: a1 NO not you", "C: a2 LOGIN {4200}",
                            "S: + ok", "C: " + longBytes + " secret", "S: a2 NO not you either" });
    QVERIFY(dialogue.open());
    QVERIFY(!dialogue.run(dialogue.make<LoginJob>(alice(QStringLiteral("jörg")))));
    QVERIFY(!dialogue.run(dialogue.make<LoginJob>(alice(longName))));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::noInsteadOfContinuationFailsTheCommand()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 LOGIN {5}",
                            "S: a1 NO [CANNOT] no literals today", "C: a2 NOOP", "S: a2 OK" });
    QVERIFY(dialogue.open());
    auto *login = dialogue.make<LoginJob>(alice(QStringLiteral("jörg")));
    QVERIFY(!dialogue.run(login));
    QCOMPARE(login->error().code, Code::AuthenticationFailed);
    QVERIFY(login->errorString().contains(u"no literals today"));
    QVERIFY(dialogue.run(dialogue.make<NoopJob>())); // the literal's bytes were never sent
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::jobsRunInOrderWithIncreasingTags()
{
    ImapDialogue dialogue({ "S: * OK ready", "C: a1 CAPABILITY", "S: * CAPABILITY IMAP4rev1",
                            "S: a1 OK", "C: a2 NOOP", "S: a2 OK", "C: a3 CAPABILITY",
                            "S: * CAPABILITY IMAP4rev1 IDLE", "S: a3 OK", "C: a4 NOOP",
                            "S: a4 OK" });
    QVERIFY(dialogue.open());
    QList<magpie::net::Job *> jobs { dialogue.make<NoopJob>(), dialogue.make<CapabilityJob>(),
                                     dialogue.make<NoopJob>() };
    QByteArrayList order;
    for (magpie::net::Job *job : jobs) {
        QObject::connect(job, &magpie::net::Job::finished, job,
                         [&order, job] { order.append(job->metaObject()->className()); });
        job->start();
    }
    QVERIFY(ImapDialogue::wait(jobs.last()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(order,
             QByteArrayList({ "magpie::imap::NoopJob", "magpie::imap::CapabilityJob",
                              "magpie::imap::NoopJob" }));
    QVERIFY(dialogue.session.hasCapability("IDLE"));
}

void TestImapClientSession::jobsStartedBeforeOpenWaitForIt()
{
    ImapDialogue dialogue(
        { "WAIT 50", "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 NOOP", "S: a1 OK" });
    dialogue.session.connectToServer(dialogue.endpoint());
    auto *noop = dialogue.make<NoopJob>();
    QVERIFY(dialogue.run(noop));
    QCOMPARE(dialogue.openedCount, 1);
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::jobDeletedWhileRunningDoesNotBlockTheQueue()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 NOOP", "WAIT 50",
                            "S: a1 OK late", "C: a2 NOOP", "S: a2 OK" });
    QVERIFY(dialogue.open());
    auto *doomed = dialogue.make<NoopJob>();
    auto *next = dialogue.make<NoopJob>();
    doomed->start();
    next->start(); // queued behind it
    QTRY_VERIFY(dialogue.session.currentJob() == doomed);
    delete doomed;
    QVERIFY(ImapDialogue::wait(next)); // a1's late OK is ignored
    QVERIFY(!next->failed());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::jobsFailWhenOpeningFails()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "EXPECT-CLOSE" },
                          Security::StartTls);
    dialogue.session.connectToServer(dialogue.endpoint());
    auto *noop = dialogue.make<NoopJob>();
    noop->start();
    QVERIFY(ImapDialogue::wait(noop));
    QCOMPARE(noop->error().code, Code::StartTlsUnavailable);
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::readTimeoutFailsTheCommand()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 NOOP", "WAIT 1000" });
    dialogue.readTimeoutMs = 150;
    QVERIFY(dialogue.open());
    QTest::qWait(250); // nothing awaited: no timeout while no command is outstanding
    QVERIFY(dialogue.session.isOpen());
    auto *noop = dialogue.make<NoopJob>();
    QVERIFY(!dialogue.run(noop));
    QCOMPARE(noop->error().code, Code::Timeout);
    QVERIFY(dialogue.waitClosed());
    QCOMPARE(dialogue.closedErrors.constFirst().code, Code::Timeout);
}

void TestImapClientSession::logoutExpectsByeAndCloses()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 NOOP", "S: a1 OK",
                            "C: a2 LOGOUT", "S: * BYE see you", "S: a2 OK logged out",
                            "EXPECT-CLOSE" });
    QVERIFY(dialogue.open());
    auto *noop = dialogue.make<NoopJob>();
    noop->start();
    dialogue.session.logout(); // after the queued NOOP
    QVERIFY(dialogue.waitClosed());
    QVERIFY(noop->isFinished() && !noop->failed());
    QCOMPARE(dialogue.closedErrors.size(), 1);
    QCOMPARE(dialogue.closedErrors.constFirst().code, Code::None);
    QCOMPARE(dialogue.session.state(), State::LoggedOut);
    QVERIFY(dialogue.events.isEmpty()); // LOGOUT's BYE is no news
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapClientSession::abortFailsQueuedJobs()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 NOOP", "WAIT 500" });
    QVERIFY(dialogue.open());
    auto *running = dialogue.make<NoopJob>();
    auto *queued = dialogue.make<NoopJob>();
    running->start();
    queued->start();
    QTRY_VERIFY(dialogue.session.currentJob() == running);
    dialogue.session.abort();
    QVERIFY(running->isFinished() && queued->isFinished());
    QCOMPARE(running->error().code, Code::Aborted);
    QCOMPARE(queued->error().code, Code::Aborted);
    QCOMPARE(dialogue.closedErrors.size(), 1);
    QCOMPARE(dialogue.closedErrors.constFirst().code, Code::Aborted);
}

void TestImapClientSession::connectionLostMidCommand()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 NOOP", "CLOSE" });
    QVERIFY(dialogue.open());
    auto *noop = dialogue.make<NoopJob>();
    QVERIFY(!dialogue.run(noop));
    QCOMPARE(noop->error().code, Code::ConnectionLost);
    QVERIFY(dialogue.waitClosed());
    QCOMPARE(dialogue.closedErrors.constFirst().code, Code::ConnectionLost);
    QCOMPARE(dialogue.session.state(), State::Disconnected);
}

void TestImapClientSession::connectionRefused()
{
    magpie::net::ServerEndpoint endpoint;
    {
        ImapDialogue closedPort({});
        endpoint = closedPort.endpoint();
    } // nothing listens there any more
    ImapSession session;
    QList<NetError> errors;
    QObject::connect(&session, &ImapSession::closed, &session,
                     [&errors](const NetError &error) { errors.append(error); });
    auto *noop = new NoopJob(&session);
    noop->setAutoDelete(false);
    session.connectToServer(endpoint);
    noop->start();
    QVERIFY(ImapDialogue::wait(noop));
    QCOMPARE(noop->error().code, Code::ConnectionRefused);
    QCOMPARE(errors.size(), 1);
    QCOMPARE(errors.constFirst().code, Code::ConnectionRefused);
    QCOMPARE(session.state(), State::Disconnected);
}

void TestImapClientSession::protocolLogRedactsSecretsAndLiterals()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1] ready",
                            "C: a1 LOGIN alice \"pass word\"",
                            "S: a1 OK [CAPABILITY IMAP4rev1] logged in", "C: a2 NOOP",
                            "S: * 1 FETCH (UID 5 BODY[] {11}\\r\\nhello world)", "S: a2 OK" });
    QVERIFY(dialogue.open());
    magpie::net::Credentials credentials = alice();
    credentials.password = QStringLiteral("pass word");
    QVERIFY(dialogue.run(dialogue.make<LoginJob>(credentials)));
    QVERIFY(dialogue.run(dialogue.make<NoopJob>()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    const QStringList lines = dialogue.logLines();
    const QString text = lines.join(u'\n');
    QVERIFY2(!text.contains(u"pass word"), qPrintable(text));
    QVERIFY2(!text.contains(u"hello world"), qPrintable(text));
    QVERIFY2(lines.contains(u"C: a1 LOGIN alice <redacted>"), qPrintable(text));
    QVERIFY2(lines.contains(u"S: * 1 FETCH (UID 5 BODY[] {11}"), qPrintable(text));
    QVERIFY2(lines.contains(u"S: {11 bytes}"), qPrintable(text));
    QVERIFY2(lines.contains(u"S: )"), qPrintable(text));
    QVERIFY2(lines.contains(u"S: * OK [CAPABILITY IMAP4rev1] ready"), qPrintable(text));
}

QTEST_GUILESS_MAIN(TestImapClientSession)
#include "tst_imapclientsession.moc"
