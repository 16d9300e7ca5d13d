// SPDX-License-Identifier: GPL-3.0-or-later
// The desktop client's background search indexing: slices between events until nothing is
// pending, started by added messages once the cache is quiet, by a finished sync, and at start.
#include "app/session/BackgroundIndexer.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/SearchIndex.h"
#include "store/SearchIndexer.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie;

namespace {

QList<store::MessageSummary> summaries(quint32 first, int count, const QString &word)
{
    QList<store::MessageSummary> list;
    for (int i = 0; i < count; ++i) {
        store::MessageSummary m;
        m.uid = first + quint32(i);
        m.subject = word + QStringLiteral(" %1").arg(m.uid);
        m.date = QDateTime::fromMSecsSinceEpoch(1700000000000LL + qint64(m.uid) * 1000, Qt::UTC);
        list.append(m);
    }
    return list;
}

} // namespace

class TestBackgroundIndexer : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void indexesInSlicesAfterAddedMessages();
    void indexesAtStartWhatWasLeft();
    void indexSoonStartsAtOnce();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::MailCache> m_cache;
    qint64 m_inbox = 0;
};

void TestBackgroundIndexer::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<store::MailCache>();
    QVERIFY(!m_cache->open(m_dir->filePath(QStringLiteral("cache.sqlite"))));
    store::FolderRecord inbox;
    inbox.accountId = QStringLiteral("acct");
    inbox.path = QStringLiteral("INBOX");
    const auto folder = store::FolderStore(*m_cache).ensure(inbox);
    QVERIFY(folder);
    m_inbox = folder->id;
}

void TestBackgroundIndexer::cleanup()
{
    m_cache.reset();
    m_dir.reset();
}

void TestBackgroundIndexer::indexesInSlicesAfterAddedMessages()
{
    app::BackgroundIndexer indexer(*m_cache);
    QVERIFY(!indexer.isIndexing()); // nothing pending at start
    QSignalSpy progress(&indexer, &app::BackgroundIndexer::pendingChanged);
    const int total = app::BackgroundIndexer::sliceRows * 2 + 5;
    QCOMPARE(store::MessageStore(*m_cache).add(m_inbox, summaries(1, total, QStringLiteral("osprey"))).size(),
             total);
    QCOMPARE(indexer.pending(), total);
    QVERIFY(indexer.isIndexing()); // waiting for the cache to be quiet
    QCOMPARE(progress.count(), 0);
    QTRY_COMPARE_WITH_TIMEOUT(indexer.pending(), 0, 20000);
    // One signal per slice, the last saying nothing is left.
    QTRY_COMPARE(progress.count(), 3);
    QCOMPARE(progress.at(0).at(0).toInt(), total - app::BackgroundIndexer::sliceRows);
    QCOMPARE(progress.at(1).at(0).toInt(), 5);
    QCOMPARE(progress.at(2).at(0).toInt(), 0);
    QVERIFY(!indexer.isIndexing());
    QCOMPARE(store::SearchIndex(*m_cache).search(QStringLiteral("osprey"), 5000).size(), total);
}

void TestBackgroundIndexer::indexesAtStartWhatWasLeft()
{
    QCOMPARE(store::MessageStore(*m_cache).add(m_inbox, summaries(1, 3, QStringLiteral("heron"))).size(), 3);
    app::BackgroundIndexer indexer(*m_cache);
    QSignalSpy progress(&indexer, &app::BackgroundIndexer::pendingChanged);
    QVERIFY(indexer.isIndexing());
    QVERIFY(progress.wait(5000));
    QCOMPARE(progress.first().first().toInt(), 0);
    QCOMPARE(store::SearchIndex(*m_cache).search(QStringLiteral("heron")).size(), 3);
}

void TestBackgroundIndexer::indexSoonStartsAtOnce()
{
    app::BackgroundIndexer indexer(*m_cache);
    QSignalSpy progress(&indexer, &app::BackgroundIndexer::pendingChanged);
    QCOMPARE(store::MessageStore(*m_cache).add(m_inbox, summaries(1, 2, QStringLiteral("egret"))).size(), 2);
    indexer.indexSoon(); // an account's sync finished: no quiet wait
    // A few turns of the event loop, far shorter than the quiet wait added messages start.
    for (int turn = 0; turn < 20 && progress.isEmpty(); ++turn)
        QCoreApplication::processEvents();
    QCOMPARE(progress.count(), 1);
    QCOMPARE(indexer.pending(), 0);
}

QTEST_GUILESS_MAIN(TestBackgroundIndexer)
#include "tst_backgroundindexer.moc"
