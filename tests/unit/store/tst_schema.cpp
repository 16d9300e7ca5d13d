// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Database.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/Schema.h"
#include "store/SearchIndex.h"

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
    query.exec(QStringLiteral("SELECT name FROM sqlite_schema WHERE type IN ('table', 'index')"
                              " AND name NOT LIKE 'sqlite_%' AND name NOT LIKE 'message_text_%'"
                              " ORDER BY name"));
    while (query.next())
        names.append(query.value(0).toString());
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
    void currentSchemaWorksEndToEnd();
};

void TestSchema::versionsAreConsecutive()
{
    int expected = 1;
    for (const Migration &step : Schema::migrations())
        QCOMPARE(step.version, expected++);
    QCOMPARE(Schema::currentVersion(), expected - 1);
    QCOMPARE(Schema::currentVersion(), 2);
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
    QVERIFY(expected.contains(QStringLiteral("messages")));
    QVERIFY(expected.contains(QStringLiteral("message_text")));
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
    QCOMPARE(cache.database().schemaVersion(), 2);
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
