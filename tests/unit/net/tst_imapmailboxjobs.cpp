// SPDX-License-Identifier: GPL-3.0-or-later
// The session-level jobs about mailboxes and the server, against scripted servers,
// byte-exact: LIST (plain and LIST-EXTENDED with SPECIAL-USE and CHILDREN), STATUS,
// NAMESPACE, ENABLE and ID.
#include "ImapDialogue.h"

#include "net/imap/EnableJob.h"
#include "net/imap/IdJob.h"
#include "net/imap/ListJob.h"
#include "net/imap/NamespaceJob.h"
#include "net/imap/StatusJob.h"

#include <QTest>

using magpie::imap::EnableJob;
using magpie::imap::IdJob;
using magpie::imap::ListEntry;
using magpie::imap::ListJob;
using magpie::imap::Namespace;
using magpie::imap::NamespaceJob;
using magpie::imap::StatusJob;
using magpie::net::NetError;
using magpie::test::ImapDialogue;
using SpecialUse = ListEntry::SpecialUse;

namespace {

QByteArrayList loggedIn(const QByteArray &capabilities)
{
    return { "S: * OK [CAPABILITY IMAP4rev1 " + capabilities + "] ready",
             "C: a1 LOGIN alice secret",
             "S: a1 OK [CAPABILITY IMAP4rev1 " + capabilities + "] Logged in" };
}

} // namespace

class TestImapMailboxJobs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plainList();
    void listExtendedAsksForSpecialUseAndChildren();
    void listExtendedWithoutSpecialUse();
    void listStatusAsked_data();
    void listStatusAsked();
    void listDecodesUtf8WhenEnabled();
    void listWithUnreadableResponseFails();
    void status();
    void statusWithHighestModSeq();
    void statusRefused();
    void namespaces();
    void namespaceNotOffered();
    void enableOnlyWhatIsOffered();
    void enableNothingOfferedSendsNothing();
    void idExchange();
    void idNotOffered();
};

void TestImapMailboxJobs::plainList()
{
    ImapDialogue dialogue(loggedIn("SPECIAL-USE")
                          << "C: a2 LIST \"\" *"
                          << "S: * LIST (\\\\HasNoChildren) \"/\" INBOX"
                          << "S: * LIST (\\\\HasChildren \\\\Noselect) \"/\" \"[Gmail]\""
                          << "S: * LIST (\\\\HasNoChildren \\\\Sent) \"/\" \"[Gmail]/Sent Mail\""
                          << "S: * LIST (\\\\Trash) \"/\" Papierkorb"
                          << "S: * LIST (\\\\Noinferiors) NIL Entw&APw-rfe"
                          << "S: * LIST () \".\" {8}\\r\\nodd&name"
                          << "S: a2 OK LIST completed");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *list = dialogue.make<ListJob>();
    QVERIFY2(dialogue.run(list), qPrintable(list->errorString()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    const QList<ListEntry> entries = list->entries();
    QCOMPARE(entries.size(), 6);
    QCOMPARE(entries[0].name, QStringLiteral("INBOX"));
    QCOMPARE(entries[0].delimiter, QChar(u'/'));
    QCOMPARE(entries[0].hasChildren, std::optional<bool>(false));
    QCOMPARE(entries[1].name, QStringLiteral("[Gmail]"));
    QVERIFY(!entries[1].isSelectable());
    QCOMPARE(entries[1].hasChildren, std::optional<bool>(true));
    QCOMPARE(entries[2].name, QStringLiteral("[Gmail]/Sent Mail"));
    QCOMPARE(entries[2].specialUse, SpecialUse::Sent);
    QVERIFY(entries[2].isSelectable());
    QCOMPARE(entries[3].specialUse, SpecialUse::Trash);
    QCOMPARE(entries[3].hasChildren, std::nullopt);
    QCOMPARE(entries[4].name, QStringLiteral("Entwürfe"));
    QCOMPARE(entries[4].rawName, QByteArray("Entw&APw-rfe"));
    QVERIFY(entries[4].delimiter.isNull());
    QCOMPARE(entries[4].hasChildren, std::optional<bool>(false));
    // Not valid modified UTF-7 ("&" must be "&-"): shown as sent, never guessed at.
    QCOMPARE(entries[5].name, QStringLiteral("odd&name"));
    QCOMPARE(entries[5].delimiter, QChar(u'.'));
}

void TestImapMailboxJobs::listExtendedAsksForSpecialUseAndChildren()
{
    ImapDialogue dialogue(
        loggedIn("LIST-EXTENDED SPECIAL-USE CHILDREN")
        << "C: a2 LIST \"\" * RETURN (SPECIAL-USE CHILDREN)"
        << "S: * LIST (\\\\HasNoChildren) \".\" INBOX"
        << "S: * LIST (\\\\HasNoChildren \\\\Drafts) \".\" Drafts"
        << "S: * LIST (\\\\HasChildren \\\\Archive) \".\" Archive (\"CHILDINFO\" (\"SUBSCRIBED\"))"
        << "S: * LIST (\\\\HasNoChildren \\\\Junk) \".\" Spam"
        << "S: a2 OK done");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *list = dialogue.make<ListJob>();
    QVERIFY2(dialogue.run(list), qPrintable(list->errorString()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    const QList<ListEntry> entries = list->entries();
    QCOMPARE(entries.size(), 4);
    QCOMPARE(entries[1].specialUse, SpecialUse::Drafts);
    QCOMPARE(entries[2].specialUse, SpecialUse::Archive);
    QCOMPARE(entries[2].hasChildren, std::optional<bool>(true));
    QCOMPARE(entries[3].specialUse, SpecialUse::Junk);
}

void TestImapMailboxJobs::listExtendedWithoutSpecialUse()
{
    ImapDialogue dialogue(loggedIn("LIST-EXTENDED") << "C: a2 LIST \"\" % RETURN (CHILDREN)"
                                                    << "S: a2 OK done");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *list = dialogue.make<ListJob>(QString(), QStringLiteral("%"));
    QVERIFY(dialogue.run(list));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(list->entries().isEmpty());
}

void TestImapMailboxJobs::listStatusAsked_data()
{
    QTest::addColumn<QByteArray>("capabilities");
    QTest::addColumn<QByteArray>("returned");
    // RFC 5819: STATUS only with LIST-STATUS; HIGHESTMODSEQ only with CONDSTORE (RFC 7162
    // s3.1.7).
    QTest::newRow("LIST-STATUS and CONDSTORE")
        << QByteArray("LIST-EXTENDED LIST-STATUS CONDSTORE")
        << QByteArray("RETURN (CHILDREN STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ))");
    QTest::newRow("LIST-STATUS") << QByteArray("LIST-EXTENDED LIST-STATUS")
                                 << QByteArray("RETURN (CHILDREN STATUS (MESSAGES UIDNEXT UIDVALIDITY))");
    QTest::newRow("no LIST-STATUS") << QByteArray("LIST-EXTENDED CONDSTORE")
                                    << QByteArray("RETURN (CHILDREN)");
}

void TestImapMailboxJobs::listStatusAsked()
{
    QFETCH(QByteArray, capabilities);
    QFETCH(QByteArray, returned);
    ImapDialogue dialogue(loggedIn(capabilities)
                          << "C: a2 LIST \"\" * " + returned
                          << "S: * LIST (\\\\HasNoChildren) \".\" inbox"
                          << "S: * STATUS inbox (MESSAGES 3 UIDNEXT 8 UIDVALIDITY 100 HIGHESTMODSEQ 500)"
                          << "S: * LIST (\\\\HasNoChildren) \".\" \"Caf&AOk-\""
                          << "S: * STATUS \"Caf&AOk-\" (MESSAGES 0 UIDNEXT 1 UIDVALIDITY 7)"
                          << "S: a2 OK done");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *list = dialogue.make<ListJob>();
    list->askStatus();
    QVERIFY2(dialogue.run(list), qPrintable(list->errorString()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(list->entries().size(), 2);
    const QList<magpie::imap::MailboxStatus> statuses = list->statuses();
    QCOMPARE(statuses.size(), 2);
    QCOMPARE(statuses[0].mailbox, QStringLiteral("INBOX"));
    QCOMPARE(statuses[0].messages, std::optional<quint32>(3));
    QCOMPARE(statuses[0].uidNext, std::optional<quint32>(8));
    QCOMPARE(statuses[0].uidValidity, std::optional<quint32>(100));
    QCOMPARE(statuses[0].highestModSeq, std::optional<quint64>(500));
    QCOMPARE(statuses[1].mailbox, QStringLiteral("Caf\u00e9"));
    QVERIFY(!statuses[1].highestModSeq);
}

void TestImapMailboxJobs::listDecodesUtf8WhenEnabled()
{
    // RFC 6855 s3: after ENABLE UTF8=ACCEPT names are UTF-8, and "&" is just "&".
    ImapDialogue dialogue(loggedIn("ENABLE UTF8=ACCEPT")
                          << "C: a2 ENABLE UTF8=ACCEPT"
                          << "S: * ENABLED UTF8=ACCEPT"
                          << "S: a2 OK"
                          << "C: a3 LIST \"\" *"
                          << "S: * LIST () \"/\" \"Entw\\xc3\\xbcrfe & Co\""
                          << "S: a3 OK");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    QVERIFY(dialogue.run(dialogue.make<EnableJob>(QByteArrayList { "UTF8=ACCEPT" })));
    auto *list = dialogue.make<ListJob>();
    QVERIFY(dialogue.run(list));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(list->entries().size(), 1);
    QCOMPARE(list->entries()[0].name, QStringLiteral("Entwürfe & Co"));
}

void TestImapMailboxJobs::listWithUnreadableResponseFails()
{
    ImapDialogue dialogue(loggedIn("IDLE") << "C: a2 LIST \"\" *"
                                           << "S: * LIST \"/\" INBOX"
                                           << "S: a2 OK done");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *list = dialogue.make<ListJob>();
    QVERIFY(!dialogue.run(list));
    QCOMPARE(list->error().code, NetError::Code::ProtocolViolation);
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapMailboxJobs::status()
{
    ImapDialogue dialogue(loggedIn("IDLE")
                          << "C: a2 STATUS \"Sent Mail\" (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)"
                          << "S: * STATUS \"Sent Mail\" (MESSAGES 231 UIDNEXT 44292 "
                             "UIDVALIDITY 1 UNSEEN 0)"
                          << "S: a2 OK STATUS completed");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *status = dialogue.make<StatusJob>(QStringLiteral("Sent Mail"));
    QVERIFY2(dialogue.run(status), qPrintable(status->errorString()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(status->status().messages, 231u);
    QCOMPARE(status->status().uidNext, 44292u);
    QCOMPARE(status->status().uidValidity, 1u);
    QCOMPARE(status->status().unseen, 0u);
    QVERIFY(!status->status().highestModSeq);
}

void TestImapMailboxJobs::statusWithHighestModSeq()
{
    ImapDialogue dialogue(
        loggedIn("CONDSTORE")
        << "C: a2 STATUS INBOX (MESSAGES UIDNEXT UIDVALIDITY UNSEEN HIGHESTMODSEQ)"
        << "S: * STATUS INBOX (MESSAGES 2 UIDNEXT 3 UIDVALIDITY 4 UNSEEN 1 "
           "HIGHESTMODSEQ 7011231777)"
        << "S: a2 OK");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *status = dialogue.make<StatusJob>(QStringLiteral("INBOX"));
    QVERIFY(dialogue.run(status));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(status->status().highestModSeq, quint64(7011231777));
}

void TestImapMailboxJobs::statusRefused()
{
    ImapDialogue dialogue(loggedIn("IDLE")
                          << "C: a2 STATUS Gone (MESSAGES UIDNEXT UIDVALIDITY UNSEEN)"
                          << "S: a2 NO [NONEXISTENT] No such mailbox");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *status = dialogue.make<StatusJob>(QStringLiteral("Gone"));
    QVERIFY(!dialogue.run(status));
    QCOMPARE(status->errorString(),
             QStringLiteral("Counting the messages in Gone failed: the "
                            "server answered “[NONEXISTENT] No such "
                            "mailbox”."));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
}

void TestImapMailboxJobs::namespaces()
{
    ImapDialogue dialogue(loggedIn("NAMESPACE")
                          << "C: a2 NAMESPACE"
                          << "S: * NAMESPACE ((\"\" \"/\")) ((\"~\" \"/\")) ((\"#shared/\" \"/\")"
                             "(\"#public/\" \"/\")(\"#ftp/\" \"/\" \"X-PARAM\" (\"FLAG1\")))"
                          << "S: a2 OK done");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *job = dialogue.make<NamespaceJob>();
    QVERIFY2(dialogue.run(job), qPrintable(job->errorString()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(job->personal(), QList<Namespace>({ Namespace { QString(), u'/' } }));
    QCOMPARE(job->otherUsers(), QList<Namespace>({ Namespace { QStringLiteral("~"), u'/' } }));
    QCOMPARE(job->shared().size(), 3);
    QCOMPARE(job->shared()[2].prefix, QStringLiteral("#ftp/"));
}

void TestImapMailboxJobs::namespaceNotOffered()
{
    ImapDialogue dialogue(loggedIn("IDLE"));
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *job = dialogue.make<NamespaceJob>();
    QVERIFY(dialogue.run(job));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(job->personal(), QList<Namespace>({ Namespace {} }));
    QVERIFY(job->shared().isEmpty());
}

void TestImapMailboxJobs::enableOnlyWhatIsOffered()
{
    ImapDialogue dialogue(loggedIn("ENABLE CONDSTORE") << "C: a2 ENABLE CONDSTORE"
                                                       << "S: * ENABLED CONDSTORE"
                                                       << "S: a2 OK Enabled");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *enable =
        dialogue.make<EnableJob>(QByteArrayList { "CONDSTORE", "QRESYNC", "UTF8=ACCEPT" });
    QVERIFY(dialogue.run(enable));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(enable->enabled(), QByteArrayList({ "CONDSTORE" }));
    QVERIFY(dialogue.session.isEnabled("CONDSTORE"));
    QVERIFY(!dialogue.session.isEnabled("QRESYNC"));
}

void TestImapMailboxJobs::enableNothingOfferedSendsNothing()
{
    ImapDialogue dialogue(loggedIn("CONDSTORE")); // no ENABLE itself
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *enable = dialogue.make<EnableJob>(QByteArrayList { "CONDSTORE" });
    QVERIFY(dialogue.run(enable));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(enable->enabled().isEmpty());
}

void TestImapMailboxJobs::idExchange()
{
    ImapDialogue dialogue(loggedIn("ID")
                          << "C: a2 ID (\"name\" \"Magpie\" \"version\" \"0.5.0\")"
                          << "S: * ID (\"name\" \"Dovecot\" \"Vendor\" NIL \"os\" \"Linux\")"
                          << "S: a2 OK ID completed");
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *id = dialogue.make<IdJob>(QStringLiteral("0.5.0"));
    QVERIFY(dialogue.run(id));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(id->serverId().value(QStringLiteral("name")), QStringLiteral("Dovecot"));
    QCOMPARE(id->serverId().value(QStringLiteral("os")), QStringLiteral("Linux"));
    QVERIFY(!id->serverId().contains(QStringLiteral("vendor")));
}

void TestImapMailboxJobs::idNotOffered()
{
    ImapDialogue dialogue(loggedIn("IDLE"));
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    auto *id = dialogue.make<IdJob>(QStringLiteral("0.5.0"));
    QVERIFY(dialogue.run(id));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(id->serverId().isEmpty());
}

QTEST_GUILESS_MAIN(TestImapMailboxJobs)
#include "tst_imapmailboxjobs.moc"
