// SPDX-License-Identifier: GPL-3.0-or-later
// What only the Maildir backend does: its files, restarts, other programs' files, failures.
#include "StoreFixture.h"

#include "server/store/DurableFile.h"
#include "server/store/MaildirName.h"
#include "server/store/MaildirStorage.h"
#include "server/store/UidList.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSignalSpy>
#include <QTest>

#include <csignal>

#include <sys/resource.h>
#include <sys/stat.h>

using namespace magpie::server;
using namespace magpie::server::test;
using namespace Qt::StringLiterals;

namespace {

QStringList filesIn(const QString &dir)
{
    return QDir(dir).entryList(QDir::Files, QDir::Name);
}

bool writeFile(const QString &path, const QByteArray &bytes)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly) && file.write(bytes) == bytes.size();
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

QList<Uid> uidsOf(const QList<MessageRecord> &records)
{
    QList<Uid> result;
    for (const MessageRecord &record : records)
        result << record.uid;
    return result;
}

// Lowers the file size limit of this process for as long as it lives, so that writes past
// `bytes` fail with EFBIG, a real failure even for root (who ignores file permissions).
class FileSizeLimit
{
public:
    explicit FileSizeLimit(rlim_t bytes)
    {
        ::getrlimit(RLIMIT_FSIZE, &m_saved);
        m_handler = std::signal(SIGXFSZ, SIG_IGN);
        rlimit lowered = m_saved;
        lowered.rlim_cur = bytes;
        ::setrlimit(RLIMIT_FSIZE, &lowered);
    }
    ~FileSizeLimit()
    {
        ::setrlimit(RLIMIT_FSIZE, &m_saved);
        std::signal(SIGXFSZ, m_handler);
    }

private:
    rlimit m_saved {};
    void (*m_handler)(int) = nullptr;
};

} // namespace

class TestMaildir : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void folderNames_data();
    void folderNames();
    void foreignFolderNames_data();
    void foreignFolderNames();
    void openRefusesWhatItCannotUse();
    void layoutOtherProgramsRead();
    void flagsLiveInFileNames();
    void restartKeepsEverything();
    void filesFromOtherProgramsGetUids();
    void vanishedFilesAreDropped();
    void tornLogRecordIsIgnored();
    void halfWrittenTmpFileNeverVisible();
    void failedAppendChangesNothing();
    void failedDeliveryDeliversNoCopy();
    void failedIndexWriteStillDelivers();
    void uidInFileNameOutlivesLostRecord();
    void diskFullSaysSo();
    void copyIsAHardLink();
    void logIsFoldedIntoTheList();
    void renameMovesDirectories();
    void foreignFolderGetsFreshUidValidity();
};

void TestMaildir::folderNames_data()
{
    QTest::addColumn<QString>("mailbox");
    QTest::addColumn<QString>("directory");
    QTest::newRow("inbox") << u"INBOX"_s << u""_s;
    QTest::newRow("top level") << u"Sent"_s << u".Sent"_s;
    QTest::newRow("levels") << u"Work/2024/Q1"_s << u".Work.2024.Q1"_s;
    QTest::newRow("inbox child") << u"INBOX/Old"_s << u".INBOX.Old"_s;
    QTest::newRow("dot escaped") << u"v1.2"_s << u".v1%2E2"_s;
    QTest::newRow("dot level") << u"./.."_s << u".%2E.%2E%2E"_s;
    QTest::newRow("modified utf-7") << u"Entwürfe"_s << u".Entw&APw-rfe"_s;
    QTest::newRow("ampersand") << u"A&B"_s << u".A&-B"_s;
    QTest::newRow("space and tilde") << u"My ~mail"_s << u".My ~mail"_s;
}

void TestMaildir::folderNames()
{
    QFETCH(QString, mailbox);
    QFETCH(QString, directory);
    QCOMPARE(MaildirName::directoryOf(mailbox), std::optional<QString>(directory));
    if (!directory.isEmpty())
        QCOMPARE(MaildirName::mailboxOf(directory), std::optional<QString>(mailbox));
}

void TestMaildir::foreignFolderNames_data()
{
    QTest::addColumn<QString>("directory");
    QTest::newRow("not hidden") << u"Sent"_s;
    QTest::newRow("empty level") << u".a..b"_s;
    QTest::newRow("bad escape") << u".a%2"_s;
    QTest::newRow("bad utf-7") << u".a&Jjo"_s;
    QTest::newRow("raw utf-8") << u".Entwürfe"_s;
    QTest::newRow("inbox itself") << u".INBOX"_s;
    QTest::newRow("lower-case inbox") << u".inbox.x"_s;
    QTest::newRow("wildcard") << u".a*"_s;
}

void TestMaildir::foreignFolderNames()
{
    QFETCH(QString, directory);
    QCOMPARE(MaildirName::mailboxOf(directory), std::nullopt);
    QCOMPARE(MaildirName::directoryOf(QString(300, u'x')), std::nullopt);
}

void TestMaildir::openRefusesWhatItCannotUse()
{
    StoreFixture f(u"maildir"_s);
    // A second store on the same directory would hand out the same UIDs.
    StoreError error;
    QVERIFY(!MailStore::openMaildir(f.root(), &error));
    QCOMPARE(error.code, StoreError::Io);
    QVERIFY(error.message.contains(u"Another program"_s));
    f.store.reset();
    std::unique_ptr<MailStore> again = MailStore::openMaildir(f.root(), &error);
    QVERIFY2(again, qPrintable(error.message));
    QVERIFY(again->hasUser(kAlice));
    // A file where the directory should be.
    const QString file = f.dir->path() + u"/plain-file"_s;
    QVERIFY(writeFile(file, "x"));
    QVERIFY(!MailStore::openMaildir(file, &error));
    QCOMPARE(error.code, StoreError::Io);
    QVERIFY(!MailStore::openMaildir(file + u"/below"_s, &error));
    QCOMPARE(error.code, StoreError::Io);
}

void TestMaildir::layoutOtherProgramsRead()
{
    StoreFixture f(u"maildir"_s);
    const QString home = f.root() + u"/alice@example.test"_s;
    for (const QString &sub : { u"cur"_s, u"new"_s, u"tmp"_s })
        QVERIFY(QFileInfo(home + u'/' + sub).isDir());
    for (const QString &folder :
         { u".Drafts"_s, u".Sent"_s, u".Trash"_s, u".Junk"_s, u".Archive"_s }) {
        QVERIFY(QFileInfo(home + u'/' + folder + u"/cur"_s).isDir());
        QVERIFY(QFileInfo::exists(home + u'/' + folder + u"/maildirfolder"_s));
    }
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(1)));
    const QStringList fresh = filesIn(home + u"/new"_s);
    QCOMPARE(fresh.size(), 1);
    // Dovecot's size, then the UID as mbsync writes it: durable together with the file.
    QVERIFY(fresh.first().endsWith(u",S="_s + QString::number(sampleMessage(1).size())
                                   + u",U=1"_s));
    QCOMPARE(readFile(home + u"/new/"_s + fresh.first()), sampleMessage(1));
    QVERIFY(filesIn(home + u"/tmp"_s).isEmpty());
    QVERIFY(filesIn(home + u"/cur"_s).isEmpty());
    QVERIFY(!f.store->createMailbox(kAlice, u"Entwürfe/v1.0"_s));
    QVERIFY(QFileInfo(home + u"/.Entw&APw-rfe.v1%2E0/cur"_s).isDir());
}

void TestMaildir::flagsLiveInFileNames()
{
    StoreFixture f(u"maildir"_s);
    const QString inbox = f.root() + u"/alice@example.test"_s;
    const Uid uid = f.append(u"INBOX"_s, sampleMessage(1));
    QCOMPARE(filesIn(inbox + u"/new"_s).size(), 1);
    const QString base = filesIn(inbox + u"/new"_s).first();
    // Keywords only: the file stays in new/, unseen by any program.
    f.store->setFlags(kAlice, u"INBOX"_s, { uid }, FlagOperation::Add, { "Later" });
    QCOMPARE(filesIn(inbox + u"/new"_s), QStringList({ base }));
    f.store->setFlags(
        kAlice, u"INBOX"_s, { uid }, FlagOperation::Add,
        { "\\Seen", "\\Answered", "$Forwarded", "\\Draft", "\\Flagged", "\\Deleted" });
    QCOMPARE(filesIn(inbox + u"/cur"_s), QStringList({ base + u":2,DFPRST"_s }));
    QVERIFY(filesIn(inbox + u"/new"_s).isEmpty());
    f.store->setFlags(kAlice, u"INBOX"_s, { uid }, FlagOperation::Replace, { "Later" });
    QCOMPARE(filesIn(inbox + u"/cur"_s), QStringList({ base + u":2,"_s }));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, uid), sampleMessage(1));
    // APPEND with flags goes straight to cur/.
    QVERIFY(f.append(u"Sent"_s, sampleMessage(2), { "\\Seen" }));
    QCOMPARE(filesIn(inbox + u"/.Sent/cur"_s).size(), 1);
    QVERIFY(filesIn(inbox + u"/.Sent/cur"_s).first().endsWith(u":2,S"_s));
}

void TestMaildir::restartKeepsEverything()
{
    StoreFixture f(u"maildir"_s);
    QVERIFY(!f.store->createMailbox(kAlice, u"Lists/Qt"_s));
    QVERIFY(!f.store->setSubscribed(kAlice, u"Lists/Qt"_s, true));
    QVERIFY(!f.store->setSubscribed(kAlice, u"Trash"_s, false));
    const QDateTime date(QDate(2019, 12, 31), QTime(23, 59, 58), Qt::UTC);
    f.append(u"Lists/Qt"_s, sampleMessage(1), { "\\Seen", "$Label2", "NonJunk" }, date);
    f.append(u"Lists/Qt"_s, sampleMessage(2), {}, date);
    f.append(u"Lists/Qt"_s, sampleMessage(3), { "\\Flagged" }, date);
    f.store->expunge(kAlice, u"Lists/Qt"_s, { 2 });
    f.store->setFlags(kAlice, u"Lists/Qt"_s, { 3 }, FlagOperation::Add, { "$Forwarded", "Todo" });
    QVERIFY(!f.deliver({ kAlice, kBob }, sampleMessage(4)));
    const QList<MailboxStatus> before = f.store->mailboxes(kAlice);
    const QList<MessageRecord> messages = f.store->messages(kAlice, u"Lists/Qt"_s);

    f.open();
    QVERIFY(f.store);
    QVERIFY(f.store->hasUser(kAlice));
    QVERIFY(f.store->hasUser(kBob));
    const QList<MailboxStatus> after = f.store->mailboxes(kAlice);
    QCOMPARE(after.size(), before.size());
    for (qsizetype i = 0; i < before.size(); ++i) {
        QCOMPARE(after.at(i).name, before.at(i).name);
        QCOMPARE(after.at(i).specialUse, before.at(i).specialUse);
        QCOMPARE(after.at(i).subscribed, before.at(i).subscribed);
        QCOMPARE(after.at(i).uidValidity, before.at(i).uidValidity);
        QCOMPARE(after.at(i).uidNext, before.at(i).uidNext);
        QCOMPARE(after.at(i).messages, before.at(i).messages);
        QCOMPARE(after.at(i).unseen, before.at(i).unseen);
    }
    const QList<MessageRecord> reread = f.store->messages(kAlice, u"Lists/Qt"_s);
    QCOMPARE(reread.size(), 2);
    for (qsizetype i = 0; i < reread.size(); ++i) {
        QCOMPARE(reread.at(i).uid, messages.at(i).uid);
        QCOMPARE(reread.at(i).flags, messages.at(i).flags);
        QCOMPARE(reread.at(i).internalDate, date);
        QCOMPARE(reread.at(i).size, messages.at(i).size);
    }
    QCOMPARE(reread.at(1).flags, QList<QByteArray>({ "\\Flagged", "$Forwarded", "Todo" }));
    QCOMPARE(f.store->content(kBob, u"INBOX"_s, 1), sampleMessage(4));
    // Delivered mail that no session claimed is \Recent again; claimed state need not persist.
    QCOMPARE(f.store->status(kBob, u"INBOX"_s)->recent, 1);
}

void TestMaildir::filesFromOtherProgramsGetUids()
{
    StoreFixture f(u"maildir"_s);
    const QString inbox = f.root() + u"/alice@example.test"_s;
    const Uid ours = f.append(u"INBOX"_s, sampleMessage(1));
    f.store.reset();
    // Another delivery agent's files, and one a mail reader has flagged.
    QVERIFY(writeFile(inbox + u"/new/1700000002.M1P2.otherhost"_s, sampleMessage(2)));
    QVERIFY(writeFile(inbox + u"/cur/1700000001.M1P2.otherhost:2,FS"_s, sampleMessage(3)));
    QVERIFY(writeFile(inbox + u"/new/.hidden"_s, "not mail"));
    const QDateTime modified(QDate(2023, 11, 14), QTime(22, 13, 20), Qt::UTC);
    QFile stamped(inbox + u"/new/1700000002.M1P2.otherhost"_s);
    QVERIFY(stamped.open(QIODevice::ReadWrite));
    QVERIFY(stamped.setFileTime(modified, QFileDevice::FileModificationTime));
    stamped.close();
    f.open();
    const QList<MessageRecord> inboxMessages = f.store->messages(kAlice, u"INBOX"_s);
    // In file name order, after every UID given before.
    QCOMPARE(uidsOf(inboxMessages), QList<Uid>({ ours, ours + 1, ours + 2 }));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, ours + 1), sampleMessage(3));
    QCOMPARE(inboxMessages.at(1).flags, QList<QByteArray>({ "\\Flagged", "\\Seen" }));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, ours + 2), sampleMessage(2));
    QVERIFY(inboxMessages.at(2).flags.isEmpty());
    QCOMPARE(inboxMessages.at(2).internalDate, modified);
    QCOMPARE(inboxMessages.at(2).size, qint64(sampleMessage(2).size()));
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->uidNext, ours + 3);
    // The UIDs are written down: a second restart keeps them.
    f.open();
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, ours + 1), sampleMessage(3));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, ours + 2), sampleMessage(2));
}

void TestMaildir::vanishedFilesAreDropped()
{
    StoreFixture f(u"maildir"_s);
    const QString inbox = f.root() + u"/alice@example.test"_s;
    for (int i = 1; i <= 3; ++i)
        f.append(u"INBOX"_s, sampleMessage(i), { "\\Seen" });
    f.store.reset();
    const QStringList files = filesIn(inbox + u"/cur"_s);
    QCOMPARE(files.size(), 3);
    const auto second = std::find_if(files.cbegin(), files.cend(), [&](const QString &name) {
        return readFile(inbox + u"/cur/"_s + name) == sampleMessage(2);
    });
    QVERIFY(second != files.cend());
    QVERIFY(QFile::remove(inbox + u"/cur/"_s + *second));
    f.open();
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ 1, 3 }));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, 3), sampleMessage(3));
    QCOMPARE(f.append(u"INBOX"_s, sampleMessage(4)), Uid(4));
}

void TestMaildir::tornLogRecordIsIgnored()
{
    StoreFixture f(u"maildir"_s);
    const QString inbox = f.root() + u"/alice@example.test"_s;
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(1)));
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(2)));
    f.store.reset();
    // A crash while appending: a record without its line end (here one that would give the
    // file UID 9). The file it was about is there, so the open gives it the next UID.
    QFile log(inbox + u'/' + UidList::kLogFile);
    QVERIFY(log.open(QIODevice::Append));
    log.write("+ 9 1700000000.M1P1Q1.host");
    log.close();
    QVERIFY(writeFile(inbox + u"/new/1700000000.M1P1Q1.host"_s, sampleMessage(3)));
    f.open();
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ 1, 2, 3 }));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, 1), sampleMessage(1));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, 3), sampleMessage(3));
}

void TestMaildir::halfWrittenTmpFileNeverVisible()
{
    StoreFixture f(u"maildir"_s);
    const QString inbox = f.root() + u"/alice@example.test"_s;
    f.store.reset();
    QVERIFY(writeFile(inbox + u"/tmp/1700000000.M1P1Q1.host"_s, "From: half"));
    f.open();
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->messages, 0);
}

void TestMaildir::failedAppendChangesNothing()
{
    StoreFixture f(u"maildir"_s);
    const QString sent = f.root() + u"/alice@example.test/.Sent"_s;
    QVERIFY(f.append(u"Sent"_s, sampleMessage(1)) == 1);
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    const QByteArray big(64 * 1024, 'x');
    StoreError error;
    {
        const FileSizeLimit limit(16 * 1024);
        QCOMPARE(f.store->append(kAlice, u"Sent"_s, big, {}, {}, &error), Uid(0));
    }
    QCOMPARE(error.code, StoreError::Io);
    QVERIFY(error.message.contains(u"Sent"_s));
    QCOMPARE(added.size(), 0);
    QCOMPARE(f.store->status(u"alice@example.test"_s, u"Sent"_s)->messages, 1);
    QVERIFY(filesIn(sent + u"/tmp"_s).isEmpty()); // the half-written file is gone
    QCOMPARE(filesIn(sent + u"/new"_s).size(), 1);
    // Nothing was taken: the next APPEND gets the next UID, and a restart sees one message.
    QCOMPARE(f.append(u"Sent"_s, big), Uid(2));
    f.open();
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"Sent"_s)), QList<Uid>({ 1, 2 }));
    QCOMPARE(f.store->content(kAlice, u"Sent"_s, 2), big);
}

void TestMaildir::failedDeliveryDeliversNoCopy()
{
    StoreFixture f(u"maildir"_s);
    // Bob's tmp/ is a file, not a directory: writing there fails, even for root.
    const QString bobTmp = f.root() + u"/bob@example.test/tmp"_s;
    QVERIFY(QDir(bobTmp).removeRecursively());
    QVERIFY(writeFile(bobTmp, "in the way"));
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    const StoreError error = f.deliver({ kAlice, kBob }, sampleMessage(1));
    QCOMPARE(error.code, StoreError::Io);
    QVERIFY(error.message.contains(kBob));
    QCOMPARE(added.size(), 0);
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->messages, 0);
    const QString alice = f.root() + u"/alice@example.test"_s;
    QVERIFY(filesIn(alice + u"/new"_s).isEmpty());
    QVERIFY(filesIn(alice + u"/tmp"_s).isEmpty());
    // Mail for Alice alone still arrives; the UID reserved for the failed one stays unused.
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(2)));
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ 2 }));
    f.open();
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ 2 }));
    QCOMPARE(f.append(u"INBOX"_s, sampleMessage(3)), Uid(3));
}

void TestMaildir::failedIndexWriteStillDelivers()
{
    StoreFixture f(u"maildir"_s);
    const QString alice = f.root() + u"/alice@example.test"_s;
    // Alice's UID log grows larger than any message file, so a file size limit just above it
    // lets the message files be written and then stops the record of their UIDs.
    const Uid first = f.append(u"INBOX"_s, sampleMessage(0), { "\\Seen" });
    QList<QByteArray> keywords;
    for (int k = 0; k < 20; ++k)
        keywords << "Keyword" + QByteArray::number(k) + QByteArray(100, 'k');
    f.store->setFlags(kAlice, u"INBOX"_s, { first }, FlagOperation::Add, keywords);
    const QString log = alice + u'/' + UidList::kLogFile;
    const qint64 logSize = QFileInfo(log).size();
    QVERIFY(logSize > 2 * sampleMessage(1).size());
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    StoreError error;
    {
        const FileSizeLimit limit(rlim_t(logSize + 10));
        error = f.deliver({ kBob, kAlice }, sampleMessage(1));
    }
    // The files are durable and their names carry their UIDs: the delivery stands, and the
    // next open finds the UID the record would have said.
    QVERIFY(!error);
    QCOMPARE(added.size(), 2);
    QCOMPARE(QFileInfo(log).size(), logSize); // no torn record left behind
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ first, first + 1 }));
    f.open();
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ first, first + 1 }));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, first + 1), sampleMessage(1));
    QCOMPARE(f.store->messages(kBob, u"INBOX"_s).size(), 1);
}

void TestMaildir::uidInFileNameOutlivesLostRecord()
{
    // A crash after a delivery's rename and directory sync, before its record reached the
    // disk: the record is not synced any more, so this is what a crash can leave.
    StoreFixture f(u"maildir"_s);
    const QString alice = f.root() + u"/alice@example.test"_s;
    const QString log = alice + u'/' + UidList::kLogFile;
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(1)));
    const qint64 oneRecord = QFileInfo(log).size();
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(2)));
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(3)));
    f.store.reset();
    QVERIFY(QFile::resize(log, oneRecord)); // UIDs 2 and 3 were never recorded
    // And one more that was renamed into new/ with its reserved UID, far ahead.
    QVERIFY(writeFile(alice + u"/new/1700000009.M1P2.host,S=9,U=7"_s, sampleMessage(7)));
    // One whose U= another message holds gets a UID of its own (the first name keeps it).
    QVERIFY(writeFile(alice + u"/new/1900000010.M1P2.host,S=9,U=2"_s, sampleMessage(8)));
    f.open();
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ 1, 2, 3, 7, 8 }));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, 2), sampleMessage(2));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, 3), sampleMessage(3));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, 7), sampleMessage(7));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, 8), sampleMessage(8));
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->uidNext, Uid(9));
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(9)));
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)).last(), Uid(9));
    // A U= below the recorded UIDNEXT may be an expunged message's: never taken.
    f.store->expunge(kAlice, u"INBOX"_s, { 3 });
    f.store.reset();
    QVERIFY(writeFile(alice + u"/new/1700000011.M1P2.host,S=9,U=3"_s, sampleMessage(10)));
    f.open();
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ 1, 2, 7, 8, 9, 10 }));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, 10), sampleMessage(10));
}

void TestMaildir::diskFullSaysSo()
{
    // /dev/full fails every write with ENOSPC, the real error of a full disk.
    const StoreError error = DurableFile::append(u"/dev/full"_s, "data", u"write a test"_s);
    QCOMPARE(error.code, StoreError::DiskFull);
    QVERIFY(error.message.contains(u"disk"_s));
    QVERIFY(error.message.contains(u"write a test"_s));
    QCOMPARE(DurableFile::fromErrno(EDQUOT, u"x"_s).code, StoreError::DiskFull);
    QCOMPARE(DurableFile::fromErrno(EIO, u"x"_s).code, StoreError::Io);
}

void TestMaildir::copyIsAHardLink()
{
    StoreFixture f(u"maildir"_s);
    const Uid uid = f.append(u"INBOX"_s, sampleMessage(1), { "\\Seen" });
    QList<Uid> copied, fresh;
    QVERIFY(!f.store->copy(kAlice, u"INBOX"_s, { uid }, u"Archive"_s, &copied, &fresh));
    const QString archive = f.root() + u"/alice@example.test/.Archive/cur"_s;
    QCOMPARE(filesIn(archive).size(), 1);
    struct stat info = {};
    QCOMPARE(
        ::stat(QFile::encodeName(archive + u'/' + filesIn(archive).first()).constData(), &info), 0);
    QCOMPARE(int(info.st_nlink), 2);
    // Expunging the original leaves the copy.
    f.store->expunge(kAlice, u"INBOX"_s, { uid });
    QCOMPARE(f.store->content(kAlice, u"Archive"_s, fresh.first()), sampleMessage(1));
}

void TestMaildir::logIsFoldedIntoTheList()
{
    StoreFixture f(u"maildir"_s);
    const QString inbox = f.root() + u"/alice@example.test"_s;
    const QString logPath = inbox + u'/' + UidList::kLogFile;
    QList<Uid> uids;
    for (int i = 0; i < 20; ++i)
        uids << f.append(u"INBOX"_s, sampleMessage(i));
    // Long keywords make big records, so the log passes its limit in a few calls.
    QList<QByteArray> keywords;
    for (int k = 0; k < 40; ++k)
        keywords << "Keyword" + QByteArray::number(k) + QByteArray(200, 'k');
    qint64 largest = 0;
    for (int round = 0; round < 12; ++round) {
        f.store->setFlags(kAlice, u"INBOX"_s, uids,
                          round % 2 ? FlagOperation::Remove : FlagOperation::Add, keywords);
        largest = std::max(largest, QFileInfo(logPath).size());
    }
    QVERIFY(largest > MaildirStorage::kLogLimit);
    QVERIFY(QFileInfo(logPath).size() < MaildirStorage::kLogLimit);
    f.store->setFlags(kAlice, u"INBOX"_s, { uids.at(3) }, FlagOperation::Add, { "Kept" });
    f.store->expunge(kAlice, u"INBOX"_s, { uids.at(5) });
    f.open();
    QCOMPARE(f.store->messages(kAlice, u"INBOX"_s).size(), 19);
    QCOMPARE(f.store->message(kAlice, u"INBOX"_s, uids.at(3))->flags,
             QList<QByteArray>({ "Kept" }));
    QVERIFY(f.store->message(kAlice, u"INBOX"_s, uids.at(4))->flags.isEmpty());
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, uids.at(19)), sampleMessage(19));
}

void TestMaildir::renameMovesDirectories()
{
    StoreFixture f(u"maildir"_s);
    const QString home = f.root() + u"/alice@example.test"_s;
    QVERIFY(!f.store->createMailbox(kAlice, u"Work/Old"_s));
    QVERIFY(!f.store->renameMailbox(kAlice, u"Work"_s, u"Job"_s));
    QVERIFY(!QFileInfo::exists(home + u"/.Work"_s));
    QVERIFY(!QFileInfo::exists(home + u"/.Work.Old"_s));
    QVERIFY(QFileInfo(home + u"/.Job/cur"_s).isDir());
    QVERIFY(QFileInfo(home + u"/.Job.Old/cur"_s).isDir());
    QVERIFY(!f.store->deleteMailbox(kAlice, u"Job/Old"_s));
    QVERIFY(!QFileInfo::exists(home + u"/.Job.Old"_s));
    QVERIFY(QDir(home + u"/tmp"_s)
                .entryList(QDir::AllEntries | QDir::Hidden | QDir::NoDotAndDotDot)
                .isEmpty());
}

void TestMaildir::foreignFolderGetsFreshUidValidity()
{
    StoreFixture f(u"maildir"_s);
    const QString home = f.root() + u"/alice@example.test"_s;
    quint32 highest = 0;
    for (const MailboxStatus &status : f.store->mailboxes(kAlice))
        highest = std::max(highest, status.uidValidity);
    f.store.reset();
    const QString folder = home + u"/.Entw&APw-rfe"_s;
    for (const QString &sub : { u""_s, u"/cur"_s, u"/new"_s, u"/tmp"_s })
        QVERIFY(QDir().mkpath(folder + sub));
    QVERIFY(writeFile(folder + u"/cur/1.M1P1.host:2,S"_s, sampleMessage(1)));
    QVERIFY(QDir().mkpath(home + u"/.bad&/cur"_s)); // not modified UTF-7: not a mailbox
    f.open();
    const std::optional<MailboxStatus> status = f.store->status(kAlice, u"Entwürfe"_s);
    QVERIFY(status);
    QVERIFY(status->uidValidity > highest);
    QCOMPARE(status->messages, 1);
    QCOMPARE(status->unseen, 0);
    QCOMPARE(f.store->mailboxes(kAlice).size(), 7);
    f.open();
    QCOMPARE(f.store->status(kAlice, u"Entwürfe"_s)->uidValidity, status->uidValidity);
}

QTEST_GUILESS_MAIN(TestMaildir)
#include "tst_maildir.moc"
