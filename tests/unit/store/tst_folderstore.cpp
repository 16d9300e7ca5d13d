// SPDX-License-Identifier: GPL-3.0-or-later
#include "TemporaryCache.h"

#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MessageStore.h"

#include <QSignalSpy>
#include <QSqlQuery>

using namespace magpie::store;

namespace {

FolderRecord serverFolder(const QString &path, FolderRole role = FolderRole::None, bool selectable = true)
{
    FolderRecord folder;
    folder.path = path;
    folder.serverName = path.toUtf8();
    folder.delimiter = u'/';
    folder.role = role;
    folder.selectable = selectable;
    return folder;
}

QStringList paths(const QList<FolderRecord> &folders)
{
    QStringList list;
    for (const FolderRecord &folder : folders)
        list.append(folder.path);
    return list;
}

int rowCount(MailCache &cache, const QString &sql)
{
    QSqlQuery query(cache.connection());
    if (!query.exec(sql) || !query.next())
        return -1;
    return query.value(0).toInt();
}

} // namespace

class TestFolderStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void inboxFirstThenByPath();
    void ensureAddsOnceAndKeepsFields();
    void reconcileAddsUpdatesRemoves();
    void reconcileKeepsLocalFoldersAndIds();
    void reconcileWithNoChangeEmitsNothing();
    void countsIgnorePendingRemoval();
    void roleLookup();
    void saveSyncState();
    void resetFolderDropsMessagesBodiesAndText();
    void resetFolderKeepsLocalCopies();
    void removeDropsFolderAndMessages();
    void accountIdsAndSeparation();
};

void TestFolderStore::inboxFirstThenByPath()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    QVERIFY(!store.reconcile(QStringLiteral("acct"),
                             { serverFolder(QStringLiteral("Archive")), serverFolder(QStringLiteral("Sent")),
                               serverFolder(QStringLiteral("INBOX"), FolderRole::Inbox),
                               serverFolder(QStringLiteral("Archive/2023")), serverFolder(QStringLiteral("Drafts")) }));
    QCOMPARE(paths(store.folders(QStringLiteral("acct"))),
             (QStringList { QStringLiteral("INBOX"), QStringLiteral("Archive"), QStringLiteral("Archive/2023"),
                            QStringLiteral("Drafts"), QStringLiteral("Sent") }));
}

void TestFolderStore::ensureAddsOnceAndKeepsFields()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    QSignalSpy changed(&t.cache, &MailCache::foldersChanged);
    FolderRecord local;
    local.accountId = QStringLiteral("pop");
    local.path = QStringLiteral("Inbox");
    local.role = FolderRole::Inbox;
    local.local = true;
    local.uidValidity = 7;
    StoreError error;
    const auto first = store.ensure(local, &error);
    QVERIFY2(first, qPrintable(error.message));
    QVERIFY(first->id > 0);
    QCOMPARE(first->role, FolderRole::Inbox);
    QVERIFY(first->local);
    QVERIFY(first->delimiter.isNull());
    QCOMPARE(first->uidValidity, 7u);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().first().toString(), QStringLiteral("pop"));
    const auto second = store.ensure(local);
    QVERIFY(second);
    QCOMPARE(second->id, first->id);
    QCOMPARE(changed.count(), 1);
}

void TestFolderStore::reconcileAddsUpdatesRemoves()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    const QString acct = QStringLiteral("acct");
    QVERIFY(!store.reconcile(acct, { serverFolder(QStringLiteral("INBOX"), FolderRole::Inbox),
                                     serverFolder(QStringLiteral("Old")),
                                     serverFolder(QStringLiteral("Trash")) }));
    const qint64 inboxId = store.folderByPath(acct, QStringLiteral("INBOX"))->id;
    const qint64 trashId = store.folderByPath(acct, QStringLiteral("Trash"))->id;
    const qint64 oldId = store.folderByPath(acct, QStringLiteral("Old"))->id;
    MessageStore messages(t.cache);
    const QList<qint64> ids = messages.add(oldId, { makeSummary(1, QStringLiteral("gone")) });
    QCOMPARE(ids.size(), 1);

    QSignalSpy changed(&t.cache, &MailCache::foldersChanged);
    // Trash gains its role, Old disappears, New appears.
    QVERIFY(!store.reconcile(acct, { serverFolder(QStringLiteral("INBOX"), FolderRole::Inbox),
                                     serverFolder(QStringLiteral("Trash"), FolderRole::Trash),
                                     serverFolder(QStringLiteral("New"), FolderRole::None, false) }));
    QCOMPARE(changed.count(), 1);
    const QList<FolderRecord> list = store.folders(acct);
    QCOMPARE(paths(list), (QStringList { QStringLiteral("INBOX"), QStringLiteral("New"), QStringLiteral("Trash") }));
    QCOMPARE(list.at(0).id, inboxId);
    QCOMPARE(list.at(2).id, trashId);
    QCOMPARE(list.at(2).role, FolderRole::Trash);
    QVERIFY(!list.at(1).selectable);
    QVERIFY(!store.folder(oldId));
    QVERIFY(!messages.message(ids.first()));
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 0);
}

void TestFolderStore::reconcileKeepsLocalFoldersAndIds()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    const QString acct = QStringLiteral("acct");
    FolderRecord outbox;
    outbox.accountId = acct;
    outbox.path = QStringLiteral("Local Sent");
    outbox.local = true;
    outbox.role = FolderRole::Sent;
    const auto local = store.ensure(outbox);
    QVERIFY(local);
    QVERIFY(!store.reconcile(acct, { serverFolder(QStringLiteral("INBOX"), FolderRole::Inbox) }));
    QVERIFY(!store.reconcile(acct, {}));
    const QList<FolderRecord> list = store.folders(acct);
    QCOMPARE(paths(list), QStringList { QStringLiteral("Local Sent") });
    QCOMPARE(list.first().id, local->id);
}

void TestFolderStore::reconcileWithNoChangeEmitsNothing()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    const QList<FolderRecord> list { serverFolder(QStringLiteral("INBOX"), FolderRole::Inbox),
                                     serverFolder(QStringLiteral("Sent"), FolderRole::Sent) };
    QVERIFY(!store.reconcile(QStringLiteral("acct"), list));
    QSignalSpy changed(&t.cache, &MailCache::foldersChanged);
    QVERIFY(!store.reconcile(QStringLiteral("acct"), list));
    QCOMPARE(changed.count(), 0);
}

void TestFolderStore::countsIgnorePendingRemoval()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    QList<MessageSummary> batch;
    for (quint32 uid = 1; uid <= 5; ++uid) {
        MessageSummary m = makeSummary(uid, QStringLiteral("m%1").arg(uid));
        if (uid <= 2)
            m.flags.set(MessageFlags::Seen);
        batch.append(m);
    }
    const QList<qint64> ids = messages.add(inbox, batch);
    QCOMPARE(ids.size(), 5);
    FolderRecord folder = *store.folder(inbox);
    QCOMPARE(folder.total, 5);
    QCOMPARE(folder.unread, 3);
    // One read and one unread message deleted offline: hidden from the counts.
    QVERIFY(!messages.setLocalState({ ids.at(0), ids.at(4) }, LocalState::PendingRemoval));
    folder = *store.folder(inbox);
    QCOMPARE(folder.total, 3);
    QCOMPARE(folder.unread, 2);
    QCOMPARE(store.folders(QStringLiteral("acct")).first().unread, 2);

    // The counts use the partial indexes (Schema.cpp), not a scan of every row.
    QSqlQuery plan(t.cache.connection());
    QVERIFY(plan.exec(QStringLiteral("EXPLAIN QUERY PLAN SELECT count(*) FROM messages WHERE folder_id = 1"
                                     " AND (flags & 1) = 0 AND local_state <> 1")));
    QStringList steps;
    while (plan.next())
        steps.append(plan.value(3).toString());
    QVERIFY2(steps.join(u' ').contains(QLatin1String("messages_unread")), qPrintable(steps.join(u'|')));
}

void TestFolderStore::roleLookup()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    QVERIFY(!store.reconcile(QStringLiteral("acct"),
                             { serverFolder(QStringLiteral("INBOX"), FolderRole::Inbox),
                               serverFolder(QStringLiteral("Sent Items"), FolderRole::Sent),
                               serverFolder(QStringLiteral("Sent"), FolderRole::Sent) }));
    const auto sent = store.folderByRole(QStringLiteral("acct"), FolderRole::Sent);
    QVERIFY(sent);
    QCOMPARE(sent->path, QStringLiteral("Sent"));
    QVERIFY(!store.folderByRole(QStringLiteral("acct"), FolderRole::Junk));
    QVERIFY(!store.folderByRole(QStringLiteral("other"), FolderRole::Inbox));
}

void TestFolderStore::saveSyncState()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    QVERIFY(!store.saveSyncState(inbox, 4000000000u, 123, 9000000000ULL));
    const FolderRecord folder = *store.folder(inbox);
    QCOMPARE(folder.uidValidity, 4000000000u);
    QCOMPARE(folder.uidNext, 123u);
    QCOMPARE(folder.highestModSeq, 9000000000ULL);
    QCOMPARE(store.saveSyncState(inbox + 100, 1, 1, 1).code, StoreError::NotFound);
}

void TestFolderStore::resetFolderDropsMessagesBodiesAndText()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    const qint64 other = t.addFolder(QStringLiteral("Other"));
    QVERIFY(!store.saveSyncState(inbox, 1, 10, 50));
    MessageStore messages(t.cache);
    const QList<qint64> ids = messages.add(inbox, { makeSummary(1, QStringLiteral("a")),
                                                    makeSummary(2, QStringLiteral("b")) });
    const QList<qint64> kept = messages.add(other, { makeSummary(1, QStringLiteral("c")) });
    BodyStore bodies(t.cache);
    QVERIFY(!bodies.save(ids.first(), "Subject: a\r\n\r\nhello\r\n"));
    QVERIFY(!bodies.save(kept.first(), "Subject: c\r\n\r\nhello\r\n"));

    QSignalSpy reset(&t.cache, &MailCache::folderReset);
    QSignalSpy removed(&t.cache, &MailCache::messagesRemoved);
    QVERIFY(!store.resetFolder(inbox, 2));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(reset.first().first().toLongLong(), inbox);
    QCOMPARE(removed.count(), 0); // folderReset says it all
    const FolderRecord folder = *store.folder(inbox);
    QCOMPARE(folder.uidValidity, 2u);
    QCOMPARE(folder.uidNext, 0u);
    QCOMPARE(folder.highestModSeq, 0u);
    QCOMPARE(folder.total, 0);
    QVERIFY(messages.uids(inbox).isEmpty());
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM bodies")), 1);
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 1);
    QVERIFY(messages.message(kept.first()));
    QCOMPARE(store.resetFolder(inbox + 100, 3).code, StoreError::NotFound);
}

void TestFolderStore::resetFolderKeepsLocalCopies()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    const qint64 drafts = t.addFolder(QStringLiteral("Drafts"));
    MessageStore messages(t.cache);
    MessageSummary offlineDraft = makeSummary(0, QStringLiteral("written offline"));
    offlineDraft.localState = LocalState::PendingUpload;
    MessageSummary movedAway = makeSummary(4, QStringLiteral("moved away offline"));
    movedAway.localState = LocalState::PendingRemoval;
    const QList<qint64> ids = messages.add(drafts, { makeSummary(3, QStringLiteral("on server")), offlineDraft, movedAway });
    QCOMPARE(ids.size(), 3);
    QVERIFY(!BodyStore(t.cache).save(ids.at(1), "Subject: written offline\r\n\r\nmy words\r\n"));
    QVERIFY(!store.resetFolder(drafts, 99));
    // Only the person's own copy, with its body and search entry, is left.
    QVERIFY(!messages.message(ids.at(0)));
    QVERIFY(!messages.message(ids.at(2)));
    const auto kept = messages.message(ids.at(1));
    QVERIFY(kept);
    QVERIFY(kept->hasBody);
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 1);
    QCOMPARE(store.folder(drafts)->total, 1);
}

void TestFolderStore::removeDropsFolderAndMessages()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    const qint64 folder = t.addFolder(QStringLiteral("Lists"));
    MessageStore messages(t.cache);
    const QList<qint64> ids = messages.add(folder, { makeSummary(1, QStringLiteral("a")) });
    QVERIFY(!BodyStore(t.cache).save(ids.first(), "Subject: a\r\n\r\nhi\r\n"));
    QSignalSpy changed(&t.cache, &MailCache::foldersChanged);
    QVERIFY(!store.remove(folder));
    QCOMPARE(changed.count(), 1);
    QVERIFY(!store.folder(folder));
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM messages")), 0);
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM bodies")), 0);
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 0);
    QCOMPARE(store.remove(folder).code, StoreError::NotFound);
}

void TestFolderStore::accountIdsAndSeparation()
{
    TemporaryCache t;
    FolderStore store(t.cache);
    t.addFolder(QStringLiteral("INBOX"), QStringLiteral("b"));
    t.addFolder(QStringLiteral("INBOX"), QStringLiteral("a"));
    QCOMPARE(store.accountIds(), (QStringList { QStringLiteral("a"), QStringLiteral("b") }));
    QVERIFY(!store.reconcile(QStringLiteral("a"), {}));
    QCOMPARE(store.accountIds(), QStringList { QStringLiteral("b") });
}

QTEST_GUILESS_MAIN(TestFolderStore)
#include "tst_folderstore.moc"
