// SPDX-License-Identifier: GPL-3.0-or-later
// IdleJob against scripted servers, byte-exact (RFC 2177): changes while idling become the
// session's signals, DONE on stop(), the re-issue before the server's 30-minute limit, a
// queued job ending the idle, and no read timeout while idling.
#include "ImapDialogue.h"

#include "net/imap/IdleJob.h"
#include "net/imap/NoopJob.h"

#include <QSignalSpy>
#include <QTest>

using magpie::imap::IdleJob;
using magpie::imap::NoopJob;
using magpie::net::NetError;
using magpie::test::ImapDialogue;

namespace {

QByteArrayList loggedIn(const QByteArray &capabilities = "IDLE")
{
    return { "S: * OK [CAPABILITY IMAP4rev1 " + capabilities + "] ready",
             "C: a1 LOGIN alice secret",
             "S: a1 OK [CAPABILITY IMAP4rev1 " + capabilities + "] Logged in" };
}

} // namespace

class TestImapIdleJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void changesArriveAsSignalsUntilDone();
    void reissuedBeforeTheServerGivesUp();
    void defaultReissueIsUnder29Minutes();
    void queuedJobEndsTheIdle();
    void stopBeforeTheServerAgreed();
    void stopBeforeItRan();
    void jobQueuedBeforeItRanEndsItAtOnce();
    void noReadTimeoutWhileIdling();
    void notOffered();
    void refused();
};

void TestImapIdleJob::changesArriveAsSignalsUntilDone()
{
    ImapDialogue dialogue(loggedIn() << "C: a2 IDLE"
                                     << "S: + idling"
                                     << "S: * 5 EXISTS"
                                     << "S: * 2 EXPUNGE"
                                     << "S: * 3 FETCH (FLAGS (\\\\Seen))"
                                     << "C: DONE"
                                     << "S: a2 OK IDLE terminated");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *idle = dialogue.make<IdleJob>();
    QSignalSpy idling(idle, &IdleJob::idling);
    idle->start();
    QTRY_COMPARE(dialogue.events.size(), 3);
    QCOMPARE(dialogue.events, QByteArrayList({ "EXISTS 5", "EXPUNGE 2", "FETCH 3 FLAGS \\Seen" }));
    QCOMPARE(idling.count(), 1);
    QVERIFY(idle->isIdling());
    QVERIFY(!idle->isFinished());
    idle->stop();
    QVERIFY(ImapDialogue::wait(idle));
    QVERIFY(!idle->failed());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapIdleJob::reissuedBeforeTheServerGivesUp()
{
    ImapDialogue dialogue(loggedIn() << "C: a2 IDLE"
                                     << "S: + idling"
                                     << "C: DONE"
                                     << "S: a2 OK IDLE terminated"
                                     << "C: a3 IDLE"
                                     << "S: + idling"
                                     << "S: * 8 EXISTS"
                                     << "C: DONE"
                                     << "S: a3 OK IDLE terminated");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *idle = dialogue.make<IdleJob>();
    idle->setReissueInterval(100);
    QSignalSpy idling(idle, &IdleJob::idling);
    idle->start();
    QTRY_COMPARE(idling.count(), 2);
    QTRY_COMPARE(dialogue.events, QByteArrayList({ "EXISTS 8" }));
    idle->setReissueInterval(60'000);
    idle->stop();
    QVERIFY(ImapDialogue::wait(idle));
    QVERIFY(!idle->failed());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapIdleJob::defaultReissueIsUnder29Minutes()
{
    magpie::imap::ImapSession session;
    IdleJob idle(&session);
    QCOMPARE(idle.reissueInterval(), 28 * 60 * 1000);
}

void TestImapIdleJob::queuedJobEndsTheIdle()
{
    ImapDialogue dialogue(loggedIn() << "C: a2 IDLE"
                                     << "S: + idling"
                                     << "C: DONE"
                                     << "S: a2 OK IDLE terminated"
                                     << "C: a3 NOOP"
                                     << "S: a3 OK");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *idle = dialogue.make<IdleJob>();
    QSignalSpy idling(idle, &IdleJob::idling);
    idle->start();
    QTRY_COMPARE(idling.count(), 1);
    auto *noop = dialogue.make<NoopJob>();
    QVERIFY(dialogue.run(noop));
    QVERIFY(idle->isFinished() && !idle->failed());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapIdleJob::stopBeforeTheServerAgreed()
{
    ImapDialogue dialogue(loggedIn() << "C: a2 IDLE"
                                     << "WAIT 50"
                                     << "S: + idling"
                                     << "C: DONE"
                                     << "S: a2 OK IDLE terminated");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *idle = dialogue.make<IdleJob>();
    idle->start();
    QTRY_VERIFY(dialogue.session.currentJob() == idle);
    idle->stop(); // DONE must wait for the "+" (RFC 2177 s3)
    QVERIFY(ImapDialogue::wait(idle));
    QVERIFY(!idle->failed());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapIdleJob::stopBeforeItRan()
{
    ImapDialogue dialogue(loggedIn() << "C: a2 NOOP"
                                     << "S: a2 OK");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *idle = dialogue.make<IdleJob>();
    idle->start();
    idle->stop();
    QVERIFY(idle->isFinished() && !idle->failed());
    QVERIFY(dialogue.run(dialogue.make<NoopJob>())); // a2: the idle never sent anything
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapIdleJob::jobQueuedBeforeItRanEndsItAtOnce()
{
    ImapDialogue dialogue(loggedIn() << "C: a2 NOOP"
                                     << "S: a2 OK"
                                     << "C: a3 IDLE"
                                     << "S: + idling"
                                     << "C: DONE"
                                     << "S: a3 OK IDLE terminated"
                                     << "C: a4 NOOP"
                                     << "S: a4 OK");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *first = dialogue.make<NoopJob>();
    auto *idle = dialogue.make<IdleJob>();
    auto *last = dialogue.make<NoopJob>();
    first->start();
    idle->start();
    last->start();
    QVERIFY(ImapDialogue::wait(last));
    QVERIFY(idle->isFinished() && !idle->failed());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapIdleJob::noReadTimeoutWhileIdling()
{
    ImapDialogue dialogue(loggedIn() << "C: a2 IDLE"
                                     << "S: + idling"
                                     << "WAIT 400"
                                     << "S: * 4 EXISTS"
                                     << "C: DONE"
                                     << "S: a2 OK done");
    dialogue.readTimeoutMs = 150;
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *idle = dialogue.make<IdleJob>();
    idle->start();
    QTRY_COMPARE_WITH_TIMEOUT(dialogue.events, QByteArrayList({ "EXISTS 4" }), 2000);
    QVERIFY(dialogue.closedErrors.isEmpty());
    idle->stop();
    QVERIFY(ImapDialogue::wait(idle));
    QVERIFY(!idle->failed());
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapIdleJob::notOffered()
{
    ImapDialogue dialogue(loggedIn("MOVE"));
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *idle = dialogue.make<IdleJob>();
    QVERIFY(!dialogue.run(idle));
    QCOMPARE(idle->error().code, NetError::Code::CommandRejected);
    QVERIFY(idle->errorString().contains(u"does not support IDLE"));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapIdleJob::refused()
{
    ImapDialogue dialogue(loggedIn() << "C: a2 IDLE"
                                     << "S: a2 BAD not now");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *idle = dialogue.make<IdleJob>();
    QVERIFY(!dialogue.run(idle));
    QCOMPARE(idle->errorString(),
             QStringLiteral("Waiting for new mail (IDLE) failed: the server answered “not now”."));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

QTEST_GUILESS_MAIN(TestImapIdleJob)
#include "tst_imapidlejob.moc"
