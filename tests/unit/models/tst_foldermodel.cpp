// SPDX-License-Identifier: GPL-3.0-or-later
#include "ModelTestCache.h"

#include "models/AccountModel.h"
#include "models/FolderModel.h"
#include "store/FolderStore.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QSignalSpy>
#include <QTest>

using namespace magpie;
using magpie::models::AccountModel;
using magpie::models::FolderModel;
using magpie::store::FolderRecord;
using magpie::store::FolderRole;
using magpie::testing::ModelTestCache;
using magpie::testing::TestMessage;

namespace {

const QString account = QStringLiteral("acct");

FolderRecord folder(const QString &path, FolderRole role = FolderRole::None, bool selectable = true)
{
    FolderRecord record;
    record.accountId = account;
    record.path = path;
    record.serverName = path.toUtf8();
    record.delimiter = u'/';
    record.role = role;
    record.selectable = selectable;
    return record;
}

QList<FolderRecord> startingFolders()
{
    return { folder(QStringLiteral("INBOX"), FolderRole::Inbox),
             folder(QStringLiteral("Lists"), FolderRole::None, false),
             folder(QStringLiteral("Lists/Qt")),
             folder(QStringLiteral("Lists/KDE")),
             folder(QStringLiteral("Trash"), FolderRole::Trash),
             folder(QStringLiteral("Sent"), FolderRole::Sent),
             // Listed without its parent "Archive": shown at the top.
             folder(QStringLiteral("Archive/2023")) };
}

QString outline(const QAbstractItemModel &model, const QModelIndex &parent = {})
{
    QStringList parts;
    for (int row = 0; row < model.rowCount(parent); ++row) {
        const QModelIndex index = model.index(row, 0, parent);
        QString text = index.data().toString();
        if (model.rowCount(index) > 0)
            text += QLatin1Char('(') + outline(model, index) + QLatin1Char(')');
        parts.append(text);
    }
    return parts.join(QLatin1Char(' '));
}

} // namespace

class TestFolderModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void buildsTreeWithRoles();
    void unreadCountsFollowTheCache();
    void folderListChangesAreIncremental();
    void followsTheAccountModel();
};

void TestFolderModel::buildsTreeWithRoles()
{
    ModelTestCache cache;
    QVERIFY(!store::FolderStore(cache.cache).reconcile(account, startingFolders()));
    FolderModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.upsertAccount({ account, QStringLiteral("Work"), QStringLiteral("me@work.example") });
    QCOMPARE(outline(model), QStringLiteral("Work(Inbox Sent Trash 2023 Lists(KDE Qt))"));

    const QModelIndex work = model.index(0, 0);
    QCOMPARE(work.data(FolderModel::IsAccountRole).toBool(), true);
    QCOMPARE(work.data(FolderModel::IconNameRole).toString(), QStringLiteral("account"));
    QCOMPARE(work.data(FolderModel::AccountIdRole).toString(), account);

    const QModelIndex inbox = model.index(0, 0, work);
    QCOMPARE(inbox.data(FolderModel::IconNameRole).toString(), QStringLiteral("folder-inbox"));
    QCOMPARE(inbox.data(FolderModel::FolderRoleRole).toInt(), int(FolderRole::Inbox));
    QCOMPARE(inbox.data(FolderModel::PathRole).toString(), QStringLiteral("INBOX"));
    QCOMPARE(model.index(1, 0, work).data(FolderModel::IconNameRole).toString(), QStringLiteral("folder-sent"));
    QCOMPARE(model.index(2, 0, work).data(FolderModel::IconNameRole).toString(), QStringLiteral("folder-trash"));
    const QModelIndex lists = model.index(4, 0, work);
    QCOMPARE(lists.data(FolderModel::IconNameRole).toString(), QStringLiteral("folder"));
    QCOMPARE(lists.data(FolderModel::SelectableRole).toBool(), false);
    QCOMPARE(model.flags(lists) & Qt::ItemIsSelectable, Qt::NoItemFlags);
    const QModelIndex qt = model.index(1, 0, lists);
    QCOMPARE(qt.data(FolderModel::PathRole).toString(), QStringLiteral("Lists/Qt"));
    QCOMPARE(model.indexOfFolder(qt.data(FolderModel::FolderIdRole).toLongLong()), qt);
    QCOMPARE(model.indexOfAccount(account), work);
    QCOMPARE(model.parent(qt), lists);
}

void TestFolderModel::unreadCountsFollowTheCache()
{
    ModelTestCache cache;
    QVERIFY(!store::FolderStore(cache.cache).reconcile(account, startingFolders()));
    FolderModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.upsertAccount({ account, QStringLiteral("Work"), {} });
    const QModelIndex inbox = model.index(0, 0, model.index(0, 0));
    QCOMPARE(inbox.data(FolderModel::UnreadCountRole).toInt(), 0);
    QVERIFY(!inbox.data(Qt::FontRole).isValid());

    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    const qint64 inboxId = inbox.data(FolderModel::FolderIdRole).toLongLong();
    TestMessage unread;
    unread.subject = QStringLiteral("new");
    TestMessage read = unread;
    read.flags = store::MessageFlags::Seen;
    const QList<qint64> ids = cache.add(inboxId, { unread, unread, read }); // emits the counts

    QCOMPARE(inbox.data(FolderModel::UnreadCountRole).toInt(), 2);
    QCOMPARE(inbox.data(FolderModel::TotalCountRole).toInt(), 3);
    QCOMPARE(inbox.data(Qt::FontRole).value<QFont>().bold(), true);
    QCOMPARE(model.index(0, 0).data(FolderModel::UnreadCountRole).toInt(), 2); // the account
    QVERIFY(changed.count() >= 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex(), inbox);

    cache.setFlags(inboxId, ids.at(0), store::MessageFlags::Seen);
    QCOMPARE(inbox.data(FolderModel::UnreadCountRole).toInt(), 1);
    QCOMPARE(reset.count(), 0);
}

void TestFolderModel::folderListChangesAreIncremental()
{
    ModelTestCache cache;
    store::FolderStore folders(cache.cache);
    QVERIFY(!folders.reconcile(account, startingFolders()));
    FolderModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.upsertAccount({ account, QStringLiteral("Work"), {} });
    const QPersistentModelIndex inbox = model.index(0, 0, model.index(0, 0));
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    // The server gained Lists/Rust and Drafts, and lost Lists/KDE.
    QList<FolderRecord> next = startingFolders();
    next.removeAt(3);
    next.append(folder(QStringLiteral("Lists/Rust")));
    next.append(folder(QStringLiteral("Drafts"), FolderRole::Drafts));
    QVERIFY(!folders.reconcile(account, next));

    QCOMPARE(outline(model), QStringLiteral("Work(Inbox Drafts Sent Trash 2023 Lists(Qt Rust))"));
    QCOMPARE(reset.count(), 0);
    QCOMPARE(removed.count(), 1);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inbox.row(), 0); // untouched rows keep their indexes

    // The missing parent "Archive" appears: "2023" moves under it.
    next.append(folder(QStringLiteral("Archive")));
    QVERIFY(!folders.reconcile(account, next));
    QCOMPARE(outline(model), QStringLiteral("Work(Inbox Drafts Sent Trash Archive(2023) Lists(Qt Rust))"));

    // Everything gone but the Inbox.
    QVERIFY(!folders.reconcile(account, { folder(QStringLiteral("INBOX"), FolderRole::Inbox) }));
    QCOMPARE(outline(model), QStringLiteral("Work(Inbox)"));
    QCOMPARE(reset.count(), 0);
    QVERIFY(inbox.isValid());
}

void TestFolderModel::followsTheAccountModel()
{
    ModelTestCache cache;
    QVERIFY(!store::FolderStore(cache.cache).reconcile(account, startingFolders()));
    AccountModel accounts;
    FolderModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setAccountModel(&accounts);
    QCOMPARE(model.rowCount(), 0);
    accounts.upsert({ QStringLiteral("other"), QStringLiteral("Home"), {} });
    accounts.upsert({ account, QStringLiteral("Work"), {} });
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.index(0, 0).data().toString(), QStringLiteral("Home"));
    QCOMPARE(model.rowCount(model.index(0, 0)), 0);
    QCOMPARE(model.rowCount(model.index(1, 0)), 5);
    accounts.upsert({ account, QStringLiteral("Office"), {} });
    QCOMPARE(model.index(1, 0).data().toString(), QStringLiteral("Office"));
    QVERIFY(accounts.remove(QStringLiteral("other")));
    QCOMPARE(outline(model), QStringLiteral("Office(Inbox Sent Trash 2023 Lists(KDE Qt))"));
}

QTEST_MAIN(TestFolderModel)
#include "tst_foldermodel.moc"
