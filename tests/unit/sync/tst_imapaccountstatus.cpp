// SPDX-License-Identifier: GPL-3.0-or-later
// ImapAccountSyncTask's periodic pass against a scripted server, byte-exact: once a pass has
// run on the connection, the LIST asks for every folder's STATUS (LIST-STATUS, RFC 5819);
// a folder whose STATUS equals the cache is not SELECTed at all, the folder still selected
// and in step gets a NOOP, a folder whose STATUS differs is SELECTed, and a pass that
// SELECTed other folders ends on INBOX again; without CONDSTORE in use, or on the
// connection's first pass, the LIST asks for no STATUS.
#include "ImapDialogue.h"
#include "ImapLoginScripts.h"
#include "ImapSyncFixture.h"

#include "sync/ImapAccountSyncTask.h"

#include <QTest>

using magpie::store::MessageFlags;
using magpie::sync::ImapAccountSyncTask;
using magpie::test::CacheFixture;
using magpie::test::ImapDialogue;
using magpie::test::openAndLogIn;
using magpie::test::qresyncEnabled;

namespace {

const QByteArray kCapabilities = "ENABLE CONDSTORE QRESYNC LIST-EXTENDED LIST-STATUS CHILDREN";

QByteArray tag(int n)
{
    return 'a' + QByteArray::number(n);
}

// LIST of INBOX and Archive, with their STATUS when `inbox`/`archive` are given
// ("MESSAGES 3 UIDNEXT 8 UIDVALIDITY 100 HIGHESTMODSEQ 500").
QByteArrayList list(int n, const QByteArray &inbox = {}, const QByteArray &archive = {})
{
    const bool status = !inbox.isEmpty();
    QByteArrayList lines { "C: " + tag(n) + " LIST \"\" * RETURN (CHILDREN"
                           + (status ? QByteArray(" STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ))")
                                     : QByteArray(")")),
                           "S: * LIST (\\\\HasNoChildren) \"/\" INBOX" };
    if (status)
        lines << "S: * STATUS INBOX (" + inbox + ')';
    lines << "S: * LIST (\\\\HasNoChildren) \"/\" Archive";
    if (status)
        lines << "S: * STATUS Archive (" + archive + ')';
    lines << "S: " + tag(n) + " OK LIST completed";
    return lines;
}

QByteArrayList select(int n, const QByteArray &name, quint32 uidValidity, quint64 known,
                      quint32 exists, quint32 uidNext, quint64 highest,
                      const QByteArrayList &extra = {})
{
    const QByteArray qresync = known > 0 ? " (QRESYNC (" + QByteArray::number(uidValidity) + ' '
            + QByteArray::number(known) + "))"
                                         : QByteArray();
    return QByteArrayList { "C: " + tag(n) + " SELECT " + name + qresync,
                            "S: * " + QByteArray::number(exists) + " EXISTS",
                            "S: * OK [UIDVALIDITY " + QByteArray::number(uidValidity) + "] ok",
                            "S: * OK [UIDNEXT " + QByteArray::number(uidNext) + "] ok",
                            "S: * OK [HIGHESTMODSEQ " + QByteArray::number(highest) + "] ok" }
        + extra + QByteArrayList { "S: " + tag(n) + " OK [READ-WRITE] SELECT completed" };
}

const QByteArray kInboxSame = "MESSAGES 3 UIDNEXT 8 UIDVALIDITY 100 HIGHESTMODSEQ 500";
const QByteArray kArchiveSame = "MESSAGES 0 UIDNEXT 1 UIDVALIDITY 7 HIGHESTMODSEQ 1";

bool pass(ImapDialogue &dialogue, CacheFixture &fixture,
          const magpie::sync::AccountConfig &account = CacheFixture::account())
{
    ImapAccountSyncTask task(account, &dialogue.session, fixture.cache);
    task.setPrefetch(false);
    if (!CacheFixture::run(task) || task.failed()) {
        qWarning("%s", qPrintable(task.problem().message));
        return false;
    }
    return true;
}

} // namespace

class TestImapAccountStatus : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void unchangedAccountIsOneListAndOneNoop();
    void changedStatusSelects();
    void expungeSeenByMessagesCount();
    void noStatusWithoutModSeqs();
};

void TestImapAccountStatus::unchangedAccountIsOneListAndOneNoop()
{
    // Pass 1 (the connection's first): plain LIST, both folders SELECTed, then INBOX again so
    // that it is the one left selected. Pass 2: LIST-STATUS; INBOX selected and in step ->
    // NOOP; Archive unchanged -> no command. Pass 3: the same.
    ImapDialogue dialogue(qresyncEnabled(kCapabilities) + list(3) + select(4, "INBOX", 100, 500, 3, 8, 500)
                          + select(5, "Archive", 7, 0, 0, 1, 1) + select(6, "INBOX", 100, 500, 3, 8, 500)
                          + list(7, kInboxSame, kArchiveSame)
                          + QByteArrayList { "C: a8 NOOP", "S: a8 OK done" }
                          + list(9, kInboxSame, kArchiveSame)
                          + QByteArrayList { "C: a10 NOOP", "S: a10 OK done" });
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    QVERIFY(pass(dialogue, fixture));
    QVERIFY(pass(dialogue, fixture));
    QVERIFY(pass(dialogue, fixture));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QTest::qWait(50);
    QVERIFY(dialogue.server.clientBytes().endsWith("a10 NOOP\r\n"));
    QCOMPARE(dialogue.session.selectedMailbox(), QStringLiteral("INBOX"));
    QCOMPARE(fixture.uids(), QList<quint32>({ 3, 5, 7 }));
}

void TestImapAccountStatus::changedStatusSelects()
{
    // Pass 2: INBOX's HIGHESTMODSEQ moved (another client set \Seen on UID 5): the LIST
    // shows it, so INBOX, though selected and in step, is SELECTed with QRESYNC, which brings
    // the change in; Archive's STATUS equals the cache: nothing is sent for it. Pass 3: NOOP.
    const QByteArray inboxMoved = "MESSAGES 3 UIDNEXT 8 UIDVALIDITY 100 HIGHESTMODSEQ 501";
    ImapDialogue dialogue(qresyncEnabled(kCapabilities) + list(3) + select(4, "INBOX", 100, 500, 3, 8, 500)
                          + select(5, "Archive", 7, 0, 0, 1, 1) + select(6, "INBOX", 100, 500, 3, 8, 500)
                          + list(7, inboxMoved, kArchiveSame)
                          + select(8, "INBOX", 100, 500, 3, 8, 501,
                                   { "S: * 2 FETCH (UID 5 FLAGS (\\\\Seen) MODSEQ (501))" })
                          + list(9, inboxMoved, kArchiveSame)
                          + QByteArrayList { "C: a10 NOOP", "S: a10 OK done" });
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    QVERIFY(pass(dialogue, fixture));
    QVERIFY(pass(dialogue, fixture));
    QVERIFY(fixture.message(5)->flags.has(MessageFlags::Seen));
    QCOMPARE(fixture.folder().highestModSeq, quint64(501));
    QVERIFY(pass(dialogue, fixture));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapAccountStatus::expungeSeenByMessagesCount()
{
    // UIDNEXT and HIGHESTMODSEQ as cached but one message fewer: something was expunged (a
    // server that gives expunges no mod-sequence would show nothing else), so INBOX is
    // SELECTed and the expunge found.
    ImapDialogue dialogue(qresyncEnabled(kCapabilities) + list(3) + select(4, "INBOX", 100, 500, 3, 8, 500)
                          + select(5, "Archive", 7, 0, 0, 1, 1) + select(6, "INBOX", 100, 500, 3, 8, 500)
                          + list(7, "MESSAGES 2 UIDNEXT 8 UIDVALIDITY 100 HIGHESTMODSEQ 500",
                                 kArchiveSame)
                          + select(8, "INBOX", 100, 500, 2, 8, 500,
                                   { "S: * VANISHED (EARLIER) 5" }));
    QVERIFY(openAndLogIn(dialogue, true));
    CacheFixture fixture;
    fixture.seed({ 3, 5, 7 }, 100, 8, 500);
    QVERIFY(pass(dialogue, fixture));
    QVERIFY(pass(dialogue, fixture));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(fixture.uids(), QList<quint32>({ 3, 7 }));
}

void TestImapAccountStatus::noStatusWithoutModSeqs()
{
    // Without CONDSTORE a STATUS cannot show flag changes: no STATUS is asked for, and every
    // pass SELECTs.
    const QByteArray caps = "LIST-EXTENDED LIST-STATUS CHILDREN";
    const auto emptySelect = [](int n) {
        return QByteArrayList { "C: " + tag(n) + " SELECT Archive", "S: * 0 EXISTS",
                                "S: * OK [UIDVALIDITY 7] ok", "S: * OK [UIDNEXT 1] ok",
                                "S: " + tag(n) + " OK [READ-WRITE] SELECT completed" };
    };
    const auto plainList = [](int n) {
        return QByteArrayList { "C: " + tag(n) + " LIST \"\" * RETURN (CHILDREN)",
                                "S: * LIST (\\\\HasNoChildren) \"/\" INBOX",
                                "S: * LIST (\\\\HasNoChildren) \"/\" Archive",
                                "S: " + tag(n) + " OK LIST completed" };
    };
    ImapDialogue dialogue(QByteArrayList { "S: * OK [CAPABILITY IMAP4rev1 " + caps + "] ready",
                                           "C: a1 LOGIN alice secret",
                                           "S: a1 OK [CAPABILITY IMAP4rev1 " + caps + "] Logged in" }
                          + plainList(2) + emptySelect(3) + plainList(4) + emptySelect(5));
    QVERIFY(dialogue.open() && dialogue.login());
    CacheFixture fixture;
    for (int i = 0; i < 2; ++i) {
        ImapAccountSyncTask task(CacheFixture::account(), &dialogue.session, fixture.cache);
        task.setPrefetch(false);
        task.setOnlyFolder(QStringLiteral("Archive"));
        QVERIFY(CacheFixture::run(task));
        QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    }
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

QTEST_GUILESS_MAIN(TestImapAccountStatus)
#include "tst_imapaccountstatus.moc"
