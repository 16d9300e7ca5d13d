// SPDX-License-Identifier: GPL-3.0-or-later
// OperationReplayTask against byte-exact scripted servers (RFC 4549 s4.2).
#include "MessageJobDialogue.h"
#include "OfflineFixture.h"

#include "net/imap/AppendJob.h"
#include "sync/LocalOperations.h"
#include "sync/OperationReplayTask.h"

#include <QSignalSpy>
#include <QTest>

using magpie::store::LocalState;
using magpie::store::MessageFlags;
using magpie::sync::LocalOperations;
using magpie::sync::OperationReplayTask;
using magpie::sync::SyncProblem;
using magpie::test::MessageJobDialogue;
using magpie::test::OfflineFixture;
using Opening = MessageJobDialogue::Opening;

namespace {
// The session logs in; the task under test selects what it needs itself.
struct LoginDialogue : MessageJobDialogue
{
    explicit LoginDialogue(const QByteArrayList &script)
        : MessageJobDialogue(script, Opening::Login)
    { }
};
} // namespace

namespace {

const QByteArray kSelectInbox = "C: a2 SELECT INBOX";
QByteArrayList selected(const QByteArray &tag, const QByteArray &mailbox, quint32 validity,
                        bool condStore = false)
{
    return { "C: " + tag + " SELECT " + mailbox + (condStore ? " (CONDSTORE)" : ""),
             "S: * 3 EXISTS",
             "S: * OK [UIDVALIDITY " + QByteArray::number(validity) + "] UIDs valid",
             "S: " + tag + " OK [READ-WRITE] Selected" };
}

// Runs the task to its end and checks that the script was played through.
bool replay(MessageJobDialogue &dialogue, OperationReplayTask &task, QString *failure)
{
    QSignalSpy finished(&task, &OperationReplayTask::finished);
    task.start();
    if (finished.isEmpty() && !finished.wait(5000)) {
        *failure = QStringLiteral("the task did not finish; server: ") + dialogue.server.failure();
        return false;
    }
    if (!dialogue.server.waitForScript(5000)) {
        *failure = dialogue.server.failure();
        return false;
    }
    return true;
}

} // namespace

class TestOperationReplay : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void flagsWithoutCondstore();
    void flagsWithUnchangedSince();
    void flagConflictServerWins();
    void flagOnMessageGoneFromServer();
    void moveWithMove();
    void moveCopyFallbackWithUidPlus();
    void copyLeavesTheOriginal();
    void copyRefusedTakesTheCopyBack();
    void moveOfMessageDeletedOnServerUploadsCopy();
    void moveOfMessageDeletedWithoutBodyIsConflict();
    void moveToMissingFolderGivesBack();
    void dropMidReplayThenResume();
    void moveDroppedAfterServerDidItIsNotRepeated();
    void deleteForGoodExpungesExactlyThose();
    void draftUploadReplacesPreviousVersion();
    void nothingPendingFinishesAtOnce();

private:
    std::unique_ptr<OfflineFixture> m_cache;
};

void TestOperationReplay::init()
{
    m_cache = std::make_unique<OfflineFixture>();
    const QString problem = m_cache->open();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestOperationReplay::cleanup()
{
    m_cache.reset();
}

void TestOperationReplay::flagsWithoutCondstore()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@example.test");
    QVERIFY(!LocalOperations(m_cache->cache).markRead({ id }, true));
    QCOMPARE(m_cache->pendingCount(), 1);

    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS MOVE", Opening::Login)
                           << selected("a2", "INBOX", OfflineFixture::kInboxValidity)
                           << "C: a3 UID STORE 4 +FLAGS (\\Seen)"
                           << "S: * 1 FETCH (UID 4 FLAGS (\\Seen))"
                           << "S: a3 OK Store completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(task.replayed(), 1);
    QCOMPARE(m_cache->pendingCount(), 0);
    QVERIFY(m_cache->message(id)->flags.has(MessageFlags::Seen));
    QVERIFY(task.conflicts().isEmpty());
}

void TestOperationReplay::flagsWithUnchangedSince()
{
    const qint64 a = m_cache->addMessage(m_cache->inbox, 4, "a@example.test", 0, 100);
    const qint64 b = m_cache->addMessage(m_cache->inbox, 5, "b@example.test", 0, 100);
    const qint64 c = m_cache->addMessage(m_cache->inbox, 9, "c@example.test", 0, 90);
    QVERIFY(!LocalOperations(m_cache->cache).markFlagged({ a, b, c }, true));

    // One STORE per mod-sequence last seen (RFC 7162 s3.1.3), lowest first.
    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS CONDSTORE", Opening::Login)
                           << selected("a2", "INBOX", OfflineFixture::kInboxValidity, true)
                           << "C: a3 UID STORE 9 (UNCHANGEDSINCE 90) +FLAGS (\\Flagged)"
                           << "S: * 3 FETCH (UID 9 MODSEQ (120) FLAGS (\\Flagged))"
                           << "S: a3 OK Conditional Store completed"
                           << "C: a4 UID STORE 4:5 (UNCHANGEDSINCE 100) +FLAGS (\\Flagged)"
                           << "S: * 1 FETCH (UID 4 MODSEQ (121) FLAGS (\\Flagged))"
                           << "S: * 2 FETCH (UID 5 MODSEQ (122) FLAGS (\\Flagged \\Seen))"
                           << "S: a4 OK Conditional Store completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    QCOMPARE(m_cache->message(c)->modSeq, 120u);
    QCOMPARE(m_cache->message(b)->modSeq, 122u);
    QVERIFY(m_cache->message(b)->flags.has(MessageFlags::Seen)); // the server's word
    QVERIFY(task.conflicts().isEmpty());
}

void TestOperationReplay::flagConflictServerWins()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@example.test", 0, 100);
    QVERIFY(!LocalOperations(m_cache->cache).markRead({ id }, true));
    QVERIFY(m_cache->message(id)->flags.has(MessageFlags::Seen));

    LoginDialogue dialogue(MessageJobDialogue::opening("CONDSTORE", Opening::Login)
                           << selected("a2", "INBOX", OfflineFixture::kInboxValidity, true)
                           << "C: a3 UID STORE 4 (UNCHANGEDSINCE 100) +FLAGS (\\Seen)"
                           << "S: a3 OK [MODIFIED 4] Conditional STORE failed"
                           << "C: a4 UID FETCH 4 (UID FLAGS MODSEQ)"
                           << "S: * 1 FETCH (UID 4 FLAGS (\\Flagged) MODSEQ (130))"
                           << "S: a4 OK Fetch completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QSignalSpy conflicts(&task, &OperationReplayTask::conflictResolved);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    // Server wins: another client's \Flagged, not our \Seen.
    const auto row = m_cache->message(id);
    QVERIFY(!row->flags.has(MessageFlags::Seen));
    QVERIFY(row->flags.has(MessageFlags::Flagged));
    QCOMPARE(row->modSeq, 130u);
    QCOMPARE(conflicts.size(), 1);
    QCOMPARE(task.conflicts().first().kind, SyncProblem::Kind::Conflict);
}

void TestOperationReplay::flagOnMessageGoneFromServer()
{
    const qint64 a = m_cache->addMessage(m_cache->inbox, 4, "a@example.test");
    const qint64 b = m_cache->addMessage(m_cache->inbox, 6, "b@example.test");
    QVERIFY(!LocalOperations(m_cache->cache).markRead({ a, b }, true));

    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS", Opening::Login)
                           << selected("a2", "INBOX", OfflineFixture::kInboxValidity)
                           << "C: a3 UID STORE 4,6 +FLAGS (\\Seen)"
                           << "S: * 1 FETCH (UID 4 FLAGS (\\Seen))"
                           << "S: a3 OK Store completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    QCOMPARE(task.conflicts().size(), 1); // UID 6: deleted by another client; dropped
}

void TestOperationReplay::moveWithMove()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@example.test");
    QVERIFY(!LocalOperations(m_cache->cache).move({ id }, m_cache->archive));
    // At once: hidden in INBOX (not removed), a copy shown in Archive.
    QCOMPARE(m_cache->message(id)->localState, LocalState::PendingRemoval);
    QList<magpie::store::MessageSummary> archived = m_cache->inFolder(m_cache->archive);
    QCOMPARE(archived.size(), 1);
    QCOMPARE(archived.first().localState, LocalState::PendingUpload);
    QCOMPARE(archived.first().uid, 0u);

    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS MOVE", Opening::Login)
                           << selected("a2", "INBOX", OfflineFixture::kInboxValidity)
                           << "C: a3 UID SEARCH UID 4"
                           << "S: * SEARCH 4"
                           << "S: a3 OK Search completed"
                           << "C: a4 UID MOVE 4 Archive"
                           << "S: * OK [COPYUID 1700000001 4 12] Moved"
                           << "S: * 1 EXPUNGE"
                           << "S: a4 OK Move completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    QVERIFY(!m_cache->message(id)); // removed only now that the server confirmed
    archived = m_cache->inFolder(m_cache->archive);
    QCOMPARE(archived.size(), 1);
    QCOMPARE(archived.first().uid, 12u);
    QCOMPARE(archived.first().localState, LocalState::Synced);
}

void TestOperationReplay::moveCopyFallbackWithUidPlus()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@example.test");
    QVERIFY(!LocalOperations(m_cache->cache).remove({ id })); // to Trash
    QCOMPARE(m_cache->inFolder(m_cache->trash).size(), 1);

    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS", Opening::Login)
                           << selected("a2", "INBOX", OfflineFixture::kInboxValidity)
                           << "C: a3 UID SEARCH UID 4"
                           << "S: * SEARCH 4"
                           << "S: a3 OK Search completed"
                           << "C: a4 UID COPY 4 Trash"
                           << "S: a4 OK [COPYUID 1700000001 4 7] Copied"
                           << "C: a5 UID STORE 4 +FLAGS.SILENT (\\Deleted)"
                           << "S: a5 OK Store completed"
                           << "C: a6 UID EXPUNGE 4"
                           << "S: * 1 EXPUNGE"
                           << "S: a6 OK Expunge completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    QVERIFY(!m_cache->message(id));
    QCOMPARE(m_cache->inFolder(m_cache->trash).first().uid, 7u);
}

void TestOperationReplay::copyLeavesTheOriginal()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@example.test");
    QVERIFY(!LocalOperations(m_cache->cache).copy({ id }, m_cache->archive));

    // UID COPY, never STORE \Deleted or EXPUNGE, even with MOVE offered.
    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS MOVE", Opening::Login)
                           << selected("a2", "INBOX", OfflineFixture::kInboxValidity)
                           << "C: a3 UID SEARCH UID 4"
                           << "S: * SEARCH 4"
                           << "S: a3 OK Search completed"
                           << "C: a4 UID COPY 4 Archive"
                           << "S: a4 OK [COPYUID 1700000001 4 15] Copied");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    QCOMPARE(m_cache->message(id)->localState, LocalState::Synced);
    const QList<magpie::store::MessageSummary> archived = m_cache->inFolder(m_cache->archive);
    QCOMPARE(archived.size(), 1);
    QCOMPARE(archived.first().uid, 15u);
    QCOMPARE(archived.first().localState, LocalState::Synced);
}

void TestOperationReplay::copyRefusedTakesTheCopyBack()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@example.test");
    QVERIFY(!LocalOperations(m_cache->cache).copy({ id }, m_cache->archive));

    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS", Opening::Login)
                           << selected("a2", "INBOX", OfflineFixture::kInboxValidity)
                           << "C: a3 UID SEARCH UID 4"
                           << "S: * SEARCH 4"
                           << "S: a3 OK Search completed"
                           << "C: a4 UID COPY 4 Archive"
                           << "S: a4 NO [OVERQUOTA] Quota exceeded");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QCOMPARE(m_cache->pendingCount(), 0);
    QCOMPARE(m_cache->message(id)->localState, LocalState::Synced);
    QVERIFY(m_cache->inFolder(m_cache->archive).isEmpty()); // the server wins
    QCOMPARE(task.conflicts().size(), 1);
    QVERIFY2(task.conflicts().first().message.contains(QStringLiteral("copied")),
             qPrintable(task.conflicts().first().message));
}

void TestOperationReplay::moveOfMessageDeletedOnServerUploadsCopy()
{
    const qint64 id =
        m_cache->addMessage(m_cache->inbox, 4, "a@example.test", MessageFlags::Seen, 0, true);
    QVERIFY(!LocalOperations(m_cache->cache).move({ id }, m_cache->archive));
    const magpie::store::MessageSummary copy = m_cache->inFolder(m_cache->archive).first();
    QVERIFY(copy.hasBody);
    const QByteArray raw = OfflineFixture::rawMessage("a@example.test");

    LoginDialogue dialogue(
        MessageJobDialogue::opening("UIDPLUS MOVE", Opening::Login)
        << selected("a2", "INBOX", OfflineFixture::kInboxValidity) << "C: a3 UID SEARCH UID 4"
        << "S: * SEARCH" // another client deleted it
        << "S: a3 OK Search completed" << selected("a4", "Archive", OfflineFixture::kOtherValidity)
        << "C: a5 UID SEARCH HEADER \"Message-ID\" \"<a@example.test>\""
        << "S: * SEARCH"
        << "S: a5 OK Search completed"
        << "C: a6 APPEND Archive (\\Seen) " + magpie::imap::AppendJob::imapDateTime(copy.receivedAt)
            + " {" + QByteArray::number(raw.size()) + "}"
        << "S: + go ahead"
        << "C~ " + raw << "C: "
        << "S: a6 OK [APPENDUID 1700000001 30] Append completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    QVERIFY(!m_cache->message(id));
    QCOMPARE(m_cache->message(copy.id)->uid, 30u);
    QCOMPARE(task.conflicts().size(), 1);
}

void TestOperationReplay::moveOfMessageDeletedWithoutBodyIsConflict()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@example.test");
    QVERIFY(!LocalOperations(m_cache->cache).move({ id }, m_cache->archive));
    const qint64 copyId = m_cache->inFolder(m_cache->archive).first().id;

    LoginDialogue dialogue(
        MessageJobDialogue::opening("UIDPLUS MOVE", Opening::Login)
        << selected("a2", "INBOX", OfflineFixture::kInboxValidity) << "C: a3 UID SEARCH UID 4"
        << "S: * SEARCH"
        << "S: a3 OK Search completed" << selected("a4", "Archive", OfflineFixture::kOtherValidity)
        << "C: a5 UID SEARCH HEADER \"Message-ID\" \"<a@example.test>\""
        << "S: * SEARCH"
        << "S: a5 OK Search completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    QCOMPARE(task.conflicts().size(), 1);
    QVERIFY(!m_cache->message(id));
    QVERIFY(!m_cache->message(copyId));
}

void TestOperationReplay::moveToMissingFolderGivesBack()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@example.test");
    QVERIFY(!LocalOperations(m_cache->cache).move({ id }, m_cache->archive));
    const qint64 copyId = m_cache->inFolder(m_cache->archive).first().id;

    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS MOVE", Opening::Login)
                           << selected("a2", "INBOX", OfflineFixture::kInboxValidity)
                           << "C: a3 UID SEARCH UID 4"
                           << "S: * SEARCH 4"
                           << "S: a3 OK Search completed"
                           << "C: a4 UID MOVE 4 Archive"
                           << "S: a4 NO [TRYCREATE] No such mailbox");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    QCOMPARE(task.conflicts().size(), 1);
    QCOMPARE(m_cache->message(id)->localState, LocalState::Synced); // shown where it was
    QVERIFY(!m_cache->message(copyId));
}

void TestOperationReplay::dropMidReplayThenResume()
{
    const qint64 a = m_cache->addMessage(m_cache->inbox, 4, "a@example.test");
    const qint64 b = m_cache->addMessage(m_cache->inbox, 5, "b@example.test");
    LocalOperations local(m_cache->cache);
    QVERIFY(!local.markRead({ a }, true));
    QVERIFY(!local.markFlagged({ b }, true));
    QCOMPARE(m_cache->pendingCount(), 2);
    {
        LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS", Opening::Login)
                               << selected("a2", "INBOX", OfflineFixture::kInboxValidity)
                               << "C: a3 UID STORE 4 +FLAGS (\\Seen)"
                               << "S: * 1 FETCH (UID 4 FLAGS (\\Seen))"
                               << "S: a3 OK Store completed"
                               << "C: a4 UID STORE 5 +FLAGS (\\Flagged)"
                               << "CLOSE");
        OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
        QString failure;
        QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
        QVERIFY(task.failed());
        QVERIFY(task.problem().willRetry);
        QCOMPARE(task.replayed(), 1);
        QCOMPARE(m_cache->pendingCount(), 1); // the unconfirmed one waits
    }
    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS", Opening::Login)
                           << selected("a2", "INBOX", OfflineFixture::kInboxValidity)
                           << "C: a3 UID STORE 5 +FLAGS (\\Flagged)"
                           << "S: * 2 FETCH (UID 5 FLAGS (\\Flagged))"
                           << "S: a3 OK Store completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
}

void TestOperationReplay::moveDroppedAfterServerDidItIsNotRepeated()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@example.test", 0, 0, true);
    QVERIFY(!LocalOperations(m_cache->cache).move({ id }, m_cache->archive));
    const qint64 copyId = m_cache->inFolder(m_cache->archive).first().id;
    {
        // The server moves it, and the connection drops before its answer arrives.
        LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS MOVE", Opening::Login)
                               << selected("a2", "INBOX", OfflineFixture::kInboxValidity)
                               << "C: a3 UID SEARCH UID 4"
                               << "S: * SEARCH 4"
                               << "S: a3 OK Search completed"
                               << "C: a4 UID MOVE 4 Archive"
                               << "CLOSE");
        OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
        QString failure;
        QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
        QVERIFY(task.failed());
        QCOMPARE(m_cache->pendingCount(), 1);
        QCOMPARE(m_cache->message(id)->localState, LocalState::PendingRemoval);
    }
    // Next pass: the original is gone, the target has it (found by Message-ID): no APPEND.
    LoginDialogue dialogue(
        MessageJobDialogue::opening("UIDPLUS MOVE", Opening::Login)
        << selected("a2", "INBOX", OfflineFixture::kInboxValidity) << "C: a3 UID SEARCH UID 4"
        << "S: * SEARCH"
        << "S: a3 OK Search completed" << selected("a4", "Archive", OfflineFixture::kOtherValidity)
        << "C: a5 UID SEARCH HEADER \"Message-ID\" \"<a@example.test>\""
        << "S: * SEARCH 12"
        << "S: a5 OK Search completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    QVERIFY(!m_cache->message(id));
    QCOMPARE(m_cache->message(copyId)->uid, 12u);
    QVERIFY(task.conflicts().isEmpty());
}

void TestOperationReplay::deleteForGoodExpungesExactlyThose()
{
    const qint64 a = m_cache->addMessage(m_cache->trash, 3, "a@example.test");
    const qint64 b = m_cache->addMessage(m_cache->trash, 8, "b@example.test");
    QVERIFY(!LocalOperations(m_cache->cache).remove({ a, b })); // in Trash: for good
    QCOMPARE(m_cache->message(a)->localState, LocalState::PendingRemoval);

    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS", Opening::Login)
                           << selected("a2", "Trash", OfflineFixture::kOtherValidity)
                           << "C: a3 UID STORE 3,8 +FLAGS.SILENT (\\Deleted)"
                           << "S: a3 OK Store completed"
                           << "C: a4 UID EXPUNGE 3,8"
                           << "S: * 1 EXPUNGE"
                           << "S: * 2 EXPUNGE"
                           << "S: a4 OK Expunge completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    QVERIFY(!m_cache->message(a));
    QVERIFY(!m_cache->message(b));
}

void TestOperationReplay::draftUploadReplacesPreviousVersion()
{
    // Version 1 is on the server (UID 7); versions 2 and 3 were saved offline.
    const qint64 v1 = m_cache->addMessage(m_cache->drafts, 7, "draft@example.test",
                                          MessageFlags::Draft | MessageFlags::Seen);
    LocalOperations local(m_cache->cache);
    magpie::store::StoreError error;
    const QByteArray raw2 = OfflineFixture::rawMessage("draft@example.test", "Draft two");
    const qint64 v2 = local.saveDraft(m_cache->account, raw2, v1, &error);
    QVERIFY2(v2 > 0, qPrintable(error.message));
    const QByteArray raw3 = OfflineFixture::rawMessage("draft@example.test", "Draft three");
    const qint64 v3 = local.saveDraft(m_cache->account, raw3, v2, &error);
    QVERIFY2(v3 > 0, qPrintable(error.message));
    QCOMPARE(m_cache->message(v3)->subject, QStringLiteral("Draft three"));
    QCOMPARE(m_cache->pendingCount(), 2);

    // Only the last version is uploaded; then version 1 goes, exactly it.
    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS MOVE", Opening::Login)
                           << "C: a2 APPEND Drafts (\\Seen \\Draft) {"
                               + QByteArray::number(raw3.size()) + "}"
                           << "S: + go ahead"
                           << "C~ " + raw3 << "C: "
                           << "S: a2 OK [APPENDUID 1700000001 8] Append completed"
                           << selected("a3", "Drafts", OfflineFixture::kOtherValidity)
                           << "C: a4 UID STORE 7 +FLAGS.SILENT (\\Deleted)"
                           << "S: a4 OK Store completed"
                           << "C: a5 UID EXPUNGE 7"
                           << "S: * 1 EXPUNGE"
                           << "S: a5 OK Expunge completed");
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(m_cache->pendingCount(), 0);
    QVERIFY(!m_cache->message(v1));
    QVERIFY(!m_cache->message(v2));
    QCOMPARE(m_cache->message(v3)->uid, 8u);
    QCOMPARE(m_cache->message(v3)->localState, LocalState::Synced);
}

void TestOperationReplay::nothingPendingFinishesAtOnce()
{
    LoginDialogue dialogue(MessageJobDialogue::opening("UIDPLUS", Opening::Login));
    OperationReplayTask task(m_cache->account, &dialogue.session, m_cache->cache);
    QString failure;
    QVERIFY2(replay(dialogue, task, &failure), qPrintable(failure));
    QVERIFY(!task.failed());
    QCOMPARE(task.replayed(), 0);
}

QTEST_GUILESS_MAIN(TestOperationReplay)
#include "tst_operationreplay.moc"
