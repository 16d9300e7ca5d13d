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

// The opening, then both commands of TwoFetches read before the server answers either.
QByteArrayList bothSent()
{
    return MessageJobDialogue::opening({}) << "C: a3 UID FETCH 5:6 (UID FLAGS)"
                                           << "C: a4 UID FETCH 3:4 (UID FLAGS)";
}

// Two UID FETCHes started back to back, and what each of them and the session delivered.
struct TwoFetches
{
    explicit TwoFetches(MessageJobDialogue &dialogue)
        : newer(uidFetch(dialogue, 5, 6))
        , older(uidFetch(dialogue, 3, 4))
        , newerFetched(newer, &FetchJob::messageFetched)
        , olderFetched(older, &FetchJob::messageFetched)
        , unsolicited(&dialogue.session, &ImapSession::messageFetched)
    {
        newer->start();
        older->start();
    }
    FetchJob *newer;
    FetchJob *older;
    QSignalSpy newerFetched;
    QSignalSpy olderFetched;
    QSignalSpy unsolicited;
};

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
    MessageJobDialogue dialogue(bothSent() << "S: * 5 FETCH (UID 5 FLAGS ())"
                                           << "S: * 6 FETCH (UID 6 FLAGS (\\Seen))"
                                           << "S: a3 OK done"
                                           << "S: * 3 FETCH (UID 3 FLAGS ())"
                                           << "S: * 4 FETCH (UID 4 FLAGS ())"
                                           << "S: a4 OK done");
    TwoFetches fetches(dialogue);
    QVERIFY2(dialogue.finish(fetches.older), qPrintable(dialogue.failure));
    QVERIFY(fetches.newer->isFinished());
    QVERIFY2(!fetches.newer->failed(), qPrintable(fetches.newer->errorString()));
    QVERIFY2(!fetches.older->failed(), qPrintable(fetches.older->errorString()));
    QCOMPARE(uids(fetches.newerFetched), QList<quint32>({ 5, 6 }));
    QCOMPARE(uids(fetches.olderFetched), QList<quint32>({ 3, 4 }));
    QCOMPARE(fetches.unsolicited.size(), 0);
    QCOMPARE(dialogue.session.currentJob(), nullptr);
    QCOMPARE(dialogue.session.pipelinedJobs(), 0);
}

// RFC 3501 s5.5 lets a server work on both at once: responses interleave and the second
// command may complete first. Each message still reaches the job that asked for its UID.
void TestImapPipelining::completionsInAnyOrderReachTheirJobs()
{
    MessageJobDialogue dialogue(bothSent() << "S: * 3 FETCH (UID 3 FLAGS ())"
                                           << "S: * 5 FETCH (UID 5 FLAGS ())"
                                           << "S: * 4 FETCH (UID 4 FLAGS ())"
                                           << "S: a4 OK done"
                                           << "S: * 6 FETCH (UID 6 FLAGS ())"
                                           << "S: * 9 FETCH (UID 9 FLAGS (\\Flagged))"
                                           << "S: a3 OK done");
    TwoFetches fetches(dialogue);
    QVERIFY2(dialogue.finish(fetches.newer), qPrintable(dialogue.failure));
    QVERIFY(fetches.older->isFinished());
    QVERIFY(!fetches.newer->failed() && !fetches.older->failed());
    QCOMPARE(uids(fetches.newerFetched), QList<quint32>({ 5, 6 }));
    QCOMPARE(uids(fetches.olderFetched), QList<quint32>({ 3, 4 }));
    // A flag change of a message neither asked for is news from another client.
    QCOMPARE(uids(fetches.unsolicited), QList<quint32>({ 9 }));
}

void TestImapPipelining::otherCommandsWaitForThePipelinedOnes()
{
    MessageJobDialogue dialogue(bothSent() << "WAIT 200"
                                           << "S: a3 OK done"
                                           << "S: a4 OK done"
                                           << "C: a5 NOOP"
                                           << "S: a5 OK done"
                                           << "C: a6 UID FETCH 1:2 (UID FLAGS)"
                                           << "S: a6 OK done");
    TwoFetches fetches(dialogue);
    auto *noop = dialogue.make<NoopJob>();
    FetchJob *third = uidFetch(dialogue, 1, 2);
    noop->start();
    third->start();
    // Both FETCHes are out; the NOOP (and the FETCH behind it) waits for them.
    QVERIFY(QTest::qWaitFor([&] { return dialogue.session.pipelinedJobs() == 1; }));
    QCOMPARE(dialogue.session.currentJob(), fetches.newer);
    QTest::qWait(50);
    QCOMPARE(dialogue.session.pipelinedJobs(), 1);
    QVERIFY(!noop->isFinished());
    QVERIFY2(dialogue.finish(third), qPrintable(dialogue.failure));
    QVERIFY(!fetches.newer->failed() && !fetches.older->failed() && !noop->failed()
            && !third->failed());
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
    QVERIFY(QTest::qWaitFor([&] { return dialogue.session.currentJob() == byUid; }));
    QTest::qWait(50);
    QCOMPARE(dialogue.session.pipelinedJobs(), 0);
    QVERIFY2(dialogue.finish(bySequence), qPrintable(dialogue.failure));
    QVERIFY(!byUid->failed() && !bySequence->failed());
}

void TestImapPipelining::connectionLostFailsEveryPipelinedJob()
{
    MessageJobDialogue dialogue(bothSent() << "S: * 5 FETCH (UID 5 FLAGS ())"
                                           << "CLOSE");
    TwoFetches fetches(dialogue);
    QVERIFY(dialogue.finish(fetches.older));
    QVERIFY(fetches.newer->isFinished());
    QCOMPARE(fetches.newer->error().code, NetError::Code::ConnectionLost);
    QCOMPARE(fetches.older->error().code, NetError::Code::ConnectionLost);
    QCOMPARE(uids(fetches.newerFetched), QList<quint32>({ 5 }));
}

// A job deleted after its command went out: its completion is ignored, its messages are
// reported as unsolicited, and the session goes on with the next job.
void TestImapPipelining::deletedPipelinedJobIsForgotten()
{
    MessageJobDialogue dialogue(bothSent() << "WAIT 100"
                                           << "S: * 5 FETCH (UID 5 FLAGS ())"
                                           << "S: a3 OK done"
                                           << "S: * 3 FETCH (UID 3 FLAGS ())"
                                           << "S: a4 OK done"
                                           << "C: a5 NOOP"
                                           << "S: a5 OK done");
    TwoFetches fetches(dialogue);
    auto *noop = dialogue.make<NoopJob>();
    noop->start();
    QVERIFY(QTest::qWaitFor([&] { return dialogue.session.pipelinedJobs() == 1; }));
    delete fetches.older;
    QCOMPARE(dialogue.session.pipelinedJobs(), 0);
    QVERIFY2(dialogue.finish(noop), qPrintable(dialogue.failure));
    QVERIFY(!fetches.newer->failed() && !noop->failed());
    QCOMPARE(uids(fetches.unsolicited), QList<quint32>({ 3 }));
}

QTEST_GUILESS_MAIN(TestImapPipelining)
#include "tst_imappipelining.moc"
