// SPDX-License-Identifier: GPL-3.0-or-later
// ImapSession sends a UID FETCH while another UID FETCH still runs (RFC 3501 s5.5), so the
// server never waits for the client between two batches of a sync; everything else still
// waits for the jobs ahead of it. The scripted server reads both commands before it answers
// either, so a session that waited for the first completion would never finish.
#include "MessageJobDialogue.h"

#include "net/imap/FetchJob.h"
#include "net/imap/NoopJob.h"

#include <QSignalSpy>
#include <QTest>

using magpie::imap::FetchedMessage;
using magpie::imap::FetchJob;
using magpie::imap::ImapSession;
using magpie::imap::NoopJob;
using magpie::imap::UidSet;
using magpie::net::NetError;
using magpie::test::MessageJobDialogue;

class TestImapPipelining : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void uidFetchesGoOutTogether();
    void completionsInAnyOrderReachTheirJobs();
    void otherCommandsWaitForThePipelinedOnes();
    void sequenceFetchWaitsForUidFetch();
    void connectionLostFailsEveryPipelinedJob();
    void deletedPipelinedJobIsForgotten();
};

namespace {

FetchJob *uidFetch(MessageJobDialogue &dialogue, quint32 first, quint32 last)
{
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::range(first, last));
    job->setItems(FetchJob::Item::Flags);
    return job;
}

QList<quint32> uids(const QSignalSpy &fetched)
{
    QList<quint32> result;
    for (const QList<QVariant> &arguments : fetched)
        result.append(arguments.at(0).value<FetchedMessage>().uid);
    return result;
}

} // namespace

void TestImapPipelining::uidFetchesGoOutTogether()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID FETCH 5:6 (UID FLAGS)"
                                << "C: a4 UID FETCH 3:4 (UID FLAGS)"
                                << "S: * 5 FETCH (UID 5 FLAGS ())"
                                << "S: * 6 FETCH (UID 6 FLAGS (\\Seen))"
                                << "S: a3 OK done"
                                << "S: * 3 FETCH (UID 3 FLAGS ())"
                                << "S: * 4 FETCH (UID 4 FLAGS ())"
                                << "S: a4 OK done");
    FetchJob *newer = uidFetch(dialogue, 5, 6);
    FetchJob *older = uidFetch(dialogue, 3, 4);
    QSignalSpy newerFetched(newer, &FetchJob::messageFetched);
    QSignalSpy olderFetched(older, &FetchJob::messageFetched);
    QSignalSpy unsolicited(&dialogue.session, &ImapSession::messageFetched);
    newer->start();
    older->start();
    QVERIFY2(dialogue.finish(older), qPrintable(dialogue.failure));
    QVERIFY(newer->isFinished());
    QVERIFY2(!newer->failed(), qPrintable(newer->errorString()));
    QVERIFY2(!older->failed(), qPrintable(older->errorString()));
    QCOMPARE(uids(newerFetched), QList<quint32>({ 5, 6 }));
    QCOMPARE(uids(olderFetched), QList<quint32>({ 3, 4 }));
    QCOMPARE(unsolicited.size(), 0);
    QCOMPARE(dialogue.session.currentJob(), nullptr);
    QCOMPARE(dialogue.session.pipelinedJobs(), 0);
}

// RFC 3501 s5.5 lets a server work on both at once: responses interleave and the second
// command may complete first. Each message still reaches the job that asked for its UID.
void TestImapPipelining::completionsInAnyOrderReachTheirJobs()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID FETCH 5:6 (UID FLAGS)"
                                << "C: a4 UID FETCH 3:4 (UID FLAGS)"
                                << "S: * 3 FETCH (UID 3 FLAGS ())"
                                << "S: * 5 FETCH (UID 5 FLAGS ())"
                                << "S: * 4 FETCH (UID 4 FLAGS ())"
                                << "S: a4 OK done"
                                << "S: * 6 FETCH (UID 6 FLAGS ())"
                                << "S: * 9 FETCH (UID 9 FLAGS (\\Flagged))"
                                << "S: a3 OK done");
    FetchJob *newer = uidFetch(dialogue, 5, 6);
    FetchJob *older = uidFetch(dialogue, 3, 4);
    QSignalSpy newerFetched(newer, &FetchJob::messageFetched);
    QSignalSpy olderFetched(older, &FetchJob::messageFetched);
    QSignalSpy unsolicited(&dialogue.session, &ImapSession::messageFetched);
    newer->start();
    older->start();
    QVERIFY2(dialogue.finish(newer), qPrintable(dialogue.failure));
    QVERIFY(older->isFinished());
    QVERIFY(!newer->failed() && !older->failed());
    QCOMPARE(uids(newerFetched), QList<quint32>({ 5, 6 }));
    QCOMPARE(uids(olderFetched), QList<quint32>({ 3, 4 }));
    // A flag change of a message neither asked for is news from another client.
    QCOMPARE(uids(unsolicited), QList<quint32>({ 9 }));
}

void TestImapPipelining::otherCommandsWaitForThePipelinedOnes()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID FETCH 5:6 (UID FLAGS)"
                                << "C: a4 UID FETCH 3:4 (UID FLAGS)"
                                << "WAIT 200"
                                << "S: a3 OK done"
                                << "S: a4 OK done"
                                << "C: a5 NOOP"
                                << "S: a5 OK done"
                                << "C: a6 UID FETCH 1:2 (UID FLAGS)"
                                << "S: a6 OK done");
    FetchJob *first = uidFetch(dialogue, 5, 6);
    FetchJob *second = uidFetch(dialogue, 3, 4);
    auto *noop = dialogue.make<NoopJob>();
    FetchJob *third = uidFetch(dialogue, 1, 2);
    first->start();
    second->start();
    noop->start();
    third->start();
    // Both FETCHes are out; the NOOP (and the FETCH behind it) waits for them.
    QVERIFY(QTest::qWaitFor(
        [&] { return dialogue.session.pipelinedJobs() == 1; }));
    QCOMPARE(dialogue.session.currentJob(), first);
    QTest::qWait(50);
    QCOMPARE(dialogue.session.pipelinedJobs(), 1);
    QVERIFY(!noop->isFinished());
    QVERIFY2(dialogue.finish(third), qPrintable(dialogue.failure));
    QVERIFY(!first->failed() && !second->failed() && !noop->failed() && !third->failed());
}

// RFC 3501 s5.5: after a UID command the client must wait for its completion before it sends
// a command with message sequence numbers.
void TestImapPipelining::sequenceFetchWaitsForUidFetch()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID FETCH 5:6 (UID FLAGS)"
                                << "WAIT 200"
                                << "S: a3 OK done"
                                << "C: a4 FETCH 1:2 (FLAGS)"
                                << "S: a4 OK done");
    FetchJob *byUid = uidFetch(dialogue, 5, 6);
    auto *bySequence = dialogue.make<FetchJob>();
    bySequence->setSequenceNumbers(UidSet::range(1, 2));
    bySequence->setItems(FetchJob::Item::Flags);
    byUid->start();
    bySequence->start();
    QVERIFY(QTest::qWaitFor(
        [&] { return dialogue.session.currentJob() == byUid; }));
    QTest::qWait(50);
    QCOMPARE(dialogue.session.pipelinedJobs(), 0);
    QVERIFY2(dialogue.finish(bySequence), qPrintable(dialogue.failure));
    QVERIFY(!byUid->failed() && !bySequence->failed());
}

void TestImapPipelining::connectionLostFailsEveryPipelinedJob()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID FETCH 5:6 (UID FLAGS)"
                                << "C: a4 UID FETCH 3:4 (UID FLAGS)"
                                << "S: * 5 FETCH (UID 5 FLAGS ())"
                                << "CLOSE");
    FetchJob *first = uidFetch(dialogue, 5, 6);
    FetchJob *second = uidFetch(dialogue, 3, 4);
    first->start();
    second->start();
    QVERIFY(dialogue.finish(second));
    QVERIFY(first->isFinished());
    QCOMPARE(first->error().code, NetError::Code::ConnectionLost);
    QCOMPARE(second->error().code, NetError::Code::ConnectionLost);
    QCOMPARE(first->fetchedCount(), quint64(1));
}

// A job deleted after its command went out: its completion is ignored, its messages are
// reported as unsolicited, and the session goes on with the next job.
void TestImapPipelining::deletedPipelinedJobIsForgotten()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID FETCH 5:6 (UID FLAGS)"
                                << "C: a4 UID FETCH 3:4 (UID FLAGS)"
                                << "WAIT 100"
                                << "S: * 5 FETCH (UID 5 FLAGS ())"
                                << "S: a3 OK done"
                                << "S: * 3 FETCH (UID 3 FLAGS ())"
                                << "S: a4 OK done"
                                << "C: a5 NOOP"
                                << "S: a5 OK done");
    FetchJob *first = uidFetch(dialogue, 5, 6);
    FetchJob *second = uidFetch(dialogue, 3, 4);
    auto *noop = dialogue.make<NoopJob>();
    QSignalSpy unsolicited(&dialogue.session, &ImapSession::messageFetched);
    first->start();
    second->start();
    noop->start();
    QVERIFY(QTest::qWaitFor(
        [&] { return dialogue.session.pipelinedJobs() == 1; }));
    delete second;
    QCOMPARE(dialogue.session.pipelinedJobs(), 0);
    QVERIFY2(dialogue.finish(noop), qPrintable(dialogue.failure));
    QVERIFY(!first->failed() && !noop->failed());
    QCOMPARE(uids(unsolicited), QList<quint32>({ 3 }));
}

QTEST_GUILESS_MAIN(TestImapPipelining)
#include "tst_imappipelining.moc"
