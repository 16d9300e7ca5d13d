// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Database.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/Schema.h"
#include "store/SearchKey.h"
#include "store/SearchIndex.h"
#include "store/SearchIndexer.h"

#include <QFile>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie::store;

namespace {

// The migrations up to and including `version`: a cache as that Magpie left it.
QList<Migration> migrationsUpTo(int version)
{
    QList<Migration> list;
    for (const Migration &step : Schema::migrations()) {
        if (step.version <= version)
            list.append(step);
    }
    return list;
}

QStringList tablesOf(const QSqlDatabase &db)
{
    QStringList names;
    QSqlQuery query(db);
    // Names and definitions: an upgraded table must have the columns a fresh one has.
    query.exec(QStringLiteral("SELECT name, sql FROM sqlite_schema WHERE type IN ('table', 'index')"
                              " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'message_text_%'"
                              " ORDER BY name"));
    while (query.next())
        names.append(query.value(0).toString() + QLatin1String(": ") + query.value(1).toString());
    return names;
}

} // namespace

class TestSchema : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void versionsAreConsecutive();
    void fromEachEarlierVersion_data();
    void fromEachEarlierVersion();
    void fromEmptyFile();
    void fromVersion1KeepsFolders();
    void fromVersion2KeysTheSearchIndexByDate();
    void fromVersion3ListsTheUnindexedRows();
    void currentSchemaWorksEndToEnd();
};

void TestSchema::versionsAreConsecutive()
{
    int expected = 1;
    for (const Migration &step : Schema::migrations())
        QCOMPARE(step.version, expected++);
    QCOMPARE(Schema::currentVersion(), expected - 1);
    QCOMPARE(Schema::currentVersion(), 4);
}

void TestSchema::fromEachEarlierVersion_data()
{
    QTest::addColumn<int>("from");
    for (int version = 0; version < Schema::currentVersion(); ++version)
        QTest::addRow("v%d", version) << version;
}

void TestSchema::fromEachEarlierVersion()
{
    // Upgrading from any earlier version ends with the same tables and indexes as a cache
    // created at the current version.
    QFETCH(int, from);
    QTemporaryDir dir;
    const QString fresh = dir.filePath(QStringLiteral("fresh.sqlite"));
    const QString upgraded = dir.filePath(QStringLiteral("upgraded.sqlite"));
    QStringList expected;
    {
        Database db;
        QVERIFY(!db.open(fresh, Schema::migrations()));
        expected = tablesOf(db.connection());
    }
    if (from > 0) {
        Database db;
        QVERIFY(!db.open(upgraded, migrationsUpTo(from)));
        QCOMPARE(db.schemaVersion(), from);
    }
    Database db;
    const StoreError error = db.open(upgraded, Schema::migrations());
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(db.schemaVersion(), Schema::currentVersion());
    QCOMPARE(tablesOf(db.connection()), expected);
    QVERIFY(expected.filter(QStringLiteral("messages: CREATE TABLE")).size() == 1);
    QVERIFY(expected.filter(QStringLiteral("messages: CREATE TABLE")).constFirst().contains(
        QLatin1String("search_key")));
    QVERIFY(expected.filter(QStringLiteral("messages_unindexed: CREATE INDEX")).size() == 1);
    QVERIFY(expected.filter(QStringLiteral("message_text: CREATE VIRTUAL TABLE")).size() == 1);
    QVERIFY(expected.filter(QStringLiteral("message_id UNINDEXED")).size() == 1);
}

void TestSchema::fromEmptyFile()
{
    // A zero-byte file (a crash right after creating it, or `touch`) is an empty database.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    MailCache cache;
    const StoreError error = cache.open(path);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(cache.database().schemaVersion(), Schema::currentVersion());
}

void TestSchema::fromVersion1KeepsFolders()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    {
        // As issue 5's Magpie wrote it: folders with the SPECIAL-USE attribute as text.
        Database db;
        QVERIFY(!db.open(path, migrationsUpTo(1)));
        QSqlQuery insert(db.connection());
        QVERIFY(insert.exec(QStringLiteral(
            "INSERT INTO folders (account_id, name, delimiter, special_use, uid_validity, uid_next,"
            " highest_modseq) VALUES"
            " ('acct', 'INBOX', '/', NULL, 11, 120, 900),"
            " ('acct', 'Sent Items', '/', '\\Sent', 12, 5, 0),"
            " ('acct', 'Lists/Qt', '/', NULL, 13, 7, 0),"
            " ('acct', 'Bin', '/', '\\TRASH', 14, 1, 0)")));
    }
    MailCache cache;
    const StoreError error = cache.open(path);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(cache.database().schemaVersion(), Schema::currentVersion());
    FolderStore store(cache);
    const QList<FolderRecord> folders = store.folders(QStringLiteral("acct"));
    QCOMPARE(folders.size(), 4);
    const FolderRecord inbox = folders.at(0);
    QCOMPARE(inbox.path, QStringLiteral("INBOX"));
    QCOMPARE(inbox.role, FolderRole::Inbox);
    QCOMPARE(inbox.uidValidity, 11u);
    QCOMPARE(inbox.uidNext, 120u);
    QCOMPARE(inbox.highestModSeq, 900u);
    QCOMPARE(inbox.serverName, QByteArray("INBOX"));
    QVERIFY(inbox.selectable);
    QVERIFY(!inbox.local);
    QCOMPARE(store.folderByRole(QStringLiteral("acct"), FolderRole::Sent)->path, QStringLiteral("Sent Items"));
    QCOMPARE(store.folderByRole(QStringLiteral("acct"), FolderRole::Trash)->path, QStringLiteral("Bin"));
    const auto qt = store.folderByPath(QStringLiteral("acct"), QStringLiteral("Lists/Qt"));
    QVERIFY(qt);
    QCOMPARE(qt->role, FolderRole::None);
    QCOMPARE(qt->displayName(), QStringLiteral("Qt"));
    // The upgraded cache takes messages.
    MessageStore messages(cache);
    MessageSummary m;
    m.uid = 1;
    m.subject = QStringLiteral("after the upgrade");
    QCOMPARE(messages.add(inbox.id, { m }).size(), 1);
    QCOMPARE(store.folder(inbox.id)->total, 1);
}

void TestSchema::fromVersion2KeysTheSearchIndexByDate()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    const qint64 d = 1700000000000LL;
    {
        // As issue 6's second session left it: message_text's rowid is the message id.
        Database db;
        QVERIFY(!db.open(path, migrationsUpTo(2)));
        QSqlQuery insert(db.connection());
        QVERIFY(insert.exec(QStringLiteral(
            "INSERT INTO folders (id, account_id, name, server_name) VALUES (1, 'acct', 'INBOX', 'INBOX')")));
        // Two messages of one millisecond, an undated one, a newer and an older one, and
        // one removed offline; cached in an order that is not the date order.
        QVERIFY(insert.exec(QStringLiteral(
            "INSERT INTO messages (id, folder_id, uid, date, subject, local_state) VALUES"
            " (1, 1, 1, %1, 'alpha report', 0), (2, 1, 2, %1, 'beta report', 0),"
            " (3, 1, 3, NULL, 'gamma report', 0), (4, 1, 4, %2, 'delta report', 0),"
            " (5, 1, 5, %3, 'epsilon report', 0), (6, 1, 6, %2, 'zeta report', 1)")
                                .arg(d).arg(d + 1000).arg(d - 1000)));
        QVERIFY(insert.exec(QStringLiteral(
            "INSERT INTO message_text (rowid, subject, addresses, body) VALUES"
            " (1, 'alpha report', 'alice', ''), (2, 'beta report', 'bob', ''),"
            " (3, 'gamma report', 'carol', ''), (4, 'delta report', 'dave', 'zanzibar'),"
            " (5, 'epsilon report', 'eve', ''), (6, 'zeta report', 'frank', ''),"
            " (99, 'orphan report', 'nobody', '')")));
    }
    MailCache cache;
    const StoreError error = cache.open(path);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(cache.database().schemaVersion(), Schema::currentVersion());
    QCOMPARE(SearchIndexer(cache).pendingCount(), 0);

    auto keyOf = [&](qint64 id) {
        QSqlQuery query(cache.connection());
        query.prepare(QStringLiteral("SELECT search_key FROM messages WHERE id = ?"));
        query.addBindValue(id);
        return query.exec() && query.next() ? query.value(0).toLongLong() : qint64(0);
    };
    // The keys are SearchKey's: in the date's slot, ties in id order, undated below.
    const QDateTime date = QDateTime::fromMSecsSinceEpoch(d, Qt::UTC);
    QVERIFY(SearchKey::inSlot(keyOf(1), date));
    QVERIFY(SearchKey::inSlot(keyOf(2), date));
    QVERIFY(keyOf(1) < keyOf(2));
    QCOMPARE(keyOf(3), SearchKey::undated(3));
    QVERIFY(SearchKey::inSlot(keyOf(4), date.addMSecs(1000)));
    QVERIFY(SearchKey::inSlot(keyOf(5), date.addMSecs(-1000)));
    {
        // Each message has its entry at its key; the orphan entry is gone.
        QSqlQuery query(cache.connection());
        QVERIFY(query.exec(QStringLiteral(
            "SELECT count(*), sum(t.rowid = m.search_key) FROM message_text AS t"
            " JOIN messages AS m ON m.id = t.message_id")));
        QVERIFY(query.next());
        QCOMPARE(query.value(0).toInt(), 6);
        QCOMPARE(query.value(1).toInt(), 6);
        QVERIFY(query.exec(QStringLiteral("SELECT count(*) FROM message_text")) && query.next());
        QCOMPARE(query.value(0).toInt(), 6);
    }

    // Searches read the upgraded index newest first, undated last, body text kept.
    SearchIndex index(cache);
    auto uidsOf = [](const QList<SearchHit> &hits) {
        QList<quint32> uids;
        for (const SearchHit &hit : hits)
            uids.append(hit.message.uid);
        return uids;
    };
    QCOMPARE(uidsOf(index.search(QStringLiteral("report"))), (QList<quint32> { 4, 2, 1, 5, 3 }));
    QCOMPARE(uidsOf(index.search(QStringLiteral("report"), 2)), (QList<quint32> { 4, 2 }));
    QCOMPARE(uidsOf(index.search(QStringLiteral("zanzibar"))), QList<quint32> { 4 });
    QVERIFY(index.search(QStringLiteral("orphan")).isEmpty());

    // New mail of the same millisecond as upgraded rows gets a free key and is found first.
    MessageStore messages(cache);
    MessageSummary m;
    m.uid = 7;
    m.subject = QStringLiteral("eta report");
    m.date = date;
    QCOMPARE(messages.add(1, { m }).size(), 1);
    QCOMPARE(SearchIndexer(cache).indexPending(10), 1);
    QCOMPARE(uidsOf(index.search(QStringLiteral("report"))), (QList<quint32> { 4, 7, 2, 1, 5, 3 }));
    QVERIFY(!cache.checkIntegrity());
}

void TestSchema::fromVersion3ListsTheUnindexedRows()
{
    // A version 3 cache: one row with its entry, one written without (by hand, or a body
    // store that never ran); after the upgrade the indexer finds exactly the second.
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    const qint64 d = 1700000000000LL;
    const qint64 key = SearchKey::preferred(QDateTime::fromMSecsSinceEpoch(d, Qt::UTC), 1);
    {
        Database db;
        QVERIFY(!db.open(path, migrationsUpTo(3)));
        QSqlQuery insert(db.connection());
        QVERIFY(insert.exec(QStringLiteral(
            "INSERT INTO folders (id, account_id, name, server_name) VALUES (1, 'acct', 'INBOX', 'INBOX')")));
        QVERIFY(insert.exec(QStringLiteral(
            "INSERT INTO messages (id, search_key, folder_id, uid, date, subject) VALUES"
            " (1, %1, 1, 1, %2, 'indexed report'), (2, NULL, 1, 2, %3, 'waiting report')")
                                .arg(key).arg(d).arg(d + 1000)));
        QVERIFY(insert.exec(QStringLiteral(
            "INSERT INTO message_text (rowid, message_id, subject, addresses, body)"
            " VALUES (%1, 1, 'indexed report', '', '')").arg(key)));
    }
    MailCache cache;
    const StoreError error = cache.open(path);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(cache.database().schemaVersion(), 4);
    SearchIndexer indexer(cache);
    QCOMPARE(indexer.pendingCount(), 1);
    {
        // The count is read from the partial index, not from a scan of every row.
        QSqlQuery plan(cache.connection());
        QVERIFY(plan.exec(QStringLiteral(
            "EXPLAIN QUERY PLAN SELECT count(*) FROM messages WHERE search_key IS NULL")));
        QString steps;
        while (plan.next())
            steps += plan.value(3).toString() + QLatin1Char('\n');
        QVERIFY2(steps.contains(QLatin1String("messages_unindexed")), qPrintable(steps));
    }
    QCOMPARE(indexer.indexPending(100), 1);
    QCOMPARE(indexer.pendingCount(), 0);
    QList<quint32> uids;
    for (const SearchHit &hit : SearchIndex(cache).search(QStringLiteral("report")))
        uids.append(hit.message.uid);
    QCOMPARE(uids, (QList<quint32> { 2, 1 }));
    QVERIFY(!cache.checkIntegrity());
}

void TestSchema::currentSchemaWorksEndToEnd()
{
    QTemporaryDir dir;
    MailCache cache;
    QVERIFY(!cache.open(dir.filePath(QStringLiteral("cache.sqlite"))));
    const QSqlRecord messages = cache.connection().record(QStringLiteral("messages"));
    for (const char *column : { "folder_id", "uid", "flags", "keywords", "local_state", "date", "to_list", "preview" })
        QVERIFY2(messages.contains(QLatin1String(column)), column);
    QSqlQuery fk(cache.connection());
    QVERIFY(fk.exec(QStringLiteral("PRAGMA foreign_keys")) && fk.next());
    QCOMPARE(fk.value(0).toInt(), 1);
    QVERIFY(!cache.checkIntegrity());
}

QTEST_GUILESS_MAIN(TestSchema)
#include "tst_schema.moc"
