// SPDX-License-Identifier: GPL-3.0-or-later
// LocalOperations and PendingOperations: each change shows in the cache at once and is
// recorded, in one transaction, for the replay (RFC 4549 s3).
#include "OfflineFixture.h"

#include "store/PendingOperations.h"
#include "sync/LocalOperations.h"

#include <QSignalSpy>
#include <QTest>

using magpie::store::LocalState;
using magpie::store::MessageFlags;
using magpie::store::PendingOperation;
using magpie::store::PendingOperations;
using magpie::sync::LocalOperations;
using magpie::test::OfflineFixture;
using Kind = PendingOperation::Kind;

class TestLocalOperations : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void pendingOperationsRoundTrip();
    void markReadAndFlagged_data();
    void markReadAndFlagged();
    void moveKeepsOriginalHiddenAndShowsCopy();
    void moveCarriesBody();
    void copyKeepsOriginalAndShowsCopy();
    void removeGoesToTrash();
    void removeInTrashIsForGood();
    void removePermanently();
    void saveDraftHandsOverWhatItReplaces();
    void saveDraftWithoutDraftsFolder();
    void signalAfterCommit();

private:
    std::unique_ptr<OfflineFixture> m_cache;
};

void TestLocalOperations::init()
{
    m_cache = std::make_unique<OfflineFixture>();
    const QString problem = m_cache->open();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestLocalOperations::cleanup()
{
    m_cache.reset();
}

void TestLocalOperations::pendingOperationsRoundTrip()
{
    PendingOperations pending(m_cache->cache);
    QSignalSpy changed(&m_cache->cache, &magpie::store::MailCache::pendingOperationsChanged);
    PendingOperation flag;
    flag.accountId = m_cache->account;
    flag.kind = Kind::ClearFlag;
    flag.flag = MessageFlags::Flagged;
    flag.folderId = m_cache->inbox;
    flag.messageIds = { 3, 4 };
    flag.uids = { 30, 40 };
    PendingOperation move;
    move.accountId = m_cache->account;
    move.kind = Kind::Move;
    move.folderId = m_cache->inbox;
    move.targetFolderId = m_cache->archive;
    move.messageIds = { 5 };
    move.uids = { 50 };
    move.relatedIds = { 9 };
    const qint64 first = pending.record(flag);
    const qint64 second = pending.record(move);
    QVERIFY(first > 0 && second > first);
    QCOMPARE(changed.size(), 2);
    QCOMPARE(pending.count(m_cache->account), 2);
    QCOMPARE(pending.count(QStringLiteral("other")), 0);
    QCOMPARE(pending.accountIds(), QStringList { m_cache->account });

    const QList<PendingOperation> list = pending.operations(m_cache->account);
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).id, first); // replay order
    QCOMPARE(list.at(0).kind, Kind::ClearFlag);
    QCOMPARE(list.at(0).flag, MessageFlags::Flagged);
    QCOMPARE(list.at(0).messageIds, (QList<qint64> { 3, 4 }));
    QCOMPARE(list.at(0).uids, (QList<quint32> { 30, 40 }));
    QVERIFY(list.at(0).createdAt.isValid());
    QCOMPARE(list.at(1).targetFolderId, m_cache->archive);
    QCOMPARE(list.at(1).relatedIds, QList<qint64> { 9 });
    QCOMPARE(list.at(1).attempts, 0);

    QVERIFY(!pending.noteAttempt(second));
    QCOMPARE(pending.operation(second)->attempts, 1);
    move.id = second;
    move.relatedIds = { 9, 10 };
    QVERIFY(!pending.update(move));
    QCOMPARE(pending.operation(second)->relatedIds, (QList<qint64> { 9, 10 }));

    QVERIFY(!pending.remove(first));
    QCOMPARE(changed.size(), 3);
    QCOMPARE(pending.count(m_cache->account), 1);
    QVERIFY(!pending.operation(first));
}

void TestLocalOperations::markReadAndFlagged_data()
{
    QTest::addColumn<bool>("flagged");
    QTest::addColumn<bool>("on");
    QTest::newRow("read") << false << true;
    QTest::newRow("unread") << false << false;
    QTest::newRow("flagged") << true << true;
    QTest::newRow("unflagged") << true << false;
}

void TestLocalOperations::markReadAndFlagged()
{
    QFETCH(bool, flagged);
    QFETCH(bool, on);
    const MessageFlags::Flag flag = flagged ? MessageFlags::Flagged : MessageFlags::Seen;
    const qint64 a = m_cache->addMessage(m_cache->inbox, 4, "a@x", on ? 0 : quint32(flag));
    const qint64 b = m_cache->addMessage(m_cache->archive, 9, "b@x", on ? 0 : quint32(flag));
    LocalOperations local(m_cache->cache);
    QVERIFY(flagged ? !local.markFlagged({ a, b }, on) : !local.markRead({ a, b }, on));
    QCOMPARE(m_cache->message(a)->flags.has(flag), on);
    QCOMPARE(m_cache->message(b)->flags.has(flag), on);
    // One operation per folder, so each replay selects its folder once.
    const QList<PendingOperation> list =
        PendingOperations(m_cache->cache).operations(m_cache->account);
    QCOMPARE(list.size(), 2);
    for (const PendingOperation &operation : list) {
        QCOMPARE(operation.kind, on ? Kind::SetFlag : Kind::ClearFlag);
        QCOMPARE(operation.flag, flag);
        QCOMPARE(operation.messageIds.size(), 1);
    }
}

void TestLocalOperations::moveKeepsOriginalHiddenAndShowsCopy()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@x", MessageFlags::Seen);
    QVERIFY(!LocalOperations(m_cache->cache).move({ id }, m_cache->archive));
    const auto original = m_cache->message(id);
    QVERIFY(original); // DESIGN.md: nothing removed before the server confirmed
    QCOMPARE(original->localState, LocalState::PendingRemoval);
    QCOMPARE(original->uid, 4u);
    const QList<magpie::store::MessageSummary> copies = m_cache->inFolder(m_cache->archive);
    QCOMPARE(copies.size(), 1);
    QCOMPARE(copies.first().uid, 0u);
    QCOMPARE(copies.first().localState, LocalState::PendingUpload);
    QCOMPARE(copies.first().messageId, QByteArray("<a@x>"));
    QVERIFY(copies.first().flags.has(MessageFlags::Seen));

    const QList<PendingOperation> list =
        PendingOperations(m_cache->cache).operations(m_cache->account);
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first().kind, Kind::Move);
    QCOMPARE(list.first().folderId, m_cache->inbox);
    QCOMPARE(list.first().targetFolderId, m_cache->archive);
    QCOMPARE(list.first().messageIds, QList<qint64> { id });
    QCOMPARE(list.first().uids, QList<quint32> { 4 });
    QCOMPARE(list.first().relatedIds, QList<qint64> { copies.first().id });

    // Moving it again, or to where it is, records nothing more.
    QVERIFY(!LocalOperations(m_cache->cache).move({ id }, m_cache->trash));
    QVERIFY(!LocalOperations(m_cache->cache).move({ copies.first().id }, m_cache->archive));
    QCOMPARE(m_cache->pendingCount(), 1);
}

void TestLocalOperations::moveCarriesBody()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@x", 0, 0, true);
    QVERIFY(!LocalOperations(m_cache->cache).move({ id }, m_cache->archive));
    const qint64 copy = m_cache->inFolder(m_cache->archive).first().id;
    QCOMPARE(magpie::store::BodyStore(m_cache->cache).body(copy).value_or(QByteArray()),
             OfflineFixture::rawMessage("a@x"));
}

void TestLocalOperations::copyKeepsOriginalAndShowsCopy()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@x", MessageFlags::Seen, 0, true);
    QVERIFY(!LocalOperations(m_cache->cache).copy({ id }, m_cache->archive));
    QCOMPARE(m_cache->message(id)->localState, LocalState::Synced); // the original stays
    const QList<magpie::store::MessageSummary> copies = m_cache->inFolder(m_cache->archive);
    QCOMPARE(copies.size(), 1);
    QCOMPARE(copies.first().uid, 0u);
    QCOMPARE(copies.first().localState, LocalState::PendingUpload);
    QCOMPARE(magpie::store::BodyStore(m_cache->cache).body(copies.first().id).value_or(QByteArray()),
             OfflineFixture::rawMessage("a@x"));
    const QList<PendingOperation> list =
        PendingOperations(m_cache->cache).operations(m_cache->account);
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first().kind, Kind::Copy);
    QCOMPARE(list.first().targetFolderId, m_cache->archive);
    QCOMPARE(list.first().relatedIds, QList<qint64> { copies.first().id });
    // Copying into the folder it is in records nothing.
    QVERIFY(!LocalOperations(m_cache->cache).copy({ id }, m_cache->inbox));
    QCOMPARE(m_cache->pendingCount(), 1);
}

void TestLocalOperations::removeGoesToTrash()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@x");
    QVERIFY(!LocalOperations(m_cache->cache).remove({ id }));
    QCOMPARE(m_cache->message(id)->localState, LocalState::PendingRemoval);
    QCOMPARE(m_cache->inFolder(m_cache->trash).size(), 1);
    const QList<PendingOperation> list =
        PendingOperations(m_cache->cache).operations(m_cache->account);
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first().kind, Kind::Delete);
    QCOMPARE(list.first().targetFolderId, m_cache->trash);
}

void TestLocalOperations::removeInTrashIsForGood()
{
    const qint64 id = m_cache->addMessage(m_cache->trash, 4, "a@x");
    QVERIFY(!LocalOperations(m_cache->cache).remove({ id }));
    QCOMPARE(m_cache->message(id)->localState, LocalState::PendingRemoval);
    QCOMPARE(m_cache->inFolder(m_cache->trash).size(), 1); // no second copy
    const QList<PendingOperation> list =
        PendingOperations(m_cache->cache).operations(m_cache->account);
    QCOMPARE(list.size(), 1);
    QCOMPARE(list.first().kind, Kind::Expunge);
    QCOMPARE(list.first().folderId, m_cache->trash);
}

void TestLocalOperations::removePermanently()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@x");
    QVERIFY(!LocalOperations(m_cache->cache).remove({ id }, true));
    QCOMPARE(m_cache->inFolder(m_cache->trash).size(), 0);
    QCOMPARE(PendingOperations(m_cache->cache).operations(m_cache->account).first().kind,
             Kind::Expunge);
}

void TestLocalOperations::saveDraftHandsOverWhatItReplaces()
{
    const qint64 v1 = m_cache->addMessage(m_cache->drafts, 7, "d@x", MessageFlags::Draft);
    LocalOperations local(m_cache->cache);
    magpie::store::StoreError error;
    const qint64 v2 =
        local.saveDraft(m_cache->account, OfflineFixture::rawMessage("d@x", "Two"), v1, &error);
    QVERIFY2(v2 > 0, qPrintable(error.message));
    const auto draft = m_cache->message(v2);
    QCOMPARE(draft->folderId, m_cache->drafts);
    QCOMPARE(draft->uid, 0u);
    QCOMPARE(draft->localState, LocalState::PendingUpload);
    QCOMPARE(draft->subject, QStringLiteral("Two"));
    QCOMPARE(draft->messageId, QByteArray("<d@x>"));
    QVERIFY(draft->flags.has(MessageFlags::Draft));
    QVERIFY(draft->hasBody);
    QCOMPARE(m_cache->message(v1)->localState, LocalState::PendingRemoval);

    const qint64 v3 =
        local.saveDraft(m_cache->account, OfflineFixture::rawMessage("d@x", "Three"), v2, &error);
    QVERIFY2(v3 > 0, qPrintable(error.message));
    const QList<PendingOperation> list =
        PendingOperations(m_cache->cache).operations(m_cache->account);
    QCOMPARE(list.size(), 2);
    QCOMPARE(list.at(0).relatedIds, QList<qint64> { v1 });
    // The newest takes over what the unsent one was to replace.
    QCOMPARE(list.at(1).messageIds, QList<qint64> { v3 });
    QCOMPARE(list.at(1).relatedIds, (QList<qint64> { v2, v1 }));
}

void TestLocalOperations::saveDraftWithoutDraftsFolder()
{
    OfflineFixture bare;
    QVERIFY(bare.dir.isValid());
    QVERIFY(!bare.cache.open(bare.dir.filePath(QStringLiteral("cache.sqlite"))));
    bare.account = QStringLiteral("acct");
    bare.addFolder(QStringLiteral("INBOX"), magpie::store::FolderRole::Inbox, 1);
    magpie::store::StoreError error;
    QCOMPARE(LocalOperations(bare.cache)
                 .saveDraft(bare.account, OfflineFixture::rawMessage("d@x"), 0, &error),
             0);
    QCOMPARE(error.code, magpie::store::StoreError::NotFound);
    QVERIFY(error.message.contains(QStringLiteral("Drafts")));
    QCOMPARE(bare.pendingCount(), 0);
}

void TestLocalOperations::signalAfterCommit()
{
    const qint64 id = m_cache->addMessage(m_cache->inbox, 4, "a@x");
    int countSeen = -1;
    // When the signal comes, the operation is readable: it was committed before.
    connect(&m_cache->cache, &magpie::store::MailCache::pendingOperationsChanged, this,
            [this, &countSeen](const QString &account) {
                QCOMPARE(account, m_cache->account);
                countSeen = m_cache->pendingCount();
            });
    QVERIFY(!LocalOperations(m_cache->cache).markRead({ id }, true));
    QCOMPARE(countSeen, 1);
}

QTEST_GUILESS_MAIN(TestLocalOperations)
#include "tst_localoperations.moc"
