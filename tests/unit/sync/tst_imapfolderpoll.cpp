// SPDX-License-Identifier: GPL-3.0-or-later
// The resync of a folder that is still selected (ImapFolderSyncTask's NOOP path) against
// scripted servers, byte-exact: after a CONDSTORE/QRESYNC pass left the folder selected and
// in step, the next pass is one NOOP (RFC 3501 s6.1.2) and no SELECT; a NOOP that hears of a
// change (flags, VANISHED, new mail) falls back to the QRESYNC SELECT, which brings it in; a
// change reported between passes to someone else's command, new mail announced during a
// pass, or a session without CONDSTORE/QRESYNC means a full SELECT.
#include "ImapDialogue.h"
#include "ImapLoginScripts.h"
#include "ImapSyncFixture.h"

#include "net/imap/EnableJob.h"
#include "net/imap/NoopJob.h"
#include "net/imap/SelectJob.h"
#include "sync/ImapAccountSyncTask.h"
#include "sync/ImapFolderSyncTask.h"

#include <QTest>

using magpie::imap::EnableJob;
using magpie::store::MessageFlags;
using magpie::sync::ImapFolderSyncTask;
using magpie::test::CacheFixture;
using magpie::test::ImapDialogue;
using magpie::test::loggedIn;
using magpie::test::openAndLogIn;
using magpie::test::qresyncEnabled;

namespace {

// The QRESYNC SELECT of the cached state (UIDVALIDITY 100, HIGHESTMODSEQ `known`) answered
// with UIDNEXT 8 and HIGHESTMODSEQ `highest`, `extra` before the tagged OK.
QByteArrayList qresyncSelect(int tag, quint64 known, quint64 highest,
                             const QByteArrayList &extra = {})
{
    const QByteArray t = 'a' + QByteArray::number(tag);
    return QByteArrayList { "C: " + t + " SELECT INBOX (QRESYNC (100 " + QByteArray::number(known)
                                + "))",
                            "S: * 3 EXISTS", "S: * OK [UIDVALIDITY 100] UIDs valid",
                            "S: * OK [UIDNEXT 8] Predicted next UID",
                            "S: * OK [HIGHESTMODSEQ " + QByteArray::number(highest) + "] Highest" }
        + extra + QByteArrayList { "S: " + t + " OK [READ-WRITE] SELECT completed" };
}

QByteArrayList noop(int tag, const QByteArrayList &reported = {})
{
    const QByteArray t = 'a' + QByteArray::number(tag);
    return QByteArrayList { "C: " + t + " NOOP" } + reported
        + QByteArrayList { "S: " + t + " OK NOOP completed" };
}

// One pass of the folder's sync; true when it finished without a problem.
bool pass(ImapDialogue &dialogue, CacheFixture &fixture,
          magpie::sync::ImapSyncStats *stats = nullptr,
          const magpie::sync::AccountConfig &account = CacheFixture::account())
{
    ImapFolderSyncTask task(account, &dialogue.session, fixture.cache, fixture.folderId);
    if (!CacheFixture::run(task) || task.failed()) {
        qWarning("%s", qPrintable(task.problem().message));
        return false;
    }
    if (stats)
        *stats = task.stats();
    return true;
}

} // namespace

class TestImapFolderPoll : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void inStepFolderIsPolledWithNoop();
    void noopHearingAChangeSelects_data();
    void noopHearingAChangeSelects();
    void changeHeardBetweenPassesSelects();
    void bodyFetchBetweenPassesKeepsTheShortcut();
    void newMailDuringAPassSelectsNextTime();
    void withoutCondstoreEveryPassSelects();
    void anotherFolderSelectedMeanwhileSelects();
};

void TestImapFolderPoll::inStepFolderIsPolledWithNoop()
{
    ImapDialogue dialogue(qresyncEnabled() + qresyncSelect(3, 500, 500) + noop(4) + noop(5));
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    QVERIFY(pass(dialogue, fixture)); // SELECT: it brings the folder in step
    QVERIFY(!dialogue.session.inStepMark().isEmpty());
    QSignalSpy changed(&fixture.cache, &magpie::store::MailCache::messagesChanged);
    QSignalSpy folders(&fixture.cache, &magpie::store::MailCache::foldersChanged);
    magpie::sync::ImapSyncStats stats;
    QVERIFY(pass(dialogue, fixture, &stats)); // NOOP only
    QVERIFY(pass(dialogue, fixture, &stats)); // and again
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QTest::qWait(50);
    QVERIFY(dialogue.server.clientBytes().endsWith("a4 NOOP\r\na5 NOOP\r\n"));
    QCOMPARE(fixture.uids(), QList<quint32>({ 3, 5, 7 }));
    QCOMPARE(changed.size(), 0);
    QCOMPARE(folders.size(), 0);
    QCOMPARE(stats.newMessages, 0);
    QCOMPARE(stats.removedMessages, 0);
    QCOMPARE(stats.flagChanges, 0);
}

void TestImapFolderPoll::noopHearingAChangeSelects_data()
{
    QTest::addColumn<QByteArrayList>("reported");  // during the NOOP
    QTest::addColumn<QByteArrayList>("reselect");  // the SELECT's answer from the old modseq
    QTest::addColumn<QList<quint32>>("uids");
    QTest::addColumn<bool>("fiveSeen");

    QTest::newRow("flag change") << QByteArrayList { "S: * 2 FETCH (UID 5 FLAGS (\\\\Seen) MODSEQ (501))" }
                                 << QByteArrayList { "S: * 2 FETCH (UID 5 FLAGS (\\\\Seen) MODSEQ (501))" }
                                 << QList<quint32> { 3, 5, 7 } << true;
    QTest::newRow("expunge") << QByteArrayList { "S: * VANISHED 3" }
                             << QByteArrayList { "S: * VANISHED (EARLIER) 3" }
                             << QList<quint32> { 5, 7 } << false;
    // A FETCH with FLAGS but neither UID nor MODSEQ is a change all the same.
    QTest::newRow("FETCH without MODSEQ") << QByteArrayList { "S: * 2 FETCH (FLAGS (\\\\Seen))" }
                                          << QByteArrayList { "S: * 2 FETCH (UID 5 FLAGS (\\\\Seen) MODSEQ (501))" }
                                          << QList<quint32> { 3, 5, 7 } << true;
}

void TestImapFolderPoll::noopHearingAChangeSelects()
{
    QFETCH(QByteArrayList, reported);
    QFETCH(QByteArrayList, reselect);
    QFETCH(QList<quint32>, uids);
    QFETCH(bool, fiveSeen);
    ImapDialogue dialogue(qresyncEnabled() + qresyncSelect(3, 500, 500) + noop(4, reported)
                          + qresyncSelect(5, 500, 501, reselect) + noop(6));
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    QVERIFY(pass(dialogue, fixture));
    QVERIFY(pass(dialogue, fixture)); // NOOP hears of the change, SELECT brings it in
    QCOMPARE(fixture.uids(), uids);
    QCOMPARE(fixture.message(5)->flags.has(MessageFlags::Seen), fiveSeen);
    QCOMPARE(fixture.folder().highestModSeq, quint64(501));
    QVERIFY(pass(dialogue, fixture)); // in step again: NOOP
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapFolderPoll::changeHeardBetweenPassesSelects()
{
    // The change comes with another command between two passes (here a NOOP of the idle
    // connection): whoever heard it, the next pass may not assume it is applied.
    ImapDialogue dialogue(qresyncEnabled() + qresyncSelect(3, 500, 500)
                          + noop(4, { "S: * 4 EXISTS" }) + qresyncSelect(5, 500, 500));
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    QVERIFY(pass(dialogue, fixture));
    QVERIFY(dialogue.run(dialogue.make<magpie::imap::NoopJob>()));
    QVERIFY(dialogue.session.inStepMark().isEmpty());
    QVERIFY(pass(dialogue, fixture));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapFolderPoll::bodyFetchBetweenPassesKeepsTheShortcut()
{
    // Reading a body (BodyFetchTask's UID FETCH BODY.PEEK[]) changes nothing in the folder.
    ImapDialogue dialogue(qresyncEnabled() + qresyncSelect(3, 500, 500)
                          + noop(4, { "S: * 2 FETCH (UID 5 BODY[] {5}", "S: hello)" }) + noop(5));
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    QVERIFY(pass(dialogue, fixture));
    QVERIFY(dialogue.run(dialogue.make<magpie::imap::NoopJob>()));
    QVERIFY(!dialogue.session.inStepMark().isEmpty());
    QVERIFY(pass(dialogue, fixture));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapFolderPoll::newMailDuringAPassSelectsNextTime()
{
    // CONDSTORE only, HIGHESTMODSEQ unchanged: the pass checks expunges with UID SEARCH ALL,
    // and the server announces new mail meanwhile. That message is above the UIDNEXT the pass
    // saves, so the next pass must SELECT to find it, not NOOP.
    const QByteArrayList select { "C: a2 SELECT INBOX (CONDSTORE)", "S: * 3 EXISTS",
                                  "S: * OK [UIDVALIDITY 100] UIDs valid",
                                  "S: * OK [UIDNEXT 8] Predicted next UID",
                                  "S: * OK [HIGHESTMODSEQ 500] Highest",
                                  "S: a2 OK [READ-WRITE] SELECT completed" };
    ImapDialogue dialogue(loggedIn("CONDSTORE") + select
                          << "C: a3 UID SEARCH ALL"
                          << "S: * SEARCH 3 5 7"
                          << "S: * 4 EXISTS"
                          << "S: a3 OK done"
                          << "C: a4 SELECT INBOX (CONDSTORE)");
    QVERIFY(openAndLogIn(dialogue, false));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    QVERIFY(pass(dialogue, fixture));
    QVERIFY(dialogue.session.inStepMark().isEmpty());
    ImapFolderSyncTask next(CacheFixture::account(), &dialogue.session, fixture.cache,
                            fixture.folderId);
    next.start();
    MAGPIE_VERIFY_SCRIPT(dialogue.server); // the SELECT was sent
}

void TestImapFolderPoll::withoutCondstoreEveryPassSelects()
{
    // Without mod-sequences a pass cannot be sure it applied every flag change it was told
    // of (RFC 3501 s5.2 makes unasked flag updates a SHOULD): every pass is a full one.
    const auto plainPass = [](int tag) {
        const QByteArray s = 'a' + QByteArray::number(tag);
        const QByteArray f = 'a' + QByteArray::number(tag + 1);
        const QByteArray a = 'a' + QByteArray::number(tag + 2);
        return QByteArrayList { "C: " + s + " SELECT INBOX", "S: * 3 EXISTS",
                                "S: * OK [UIDVALIDITY 100] UIDs valid",
                                "S: * OK [UIDNEXT 8] Predicted next UID",
                                "S: " + s + " OK [READ-WRITE] SELECT completed",
                                "C: " + f + " UID FETCH 1:7 (UID FLAGS)",
                                "S: " + f + " OK done",
                                "C: " + a + " UID SEARCH ALL", "S: * SEARCH 3 5 7",
                                "S: " + a + " OK done" };
    };
    ImapDialogue dialogue(loggedIn("IDLE") + plainPass(2) + plainPass(5));
    QVERIFY(openAndLogIn(dialogue, false));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 0);
    QVERIFY(pass(dialogue, fixture));
    QVERIFY(dialogue.session.inStepMark().isEmpty());
    QVERIFY(pass(dialogue, fixture));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapFolderPoll::anotherFolderSelectedMeanwhileSelects()
{
    ImapDialogue dialogue(qresyncEnabled() + qresyncSelect(3, 500, 500)
                          << "C: a4 SELECT Archive"
                          << "S: * 0 EXISTS"
                          << "S: * OK [UIDVALIDITY 7] UIDs valid"
                          << "S: a4 OK [READ-WRITE] SELECT completed"
                          << "C: a5 SELECT INBOX (QRESYNC (100 500))");
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    QVERIFY(pass(dialogue, fixture));
    QVERIFY(dialogue.run(dialogue.make<magpie::imap::SelectJob>(QStringLiteral("Archive"))));
    QVERIFY(dialogue.session.inStepMark().isEmpty());
    ImapFolderSyncTask next(CacheFixture::account(), &dialogue.session, fixture.cache,
                            fixture.folderId);
    next.start();
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    // Selecting INBOX again (even before its answer) leaves no mark behind.
    QVERIFY(dialogue.session.inStepMark().isEmpty());
}

QTEST_GUILESS_MAIN(TestImapFolderPoll)
#include "tst_imapfolderpoll.moc"
