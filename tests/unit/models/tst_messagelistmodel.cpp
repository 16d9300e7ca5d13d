// SPDX-License-Identifier: GPL-3.0-or-later
#include "ModelTestCache.h"

#include "models/MessageListModel.h"
#include "store/MessageListQuery.h"

#include <QAbstractItemModelTester>
#include <QFont>
#include <QRandomGenerator>
#include <QSignalSpy>
#include <QTest>

using namespace magpie;
using magpie::models::MessageListModel;
using magpie::store::MessageFlags;
using magpie::testing::ModelTestCache;
using magpie::testing::TestMessage;

namespace {

TestMessage message(const QString &subject, int day, const QString &from = {},
                    quint32 flags = MessageFlags::Seen, quint64 size = 1000,
                    bool attachments = false)
{
    TestMessage m;
    m.subject = subject;
    m.dateMs = ModelTestCache::day(day);
    m.fromName = from;
    m.fromAddress = from.isEmpty() ? QStringLiteral("nobody@example.org")
                                   : from.toLower() + QStringLiteral("@example.org");
    m.flags = flags;
    m.size = size;
    m.attachments = attachments;
    return m;
}

QStringList subjects(const QAbstractItemModel &model)
{
    QStringList list;
    for (int row = 0; row < model.rowCount(); ++row)
        list.append(model.index(row, MessageListModel::SubjectColumn)
                        .data(MessageListModel::SubjectRole)
                        .toString());
    return list;
}

// Five messages: a (day 1) .. e (day 5), varied in sender, size, flags, attachments.
QList<qint64> addFive(ModelTestCache &cache, qint64 folder)
{
    return cache.add(folder,
                     { message(QStringLiteral("Apples"), 3, QStringLiteral("Carol"),
                               MessageFlags::Seen, 300),
                       message(QStringLiteral("bananas"), 1, QStringLiteral("alice"), 0, 5000,
                               true),
                       message(QStringLiteral("Cherries"), 5, QStringLiteral("Bob"),
                               MessageFlags::Seen | MessageFlags::Flagged, 20),
                       message(QStringLiteral("dates"), 2, QStringLiteral("Dave"),
                               MessageFlags::Seen, 800),
                       message(QStringLiteral("Elderberries"), 4, QStringLiteral("Eve"), 0,
                               100000, true) });
}

} // namespace

class TestMessageListModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsNewestFirstWithRoles();
    void sortsInSql_data();
    void sortsInSql();
    void sortKeepsPersistentIndexes();
    void filters_data();
    void filters();
    void hidesRowsPendingRemoval();
    void insertsAtSortedPlaces();
    void flagChangeRepaintsOnlyThatRow();
    void flagChangeUnderFilterRemovesRow();
    void flagChangeWhenSortedByFlagMovesRow();
    void removalRemovesRows();
    void otherFoldersAreIgnored();
    void folderResetResets();
    void sentFolderShowsRecipients();
    void keepsBoundedNumberOfRows();
    void randomSyncBatchesMatchFreshQuery();
};

void TestMessageListModel::listsNewestFirstWithRoles()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    const QList<qint64> ids = addFive(cache, folder);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    QCOMPARE(model.rowCount(), 5);
    QCOMPARE(model.columnCount(), int(MessageListModel::ColumnCount));
    QCOMPARE(subjects(model), QStringList({ QStringLiteral("Cherries"), QStringLiteral("Elderberries"),
                                            QStringLiteral("Apples"), QStringLiteral("dates"),
                                            QStringLiteral("bananas") }));
    const QModelIndex elder = model.index(1, MessageListModel::SubjectColumn);
    QCOMPARE(elder.data(MessageListModel::MessageIdRole).toLongLong(), ids.at(4));
    QCOMPARE(elder.data(MessageListModel::SenderRole).toString(), QStringLiteral("Eve"));
    QCOMPARE(elder.data(MessageListModel::SenderAddressRole).toString(), QStringLiteral("eve@example.org"));
    QCOMPARE(elder.data(MessageListModel::UnreadRole).toBool(), true);
    QCOMPARE(elder.data(MessageListModel::HasAttachmentsRole).toBool(), true);
    QCOMPARE(elder.data(MessageListModel::SizeRole).toULongLong(), 100000ULL);
    QCOMPARE(elder.data(MessageListModel::FolderIdRole).toLongLong(), folder);
    QCOMPARE(elder.data(MessageListModel::DateRole).toDateTime(),
             QDateTime::fromMSecsSinceEpoch(ModelTestCache::day(4), Qt::UTC));
    QCOMPARE(elder.data(Qt::FontRole).value<QFont>().bold(), true);
    QCOMPARE(model.index(0, 0).data(Qt::FontRole).isValid(), false); // read: normal font
    QCOMPARE(model.index(0, MessageListModel::FlaggedColumn).data(MessageListModel::IconNameRole).toString(),
             QStringLiteral("flag"));
    QCOMPARE(model.index(0, 0).data(MessageListModel::FlaggedRole).toBool(), true);
    QCOMPARE(model.index(1, MessageListModel::AttachmentColumn).data(MessageListModel::IconNameRole).toString(),
             QStringLiteral("attachment"));
    QCOMPARE(model.index(0, MessageListModel::CorrespondentColumn).data().toString(), QStringLiteral("Bob"));
    QCOMPARE(model.headerData(MessageListModel::CorrespondentColumn, Qt::Horizontal).toString(),
             QStringLiteral("From"));
    QVERIFY(!model.index(0, MessageListModel::SizeColumn).data().toString().isEmpty());
    QCOMPARE(model.rowOfMessage(ids.at(4)), 1);
    QCOMPARE(model.messageId(1), ids.at(4));
    QCOMPARE(model.summary(1)->subject, QStringLiteral("Elderberries"));
}

void TestMessageListModel::sortsInSql_data()
{
    QTest::addColumn<int>("column");
    QTest::addColumn<Qt::SortOrder>("order");
    QTest::addColumn<QString>("expected"); // first letters of the subjects, top to bottom

    QTest::newRow("date ascending") << int(MessageListModel::DateColumn) << Qt::AscendingOrder << QStringLiteral("bdAEC");
    QTest::newRow("date descending") << int(MessageListModel::DateColumn) << Qt::DescendingOrder << QStringLiteral("CEAdb");
    QTest::newRow("subject ascending, case-insensitive") << int(MessageListModel::SubjectColumn) << Qt::AscendingOrder << QStringLiteral("AbCdE");
    QTest::newRow("subject descending") << int(MessageListModel::SubjectColumn) << Qt::DescendingOrder << QStringLiteral("EdCbA");
    QTest::newRow("sender ascending") << int(MessageListModel::CorrespondentColumn) << Qt::AscendingOrder << QStringLiteral("bCAdE");
    QTest::newRow("size ascending") << int(MessageListModel::SizeColumn) << Qt::AscendingOrder << QStringLiteral("CAdbE");
    // Flagged first, the rest newest first.
    QTest::newRow("flagged descending") << int(MessageListModel::FlaggedColumn) << Qt::DescendingOrder << QStringLiteral("CEAdb");
    QTest::newRow("attachments descending") << int(MessageListModel::AttachmentColumn) << Qt::DescendingOrder << QStringLiteral("EbCAd");
}

void TestMessageListModel::sortsInSql()
{
    QFETCH(int, column);
    QFETCH(Qt::SortOrder, order);
    QFETCH(QString, expected);
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    addFive(cache, folder);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.sort(MessageListModel::SubjectColumn, Qt::AscendingOrder); // away from the default
    model.sort(column, order);
    QString got;
    for (const QString &subject : subjects(model))
        got += subject.at(0);
    QCOMPARE(got, expected);
    QCOMPARE(reset.count(), 0);
}

void TestMessageListModel::sortKeepsPersistentIndexes()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    const QList<qint64> ids = addFive(cache, folder);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    const QPersistentModelIndex selected = model.index(model.rowOfMessage(ids.at(1)), 2);
    QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);
    model.sort(MessageListModel::SubjectColumn, Qt::AscendingOrder);
    QCOMPARE(layout.count(), 1);
    QCOMPARE(selected.row(), 1); // "bananas" is second by subject
    QCOMPARE(selected.column(), 2);
    QCOMPARE(selected.data(MessageListModel::MessageIdRole).toLongLong(), ids.at(1));
}

void TestMessageListModel::filters_data()
{
    QTest::addColumn<bool>("unread");
    QTest::addColumn<bool>("flagged");
    QTest::addColumn<bool>("attachments");
    QTest::addColumn<QString>("expected");
    QTest::newRow("none") << false << false << false << QStringLiteral("CEAdb");
    QTest::newRow("unread") << true << false << false << QStringLiteral("Eb");
    QTest::newRow("flagged") << false << true << false << QStringLiteral("C");
    QTest::newRow("attachments") << false << false << true << QStringLiteral("Eb");
    QTest::newRow("unread and flagged") << true << true << false << QString();
}

void TestMessageListModel::filters()
{
    QFETCH(bool, unread);
    QFETCH(bool, flagged);
    QFETCH(bool, attachments);
    QFETCH(QString, expected);
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    addFive(cache, folder);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    store::MessageListFilter filter;
    filter.unreadOnly = unread;
    filter.flaggedOnly = flagged;
    filter.withAttachmentsOnly = attachments;
    model.setFilter(filter);
    QString got;
    for (const QString &subject : subjects(model))
        got += subject.at(0);
    QCOMPARE(got, expected);
    QCOMPARE(model.filter(), filter);
}

void TestMessageListModel::hidesRowsPendingRemoval()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    const QList<qint64> ids = addFive(cache, folder);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // Deleted offline: hidden at once, the row stays in the cache until the server agrees.
    QVERIFY(!store::MessageStore(cache.cache).setLocalState({ ids.at(0) }, store::LocalState::PendingRemoval));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.at(0).at(1).toInt(), 2); // Apples was the third row
    QCOMPARE(model.rowCount(), 4);
    QVERIFY(!subjects(model).contains(QStringLiteral("Apples")));
    QCOMPARE(reset.count(), 0);
}

void TestMessageListModel::insertsAtSortedPlaces()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    addFive(cache, folder);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QSignalSpy layout(&model, &QAbstractItemModel::layoutChanged);

    // A sync batch: one newest (top), two on day 2.5 and 2.6 (between "Apples" and "dates").
    TestMessage newest = message(QStringLiteral("Figs"), 9);
    TestMessage middle1 = message(QStringLiteral("Grapes"), 2);
    middle1.dateMs += 3600 * 1000;
    TestMessage middle2 = message(QStringLiteral("Hazelnuts"), 2);
    middle2.dateMs += 7200 * 1000;
    cache.add(folder, { newest, middle1, middle2 });

    QCOMPARE(reset.count(), 0);
    QCOMPARE(layout.count(), 0);
    QCOMPARE(removed.count(), 0);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(inserted.at(0).at(1).toInt(), 0);
    QCOMPARE(inserted.at(0).at(2).toInt(), 0);
    QCOMPARE(inserted.at(1).at(1).toInt(), 4); // after Figs, Cherries, Elderberries, Apples
    QCOMPARE(inserted.at(1).at(2).toInt(), 5);
    QCOMPARE(subjects(model),
             QStringList({ QStringLiteral("Figs"), QStringLiteral("Cherries"), QStringLiteral("Elderberries"),
                           QStringLiteral("Apples"), QStringLiteral("Hazelnuts"), QStringLiteral("Grapes"),
                           QStringLiteral("dates"), QStringLiteral("bananas") }));
}

void TestMessageListModel::flagChangeRepaintsOnlyThatRow()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    const QList<qint64> ids = addFive(cache, folder);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    const int row = model.rowOfMessage(ids.at(4)); // Elderberries, unread
    QVERIFY(model.index(row, 0).data(MessageListModel::UnreadRole).toBool()); // now cached
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    cache.setFlags(folder, ids.at(4), MessageFlags::Seen);

    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.at(0).at(0).toModelIndex().row(), row);
    QCOMPARE(changed.at(0).at(1).toModelIndex().row(), row);
    QCOMPARE(changed.at(0).at(1).toModelIndex().column(), MessageListModel::ColumnCount - 1);
    QCOMPARE(inserted.count() + removed.count() + reset.count(), 0);
    QCOMPARE(model.index(row, 0).data(MessageListModel::UnreadRole).toBool(), false);
    QCOMPARE(model.index(row, 0).data(Qt::FontRole).isValid(), false);
}

void TestMessageListModel::flagChangeUnderFilterRemovesRow()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    const QList<qint64> ids = addFive(cache, folder);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    store::MessageListFilter unread;
    unread.unreadOnly = true;
    model.setFilter(unread);
    QCOMPARE(model.rowCount(), 2);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    cache.setFlags(folder, ids.at(1), MessageFlags::Seen); // bananas read elsewhere
    QCOMPARE(removed.count(), 1);
    QCOMPARE(model.rowCount(), 1);
    cache.setFlags(folder, ids.at(0), 0); // Apples marked unread
    QCOMPARE(inserted.count(), 1);
    QCOMPARE(inserted.at(0).at(1).toInt(), 1); // after Elderberries (day 4), Apples is day 3
    QCOMPARE(subjects(model), QStringList({ QStringLiteral("Elderberries"), QStringLiteral("Apples") }));
}

void TestMessageListModel::flagChangeWhenSortedByFlagMovesRow()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    const QList<qint64> ids = addFive(cache, folder);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    model.sort(MessageListModel::FlaggedColumn, Qt::DescendingOrder);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    cache.setFlags(folder, ids.at(1), MessageFlags::Flagged); // bananas (oldest) flagged
    QCOMPARE(subjects(model), QStringList({ QStringLiteral("Cherries"), QStringLiteral("bananas"),
                                            QStringLiteral("Elderberries"), QStringLiteral("Apples"),
                                            QStringLiteral("dates") }));
    QCOMPARE(reset.count(), 0);
}

void TestMessageListModel::removalRemovesRows()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    const QList<qint64> ids = addFive(cache, folder);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    QSignalSpy removed(&model, &QAbstractItemModel::rowsRemoved);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // Expunged on the server: Cherries (row 0), Elderberries (row 1), dates (row 3).
    cache.remove(folder, { ids.at(2), ids.at(4), ids.at(3) });
    QCOMPARE(removed.count(), 2); // one per contiguous run, bottom first
    QCOMPARE(removed.at(0).at(1).toInt(), 3);
    QCOMPARE(removed.at(1).at(1).toInt(), 0);
    QCOMPARE(removed.at(1).at(2).toInt(), 1);
    QCOMPARE(subjects(model), QStringList({ QStringLiteral("Apples"), QStringLiteral("bananas") }));
    QCOMPARE(reset.count(), 0);
}

void TestMessageListModel::otherFoldersAreIgnored()
{
    ModelTestCache cache;
    const qint64 inbox = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    const qint64 other = cache.addFolder(QStringLiteral("a"), QStringLiteral("Other"));
    addFive(cache, inbox);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(inbox);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    cache.add(other, { message(QStringLiteral("Elsewhere"), 10) });
    QCOMPARE(inserted.count(), 0);
    QCOMPARE(model.rowCount(), 5);

    // Two folders at once (a search result set, a unified inbox).
    model.setFolders({ inbox, other });
    QCOMPARE(model.rowCount(), 6);
    QCOMPARE(subjects(model).constFirst(), QStringLiteral("Elsewhere"));
}

void TestMessageListModel::folderResetResets()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    addFive(cache, folder);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    // UIDVALIDITY changed (RFC 3501 s2.3.1.1): the store drops the folder's messages.
    QVERIFY(!store::FolderStore(cache.cache).resetFolder(folder, 777));
    QCOMPARE(reset.count(), 1);
    QCOMPARE(model.rowCount(), 0);
}

void TestMessageListModel::sentFolderShowsRecipients()
{
    ModelTestCache cache;
    const qint64 sent =
        cache.addFolder(QStringLiteral("a"), QStringLiteral("Sent"), store::FolderRole::Sent);
    TestMessage mail = message(QStringLiteral("Hello"), 1, QStringLiteral("Me"));
    mail.to = QStringLiteral("Bob Example\x1f" "bob@example.org");
    cache.add(sent, { mail });
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(sent);
    QVERIFY(model.showsRecipients());
    QCOMPARE(model.headerData(MessageListModel::CorrespondentColumn, Qt::Horizontal).toString(),
             QStringLiteral("To"));
    QCOMPARE(model.index(0, MessageListModel::CorrespondentColumn).data().toString(),
             QStringLiteral("Bob Example"));
    QCOMPARE(model.index(0, MessageListModel::CorrespondentColumn).data(Qt::ToolTipRole).toString(),
             QStringLiteral("Bob Example <bob@example.org>"));
}

void TestMessageListModel::keepsBoundedNumberOfRows()
{
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    const int count = 3 * MessageListModel::MaxCachedRows;
    cache.exec(QStringLiteral("BEGIN"));
    for (int i = 0; i < count; ++i)
        cache.insert(folder, message(QStringLiteral("Message %1").arg(i, 5, 10, QLatin1Char('0')), i));
    cache.exec(QStringLiteral("COMMIT"));
    MessageListModel model(cache.cache);
    model.setFolder(folder);
    QCOMPARE(model.rowCount(), count);
    QCOMPARE(model.cachedRowCount(), 0); // nothing read before a view asks
    for (int row = 0; row < count; ++row) {
        QCOMPARE(model.index(row, MessageListModel::SubjectColumn).data().toString(),
                 QStringLiteral("Message %1").arg(count - 1 - row, 5, 10, QLatin1Char('0')));
        QVERIFY(model.cachedRowCount() <= MessageListModel::MaxCachedRows);
    }
    // Back to the top: evicted rows are read again.
    QCOMPARE(model.index(0, MessageListModel::SubjectColumn).data().toString(),
             QStringLiteral("Message %1").arg(count - 1, 5, 10, QLatin1Char('0')));
}

void TestMessageListModel::randomSyncBatchesMatchFreshQuery()
{
    // Many batches of adds, flag changes and removals under a filter and a sort: the model
    // must always equal a fresh query, and the tester sees every step.
    ModelTestCache cache;
    const qint64 folder = cache.addFolder(QStringLiteral("a"), QStringLiteral("INBOX"));
    QRandomGenerator random(42);
    MessageListModel model(cache.cache);
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setFolder(folder);
    model.sort(MessageListModel::FlaggedColumn, Qt::DescendingOrder);
    store::MessageListFilter filter;
    filter.unreadOnly = true;
    model.setFilter(filter);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    QList<qint64> live;
    for (int round = 0; round < 60; ++round) {
        QList<TestMessage> batch;
        for (int i = int(random.bounded(6)); i > 0; --i)
            batch.append(message(QStringLiteral("m%1").arg(random.bounded(1000)),
                                 int(random.bounded(100)), {},
                                 random.bounded(3) == 0 ? quint32(MessageFlags::Seen) : 0u));
        live += cache.add(folder, batch);
        if (!live.isEmpty() && random.bounded(2) == 0) {
            const qint64 id = live.at(int(random.bounded(int(live.size()))));
            cache.setFlags(folder, id, quint32(random.bounded(8)));
        }
        if (live.size() > 3 && random.bounded(3) == 0) {
            QList<qint64> gone;
            for (int i = 0; i < 3; ++i)
                gone.append(live.takeAt(int(random.bounded(int(live.size())))));
            cache.remove(folder, gone);
        }
        const QList<qint64> expected = store::MessageListQuery(cache.cache).ids(
            { folder }, model.filter(), model.order());
        QCOMPARE(model.messageIds(), expected);
    }
    QCOMPARE(reset.count(), 0);
}

QTEST_MAIN(TestMessageListModel)
#include "tst_messagelistmodel.moc"
