// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapCommandParser.h"
#include "server/imap/ImapCommandReader.h"

#include "ImapCommandText.h"

#include <QRandomGenerator>
#include <QTest>

using magpie::server::ImapCommandParser;
using magpie::server::ImapCommandReader;
using magpie::server::testing::commandText;

namespace {

ImapCommandParser::Options utf8Options()
{
    ImapCommandParser::Options options;
    options.utf8Accept = true;
    return options;
}

} // namespace

class TestImapCommandParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void parsesThroughTheReader_data() { parses_data(); }
    void parsesThroughTheReader();
    void refuses_data();
    void refuses();
    void mailboxNamesAsUtf8_data();
    void mailboxNamesAsUtf8();
    void bareLineFeedAndNoLineEnd();
    void appendKeepsTheMessageExactly();
    void deepNestingIsRefusedNotOverflowed();
    void randomInputNeverCrashes();
};

// Each row: the command as the client sends it (CRLF added) and what it must parse to, as
// ImapCommandText.h writes it.
void TestImapCommandParser::parses_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("expected");
    const auto row = [](const char *name, const QByteArray &command, const QByteArray &expected) {
        QTest::newRow(name) << command << expected;
    };

    // Any state (RFC 3501 s6.1) and the commands without arguments.
    row("CAPABILITY", "a1 CAPABILITY", "a1 CAPABILITY");
    row("lower case", "a1 capability", "a1 CAPABILITY");
    row("NOOP", "a NOOP", "a NOOP");
    row("LOGOUT", "A0001 LOGOUT", "A0001 LOGOUT");
    row("STARTTLS", "a STARTTLS", "a STARTTLS");
    row("NAMESPACE", "a NAMESPACE", "a NAMESPACE");
    row("CHECK", "a CHECK", "a CHECK");
    row("CLOSE", "a CLOSE", "a CLOSE");
    row("UNSELECT", "a UNSELECT", "a UNSELECT");
    row("EXPUNGE", "a EXPUNGE", "a EXPUNGE");
    row("IDLE", "a IDLE", "a IDLE");
    row("tag with punctuation", "a.1-b_c]~ NOOP", "a.1-b_c]~ NOOP");

    // Login (RFC 3501 s6.2, RFC 4959).
    row("AUTHENTICATE", "a AUTHENTICATE plain", "a AUTHENTICATE mechanism=PLAIN");
    row("AUTHENTICATE initial response", "a AUTHENTICATE PLAIN AGFsaWNlAHNlY3JldA==",
        "a AUTHENTICATE mechanism=PLAIN ir=AGFsaWNlAHNlY3JldA==");
    row("AUTHENTICATE empty initial response",
        "a AUTHENTICATE EXTERNAL =", "a AUTHENTICATE mechanism=EXTERNAL ir==");
    row("AUTHENTICATE base64 with + and /",
        "a AUTHENTICATE X ab+/cd==", "a AUTHENTICATE mechanism=X ir=ab+/cd==");
    row("LOGIN atoms", "a LOGIN alice secret", "a LOGIN user=alice password=secret");
    row("LOGIN quoted", "a LOGIN \"alice@example.test\" \"se\\\"c\\\\ret\"",
        "a LOGIN user=alice@example.test password=se\"c\\ret");
    row("LOGIN literals", "a LOGIN {5}\r\nalice {7+}\r\nsec ret",
        "a LOGIN user=alice password=sec ret");
    row("LOGIN empty quoted password", "a LOGIN alice \"\"", "a LOGIN user=alice password=");
    row("LOGIN UTF-8 in a quoted string", "a LOGIN \"j\xc3\xb6rg\" x",
        "a LOGIN user=j\xc3\xb6rg password=x");
    row("LOGIN with ] in an atom", "a LOGIN al]ce pw", "a LOGIN user=al]ce password=pw");

    // RFC 2971, RFC 5161, RFC 2342.
    row("ID NIL", "a ID NIL", "a ID");
    row("ID empty", "a ID ()", "a ID");
    row("ID pairs", "a ID (\"name\" \"Magpie\" \"version\" NIL)",
        "a ID id=name:Magpie id=version:NIL");
    row("ENABLE", "a ENABLE condstore UTF8=ACCEPT", "a ENABLE enable=CONDSTORE,UTF8=ACCEPT");

    // Mailboxes (RFC 3501 s6.3).
    row("SELECT", "a SELECT Drafts", "a SELECT mailbox=Drafts");
    row("SELECT inbox in any case", "a SELECT iNbOx", "a SELECT mailbox=INBOX");
    row("SELECT quoted INBOX", "a SELECT \"INBOX\"", "a SELECT mailbox=INBOX");
    row("SELECT INBOX child keeps its case", "a SELECT inbox/Sub", "a SELECT mailbox=inbox/Sub");
    row("SELECT modified UTF-7", "a SELECT Entw&APw-rfe", "a SELECT mailbox=Entw\xc3\xbcrfe");
    row("SELECT ampersand", "a SELECT \"Tom &- Jerry\"", "a SELECT mailbox=Tom & Jerry");
    row("SELECT literal", "a SELECT {6}\r\nSent A", "a SELECT mailbox=Sent A");
    row("SELECT CONDSTORE", "a SELECT INBOX (CONDSTORE)", "a SELECT mailbox=INBOX condstore");
    row("EXAMINE CONDSTORE", "a EXAMINE INBOX (condstore)", "a EXAMINE mailbox=INBOX condstore");
    row("CREATE", "a CREATE \"Work/2024\"", "a CREATE mailbox=Work/2024");
    row("DELETE", "a DELETE Old", "a DELETE mailbox=Old");
    row("RENAME", "a RENAME Old \"New Name\"", "a RENAME mailbox=Old new=New Name");
    row("SUBSCRIBE", "a SUBSCRIBE Lists", "a SUBSCRIBE mailbox=Lists");
    row("UNSUBSCRIBE", "a UNSUBSCRIBE Lists", "a UNSUBSCRIBE mailbox=Lists");
    row("LIST", "a LIST \"\" *", "a LIST reference= patterns=*");
    row("LIST percent", "a LIST \"\" %", "a LIST reference= patterns=%");
    row("LIST delimiter query", "a LIST \"\" \"\"", "a LIST reference= patterns=");
    row("LIST reference and pattern", "a LIST ~/Mail/ %/x*",
        "a LIST reference=~/Mail/ patterns=%/x*");
    row("LIST inbox pattern", "a LIST \"\" inbox", "a LIST reference= patterns=INBOX");
    row("LIST UTF-7 pattern", "a LIST \"\" &AMk-*", "a LIST reference= patterns=\xc3\x89*");
    row("LIST SPECIAL-USE selection", "a LIST (SPECIAL-USE) \"\" *",
        "a LIST reference= patterns=* select-special-use");
    row("LIST empty selection", "a LIST () \"\" *", "a LIST reference= patterns=*");
    row("LIST several patterns", "a LIST \"\" (INBOX Drafts \"Sent*\")",
        "a LIST reference= patterns=INBOX|Drafts|Sent*");
    row("LIST RETURN", "a LIST \"\" % RETURN (SPECIAL-USE CHILDREN subscribed)",
        "a LIST reference= patterns=% return-subscribed return-children return-special-use");
    row("LIST RETURN empty", "a LIST \"\" % RETURN ()", "a LIST reference= patterns=%");
    row("LIST RFC 5258 everything",
        "a LIST (SUBSCRIBED REMOTE RECURSIVEMATCH) \"\" (% */x) RETURN (CHILDREN)",
        "a LIST reference= patterns=%|*/x select-subscribed select-recursivematch return-children");
    row("LSUB", "a LSUB \"#news.\" \"comp.mail.*\"",
        "a LSUB reference=#news. patterns=comp.mail.*");
    row("STATUS", "a STATUS INBOX (MESSAGES UIDNEXT uidvalidity UNSEEN RECENT)",
        "a STATUS mailbox=INBOX status=MESSAGES,UIDNEXT,UIDVALIDITY,UNSEEN,RECENT");
    row("STATUS RFC 9051 and CONDSTORE items", "a STATUS x (SIZE DELETED HIGHESTMODSEQ)",
        "a STATUS mailbox=x status=SIZE,DELETED,HIGHESTMODSEQ");
    row("APPEND", "a APPEND Drafts {5}\r\nHello", "a APPEND mailbox=Drafts flags=() message=Hello");
    row("APPEND flags and date",
        "a APPEND saved-messages (\\Seen $Forwarded) \"07-Feb-1994 21:52:25 -0800\" {3+}\r\nabc",
        "a APPEND mailbox=saved-messages flags=(\\Seen $Forwarded) date=1994-02-07T21:52:25-08:00 "
        "message=abc");
    row("APPEND date with a space-padded day", "a APPEND x \" 7-Feb-1994 21:52:25 +0000\" {1}\r\nm",
        "a APPEND mailbox=x flags=() date=1994-02-07T21:52:25Z message=m");
    row("APPEND empty flag list", "a APPEND x () {1}\r\nm",
        "a APPEND mailbox=x flags=() message=m");
    row("APPEND literal8", QByteArray("a APPEND x ~{4}\r\na\0bc", 21),
        QByteArray("a APPEND mailbox=x flags=() message=a\0bc", 40));
    row("APPEND literal mailbox", "a APPEND {6}\r\nDrafts {2}\r\nhi",
        "a APPEND mailbox=Drafts flags=() message=hi");
    row("APPEND empty message", "a APPEND x {0}\r\n", "a APPEND mailbox=x flags=() message=");

    // Selected state (RFC 3501 s6.4).
    row("UID EXPUNGE", "a UID EXPUNGE 3000:3002", "a UID EXPUNGE set=3000:3002");
    row("FETCH one item", "a FETCH 1 FLAGS", "a FETCH set=1 items=FLAGS");
    row("FETCH ALL", "a FETCH 1:* ALL",
        "a FETCH set=1:* items=FLAGS,INTERNALDATE,RFC822.SIZE,ENVELOPE");
    row("FETCH FAST", "a FETCH 2 fast", "a FETCH set=2 items=FLAGS,INTERNALDATE,RFC822.SIZE");
    row("FETCH FULL", "a FETCH 2 FULL",
        "a FETCH set=2 items=FLAGS,INTERNALDATE,RFC822.SIZE,ENVELOPE,BODY");
    row("FETCH list",
        "a FETCH 2:4 (FLAGS UID INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE BODY MODSEQ)",
        "a FETCH set=2:4 "
        "items=FLAGS,UID,INTERNALDATE,RFC822.SIZE,ENVELOPE,BODYSTRUCTURE,BODY,MODSEQ");
    row("FETCH RFC822 items", "a FETCH 1 (RFC822 RFC822.HEADER RFC822.TEXT)",
        "a FETCH set=1 items=RFC822,RFC822.HEADER,RFC822.TEXT");
    row("FETCH BODY[]", "a FETCH 1 BODY[]", "a FETCH set=1 items=BODY[]");
    row("FETCH BODY.PEEK[] partial", "a FETCH 1 body.peek[]<0.1024>",
        "a FETCH set=1 items=BODY.PEEK[]<0.1024>");
    row("FETCH sections",
        "a FETCH 1 (BODY[HEADER] BODY[TEXT] BODY[1] BODY[1.2.3] BODY[2.MIME] BODY[3.HEADER] "
        "BODY[3.text])",
        "a FETCH set=1 items=BODY[HEADER],BODY[TEXT],BODY[1],BODY[1.2.3],BODY[2.MIME],"
        "BODY[3.HEADER],BODY[3.TEXT]");
    row("FETCH HEADER.FIELDS", "a FETCH 1 BODY.PEEK[HEADER.FIELDS (From To \"Message-ID\")]",
        "a FETCH set=1 items=BODY.PEEK[HEADER.FIELDS (FROM TO MESSAGE-ID)]");
    row("FETCH HEADER.FIELDS.NOT on a part",
        "a FETCH 1 BODY[1.2.HEADER.FIELDS.NOT (Received)]<10.20>",
        "a FETCH set=1 items=BODY[1.2.HEADER.FIELDS.NOT (RECEIVED)]<10.20>");
    row("FETCH big partial", "a FETCH 1 BODY[]<4294967296.9000000000>",
        "a FETCH set=1 items=BODY[]<4294967296.9000000000>");
    row("FETCH CHANGEDSINCE adds MODSEQ", "a FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)",
        "a FETCH set=1:* items=FLAGS,MODSEQ condstore changedsince=12345");
    row("UID FETCH adds UID", "a UID FETCH 1:* FLAGS", "a UID FETCH set=1:* items=FLAGS,UID");
    row("UID FETCH with UID", "a UID FETCH 4827313:4828442 (UID FLAGS)",
        "a UID FETCH set=4827313:4828442 items=UID,FLAGS");
    row("UID FETCH CHANGEDSINCE", "s100 UID FETCH 1:* (FLAGS) (CHANGEDSINCE 12345)",
        "s100 UID FETCH set=1:* items=FLAGS,MODSEQ,UID condstore changedsince=12345");
    row("FETCH sequence set forms", "a FETCH 2,4:7,9,12:* FLAGS",
        "a FETCH set=2,4:7,9,12:* items=FLAGS");
    row("FETCH star", "a FETCH * FLAGS", "a FETCH set=* items=FLAGS");
    row("FETCH reversed range", "a FETCH 9:3 FLAGS", "a FETCH set=3:9 items=FLAGS");
    row("STORE", "a STORE 2:4 FLAGS (\\Deleted)", "a STORE set=2:4 flags=(\\Deleted)");
    row("STORE add silent", "a STORE 1 +FLAGS.SILENT (\\Seen $Junk)",
        "a STORE set=1 store=add silent flags=(\\Seen $Junk)");
    row("STORE remove", "a STORE * -flags \\Flagged",
        "a STORE set=* store=remove flags=(\\Flagged)");
    row("STORE flags without a list", "a STORE 1 +FLAGS \\Seen \\Answered",
        "a STORE set=1 store=add flags=(\\Seen \\Answered)");
    row("STORE empty list", "a STORE 1 FLAGS ()", "a STORE set=1 flags=()");
    row("UID STORE", "a UID STORE 10 +FLAGS (\\Seen)",
        "a UID STORE set=10 store=add flags=(\\Seen)");
    row("COPY", "a COPY 2:4 MEETING", "a COPY mailbox=MEETING set=2:4");
    row("UID COPY to INBOX", "a UID COPY 1,3 inbox", "a UID COPY mailbox=INBOX set=1,3");
    row("MOVE", "a MOVE 1:3 Trash", "a MOVE mailbox=Trash set=1:3");
    row("UID MOVE", "a UID MOVE 42 \"Junk\"", "a UID MOVE mailbox=Junk set=42");

    // SEARCH (RFC 3501 s6.4.4, RFC 4731).
    row("SEARCH flags", "a SEARCH FLAGGED UNSEEN", "a SEARCH keys=(AND FLAGGED UNSEEN)");
    row("SEARCH RFC 3501 example", "A282 SEARCH FLAGGED SINCE 1-Feb-1994 NOT FROM \"Smith\"",
        "A282 SEARCH keys=(AND FLAGGED SINCE:1994-02-01 (NOT FROM:Smith))");
    row("SEARCH every flag key",
        "a SEARCH ALL ANSWERED DELETED DRAFT FLAGGED NEW OLD RECENT SEEN UNANSWERED UNDELETED "
        "UNDRAFT UNFLAGGED UNSEEN",
        "a SEARCH keys=(AND ALL ANSWERED DELETED DRAFT FLAGGED NEW OLD RECENT SEEN UNANSWERED "
        "UNDELETED UNDRAFT UNFLAGGED UNSEEN)");
    row("SEARCH text keys", "a SEARCH BCC b BODY \"two words\" CC c FROM f SUBJECT s TEXT t TO x",
        "a SEARCH keys=(AND BCC:b BODY:two words CC:c FROM:f SUBJECT:s TEXT:t TO:x)");
    row("SEARCH dates",
        "a search before 1-Jan-2000 on \"31-Dec-1999\" SENTBEFORE 01-mar-2001 SENTON 2-Feb-2002 "
        "SENTSINCE 3-Mar-2003",
        "a SEARCH keys=(AND BEFORE:2000-01-01 ON:1999-12-31 SENTBEFORE:2001-03-01 "
        "SENTON:2002-02-02 SENTSINCE:2003-03-03)");
    row("SEARCH sizes", "a SEARCH LARGER 1000 SMALLER 5000000000",
        "a SEARCH keys=(AND LARGER:1000 SMALLER:5000000000)");
    row("SEARCH keywords", "a SEARCH KEYWORD $Junk UNKEYWORD $NotJunk",
        "a SEARCH keys=(AND KEYWORD:$Junk UNKEYWORD:$NotJunk)");
    row("SEARCH HEADER", "a SEARCH HEADER List-Id \"<dev.lists>\"",
        "a SEARCH keys=(AND HEADER:List-Id:<dev.lists>)");
    row("SEARCH HEADER empty text", "a SEARCH HEADER X-Spam \"\"",
        "a SEARCH keys=(AND HEADER:X-Spam:)");
    row("SEARCH OR", "a SEARCH OR SEEN FLAGGED", "a SEARCH keys=(AND (OR SEEN FLAGGED))");
    row("SEARCH nested OR and NOT", "a SEARCH OR (FROM a TO b) NOT (OR SEEN (DELETED DRAFT))",
        "a SEARCH keys=(AND (OR (AND FROM:a TO:b) (NOT (OR SEEN (AND DELETED DRAFT)))))");
    row("SEARCH one key in parentheses", "a SEARCH (SEEN)", "a SEARCH keys=(AND SEEN)");
    row("SEARCH sequence set key", "a SEARCH 1:5,7 UNSEEN", "a SEARCH keys=(AND SEQ:1:5,7 UNSEEN)");
    row("SEARCH star key", "a SEARCH *", "a SEARCH keys=(AND SEQ:*)");
    row("SEARCH UID key", "a SEARCH UID 100:*", "a SEARCH keys=(AND UID:100:*)");
    row("UID SEARCH", "a UID SEARCH 1:* NOT DELETED",
        "a UID SEARCH keys=(AND SEQ:1:* (NOT DELETED))");
    row("SEARCH CHARSET UTF-8", "a SEARCH CHARSET utf-8 SUBJECT {5}\r\n\xc3\xa9t\xc3\xa9",
        "a SEARCH charset=UTF-8 keys=(AND SUBJECT:\xc3\xa9t\xc3\xa9)");
    row("SEARCH CHARSET US-ASCII", "a SEARCH CHARSET US-ASCII TEXT x",
        "a SEARCH charset=US-ASCII keys=(AND TEXT:x)");
    row("SEARCH UTF-8 quoted without CHARSET", "a SEARCH FROM \"J\xc3\xb6rg\"",
        "a SEARCH keys=(AND FROM:J\xc3\xb6rg)");
    row("SEARCH RETURN", "a SEARCH RETURN (MIN COUNT) FLAGGED",
        "a SEARCH return=MIN,COUNT keys=(AND FLAGGED)");
    row("SEARCH RETURN empty means ALL", "a SEARCH RETURN () FLAGGED",
        "a SEARCH return=ALL keys=(AND FLAGGED)");
    row("UID SEARCH RETURN and CHARSET", "a UID SEARCH RETURN (MIN MAX ALL) CHARSET UTF-8 1:5000",
        "a UID SEARCH charset=UTF-8 return=MIN,MAX,ALL keys=(AND SEQ:1:5000)");
    row("SEARCH literal string", "a SEARCH SUBJECT {3+}\r\na b", "a SEARCH keys=(AND SUBJECT:a b)");
}

void TestImapCommandParser::parses()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, expected);
    ImapCommandParser::Error error;
    const auto parsed = ImapCommandParser::parse(QByteArray(command + "\r\n"), {}, &error);
    QVERIFY2(parsed.has_value(), error.message.constData());
    QCOMPARE(commandText(*parsed), expected);
}

// The same rows cut by the reader first, in two arbitrary reads: what reaches the parser is
// what the client sent, literals included.
void TestImapCommandParser::parsesThroughTheReader()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, expected);
    const QByteArray wire = command + "\r\n";
    ImapCommandReader reader(ImapCommandReader::Limits {});
    reader.append(QByteArrayView(wire).first(wire.size() / 2));
    reader.append(QByteArrayView(wire).sliced(wire.size() / 2));
    QByteArray whole;
    for (auto step = reader.next(); step.kind != ImapCommandReader::Step::Kind::NeedMore;
         step = reader.next()) {
        if (step.kind == ImapCommandReader::Step::Kind::Command)
            whole = step.command;
    }
    QCOMPARE(whole, wire);
    const auto parsed = ImapCommandParser::parse(whole, {}, nullptr);
    QVERIFY(parsed);
    QCOMPARE(commandText(*parsed), expected);
}

void TestImapCommandParser::refuses_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("tag");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<bool>("refusal"); // NO rather than BAD
    const auto row = [](const char *name, const QByteArray &command, const QByteArray &tag,
                        const QByteArray &message, bool refusal = false) {
        QTest::newRow(name) << command << tag << message << refusal;
    };

    // The frame: tag and command name.
    row("empty line", "", "*", "Empty command line: expected a tag and a command");
    row("tag only", "a", "a", "Missing command after the tag");
    row("tag and space", "a ", "a", "Missing command after the tag");
    row("plus in tag", "a+1 NOOP", "*",
        "Invalid tag: letters, digits and punctuation except + ( ) { % * \" \\ (RFC 3501 s9)");
    row("continuation as tag", "+ NOOP", "*",
        "Invalid tag: letters, digits and punctuation except + ( ) { % * \" \\ (RFC 3501 s9)");
    row("star tag", "* NOOP", "*",
        "Invalid tag: letters, digits and punctuation except + ( ) { % * \" \\ (RFC 3501 s9)");
    row("leading space", " a NOOP", "*",
        "Invalid tag: letters, digits and punctuation except + ( ) { % * \" \\ (RFC 3501 s9)");
    row("8-bit tag", "\xc3\xa9 NOOP", "*",
        "Invalid tag: letters, digits and punctuation except + ( ) { % * \" \\ (RFC 3501 s9)");
    row("two spaces", "a  NOOP", "a", "Expected a command at \" NOOP\"");
    row("tab", "a\tNOOP", "*",
        "Invalid tag: letters, digits and punctuation except + ( ) { % * \" \\ (RFC 3501 s9)");
    row("unknown command", "a FOO", "a", "Unknown command FOO");
    row("unknown command, lower case", "a frob x y", "a", "Unknown command FROB");
    row("8-bit command", "a N\xc3\xb6OP", "a",
        "8-bit characters are not allowed outside quoted strings and literals");
    row("IDLE's DONE is not a command", "DONE", "DONE", "Missing command after the tag");
    row("UID alone", "a UID", "a",
        "Missing command after UID: expected FETCH, STORE, SEARCH, COPY, MOVE or EXPUNGE");
    row("UID unknown", "a UID LOGIN x y", "a", "Unknown command UID LOGIN");
    row("extra text", "a NOOP now", "a", "Unexpected text after the command at \" now\"");
    row("extra space", "a LOGOUT ", "a", "Unexpected text after the command at \" \"");
    row("NUL byte", QByteArray("a NOOP\0", 7), "a", "Unexpected text after the command at \"?\"");

    // Arguments.
    row("AUTHENTICATE without mechanism", "a AUTHENTICATE", "a",
        "Missing mechanism name after AUTHENTICATE");
    row("AUTHENTICATE bad base64", "a AUTHENTICATE PLAIN abc", "a",
        "Invalid initial response after AUTHENTICATE: expected base64 or = (RFC 4959)");
    row("AUTHENTICATE bad base64 character", "a AUTHENTICATE PLAIN ab-d", "a",
        "Invalid initial response after AUTHENTICATE: expected base64 or = (RFC 4959)");
    row("LOGIN without arguments", "a LOGIN", "a", "Missing user name after LOGIN");
    row("LOGIN without password", "a LOGIN alice", "a", "Missing password after LOGIN");
    row("LOGIN extra argument", "a LOGIN alice secret more", "a",
        "Unexpected text after the command at \" more\"");
    row("LOGIN unterminated quote", "a LOGIN \"alice secret", "a", "Unterminated quoted string");
    row("LOGIN bad escape", "a LOGIN \"al\\ice\" x", "a",
        "A backslash in a quoted string must be followed by \" or \\");
    row("LOGIN 8-bit atom", "a LOGIN j\xc3\xb6rg x", "a",
        "8-bit characters are not allowed outside quoted strings and literals");
    row("LOGIN literal too short", "a LOGIN {10}\r\nabc", "a",
        "The literal is longer than the data sent");
    row("LOGIN literal without line end", "a LOGIN {3} abc", "a",
        "Invalid literal: expected {n} or {n+} at the end of a line");
    row("LOGIN literal with a bad number", "a LOGIN {3x}\r\nabc x", "a",
        "Invalid literal: expected {n} or {n+} at the end of a line");
    row("LOGIN literal over 2^63", "a LOGIN {99999999999999999999}\r\nabc x", "a",
        "The number 99999999999999999999 is too large");
    row("LOGIN NUL in literal", QByteArray("a LOGIN {3}\r\na\0c x", 17), "a",
        "NUL bytes are not allowed in a literal string (RFC 3501 s9)");
    row("LOGIN NUL in quoted", QByteArray("a LOGIN \"a\0c\" x", 15), "a",
        "NUL bytes are not allowed in a command (RFC 3501 s9)");
    row("LOGIN literal8", "a LOGIN ~{3}\r\nabc x", "a",
        "A literal8 (~{n}) is only allowed for APPEND's message");
    row("ID without list", "a ID", "a", "Missing parameter list or NIL after ID");
    row("ID atom", "a ID name", "a", "Invalid parameter list in ID at \"name\"");
    row("ID odd count", "a ID (\"name\")", "a",
        "Invalid ID parameters: expected pairs of a quoted field name and a quoted value or NIL "
        "(RFC 2971)");
    row("ID unclosed", "a ID (\"name\" \"x\"", "a", "Expected ) after the ID parameters");
    row("ENABLE nothing", "a ENABLE", "a", "Missing capability names after ENABLE");
    row("SELECT without mailbox", "a SELECT", "a", "Missing mailbox name after SELECT");
    row("SELECT with space only", "a SELECT ", "a", "Missing mailbox name after SELECT");
    row("SELECT two mailboxes", "a SELECT INBOX Drafts", "a",
        "Expected ( to start the SELECT parameters");
    row("SELECT unknown parameter", "a SELECT INBOX (QRESYNC (1 2))", "a",
        "Unsupported SELECT parameter QRESYNC: only CONDSTORE is known");
    row("SELECT empty parameters", "a SELECT INBOX ()", "a",
        "Invalid parameter in SELECT at \")\"");
    row("SELECT invalid UTF-7", "a SELECT &AOk", "a",
        "The mailbox name &AOk is not valid modified UTF-7 (RFC 3501 s5.1.3)");
    row("SELECT raw UTF-8 without UTF8=ACCEPT", "a SELECT \"Entw\xc3\xbcrfe\"", "a",
        "The mailbox name Entw??rfe is not valid modified UTF-7 (RFC 3501 s5.1.3)");
    row("SELECT wildcard", "a SELECT Dra*", "a", "Unexpected text after the command at \"*\"");
    row("CREATE without mailbox", "a CREATE", "a", "Missing mailbox name after CREATE");
    row("CREATE parenthesis", "a CREATE (x)", "a", "Invalid mailbox name in CREATE at \"(x)\"");
    row("DELETE without mailbox", "a DELETE", "a", "Missing mailbox name after DELETE");
    row("RENAME one name", "a RENAME Old", "a", "Missing new mailbox name after RENAME");
    row("SUBSCRIBE without mailbox", "a SUBSCRIBE", "a", "Missing mailbox name after SUBSCRIBE");
    row("LIST without arguments", "a LIST", "a", "Missing reference name after LIST");
    row("LIST without pattern", "a LIST \"\"", "a", "Missing mailbox pattern after LIST");
    row("LIST unknown selection", "a LIST (FOO) \"\" *", "a",
        "Unknown LIST selection option at \"FOO) \"\" *\": expected SUBSCRIBED, SPECIAL-USE, "
        "REMOTE or RECURSIVEMATCH");
    row("LIST RECURSIVEMATCH alone", "a LIST (RECURSIVEMATCH) \"\" *", "a",
        "RECURSIVEMATCH needs another selection option such as SUBSCRIBED (RFC 5258 s3.1)");
    row("LIST unknown return", "a LIST \"\" * RETURN (STATUS (MESSAGES))", "a",
        "Unknown LIST return option at \"STATUS (MESSAGES))\": expected SUBSCRIBED, CHILDREN or "
        "SPECIAL-USE");
    row("LIST RETURN without list", "a LIST \"\" * RETURN", "a", "Expected ( after RETURN in LIST");
    row("LIST empty patterns", "a LIST \"\" ()", "a", "Invalid mailbox pattern in LIST at \")\"");
    row("LIST unclosed patterns", "a LIST \"\" (a b", "a", "Expected ) after the LIST patterns");
    row("LSUB without pattern", "a LSUB \"\"", "a", "Missing mailbox pattern after LSUB");
    row("STATUS without items", "a STATUS INBOX", "a", "Missing list of status items after STATUS");
    row("STATUS empty items", "a STATUS INBOX ()", "a",
        "Unknown STATUS item at \")\": expected MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN, "
        "SIZE, DELETED or HIGHESTMODSEQ");
    row("STATUS unknown item", "a STATUS INBOX (MESSAGES FOO)", "a",
        "Unknown STATUS item at \"FOO)\": expected MESSAGES, RECENT, UIDNEXT, UIDVALIDITY, UNSEEN, "
        "SIZE, DELETED or HIGHESTMODSEQ");
    row("STATUS unclosed", "a STATUS INBOX (MESSAGES", "a", "Expected ) after the STATUS items");
    row("APPEND without message", "a APPEND Drafts", "a", "Missing message literal after APPEND");
    row("APPEND quoted message", "a APPEND Drafts \"hello\"", "a",
        "Invalid date-time \"hello\": expected one such as \"17-Jul-1996 02:44:25 -0700\"");
    row("APPEND atom message", "a APPEND Drafts hello", "a",
        "Invalid message literal in APPEND at \"hello\"");
    row("APPEND two messages", "a APPEND Drafts {1}\r\na {1}\r\nb", "a",
        "Unexpected text after the command at \" {1}\"");
    row("APPEND bad flag", "a APPEND Drafts (\\Seen \\*) {1}\r\na", "a",
        "Invalid flag in the flag list at \"\\*) {1}\"");
    row("APPEND \\Recent", "a APPEND Drafts (\\Recent) {1}\r\na", "a",
        "\\Recent cannot be set by a client (RFC 3501 s2.3.2)");
    row("APPEND bad date", "a APPEND Drafts \"31-Feb-2020 10:00:00 +0000\" {1}\r\na", "a",
        "Invalid date-time \"31-Feb-2020 10:00:00 +0000\": expected one such as \"17-Jul-1996 "
        "02:44:25 -0700\"");
    row("APPEND bad time", "a APPEND Drafts \"01-Feb-2020 25:00:00 +0000\" {1}\r\na", "a",
        "Invalid date-time \"01-Feb-2020 25:00:00 +0000\": expected one such as \"17-Jul-1996 "
        "02:44:25 -0700\"");
    row("APPEND date without zone", "a APPEND Drafts \"01-Feb-2020 10:00:00\" {1}\r\na", "a",
        "Invalid date-time \"01-Feb-2020 10:00:00\": expected one such as \"17-Jul-1996 02:44:25 "
        "-0700\"");
    row("APPEND flags after date",
        "a APPEND Drafts \"01-Feb-2020 10:00:00 +0000\" (\\Seen) {1}\r\na", "a",
        "Invalid message literal in APPEND at \"(\\Seen) {1}\"");
    row("CHECK with argument", "a CHECK now", "a", "Unexpected text after the command at \" now\"");
    row("UID EXPUNGE without set", "a UID EXPUNGE", "a", "Missing sequence set after UID EXPUNGE");
    row("FETCH without set", "a FETCH", "a", "Missing sequence set after FETCH");
    row("FETCH without items", "a FETCH 1", "a",
        "Missing FETCH items after FETCH and the sequence set");
    row("FETCH invalid set", "a FETCH 1:x FLAGS", "a", "Invalid sequence set 1:x");
    row("FETCH zero", "a FETCH 0 FLAGS", "a", "Invalid sequence set 0");
    row("FETCH 2^32", "a FETCH 4294967296 FLAGS", "a", "Invalid sequence set 4294967296");
    row("FETCH negative", "a FETCH -1 FLAGS", "a", "Invalid sequence set -1");
    row("FETCH unknown item", "a FETCH 1 FOO", "a", "Unknown FETCH item FOO");
    row("FETCH BINARY", "a FETCH 1 BINARY[1]", "a", "Unknown FETCH item BINARY");
    row("FETCH empty list", "a FETCH 1 ()", "a", "The list of FETCH items is empty");
    row("FETCH unclosed list", "a FETCH 1 (FLAGS UID", "a", "Missing ) after the FETCH items");
    row("FETCH macro in a list", "a FETCH 1 (ALL)", "a",
        "The macro ALL cannot be part of a list of FETCH items (RFC 3501 s6.4.5)");
    row("FETCH two items without list", "a FETCH 1 FLAGS UID", "a",
        "Unexpected text after the command at \" UID\"");
    row("FETCH MIME without part", "a FETCH 1 BODY[MIME]", "a",
        "Invalid body section [MIME]: expected part numbers such as 1.2, then HEADER, "
        "HEADER.FIELDS (...), HEADER.FIELDS.NOT (...), TEXT or MIME");
    row("FETCH part zero", "a FETCH 1 BODY[0]", "a",
        "Invalid body section [0]: expected part numbers such as 1.2, then HEADER, HEADER.FIELDS "
        "(...), HEADER.FIELDS.NOT (...), TEXT or MIME");
    row("FETCH trailing dot", "a FETCH 1 BODY[1.]", "a",
        "Invalid body section [1.]: expected part numbers such as 1.2, then HEADER, HEADER.FIELDS "
        "(...), HEADER.FIELDS.NOT (...), TEXT or MIME");
    row("FETCH huge part", "a FETCH 1 BODY[99999999999]", "a",
        "Invalid body section [99999999999]: expected part numbers such as 1.2, then HEADER, "
        "HEADER.FIELDS (...), HEADER.FIELDS.NOT (...), TEXT or MIME");
    row("FETCH unknown section", "a FETCH 1 BODY[FOO]", "a",
        "Invalid body section [FOO]: expected part numbers such as 1.2, then HEADER, HEADER.FIELDS "
        "(...), HEADER.FIELDS.NOT (...), TEXT or MIME");
    row("FETCH unclosed section", "a FETCH 1 BODY[TEXT", "a",
        "Expected ] to end the body section at \"\"");
    row("FETCH HEADER.FIELDS without list", "a FETCH 1 BODY[HEADER.FIELDS]", "a",
        "Expected a list of header field names after HEADER.FIELDS");
    row("FETCH HEADER.FIELDS empty list", "a FETCH 1 BODY[HEADER.FIELDS ()]", "a",
        "Expected a header field name at \")]\"");
    row("FETCH BODY.PEEK without section", "a FETCH 1 BODY.PEEK", "a",
        "Expected [ after BODY.PEEK");
    row("FETCH partial without length", "a FETCH 1 BODY[]<0>", "a",
        "Invalid partial range: expected <origin.length> with a length above zero");
    row("FETCH partial of zero", "a FETCH 1 BODY[]<0.0>", "a",
        "Invalid partial range: expected <origin.length> with a length above zero");
    row("FETCH unknown modifier", "a FETCH 1 FLAGS (VANISHED)", "a",
        "Unknown FETCH modifier VANISHED");
    row("FETCH CHANGEDSINCE without number", "a FETCH 1 FLAGS (CHANGEDSINCE)", "a",
        "Missing mod-sequence after CHANGEDSINCE");
    row("STORE without flags", "a STORE 1 FLAGS", "a", "Missing flags after FLAGS");
    row("STORE unknown item", "a STORE 1 LABELS (x)", "a",
        "Expected FLAGS, +FLAGS or -FLAGS (optionally .SILENT) in STORE");
    row("STORE UNCHANGEDSINCE", "a STORE 1 (UNCHANGEDSINCE 5) +FLAGS (\\Seen)", "a",
        "STORE modifiers such as UNCHANGEDSINCE are not supported");
    row("STORE \\*", "a STORE 1 +FLAGS \\*", "a", "Invalid flag in STORE at \"\\*\"");
    row("STORE \\Recent", "a STORE 1 +FLAGS (\\Recent)", "a",
        "\\Recent cannot be set by a client (RFC 3501 s2.3.2)");
    row("STORE unclosed list", "a STORE 1 FLAGS (\\Seen", "a", "Expected ) to end the flag list");
    row("COPY without mailbox", "a COPY 1:2", "a", "Missing mailbox name after COPY");
    row("UID COPY without mailbox", "a UID COPY 1:2", "a", "Missing mailbox name after UID COPY");
    row("MOVE without set", "a MOVE", "a", "Missing sequence set after MOVE");
    row("MOVE reversed star set is fine, bad set is not", "a MOVE 1,,2 Trash", "a",
        "Invalid sequence set 1,,2");

    // SEARCH.
    row("SEARCH without keys", "a SEARCH", "a", "Missing search keys after SEARCH");
    row("SEARCH unknown key", "a SEARCH FOO", "a", "Unknown search key FOO");
    row("SEARCH missing argument", "a SEARCH FROM", "a",
        "Missing an argument after FROM in SEARCH");
    row("SEARCH OR with one key", "a SEARCH OR SEEN", "a",
        "Missing a second search key after OR in SEARCH");
    row("SEARCH NOT alone", "a SEARCH NOT", "a", "Missing an argument after NOT in SEARCH");
    row("SEARCH unclosed parenthesis", "a SEARCH (SEEN FLAGGED", "a", "Missing ) in SEARCH");
    row("SEARCH empty parentheses", "a SEARCH ()", "a", "Expected a search key at \")\"");
    row("SEARCH stray parenthesis", "a SEARCH SEEN)", "a",
        "Unexpected text after the command at \")\"");
    row("SEARCH bad date", "a SEARCH SINCE 32-Jan-2020", "a",
        "Invalid date at \"32-Jan-2020\": expected a date such as 1-Feb-1994");
    row("SEARCH bad month", "a SEARCH SINCE 1-Foo-2020", "a",
        "Invalid date at \"1-Foo-2020\": expected a date such as 1-Feb-1994");
    row("SEARCH numeric date", "a SEARCH SINCE 2020-01-01", "a",
        "Invalid date at \"2020-01-01\": expected a date such as 1-Feb-1994");
    row("SEARCH two-digit year", "a SEARCH ON 1-Feb-94", "a",
        "Invalid date at \"1-Feb-94\": expected a date such as 1-Feb-1994");
    row("SEARCH unterminated quoted date", "a SEARCH ON \"1-Feb-1994", "a",
        "Invalid date at \"\"1-Feb-1994\": expected a date such as 1-Feb-1994");
    row("SEARCH size not a number", "a SEARCH LARGER big", "a",
        "Missing a size after LARGER in SEARCH");
    row("SEARCH size too large", "a SEARCH LARGER 99999999999999999999", "a",
        "The number 99999999999999999999 is too large");
    row("SEARCH invalid set", "a SEARCH 1:x", "a", "Invalid sequence set 1:x");
    row("SEARCH UID invalid set", "a SEARCH UID 0:4", "a", "Invalid sequence set 0:4");
    row("SEARCH UID without set", "a SEARCH UID", "a", "Missing an argument after UID in SEARCH");
    row("SEARCH HEADER without text", "a SEARCH HEADER Subject", "a",
        "Missing the text to look for after HEADER field in SEARCH");
    row("SEARCH KEYWORD quoted", "a SEARCH KEYWORD \"$Junk\"", "a",
        "Missing a keyword after KEYWORD in SEARCH");
    row("SEARCH invalid UTF-8", "a SEARCH SUBJECT \"\xff\xfe\"", "a",
        "The text after SUBJECT is not valid UTF-8");
    row("SEARCH 8-bit atom", "a SEARCH SUBJECT caf\xc3\xa9", "a",
        "8-bit characters are not allowed outside quoted strings and literals");
    row("SEARCH unknown charset", "a SEARCH CHARSET ISO-8859-1 TEXT x", "a",
        "[BADCHARSET (UTF-8 US-ASCII)] The charset ISO-8859-1 is not supported; use UTF-8", true);
    row("SEARCH CHARSET without keys", "a SEARCH CHARSET UTF-8", "a",
        "Missing search keys after CHARSET");
    row("SEARCH RETURN SAVE", "a SEARCH RETURN (SAVE) ALL", "a",
        "SEARCH RETURN (SAVE) is not supported");
    row("SEARCH RETURN unknown", "a SEARCH RETURN (FIRST) ALL", "a",
        "Unknown SEARCH RETURN option at \"FIRST) ALL\": expected MIN, MAX, ALL or COUNT");
    row("SEARCH RETURN without list", "a SEARCH RETURN ALL", "a",
        "Expected ( after RETURN in SEARCH");
    row("SEARCH MODSEQ is not known", "a SEARCH MODSEQ 5", "a", "Unknown search key MODSEQ");
    row("SEARCH double space", "a SEARCH SEEN  FLAGGED", "a",
        "Expected a search key at \" FLAGGED\"");
}

void TestImapCommandParser::refuses()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, tag);
    QFETCH(QByteArray, message);
    QFETCH(bool, refusal);
    ImapCommandParser::Error error;
    const auto parsed = ImapCommandParser::parse(QByteArray(command + "\r\n"), {}, &error);
    QVERIFY2(!parsed.has_value(), parsed ? commandText(*parsed).constData() : "");
    QCOMPARE(error.tag, tag);
    QCOMPARE(error.message, message);
    QCOMPARE(error.refusal, refusal);
}

// RFC 6855 s3: with UTF8=ACCEPT enabled, names are UTF-8 and "&" is itself.
void TestImapCommandParser::mailboxNamesAsUtf8_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("expected"); // empty when refused
    QTest::newRow("UTF-8 name") << QByteArray("a SELECT \"Entw\xc3\xbcrfe\"")
                                << QByteArray("a SELECT mailbox=Entw\xc3\xbcrfe");
    QTest::newRow("ampersand is itself")
        << QByteArray("a CREATE \"Tom & Jerry\"") << QByteArray("a CREATE mailbox=Tom & Jerry");
    QTest::newRow("UTF-7 is not decoded")
        << QByteArray("a SELECT Entw&APw-rfe") << QByteArray("a SELECT mailbox=Entw&APw-rfe");
    QTest::newRow("inbox") << QByteArray("a SELECT inbox") << QByteArray("a SELECT mailbox=INBOX");
    QTest::newRow("pattern") << QByteArray("a LIST \"\" \"\xc3\x89*\"")
                             << QByteArray("a LIST reference= patterns=\xc3\x89*");
    QTest::newRow("invalid UTF-8") << QByteArray("a SELECT \"\xc3\"") << QByteArray();
    QTest::newRow("overlong UTF-8") << QByteArray("a SELECT \"\xc0\xaf\"") << QByteArray();
}

void TestImapCommandParser::mailboxNamesAsUtf8()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, expected);
    ImapCommandParser::Error error;
    const auto parsed =
        ImapCommandParser::parse(QByteArray(command + "\r\n"), utf8Options(), &error);
    if (expected.isEmpty()) {
        QVERIFY(!parsed);
        QVERIFY2(error.message.startsWith("The mailbox name"), error.message.constData());
    } else {
        QVERIFY2(parsed, error.message.constData());
        QCOMPARE(commandText(*parsed), expected);
    }
}

void TestImapCommandParser::bareLineFeedAndNoLineEnd()
{
    for (const QByteArray &end : { QByteArray("\n"), QByteArray() }) {
        const auto parsed =
            ImapCommandParser::parse(QByteArray("a LOGIN {3}\nbob x" + end), {}, nullptr);
        QVERIFY(parsed);
        QCOMPARE(commandText(*parsed), QByteArray("a LOGIN user=bob password=x"));
    }
    QVERIFY(!ImapCommandParser::parse("a NOOP\r", {}, nullptr));
    QVERIFY(!ImapCommandParser::parse("a NOOP\r\n\r\n", {}, nullptr));
}

// The message is stored as sent: CRLFs, a lone CR, 8-bit bytes, "{5}" lines inside.
void TestImapCommandParser::appendKeepsTheMessageExactly()
{
    const QByteArray message = "Subject: x\r\n\r\nline {5}\r\n\xe9t\xe9\rend\r\n";
    const QByteArray command =
        "a APPEND INBOX {" + QByteArray::number(message.size()) + "+}\r\n" + message + "\r\n";
    const auto parsed = ImapCommandParser::parse(command, {}, nullptr);
    QVERIFY(parsed);
    QCOMPARE(parsed->message, message);
    QCOMPARE(parsed->mailbox, QStringLiteral("INBOX"));
}

void TestImapCommandParser::deepNestingIsRefusedNotOverflowed()
{
    ImapCommandParser::Error error;
    const QByteArray deep =
        "a SEARCH " + QByteArray(100000, '(') + "SEEN" + QByteArray(100000, ')') + "\r\n";
    QVERIFY(!ImapCommandParser::parse(deep, {}, &error));
    QCOMPARE(error.message, QByteArray("The search keys are nested too deeply"));
    QByteArray nots = "a SEARCH ";
    for (int i = 0; i < 100000; ++i)
        nots += "NOT ";
    QVERIFY(!ImapCommandParser::parse(QByteArray(nots + "SEEN\r\n"), {}, &error));
    QCOMPARE(error.message, QByteArray("The search keys are nested too deeply"));
    // 60 levels are fine.
    const QByteArray fine =
        "a SEARCH " + QByteArray(60, '(') + "SEEN" + QByteArray(60, ')') + "\r\n";
    QVERIFY(ImapCommandParser::parse(fine, {}, &error));
}

// Bytes drawn from what drives the grammar: no crash, no hang, and an error always says
// something and has a tag that can be echoed.
void TestImapCommandParser::randomInputNeverCrashes()
{
    static const QByteArray prefixes[] = {
        "a SEARCH ", "a FETCH 1 ", "a UID FETCH ", "a STORE 1 ", "a APPEND x ", "a LIST ",
        "a LOGIN ",  "a SELECT ",  "a STATUS x ",  "a ID ",      "a ",          "",
    };
    static const char characters[] =
        "() []<>{}~+-.:,*%\\\" \r\n0123456789aAbBHEADERFIELDSTEXTNOTORUIDFLAGS\x00\xc3\xa9";
    const QByteArray alphabet(characters, sizeof(characters) - 1);
    QRandomGenerator random(20240611);
    for (int i = 0; i < 20000; ++i) {
        QByteArray input = prefixes[random.bounded(int(std::size(prefixes)))];
        const int length = random.bounded(60);
        for (int j = 0; j < length; ++j)
            input += alphabet[random.bounded(int(alphabet.size()))];
        ImapCommandParser::Error error;
        const auto parsed = ImapCommandParser::parse(input, {}, &error);
        if (!parsed) {
            QVERIFY(!error.message.isEmpty());
            QVERIFY(!error.tag.isEmpty());
            for (const char c : QByteArray(error.tag + error.message))
                QVERIFY2(c >= ' ' && c < 0x7f, input.toPercentEncoding().constData());
        }
    }
}

QTEST_GUILESS_MAIN(TestImapCommandParser)
#include "tst_imapcommandparser.moc"
