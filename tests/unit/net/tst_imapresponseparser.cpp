// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ImapResponseParser.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using namespace magpie::imap;

namespace {

// A compact, exact rendering of a response for comparisons: atoms as sent, numbers "#23",
// strings quoted ("~" before a literal8), NIL, lists in parentheses.
QByteArray describe(const ImapValue &value)
{
    switch (value.kind) {
    case ImapValue::Kind::Atom:
        return value.bytes;
    case ImapValue::Kind::Number:
        return '#' + value.bytes;
    case ImapValue::Kind::String: {
        QByteArray escaped = value.bytes;
        escaped.replace('\\', "\\\\").replace('"', "\\\"").replace('\r', "\\r").replace('\n', "\\n");
        return (value.binary ? "~\"" : "\"") + escaped + '"';
    }
    case ImapValue::Kind::Nil:
        return "NIL";
    case ImapValue::Kind::List: {
        QByteArrayList parts;
        for (const ImapValue &element : value.list)
            parts.append(describe(element));
        return '(' + parts.join(' ') + ')';
    }
    }
    return {};
}

QByteArray describe(const ImapResponse &response)
{
    static const char *const statuses[] = { "", "OK", "NO", "BAD", "BYE", "PREAUTH" };
    QByteArray out;
    switch (response.kind) {
    case ImapResponse::Kind::Continuation:
        return "+ " + response.continuation;
    case ImapResponse::Kind::Malformed:
        return "MALFORMED " + response.tag;
    case ImapResponse::Kind::Tagged:
        out = response.tag;
        break;
    case ImapResponse::Kind::Untagged:
        out = "*";
        break;
    }
    if (response.number)
        out += ' ' + QByteArray::number(*response.number);
    if (response.isStatus()) {
        out += ' ';
        out += statuses[int(response.status)];
        if (response.code) {
            out += " [" + response.code->name;
            for (const ImapValue &argument : response.code->arguments)
                out += ' ' + describe(argument);
            out += ']';
        }
        out += " text=" + response.text.toUtf8();
        return out;
    }
    out += ' ' + response.name;
    for (const ImapValue &value : response.data)
        out += ' ' + describe(value);
    return out;
}

// Feeds `input` in pieces of the given sizes (the rest at the end), collecting every response.
QList<ImapResponse> parseInPieces(const QByteArray &input, const QList<qsizetype> &pieces,
                                  ImapResponseParser parser = {})
{
    QList<ImapResponse> responses;
    qsizetype from = 0;
    const auto drain = [&]() {
        while (auto response = parser.next())
            responses.append(std::move(*response));
    };
    for (const qsizetype piece : pieces) {
        const qsizetype n = std::min(piece, input.size() - from);
        parser.feed(QByteArrayView(input).sliced(from, n));
        from += n;
        drain();
    }
    parser.feed(QByteArrayView(input).sliced(from));
    drain();
    return responses;
}

QByteArrayList describeAll(const QList<ImapResponse> &responses)
{
    QByteArrayList out;
    for (const ImapResponse &response : responses)
        out.append(describe(response) + " | " + response.errorText.toUtf8());
    return out;
}

} // namespace

class TestImapResponseParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void anySplitGivesTheSameResponses_data() { parses_data(); }
    void anySplitGivesTheSameResponses();
    void statusResponses();
    void malformedResponsesFailAloneAndResync_data();
    void malformedResponsesFailAloneAndResync();
    void errorTextIsASentenceWithAShortQuote();
    void literalsOfAnySize();
    void hugeLiteralArrivingInChunksIsFast();
    void announcedLengthIsNotTrusted();
    void overlongLineIsSkippedWithoutBuffering();
    void overlongLineGivesTheSameResultInAnySplit();
    void takeBufferedReturnsEverythingNotReturned();
    void deepNestingIsRefused();
    void recurringStringsAreReadExactly();
};

void TestImapResponseParser::parses_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArrayList>("expected");

    const auto row = [](const char *name, const QByteArray &input, const QByteArrayList &expected) {
        QTest::newRow(name) << input << expected;
    };
    // RFC 3501 s7 examples, and what real servers send.
    row("exists", "* 23 EXISTS\r\n", { "* 23 EXISTS" });
    row("expunge lower case", "* 44 expunge\r\n", { "* 44 EXPUNGE" });
    row("capability",
        "* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED\r\n",
        { "* CAPABILITY IMAP4rev1 STARTTLS AUTH=GSSAPI LOGINDISABLED" });
    row("list", "* LIST (\\Noselect) \"/\" ~/Mail/foo\r\n",
        { "* LIST (\\Noselect) \"/\" ~/Mail/foo" });
    row("list Gmail", "* LIST (\\All \\HasNoChildren) \"/\" \"[Gmail]/All Mail\"\r\n",
        { "* LIST (\\All \\HasNoChildren) \"/\" \"[Gmail]/All Mail\"" });
    row("list Gmail unquoted", "* LIST (\\HasNoChildren) \"/\" [Gmail]/Sent\r\n",
        { "* LIST (\\HasNoChildren) \"/\" [Gmail]/Sent" });
    row("list Exchange odd name", "* LIST (\\HasNoChildren) \"/\" Calendar/Birthdays%x*\r\n",
        { "* LIST (\\HasNoChildren) \"/\" Calendar/Birthdays%x*" });
    row("list NIL delimiter", "* LIST (\\Noselect) NIL \"\"\r\n",
        { "* LIST (\\Noselect) NIL \"\"" });
    row("list literal name", "* LIST () \"/\" {7}\r\nfoo bar\r\n",
        { "* LIST () \"/\" \"foo bar\"" });
    row("flags", "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)\r\n",
        { "* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Forwarded)" });
    row("search", "* SEARCH 2 84 882\r\n", { "* SEARCH #2 #84 #882" });
    row("search empty", "* SEARCH\r\n", { "* SEARCH" });
    row("search trailing space", "* SEARCH 2 84 \r\n", { "* SEARCH #2 #84" });
    row("esearch", "* ESEARCH (TAG \"a1\") UID ALL 1:3,5\r\n",
        { "* ESEARCH (TAG \"a1\") UID ALL 1:3,5" });
    row("status", "* STATUS blurdybloop (MESSAGES 231 UIDNEXT 44292)\r\n",
        { "* STATUS blurdybloop (MESSAGES #231 UIDNEXT #44292)" });
    row("namespace", "* NAMESPACE ((\"\" \"/\")) NIL ((\"#shared/\" \"/\"))\r\n",
        { "* NAMESPACE ((\"\" \"/\")) NIL ((\"#shared/\" \"/\"))" });
    row("fetch flags", "* 12 FETCH (FLAGS (\\Seen \\*) UID 4827313)\r\n",
        { "* 12 FETCH (FLAGS (\\Seen \\*) UID #4827313)" });
    row("fetch body section with spaces",
        "* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT FROM)]<0> {11}\r\nSubject: \r\n)\r\n",
        { "* 1 FETCH (BODY[HEADER.FIELDS (SUBJECT FROM)]<0> \"Subject: \\r\\n\")" });
    row("fetch binary literal8", QByteArray("* 2 FETCH (BINARY[1] ~{3}\r\na\0b)\r\n", 33),
        { QByteArray("* 2 FETCH (BINARY[1] ~\"a\0b\")", 28) });
    row("fetch two literals",
        "* 3 FETCH (BODY[1] {2}\r\nab BODY[2] {0}\r\n FLAGS ())\r\n",
        { "* 3 FETCH (BODY[1] \"ab\" BODY[2] \"\" FLAGS ())" });
    row("literal plus tolerated", "* 4 FETCH (BODY[] {3+}\r\nxyz)\r\n",
        { "* 4 FETCH (BODY[] \"xyz\")" });
    row("literal holding CRLF and parens", "* 5 FETCH (BODY[] {8}\r\n)(\r\n* OK)\r\n",
        { "* 5 FETCH (BODY[] \")(\\r\\n* OK\")" });
    row("modseq", "* 6 FETCH (MODSEQ (9223372036854775807))\r\n",
        { "* 6 FETCH (MODSEQ (#9223372036854775807))" });
    row("number beyond 2^63-1 stays an atom", "* 6 FETCH (MODSEQ (9223372036854775808))\r\n",
        { "* 6 FETCH (MODSEQ (9223372036854775808))" });
    row("quoted escapes", "* LIST () \"/\" \"a\\\"b\\\\c\"\r\n",
        { "* LIST () \"/\" \"a\\\"b\\\\c\"" });
    row("quoted 8-bit", "* LIST () \"/\" \"Entw\xc3\xbc" "rfe\"\r\n",
        { "* LIST () \"/\" \"Entw\xc3\xbc" "rfe\"" });
    row("NIL in any case", "* 7 FETCH (ENVELOPE (NIL nil \"x\" Nil))\r\n",
        { "* 7 FETCH (ENVELOPE (NIL NIL \"x\" NIL))" });
    row("extra spaces", "*  8  FETCH  ( UID  9 )  \r\n", { "* 8 FETCH (UID #9)" });
    row("bare LF line ends", "* 9 EXISTS\n* 1 RECENT\n", { "* 9 EXISTS", "* 1 RECENT" });
    row("continuation", "+ Ready for literal\r\n", { "+ Ready for literal" });
    row("continuation bare", "+\r\n", { "+ " });
    row("continuation base64", "+ YGgGCSqGSIb3EgECAgIBAAD/////\r\n",
        { "+ YGgGCSqGSIb3EgECAgIBAAD/////" });
    row("several in one read", "* 1 EXISTS\r\n* 0 RECENT\r\na1 OK done\r\n",
        { "* 1 EXISTS", "* 0 RECENT", "a1 OK text=done" });
    row("vanished", "* VANISHED (EARLIER) 41,43:116\r\n",
        { "* VANISHED (EARLIER) 41,43:116" });
    row("id NIL", "* ID NIL\r\n", { "* ID NIL" });
}

void TestImapResponseParser::parses()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArrayList, expected);
    QByteArrayList got;
    for (const ImapResponse &response : parseInPieces(input, {})) {
        QVERIFY2(response.kind != ImapResponse::Kind::Malformed, qPrintable(response.errorText));
        got.append(describe(response));
    }
    QCOMPARE(got, expected);
}

void TestImapResponseParser::anySplitGivesTheSameResponses()
{
    QFETCH(QByteArray, input);
    const QByteArrayList whole = describeAll(parseInPieces(input, {}));
    QCOMPARE(describeAll(parseInPieces(input, QList<qsizetype>(input.size(), 1))), whole);
    QRandomGenerator random(qHash(input));
    for (int round = 0; round < 20; ++round) {
        QList<qsizetype> pieces;
        for (qsizetype total = 0; total < input.size();) {
            pieces.append(random.bounded(0, 12));
            total += pieces.constLast();
        }
        QCOMPARE(describeAll(parseInPieces(input, pieces)), whole);
    }
}

void TestImapResponseParser::statusResponses()
{
    const QByteArray input
        = "* OK [CAPABILITY IMAP4rev1 SASL-IR ID ENABLE IDLE LITERAL+ AUTH=PLAIN] Dovecot ready.\r\n"
          "* OK\r\n"
          "a1 OK\r\n"
          "* ok [UIDVALIDITY 3857529045] UIDs valid\r\n"
          "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] Limited\r\n"
          "a2 OK [COPYUID 38505 304,319 3956:3957] Done\r\n"
          "a3 NO [ALERT] Quota exceeded {5}\r\n"
          "* BYE Autologout; idle for too long\r\n"
          "* PREAUTH [CAPABILITY IMAP4rev1] Logged in as Smith\r\n"
          "a4 BAD Unknown command\r\n"
          "* OK The Microsoft Exchange IMAP4 service is ready. [TQBOADIA]\r\n"
          "* NO [BADCHARSET (UTF-8 \"US-ASCII\")] charset\r\n"
          "a5 ok [READ-WRITE]\r\n"
          "* OK [ALERT unterminated\r\n"
          "a6 OK Gr\xc3\xbc\xc3\x9f" "e \xff\r\n";
    const QByteArrayList expected = {
        "* OK [CAPABILITY IMAP4rev1 SASL-IR ID ENABLE IDLE LITERAL+ AUTH=PLAIN] text=Dovecot ready.",
        "* OK text=",
        "a1 OK text=",
        "* OK [UIDVALIDITY #3857529045] text=UIDs valid",
        "* OK [PERMANENTFLAGS (\\Deleted \\Seen \\*)] text=Limited",
        "a2 OK [COPYUID #38505 304,319 3956:3957] text=Done",
        "a3 NO [ALERT] text=Quota exceeded {5}",
        "* BYE text=Autologout; idle for too long",
        "* PREAUTH [CAPABILITY IMAP4rev1] text=Logged in as Smith",
        "a4 BAD text=Unknown command",
        "* OK text=The Microsoft Exchange IMAP4 service is ready. [TQBOADIA]",
        "* NO [BADCHARSET (UTF-8 \"US-ASCII\")] text=charset",
        "a5 OK [READ-WRITE] text=",
        "* OK text=[ALERT unterminated",
        "a6 OK text=Gr\xc3\xbc\xc3\x9f" "e \xef\xbf\xbd",
    };
    const QList<ImapResponse> responses = parseInPieces(input, {});
    QByteArrayList got;
    for (const ImapResponse &response : responses)
        got.append(describe(response));
    QCOMPARE(got, expected);
    QCOMPARE(responses[5].code->rawArguments, QByteArray("38505 304,319 3956:3957"));
    QCOMPARE(responses[0].kind, ImapResponse::Kind::Untagged);
    QCOMPARE(responses[2].kind, ImapResponse::Kind::Tagged);
    QCOMPARE(responses[2].status, ImapResponse::Status::Ok);
    QVERIFY(responses[0].name.isEmpty());
}

void TestImapResponseParser::malformedResponsesFailAloneAndResync_data()
{
    QTest::addColumn<QByteArray>("bad");
    QTest::addColumn<QByteArray>("tag");
    QTest::addColumn<QString>("reason");
    QTest::newRow("unbalanced open") << QByteArray("* 1 FETCH (FLAGS (\\Seen)\r\n") << QByteArray()
                                     << QStringLiteral("unbalanced parenthesis");
    QTest::newRow("unbalanced close") << QByteArray("* 1 FETCH (UID 1))\r\n") << QByteArray()
                                      << QStringLiteral("unbalanced parenthesis");
    QTest::newRow("unterminated quote") << QByteArray("* LIST () \"/\" \"abc\r\n") << QByteArray()
                                        << QStringLiteral("unterminated quoted string");
    QTest::newRow("literal mid-line") << QByteArray("* LIST () \"/\" {3}abc\r\n") << QByteArray()
                                      << QStringLiteral("bad literal syntax");
    QTest::newRow("literal without digits") << QByteArray("* LIST () \"/\" {}\r\n")
                                            << QByteArray() << QStringLiteral("bad literal syntax");
    QTest::newRow("literal too large") << QByteArray("* 1 FETCH (BODY[] {99999999999999999999})\r\n")
                                       << QByteArray() << QStringLiteral("bad literal syntax");
    QTest::newRow("tag without status") << QByteArray("a7 FOO bar\r\n") << QByteArray("a7")
                                        << QStringLiteral("a tag without a status");
    QTest::newRow("tag alone") << QByteArray("a8\r\n") << QByteArray("a8")
                               << QStringLiteral("a tag without a status");
    QTest::newRow("tagged BYE") << QByteArray("a9 BYE x\r\n") << QByteArray("a9")
                                << QStringLiteral("a tag without a status");
    QTest::newRow("empty line") << QByteArray("\r\n") << QByteArray()
                                << QStringLiteral("an empty line");
    QTest::newRow("star alone") << QByteArray("*\r\n") << QByteArray()
                                << QStringLiteral("a response without a name");
    QTest::newRow("number too big") << QByteArray("* 4294967296 EXISTS\r\n") << QByteArray()
                                    << QStringLiteral("a message number out of range");
    QTest::newRow("bad number") << QByteArray("* 12ab EXISTS\r\n") << QByteArray()
                                << QStringLiteral("a malformed message number");
    // The literal belongs to the bad response: its bytes are never read as responses.
    QTest::newRow("bad response with a literal")
        << QByteArray("* 1 FETCH (BODY[] {12}\r\n* 2 EXISTS\r\n)) \r\n") << QByteArray()
        << QStringLiteral("unbalanced parenthesis");
}

void TestImapResponseParser::malformedResponsesFailAloneAndResync()
{
    QFETCH(QByteArray, bad);
    QFETCH(QByteArray, tag);
    QFETCH(QString, reason);
    const QList<ImapResponse> responses
        = parseInPieces("* 3 EXISTS\r\n" + bad + "a1 OK done\r\n", {});
    QCOMPARE(responses.size(), 3);
    QCOMPARE(describe(responses[0]), QByteArray("* 3 EXISTS"));
    QCOMPARE(responses[1].kind, ImapResponse::Kind::Malformed);
    QCOMPARE(responses[1].tag, tag);
    QVERIFY2(responses[1].errorText.contains(reason), qPrintable(responses[1].errorText));
    QCOMPARE(describe(responses[2]), QByteArray("a1 OK text=done"));
}

void TestImapResponseParser::errorTextIsASentenceWithAShortQuote()
{
    QByteArray line = "* 1 FETCH (FLAGS (\\Seen) BODY[] \"\x01";
    line += QByteArray(200, 'x') + "\r\n";
    const QList<ImapResponse> responses = parseInPieces(line, {});
    QCOMPARE(responses.size(), 1);
    const QString error = responses[0].errorText;
    QVERIFY2(error.startsWith(
                 u"The server sent a response Magpie could not read: unterminated quoted string "
                 u"in \"* 1 FETCH (FLAGS (\\Seen) BODY[] \"?xxx"),
             qPrintable(error));
    QVERIFY2(error.endsWith(u"...\"."), qPrintable(error));
    QVERIFY(error.size() < 200);
}

void TestImapResponseParser::literalsOfAnySize()
{
    ImapResponseParser parser;
    parser.feed("* 1 FETCH (UID 7 BODY[] {11}\r\nhello");
    QVERIFY(!parser.next());
    QCOMPARE(parser.bufferedBytes(), qsizetype(35));
    parser.feed(" world");
    QVERIFY(!parser.next());
    parser.feed(")\r");
    QVERIFY(!parser.next());
    parser.feed("\n* 2 EXISTS\r\n");
    auto response = parser.next();
    QVERIFY(response);
    QCOMPARE(describe(*response), QByteArray("* 1 FETCH (UID #7 BODY[] \"hello world\")"));
    QVERIFY(!response->data[0].list[3].binary);
    response = parser.next();
    QVERIFY(response);
    QCOMPARE(describe(*response), QByteArray("* 2 EXISTS"));
    QVERIFY(!parser.next());
    QCOMPARE(parser.bufferedBytes(), qsizetype(0));
}

void TestImapResponseParser::hugeLiteralArrivingInChunksIsFast()
{
    // 50 MB in 64 KB reads: each byte is copied once into the literal and never rescanned.
    constexpr qsizetype size = 50 * 1024 * 1024;
    constexpr qsizetype chunk = 64 * 1024;
    ImapResponseParser parser;
    QElapsedTimer timer;
    timer.start();
    parser.feed(QByteArray("* 1 FETCH (BODY[] {" + QByteArray::number(size) + "}\r\n"));
    const QByteArray piece(chunk, 'm');
    for (qsizetype sent = 0; sent < size; sent += chunk) {
        parser.feed(piece);
        QVERIFY(!parser.next());
    }
    parser.feed(" UID 5)\r\n");
    const auto response = parser.next();
    QVERIFY(response);
    QCOMPARE(response->data.size(), 1);
    const ImapValue &fetch = response->data[0];
    QCOMPARE(fetch.list.size(), 4);
    QCOMPARE(fetch.list[1].bytes.size(), size);
    QCOMPARE(fetch.list[1].bytes.count('m'), size);
    QCOMPARE(fetch.list[3].number, quint64(5));
    qInfo("50 MB literal in 64 KB reads: %lld ms", qint64(timer.elapsed()));
}

void TestImapResponseParser::announcedLengthIsNotTrusted()
{
    // A 4 GB announcement followed by a few bytes: nothing is allocated for the rest, and
    // the bytes received are all that is held.
    ImapResponseParser parser;
    parser.feed("* 1 FETCH (BODY[] {4294967296}\r\nabc");
    QVERIFY(!parser.next());
    QCOMPARE(parser.bufferedBytes(), qsizetype(35));
    const QByteArray all = parser.takeBuffered();
    QCOMPARE(all, QByteArray("* 1 FETCH (BODY[] {4294967296}\r\nabc"));
    QCOMPARE(parser.bufferedBytes(), qsizetype(0));
    parser.feed("* 2 EXISTS\r\n");
    QCOMPARE(describe(*parser.next()), QByteArray("* 2 EXISTS"));
}

void TestImapResponseParser::overlongLineIsSkippedWithoutBuffering()
{
    ImapResponseParser parser;
    parser.setMaximumLineLength(1000);
    parser.feed("a1 OK ");
    const QByteArray junk(4096, 'j');
    for (int i = 0; i < 100; ++i) {
        parser.feed(junk);
        QVERIFY(parser.bufferedBytes() <= 4096);
    }
    auto response = parser.next();
    QVERIFY(response);
    QCOMPARE(response->kind, ImapResponse::Kind::Malformed);
    QCOMPARE(response->tag, QByteArray("a1"));
    QVERIFY2(response->errorText.contains(u"a line longer than 1000 bytes"),
             qPrintable(response->errorText));
    QVERIFY(!parser.next());
    parser.feed("jjj\r\n* 5 EXISTS\r\n");
    response = parser.next();
    QVERIFY(response);
    QCOMPARE(describe(*response), QByteArray("* 5 EXISTS"));
    QVERIFY(!parser.next());

    // Literals do not count; the text around them does.
    parser.feed(QByteArray("* 1 FETCH (BODY[] {2000}\r\n" + QByteArray(2000, 'x') + ")\r\n"));
    response = parser.next();
    QVERIFY(response);
    QCOMPARE(response->data[0].list[1].bytes.size(), 2000);
}

void TestImapResponseParser::overlongLineGivesTheSameResultInAnySplit()
{
    const QByteArray input = "* 1 EXISTS\r\na2 NO " + QByteArray(60, 'n') + "\r\n* 2 EXISTS\r\n"
        + "* 3 FETCH (BODY[] {3}\r\nabc " + QByteArray(60, 'u') + ")\r\na3 OK\r\n";
    for (const qsizetype limit : { 10, 58, 62, 63, 64, 65, 66 }) {
        ImapResponseParser parser;
        parser.setMaximumLineLength(limit);
        const QByteArrayList whole = describeAll(parseInPieces(input, {}, parser));
        QCOMPARE(describeAll(parseInPieces(input, QList<qsizetype>(input.size(), 1), parser)),
                 whole);
        QCOMPARE(describeAll(parseInPieces(input, QList<qsizetype>(input.size() / 3, 3), parser)),
                 whole);
    }
    ImapResponseParser parser;
    parser.setMaximumLineLength(62);
    const QByteArrayList got = describeAll(parseInPieces(input, {}, parser));
    QCOMPARE(got.size(), 5);
    QVERIFY(got[1].startsWith("MALFORMED a2 | "));
    QVERIFY(got[3].startsWith("MALFORMED  | "));
    QCOMPARE(got[4], QByteArray("a3 OK text= | "));
}

void TestImapResponseParser::takeBufferedReturnsEverythingNotReturned()
{
    // STARTTLS (RFC 2595 s3.1): what came after the go-ahead is handed back, whole.
    const QByteArray after = "* CAPABILITY INJECTED\r\n* 1 FETCH (BODY[] {5}\r\nab";
    ImapResponseParser parser;
    parser.feed(QByteArray("a1 OK Begin TLS negotiation now\r\n" + after));
    const auto response = parser.next();
    QVERIFY(response);
    QCOMPARE(response->tag, QByteArray("a1"));
    QCOMPARE(parser.bufferedBytes(), after.size());
    QCOMPARE(parser.takeBuffered(), after);
    QCOMPARE(parser.bufferedBytes(), qsizetype(0));
    QVERIFY(!parser.next());
    parser.feed("+ go\r\n");
    QCOMPARE(describe(*parser.next()), QByteArray("+ go"));
}

void TestImapResponseParser::deepNestingIsRefused()
{
    const QByteArray deep = "* X " + QByteArray(100000, '(') + QByteArray(100000, ')') + "\r\n";
    const QList<ImapResponse> responses = parseInPieces(deep + "* 1 EXISTS\r\n", {});
    QCOMPARE(responses.size(), 2);
    QCOMPARE(responses[0].kind, ImapResponse::Kind::Malformed);
    QVERIFY(responses[0].errorText.contains(u"nested too deeply"));
    // Fifty levels are fine.
    const QByteArray fine = "* X " + QByteArray(50, '(') + QByteArray(50, ')') + "\r\n";
    QCOMPARE(parseInPieces(fine, {})[0].kind, ImapResponse::Kind::Untagged);
}

// The parser shares the copies of strings and numbers it read lately (ImapValueReader::
// RecentWords): whatever the order, repetition or likeness of the values (same length, same
// first and last eight bytes, as a quick hash sees them), each must come out as sent, and a
// value already handed out must not change when later responses reuse its slot.
void TestImapResponseParser::recurringStringsAreReadExactly()
{
    const QByteArrayList words = {
        "aaaaaaaaXaaaaaaaa", "aaaaaaaaYaaaaaaaa", "aaaaaaaaXaaaaaaaa", "Alice", "alice", "",
        "example.com", "example.org", "007", "7", QByteArray(64, 'h'), QByteArray(65, 'h'),
        QByteArray(63, 'h') + 'i', "UTF-8", "utf-8", "Alice",
    };
    ImapResponseParser parser;
    QList<ImapResponse> kept;
    for (int round = 0; round < 3; ++round) {
        for (qsizetype i = 0; i < words.size(); ++i) {
            const QByteArray &word = words[(i * 7 + round) % words.size()];
            const bool number = !word.isEmpty() && word.front() >= '0' && word.front() <= '9';
            const QByteArray sent = number ? word : QByteArray('"' + word + '"');
            parser.feed(QByteArray("* 1 FETCH (X " + sent + " Y " + QByteArray::number(word.size())
                                   + "a)\r\n"));
            auto response = parser.next();
            QVERIFY(response);
            QCOMPARE(response->kind, ImapResponse::Kind::Untagged);
            const ImapValue &value = response->data.at(0).list.at(1);
            QCOMPARE(value.kind, number ? ImapValue::Kind::Number : ImapValue::Kind::String);
            QCOMPARE(value.bytes, word);
            kept.append(std::move(*response));
        }
    }
    // Every value handed out is still what was sent.
    for (qsizetype n = 0; n < kept.size(); ++n) {
        const qsizetype i = n % words.size();
        const int round = int(n / words.size());
        QCOMPARE(kept[n].data.at(0).list.at(1).bytes, words[(i * 7 + round) % words.size()]);
    }
}

QTEST_GUILESS_MAIN(TestImapResponseParser)
#include "tst_imapresponseparser.moc"
