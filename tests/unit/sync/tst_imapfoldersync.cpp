// SPDX-License-Identifier: GPL-3.0-or-later
// ImapFolderSyncTask against scripted servers, byte-exact (RFC 4549 s4.3): the first sync
// newest first in batches, QRESYNC with nothing changed (the SELECT only), QRESYNC with
// VANISHED (EARLIER) and changed flags, the CONDSTORE path, the plain path finding expunges,
// a UIDVALIDITY change, a connection dropped mid-batch followed by a resume, and the big first
// sync whose batches SummaryWriter stores on its own thread.
#include "ImapDialogue.h"
#include "ImapLoginScripts.h"
#include "ImapSyncFixture.h"

#include "net/imap/EnableJob.h"
#include "sync/ImapAccountSyncTask.h"
#include "sync/ImapFolderSyncTask.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QTest>

using magpie::imap::EnableJob;
using magpie::store::MessageFlags;
using magpie::sync::ImapFolderSyncTask;
namespace store = magpie::store;
using magpie::sync::SyncProblem;
using magpie::sync::SyncProgress;
using magpie::test::CacheFixture;
using magpie::test::ImapDialogue;
using magpie::test::loggedIn;
using magpie::test::openAndLogIn;
using magpie::test::qresyncEnabled;
using magpie::test::newMessageItems;
using magpie::test::ScriptedMessage;

namespace {

QByteArray fetchNew(int tag, const QByteArray &uids, bool modSeq = false)
{
    return "C: a" + QByteArray::number(tag) + " UID FETCH " + uids + ' ' + newMessageItems(modSeq);
}

// A first pass without CONDSTORE: SELECT INBOX (5 messages, UIDNEXT 10, nothing cached) and
// the UID SEARCH that finds UIDs 3 5 7 8 9 (tags a2 and a3).
QByteArrayList selectedWithFiveNew()
{
    return { "C: a2 SELECT INBOX",
             "S: * 5 EXISTS",
             "S: * OK [UIDVALIDITY 100] UIDs valid",
             "S: * OK [UIDNEXT 10] Predicted next UID",
             "S: a2 OK [READ-WRITE] SELECT completed",
             "C: a3 UID SEARCH UID 1:4294967295",
             "S: * SEARCH 3 5 7 8 9",
             "S: a3 OK done" };
}

} // namespace

class TestImapFolderSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void firstSyncNewestFirstInBatches();
    void batchesCompletedOutOfOrderAreStoredInOrder();
    void qresyncUnchangedIsOneRoundTrip();
    void qresyncVanishedAndChangedFlags();
    void condStoreChangedSinceAndExpunges();
    void plainPathFindsExpunges_data();
    void plainPathFindsExpunges();
    void uidValidityChangeResetsTheFolder();
    void droppedMidBatchThenResumeFetchesOnlyWhatIsMissing();
    void unsolicitedVanishedDuringSync();
    void newsAboutBatchesNotYetStored();
    void failedBatchWriteStopsThePass();
};

void TestImapFolderSync::firstSyncNewestFirstInBatches()
{
    ScriptedMessage m3 { 3, "\\\\Seen", {}, false };
    ScriptedMessage m5 { 5, {}, "<1@example.com> <3@example.com>", false };
    ScriptedMessage m7 { 7, "\\\\Flagged \\\\Answered $Forwarded", {}, true };
    ScriptedMessage m8 { 8, {}, {}, false };
    ScriptedMessage m9 { 9, "\\\\Seen", {}, false };
    ImapDialogue dialogue(loggedIn("IDLE") << selectedWithFiveNew()
                          // newest first, two at a time
                          << fetchNew(4, "8:9") << m8.line(4) << m9.line(5) << "S: a4 OK done"
                          << fetchNew(5, "5,7") << m5.line(2) << m7.line(3) << "S: a5 OK done"
                          << fetchNew(6, "3") << m3.line(1) << "S: a6 OK done");
    QVERIFY(openAndLogIn(dialogue));
    CacheFixture fixture;
    QSignalSpy added(&fixture.cache, &magpie::store::MailCache::messagesAdded);
    ImapFolderSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache,
                            fixture.folderId);
    task.setBatchSize(2);
    QList<SyncProgress> progress;
    connect(&task, &magpie::sync::SyncTask::progress, this,
            [&progress](const SyncProgress &p) { progress.append(p); });
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);

    QCOMPARE(fixture.uids(), QList<quint32>({ 3, 5, 7, 8, 9 }));
    // The list fills from the top: the first batch stored is the newest.
    QCOMPARE(added.size(), 3);
    QCOMPARE(added.first().at(1).value<QList<qint64>>().size(), 2);
    QCOMPARE(fixture.message(9)->id, added.first().at(1).value<QList<qint64>>().constLast());

    const auto m = fixture.message(7);
    QVERIFY(m);
    QCOMPARE(m->subject, QStringLiteral("Message 7"));
    QCOMPARE(m->from.address, QStringLiteral("alice@example.com"));
    QCOMPARE(m->from.name, QStringLiteral("Alice"));
    QCOMPARE(m->to.size(), 1);
    QCOMPARE(m->to.first().address, QStringLiteral("bob@example.com"));
    QCOMPARE(m->messageId, QByteArray("<7@example.com>"));
    QCOMPARE(m->size, quint64(1007));
    QCOMPARE(m->date, QDateTime(QDate(2024, 1, 7), QTime(9, 0), Qt::UTC));
    QCOMPARE(m->receivedAt, QDateTime(QDate(2024, 1, 7), QTime(10, 0), Qt::UTC));
    QVERIFY(m->flags.has(MessageFlags::Flagged));
    QVERIFY(m->flags.has(MessageFlags::Answered));
    QVERIFY(m->flags.has(MessageFlags::Forwarded));
    QVERIFY(!m->flags.has(MessageFlags::Seen));
    QVERIFY(m->hasAttachments);
    QVERIFY(!fixture.message(8)->hasAttachments);
    QVERIFY(fixture.message(9)->flags.has(MessageFlags::Seen));
    QCOMPARE(fixture.message(5)->references,
             QList<QByteArray>({ "<1@example.com>", "<3@example.com>" }));
    QVERIFY(fixture.message(3)->references.isEmpty());

    const auto folder = fixture.folder();
    QCOMPARE(folder.uidValidity, 100u);
    QCOMPARE(folder.uidNext, 10u);
    QCOMPARE(folder.highestModSeq, quint64(0));
    QCOMPARE(task.stats().newMessages, 5);
    QVERIFY(task.stats().bytes > 0);

    const bool phrased = std::any_of(progress.cbegin(), progress.cend(), [](const SyncProgress &p) {
        return p.activity == QStringLiteral("Fetching new messages in INBOX") && p.total == 5
            && p.done == 5 && p.folderPath == QStringLiteral("INBOX");
    });
    QVERIFY(phrased);
}

// The batches' FETCHes are pipelined (RFC 3501 s5.5), and a server may answer the second
// first: the batches are still stored newest first, each once.
void TestImapFolderSync::batchesCompletedOutOfOrderAreStoredInOrder()
{
    const ScriptedMessage m3 { 3, {}, {}, false };
    const ScriptedMessage m5 { 5, {}, {}, false };
    const ScriptedMessage m7 { 7, {}, {}, false };
    const ScriptedMessage m8 { 8, {}, {}, false };
    const ScriptedMessage m9 { 9, {}, {}, false };
    ImapDialogue dialogue(loggedIn("IDLE") << selectedWithFiveNew() << fetchNew(4, "8:9")
                                           << fetchNew(5, "5,7") << m5.line(2) << m7.line(3)
                                           << "S: a5 OK done" << m9.line(5) << m8.line(4)
                                           << "S: a4 OK done" << fetchNew(6, "3") << m3.line(1)
                                           << "S: a6 OK done");
    QVERIFY(openAndLogIn(dialogue));
    CacheFixture fixture;
    QSignalSpy added(&fixture.cache, &magpie::store::MailCache::messagesAdded);
    ImapFolderSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache,
                            fixture.folderId);
    task.setBatchSize(2);
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(fixture.uids(), QList<quint32>({ 3, 5, 7, 8, 9 }));
    QCOMPARE(task.stats().newMessages, 5);
    QVERIFY(!added.isEmpty());
    const QList<qint64> firstStored = added.first().at(1).value<QList<qint64>>();
    QVERIFY(firstStored.contains(fixture.message(9)->id));
    QVERIFY(firstStored.contains(fixture.message(8)->id));
    QVERIFY(!firstStored.contains(fixture.message(7)->id));
    QCOMPARE(fixture.folder().uidNext, 10u);
}

void TestImapFolderSync::qresyncUnchangedIsOneRoundTrip()
{
    const QByteArray select = "a3 SELECT INBOX (QRESYNC (100 500))";
    ImapDialogue dialogue(qresyncEnabled() << "C: " + select << "S: * 3 EXISTS"
                                           << "S: * OK [UIDVALIDITY 100] UIDs valid"
                                           << "S: * OK [UIDNEXT 8] Predicted next UID"
                                           << "S: * OK [HIGHESTMODSEQ 500] Highest"
                                           << "S: a3 OK [READ-WRITE] SELECT completed");
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    QSignalSpy changed(&fixture.cache, &magpie::store::MailCache::messagesChanged);
    QSignalSpy folders(&fixture.cache, &magpie::store::MailCache::foldersChanged);
    ImapFolderSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache,
                            fixture.folderId);
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    // Nothing after the SELECT: one round trip, and nothing written.
    QTest::qWait(50);
    QVERIFY(dialogue.server.clientBytes().endsWith(QByteArray(select + "\r\n")));
    QCOMPARE(fixture.uids(), QList<quint32>({ 3, 5, 7 }));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(folders.size(), 0);
    QCOMPARE(task.stats().newMessages, 0);
}

void TestImapFolderSync::qresyncVanishedAndChangedFlags()
{
    ScriptedMessage m9 { 9, "\\\\Seen", {}, false, 610 };
    ImapDialogue dialogue(qresyncEnabled()
                          << "C: a3 SELECT INBOX (QRESYNC (100 500))"
                          << "S: * 3 EXISTS"
                          << "S: * OK [UIDVALIDITY 100] UIDs valid"
                          << "S: * OK [UIDNEXT 10] Predicted next UID"
                          << "S: * OK [HIGHESTMODSEQ 610] Highest"
                          << "S: * VANISHED (EARLIER) 4:5,200:300"
                          << "S: * 2 FETCH (UID 7 FLAGS (\\\\Flagged \\\\Seen) MODSEQ (600))"
                          << "S: * 3 FETCH (UID 9 FLAGS (\\\\Seen) MODSEQ (610))"
                          << "S: a3 OK [READ-WRITE] SELECT completed"
                          << "C: a4 UID SEARCH UID 8:4294967295"
                          << "S: * SEARCH 9"
                          << "S: a4 OK done" << fetchNew(5, "9", true) << m9.line(3)
                          << "S: a5 OK done");
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    ImapFolderSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache,
                            fixture.folderId);
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(fixture.uids(), QList<quint32>({ 3, 7, 9 }));
    QVERIFY(fixture.message(7)->flags.has(MessageFlags::Flagged));
    QVERIFY(fixture.message(7)->flags.has(MessageFlags::Seen));
    QVERIFY(!fixture.message(3)->flags.has(MessageFlags::Seen));
    QCOMPARE(fixture.message(9)->modSeq, quint64(610));
    QCOMPARE(fixture.folder().highestModSeq, quint64(610));
    QCOMPARE(fixture.folder().uidNext, 10u);
    QCOMPARE(task.stats().removedMessages, 1);
    QCOMPARE(task.stats().flagChanges, 1);
    QCOMPARE(task.stats().newMessages, 1);
}

void TestImapFolderSync::condStoreChangedSinceAndExpunges()
{
    ScriptedMessage m8 { 8, {}, {}, false, 600 };
    ImapDialogue dialogue(loggedIn("CONDSTORE")
                          << "C: a2 SELECT INBOX (CONDSTORE)"
                          << "S: * 3 EXISTS"
                          << "S: * OK [UIDVALIDITY 100] UIDs valid"
                          << "S: * OK [UIDNEXT 9] Predicted next UID"
                          << "S: * OK [HIGHESTMODSEQ 600] Highest"
                          << "S: a2 OK [READ-WRITE] SELECT completed"
                          << "C: a3 UID SEARCH UID 8:4294967295"
                          << "S: * SEARCH 8"
                          << "S: a3 OK done" << fetchNew(4, "8", true) << m8.line(3)
                          << "S: a4 OK done"
                          << "C: a5 UID FETCH 1:7 (UID FLAGS) (CHANGEDSINCE 500)"
                          << "S: * 1 FETCH (UID 3 FLAGS (\\\\Seen) MODSEQ (550))"
                          << "S: a5 OK done"
                          << "C: a6 UID SEARCH ALL"
                          << "S: * SEARCH 3 7 8"
                          << "S: a6 OK done");
    QVERIFY(openAndLogIn(dialogue));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    ImapFolderSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache,
                            fixture.folderId);
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(fixture.uids(), QList<quint32>({ 3, 7, 8 }));
    QVERIFY(fixture.message(3)->flags.has(MessageFlags::Seen));
    QCOMPARE(fixture.folder().highestModSeq, quint64(600));
    QCOMPARE(fixture.folder().uidNext, 9u);
    QCOMPARE(task.stats().removedMessages, 1);
    QCOMPARE(task.stats().flagChanges, 1);
}

void TestImapFolderSync::plainPathFindsExpunges_data()
{
    QTest::addColumn<QByteArray>("capabilities");
    QTest::addColumn<QByteArray>("select");
    QTest::addColumn<QByteArrayList>("search");
    QTest::addColumn<bool>("condStoreAllowed");
    QTest::newRow("SEARCH") << QByteArray("IDLE") << QByteArray("SELECT INBOX")
                            << QByteArrayList { "C: a4 UID SEARCH ALL", "S: * SEARCH 3 7",
                                                "S: a4 OK done" }
                            << true;
    QTest::newRow("ESEARCH") << QByteArray("ESEARCH") << QByteArray("SELECT INBOX")
                             << QByteArrayList { "C: a4 UID SEARCH RETURN (ALL COUNT) ALL",
                                                 "S: * ESEARCH (TAG \"a4\") UID ALL 3,7 COUNT 2",
                                                 "S: a4 OK done" }
                             << true;
    // The account turned CONDSTORE off (a test of the fallback against a server that has
    // it): the server's HIGHESTMODSEQ is not relied on.
    QTest::newRow("CONDSTORE not allowed")
        << QByteArray("CONDSTORE") << QByteArray("SELECT INBOX (CONDSTORE)")
        << QByteArrayList { "C: a4 UID SEARCH ALL", "S: * SEARCH 3 7", "S: a4 OK done" } << false;
}

void TestImapFolderSync::plainPathFindsExpunges()
{
    QFETCH(QByteArray, capabilities);
    QFETCH(QByteArray, select);
    QFETCH(QByteArrayList, search);
    QFETCH(bool, condStoreAllowed);
    ImapDialogue dialogue(loggedIn(capabilities) << "C: a2 " + select << "S: * 2 EXISTS"
                                                 << "S: * OK [UIDVALIDITY 100] UIDs valid"
                                                 << "S: * OK [UIDNEXT 8] Predicted next UID"
                                                 << "S: * OK [HIGHESTMODSEQ 900] Highest"
                                                 << "S: a2 OK [READ-WRITE] SELECT completed"
                                                 << "C: a3 UID FETCH 1:7 (UID FLAGS)"
                                                 << "S: * 1 FETCH (UID 3 FLAGS (\\\\Seen))"
                                                 << "S: * 3 FETCH (UID 7 FLAGS ())"
                                                 << "S: a3 OK done" << search);
    QVERIFY(openAndLogIn(dialogue));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 0);
    QSignalSpy removed(&fixture.cache, &magpie::store::MailCache::messagesRemoved);
    auto account = CacheFixture::account();
    account.useCondstore = condStoreAllowed;
    account.useQresync = condStoreAllowed;
    ImapFolderSyncTask task(account, &dialogue.session, fixture.cache, fixture.folderId);
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(fixture.uids(), QList<quint32>({ 3, 7 }));
    QCOMPARE(removed.size(), 1);
    QVERIFY(fixture.message(3)->flags.has(MessageFlags::Seen));
    QCOMPARE(fixture.message(7)->subject, QStringLiteral("Cached 7")); // left as it was
    QCOMPARE(task.stats().removedMessages, 1);
    QCOMPARE(task.stats().flagChanges, 1);
    QCOMPARE(task.stats().newMessages, 0);
    // Without CONDSTORE in use no mod-sequence is kept, so the next pass is plain again.
    QCOMPARE(fixture.folder().highestModSeq, quint64(0));
}

void TestImapFolderSync::uidValidityChangeResetsTheFolder()
{
    ScriptedMessage m1 { 1, {}, {}, false };
    ScriptedMessage m2 { 2, "\\\\Seen", {}, false };
    ImapDialogue dialogue(loggedIn("IDLE") << "C: a2 SELECT INBOX"
                                           << "S: * 2 EXISTS"
                                           << "S: * OK [UIDVALIDITY 200] UIDs valid"
                                           << "S: * OK [UIDNEXT 3] Predicted next UID"
                                           << "S: a2 OK [READ-WRITE] SELECT completed"
                                           << "C: a3 UID SEARCH UID 1:4294967295"
                                           << "S: * SEARCH 1 2"
                                           << "S: a3 OK done" << fetchNew(4, "1:2") << m1.line(1)
                                           << m2.line(2) << "S: a4 OK done");
    QVERIFY(openAndLogIn(dialogue));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 0);
    QSignalSpy reset(&fixture.cache, &magpie::store::MailCache::folderReset);
    ImapFolderSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache,
                            fixture.folderId);
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(reset.size(), 1);
    QCOMPARE(fixture.uids(), QList<quint32>({ 1, 2 }));
    QCOMPARE(fixture.message(1)->subject, QStringLiteral("Message 1"));
    QCOMPARE(fixture.folder().uidValidity, 200u);
    QCOMPARE(fixture.folder().uidNext, 3u);
}

void TestImapFolderSync::droppedMidBatchThenResumeFetchesOnlyWhatIsMissing()
{
    const ScriptedMessage messages[] = { { 3, {}, {}, false },
                                         { 5, {}, {}, false },
                                         { 7, {}, {}, false },
                                         { 8, {}, {}, false },
                                         { 9, {}, {}, false } };
    const QByteArrayList selected = selectedWithFiveNew();
    CacheFixture fixture;
    {
        // The connection drops inside the second batch, after message 7 arrived.
        ImapDialogue dialogue(loggedIn("IDLE")
                              << selected << fetchNew(4, "8:9") << messages[3].line(4)
                              << messages[4].line(5) << "S: a4 OK done" << fetchNew(5, "5,7")
                              << messages[2].line(3) << "S~ * 2 FETCH (UID 5 FLAGS () INTERN"
                              << "CLOSE");
        QVERIFY(openAndLogIn(dialogue));
        ImapFolderSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache,
                                fixture.folderId);
        task.setBatchSize(2);
        QVERIFY(CacheFixture::run(task));
        MAGPIE_VERIFY_SCRIPT(dialogue.server);
        QVERIFY(task.failed());
        QCOMPARE(task.problem().kind, SyncProblem::Kind::Network);
        QVERIFY(task.problem().willRetry);
        QCOMPARE(fixture.uids(), QList<quint32>({ 7, 8, 9 }));
        // Not saved: the next pass must not believe everything below UIDNEXT is cached.
        QCOMPARE(fixture.folder().uidNext, 0u);
    }
    {
        // The next pass fetches 3 and 5 only, then checks the flags of what it had.
        ImapDialogue dialogue(loggedIn("IDLE")
                              << selected << fetchNew(4, "3,5") << messages[1].line(2)
                              << messages[0].line(1) << "S: a4 OK done"
                              << "C: a5 UID FETCH 1:9 (UID FLAGS)"
                              << "S: * 3 FETCH (UID 7 FLAGS ())"
                              << "S: * 4 FETCH (UID 8 FLAGS ())"
                              << "S: * 5 FETCH (UID 9 FLAGS ())"
                              << "S: a5 OK done"
                              << "C: a6 UID SEARCH ALL"
                              << "S: * SEARCH 3 5 7 8 9"
                              << "S: a6 OK done");
        QVERIFY(openAndLogIn(dialogue));
        ImapFolderSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache,
                                fixture.folderId);
        task.setBatchSize(2);
        QVERIFY(CacheFixture::run(task));
        QVERIFY2(!task.failed(), qPrintable(task.problem().message));
        MAGPIE_VERIFY_SCRIPT(dialogue.server);
        QCOMPARE(fixture.uids(), QList<quint32>({ 3, 5, 7, 8, 9 }));
        QCOMPARE(store::MessageStore(fixture.cache).count(fixture.folderId), 5);
        QCOMPARE(fixture.folder().uidNext, 10u);
        QCOMPARE(task.stats().newMessages, 2);
    }
}

void TestImapFolderSync::unsolicitedVanishedDuringSync()
{
    // RFC 7162 s3.2.10: another client expunges while we fetch; the VANISHED comes untagged
    // between the FETCH responses and the message goes from the cache at once.
    ScriptedMessage m9 { 9, {}, {}, false, 610 };
    ImapDialogue dialogue(qresyncEnabled()
                          << "C: a3 SELECT INBOX (QRESYNC (100 500))"
                          << "S: * 3 EXISTS"
                          << "S: * OK [UIDVALIDITY 100] UIDs valid"
                          << "S: * OK [UIDNEXT 10] Predicted next UID"
                          << "S: * OK [HIGHESTMODSEQ 610] Highest"
                          << "S: a3 OK [READ-WRITE] SELECT completed"
                          << "C: a4 UID SEARCH UID 8:4294967295"
                          << "S: * SEARCH 9"
                          << "S: a4 OK done" << fetchNew(5, "9", true) << m9.line(3)
                          << "S: * VANISHED 3"
                          << "S: * 1 FETCH (UID 5 FLAGS (\\\\Deleted) MODSEQ (620))"
                          << "S: a5 OK done");
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    ImapFolderSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache,
                            fixture.folderId);
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(fixture.uids(), QList<quint32>({ 5, 7, 9 }));
    QVERIFY(fixture.message(5)->flags.has(MessageFlags::Deleted));
}

void TestImapFolderSync::newsAboutBatchesNotYetStored()
{
    // More than one batch: SummaryWriter stores them on its thread while the next is read.
    // News from the server about messages of batches not stored yet must still apply, after
    // them: a VANISHED for one (RFC 7162 s3.2.10) removes it, a flag change of another that
    // arrives inside the next batch's FETCH (RFC 3501 s7.4.2) is kept.
    const ScriptedMessage m6 { 6, {}, {}, false, 606 };
    const ScriptedMessage m7 { 7, {}, {}, false, 607 };
    const ScriptedMessage m8 { 8, {}, {}, false, 608 };
    const ScriptedMessage m9 { 9, {}, {}, false, 609 };
    ImapDialogue dialogue(qresyncEnabled()
                          << "C: a3 SELECT INBOX (QRESYNC (100 500))"
                          << "S: * 5 EXISTS"
                          << "S: * OK [UIDVALIDITY 100] UIDs valid"
                          << "S: * OK [UIDNEXT 10] Predicted next UID"
                          << "S: * OK [HIGHESTMODSEQ 640] Highest"
                          << "S: a3 OK [READ-WRITE] SELECT completed"
                          << "C: a4 UID SEARCH UID 4:4294967295"
                          << "S: * SEARCH 6 7 8 9"
                          << "S: a4 OK done"
                          // (the client sends both FETCHes at once; the script reads
                          // the second after answering the first)
                          << fetchNew(5, "8:9", true)
                          << m8.line(4) << m9.line(5)
                          << "S: * VANISHED 9"
                          << "S: a5 OK done"
                          << fetchNew(6, "6:7", true)
                          << m6.line(2)
                          << "S: * 3 FETCH (UID 8 FLAGS (\\Flagged) MODSEQ (630))"
                          << m7.line(3)
                          << "S: a6 OK done");
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3 }, 100, 4, 500);
    QSignalSpy added(&fixture.cache, &magpie::store::MailCache::messagesAdded);
    ImapFolderSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache,
                            fixture.folderId);
    task.setBatchSize(2);
    QVERIFY(CacheFixture::run(task));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(fixture.uids(), QList<quint32>({ 3, 6, 7, 8 }));
    QVERIFY(fixture.message(8)->flags.has(MessageFlags::Flagged));
    QCOMPARE(task.stats().newMessages, 4);
    // Announced on this thread through the cache the models watch, newest batch first.
    QCOMPARE(added.size(), 2);
    QCOMPARE(added.first().at(1).value<QList<qint64>>().size(), 2);
    QCOMPARE(fixture.folder().uidNext, 10u);
    QCOMPARE(fixture.folder().highestModSeq, 640u);
}

void TestImapFolderSync::failedBatchWriteStopsThePass()
{
    // The second batch cannot be written (a trigger stands in for a full disk): the pass
    // fails with the cache's error, keeps the first batch, never writes the third out of
    // order, and saves no UIDNEXT, so the next pass fetches what is missing.
    const QList<ScriptedMessage> messages { { 3, {}, {}, false },
                                            { 5, {}, {}, false },
                                            { 7, {}, {}, false },
                                            { 8, {}, {}, false },
                                            { 9, {}, {}, false } };
    ImapDialogue dialogue(loggedIn("IDLE") << selectedWithFiveNew()
                          << fetchNew(4, "8:9")
                          << messages[3].line(4) << messages[4].line(5) << "S: a4 OK done"
                          << fetchNew(5, "5,7")
                          << messages[1].line(2) << messages[2].line(3) << "S: a5 OK done"
                          << fetchNew(6, "3") << messages[0].line(1) << "S: a6 OK done");
    QVERIFY(openAndLogIn(dialogue));
    CacheFixture fixture;
    QSqlQuery trigger(fixture.cache.connection());
    QVERIFY2(trigger.exec(QStringLiteral(
                 "CREATE TRIGGER refuse_seven BEFORE INSERT ON messages WHEN NEW.uid = 7"
                 " BEGIN SELECT RAISE(ABORT, 'no room for message 7'); END")),
             qPrintable(trigger.lastError().text()));
    ImapFolderSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache,
                            fixture.folderId);
    task.setBatchSize(2);
    QVERIFY(CacheFixture::run(task));
    QVERIFY(task.failed());
    QCOMPARE(task.problem().kind, SyncProblem::Kind::Store);
    QVERIFY2(task.problem().message.contains(QStringLiteral("no room for message 7")),
             qPrintable(task.problem().message));
    QCOMPARE(fixture.uids(), QList<quint32>({ 8, 9 }));
    QCOMPARE(fixture.folder().uidNext, 0u);
}

QTEST_GUILESS_MAIN(TestImapFolderSync)
#include "tst_imapfoldersync.moc"
