// SPDX-License-Identifier: GPL-3.0-or-later
#include "TemporaryCache.h"

#include "store/BodyStore.h"
#include "store/MessageStore.h"
#include "store/SearchIndex.h"

#include <QSignalSpy>

using namespace magpie::store;

namespace {

const QByteArray plainMessage =
    "From: Alice <alice@example.com>\r\n"
    "Subject: Lunch\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "Hello   Bob,\r\n"
    "\r\n"
    "\tshall we meet for a zanzibari lunch?\r\n";

const QByteArray withAttachment =
    "From: Alice <alice@example.com>\r\n"
    "Subject: Report\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=XX\r\n"
    "\r\n"
    "--XX\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "See the attached quarterly figures.\r\n"
    "--XX\r\n"
    "Content-Type: application/pdf; name=report.pdf\r\n"
    "Content-Disposition: attachment; filename=report.pdf\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "\r\n"
    "JVBERi0xLjQK\r\n"
    "--XX--\r\n";

} // namespace

class TestBodyStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void saveSetsPreviewAndIndexesBody();
    void attachmentsAreNoticed();
    void previewIsShortAndOnOneLine();
    void saveForUnknownMessageFails();
    void removeKeepsSummary();
    void totalBytesAndClearAll();
};

void TestBodyStore::saveSetsPreviewAndIndexesBody()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    const QList<qint64> ids = messages.add(inbox, { makeSummary(1, QStringLiteral("Lunch")) });
    BodyStore bodies(t.cache);
    QVERIFY(!bodies.hasBody(ids.first()));
    QVERIFY(!bodies.body(ids.first()));
    QSignalSpy changed(&t.cache, &MailCache::messagesChanged);
    QVERIFY(!bodies.save(ids.first(), plainMessage));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(0).toLongLong(), inbox);
    QCOMPARE(changed.first().at(1).value<QList<qint64>>(), ids);
    QVERIFY(bodies.hasBody(ids.first()));
    QCOMPARE(*bodies.body(ids.first()), plainMessage);
    const auto summary = messages.message(ids.first());
    QCOMPARE(summary->preview, QStringLiteral("Hello Bob, shall we meet for a zanzibari lunch?"));
    QVERIFY(!summary->hasAttachments);
    QVERIFY(summary->hasBody);
    const QList<SearchHit> hits = SearchIndex(t.cache).search(QStringLiteral("zanzibari"));
    QCOMPARE(hits.size(), 1);
    QCOMPARE(hits.first().message.id, ids.first());
    // Saving again replaces the body and its text.
    QVERIFY(!bodies.save(ids.first(), "Subject: Lunch\r\n\r\nCancelled.\r\n"));
    QVERIFY(SearchIndex(t.cache).search(QStringLiteral("zanzibari")).isEmpty());
    QCOMPARE(messages.message(ids.first())->preview, QStringLiteral("Cancelled."));
}

void TestBodyStore::attachmentsAreNoticed()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    const QList<qint64> ids = messages.add(inbox, { makeSummary(1, QStringLiteral("Report")) });
    QVERIFY(!BodyStore(t.cache).save(ids.first(), withAttachment));
    const auto summary = messages.message(ids.first());
    QVERIFY(summary->hasAttachments);
    QCOMPARE(summary->preview, QStringLiteral("See the attached quarterly figures."));
    QCOMPARE(SearchIndex(t.cache).search(QStringLiteral("quarterly")).size(), 1);
}

void TestBodyStore::previewIsShortAndOnOneLine()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    const QList<qint64> ids = messages.add(inbox, { makeSummary(1, QStringLiteral("Long")) });
    QByteArray raw = "Subject: Long\r\nContent-Type: text/plain; charset=utf-8\r\n\r\n";
    for (int i = 0; i < 200; ++i)
        raw += "word\xc3\xa9 \r\n\r\n";
    QVERIFY(!BodyStore(t.cache).save(ids.first(), raw));
    const QString preview = messages.message(ids.first())->preview;
    QVERIFY2(preview.size() <= 200 && preview.size() > 180, qPrintable(QString::number(preview.size())));
    QVERIFY(!preview.contains(u'\n'));
    QVERIFY(!preview.contains(QLatin1String("  ")));
    QVERIFY(preview.startsWith(QStringLiteral(u"wordé wordé")));
    QVERIFY(!preview.endsWith(u' '));
}

void TestBodyStore::saveForUnknownMessageFails()
{
    TemporaryCache t;
    BodyStore bodies(t.cache);
    QCOMPARE(bodies.save(12345, plainMessage).code, StoreError::NotFound);
    QVERIFY(!bodies.hasBody(12345));
    QCOMPARE(bodies.totalBytes(), 0);
}

void TestBodyStore::removeKeepsSummary()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    const QList<qint64> ids = messages.add(inbox, { makeSummary(1, QStringLiteral("Lunch")) });
    BodyStore bodies(t.cache);
    QVERIFY(!bodies.save(ids.first(), plainMessage));
    QVERIFY(!bodies.remove(ids.first()));
    QVERIFY(!bodies.hasBody(ids.first()));
    QVERIFY(messages.message(ids.first()));
    QVERIFY(SearchIndex(t.cache).search(QStringLiteral("zanzibari")).isEmpty());
    QCOMPARE(SearchIndex(t.cache).search(QStringLiteral("lunch")).size(), 1); // the subject stays
    QVERIFY(!bodies.remove(ids.first())); // nothing to remove is not an error
}

void TestBodyStore::totalBytesAndClearAll()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore messages(t.cache);
    const QList<qint64> ids = messages.add(inbox, { makeSummary(1, QStringLiteral("a")),
                                                    makeSummary(2, QStringLiteral("b")) });
    BodyStore bodies(t.cache);
    QVERIFY(!bodies.save(ids.at(0), plainMessage));
    QVERIFY(!bodies.save(ids.at(1), withAttachment));
    QCOMPARE(bodies.totalBytes(), qint64(plainMessage.size() + withAttachment.size()));
    QSignalSpy changed(&t.cache, &MailCache::messagesChanged);
    QVERIFY(!bodies.clearAll());
    QCOMPARE(changed.count(), 1);
    QCOMPARE(changed.first().at(1).value<QList<qint64>>().size(), 2);
    QCOMPARE(bodies.totalBytes(), 0);
    QVERIFY(!bodies.hasBody(ids.at(0)));
    QVERIFY(SearchIndex(t.cache).search(QStringLiteral("quarterly")).isEmpty());
    QCOMPARE(messages.count(inbox), 2);
}

QTEST_GUILESS_MAIN(TestBodyStore)
#include "tst_bodystore.moc"
