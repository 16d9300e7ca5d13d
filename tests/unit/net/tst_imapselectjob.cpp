// SPDX-License-Identifier: GPL-3.0-or-later
// SelectJob against scripted servers, byte-exact: SELECT and EXAMINE, the CONDSTORE and
// QRESYNC parameters (RFC 7162 s3.1.8, s3.2.5) with VANISHED (EARLIER) and FETCH, failures.
#include "ImapDialogue.h"

#include "net/imap/EnableJob.h"
#include "net/imap/SelectJob.h"

#include <QTest>

using magpie::imap::EnableJob;
using magpie::imap::ImapSession;
using magpie::imap::SelectJob;
using magpie::imap::UidSet;
using magpie::net::NetError;
using magpie::test::ImapDialogue;

namespace {

QByteArrayList loggedIn(const QByteArray &capabilities)
{
    return { "S: * OK [CAPABILITY IMAP4rev1 " + capabilities + "] ready",
             "C: a1 LOGIN alice secret",
             "S: a1 OK [CAPABILITY IMAP4rev1 " + capabilities + "] Logged in" };
}

} // namespace

class TestImapSelectJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void selectReadsWhatTheServerSays();
    void condStoreParameterWhenOffered();
    void noModSeq();
    void qresyncGivesVanishedAndChanges();
    void qresyncWithoutKnownStateIsPlain();
    void examineIsReadOnly();
    void readOnlyCodeInSelect();
    void failedSelectLeavesNothingSelected();
    void mailboxNameInModifiedUtf7();
};

void TestImapSelectJob::selectReadsWhatTheServerSays()
{
    ImapDialogue dialogue(loggedIn("IDLE")
                          << "C: a2 SELECT INBOX"
                          << "S: * 172 EXISTS"
                          << "S: * 1 RECENT"
                          << "S: * OK [UNSEEN 12] Message 12 is first unseen"
                          << "S: * OK [UIDVALIDITY 3857529045] UIDs valid"
                          << "S: * OK [UIDNEXT 4392] Predicted next UID"
                          << "S: * FLAGS (\\\\Answered \\\\Flagged \\\\Deleted \\\\Seen \\\\Draft)"
                          << "S: * OK [PERMANENTFLAGS (\\\\Deleted \\\\Seen \\\\*)] Limited"
                          << "S: a2 OK [READ-WRITE] SELECT completed");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *select = dialogue.make<SelectJob>(QStringLiteral("INBOX"));
    QVERIFY2(dialogue.run(select), qPrintable(select->errorString()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    const auto &mailbox = select->mailbox();
    QCOMPARE(mailbox.exists, 172u);
    QCOMPARE(mailbox.recent, 1u);
    QCOMPARE(mailbox.uidValidity, 3857529045u);
    QCOMPARE(mailbox.uidNext, 4392u);
    QCOMPARE(mailbox.flags,
             QByteArrayList({ "\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft" }));
    QCOMPARE(mailbox.permanentFlags, QByteArrayList({ "\\Deleted", "\\Seen", "\\*" }));
    QVERIFY(!mailbox.highestModSeq);
    QVERIFY(!mailbox.readOnly);
    QCOMPARE(dialogue.session.state(), ImapSession::State::Selected);
    QCOMPARE(dialogue.session.selectedMailbox(), QStringLiteral("INBOX"));
    QVERIFY(!dialogue.session.isReadOnly());
}

void TestImapSelectJob::condStoreParameterWhenOffered()
{
    ImapDialogue dialogue(loggedIn("CONDSTORE") << "C: a2 SELECT INBOX (CONDSTORE)"
                                                << "S: * 3 EXISTS"
                                                << "S: * OK [UIDVALIDITY 7] UIDs valid"
                                                << "S: * OK [HIGHESTMODSEQ 715194045007] Highest"
                                                << "S: a2 OK [READ-WRITE] done");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *select = dialogue.make<SelectJob>(QStringLiteral("inbox"));
    QVERIFY(dialogue.run(select));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(select->mailbox().highestModSeq, quint64(715194045007));
    QVERIFY(!select->mailbox().noModSeq);
}

void TestImapSelectJob::noModSeq()
{
    ImapDialogue dialogue(loggedIn("CONDSTORE") << "C: a2 SELECT Shared (CONDSTORE)"
                                                << "S: * 3 EXISTS"
                                                << "S: * OK [NOMODSEQ] No permanent mod-sequences"
                                                << "S: a2 OK [READ-WRITE] done");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *select = dialogue.make<SelectJob>(QStringLiteral("Shared"));
    QVERIFY(dialogue.run(select));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(select->mailbox().noModSeq);
    QVERIFY(!select->mailbox().highestModSeq);
}

void TestImapSelectJob::qresyncGivesVanishedAndChanges()
{
    // The example of RFC 7162 s3.2.5.1, shortened.
    ImapDialogue dialogue(
        loggedIn("CONDSTORE QRESYNC ENABLE")
        << "C: a2 ENABLE QRESYNC"
        << "S: * ENABLED QRESYNC"
        << "S: a2 OK Enabled"
        << "C: a3 SELECT INBOX (QRESYNC (67890007 20050715194045000 41,43:211,214:541))"
        << "S: * OK [CLOSED]"
        << "S: * 100 EXISTS"
        << "S: * 11 RECENT"
        << "S: * OK [UIDVALIDITY 67890007] Ok"
        << "S: * OK [UIDNEXT 600] Ok"
        << "S: * OK [HIGHESTMODSEQ 20050715194045001] Ok"
        << "S: * VANISHED (EARLIER) 41,43:116,118,120:211,214:540"
        << "S: * 49 FETCH (UID 117 FLAGS (\\\\Seen \\\\Answered) MODSEQ (90060115194045001))"
        << "S: * 50 FETCH (UID 119 FLAGS (\\\\Draft $MDNSent) MODSEQ (90060115194045308))"
        << "S: a3 OK [READ-WRITE] mailbox selected");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *enable = dialogue.make<EnableJob>(QByteArrayList { "QRESYNC", "UTF8=ACCEPT" });
    QVERIFY(dialogue.run(enable));
    QCOMPARE(enable->enabled(), QByteArrayList({ "QRESYNC" }));
    QVERIFY(dialogue.session.isEnabled("qresync"));
    auto *select = dialogue.make<SelectJob>(QStringLiteral("INBOX"));
    select->setQResync(67890007, 20050715194045000ull, *UidSet::parse("41,43:211,214:541"));
    QVERIFY2(dialogue.run(select), qPrintable(select->errorString()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    const auto &mailbox = select->mailbox();
    QCOMPARE(mailbox.vanished.toImap(), QByteArray("41,43:116,118,120:211,214:540"));
    QCOMPARE(mailbox.changed.size(), 2);
    QCOMPARE(mailbox.changed[0].uid, 117u);
    QCOMPARE(mailbox.changed[0].flags, QByteArrayList({ "\\Seen", "\\Answered" }));
    QCOMPARE(mailbox.changed[1].uid, 119u);
    QCOMPARE(mailbox.highestModSeq, quint64(20050715194045001ull));
    QCOMPARE(mailbox.exists, 100u);
    // The session announces what changed too; the FETCHes were the job's and are not repeated.
    QCOMPARE(dialogue.events,
             QByteArrayList({ "EXISTS 100", "VANISHED (EARLIER) 41,43:116,118,120:211,214:540" }));
}

void TestImapSelectJob::qresyncWithoutKnownStateIsPlain()
{
    ImapDialogue dialogue(loggedIn("CONDSTORE QRESYNC ENABLE") << "C: a2 ENABLE QRESYNC"
                                                               << "S: * ENABLED QRESYNC"
                                                               << "S: a2 OK"
                                                               << "C: a3 SELECT INBOX"
                                                               << "S: * 0 EXISTS"
                                                               << "S: a3 OK [READ-WRITE] done");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    QVERIFY(dialogue.run(dialogue.make<EnableJob>(QByteArrayList { "QRESYNC" })));
    QVERIFY(dialogue.run(dialogue.make<SelectJob>(QStringLiteral("INBOX"))));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapSelectJob::examineIsReadOnly()
{
    ImapDialogue dialogue(loggedIn("IDLE")
                          << "C: a2 EXAMINE Archive"
                          << "S: * 17 EXISTS"
                          << "S: * OK [UIDVALIDITY 3857529045] UIDs valid"
                          << "S: * OK [PERMANENTFLAGS ()] No permanent flags permitted"
                          << "S: a2 OK [READ-ONLY] EXAMINE completed");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *examine = dialogue.make<SelectJob>(QStringLiteral("Archive"));
    examine->setReadOnly(true);
    QVERIFY(dialogue.run(examine));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(examine->mailbox().readOnly);
    QVERIFY(examine->mailbox().permanentFlags.isEmpty());
    QVERIFY(dialogue.session.isReadOnly());
    QCOMPARE(dialogue.session.selectedMailbox(), QStringLiteral("Archive"));
}

void TestImapSelectJob::readOnlyCodeInSelect()
{
    ImapDialogue dialogue(loggedIn("IDLE") << "C: a2 SELECT Shared"
                                           << "S: * 2 EXISTS"
                                           << "S: a2 OK [READ-ONLY] no write access for you");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *select = dialogue.make<SelectJob>(QStringLiteral("Shared"));
    QVERIFY(dialogue.run(select));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(select->mailbox().readOnly);
    QVERIFY(dialogue.session.isReadOnly());
}

void TestImapSelectJob::failedSelectLeavesNothingSelected()
{
    ImapDialogue dialogue(loggedIn("IDLE") << "C: a2 SELECT INBOX"
                                           << "S: * 1 EXISTS"
                                           << "S: a2 OK [READ-WRITE] ok"
                                           << "C: a3 SELECT Gone"
                                           << "S: a3 NO [NONEXISTENT] Unknown Mailbox: Gone");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    QVERIFY(dialogue.run(dialogue.make<SelectJob>(QStringLiteral("INBOX"))));
    auto *select = dialogue.make<SelectJob>(QStringLiteral("Gone"));
    QVERIFY(!dialogue.run(select));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(select->error().code, NetError::Code::CommandRejected);
    QCOMPARE(select->errorString(),
             QStringLiteral("Opening Gone failed: the server answered "
                            "“[NONEXISTENT] Unknown Mailbox: Gone”."));
    // RFC 3501 s6.3.1: the failed SELECT closed INBOX too.
    QCOMPARE(dialogue.session.state(), ImapSession::State::Authenticated);
    QVERIFY(dialogue.session.selectedMailbox().isEmpty());
}

void TestImapSelectJob::mailboxNameInModifiedUtf7()
{
    ImapDialogue dialogue(loggedIn("IDLE") << "C: a2 SELECT Entw&APw-rfe"
                                           << "S: * 0 EXISTS"
                                           << "S: a2 OK [READ-WRITE] ok");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    QVERIFY(dialogue.run(dialogue.make<SelectJob>(QStringLiteral("Entwürfe"))));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(dialogue.session.selectedMailbox(), QStringLiteral("Entwürfe"));
}

QTEST_GUILESS_MAIN(TestImapSelectJob)
#include "tst_imapselectjob.moc"
