// SPDX-License-Identifier: GPL-3.0-or-later
// SummaryWriter on a real cache file: batches written in order on the writer's thread, each
// announced through the owner's MailCache on the owner's thread, where the owner's connection
// can read it by then (batches queued meanwhile go in one transaction, the first alone); a
// failed batch stops the writer (the later ones never land); a writer
// destroyed with batches queued leaves whole batches only, the oldest ones.
#include "ImapSyncFixture.h"

#include "sync/SummaryWriter.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>
#include <QThread>

using magpie::store::MailCache;
using magpie::store::MessageStore;
using magpie::store::MessageSummary;
using magpie::store::StoreError;
using magpie::sync::SummaryWriter;
using magpie::test::CacheFixture;

namespace {

// Batch `index` of `size` summaries: UIDs index*size+1 .. (index+1)*size.
QList<MessageSummary> batch(qint64 folderId, int index, int size)
{
    QList<MessageSummary> summaries;
    for (int i = 0; i < size; ++i) {
        MessageSummary summary;
        summary.folderId = folderId;
        summary.uid = quint32(index * size + i + 1);
        summary.subject = QStringLiteral("Message %1").arg(summary.uid);
        summary.from.address = QStringLiteral("alice@example.com");
        summary.date = QDateTime(QDate(2024, 3, 1), QTime(8, 0), Qt::UTC).addSecs(summary.uid);
        summaries.append(summary);
    }
    return summaries;
}

QList<quint32> range(quint32 first, quint32 last)
{
    QList<quint32> uids;
    for (quint32 uid = first; uid <= last; ++uid)
        uids.append(uid);
    return uids;
}

} // namespace

class TestSummaryWriter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void writesInOrderAndAnnouncesOnTheOwnersThread();
    void failedBatchStopsTheWriter();
    void destroyedWithBatchesQueuedLeavesWholeBatches();
};

void TestSummaryWriter::writesInOrderAndAnnouncesOnTheOwnersThread()
{
    CacheFixture fixture;
    QList<int> announcedCounts; // rows the owner's connection saw at each messagesAdded
    bool onOwnersThread = true;
    connect(&fixture.cache, &MailCache::messagesAdded, this,
            [&](qint64 folderId, const QList<qint64> &ids) {
                QCOMPARE(folderId, fixture.folderId);
                QCOMPARE(ids.size(), 100);
                onOwnersThread = onOwnersThread && QThread::currentThread() == thread();
                announcedCounts.append(MessageStore(fixture.cache).count(fixture.folderId));
            });
    QList<quint64> written;
    QList<int> countsWhenWritten;
    SummaryWriter writer(fixture.cache);
    connect(&writer, &SummaryWriter::written, this, [&](quint64 tag, const QList<qint64> &ids) {
        QCOMPARE(ids.size(), 100);
        written.append(tag);
        countsWhenWritten.append(announcedCounts.size());
    });
    for (int i = 0; i < 3; ++i)
        writer.write(fixture.folderId, batch(fixture.folderId, i, 100), quint64(10 + i));
    QCOMPARE(writer.pending(), 3);
    QTRY_COMPARE_WITH_TIMEOUT(written.size(), 3, 20000);
    QCOMPARE(written, QList<quint64>({ 10, 11, 12 }));
    QCOMPARE(writer.pending(), 0);
    QVERIFY(onOwnersThread);
    // Each batch was readable here when announced (later ones may be already: the writer
    // does not wait for the owner), and announced before its written().
    QCOMPARE(announcedCounts.size(), 3);
    for (int i = 0; i < 3; ++i)
        QVERIFY2(announcedCounts.at(i) >= (i + 1) * 100, qPrintable(QString::number(announcedCounts.at(i))));
    QCOMPARE(countsWhenWritten.size(), 3);
    for (int i = 0; i < 3; ++i)
        QVERIFY(countsWhenWritten.at(i) >= i + 1);
    QCOMPARE(fixture.uids(), range(1, 300));
    QCOMPARE(fixture.message(150)->subject, QStringLiteral("Message 150"));
}

void TestSummaryWriter::failedBatchStopsTheWriter()
{
    CacheFixture fixture;
    // Stands in for a full disk: the second batch's transaction fails half-way.
    QSqlQuery trigger(fixture.cache.connection());
    QVERIFY2(trigger.exec(QStringLiteral(
                 "CREATE TRIGGER refuse BEFORE INSERT ON messages WHEN NEW.uid = 150"
                 " BEGIN SELECT RAISE(ABORT, 'no room for message 150'); END")),
             qPrintable(trigger.lastError().text()));
    QList<quint64> written;
    QList<quint64> failedTags;
    QString failure;
    SummaryWriter writer(fixture.cache);
    connect(&writer, &SummaryWriter::written, this,
            [&](quint64 tag, const QList<qint64> &) { written.append(tag); });
    connect(&writer, &SummaryWriter::failed, this, [&](quint64 tag, const StoreError &error) {
        failedTags.append(tag);
        failure = error.message;
    });
    for (int i = 0; i < 3; ++i)
        writer.write(fixture.folderId, batch(fixture.folderId, i, 100), quint64(i));
    QTRY_COMPARE_WITH_TIMEOUT(failedTags.size(), 1, 20000);
    QCOMPARE(failedTags.constFirst(), 1u);
    QVERIFY2(failure.contains(QStringLiteral("no room for message 150")), qPrintable(failure));
    QVERIFY(writer.hasFailed());
    QCOMPARE(writer.pending(), 0);
    // Nothing after the failure is written, not even a new batch.
    writer.write(fixture.folderId, batch(fixture.folderId, 5, 100), 5);
    QCOMPARE(writer.pending(), 0);
    QTest::qWait(300);
    QCOMPARE(written, QList<quint64>({ 0 }));
    QCOMPARE(failedTags.size(), 1);
    QCOMPARE(fixture.uids(), range(1, 100));
}

void TestSummaryWriter::destroyedWithBatchesQueuedLeavesWholeBatches()
{
    CacheFixture fixture;
    {
        SummaryWriter writer(fixture.cache);
        for (int i = 0; i < 30; ++i)
            writer.write(fixture.folderId, batch(fixture.folderId, i, 200), quint64(i));
        // Destroyed at once: the batch being written (if any) commits, the rest are dropped.
    }
    const QList<quint32> uids = fixture.uids();
    QVERIFY2(uids.size() % 200 == 0, qPrintable(QString::number(uids.size())));
    QVERIFY(uids.size() < 30 * 200);
    if (!uids.isEmpty())
        QCOMPARE(uids, range(1, quint32(uids.size())));
    // The cache is usable afterwards: the owner writes on.
    StoreError error;
    MessageStore(fixture.cache).add(fixture.folderId, batch(fixture.folderId, 40, 10), &error);
    QVERIFY2(!error, qPrintable(error.message));
}

QTEST_GUILESS_MAIN(TestSummaryWriter)
#include "tst_summarywriter.moc"
