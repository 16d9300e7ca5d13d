// SPDX-License-Identifier: GPL-3.0-or-later
// SMTP replies (RFC 5321 s4.2) with enhanced status codes (RFC 3463, RFC 2034), fed whole and
// split at every byte; malformed input stops the parser with a sentence.
#include "net/smtp/SmtpReplyParser.h"

#include <QTest>

using magpie::smtp::SmtpReply;
using magpie::smtp::SmtpReplyParser;

namespace {

QList<SmtpReply> parseAll(SmtpReplyParser &parser)
{
    QList<SmtpReply> replies;
    while (const auto reply = parser.next())
        replies.append(*reply);
    return replies;
}

} // namespace

class TestSmtpReplyParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void splitAtEveryByte_data();
    void splitAtEveryByte();
    void enhancedCodes_data();
    void enhancedCodes();
    void classes();
    void malformed_data();
    void malformed();
    void lineLimit();
    void lineCountLimit();
    void unfinishedLineIsBounded();
    void waitsForTheRest();
    void discardBuffered();
    void wireFormRoundTrips();
};

void TestSmtpReplyParser::parses_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("code");
    QTest::addColumn<QByteArrayList>("lines");
    QTest::addColumn<QByteArray>("text");

    QTest::newRow("greeting") << QByteArray("220 smtp.example.com ESMTP ready\r\n") << 220
                              << QByteArrayList { "smtp.example.com ESMTP ready" }
                              << QByteArray("smtp.example.com ESMTP ready");
    QTest::newRow("EHLO multi-line")
        << QByteArray("250-smtp.example.com Hello\r\n250-SIZE 26214400\r\n250-8BITMIME\r\n"
                      "250 PIPELINING\r\n")
        << 250
        << QByteArrayList { "smtp.example.com Hello", "SIZE 26214400", "8BITMIME", "PIPELINING" }
        << QByteArray("smtp.example.com Hello SIZE 26214400 8BITMIME PIPELINING");
    QTest::newRow("code only") << QByteArray("250\r\n") << 250 << QByteArrayList { "" }
                               << QByteArray();
    QTest::newRow("empty 334 challenge")
        << QByteArray("334 \r\n") << 334 << QByteArrayList { "" } << QByteArray();
    QTest::newRow("hyphen with no text") << QByteArray("250-\r\n250 OK\r\n") << 250
                                         << QByteArrayList { "", "OK" } << QByteArray("OK");
    QTest::newRow("bare LF") << QByteArray("250 OK\n") << 250 << QByteArrayList { "OK" }
                             << QByteArray("OK");
    QTest::newRow("UTF-8 text") << QByteArray("550 5.1.1 j\xc3\xb6rg unknown\r\n") << 550
                                << QByteArrayList { "5.1.1 j\xc3\xb6rg unknown" }
                                << QByteArray("j\xc3\xb6rg unknown");
    QTest::newRow("enhanced code on every line")
        << QByteArray("550-5.7.1 Rejected\r\n550 5.7.1 see https://example.com\r\n") << 550
        << QByteArrayList { "5.7.1 Rejected", "5.7.1 see https://example.com" }
        << QByteArray("Rejected see https://example.com");
    QTest::newRow("tab in text") << QByteArray("250 a\tb\r\n") << 250 << QByteArrayList { "a\tb" }
                                 << QByteArray("a\tb");
}

void TestSmtpReplyParser::parses()
{
    QFETCH(QByteArray, input);
    QFETCH(int, code);
    QFETCH(QByteArrayList, lines);
    QFETCH(QByteArray, text);

    SmtpReplyParser parser;
    parser.feed(input);
    const auto reply = parser.next();
    QVERIFY2(reply.has_value(), qPrintable(parser.errorString()));
    QCOMPARE(reply->code(), code);
    QCOMPARE(reply->lines(), lines);
    QCOMPARE(reply->text(), text);
    QVERIFY(!parser.next().has_value());
    QVERIFY(!parser.hasError());
    QCOMPARE(parser.bufferedSize(), 0);
}

void TestSmtpReplyParser::splitAtEveryByte_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::newRow("pipelined replies")
        << QByteArray("250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n550 5.1.1 <bob@example.com>: unknown\r\n"
                      "354 End data with <CR><LF>.<CR><LF>\r\n");
    QTest::newRow("EHLO") << QByteArray("250-smtp.example.com\r\n250-AUTH PLAIN LOGIN\r\n"
                                        "250-STARTTLS\r\n250 SMTPUTF8\r\n");
}

void TestSmtpReplyParser::splitAtEveryByte()
{
    QFETCH(QByteArray, input);
    SmtpReplyParser whole;
    whole.feed(input);
    const QList<SmtpReply> expected = parseAll(whole);
    QVERIFY(expected.size() >= 1);

    // Two pieces, cut everywhere.
    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        SmtpReplyParser parser;
        parser.feed(input.first(cut));
        QList<SmtpReply> got = parseAll(parser);
        parser.feed(input.sliced(cut));
        got += parseAll(parser);
        QCOMPARE(got, expected);
        QVERIFY(!parser.hasError());
    }
    // One byte at a time.
    SmtpReplyParser parser;
    QList<SmtpReply> got;
    for (const char c : input) {
        parser.feed(QByteArrayView(&c, 1));
        got += parseAll(parser);
    }
    QCOMPARE(got, expected);
}

void TestSmtpReplyParser::enhancedCodes_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("enhanced");
    QTest::addColumn<QByteArray>("summary");

    QTest::newRow("5.1.1") << QByteArray("550 5.1.1 mailbox unknown\r\n") << QByteArray("5.1.1")
                           << QByteArray("550 5.1.1 mailbox unknown");
    QTest::newRow("three-digit parts")
        << QByteArray("452 4.123.456 full\r\n") << QByteArray("4.123.456")
        << QByteArray("452 4.123.456 full");
    QTest::newRow("code alone") << QByteArray("250 2.0.0\r\n") << QByteArray("2.0.0")
                                << QByteArray("250 2.0.0");
    QTest::newRow("none") << QByteArray("250 OK queued as 1234\r\n") << QByteArray()
                          << QByteArray("250 OK queued as 1234");
    QTest::newRow("class does not match")
        << QByteArray("550 2.1.1 odd\r\n") << QByteArray() << QByteArray("550 2.1.1 odd");
    QTest::newRow("four-digit part")
        << QByteArray("550 5.1234.1 odd\r\n") << QByteArray() << QByteArray("550 5.1234.1 odd");
    QTest::newRow("no space after")
        << QByteArray("550 5.1.1x odd\r\n") << QByteArray() << QByteArray("550 5.1.1x odd");
    QTest::newRow("version number, not a code")
        << QByteArray("220 2.5 ready\r\n") << QByteArray() << QByteArray("220 2.5 ready");
}

void TestSmtpReplyParser::enhancedCodes()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, enhanced);
    QFETCH(QByteArray, summary);
    SmtpReplyParser parser;
    parser.feed(input);
    const auto reply = parser.next();
    QVERIFY(reply.has_value());
    QCOMPARE(reply->enhancedCode(), enhanced);
    QCOMPARE(reply->summary(), summary);
}

void TestSmtpReplyParser::classes()
{
    QVERIFY(SmtpReply(250, { "OK" }).isPositive());
    QVERIFY(SmtpReply(354, { "go" }).isIntermediate());
    QVERIFY(SmtpReply(452, { "full" }).isTransient());
    QVERIFY(!SmtpReply(452, { "full" }).isPermanent());
    QVERIFY(SmtpReply(552, { "too big" }).isPermanent());
    QVERIFY(!SmtpReply(552, { "too big" }).isTransient());
    QVERIFY(!SmtpReply().isValid());
}

void TestSmtpReplyParser::malformed_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<int>("goodReplies");
    QTest::addColumn<QString>("errorPart");

    QTest::newRow("not a number") << QByteArray("OK ready\r\n") << 0 << u"three-digit"_qs;
    QTest::newRow("two digits") << QByteArray("25 OK\r\n") << 0 << u"three-digit"_qs;
    QTest::newRow("code 199") << QByteArray("199 OK\r\n") << 0 << u"three-digit"_qs;
    QTest::newRow("code 600") << QByteArray("600 OK\r\n") << 0 << u"three-digit"_qs;
    QTest::newRow("bad separator") << QByteArray("250:OK\r\n") << 0 << u"after its code"_qs;
    QTest::newRow("four digits") << QByteArray("2500 OK\r\n") << 0 << u"after its code"_qs;
    QTest::newRow("code changes") << QByteArray("250-a\r\n251 b\r\n") << 0 << u"from 250 to 251"_qs;
    QTest::newRow("NUL") << QByteArray("250 O\0K\r\n", 9) << 0 << u"NUL"_qs;
    QTest::newRow("stray CR") << QByteArray("250 O\rK\r\n") << 0 << u"CR"_qs;
    QTest::newRow("empty line") << QByteArray("250 OK\r\n\r\n") << 1 << u"three-digit"_qs;
    QTest::newRow("after a good reply")
        << QByteArray("250 OK\r\nxyz\r\n250 later\r\n") << 1 << u"\"xyz\""_qs;
}

void TestSmtpReplyParser::malformed()
{
    QFETCH(QByteArray, input);
    QFETCH(int, goodReplies);
    QFETCH(QString, errorPart);
    SmtpReplyParser parser;
    parser.feed(input);
    QCOMPARE(parseAll(parser).size(), goodReplies);
    QVERIFY(parser.hasError());
    QVERIFY2(parser.errorString().contains(errorPart), qPrintable(parser.errorString()));
    // Nothing after the error is trusted, even a good reply.
    parser.feed("250 OK\r\n");
    QVERIFY(!parser.next().has_value());
    QVERIFY(parser.hasError());
    parser.reset();
    parser.feed("250 OK\r\n");
    QVERIFY(parser.next().has_value());
}

void TestSmtpReplyParser::lineLimit()
{
    SmtpReplyParser parser(64);
    parser.feed(QByteArray("250 " + QByteArray(58, 'a') + "\r\n")); // 64 bytes with CRLF
    QVERIFY(parser.next().has_value());
    parser.feed(QByteArray("250 " + QByteArray(59, 'a') + "\r\n"));
    QVERIFY(!parser.next().has_value());
    QVERIFY(parser.hasError());
    QVERIFY(parser.errorString().contains(u"longer than 64 bytes"));
}

void TestSmtpReplyParser::lineCountLimit()
{
    SmtpReplyParser parser(SmtpReplyParser::kDefaultMaxLineLength, 3);
    parser.feed("250-a\r\n250-b\r\n250 c\r\n");
    QVERIFY(parser.next().has_value());
    parser.feed("250-a\r\n250-b\r\n250-c\r\n250 d\r\n");
    QVERIFY(!parser.next().has_value());
    QVERIFY(parser.errorString().contains(u"more than 3 lines"));
}

void TestSmtpReplyParser::unfinishedLineIsBounded()
{
    // A server that never sends LF does not make the client buffer without end.
    SmtpReplyParser parser(100);
    for (int i = 0; i < 10 && !parser.hasError(); ++i) {
        parser.feed(QByteArray("250 " + QByteArray(20, 'x')));
        QVERIFY(!parser.next().has_value());
    }
    QVERIFY(parser.hasError());
    QCOMPARE(parser.bufferedSize(), 0);
}

void TestSmtpReplyParser::waitsForTheRest()
{
    SmtpReplyParser parser;
    parser.feed("250-first\r\n250-second\r\n");
    QVERIFY(!parser.next().has_value());
    QVERIFY(!parser.hasError());
    QVERIFY(parser.bufferedSize() > 0);
    parser.feed("250 last\r\n");
    const auto reply = parser.next();
    QVERIFY(reply.has_value());
    QCOMPARE(reply->lines().size(), 3);
}

void TestSmtpReplyParser::discardBuffered()
{
    // STARTTLS: "220 go" is the reply; "250 injected" sent before the handshake is dropped.
    SmtpReplyParser parser;
    parser.feed("220 go\r\n250 injected\r\n250-part");
    const auto reply = parser.next();
    QVERIFY(reply.has_value());
    QCOMPARE(reply->code(), 220);
    QCOMPARE(parser.discardBuffered(), qsizetype(strlen("250 injected\r\n250-part")));
    QVERIFY(!parser.next().has_value());
    parser.feed("250 after TLS\r\n");
    const auto after = parser.next();
    QVERIFY(after.has_value());
    QCOMPARE(after->text(), QByteArray("after TLS"));
}

void TestSmtpReplyParser::wireFormRoundTrips()
{
    const QByteArray wire("250-smtp.example.com\r\n250-SIZE 100\r\n250 HELP\r\n");
    SmtpReplyParser parser;
    parser.feed(wire);
    const auto reply = parser.next();
    QVERIFY(reply.has_value());
    QCOMPARE(reply->toWire(), wire);
}

QTEST_GUILESS_MAIN(TestSmtpReplyParser)
#include "tst_smtpreplyparser.moc"
