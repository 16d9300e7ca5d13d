// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Database.h"
#include "store/Schema.h"

#include <QFile>
#include <QRegularExpression>
#include <QSqlQuery>
#include <QSqlRecord>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie::store;

class TestDatabase : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void opensInWalModeAtCurrentSchema();
    void reopeningKeepsDataAndVersion();
    void appliesOnlyNewerMigrations();
    void failedMigrationLeavesLastGoodVersion();
    void refusesNewerSchema();
    void unwritableFolderGivesClearError();
    void sqliteLibraryVersion();
};

void TestDatabase::sqliteLibraryVersion()
{
    // The driver's SQLite, as "major.minor.patch", and no connection left behind.
    const QStringList before = QSqlDatabase::connectionNames();
    const QString version = Database::sqliteLibraryVersion();
    QVERIFY2(QRegularExpression(QStringLiteral("^3\\.\\d+\\.\\d+$")).match(version).hasMatch(), qPrintable(version));
    QCOMPARE(QSqlDatabase::connectionNames(), before);
}

void TestDatabase::opensInWalModeAtCurrentSchema()
{
    QTemporaryDir dir;
    Database db;
    const StoreError error = db.open(dir.filePath(QStringLiteral("cache.sqlite")), Schema::migrations());
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(db.journalMode(), QStringLiteral("wal"));
    QCOMPARE(db.schemaVersion(), Schema::currentVersion());
    QVERIFY(Schema::currentVersion() >= 1);
    QVERIFY(db.connection().record(QStringLiteral("folders")).contains(QStringLiteral("uid_validity")));
}

void TestDatabase::reopeningKeepsDataAndVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    {
        Database db;
        QVERIFY(!db.open(path, Schema::migrations()));
        QSqlQuery insert(db.connection());
        QVERIFY(insert.exec(QStringLiteral(
            "INSERT INTO folders (account_id, name, uid_validity) VALUES ('a', 'INBOX', 42)")));
    }
    Database db;
    QVERIFY(!db.open(path, Schema::migrations()));
    QSqlQuery select(db.connection());
    QVERIFY(select.exec(QStringLiteral("SELECT uid_validity FROM folders WHERE name = 'INBOX'")));
    QVERIFY(select.next());
    QCOMPARE(select.value(0).toInt(), 42);
}

void TestDatabase::appliesOnlyNewerMigrations()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    const Migration first { 1, { QStringLiteral("CREATE TABLE t (a INTEGER)") } };
    // Were step 1 run again, CREATE TABLE would fail on the existing table.
    const Migration second { 2, { QStringLiteral("ALTER TABLE t ADD COLUMN b TEXT") } };
    {
        Database db;
        QVERIFY(!db.open(path, { first }));
        QCOMPARE(db.schemaVersion(), 1);
    }
    Database db;
    const StoreError error = db.open(path, { first, second });
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(db.schemaVersion(), 2);
    QVERIFY(db.connection().record(QStringLiteral("t")).contains(QStringLiteral("b")));
}

void TestDatabase::failedMigrationLeavesLastGoodVersion()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    const Migration first { 1, { QStringLiteral("CREATE TABLE t (a INTEGER)") } };
    // The first statement of step 2 succeeds, the second fails: neither may stay.
    const Migration broken { 2,
                             { QStringLiteral("CREATE TABLE u (x INTEGER)"),
                               QStringLiteral("ALTER TABLE no_such_table ADD COLUMN y") } };
    {
        Database db;
        QVERIFY(!db.open(path, { first }));
    }
    {
        Database db;
        const StoreError error = db.open(path, { first, broken });
        QCOMPARE(error.code, StoreError::MigrationFailed);
        QVERIFY(error.message.contains(QStringLiteral("schema 2")));
        QVERIFY(!db.isOpen());
    }
    Database db;
    QVERIFY(!db.open(path, { first }));
    QCOMPARE(db.schemaVersion(), 1);
    QVERIFY(!db.connection().tables().contains(QStringLiteral("u")));
}

void TestDatabase::refusesNewerSchema()
{
    QTemporaryDir dir;
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    {
        Database db;
        QVERIFY(!db.open(path, { { 1, {} }, { 2, {} }, { 3, {} } }));
    }
    Database db;
    const StoreError error = db.open(path, { { 1, {} } });
    QCOMPARE(error.code, StoreError::NewerSchema);
    QVERIFY(error.message.contains(QStringLiteral("newer version of Magpie")));
}

void TestDatabase::unwritableFolderGivesClearError()
{
    QTemporaryDir dir;
    // A regular file where the cache's folder should be: nothing can be created beneath it.
    const QString blocker = dir.filePath(QStringLiteral("not-a-folder"));
    QFile file(blocker);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.close();
    Database db;
    const StoreError error = db.open(blocker + QStringLiteral("/cache.sqlite"), Schema::migrations());
    QCOMPARE(error.code, StoreError::CannotOpen);
    QVERIFY(error.message.contains(QStringLiteral("not-a-folder")));
    QVERIFY(!db.isOpen());
}

QTEST_GUILESS_MAIN(TestDatabase)
#include "tst_database.moc"
