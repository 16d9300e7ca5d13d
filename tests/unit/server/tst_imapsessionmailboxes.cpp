// SPDX-License-Identifier: GPL-3.0-or-later
// The IMAP session's mailbox commands: LIST/LSUB, CREATE, DELETE, RENAME, (UN)SUBSCRIBE,
// STATUS, SELECT/EXAMINE, CLOSE, UNSELECT, APPEND. Scripted dialogues, byte for byte.
#include "Dialogue.h"

#include "server/imap/ImapSession.h"

#include <QTest>

using namespace magpie::server;
using namespace magpie::server::testing;

namespace {

const QString kAlice = QStringLiteral("alice@example.test");
const QString kInbox = QStringLiteral("INBOX");
const QByteArray kCaps = "IMAP4rev1 LITERAL+ SASL-IR ID ENABLE IDLE NAMESPACE UIDPLUS MOVE "
                         "UNSELECT CHILDREN LIST-EXTENDED SPECIAL-USE ESEARCH";
const QByteArray kFlags = "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\n";
const QByteArray kPermanent = "S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen "
                              "\\Draft \\*)] Flags permitted.\n";

const QByteArray kMessage = "From: Bob <bob@example.test>\r\n"
                            "To: alice@example.test\r\n"
                            "Subject: Hello\r\n"
                            "\r\n"
                            "Hi Alice.\r\n";

QDateTime when()
{
    return QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC);
}

// A session logged in as alice, the greeting and login already read.
struct Client
{
    explicit Client(ServerFixture &f)
        : fixture(f)
        , session(f.context, transport)
    {
        session.start();
        session.receive("l LOGIN alice@example.test secret\r\n");
        transport.take();
    }
    // "$V(name)" in the script stands for that mailbox's UIDVALIDITY.
    bool play(QByteArray script)
    {
        for (qsizetype at = script.indexOf("$V("); at >= 0; at = script.indexOf("$V(")) {
            const qsizetype end = script.indexOf(')', at);
            const QString name = QString::fromUtf8(script.mid(at + 3, end - at - 3));
            const auto status = fixture.store->status(kAlice, name);
            script.replace(at, end - at + 1,
                           status ? QByteArray::number(status->uidValidity) : "?");
        }
        return replay(session, transport, script);
    }

    ServerFixture &fixture;
    FakeTransport transport;
    ImapSession session;
};

Uid seed(ServerFixture &fixture, const QString &mailbox, QList<QByteArray> flags = {})
{
    StoreError error;
    return fixture.store->append(kAlice, mailbox, kMessage, flags, when(), &error);
}

} // namespace

class TestImapSessionMailboxes : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void list_data();
    void list();
    void listShowsHierarchy();
    void lsubAndSubscriptions();
    void listRecursiveMatch();
    void createDeleteRename_data();
    void createDeleteRename();
    void deletingTheSelectedMailboxClosesIt();
    void renamingTheSelectedMailboxFollowsIt();
    void renamingTheSelectedInboxEmptiesIt();
    void status_data();
    void status();
    void selectAndExamine();
    void failedSelectLeavesNothingSelected();
    void closeExpungesSilently();
    void closeAfterExamineKeepsDeleted();
    void unselectKeepsDeleted();
    void append_data();
    void append();
    void appendToSelectedMailboxAnnouncesIt();
    void appendGivesBareLineFeedsCarriageReturns();
};

void TestImapSessionMailboxes::list_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("responses");
    const QByteArray all = "S: * LIST (\\HasNoChildren) \"/\" \"INBOX\"\n"
                           "S: * LIST (\\HasNoChildren \\Archive) \"/\" \"Archive\"\n"
                           "S: * LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"\n"
                           "S: * LIST (\\HasNoChildren \\Junk) \"/\" \"Junk\"\n"
                           "S: * LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"\n"
                           "S: * LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"\n";
    QTest::newRow("star") << QByteArray("LIST \"\" *") << all;
    QTest::newRow("percent") << QByteArray("LIST \"\" %") << all;
    // RFC 3501 s6.3.8: the delimiter and the root.
    QTest::newRow("empty pattern")
        << QByteArray("LIST \"\" \"\"") << QByteArray("S: * LIST (\\Noselect) \"/\" \"\"\n");
    QTest::newRow("empty pattern, reference")
        << QByteArray("LIST \"Work/2024\" \"\"")
        << QByteArray("S: * LIST (\\Noselect) \"/\" \"Work/\"\n");
    QTest::newRow("inbox in any case")
        << QByteArray("LIST \"\" inbox")
        << QByteArray("S: * LIST (\\HasNoChildren) \"/\" \"INBOX\"\n");
    // The reference and the pattern are joined as they are, as Dovecot does.
    QTest::newRow("reference without delimiter")
        << QByteArray("LIST INBOX %")
        << QByteArray("S: * LIST (\\HasNoChildren) \"/\" \"INBOX\"\n");
    QTest::newRow("no match") << QByteArray("LIST \"\" Nothing*") << QByteArray();
    QTest::newRow("wildcard inside")
        << QByteArray("LIST \"\" *r*")
        << QByteArray("S: * LIST (\\HasNoChildren \\Archive) \"/\" \"Archive\"\n"
                      "S: * LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"\n"
                      "S: * LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"\n");
    // RFC 6154 s3 and RFC 5258: selection and return options.
    QTest::newRow("special-use selection")
        << QByteArray("LIST (SPECIAL-USE) \"\" *")
        << QByteArray(all).replace("S: * LIST (\\HasNoChildren) \"/\" \"INBOX\"\n", "");
    QTest::newRow("return subscribed")
        << QByteArray("LIST \"\" (INBOX Sent) RETURN (SUBSCRIBED)")
        << QByteArray("S: * LIST (\\Subscribed \\HasNoChildren) \"/\" \"INBOX\"\n"
                      "S: * LIST (\\Subscribed \\HasNoChildren \\Sent) \"/\" \"Sent\"\n");
}

void TestImapSessionMailboxes::list()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, responses);
    ServerFixture fixture;
    Client client(fixture);
    QVERIFY(client.play("C: a " + command + "\n" + responses + "S: a OK LIST completed"));
}

void TestImapSessionMailboxes::listShowsHierarchy()
{
    ServerFixture fixture;
    Client client(fixture);
    QVERIFY(client.play("C: a CREATE Work/2024/Q1\n"
                        "S: a OK CREATE completed\n"
                        "C: b CREATE Z&APw-rich/\n"
                        "S: b OK CREATE completed\n"
                        "C: c LIST \"\" Work/%\n"
                        "S: * LIST (\\HasChildren) \"/\" \"Work/2024\"\n"
                        "S: c OK LIST completed\n"
                        "C: d LIST Work/ *\n"
                        "S: * LIST (\\HasChildren) \"/\" \"Work/2024\"\n"
                        "S: * LIST (\\HasNoChildren) \"/\" \"Work/2024/Q1\"\n"
                        "S: d OK LIST completed\n"
                        "C: e LIST \"\" %\n"
                        "S: * LIST (\\HasNoChildren) \"/\" \"INBOX\"\n"
                        "S: * LIST (\\HasNoChildren \\Archive) \"/\" \"Archive\"\n"
                        "S: * LIST (\\HasNoChildren \\Drafts) \"/\" \"Drafts\"\n"
                        "S: * LIST (\\HasNoChildren \\Junk) \"/\" \"Junk\"\n"
                        "S: * LIST (\\HasNoChildren \\Sent) \"/\" \"Sent\"\n"
                        "S: * LIST (\\HasNoChildren \\Trash) \"/\" \"Trash\"\n"
                        "S: * LIST (\\HasChildren) \"/\" \"Work\"\n"
                        "S: * LIST (\\HasNoChildren) \"/\" \"Z&APw-rich\"\n"
                        "S: e OK LIST completed"));
}

void TestImapSessionMailboxes::lsubAndSubscriptions()
{
    ServerFixture fixture;
    Client client(fixture);
    QVERIFY(client.play("C: a CREATE Lists\n"
                        "S: a OK CREATE completed\n"
                        "C: b UNSUBSCRIBE Junk\n"
                        "S: b OK UNSUBSCRIBE completed\n"
                        "C: c SUBSCRIBE Lists\n"
                        "S: c OK SUBSCRIBE completed\n"
                        "C: d LSUB \"\" *\n"
                        "S: * LSUB () \"/\" \"INBOX\"\n"
                        "S: * LSUB () \"/\" \"Archive\"\n"
                        "S: * LSUB () \"/\" \"Drafts\"\n"
                        "S: * LSUB () \"/\" \"Lists\"\n"
                        "S: * LSUB () \"/\" \"Sent\"\n"
                        "S: * LSUB () \"/\" \"Trash\"\n"
                        "S: d OK LSUB completed\n"
                        "C: e LIST (SUBSCRIBED) \"\" L*\n"
                        "S: * LIST (\\Subscribed \\HasNoChildren) \"/\" \"Lists\"\n"
                        "S: e OK LIST completed\n"
                        "C: f SUBSCRIBE Nowhere\n"
                        "S: f NO [NONEXISTENT] There is no mailbox \"Nowhere\".\n"));
}

void TestImapSessionMailboxes::listRecursiveMatch()
{
    ServerFixture fixture;
    Client client(fixture);
    // RFC 5258 s3.5: a parent that is not subscribed but has a subscribed child the pattern
    // does not reach is listed with CHILDINFO; when the child is listed too, it is not.
    QVERIFY(
        client.play("C: a CREATE Lists/Rust\n"
                    "S: a OK CREATE completed\n"
                    "C: b SUBSCRIBE Lists/Rust\n"
                    "S: b OK SUBSCRIBE completed\n"
                    "C: c LIST (SUBSCRIBED RECURSIVEMATCH) \"\" L%\n"
                    "S: * LIST (\\HasChildren) \"/\" \"Lists\" (\"CHILDINFO\" (\"SUBSCRIBED\"))\n"
                    "S: c OK LIST completed\n"
                    "C: d LIST (SUBSCRIBED RECURSIVEMATCH) \"\" L*\n"
                    "S: * LIST (\\Subscribed \\HasNoChildren) \"/\" \"Lists/Rust\"\n"
                    "S: d OK LIST completed\n"
                    "C: e LIST (SUBSCRIBED) \"\" L%\n"
                    "S: e OK LIST completed\n"
                    // RFC 3501 s6.3.9: the level above, for LSUB, as \Noselect.
                    "C: f LSUB \"\" L%\n"
                    "S: * LSUB (\\Noselect) \"/\" \"Lists\"\n"
                    "S: f OK LSUB completed\n"
                    "C: g LSUB \"\" L*\n"
                    "S: * LSUB () \"/\" \"Lists/Rust\"\n"
                    "S: g OK LSUB completed"));
}

void TestImapSessionMailboxes::createDeleteRename_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::newRow("create twice") << QByteArray(
        "C: a CREATE Lists\nS: a OK CREATE completed\n"
        "C: b CREATE Lists\n"
        "S: b NO [ALREADYEXISTS] A mailbox named \"Lists\" already exists.");
    QTest::newRow("create INBOX") << QByteArray(
        "C: a CREATE inbox\n"
        "S: a NO [ALREADYEXISTS] A mailbox named \"INBOX\" already exists.");
    QTest::newRow("delete") << QByteArray(
        "C: a DELETE Junk\nS: a OK DELETE completed\n"
        "C: b STATUS Junk (MESSAGES)\n"
        "S: b NO [NONEXISTENT] There is no mailbox of that name.");
    QTest::newRow("delete missing")
        << QByteArray("C: a DELETE Nowhere\n"
                      "S: a NO [NONEXISTENT] There is no mailbox \"Nowhere\".");
    QTest::newRow("delete INBOX") << QByteArray(
        "C: a DELETE INBOX\nS: a NO [CANNOT] INBOX cannot be deleted.");
    // RFC 9051 s6.3.5: HASCHILDREN.
    QTest::newRow("delete parent")
        << QByteArray("C: a CREATE A/B\nS: a OK CREATE completed\n"
                      "C: b DELETE A\n"
                      "S: b NO [HASCHILDREN] \"A\" has mailboxes below it; delete those first.");
    QTest::newRow("rename with children")
        << QByteArray("C: a CREATE A/B\nS: a OK CREATE completed\n"
                      "C: b RENAME A C\nS: b OK RENAME completed\n"
                      "C: c LIST \"\" C*\n"
                      "S: * LIST (\\HasChildren) \"/\" \"C\"\n"
                      "S: * LIST (\\HasNoChildren) \"/\" \"C/B\"\n"
                      "S: c OK LIST completed");
    QTest::newRow("rename onto existing")
        << QByteArray("C: a RENAME Junk Trash\nS: a NO [ALREADYEXISTS] A mailbox named \"Trash\" "
                      "already exists.");
    QTest::newRow("rename missing") << QByteArray(
        "C: a RENAME Nowhere Else\nS: a NO [NONEXISTENT] There is no mailbox \"Nowhere\".");
    // RFC 3501 s6.3.5: INBOX's messages move, INBOX stays.
    QTest::newRow("rename INBOX") << QByteArray(
        "C: a RENAME INBOX Old\nS: a OK RENAME completed\n"
        "C: b STATUS INBOX (MESSAGES)\nS: * STATUS \"INBOX\" (MESSAGES 0)\nS: b OK STATUS "
        "completed\n"
        "C: c STATUS Old (MESSAGES)\nS: * STATUS \"Old\" (MESSAGES 1)\nS: c OK STATUS completed");
}

void TestImapSessionMailboxes::createDeleteRename()
{
    QFETCH(QByteArray, script);
    ServerFixture fixture;
    seed(fixture, kInbox);
    Client client(fixture);
    QVERIFY(client.play(script));
}

void TestImapSessionMailboxes::deletingTheSelectedMailboxClosesIt()
{
    ServerFixture fixture;
    Client client(fixture);
    QVERIFY(client.play("C: a CREATE Lists\nS: a OK CREATE completed\n"));
    QVERIFY(client.play("C: b SELECT Lists\n" + kFlags + kPermanent
                        + "S: * 0 EXISTS\n"
                          "S: * 0 RECENT\n"
                          "S: * OK [UIDVALIDITY $V(Lists)] UIDs valid\n"
                          "S: * OK [UIDNEXT 1] Predicted next UID\n"
                          "S: b OK [READ-WRITE] SELECT completed\n"));
    QVERIFY(client.play("C: c DELETE Lists\nS: c OK DELETE completed\n"
                        "C: d NOOP\nS: d OK NOOP completed\n"
                        "C: e FETCH 1 FLAGS\n"
                        "S: e BAD FETCH needs a selected mailbox: SELECT or EXAMINE one first."));
    QVERIFY(!client.transport.closed);
}

void TestImapSessionMailboxes::renamingTheSelectedMailboxFollowsIt()
{
    ServerFixture fixture;
    fixture.store->createMailbox(kAlice, QStringLiteral("Lists"));
    seed(fixture, QStringLiteral("Lists"), { "\\Seen" });
    Client client(fixture);
    QVERIFY(client.play("C: a EXAMINE Lists\n" + kFlags
                        + "S: * OK [PERMANENTFLAGS ()] Read-only mailbox.\n"
                          "S: * 1 EXISTS\n"
                          "S: * 0 RECENT\n"
                          "S: * OK [UIDVALIDITY $V(Lists)] UIDs valid\n"
                          "S: * OK [UIDNEXT 2] Predicted next UID\n"
                          "S: a OK [READ-ONLY] EXAMINE completed\n"
                          "C: b RENAME Lists Mailing/Lists\n"
                          "S: b OK RENAME completed\n"
                          "C: c UID FETCH 1 FLAGS\n"
                          "S: * 1 FETCH (UID 1 FLAGS (\\Seen))\n"
                          "S: c OK FETCH completed"));
}

void TestImapSessionMailboxes::renamingTheSelectedInboxEmptiesIt()
{
    ServerFixture fixture;
    seed(fixture, kInbox);
    seed(fixture, kInbox);
    Client client(fixture);
    client.session.receive("a SELECT INBOX\r\n");
    client.transport.take();
    // RFC 3501 s6.3.5: INBOX stays, its messages move: for this session they are expunged.
    QVERIFY(client.play("C: b RENAME INBOX Old\n"
                        "S: * 1 EXPUNGE\n"
                        "S: * 1 EXPUNGE\n"
                        "S: b OK RENAME completed\n"
                        "C: c NOOP\n"
                        "S: c OK NOOP completed"));
}

void TestImapSessionMailboxes::status_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("response");
    QTest::newRow("all") << QByteArray("STATUS INBOX (MESSAGES RECENT UIDNEXT UIDVALIDITY UNSEEN)")
                         << QByteArray("S: * STATUS \"INBOX\" (MESSAGES 3 RECENT 3 UIDNEXT 4 "
                                       "UIDVALIDITY $V(INBOX) UNSEEN 2)\n"
                                       "S: a OK STATUS completed");
    QTest::newRow("some, in the asked order")
        << QByteArray("STATUS inbox (UNSEEN MESSAGES)")
        << QByteArray("S: * STATUS \"INBOX\" (UNSEEN 2 MESSAGES 3)\n"
                      "S: a OK STATUS completed");
    QTest::newRow("empty mailbox") << QByteArray("STATUS Sent (MESSAGES UIDNEXT)")
                                   << QByteArray("S: * STATUS \"Sent\" (MESSAGES 0 UIDNEXT 1)\n"
                                                 "S: a OK STATUS completed");
    QTest::newRow("missing") << QByteArray("STATUS Nowhere (MESSAGES)")
                             << QByteArray(
                                    "S: a NO [NONEXISTENT] There is no mailbox of that name.");
}

void TestImapSessionMailboxes::status()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, response);
    ServerFixture fixture;
    seed(fixture, kInbox, { "\\Seen" });
    seed(fixture, kInbox);
    seed(fixture, kInbox, { "\\Flagged" });
    Client client(fixture);
    QVERIFY(client.play("C: a " + command + "\n" + response));
}

void TestImapSessionMailboxes::selectAndExamine()
{
    ServerFixture fixture;
    seed(fixture, kInbox, { "\\Seen", "$Label1" });
    seed(fixture, kInbox);
    Client client(fixture);
    // EXAMINE first: \Recent is not taken (RFC 3501 s6.3.2) ...
    QVERIFY(client.play("C: a EXAMINE INBOX\n"
                        "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)\n"
                        "S: * OK [PERMANENTFLAGS ()] Read-only mailbox.\n"
                        "S: * 2 EXISTS\n"
                        "S: * 0 RECENT\n"
                        "S: * OK [UNSEEN 2] First unseen.\n"
                        "S: * OK [UIDVALIDITY $V(INBOX)] UIDs valid\n"
                        "S: * OK [UIDNEXT 3] Predicted next UID\n"
                        "S: a OK [READ-ONLY] EXAMINE completed\n"
                        "C: b STORE 1 +FLAGS (\\Deleted)\n"
                        "S: b NO The mailbox is read-only: SELECT it (not EXAMINE) to change it.\n"
                        "C: c EXPUNGE\n"
                        "S: c NO The mailbox is read-only: SELECT it (not EXAMINE) to change it.\n"
                        "C: d FETCH 2 BODY[TEXT]\n"
                        "S: * 2 FETCH (BODY[TEXT] {11}\n"
                        "S: Hi Alice.\n"
                        "S: )\n"
                        "S: d OK FETCH completed\n"));
    // ... so SELECT gets it, and BODY[TEXT] under EXAMINE did not set \Seen.
    QVERIFY(client.play("C: e SELECT INBOX\n"
                        "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1)\n"
                        "S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft "
                        "$Label1 \\*)] Flags permitted.\n"
                        "S: * 2 EXISTS\n"
                        "S: * 2 RECENT\n"
                        "S: * OK [UNSEEN 2] First unseen.\n"
                        "S: * OK [UIDVALIDITY $V(INBOX)] UIDs valid\n"
                        "S: * OK [UIDNEXT 3] Predicted next UID\n"
                        "S: e OK [READ-WRITE] SELECT completed\n"
                        "C: f FETCH 1:* FLAGS\n"
                        "S: * 1 FETCH (FLAGS (\\Seen $Label1 \\Recent))\n"
                        "S: * 2 FETCH (FLAGS (\\Recent))\n"
                        "S: f OK FETCH completed"));
}

void TestImapSessionMailboxes::failedSelectLeavesNothingSelected()
{
    ServerFixture fixture;
    Client client(fixture);
    QVERIFY(client.play("C: a SELECT INBOX\n" + kFlags + kPermanent
                        + "S: * 0 EXISTS\n"
                          "S: * 0 RECENT\n"
                          "S: * OK [UIDVALIDITY $V(INBOX)] UIDs valid\n"
                          "S: * OK [UIDNEXT 1] Predicted next UID\n"
                          "S: a OK [READ-WRITE] SELECT completed\n"
                          "C: b SELECT Nowhere\n"
                          "S: b NO [NONEXISTENT] There is no mailbox of that name.\n"
                          "C: c CHECK\n"
                          "S: c BAD CHECK needs a selected mailbox: SELECT or EXAMINE one first."));
}

void TestImapSessionMailboxes::closeExpungesSilently()
{
    ServerFixture fixture;
    QStringList lines;
    connect(&fixture.context, &ServerContext::logged, this,
            [&](const QString &line) { lines << line; });
    seed(fixture, kInbox, { "\\Deleted" });
    seed(fixture, kInbox);
    Client client(fixture);
    client.session.receive("a SELECT INBOX\r\n");
    client.transport.take();
    // RFC 3501 s6.4.2: no EXPUNGE responses.
    QVERIFY(client.play("C: b CLOSE\nS: b OK CLOSE completed\n"
                        "C: c STATUS INBOX (MESSAGES)\n"
                        "S: * STATUS \"INBOX\" (MESSAGES 1)\n"
                        "S: c OK STATUS completed"));
    QVERIFY(lines.join(u'\n').contains(QStringLiteral("close: expunged 1 messages")));
}

void TestImapSessionMailboxes::closeAfterExamineKeepsDeleted()
{
    ServerFixture fixture;
    seed(fixture, kInbox, { "\\Deleted" });
    Client client(fixture);
    client.session.receive("a EXAMINE INBOX\r\n");
    client.transport.take();
    QVERIFY(client.play("C: b CLOSE\nS: b OK CLOSE completed\n"
                        "C: c STATUS INBOX (MESSAGES)\n"
                        "S: * STATUS \"INBOX\" (MESSAGES 1)\n"
                        "S: c OK STATUS completed"));
}

void TestImapSessionMailboxes::unselectKeepsDeleted()
{
    ServerFixture fixture;
    seed(fixture, kInbox, { "\\Deleted" });
    Client client(fixture);
    client.session.receive("a SELECT INBOX\r\n");
    client.transport.take();
    QVERIFY(
        client.play("C: b UNSELECT\nS: b OK UNSELECT completed\n"
                    "C: c STATUS INBOX (MESSAGES)\n"
                    "S: * STATUS \"INBOX\" (MESSAGES 1)\n"
                    "S: c OK STATUS completed\n"
                    "C: d UNSELECT\n"
                    "S: d BAD UNSELECT needs a selected mailbox: SELECT or EXAMINE one first."));
}

void TestImapSessionMailboxes::append_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<int>("messages");
    QTest::addColumn<QByteArray>("flags");
    QTest::addColumn<QDateTime>("date");
    QTest::addColumn<QByteArray>("content");
    const QByteArray stored = "Subject: x\r\n\r\nbody\r\n";
    // RFC 4315 s3: APPENDUID uidvalidity uid.
    QTest::newRow("plain") << QByteArray("C: a APPEND Drafts {20}\n"
                                         "S: + Ready for literal data\n"
                                         "C: Subject: x\nC: \nC: body\nC: \n"
                                         "S: a OK [APPENDUID $V(Drafts) 1] APPEND completed")
                           << 1 << QByteArray() << QDateTime() << stored;
    QTest::newRow("flags and date, LITERAL+")
        << QByteArray(
               "C: a APPEND Drafts (\\Draft \\seen $Work) \"05-Mar-2024 10:11:12 +0100\" {20+}\n"
               "C: Subject: x\nC: \nC: body\nC: \n"
               "S: a OK [APPENDUID $V(Drafts) 1] APPEND completed")
        << 1 << QByteArray("\\Seen \\Draft $Work")
        << QDateTime(QDate(2024, 3, 5), QTime(9, 11, 12), Qt::UTC) << stored;
    // RFC 3501 s6.3.11.
    QTest::newRow("missing mailbox")
        << QByteArray("C: a APPEND Nowhere {20+}\n"
                      "C: Subject: x\nC: \nC: body\nC: \n"
                      "S: a NO [TRYCREATE] There is no mailbox of that name.")
        << 0 << QByteArray() << QDateTime() << QByteArray();
    QTest::newRow("\\Recent") << QByteArray(
        "C: a APPEND Drafts (\\Recent) {20+}\n"
        "C: Subject: x\nC: \nC: body\nC: \n"
        "S: a BAD \\Recent cannot be set by a client (RFC 3501 s2.3.2)")
                              << 0 << QByteArray() << QDateTime() << QByteArray();
    QTest::newRow("unknown system flag")
        << QByteArray("C: a APPEND Drafts (\\Important) {20+}\n"
                      "C: Subject: x\nC: \nC: body\nC: \n"
                      "S: a BAD \\Important is not a system flag; keywords have no backslash.")
        << 0 << QByteArray() << QDateTime() << QByteArray();
    QTest::newRow("empty") << QByteArray("C: a APPEND Drafts {0}\n"
                                         "S: + Ready for literal data\n"
                                         "C: \n"
                                         "S: a NO An empty message cannot be appended.")
                           << 0 << QByteArray() << QDateTime() << QByteArray();
}

void TestImapSessionMailboxes::append()
{
    QFETCH(QByteArray, script);
    QFETCH(int, messages);
    QFETCH(QByteArray, flags);
    QFETCH(QDateTime, date);
    QFETCH(QByteArray, content);
    ServerFixture fixture;
    QStringList lines;
    connect(&fixture.context, &ServerContext::logged, this,
            [&](const QString &line) { lines << line; });
    Client client(fixture);
    QVERIFY(client.play(script));
    const QString drafts = QStringLiteral("Drafts");
    const QList<MessageRecord> stored = fixture.store->messages(kAlice, drafts);
    QCOMPARE(stored.size(), messages);
    if (messages == 0)
        return;
    QCOMPARE(stored.first().flags, flags.isEmpty() ? QList<QByteArray>() : flags.split(' '));
    if (date.isValid())
        QCOMPARE(stored.first().internalDate, date);
    else
        QVERIFY(qAbs(stored.first().internalDate.secsTo(QDateTime::currentDateTimeUtc())) < 60);
    QCOMPARE(fixture.store->content(kAlice, drafts, stored.first().uid), content);
    QVERIFY(lines.join(u'\n').contains(QStringLiteral("append to Drafts: 20 bytes")));
}

void TestImapSessionMailboxes::appendToSelectedMailboxAnnouncesIt()
{
    ServerFixture fixture;
    seed(fixture, kInbox);
    Client client(fixture);
    client.session.receive("a SELECT INBOX\r\n");
    client.transport.take();
    // RFC 3501 s6.3.11: the new message is announced as any other would be.
    QVERIFY(client.play("C: b APPEND INBOX {20+}\n"
                        "C: Subject: x\nC: \nC: body\nC: \n"
                        "S: * 2 EXISTS\n"
                        "S: * 2 RECENT\n"
                        "S: b OK [APPENDUID $V(INBOX) 2] APPEND completed\n"
                        "C: c UID FETCH 2 (FLAGS RFC822.SIZE)\n"
                        "S: * 2 FETCH (UID 2 FLAGS (\\Recent) RFC822.SIZE 20)\n"
                        "S: c OK FETCH completed"));
}

void TestImapSessionMailboxes::appendGivesBareLineFeedsCarriageReturns()
{
    ServerFixture fixture;
    Client client(fixture);
    client.session.receive("a APPEND Drafts {17+}\r\nSubject: x\n\nbody\n\r\n");
    const auto drafts = fixture.store->status(kAlice, QStringLiteral("Drafts"));
    QCOMPARE(client.transport.take(),
             "a OK [APPENDUID " + QByteArray::number(drafts->uidValidity)
                 + " 1] APPEND completed\r\n");
    QCOMPARE(fixture.store->content(kAlice, QStringLiteral("Drafts"), 1),
             QByteArray("Subject: x\r\n\r\nbody\r\n"));
}

QTEST_GUILESS_MAIN(TestImapSessionMailboxes)
#include "tst_imapsessionmailboxes.moc"
