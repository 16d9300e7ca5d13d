// SPDX-License-Identifier: GPL-3.0-or-later
#include "TemporaryCache.h"

#include "store/BodyStore.h"
#include "store/MessageStore.h"
#include "store/SearchIndex.h"
#include "store/SearchIndexer.h"
#include "store/SearchKey.h"

#include <QSqlQuery>

using namespace magpie::store;

class TestSearchIndex : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void matchExpression_data();
    void matchExpression();
    void search_data();
    void search();
    void hostileInputNeverFails_data();
    void hostileInputNeverFails();
    void hidesPendingRemovalAndLimits();
    void restrictsToAccount();
    void newestFirstWhateverTheCachingOrder();
    void addedRowsWaitForTheIndexer();
    void indexesInSeveralCalls();
    void writesEntriesInKeyOrder();
    void bodyBeforeIndexing();
    void removingAnUnindexedRow();

private:
    std::unique_ptr<TemporaryCache> m_cache;
    QHash<QString, qint64> m_ids; // by subject
};

void TestSearchIndex::initTestCase()
{
    m_cache = std::make_unique<TemporaryCache>();
    const qint64 inbox = m_cache->addFolder(QStringLiteral("INBOX"));
    struct Row
    {
        const char16_t *subject;
        const char16_t *fromName;
        const char *fromAddress;
        const char *body;
    };
    // Dates grow with the uid: later rows are newer.
    const Row rows[] = {
        { u"Quarterly report", u"Alice Example", "alice@example.com", "The figures for Q3 are attached." },
        { u"Lunch on Friday", u"Bob Builder", "bob@example.org", "Shall we try the new café near the office?" },
        { u"Re: Quarterly report", u"Bob Builder", "bob@example.org", "Thanks Alice, the report looks good." },
        { u"Ärger mit der Übersetzung", u"Zoë Müller", "zoe@beispiel.de", "Die Datei ist kaputt." },
        { u"Invoice 2024-017", u"Billing", "billing@shop.example", "Your invoice is ready: total 42 EUR." },
        { u"Meeting notes", u"Alice Example", "alice@example.com", "report quarterly summary (draft) \"quoted\"" },
    };
    MessageStore messages(m_cache->cache);
    BodyStore bodies(m_cache->cache);
    quint32 uid = 0;
    for (const Row &row : rows) {
        MessageSummary m = makeSummary(++uid, QString::fromUtf16(row.subject), QString::fromLatin1(row.fromAddress));
        m.from.name = QString::fromUtf16(row.fromName);
        const QList<qint64> ids = messages.add(inbox, { m });
        QCOMPARE(ids.size(), 1);
        m_ids.insert(m.subject, ids.first());
        const QByteArray raw = "Subject: x\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n"
            + QByteArray(row.body) + "\r\n";
        QVERIFY(!bodies.save(ids.first(), raw));
    }
}

void TestSearchIndex::matchExpression_data()
{
    QTest::addColumn<QString>("typed");
    QTest::addColumn<QString>("expression");

    QTest::newRow("empty") << QString() << QString();
    QTest::newRow("blank") << QStringLiteral("  \t ") << QString();
    QTest::newRow("word") << QStringLiteral("report") << QStringLiteral("\"report\"*");
    QTest::newRow("two words") << QStringLiteral(" quarterly  report ")
                               << QStringLiteral("\"quarterly\"* \"report\"*");
    QTest::newRow("phrase") << QStringLiteral("\"quarterly report\"") << QStringLiteral("\"quarterly report\"");
    QTest::newRow("unclosed phrase") << QStringLiteral("\"quarterly report")
                                     << QStringLiteral("\"quarterly report\"");
    QTest::newRow("from") << QStringLiteral("from:alice") << QStringLiteral("addresses : \"alice\"*");
    QTest::newRow("to upper") << QStringLiteral("TO:bob") << QStringLiteral("addresses : \"bob\"*");
    QTest::newRow("subject phrase") << QStringLiteral("subject:\"lunch on\"")
                                    << QStringLiteral("subject : \"lunch on\"");
    QTest::newRow("empty filter") << QStringLiteral("from:") << QString();
    QTest::newRow("unknown prefix") << QStringLiteral("http://x") << QStringLiteral("\"http://x\"*");
    QTest::newRow("quote inside") << QStringLiteral("ab\"cd") << QStringLiteral("\"ab\"\"cd\"*");
    QTest::newRow("lone quote") << QStringLiteral("\"") << QString();
    QTest::newRow("star") << QStringLiteral("*") << QString();
    QTest::newRow("near") << QStringLiteral("NEAR(a b)") << QStringLiteral("\"NEAR(a\"* \"b)\"");
    QTest::newRow("operators") << QStringLiteral("a OR b NOT c") << QStringLiteral("\"a\" \"OR\" \"b\" \"NOT\"* \"c\"");
    QTest::newRow("minus") << QStringLiteral("- -x") << QStringLiteral("\"-x\"");
    QTest::newRow("colon") << QStringLiteral(": subject: body:x") << QStringLiteral("body : \"x\"");
    QTest::newRow("unicode") << QStringLiteral(u"Übersetzung") << QStringLiteral(u"\"Übersetzung\"*");
    QTest::newRow("control") << (QStringLiteral("a") + QChar(0) + QStringLiteral("b\tc"))
                             << QStringLiteral("\"a\" \"b\" \"c\"");
    // Prefixes from three letters on (SearchIndex.cpp, minimumPrefixLength); a CJK
    // character is a word of its own.
    QTest::newRow("one letter") << QStringLiteral("m") << QStringLiteral("\"m\"");
    QTest::newRow("two letters") << QStringLiteral("Re") << QStringLiteral("\"Re\"");
    QTest::newRow("three letters") << QStringLiteral("mee") << QStringLiteral("\"mee\"*");
    QTest::newRow("two and punctuation") << QStringLiteral("q3.") << QStringLiteral("\"q3.\"");
    QTest::newRow("cjk") << QStringLiteral(u"東") << QStringLiteral(u"\"東\"*");
}

void TestSearchIndex::matchExpression()
{
    QFETCH(QString, typed);
    QTEST(SearchIndex::matchExpression(typed), "expression");
}

void TestSearchIndex::search_data()
{
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("subjects"); // newest first

    QTest::newRow("word") << QStringLiteral("report")
                          << QStringList { QStringLiteral("Meeting notes"), QStringLiteral("Re: Quarterly report"),
                                           QStringLiteral("Quarterly report") };
    QTest::newRow("prefix") << QStringLiteral("quart")
                            << QStringList { QStringLiteral("Meeting notes"), QStringLiteral("Re: Quarterly report"),
                                             QStringLiteral("Quarterly report") };
    QTest::newRow("two words") << QStringLiteral("report alice")
                               << QStringList { QStringLiteral("Meeting notes"), QStringLiteral("Re: Quarterly report"),
                                                QStringLiteral("Quarterly report") };
    QTest::newRow("from") << QStringLiteral("from:alice report")
                          << QStringList { QStringLiteral("Meeting notes"), QStringLiteral("Quarterly report") };
    // From and To share the addresses column: every row here is to bob@example.org.
    QTest::newRow("from address") << QStringLiteral("from:zoe@beispiel.de")
                                  << QStringList { QStringLiteral(u"Ärger mit der Übersetzung") };
    QTest::newRow("from name") << QStringLiteral("from:billing")
                               << QStringList { QStringLiteral("Invoice 2024-017") };
    QTest::newRow("to") << QStringLiteral("to:bob quarterly")
                        << QStringList { QStringLiteral("Meeting notes"), QStringLiteral("Re: Quarterly report"),
                                         QStringLiteral("Quarterly report") };
    QTest::newRow("subject") << QStringLiteral("subject:report")
                             << QStringList { QStringLiteral("Re: Quarterly report"), QStringLiteral("Quarterly report") };
    QTest::newRow("phrase") << QStringLiteral("\"quarterly report\"")
                            << QStringList { QStringLiteral("Re: Quarterly report"), QStringLiteral("Quarterly report") };
    QTest::newRow("phrase order") << QStringLiteral("\"report quarterly\"")
                                  << QStringList { QStringLiteral("Meeting notes") };
    QTest::newRow("body word") << QStringLiteral("figures") << QStringList { QStringLiteral("Quarterly report") };
    // remove_diacritics 2: "cafe" finds "café", "uber" finds "Über".
    QTest::newRow("diacritics") << QStringLiteral("cafe") << QStringList { QStringLiteral("Lunch on Friday") };
    QTest::newRow("umlaut") << QStringLiteral("ubersetzung")
                            << QStringList { QStringLiteral(u"Ärger mit der Übersetzung") };
    QTest::newRow("umlaut typed") << QStringLiteral(u"müller")
                                  << QStringList { QStringLiteral(u"Ärger mit der Übersetzung") };
    QTest::newRow("case") << QStringLiteral("INVOICE") << QStringList { QStringLiteral("Invoice 2024-017") };
    QTest::newRow("hyphenated") << QStringLiteral("2024-017") << QStringList { QStringLiteral("Invoice 2024-017") };
    QTest::newRow("quote in body") << QStringLiteral("\"\"quoted\"\"") << QStringList { QStringLiteral("Meeting notes") };
    QTest::newRow("none") << QStringLiteral("zzzyzzy") << QStringList();
    QTest::newRow("short word whole") << QStringLiteral("q3") << QStringList { QStringLiteral("Quarterly report") };
    QTest::newRow("short prefix finds no longer word") << QStringLiteral("qu") << QStringList();
    QTest::newRow("empty") << QString() << QStringList();
}

void TestSearchIndex::search()
{
    QFETCH(QString, query);
    QFETCH(QStringList, subjects);
    StoreError error;
    const QList<SearchHit> hits = SearchIndex(m_cache->cache).search(query, 50, {}, &error);
    QVERIFY2(!error, qPrintable(error.message));
    QStringList found;
    for (const SearchHit &hit : hits) {
        found.append(hit.message.subject);
        QCOMPARE(hit.folderPath, QStringLiteral("INBOX"));
        QCOMPARE(hit.accountId, QStringLiteral("acct"));
        QVERIFY(hit.message.hasBody);
    }
    QCOMPARE(found, subjects);
}

void TestSearchIndex::hostileInputNeverFails_data()
{
    QTest::addColumn<QString>("query");
    const char16_t *inputs[] = {
        u"\"", u"\"\"", u"\"\"\"", u"*", u"**", u"a*b", u"NEAR(", u"NEAR(report alice, 2)", u"-",
        u"-report", u":", u"::", u"report:", u"subject:", u"subject:\"", u"from:\"\"", u"(", u")",
        u"(report", u"report)", u"{subject}: x", u"^report", u"+", u"AND", u"OR", u"NOT",
        u"report AND", u"OR report", u"'", u"'; DROP TABLE messages; --", u"\\", u"%_",
        u"😀", u"report 😀", u"日本語", u"\u0301", u"e\u0301", u"\u200b",
        u"rowid:1", u"message_text:report", u"body:\"quarterly", u"\"a\" OR \"b\"",
    };
    for (const char16_t *input : inputs)
        QTest::newRow(QString::fromUtf16(input).toUtf8().constData()) << QString::fromUtf16(input);
    QTest::newRow("nul") << (QString(QChar(0)) + QStringLiteral("x"));
    QTest::newRow("long") << QString(QStringLiteral("report ")).repeated(500);
}

void TestSearchIndex::hostileInputNeverFails()
{
    QFETCH(QString, query);
    StoreError error;
    const QList<SearchHit> hits = SearchIndex(m_cache->cache).search(query, 50, {}, &error);
    QVERIFY2(!error, qPrintable(error.message));
    QVERIFY(hits.size() <= 6);
    // The cache is intact afterwards.
    QCOMPARE(SearchIndex(m_cache->cache).search(QStringLiteral("figures")).size(), 1);
}

void TestSearchIndex::hidesPendingRemovalAndLimits()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    QList<MessageSummary> batch;
    for (quint32 uid = 1; uid <= 30; ++uid)
        batch.append(makeSummary(uid, QStringLiteral("weekly digest %1").arg(uid)));
    const QList<qint64> ids = messages.add(inbox, batch);
    QCOMPARE(SearchIndexer(t.cache).indexAll(), 30);
    SearchIndex index(t.cache);
    QList<SearchHit> hits = index.search(QStringLiteral("digest"), 5);
    QCOMPARE(hits.size(), 5);
    QCOMPARE(hits.first().message.uid, 30u);
    QCOMPARE(hits.last().message.uid, 26u);
    QVERIFY(!messages.setLocalState({ ids.last() }, LocalState::PendingRemoval));
    hits = index.search(QStringLiteral("digest"), 5);
    QCOMPARE(hits.first().message.uid, 29u);
    QCOMPARE(index.search(QStringLiteral("digest"), 100).size(), 29);
    QVERIFY(index.search(QStringLiteral("digest"), 0).isEmpty());
}

void TestSearchIndex::restrictsToAccount()
{
    TemporaryCache t;
    const qint64 a = t.addFolder(QStringLiteral("INBOX"), QStringLiteral("a"));
    const qint64 b = t.addFolder(QStringLiteral("Archive"), QStringLiteral("b"));
    MessageStore messages(t.cache);
    messages.add(a, { makeSummary(1, QStringLiteral("shared topic")) });
    messages.add(b, { makeSummary(1, QStringLiteral("shared topic")) });
    QCOMPARE(SearchIndexer(t.cache).indexAll(), 2);
    SearchIndex index(t.cache);
    QCOMPARE(index.search(QStringLiteral("topic")).size(), 2);
    const QList<SearchHit> hits = index.search(QStringLiteral("topic"), 10, QStringLiteral("b"));
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.first().accountId, QStringLiteral("b"));
    QCOMPARE(hits.first().folderPath, QStringLiteral("Archive"));
}

void TestSearchIndex::newestFirstWhateverTheCachingOrder()
{
    // The page is the newest `limit` hits by date, across folders and accounts, though the
    // messages were cached oldest, newest and middle first (a sync fetches newest first, an
    // older folder later), with one undated and two of the same millisecond.
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"), QStringLiteral("a"));
    const qint64 archive = t.addFolder(QStringLiteral("Archive"), QStringLiteral("b"));
    MessageStore messages(t.cache);
    auto summary = [](quint32 uid, qint64 minutes) {
        MessageSummary m = makeSummary(uid, QStringLiteral("harbour %1").arg(uid));
        m.date = minutes < 0 ? QDateTime()
                             : QDateTime::fromMSecsSinceEpoch(1700000000000LL + minutes * 60000, Qt::UTC);
        return m;
    };
    messages.add(archive, { summary(1, 10), summary(2, 500) });
    messages.add(inbox, { summary(3, 1000), summary(4, -1) });
    messages.add(archive, { summary(5, 200), summary(6, 500), summary(7, 0) });
    messages.add(inbox, { summary(8, 999) });
    // Indexed in slices smaller than the batches, across folders.
    QCOMPARE(SearchIndexer(t.cache).indexAll(nullptr, 3), 8);
    SearchIndex index(t.cache);
    auto uidsOf = [](const QList<SearchHit> &hits) {
        QList<quint32> uids;
        for (const SearchHit &hit : hits)
            uids.append(hit.message.uid);
        return uids;
    };
    QCOMPARE(uidsOf(index.search(QStringLiteral("harbour"))), (QList<quint32> { 3, 8, 6, 2, 5, 1, 7, 4 }));
    QCOMPARE(uidsOf(index.search(QStringLiteral("harbour"), 3)), (QList<quint32> { 3, 8, 6 }));
    QCOMPARE(uidsOf(index.search(QStringLiteral("harbour"), 4)), (QList<quint32> { 3, 8, 6, 2 }));
    QCOMPARE(uidsOf(index.search(QStringLiteral("harbour"), 2, QStringLiteral("b"))), (QList<quint32> { 6, 2 }));
    QCOMPARE(uidsOf(index.search(QStringLiteral("harbour"), 2, QStringLiteral("a"))), (QList<quint32> { 3, 8 }));
    QCOMPARE(uidsOf(index.search(QStringLiteral("harbour 4"))), QList<quint32> { 4 });
}

namespace {

QList<quint32> uidsOf(const QList<SearchHit> &hits)
{
    QList<quint32> uids;
    for (const SearchHit &hit : hits)
        uids.append(hit.message.uid);
    return uids;
}

int countOf(MailCache &cache, const QString &sql)
{
    QSqlQuery query(cache.connection());
    return query.exec(sql) && query.next() ? query.value(0).toInt() : -1;
}

} // namespace

void TestSearchIndex::addedRowsWaitForTheIndexer()
{
    // MessageStore::add stores rows without their search entry; the indexer writes it at the
    // key SearchKey prefers, with subject and every address, and search then finds them.
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    MessageSummary withCc = makeSummary(2, QStringLiteral("harvest festival"));
    withCc.cc = { { QStringLiteral("Carol Singer"), QStringLiteral("carol@example.net") } };
    const QList<qint64> ids = messages.add(inbox, { makeSummary(3, QStringLiteral("harvest moon")), withCc,
                                                    makeSummary(1, QStringLiteral("harvest time")) });
    QCOMPARE(ids.size(), 3);
    SearchIndexer indexer(t.cache);
    QCOMPARE(indexer.pendingCount(), 3);
    QCOMPARE(countOf(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 0);
    SearchIndex index(t.cache);
    QVERIFY(index.search(QStringLiteral("harvest")).isEmpty()); // why callers index first

    QCOMPARE(indexer.indexPending(100), 3);
    QCOMPARE(indexer.pendingCount(), 0);
    QCOMPARE(indexer.indexPending(100), 0);
    QCOMPARE(uidsOf(index.search(QStringLiteral("harvest"))), (QList<quint32> { 3, 2, 1 }));
    QCOMPARE(uidsOf(index.search(QStringLiteral("cc:carol"))), QList<quint32> { 2 });
    QCOMPARE(uidsOf(index.search(QStringLiteral("to:bob harvest"))), (QList<quint32> { 3, 2, 1 }));
    // Each entry at the preferred key of its message, and messages.search_key pointing at it.
    QSqlQuery query(t.cache.connection());
    QVERIFY(query.exec(QStringLiteral("SELECT m.id, m.date, m.search_key, t.message_id FROM messages AS m"
                                      " LEFT JOIN message_text AS t ON t.rowid = m.search_key ORDER BY m.id")));
    int rows = 0;
    while (query.next()) {
        ++rows;
        const qint64 id = query.value(0).toLongLong();
        const QDateTime date = QDateTime::fromMSecsSinceEpoch(query.value(1).toLongLong(), Qt::UTC);
        QCOMPARE(query.value(2).toLongLong(), SearchKey::preferred(date, id));
        QCOMPARE(query.value(3).toLongLong(), id);
    }
    QCOMPARE(rows, 3);
}

void TestSearchIndex::indexesInSeveralCalls()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    QList<MessageSummary> batch;
    for (quint32 uid = 10; uid >= 1; --uid) // newest first, as a sync fetches
        batch.append(makeSummary(uid, QStringLiteral("tidings %1").arg(uid)));
    QCOMPARE(messages.add(inbox, batch).size(), 10);
    SearchIndexer indexer(t.cache);
    SearchIndex index(t.cache);
    QCOMPARE(indexer.indexPending(4), 4);
    QCOMPARE(indexer.pendingCount(), 6);
    // The first call took the rows cached first: the newest.
    QCOMPARE(uidsOf(index.search(QStringLiteral("tidings"))), (QList<quint32> { 10, 9, 8, 7 }));
    QCOMPARE(indexer.indexPending(4), 4);
    QCOMPARE(indexer.indexPending(4), 2);
    QCOMPARE(indexer.indexPending(4), 0);
    QCOMPARE(indexer.pendingCount(), 0);
    QCOMPARE(uidsOf(index.search(QStringLiteral("tidings"))),
             (QList<quint32> { 10, 9, 8, 7, 6, 5, 4, 3, 2, 1 }));
    QCOMPARE(uidsOf(index.search(QStringLiteral("tidings"), 3)), (QList<quint32> { 10, 9, 8 }));
    QCOMPARE(countOf(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 10);
    // Rows added later are pending again, and a message of the same millisecond as an
    // indexed one gets a free key of that millisecond.
    MessageSummary twin = makeSummary(11, QStringLiteral("tidings twin"));
    twin.date = batch.first().date;
    QCOMPARE(messages.add(inbox, { twin }).size(), 1);
    QCOMPARE(indexer.pendingCount(), 1);
    QCOMPARE(indexer.indexAll(), 1);
    QCOMPARE(index.search(QStringLiteral("tidings")).size(), 11);
    QCOMPARE(uidsOf(index.search(QStringLiteral("twin"))), QList<quint32> { 11 });
    QVERIFY(!t.cache.checkIntegrity());
}

void TestSearchIndex::writesEntriesInKeyOrder()
{
    // Rows cached newest first (descending keys) are written in ascending key order, so one
    // call makes one FTS5 segment, not one per row (FTS5 starts a new segment whenever a
    // rowid is lower than the last one written).
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    QList<MessageSummary> batch;
    for (quint32 uid = 60; uid >= 1; --uid)
        batch.append(makeSummary(uid, QStringLiteral("segment %1").arg(uid)));
    QCOMPARE(messages.add(inbox, batch).size(), 60);
    QCOMPARE(SearchIndexer(t.cache).indexPending(100), 60);
    QCOMPARE(countOf(t.cache, QStringLiteral("SELECT count(DISTINCT segid) FROM message_text_idx")), 1);
    QCOMPARE(SearchIndex(t.cache).search(QStringLiteral("segment")).size(), 60);
}

void TestSearchIndex::bodyBeforeIndexing()
{
    // A body fetched before the indexer ran (the person opened a new message at once) makes
    // the row's entry itself, body text, subject and every address; the indexer skips it.
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    const QList<qint64> ids = messages.add(inbox, { makeSummary(1, QStringLiteral("early bird")),
                                                    makeSummary(2, QStringLiteral("late bird")) });
    QVERIFY(!BodyStore(t.cache).save(ids.first(), "Subject: x\r\n\r\nworm catching\r\n"));
    SearchIndexer indexer(t.cache);
    QCOMPARE(indexer.pendingCount(), 1);
    SearchIndex index(t.cache);
    QCOMPARE(uidsOf(index.search(QStringLiteral("catching"))), QList<quint32> { 1 });
    QCOMPARE(uidsOf(index.search(QStringLiteral("to:bob early"))), QList<quint32> { 1 });
    QCOMPARE(indexer.indexPending(100), 1);
    QCOMPARE(uidsOf(index.search(QStringLiteral("bird"))), (QList<quint32> { 2, 1 }));
    QCOMPARE(uidsOf(index.search(QStringLiteral("catching"))), QList<quint32> { 1 });
    QCOMPARE(countOf(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 2);
    // A body saved after indexing lands in the entry the indexer wrote.
    QVERIFY(!BodyStore(t.cache).save(ids.last(), "Subject: x\r\n\r\nnightingale\r\n"));
    QCOMPARE(uidsOf(index.search(QStringLiteral("nightingale"))), QList<quint32> { 2 });
    QCOMPARE(countOf(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 2);
}

void TestSearchIndex::removingAnUnindexedRow()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    const QList<qint64> ids = messages.add(inbox, { makeSummary(1, QStringLiteral("fleeting note")),
                                                    makeSummary(2, QStringLiteral("lasting note")),
                                                    makeSummary(3, QStringLiteral("expunged note")) });
    QVERIFY(!messages.remove({ ids.first() }));
    QVERIFY(!messages.removeUids(inbox, { 3 }));
    SearchIndexer indexer(t.cache);
    QCOMPARE(indexer.pendingCount(), 1);
    QCOMPARE(indexer.indexPending(100), 1);
    QCOMPARE(uidsOf(SearchIndex(t.cache).search(QStringLiteral("note"))), QList<quint32> { 2 });
    QCOMPARE(countOf(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 1);
    QVERIFY(!t.cache.checkIntegrity());
}

QTEST_GUILESS_MAIN(TestSearchIndex)
#include "tst_searchindex.moc"
