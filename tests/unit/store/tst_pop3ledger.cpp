// SPDX-License-Identifier: GPL-3.0-or-later
// Pop3Ledger: the UIDLs a POP3 account downloaded, saved in one transaction with the message
// they became; which are due for deletion under each policy; marking and forgetting.
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/Pop3Ledger.h"

#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using magpie::store::BodyStore;
using magpie::store::FolderRecord;
using magpie::store::FolderRole;
using magpie::store::FolderStore;
using magpie::store::MailCache;
using magpie::store::MessageStore;
using magpie::store::MessageSummary;
using magpie::store::Pop3Ledger;
using magpie::store::StoreError;
using magpie::store::WriteTransaction;
using namespace Qt::StringLiterals;

namespace {

const QString account = QStringLiteral("pop-account");
const QString otherAccount = QStringLiteral("other-account");
const QDateTime now = QDateTime(QDate(2024, 5, 20), QTime(12, 0), Qt::UTC);

QByteArray rawMessage(const QByteArray &subject)
{
    return "From: Alice <alice@example.test>\r\nTo: bob@example.test\r\nSubject: " + subject
        + "\r\nMessage-ID: <" + subject + "@example.test>\r\n\r\nHello.\r\n";
}

MessageSummary summaryFor(const QByteArray &subject)
{
    MessageSummary summary;
    summary.subject = QString::fromLatin1(subject);
    summary.messageId = "<" + subject + "@example.test>";
    summary.date = now;
    summary.receivedAt = now;
    summary.size = quint64(rawMessage(subject).size());
    return summary;
}

} // namespace

class TestPop3Ledger : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void recordAndLookUp();
    void recordTwiceIsRefused();
    void saveDownloadedKeepsMessageBodyAndUidl();
    void saveDownloadedOfKnownUidlKeepsNothing();
    void saveDownloadedRolledBackWithCallerTransaction();
    void survivesReopening();
    void dueForDeletion_data();
    void dueForDeletion();
    void markDeleted();
    void forgetAbsent();

private:
    qint64 inboxId();
    int messageCount();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MailCache> m_cache;
};

void TestPop3Ledger::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_cache = std::make_unique<MailCache>();
    const StoreError error = m_cache->open(m_dir->filePath(QStringLiteral("cache.sqlite")));
    QVERIFY2(!error, qPrintable(error.message));
}

void TestPop3Ledger::cleanup()
{
    m_cache.reset();
    m_dir.reset();
}

qint64 TestPop3Ledger::inboxId()
{
    FolderRecord inbox;
    inbox.accountId = account;
    inbox.path = QStringLiteral("INBOX");
    inbox.role = FolderRole::Inbox;
    inbox.local = true;
    StoreError error;
    const auto folder = FolderStore(*m_cache).ensure(inbox, &error);
    if (error || !folder)
        return 0;
    return folder->id;
}

int TestPop3Ledger::messageCount()
{
    QSqlQuery query(m_cache->connection());
    if (!query.exec(QStringLiteral("SELECT COUNT(*) FROM messages")) || !query.next())
        return -1;
    return query.value(0).toInt();
}

void TestPop3Ledger::recordAndLookUp()
{
    Pop3Ledger ledger(*m_cache);
    QVERIFY(!ledger.known(account, QStringLiteral("uid-1")));
    const StoreError error = ledger.record(account, QStringLiteral("uid-1"), 0, now);
    QVERIFY2(!error, qPrintable(error.message));
    QVERIFY(ledger.known(account, QStringLiteral("uid-1")));
    QVERIFY(!ledger.known(otherAccount, QStringLiteral("uid-1")));
    QVERIFY(!ledger.known(account, QStringLiteral("UID-1"))); // unique-ids are exact
    const auto entry = ledger.entry(account, QStringLiteral("uid-1"));
    QVERIFY(entry);
    QCOMPARE(entry->downloadedAt, now);
    QCOMPARE(entry->deletedFromServer, false);
    QCOMPARE(ledger.count(account), 1);
    QCOMPARE(ledger.knownUidls(account), QSet<QString>({ QStringLiteral("uid-1") }));
    QCOMPARE(ledger.count(otherAccount), 0);
}

void TestPop3Ledger::recordTwiceIsRefused()
{
    Pop3Ledger ledger(*m_cache);
    QVERIFY(!ledger.record(account, QStringLiteral("uid-1"), 0, now));
    const StoreError error = ledger.record(account, QStringLiteral("uid-1"), 0, now);
    QVERIFY(error);
    QVERIFY2(error.message.contains(u"uid-1"), qPrintable(error.message));
    QCOMPARE(ledger.count(account), 1);
    QVERIFY(!ledger.record(otherAccount, QStringLiteral("uid-1"), 0, now));
}

void TestPop3Ledger::saveDownloadedKeepsMessageBodyAndUidl()
{
    const qint64 folderId = inboxId();
    QVERIFY(folderId > 0);
    Pop3Ledger ledger(*m_cache);
    const QByteArray raw = rawMessage("first");
    StoreError error;
    const qint64 id = ledger.saveDownloaded(account, QStringLiteral("uid-1"), folderId,
                                            summaryFor("first"), raw, now, &error);
    QVERIFY2(!error, qPrintable(error.message));
    QVERIFY(id > 0);

    const auto message = MessageStore(*m_cache).message(id);
    QVERIFY(message);
    QCOMPARE(message->folderId, folderId);
    QCOMPARE(message->pop3Uidl, QStringLiteral("uid-1"));
    QCOMPARE(message->uid, 0u);
    QCOMPARE(message->subject, QStringLiteral("first"));
    QCOMPARE(BodyStore(*m_cache).body(id).value_or(QByteArray()), raw);
    const auto entry = ledger.entry(account, QStringLiteral("uid-1"));
    QVERIFY(entry);
    QCOMPARE(entry->messageId, id);
}

void TestPop3Ledger::saveDownloadedOfKnownUidlKeepsNothing()
{
    const qint64 folderId = inboxId();
    Pop3Ledger ledger(*m_cache);
    QVERIFY(ledger.saveDownloaded(account, QStringLiteral("uid-1"), folderId, summaryFor("a"),
                                  rawMessage("a"), now)
            > 0);
    QCOMPARE(messageCount(), 1);
    // The same UIDL again (a bug elsewhere): refused as a whole, no second copy.
    StoreError error;
    QCOMPARE(ledger.saveDownloaded(account, QStringLiteral("uid-1"), folderId, summaryFor("a"),
                                   rawMessage("a"), now, &error),
             0);
    QVERIFY(error);
    QCOMPARE(messageCount(), 1);
    QCOMPARE(ledger.count(account), 1);
}

void TestPop3Ledger::saveDownloadedRolledBackWithCallerTransaction()
{
    // The download task wraps the save in its own transaction; if that one never commits
    // (the process dies, a later step fails) neither the message nor its UIDL is kept.
    const qint64 folderId = inboxId();
    Pop3Ledger ledger(*m_cache);
    {
        WriteTransaction outer(*m_cache);
        QVERIFY(!outer.begun());
        QVERIFY(ledger.saveDownloaded(account, QStringLiteral("uid-1"), folderId,
                                      summaryFor("a"), rawMessage("a"), now)
                > 0);
        QVERIFY(ledger.known(account, QStringLiteral("uid-1"))); // inside, it is there
    }
    QVERIFY(!ledger.known(account, QStringLiteral("uid-1")));
    QCOMPARE(messageCount(), 0);
    QCOMPARE(BodyStore(*m_cache).totalBytes(), 0);
}

void TestPop3Ledger::survivesReopening()
{
    const QString path = m_cache->path();
    QVERIFY(!Pop3Ledger(*m_cache).record(account, QStringLiteral("uid-1"), 0, now));
    m_cache->close();
    m_cache = std::make_unique<MailCache>();
    QVERIFY(!m_cache->open(path));
    QVERIFY(Pop3Ledger(*m_cache).known(account, QStringLiteral("uid-1")));
}

void TestPop3Ledger::dueForDeletion_data()
{
    QTest::addColumn<bool>("leaveOnServer");
    QTest::addColumn<int>("deleteAfterDays");
    QTest::addColumn<QStringList>("due");

    // Recorded: old (10 days ago), week (exactly 7 days ago), new (3 days ago), gone (10 days
    // ago, no longer on the server). On the server: new, week, stranger (not recorded), old.
    QTest::newRow("leave on server, keep forever") << true << 0 << QStringList();
    QTest::newRow("delete at once")
        << false << 0 << QStringList({ u"new"_s, u"week"_s, u"old"_s });
    QTest::newRow("delete at once, days ignored")
        << false << 30 << QStringList({ u"new"_s, u"week"_s, u"old"_s });
    QTest::newRow("after 7 days") << true << 7 << QStringList({ u"week"_s, u"old"_s });
    QTest::newRow("after 8 days") << true << 8 << QStringList({ u"old"_s });
    QTest::newRow("after 1 day")
        << true << 1 << QStringList({ u"new"_s, u"week"_s, u"old"_s });
    QTest::newRow("after 30 days") << true << 30 << QStringList();
}

void TestPop3Ledger::dueForDeletion()
{
    QFETCH(bool, leaveOnServer);
    QFETCH(int, deleteAfterDays);
    QFETCH(QStringList, due);

    Pop3Ledger ledger(*m_cache);
    QVERIFY(!ledger.record(account, u"old"_s, 0, now.addDays(-10)));
    QVERIFY(!ledger.record(account, u"week"_s, 0, now.addDays(-7)));
    QVERIFY(!ledger.record(account, u"new"_s, 0, now.addDays(-3)));
    QVERIFY(!ledger.record(account, u"gone"_s, 0, now.addDays(-10)));
    QVERIFY(!ledger.record(otherAccount, u"stranger"_s, 0, now.addDays(-100)));
    const QStringList onServer { u"new"_s, u"week"_s, u"stranger"_s, u"old"_s };

    Pop3Ledger::DeletionPolicy policy;
    policy.leaveOnServer = leaveOnServer;
    policy.deleteAfterDays = deleteAfterDays;
    QCOMPARE(ledger.dueForDeletion(account, onServer, policy, now), due);
}

void TestPop3Ledger::markDeleted()
{
    Pop3Ledger ledger(*m_cache);
    QVERIFY(!ledger.record(account, u"a"_s, 0, now));
    QVERIFY(!ledger.record(account, u"b"_s, 0, now));
    QVERIFY(!ledger.record(otherAccount, u"a"_s, 0, now));
    QVERIFY(!ledger.markDeleted(account, { u"a"_s }));
    QCOMPARE(ledger.entry(account, u"a"_s)->deletedFromServer, true);
    QCOMPARE(ledger.entry(account, u"b"_s)->deletedFromServer, false);
    QCOMPARE(ledger.entry(otherAccount, u"a"_s)->deletedFromServer, false);
    // Still known: the server may list it until its UPDATE state is done with it.
    QVERIFY(ledger.known(account, u"a"_s));
}

void TestPop3Ledger::forgetAbsent()
{
    Pop3Ledger ledger(*m_cache);
    QVERIFY(!ledger.record(account, u"kept"_s, 0, now));
    QVERIFY(!ledger.record(account, u"gone-1"_s, 0, now));
    QVERIFY(!ledger.record(account, u"gone-2"_s, 0, now));
    QVERIFY(!ledger.record(otherAccount, u"gone-1"_s, 0, now));
    int forgotten = -1;
    const StoreError error =
        ledger.forgetAbsent(account, { u"kept"_s, u"never-recorded"_s }, &forgotten);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(forgotten, 2);
    QCOMPARE(ledger.knownUidls(account), QSet<QString>({ u"kept"_s }));
    QVERIFY(ledger.known(otherAccount, u"gone-1"_s)); // another account's are its own
    QVERIFY(!ledger.forgetAbsent(account, { u"kept"_s }, &forgotten));
    QCOMPARE(forgotten, 0);
}

QTEST_GUILESS_MAIN(TestPop3Ledger)
#include "tst_pop3ledger.moc"
