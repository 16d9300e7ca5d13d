// SPDX-License-Identifier: GPL-3.0-or-later
// The IMAP session's message commands: FETCH, STORE, SEARCH, COPY, MOVE, EXPUNGE and their
// UID forms. Scripted dialogues, byte for byte.
#include "Dialogue.h"

#include "server/imap/ImapSession.h"

#include <QTest>

using namespace magpie::server;
using namespace magpie::server::testing;

namespace {

const QString kAlice = QStringLiteral("alice@example.test");
const QString kInbox = QStringLiteral("INBOX");

const QByteArray kMessage = "From: Bob <bob@example.test>\r\n"
                            "To: alice@example.test\r\n"
                            "Subject: Hello\r\n"
                            "Date: Tue, 02 Jan 2024 03:04:05 +0000\r\n"
                            "Message-ID: <1@example.test>\r\n"
                            "\r\n"
                            "Hi Alice.\r\n";

QDateTime when()
{
    return QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC);
}

Uid seed(ServerFixture &fixture, const QString &mailbox, QList<QByteArray> flags = {},
         const QByteArray &message = kMessage)
{
    StoreError error;
    return fixture.store->append(kAlice, mailbox, message, flags, when(), &error);
}

// A session logged in as alice with `mailbox` selected, its answers read.
struct Client
{
    Client(ServerFixture &f, const QByteArray &select = "SELECT INBOX")
        : fixture(f)
        , session(f.context, transport)
    {
        session.start();
        session.receive(QByteArray("l LOGIN alice@example.test secret\r\ns " + select + "\r\n"));
        transport.take();
    }
    // "$V(name)" in the script stands for that mailbox's UIDVALIDITY, "$SIZE" for
    // kMessage's size.
    bool play(QByteArray script)
    {
        script.replace("$SIZE", QByteArray::number(kMessage.size()));
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

// Three messages: 1 \Seen, 2 unread, 3 \Flagged; all \Recent for the session that selects.
void seedThree(ServerFixture &fixture)
{
    seed(fixture, kInbox, { "\\Seen" });
    seed(fixture, kInbox);
    seed(fixture, kInbox, { "\\Flagged" });
}

ServerConfig configWith(const std::function<void(ServerConfig &)> &change)
{
    ServerConfig config = ServerFixture::defaultConfig();
    change(config);
    return config;
}

} // namespace

class TestImapSessionMessages : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void fetchRecordItems();
    void fetchEnvelopeAndStructure();
    void fetchSections_data();
    void fetchSections();
    void fetchBodySetsSeen();
    void fetchBadSets_data();
    void fetchBadSets();
    void fetchLargeAnswerInTurns();
    void fetchFaultDropsMidAnswer();
    void store_data();
    void store();
    void search_data();
    void search();
    void copy();
    void move();
    void expunge();
    void uidExpungeTakesOnlyItsSet();
};

void TestImapSessionMessages::fetchRecordItems()
{
    ServerFixture fixture;
    seedThree(fixture);
    Client client(fixture);
    QVERIFY(client.play("C: a FETCH 1:* (FLAGS UID INTERNALDATE RFC822.SIZE)\n"
                        "S: * 1 FETCH (FLAGS (\\Seen \\Recent) UID 1 INTERNALDATE \" 2-Jan-2024 "
                        "03:04:05 +0000\" RFC822.SIZE $SIZE)\n"
                        "S: * 2 FETCH (FLAGS (\\Recent) UID 2 INTERNALDATE \" 2-Jan-2024 03:04:05 "
                        "+0000\" RFC822.SIZE $SIZE)\n"
                        "S: * 3 FETCH (FLAGS (\\Flagged \\Recent) UID 3 INTERNALDATE \" 2-Jan-2024 "
                        "03:04:05 +0000\" RFC822.SIZE $SIZE)\n"
                        "S: a OK FETCH completed\n"
                        // RFC 3501 s6.4.8: UID FETCH answers with UIDs, and always says the UID.
                        "C: b UID FETCH 2:3,7 FLAGS\n"
                        "S: * 2 FETCH (UID 2 FLAGS (\\Recent))\n"
                        "S: * 3 FETCH (UID 3 FLAGS (\\Flagged \\Recent))\n"
                        "S: b OK FETCH completed\n"
                        "C: c UID FETCH 9:* UID\n"
                        "S: * 3 FETCH (UID 3)\n"
                        "S: c OK FETCH completed\n"
                        "C: d UID FETCH 7 FLAGS\n"
                        "S: d OK FETCH completed\n"
                        "C: e FETCH 2 FAST\n"
                        "S: * 2 FETCH (FLAGS (\\Recent) INTERNALDATE \" 2-Jan-2024 03:04:05 "
                        "+0000\" RFC822.SIZE $SIZE)\n"
                        "S: e OK FETCH completed"));
}

void TestImapSessionMessages::fetchEnvelopeAndStructure()
{
    ServerFixture fixture;
    seed(fixture, kInbox);
    Client client(fixture);
    const QByteArray envelope =
        "(\"Tue, 02 Jan 2024 03:04:05 +0000\" \"Hello\" ((\"Bob\" NIL \"bob\" \"example.test\")) "
        "((\"Bob\" NIL \"bob\" \"example.test\")) ((\"Bob\" NIL \"bob\" \"example.test\")) "
        "((NIL NIL \"alice\" \"example.test\")) NIL NIL NIL \"<1@example.test>\")";
    const QByteArray structure =
        "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 1 NIL NIL NIL NIL)";
    const QByteArray body = "(\"text\" \"plain\" (\"charset\" \"us-ascii\") NIL NIL \"7bit\" 11 1)";
    const QByteArray script = "C: a FETCH 1 (ENVELOPE BODYSTRUCTURE BODY)\n"
                              "S: * 1 FETCH (ENVELOPE "
        + envelope + " BODYSTRUCTURE " + structure + " BODY " + body
        + ")\n"
          "S: a OK FETCH completed\n";
    QVERIFY(client.play(script));
    // The second time from the cache the sessions share: the same bytes.
    QVERIFY(client.play(script));
    Client other(fixture);
    QVERIFY(other.play(script));
}

void TestImapSessionMessages::fetchSections_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("response");
    QTest::newRow("whole") << QByteArray("BODY.PEEK[]")
                           << "S: * 1 FETCH (BODY[] {$SIZE}\n"
                              "S: "
            + kMessage.left(kMessage.size() - 2).replace("\r\n", "\nS: ")
            + "\n"
              "S: )";
    QTest::newRow("partial") << QByteArray("BODY.PEEK[]<0.4>")
                             << QByteArray("S: * 1 FETCH (BODY[]<0> {4}\nS: From)");
    QTest::newRow("partial text") << QByteArray("BODY.PEEK[TEXT]<3.100>")
                                  << QByteArray("S: * 1 FETCH (BODY[TEXT]<3> {8}\nS: Alice.\nS: )");
    QTest::newRow("partial past the end") << QByteArray("BODY.PEEK[TEXT]<50.10>")
                                          << QByteArray("S: * 1 FETCH (BODY[TEXT]<50> {0}\nS: )");
    QTest::newRow("header fields")
        << QByteArray("BODY.PEEK[HEADER.FIELDS (subject)]")
        << QByteArray("S: * 1 FETCH (BODY[HEADER.FIELDS (SUBJECT)] {18}\n"
                      "S: Subject: Hello\nS: \nS: )");
    QTest::newRow("part 1 of a single part")
        << QByteArray("BODY.PEEK[1]")
        << QByteArray("S: * 1 FETCH (BODY[1] {11}\nS: Hi Alice.\nS: )");
    QTest::newRow("missing part") << QByteArray("BODY.PEEK[3]")
                                  << QByteArray("S: * 1 FETCH (BODY[3] \"\")");
    QTest::newRow("RFC822.HEADER")
        << QByteArray("RFC822.HEADER")
        << "S: * 1 FETCH (RFC822.HEADER {" + QByteArray::number(kMessage.size() - 11) + "}\nS: "
            + kMessage.left(kMessage.size() - 15).replace("\r\n", "\nS: ") + "\nS: \nS: )";
}

void TestImapSessionMessages::fetchSections()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, response);
    ServerFixture fixture;
    seed(fixture, kInbox);
    Client client(fixture);
    QVERIFY(client.play("C: a FETCH 1 " + command + "\n" + response + "\nS: a OK FETCH completed"));
    // None of these is read as reading the message.
    QCOMPARE(fixture.store->messages(kAlice, kInbox).first().flags, QList<QByteArray>());
}

void TestImapSessionMessages::fetchBodySetsSeen()
{
    ServerFixture fixture;
    seedThree(fixture);
    Client client(fixture);
    // RFC 3501 s6.4.5: BODY[...] sets \Seen, and the FETCH says so with FLAGS.
    QVERIFY(client.play("C: a FETCH 2 BODY[TEXT]\n"
                        "S: * 2 FETCH (BODY[TEXT] {11}\n"
                        "S: Hi Alice.\n"
                        "S:  FLAGS (\\Seen \\Recent))\n"
                        "S: a OK FETCH completed\n"
                        "C: b FETCH 2 BODY[TEXT]\n"
                        "S: * 2 FETCH (BODY[TEXT] {11}\n"
                        "S: Hi Alice.\n"
                        "S: )\n"
                        "S: b OK FETCH completed\n"
                        "C: c FETCH 3 (FLAGS RFC822.TEXT)\n"
                        "S: * 3 FETCH (FLAGS (\\Flagged \\Seen \\Recent) RFC822.TEXT {11}\n"
                        "S: Hi Alice.\n"
                        "S: )\n"
                        "S: c OK FETCH completed\n"));
    const QList<MessageRecord> records = fixture.store->messages(kAlice, kInbox);
    QVERIFY(records.at(1).hasFlag("\\Seen"));
    QVERIFY(records.at(2).hasFlag("\\Seen"));
    // No announcement of this session's own change afterwards.
    QVERIFY(client.play("C: d NOOP\nS: d OK NOOP completed"));
}

void TestImapSessionMessages::fetchBadSets_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<bool>("empty");
    QTest::newRow("past the end") << QByteArray(
        "C: a FETCH 4 FLAGS\n"
        "S: a BAD There is no message 4: the mailbox has 3 messages.")
                                  << false;
    QTest::newRow("range past the end")
        << QByteArray("C: a FETCH 2:9 FLAGS\n"
                      "S: a BAD There is no message 9: the mailbox has 3 messages.")
        << false;
    QTest::newRow("STORE past the end")
        << QByteArray("C: a STORE 5 +FLAGS (\\Seen)\n"
                      "S: a BAD There is no message 5: the mailbox has 3 messages.")
        << false;
    QTest::newRow("COPY past the end")
        << QByteArray("C: a COPY 1,5 Trash\n"
                      "S: a BAD There is no message 5: the mailbox has 3 messages.")
        << false;
    QTest::newRow("empty mailbox")
        << QByteArray("C: a FETCH 1:* FLAGS\n"
                      "S: a BAD The mailbox is empty: no message has a sequence number.")
        << true;
    QTest::newRow("star in an empty mailbox")
        << QByteArray("C: a FETCH * FLAGS\n"
                      "S: a BAD The mailbox is empty: no message has a sequence number.")
        << true;
    QTest::newRow("UID in an empty mailbox")
        << QByteArray("C: a UID FETCH 1:* FLAGS\nS: a OK FETCH completed") << true;
    QTest::newRow("MODSEQ") << QByteArray(
        "C: a FETCH 1 (FLAGS MODSEQ)\n"
        "S: a BAD MODSEQ needs CONDSTORE, which this server does not offer.")
                            << false;
}

void TestImapSessionMessages::fetchBadSets()
{
    QFETCH(QByteArray, script);
    QFETCH(bool, empty);
    ServerFixture fixture;
    if (!empty)
        seedThree(fixture);
    Client client(fixture);
    QVERIFY(client.play(script + "\nC: z NOOP\nS: z OK NOOP completed"));
}

void TestImapSessionMessages::fetchLargeAnswerInTurns()
{
    ServerFixture fixture;
    const QByteArray big = "Subject: big\r\n\r\n" + QByteArray(8000, 'x') + "\r\n";
    QByteArray expected;
    for (int i = 1; i <= 300; ++i) {
        seed(fixture, kInbox, {}, big);
        expected += "* " + QByteArray::number(i) + " FETCH (UID " + QByteArray::number(i)
            + " BODY[] {" + QByteArray::number(big.size()) + "}\r\n" + big + ")\r\n";
    }
    expected += "a OK FETCH completed\r\nb OK NOOP completed\r\n";
    Client client(fixture);
    client.session.receive("a UID FETCH 1:* BODY.PEEK[]\r\nb NOOP\r\n");
    // The answer (2.4 MB) goes out over several turns of the event loop, and the NOOP after
    // it waits its turn.
    QVERIFY(client.transport.written.size() < expected.size());
    QVERIFY(client.transport.written.size() > 1024 * 1024);
    QVERIFY(!client.transport.written.contains("b OK"));
    QTRY_COMPARE_WITH_TIMEOUT(client.transport.written.size(), expected.size(), 5000);
    QVERIFY(client.transport.take() == expected);
}

void TestImapSessionMessages::fetchFaultDropsMidAnswer()
{
    ServerFixture fixture(configWith([](ServerConfig &c) {
        c.faults << *FaultRule::parse(QStringLiteral("imap:FETCH:drop-after-bytes:30"));
    }));
    seedThree(fixture);
    Client client(fixture);
    client.session.receive("a FETCH 1:* BODY.PEEK[]\r\nb NOOP\r\n");
    const QByteArray answer =
        "* 1 FETCH (BODY[] {" + QByteArray::number(kMessage.size()) + "}\r\n" + kMessage + ")\r\n";
    QCOMPARE(client.transport.take(), answer.left(30));
    QVERIFY(client.transport.closed);
}

void TestImapSessionMessages::store_data()
{
    QTest::addColumn<QByteArray>("script");
    QTest::addColumn<QByteArray>("flags"); // of message 2 afterwards, in the store
    QTest::newRow("add") << QByteArray("C: a STORE 2:3 +FLAGS (\\Answered)\n"
                                       "S: * 2 FETCH (FLAGS (\\Answered \\Recent))\n"
                                       "S: * 3 FETCH (FLAGS (\\Answered \\Flagged \\Recent))\n"
                                       "S: a OK STORE completed")
                         << QByteArray("\\Answered");
    QTest::newRow("remove") << QByteArray("C: a STORE 1:3 -FLAGS (\\Seen \\Flagged)\n"
                                          "S: * 1 FETCH (FLAGS (\\Recent))\n"
                                          "S: * 2 FETCH (FLAGS (\\Recent))\n"
                                          "S: * 3 FETCH (FLAGS (\\Recent))\n"
                                          "S: a OK STORE completed")
                            << QByteArray();
    QTest::newRow("replace, case of system flags")
        << QByteArray("C: a STORE 2 FLAGS (\\DRAFT \\seen)\n"
                      "S: * 2 FETCH (FLAGS (\\Seen \\Draft \\Recent))\n"
                      "S: a OK STORE completed")
        << QByteArray("\\Seen \\Draft");
    QTest::newRow("silent") << QByteArray("C: a STORE 2 +FLAGS.SILENT (\\Deleted)\n"
                                          "S: a OK STORE completed")
                            << QByteArray("\\Deleted");
    QTest::newRow("UID STORE") << QByteArray("C: a UID STORE 2,9 +FLAGS \\Flagged\n"
                                             "S: * 2 FETCH (UID 2 FLAGS (\\Flagged \\Recent))\n"
                                             "S: a OK STORE completed")
                               << QByteArray("\\Flagged");
    // A keyword the client has not seen yet: the FLAGS list grows (RFC 3501 s7.2.6).
    QTest::newRow("new keyword") << QByteArray(
        "C: a STORE 2 +FLAGS ($Work)\n"
        "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)\n"
        "S: * 2 FETCH (FLAGS ($Work \\Recent))\n"
        "S: a OK STORE completed")
                                 << QByteArray("$Work");
    QTest::newRow("\\Recent") << QByteArray(
        "C: a STORE 2 +FLAGS (\\Recent)\n"
        "S: a BAD \\Recent cannot be set by a client (RFC 3501 s2.3.2)")
                              << QByteArray();
    QTest::newRow("unknown system flag")
        << QByteArray("C: a STORE 2 +FLAGS (\\Important)\n"
                      "S: a BAD \\Important is not a system flag; keywords have no backslash.")
        << QByteArray();
}

void TestImapSessionMessages::store()
{
    QFETCH(QByteArray, script);
    QFETCH(QByteArray, flags);
    ServerFixture fixture;
    seedThree(fixture);
    Client client(fixture);
    QVERIFY(client.play(script + "\nC: z NOOP\nS: z OK NOOP completed"));
    QCOMPARE(fixture.store->messages(kAlice, kInbox).at(1).flags,
             flags.isEmpty() ? QList<QByteArray>() : flags.split(' '));
}

void TestImapSessionMessages::search_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("response");
    QTest::newRow("all") << QByteArray("SEARCH ALL") << QByteArray("S: * SEARCH 1 2 3");
    QTest::newRow("unseen") << QByteArray("SEARCH UNSEEN") << QByteArray("S: * SEARCH 2 3");
    QTest::newRow("nothing") << QByteArray("SEARCH DELETED") << QByteArray("S: * SEARCH");
    QTest::newRow("text, charset")
        << QByteArray("SEARCH CHARSET UTF-8 SUBJECT other") << QByteArray("S: * SEARCH 2");
    QTest::newRow("UID SEARCH") << QByteArray("UID SEARCH FLAGGED") << QByteArray("S: * SEARCH 3");
    QTest::newRow("sequence set") << QByteArray("SEARCH 2:* NOT FLAGGED")
                                  << QByteArray("S: * SEARCH 2");
    QTest::newRow("recent") << QByteArray("SEARCH RECENT SEEN") << QByteArray("S: * SEARCH 1");
    // RFC 4731 s3.1.
    QTest::newRow("ESEARCH") << QByteArray("SEARCH RETURN (MIN MAX COUNT ALL) UNSEEN")
                             << QByteArray("S: * ESEARCH (TAG \"a\") MIN 2 MAX 3 COUNT 2 ALL 2:3");
    QTest::newRow("ESEARCH, UID, ALL by default")
        << QByteArray("UID SEARCH RETURN () 1,3")
        << QByteArray("S: * ESEARCH (TAG \"a\") UID ALL 1,3");
    QTest::newRow("ESEARCH, no match") << QByteArray("SEARCH RETURN (COUNT MIN) DRAFT")
                                       << QByteArray("S: * ESEARCH (TAG \"a\") COUNT 0");
}

void TestImapSessionMessages::search()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, response);
    ServerFixture fixture;
    seed(fixture, kInbox, { "\\Seen" });
    seed(fixture, kInbox, {}, QByteArray(kMessage).replace("Subject: Hello", "Subject: Another"));
    seed(fixture, kInbox, { "\\Flagged" });
    Client client(fixture);
    QVERIFY(client.play("C: a " + command + "\n" + response + "\nS: a OK SEARCH completed"));
}

void TestImapSessionMessages::copy()
{
    ServerFixture fixture;
    seedThree(fixture);
    seed(fixture, QStringLiteral("Trash"));
    Client client(fixture);
    // RFC 4315 s3: COPYUID uidvalidity source destination.
    QVERIFY(client.play("C: a COPY 1,3 Trash\n"
                        "S: a OK [COPYUID $V(Trash) 1,3 2:3] COPY completed\n"
                        "C: b UID COPY 2:9 Trash\n"
                        "S: b OK [COPYUID $V(Trash) 2:3 4:5] COPY completed\n"
                        "C: c UID COPY 7 Trash\n"
                        "S: c OK No messages to copy\n"
                        "C: d COPY 1 Nowhere\n"
                        "S: d NO [TRYCREATE] There is no mailbox of that name.\n"
                        "C: e SELECT Trash\n"
                        "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\n"
                        "S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft "
                        "\\*)] Flags permitted.\n"
                        "S: * 5 EXISTS\n"
                        "S: * 5 RECENT\n"
                        "S: * OK [UNSEEN 1] First unseen.\n"
                        "S: * OK [UIDVALIDITY $V(Trash)] UIDs valid\n"
                        "S: * OK [UIDNEXT 6] Predicted next UID\n"
                        "S: e OK [READ-WRITE] SELECT completed\n"
                        "C: f UID FETCH 1:* FLAGS\n"
                        "S: * 1 FETCH (UID 1 FLAGS (\\Recent))\n"
                        "S: * 2 FETCH (UID 2 FLAGS (\\Seen \\Recent))\n"
                        "S: * 3 FETCH (UID 3 FLAGS (\\Flagged \\Recent))\n"
                        "S: * 4 FETCH (UID 4 FLAGS (\\Recent))\n"
                        "S: * 5 FETCH (UID 5 FLAGS (\\Flagged \\Recent))\n"
                        "S: f OK FETCH completed"));
}

void TestImapSessionMessages::move()
{
    ServerFixture fixture;
    QStringList lines;
    connect(&fixture.context, &ServerContext::logged, this,
            [&](const QString &line) { lines << line; });
    seedThree(fixture);
    seed(fixture, kInbox);
    Client client(fixture);
    // RFC 6851 s4.3: COPYUID untagged, then the EXPUNGEs, then the tagged OK.
    QVERIFY(client.play("C: a MOVE 2 Junk\n"
                        "S: * OK [COPYUID $V(Junk) 2 1] Moved UIDs.\n"
                        "S: * 2 EXPUNGE\n"
                        "S: a OK MOVE completed\n"
                        "C: b UID MOVE 1,4 Junk\n"
                        "S: * OK [COPYUID $V(Junk) 1,4 2:3] Moved UIDs.\n"
                        "S: * 1 EXPUNGE\n"
                        "S: * 2 EXPUNGE\n"
                        "S: b OK MOVE completed\n"
                        "C: c FETCH 1:* UID\n"
                        "S: * 1 FETCH (UID 3)\n"
                        "S: c OK FETCH completed\n"
                        "C: d MOVE 1 Nowhere\n"
                        "S: d NO [TRYCREATE] There is no mailbox of that name.\n"
                        "C: e EXAMINE Junk\n"
                        "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\n"
                        "S: * OK [PERMANENTFLAGS ()] Read-only mailbox.\n"
                        "S: * 3 EXISTS\n"
                        "S: * 0 RECENT\n"
                        "S: * OK [UNSEEN 1] First unseen.\n"
                        "S: * OK [UIDVALIDITY $V(Junk)] UIDs valid\n"
                        "S: * OK [UIDNEXT 4] Predicted next UID\n"
                        "S: e OK [READ-ONLY] EXAMINE completed\n"
                        "C: f UID FETCH 1:* FLAGS\n"
                        "S: * 1 FETCH (UID 1 FLAGS ())\n"
                        "S: * 2 FETCH (UID 2 FLAGS (\\Seen))\n"
                        "S: * 3 FETCH (UID 3 FLAGS ())\n"
                        "S: f OK FETCH completed\n"
                        "C: g MOVE 1 INBOX\n"
                        "S: g NO The mailbox is read-only: SELECT it (not EXAMINE) to change it."));
    QVERIFY(lines.join(u'\n').contains(QStringLiteral("move 2 messages to Junk")));
}

void TestImapSessionMessages::expunge()
{
    ServerFixture fixture;
    QStringList lines;
    connect(&fixture.context, &ServerContext::logged, this,
            [&](const QString &line) { lines << line; });
    seedThree(fixture);
    seed(fixture, kInbox);
    Client client(fixture);
    QVERIFY(client.play("C: a STORE 1,3:4 +FLAGS.SILENT (\\Deleted)\n"
                        "S: a OK STORE completed\n"
                        "C: b EXPUNGE\n"
                        "S: * 1 EXPUNGE\n"
                        "S: * 2 EXPUNGE\n"
                        "S: * 2 EXPUNGE\n"
                        "S: b OK EXPUNGE completed\n"
                        "C: c FETCH 1:* UID\n"
                        "S: * 1 FETCH (UID 2)\n"
                        "S: c OK FETCH completed\n"
                        "C: d EXPUNGE\n"
                        "S: d OK EXPUNGE completed"));
    QVERIFY(lines.join(u'\n').contains(QStringLiteral("expunged 3 messages from INBOX")));
}

void TestImapSessionMessages::uidExpungeTakesOnlyItsSet()
{
    ServerFixture fixture;
    seed(fixture, kInbox, { "\\Deleted" });
    seed(fixture, kInbox, { "\\Deleted" });
    seed(fixture, kInbox);
    Client client(fixture);
    // RFC 4315 s2.1: only the \Deleted messages of the set go.
    QVERIFY(client.play("C: a UID EXPUNGE 2:3\n"
                        "S: * 2 EXPUNGE\n"
                        "S: a OK EXPUNGE completed\n"
                        "C: b UID FETCH 1:* FLAGS\n"
                        "S: * 1 FETCH (UID 1 FLAGS (\\Deleted \\Recent))\n"
                        "S: * 2 FETCH (UID 3 FLAGS (\\Recent))\n"
                        "S: b OK FETCH completed"));
}

QTEST_GUILESS_MAIN(TestImapSessionMessages)
#include "tst_imapsessionmessages.moc"
