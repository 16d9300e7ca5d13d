// SPDX-License-Identifier: GPL-3.0-or-later
// ImapAccountSyncTask and ImapFolderListTask against scripted servers, byte-exact: the folder
// list with special-use roles reconciled into the cache, INBOX first, \Noselect skipped, one
// folder only, and a folder that fails while the others still sync.
#include "ImapDialogue.h"
#include "ImapLoginScripts.h"
#include "ImapSyncFixture.h"

#include "net/imap/ListJob.h"
#include "sync/ImapAccountSyncTask.h"
#include "sync/ImapFolderListTask.h"

#include <QTest>

using magpie::store::FolderRecord;
using magpie::store::FolderRole;
using magpie::store::FolderStore;
using magpie::sync::ImapAccountSyncTask;
using magpie::sync::ImapFolderListTask;
using magpie::sync::SyncProgress;
using magpie::test::CacheFixture;
using magpie::test::ImapDialogue;
using magpie::test::loggedIn;
using magpie::test::kAccount;

namespace {

// An empty folder: the SELECT is all its sync needs.
QByteArrayList emptySelect(int tag, const QByteArray &name, quint32 uidValidity)
{
    const QByteArray t = 'a' + QByteArray::number(tag);
    return { "C: " + t + " SELECT " + name, "S: * 0 EXISTS",
             "S: * OK [UIDVALIDITY " + QByteArray::number(uidValidity) + "] UIDs valid",
             "S: * OK [UIDNEXT 1] Predicted next UID", "S: " + t + " OK [READ-WRITE] done" };
}

} // namespace

class TestImapAccountSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listRecordsRolesAndNames();
    void inboxFirstThenEverySelectableFolder();
    void onlyOneFolder();
    void failingFolderDoesNotStopTheOthers();
    void listReconcileRemovesFoldersGoneFromTheServer();
};

void TestImapAccountSync::listRecordsRolesAndNames()
{
    magpie::imap::ListEntry entry;
    entry.name = QStringLiteral("inbox");
    entry.rawName = "inbox";
    entry.delimiter = u'/';
    FolderRecord inbox = ImapFolderListTask::recordFor(kAccount, entry);
    QCOMPARE(inbox.path, QStringLiteral("INBOX"));
    QCOMPARE(inbox.role, FolderRole::Inbox);
    QVERIFY(inbox.selectable);

    entry.name = QStringLiteral("Entwürfe");
    entry.rawName = "Entw&APw-rfe";
    entry.specialUse = magpie::imap::ListEntry::SpecialUse::Drafts;
    const FolderRecord drafts = ImapFolderListTask::recordFor(kAccount, entry);
    QCOMPARE(drafts.path, QStringLiteral("Entwürfe"));
    QCOMPARE(drafts.serverName, QByteArray("Entw&APw-rfe"));
    QCOMPARE(drafts.role, FolderRole::Drafts);
    QCOMPARE(drafts.accountId, kAccount);

    entry.name = QStringLiteral("Lists");
    entry.rawName = "Lists";
    entry.specialUse = magpie::imap::ListEntry::SpecialUse::None;
    entry.attributes = { "\\Noselect", "\\HasChildren" };
    QVERIFY(!ImapFolderListTask::recordFor(kAccount, entry).selectable);

    // Without SPECIAL-USE the usual names fill the roles nobody claimed.
    QList<FolderRecord> folders;
    for (const QString &path : { QStringLiteral("INBOX"), QStringLiteral("Sent Messages"),
                                 QStringLiteral("Spam"), QStringLiteral("INBOX/Trash") }) {
        FolderRecord folder;
        folder.path = path;
        folder.delimiter = u'/';
        folders.append(folder);
    }
    folders[0].role = FolderRole::Inbox;
    ImapFolderListTask::guessMissingRoles(folders);
    QCOMPARE(folders.at(1).role, FolderRole::Sent);
    QCOMPARE(folders.at(2).role, FolderRole::Junk);
    QCOMPARE(folders.at(3).role, FolderRole::Trash);
}

void TestImapAccountSync::inboxFirstThenEverySelectableFolder()
{
    ImapDialogue dialogue(loggedIn("LIST-EXTENDED SPECIAL-USE CHILDREN")
                          << "C: a2 LIST \"\" * RETURN (SPECIAL-USE CHILDREN)"
                          << "S: * LIST (\\\\HasNoChildren \\\\Sent) \"/\" Sent"
                          << "S: * LIST (\\\\HasChildren \\\\Noselect) \"/\" Lists"
                          << "S: * LIST (\\\\HasNoChildren) \"/\" INBOX"
                          << "S: a2 OK LIST completed" << emptySelect(3, "INBOX", 11)
                          << emptySelect(4, "Sent", 12));
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    CacheFixture fixture;
    ImapAccountSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache);
    task.setPrefetch(false);
    QList<SyncProgress> progress;
    connect(&task, &magpie::sync::SyncTask::progress, this,
            [&progress](const SyncProgress &p) { progress.append(p); });
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);

    FolderStore folders(fixture.cache);
    const auto sent = folders.folderByRole(kAccount, FolderRole::Sent);
    QVERIFY(sent);
    QCOMPARE(sent->path, QStringLiteral("Sent"));
    QCOMPARE(sent->uidValidity, 12u);
    const auto lists = folders.folderByPath(kAccount, QStringLiteral("Lists"));
    QVERIFY(lists);
    QVERIFY(!lists->selectable);
    QCOMPARE(folders.folderByRole(kAccount, FolderRole::Inbox)->uidValidity, 11u);
    QCOMPARE(task.stats().folders, 2);
    QVERIFY(task.stats().bytes > 0);
    QVERIFY(!progress.isEmpty());
    QCOMPARE(progress.constLast().activity, QStringLiteral("Up to date"));
}

void TestImapAccountSync::onlyOneFolder()
{
    ImapDialogue dialogue(loggedIn("IDLE")
                          << "C: a2 LIST \"\" *"
                          << "S: * LIST () \"/\" INBOX"
                          << "S: * LIST (\\\\Sent) \"/\" Sent"
                          << "S: a2 OK LIST completed" << emptySelect(3, "Sent", 12));
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    CacheFixture fixture;
    ImapAccountSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache);
    task.setPrefetch(false);
    task.setOnlyFolder(QStringLiteral("Sent"));
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(task.stats().folders, 1);
    // INBOX is listed but not synced.
    QCOMPARE(FolderStore(fixture.cache).folderByRole(kAccount, FolderRole::Inbox)->uidValidity, 0u);
}

void TestImapAccountSync::failingFolderDoesNotStopTheOthers()
{
    ImapDialogue dialogue(loggedIn("IDLE") << "C: a2 LIST \"\" *"
                                           << "S: * LIST () \"/\" INBOX"
                                           << "S: * LIST (\\\\Sent) \"/\" Sent"
                                           << "S: a2 OK LIST completed"
                                           << "C: a3 SELECT INBOX"
                                           << "S: a3 NO [UNAVAILABLE] Mailbox is locked"
                                           << emptySelect(4, "Sent", 12));
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    CacheFixture fixture;
    ImapAccountSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache);
    task.setPrefetch(false);
    QList<SyncProgress> progress;
    connect(&task, &magpie::sync::SyncTask::progress, this,
            [&progress](const SyncProgress &p) { progress.append(p); });
    QVERIFY(CacheFixture::run(task));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(task.failed());
    QVERIFY2(task.problem().message.contains(QStringLiteral("locked")),
             qPrintable(task.problem().message));
    QCOMPARE(FolderStore(fixture.cache).folderByRole(kAccount, FolderRole::Sent)->uidValidity, 12u);
    const bool reported =
        std::any_of(progress.cbegin(), progress.cend(), [](const SyncProgress &p) {
            return p.activity.contains(QStringLiteral("INBOX"))
                && p.activity.contains(QStringLiteral("locked"));
        });
    QVERIFY(reported);
}

void TestImapAccountSync::listReconcileRemovesFoldersGoneFromTheServer()
{
    CacheFixture fixture;
    FolderRecord old;
    old.accountId = kAccount;
    old.path = QStringLiteral("Old");
    old.serverName = "Old";
    QVERIFY(FolderStore(fixture.cache).ensure(old));
    ImapDialogue dialogue(loggedIn("IDLE") << "C: a2 LIST \"\" *"
                                           << "S: * LIST () \"/\" INBOX"
                                           << "S: a2 OK LIST completed");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    ImapFolderListTask task(kAccount, &dialogue.session, fixture.cache);
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(task.folders().size(), 1);
    QCOMPARE(task.folders().first().path, QStringLiteral("INBOX"));
    QCOMPARE(task.folders().first().id, fixture.folderId); // the row kept its id
    QVERIFY(!FolderStore(fixture.cache).folderByPath(kAccount, QStringLiteral("Old")));
}

QTEST_GUILESS_MAIN(TestImapAccountSync)
#include "tst_imapaccountsync.moc"
