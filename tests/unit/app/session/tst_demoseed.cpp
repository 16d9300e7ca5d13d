// SPDX-License-Identifier: GPL-3.0-or-later
// The demo's first mail (DemoSeed): every listed message is bundled, has CRLF line ends and a
// Date moved so that the newest is 40 minutes old with the spacing kept; seeding fills the
// folders with the listed flags once, and never again once the marker exists.
#include "app/demo/DemoSeed.h"
#include "mime/Message.h"
#include "mime/MessageDate.h"
#include "server/MailStore.h"

#include <QTemporaryDir>
#include <QTest>

using namespace magpie;
using namespace Qt::StringLiterals;
using app::DemoSeed;

class TestDemoSeed : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void bundleIsComplete();
    void datesMoveTogether();
    void withDateReplacesOnlyTheDateField_data();
    void withDateReplacesOnlyTheDateField();
    void seedsOnce();
};

namespace {
const QDateTime kNow = QDateTime(QDate(2027, 3, 1), QTime(12, 0), Qt::UTC);
const QString kUser = u"you@demo.magpie.test"_s;
} // namespace

void TestDemoSeed::bundleIsComplete()
{
    QString error;
    const QList<DemoSeed::Entry> entries = DemoSeed::bundled(kNow, &error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(entries.size() >= 30);
    QSet<QString> folders;
    int withAttachments = 0;
    int html = 0;
    for (const DemoSeed::Entry &entry : entries) {
        folders << entry.mailbox;
        // CRLF everywhere, no bare LF (RFC 5322 s2.3; the server stores what it is given).
        QVERIFY2(!entry.raw.isEmpty(), qPrintable(entry.file));
        QCOMPARE(entry.raw.count('\n'), entry.raw.count("\r\n"));
        const mime::Message message(entry.raw);
        QVERIFY2(!message.subject().isEmpty(), qPrintable(entry.file));
        QVERIFY2(!message.messageId().isEmpty(), qPrintable(entry.file));
        withAttachments += message.attachments().isEmpty() ? 0 : 1;
        html += message.hasHtml() ? 1 : 0;
    }
    QVERIFY(folders.contains(u"INBOX"_s));
    QVERIFY(folders.contains(u"Sent"_s));
    QVERIFY(folders.contains(u"Archive"_s));
    QVERIFY(withAttachments >= 5);
    QVERIFY(html >= 3);
}

void TestDemoSeed::datesMoveTogether()
{
    QString error;
    const QList<DemoSeed::Entry> entries = DemoSeed::bundled(kNow, &error);
    QVERIFY(error.isEmpty());
    QDateTime newest;
    for (const DemoSeed::Entry &entry : entries) {
        // The Date field says what the internal date says.
        const auto date = mime::Message(entry.raw).date();
        QVERIFY2(date, qPrintable(entry.file));
        QCOMPARE(date->toUTC(), entry.date);
        if (!newest.isValid() || entry.date > newest)
            newest = entry.date;
    }
    QCOMPARE(newest, kNow.addSecs(-40 * 60));

    // The same bundle an hour later: every message moved by exactly an hour.
    const QList<DemoSeed::Entry> later = DemoSeed::bundled(kNow.addSecs(3600), &error);
    QCOMPARE(later.size(), entries.size());
    for (qsizetype i = 0; i < entries.size(); ++i)
        QCOMPARE(entries.at(i).date.secsTo(later.at(i).date), 3600);
}

void TestDemoSeed::withDateReplacesOnlyTheDateField_data()
{
    QTest::addColumn<QByteArray>("raw");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QByteArray("Subject: x\r\nDate: Mon, 1 Jan 2024 10:00:00 +0000\r\n\r\nDate: body\r\n")
                           << QByteArray("Subject: x\r\nDate: Sat, 2 Jan 2027 03:04:05 +0000\r\n\r\nDate: body\r\n");
    QTest::newRow("folded") << QByteArray("DATE: Mon, 1 Jan 2024\r\n 10:00:00 +0000\r\nSubject: y\r\n\r\nbody\r\n")
                            << QByteArray("Date: Sat, 2 Jan 2027 03:04:05 +0000\r\nSubject: y\r\n\r\nbody\r\n");
    QTest::newRow("none") << QByteArray("Subject: z\r\n\r\nDate: only in the body\r\n")
                          << QByteArray("Subject: z\r\n\r\nDate: only in the body\r\n");
}

void TestDemoSeed::withDateReplacesOnlyTheDateField()
{
    QFETCH(QByteArray, raw);
    QFETCH(QByteArray, expected);
    const QDateTime date(QDate(2027, 1, 2), QTime(3, 4, 5), Qt::UTC);
    QCOMPARE(DemoSeed::withDate(raw, date), expected);
}

void TestDemoSeed::seedsOnce()
{
    QTemporaryDir directory;
    std::unique_ptr<server::MailStore> store = server::MailStore::openMemory();
    QVERIFY(!store->addUser(kUser));
    QCOMPARE(DemoSeed::seedOnce(*store, kUser, directory.path()), QString());

    QString error;
    const QList<DemoSeed::Entry> entries = DemoSeed::bundled(kNow, &error);
    int inInbox = 0;
    for (const DemoSeed::Entry &entry : entries)
        inInbox += entry.mailbox == u"INBOX"_s ? 1 : 0;
    const QList<server::MessageRecord> inbox = store->messages(kUser, u"INBOX"_s);
    QCOMPARE(inbox.size(), inInbox);
    int seen = 0;
    int flagged = 0;
    for (const server::MessageRecord &record : inbox) {
        seen += record.hasFlag("\\Seen") ? 1 : 0;
        flagged += record.hasFlag("\\Flagged") ? 1 : 0;
    }
    QVERIFY(seen > 0 && seen < inbox.size()); // some read, some not
    QVERIFY(flagged >= 1);
    // Oldest first: UIDs follow the dates.
    for (qsizetype i = 1; i < inbox.size(); ++i)
        QVERIFY(inbox.at(i - 1).internalDate <= inbox.at(i).internalDate);
    QVERIFY(store->status(kUser, u"Sent"_s)->messages >= 1);
    QVERIFY(store->status(kUser, u"Archive"_s)->messages >= 1);

    // Again (the next start): nothing added, even after the person emptied the Inbox.
    QList<server::Uid> uids;
    for (const server::MessageRecord &record : inbox)
        uids << record.uid;
    store->expunge(kUser, u"INBOX"_s, uids);
    QCOMPARE(DemoSeed::seedOnce(*store, kUser, directory.path()), QString());
    QCOMPARE(store->messages(kUser, u"INBOX"_s).size(), 0);
}

QTEST_GUILESS_MAIN(TestDemoSeed)
#include "tst_demoseed.moc"
