// SPDX-License-Identifier: GPL-3.0-or-later
#include "TemporaryCache.h"

#include "store/BodyStore.h"
#include "store/MessageStore.h"
#include "store/SearchIndex.h"
#include "store/SearchIndexer.h"

#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QSqlQuery>

using namespace magpie::store;

namespace {

int count(MailCache &cache, const QString &table)
{
    QSqlQuery query(cache.connection());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM ") + table) || !query.next())
        return -1;
    return query.value(0).toInt();
}

bool insertFolder(MailCache &cache, const QString &name)
{
    QSqlQuery query(cache.connection());
    query.prepare(QStringLiteral("INSERT INTO folders (account_id, name) VALUES ('x', ?)"));
    query.addBindValue(name);
    return query.exec();
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void writeAt(const QString &path, qint64 offset, const QByteArray &bytes)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::ReadWrite));
    QVERIFY(file.seek(offset));
    QCOMPARE(file.write(bytes), bytes.size());
}

// A closed cache file with some folders and messages in it.
QString makeCacheFile(const QTemporaryDir &dir, int messages)
{
    const QString path = dir.filePath(QStringLiteral("cache.sqlite"));
    MailCache cache;
    if (cache.open(path))
        return {};
    FolderRecord folder;
    folder.accountId = QStringLiteral("acct");
    folder.path = QStringLiteral("INBOX");
    const qint64 inbox = FolderStore(cache).ensure(folder)->id;
    QList<MessageSummary> batch;
    for (int i = 1; i <= messages; ++i)
        batch.append(makeSummary(quint32(i), QStringLiteral("message number %1 about things").arg(i)));
    MessageStore(cache).add(inbox, batch);
    return path;
}

} // namespace

class TestMailCache : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void transactionCommits();
    void transactionRollsBackWhenNotCommitted();
    void nestedInnerRollbackKeepsOuter();
    void nestedOuterRollbackDropsInner();
    void nestsInsidePlainTransaction();
    void signalsWaitForOutermostCommit();
    void signalsDroppedOnRollback();
    void errorCodesMapped_data();
    void errorCodesMapped();
    void diskFullLeavesLastGoodState();
    void corruptHeaderRefusedAndFileUntouched();
    void corruptSchemaPageRefusedAndFileUntouched();
    void corruptDataPageFoundByIntegrityCheck();
    void profileOpensCacheInItsFolder();
};

void TestMailCache::transactionCommits()
{
    TemporaryCache t;
    WriteTransaction transaction(t.cache);
    QVERIFY(!transaction.begun());
    QVERIFY(insertFolder(t.cache, QStringLiteral("a")));
    QVERIFY(!transaction.commit());
    QVERIFY(!transaction.commit()); // twice is harmless
    QCOMPARE(count(t.cache, QStringLiteral("folders")), 1);
}

void TestMailCache::transactionRollsBackWhenNotCommitted()
{
    TemporaryCache t;
    {
        WriteTransaction transaction(t.cache);
        QVERIFY(insertFolder(t.cache, QStringLiteral("a")));
    }
    QCOMPARE(count(t.cache, QStringLiteral("folders")), 0);
    // And the connection is usable again, outside any transaction.
    QVERIFY(insertFolder(t.cache, QStringLiteral("b")));
    QVERIFY(t.cache.connection().transaction());
    QVERIFY(t.cache.connection().commit());
}

void TestMailCache::nestedInnerRollbackKeepsOuter()
{
    TemporaryCache t;
    {
        WriteTransaction outer(t.cache);
        QVERIFY(insertFolder(t.cache, QStringLiteral("outer")));
        {
            WriteTransaction inner(t.cache);
            QVERIFY(!inner.begun());
            QVERIFY(insertFolder(t.cache, QStringLiteral("inner")));
        }
        QVERIFY(!outer.commit());
    }
    QSqlQuery query(t.cache.connection());
    QVERIFY(query.exec(QStringLiteral("SELECT name FROM folders")) && query.next());
    QCOMPARE(query.value(0).toString(), QStringLiteral("outer"));
    QVERIFY(!query.next());
}

void TestMailCache::nestedOuterRollbackDropsInner()
{
    TemporaryCache t;
    {
        WriteTransaction outer(t.cache);
        QVERIFY(insertFolder(t.cache, QStringLiteral("outer")));
        {
            WriteTransaction inner(t.cache);
            QVERIFY(insertFolder(t.cache, QStringLiteral("inner")));
            QVERIFY(!inner.commit());
        }
        // A table class used inside a caller's transaction commits only with it.
        MessageStore messages(t.cache);
        FolderRecord folder;
        folder.accountId = QStringLiteral("acct");
        folder.path = QStringLiteral("INBOX");
        const auto inbox = FolderStore(t.cache).ensure(folder);
        QVERIFY(inbox);
        QCOMPARE(messages.add(inbox->id, { makeSummary(1, QStringLiteral("s")) }).size(), 1);
    }
    QCOMPARE(count(t.cache, QStringLiteral("folders")), 0);
    QCOMPARE(count(t.cache, QStringLiteral("messages")), 0);
    QCOMPARE(count(t.cache, QStringLiteral("message_text")), 0);
}

void TestMailCache::nestsInsidePlainTransaction()
{
    TemporaryCache t;
    QSqlDatabase db = t.cache.connection();
    QVERIFY(db.transaction());
    {
        WriteTransaction inside(t.cache);
        QVERIFY2(!inside.begun(), qPrintable(inside.begun().message));
        QVERIFY(insertFolder(t.cache, QStringLiteral("a")));
        QVERIFY(!inside.commit());
    }
    QVERIFY(db.rollback());
    QCOMPARE(count(t.cache, QStringLiteral("folders")), 0);
}

void TestMailCache::signalsWaitForOutermostCommit()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    QSignalSpy added(&t.cache, &MailCache::messagesAdded);
    QSignalSpy counts(&t.cache, &MailCache::folderCountsChanged);
    QList<qint64> ids;
    int rowsSeenBySlot = -1;
    MailCache reader;
    QVERIFY(!reader.open(t.path()));
    connect(&t.cache, &MailCache::messagesAdded, this,
            [&] { rowsSeenBySlot = count(reader, QStringLiteral("messages")); });
    {
        WriteTransaction outer(t.cache);
        ids = messages.add(inbox, { makeSummary(1, QStringLiteral("a")) });
        ids += messages.add(inbox, { makeSummary(2, QStringLiteral("b")) });
        QCOMPARE(ids.size(), 2);
        QCOMPARE(added.count(), 0);
        QCOMPARE(counts.count(), 0);
        QVERIFY(!outer.commit());
    }
    QCOMPARE(added.count(), 2);
    QCOMPARE(added.at(0).at(1).value<QList<qint64>>(), QList<qint64> { ids.at(0) });
    QCOMPARE(added.at(1).at(1).value<QList<qint64>>(), QList<qint64> { ids.at(1) });
    QCOMPARE(counts.count(), 2);
    QCOMPARE(rowsSeenBySlot, 2); // committed, visible to another connection
}

void TestMailCache::signalsDroppedOnRollback()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    QSignalSpy added(&t.cache, &MailCache::messagesAdded);
    QSignalSpy changed(&t.cache, &MailCache::messagesChanged);
    {
        WriteTransaction outer(t.cache);
        QCOMPARE(messages.add(inbox, { makeSummary(1, QStringLiteral("a")) }).size(), 1);
        // outer is not committed: a POP3 download that failed half-way.
    }
    QCOMPARE(added.count(), 0);
    QCOMPARE(count(t.cache, QStringLiteral("messages")), 0);
    // An inner savepoint rolled back takes its signals along; the outer one's stay.
    const QList<qint64> kept = messages.add(inbox, { makeSummary(2, QStringLiteral("b")) });
    added.clear();
    {
        WriteTransaction outer(t.cache);
        QVERIFY(!messages.setFlag(kept, MessageFlags::Flagged, true));
        {
            WriteTransaction inner(t.cache);
            QCOMPARE(messages.add(inbox, { makeSummary(3, QStringLiteral("c")) }).size(), 1);
        }
        QVERIFY(!outer.commit());
    }
    QCOMPARE(added.count(), 0);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(messages.uids(inbox), QList<quint32> { 2 });
}

void TestMailCache::errorCodesMapped_data()
{
    QTest::addColumn<QString>("nativeCode");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("words");
    QTest::newRow("full") << QStringLiteral("13") << int(StoreError::DiskFull) << QStringLiteral("is full");
    QTest::newRow("corrupt") << QStringLiteral("11") << int(StoreError::Corrupt) << QStringLiteral("damaged");
    QTest::newRow("corrupt vtab") << QStringLiteral("267") << int(StoreError::Corrupt) << QStringLiteral("damaged");
    QTest::newRow("notadb") << QStringLiteral("26") << int(StoreError::Corrupt) << QStringLiteral("damaged");
    QTest::newRow("readonly") << QStringLiteral("8") << int(StoreError::ReadOnly) << QStringLiteral("permissions");
    QTest::newRow("ioerr write") << QStringLiteral("778") << int(StoreError::Failed) << QStringLiteral("Check the disk");
    QTest::newRow("other") << QStringLiteral("1") << int(StoreError::Failed) << QStringLiteral("oops");
}

void TestMailCache::errorCodesMapped()
{
    QFETCH(QString, nativeCode);
    QFETCH(int, code);
    QFETCH(QString, words);
    TemporaryCache t;
    const QSqlError sqlError(QStringLiteral("driver"), QStringLiteral("oops"), QSqlError::StatementError, nativeCode);
    const StoreError error = t.cache.errorFrom(sqlError, QStringLiteral("saving things"));
    QCOMPARE(int(error.code), code);
    QVERIFY2(error.message.contains(words), qPrintable(error.message));
    QVERIFY(error.message.contains(QStringLiteral("saving things")));
    QVERIFY(error.message.contains(QStringLiteral("cache.sqlite")));
}

void TestMailCache::diskFullLeavesLastGoodState()
{
    TemporaryCache t;
    FolderStore folders(t.cache);
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    const QList<qint64> first = messages.add(inbox, { makeSummary(1, QStringLiteral("before the disk filled")) });
    QCOMPARE(first.size(), 1);
    QCOMPARE(SearchIndexer(t.cache).indexPending(10), 1);
    // A disk with room for only a few more pages: SQLite answers SQLITE_FULL, as on ENOSPC.
    QSqlQuery query(t.cache.connection());
    QVERIFY(query.exec(QStringLiteral("PRAGMA page_count")) && query.next());
    const int pages = query.value(0).toInt();
    query.finish();
    QVERIFY(query.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(pages + 3)));
    query.finish();

    QSignalSpy added(&t.cache, &MailCache::messagesAdded);
    QSignalSpy failed(&t.cache, &MailCache::writeFailed);
    QList<MessageSummary> batch;
    for (quint32 uid = 2; uid <= 2000; ++uid)
        batch.append(makeSummary(uid, QStringLiteral("a subject long enough to fill pages %1").arg(uid).repeated(4)));
    StoreError error;
    const QList<qint64> ids = messages.add(inbox, batch, &error);
    QCOMPARE(error.code, StoreError::DiskFull);
    QVERIFY2(error.message.contains(QStringLiteral("is full")), qPrintable(error.message));
    QVERIFY(ids.isEmpty());
    QCOMPARE(added.count(), 0);
    QCOMPARE(failed.count(), 1);
    QCOMPARE(failed.first().first().value<StoreError>().code, StoreError::DiskFull);

    // Nothing half-written; what was there still reads, searches and takes small writes.
    QCOMPARE(messages.uids(inbox), QList<quint32> { 1 });
    QCOMPARE(count(t.cache, QStringLiteral("message_text")), 1);
    QCOMPARE(messages.message(first.first())->subject, QStringLiteral("before the disk filled"));
    QCOMPARE(SearchIndex(t.cache).search(QStringLiteral("filled")).size(), 1);
    QCOMPARE(folders.folder(inbox)->total, 1);
    QVERIFY(!t.cache.checkIntegrity());
    QVERIFY(!messages.setFlag(first, MessageFlags::Seen, true));

    // Space again: the same batch goes in.
    QVERIFY(query.exec(QStringLiteral("PRAGMA max_page_count = 1000000")));
    QCOMPARE(messages.add(inbox, batch, &error).size(), batch.size());

    // Indexing on a full disk: nothing half-indexed, every row still pending, and it goes
    // through once there is room.
    QVERIFY(query.exec(QStringLiteral("PRAGMA page_count")) && query.next());
    const int fullPages = query.value(0).toInt();
    query.finish();
    QVERIFY(query.exec(QStringLiteral("PRAGMA max_page_count = %1").arg(fullPages + 3)));
    query.finish();
    SearchIndexer indexer(t.cache);
    StoreError indexError;
    QCOMPARE(indexer.indexPending(5000, &indexError), 0);
    QCOMPARE(indexError.code, StoreError::DiskFull);
    QCOMPARE(indexer.pendingCount(), int(batch.size()));
    QCOMPARE(count(t.cache, QStringLiteral("message_text")), 1);
    QVERIFY(!t.cache.checkIntegrity());
    QVERIFY(query.exec(QStringLiteral("PRAGMA max_page_count = 1000000")));
    QCOMPARE(indexer.indexAll(), int(batch.size()));
    QCOMPARE(indexer.pendingCount(), 0);
    QCOMPARE(SearchIndex(t.cache).search(QStringLiteral("pages"), 5000).size(), int(batch.size()));
}

void TestMailCache::corruptHeaderRefusedAndFileUntouched()
{
    QTemporaryDir dir;
    const QString path = makeCacheFile(dir, 50);
    QVERIFY(!path.isEmpty());
    writeAt(path, 0, QByteArray(16, 'X')); // the "SQLite format 3" magic
    const QByteArray before = readAll(path);
    MailCache cache;
    const StoreError error = cache.open(path);
    QCOMPARE(error.code, StoreError::Corrupt);
    QVERIFY2(error.message.contains(QStringLiteral("damaged")), qPrintable(error.message));
    QVERIFY(error.message.contains(QStringLiteral("cache.sqlite")));
    QVERIFY(!cache.isOpen());
    QCOMPARE(readAll(path), before);
}

void TestMailCache::corruptSchemaPageRefusedAndFileUntouched()
{
    QTemporaryDir dir;
    const QString path = makeCacheFile(dir, 50);
    QVERIFY(!path.isEmpty());
    // Page 1 after the file header is the schema table's b-tree page: 0xff is no page type.
    writeAt(path, 100, QByteArray(64, '\xff'));
    const QByteArray before = readAll(path);
    MailCache cache;
    const StoreError error = cache.open(path);
    QCOMPARE(error.code, StoreError::Corrupt);
    QVERIFY2(error.message.contains(QStringLiteral("damaged")), qPrintable(error.message));
    QVERIFY(!cache.isOpen());
    QCOMPARE(readAll(path), before);
}

void TestMailCache::corruptDataPageFoundByIntegrityCheck()
{
    QTemporaryDir dir;
    const QString path = makeCacheFile(dir, 2000);
    QVERIFY(!path.isEmpty());
    const qint64 size = QFileInfo(path).size();
    QVERIFY(size > 64 * 4096);
    // Damage in the middle of the file: open() does not read every page (too slow for a
    // big cache at every start), so it opens; the full check finds it.
    writeAt(path, size / 2, QByteArray(4096, '\x5a'));
    MailCache cache;
    const StoreError opened = cache.open(path);
    QVERIFY2(!opened, qPrintable(opened.message));
    const StoreError checked = cache.checkIntegrity();
    QCOMPARE(checked.code, StoreError::Corrupt);
    QVERIFY2(checked.message.contains(QStringLiteral("damaged")), qPrintable(checked.message));
}

void TestMailCache::profileOpensCacheInItsFolder()
{
    QTemporaryDir dir;
    const Profile profile(dir.filePath(QStringLiteral("profile")));
    MailCache cache;
    QVERIFY(!cache.open(profile));
    QVERIFY(cache.isOpen());
    QCOMPARE(cache.path(), profile.cachePath());
    cache.close();
    QVERIFY(!cache.isOpen());
}

QTEST_GUILESS_MAIN(TestMailCache)
#include "tst_mailcache.moc"
