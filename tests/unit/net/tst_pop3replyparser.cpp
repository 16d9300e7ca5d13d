// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3Lines.h"
#include "net/pop3/Pop3ReplyParser.h"

#include <QCryptographicHash>
#include <QTest>

using magpie::pop3::Pop3Lines;
using magpie::pop3::Pop3Reply;
using magpie::pop3::Pop3ReplyParser;

namespace {

using Type = Pop3ReplyParser::Event::Type;

QByteArray statusName(Pop3Reply::Status status)
{
    switch (status) {
    case Pop3Reply::Status::Ok:
        return "OK";
    case Pop3Reply::Status::Err:
        return "ERR";
    case Pop3Reply::Status::Continuation:
        return "CONT";
    case Pop3Reply::Status::Malformed:
        break;
    }
    return "MALFORMED";
}

// Reads every event the parser has, as a transcript: "OK [code] text", "data:<bytes>" (pieces
// joined, so any split gives the same transcript), "end". `multiLine` says, reply by reply,
// whether a body is expected.
struct Reader
{
    Pop3ReplyParser parser;
    QList<bool> multiLine;
    QByteArrayList transcript;
    qsizetype largestChunk = 0;

    void feed(QByteArrayView bytes)
    {
        parser.feed(bytes);
        for (;;) {
            if (!parser.isInBody())
                parser.setMultiLineExpected(!multiLine.isEmpty() && multiLine.first());
            const Pop3ReplyParser::Event event = parser.next();
            switch (event.type) {
            case Type::NeedMoreData:
                return;
            case Type::Reply:
                if (!multiLine.isEmpty())
                    multiLine.removeFirst();
                transcript.append(statusName(event.reply.status) + " [" + event.reply.code + "] "
                                  + event.reply.text);
                break;
            case Type::Data:
                if (event.data.isEmpty())
                    transcript.append("EMPTY DATA EVENT");
                largestChunk = qMax(largestChunk, event.data.size());
                if (!transcript.isEmpty() && transcript.last().startsWith("data:"))
                    transcript.last() += event.data;
                else
                    transcript.append("data:" + event.data);
                break;
            case Type::EndOfData:
                transcript.append("end");
                break;
            }
        }
    }
};

QByteArrayList read(const QList<QByteArray> &pieces, const QList<bool> &multiLine)
{
    Reader reader;
    reader.multiLine = multiLine;
    for (const QByteArray &piece : pieces)
        reader.feed(piece);
    return reader.transcript;
}

} // namespace

class TestPop3ReplyParser : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void statusLine_data();
    void statusLine();
    void multiLine_data();
    void multiLine();
    void splitAtEveryByte_data();
    void splitAtEveryByte();
    void terminatorSplitAcrossReads();
    void errHasNoBody();
    void expectationAppliesOnce();
    void overlongStatusLine();
    void resetDropsBufferedBytes();
    void hugeRetrStreamed();
    void listingLines();
};

void TestPop3ReplyParser::statusLine_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("ok") << QByteArray("+OK") << QByteArray("OK [] ");
    QTest::newRow("ok with text") << QByteArray("+OK 2 messages (320 octets)")
                                  << QByteArray("OK [] 2 messages (320 octets)");
    QTest::newRow("greeting with timestamp")
        << QByteArray("+OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>")
        << QByteArray("OK [] POP3 server ready <1896.697170952@dbc.mtview.ca.us>");
    QTest::newRow("err") << QByteArray("-ERR no such message")
                         << QByteArray("ERR [] no such message");
    QTest::newRow("err alone") << QByteArray("-ERR") << QByteArray("ERR [] ");
    // RFC 2449 s8.1, RFC 3206.
    QTest::newRow("in-use") << QByteArray("-ERR [IN-USE] Mailbox locked")
                            << QByteArray("ERR [IN-USE] Mailbox locked");
    QTest::newRow("sys/temp lower case")
        << QByteArray("-ERR [sys/temp] try later") << QByteArray("ERR [SYS/TEMP] try later");
    QTest::newRow("auth") << QByteArray("-ERR [AUTH] Invalid user name or password.")
                          << QByteArray("ERR [AUTH] Invalid user name or password.");
    QTest::newRow("code only") << QByteArray("-ERR [LOGIN-DELAY]")
                               << QByteArray("ERR [LOGIN-DELAY] ");
    QTest::newRow("unclosed bracket")
        << QByteArray("-ERR [AUTH failed") << QByteArray("ERR [] [AUTH failed");
    QTest::newRow("empty brackets") << QByteArray("-ERR [] x") << QByteArray("ERR [] [] x");
    QTest::newRow("lax case") << QByteArray("+ok fine") << QByteArray("OK [] fine");
    // RFC 5034 s4 challenges.
    QTest::newRow("challenge") << QByteArray("+ VXNlcm5hbWU6")
                               << QByteArray("CONT [] VXNlcm5hbWU6");
    QTest::newRow("empty challenge") << QByteArray("+ ") << QByteArray("CONT [] ");
    QTest::newRow("bare plus") << QByteArray("+") << QByteArray("CONT [] ");
    QTest::newRow("no status") << QByteArray("HELLO") << QByteArray("MALFORMED [] ");
    QTest::newRow("glued text") << QByteArray("+OKAY") << QByteArray("MALFORMED [] ");
    QTest::newRow("glued code") << QByteArray("-ERR[AUTH] no") << QByteArray("MALFORMED [] ");
    QTest::newRow("empty line") << QByteArray("") << QByteArray("MALFORMED [] ");
    QTest::newRow("SMTP reply") << QByteArray("220 smtp.example.com ESMTP")
                                << QByteArray("MALFORMED [] ");
}

void TestPop3ReplyParser::statusLine()
{
    QFETCH(QByteArray, wire);
    QFETCH(QByteArray, expected);
    QCOMPARE(read({ wire + "\r\n" }, {}), QByteArrayList { expected });
    // A bare LF ends a status line too.
    QCOMPARE(read({ wire + "\n" }, {}), QByteArrayList { expected });
    const Pop3Reply reply = Pop3Reply::parse(wire);
    QCOMPARE(reply.line, wire);
}

void TestPop3ReplyParser::multiLine_data()
{
    QTest::addColumn<QByteArray>("body"); // as on the wire, between "+OK\r\n" and ".\r\n"
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("lines") << QByteArray("1 120\r\n2 200\r\n") << QByteArray("1 120\r\n2 200\r\n");
    QTest::newRow("empty body") << QByteArray() << QByteArray();
    QTest::newRow("empty line") << QByteArray("\r\n") << QByteArray("\r\n");
    // RFC 1939 s3: a line starting with "." had another put in front of it.
    QTest::newRow("stuffed dot line")
        << QByteArray("a\r\n..\r\nb\r\n") << QByteArray("a\r\n.\r\nb\r\n");
    QTest::newRow("stuffed text") << QByteArray("..hidden\r\n") << QByteArray(".hidden\r\n");
    QTest::newRow("three dots") << QByteArray("...\r\n") << QByteArray("..\r\n");
    // Not stuffed by the sender, but the rule strips the first "." all the same.
    QTest::newRow("unstuffed .x") << QByteArray(".x\r\n") << QByteArray("x\r\n");
    QTest::newRow("dot then CR") << QByteArray(".\rX\r\n") << QByteArray("\rX\r\n");
    QTest::newRow("dots inside lines")
        << QByteArray("a.b\r\n x.\r\n") << QByteArray("a.b\r\n x.\r\n");
    QTest::newRow("lone CR inside") << QByteArray("a\rb\r\n") << QByteArray("a\rb\r\n");
    QTest::newRow("NUL and 8-bit")
        << QByteArray("a\0b\xff\r\n", 6) << QByteArray("a\0b\xff\r\n", 6);
    QTest::newRow("dot line in message") << QByteArray("Subject: x\r\n\r\n..\r\n..\r\nend\r\n")
                                         << QByteArray("Subject: x\r\n\r\n.\r\n.\r\nend\r\n");
}

void TestPop3ReplyParser::multiLine()
{
    QFETCH(QByteArray, body);
    QFETCH(QByteArray, expected);
    QByteArrayList transcript { "OK [] follows" };
    if (!expected.isEmpty())
        transcript.append("data:" + expected);
    transcript += QByteArrayList { "end", "OK [] after" };
    QCOMPARE(read({ "+OK follows\r\n" + body + ".\r\n+OK after\r\n" }, { true, false }),
             transcript);

    // A sloppy server's bare LFs: lines and the end line are still found; the data is passed
    // on as it came.
    QByteArray bare = body;
    bare.replace("\r\n", "\n");
    QByteArray bareExpected = expected;
    bareExpected.replace("\r\n", "\n");
    QByteArrayList bareTranscript { "OK [] follows" };
    if (!bareExpected.isEmpty())
        bareTranscript.append("data:" + bareExpected);
    bareTranscript += QByteArrayList { "end", "OK [] after" };
    QCOMPARE(read({ "+OK follows\n" + bare + ".\n+OK after\n" }, { true, false }), bareTranscript);
}

void TestPop3ReplyParser::splitAtEveryByte_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<QList<bool>>("multiLine");
    QTest::newRow("greeting, CAPA, STAT")
        << QByteArray("+OK ready <1.2@x>\r\n+OK Capability list follows\r\nTOP\r\nUIDL\r\n"
                      "SASL PLAIN LOGIN\r\n.\r\n+OK 2 320\r\n")
        << QList<bool> { false, true, false };
    QTest::newRow("RETR with stuffing") << QByteArray(
        "+OK 40 octets\r\nSubject: dots\r\n\r\n..\r\n...\r\n.x\r\n\r\n.\r\n-ERR [IN-USE] x\r\n")
                                        << QList<bool> { true, false };
    QTest::newRow("error instead of listing, then listing")
        << QByteArray("-ERR no\r\n+OK\r\n1 a\r\n.\r\n") << QList<bool> { true, true };
    QTest::newRow("SASL exchange") << QByteArray("+ VXNlcm5hbWU6\r\n+ \r\n+OK logged in\r\n")
                                   << QList<bool> { false, false, false };
    QTest::newRow("bare LF body") << QByteArray("+OK\n.a\n..\n\n.\n+OK\n")
                                  << QList<bool> { true, false };
}

// However the bytes are cut into reads, the same events come out.
void TestPop3ReplyParser::splitAtEveryByte()
{
    QFETCH(QByteArray, wire);
    QFETCH(QList<bool>, multiLine);
    const QByteArrayList whole = read({ wire }, multiLine);
    QVERIFY(!whole.isEmpty());
    QVERIFY(!whole.contains("EMPTY DATA EVENT"));
    for (qsizetype i = 0; i <= wire.size(); ++i) {
        const QByteArrayList split = read({ wire.first(i), wire.sliced(i) }, multiLine);
        QVERIFY2(split == whole, qPrintable(QString::number(i)));
        for (qsizetype j = i; j <= wire.size(); ++j) {
            const QByteArrayList three =
                read({ wire.first(i), wire.sliced(i, j - i), wire.sliced(j) }, multiLine);
            QVERIFY2(three == whole, qPrintable(QString::number(i) + u'/' + QString::number(j)));
        }
    }
    QList<QByteArray> bytes;
    for (const char c : wire)
        bytes.append(QByteArray(1, c));
    QCOMPARE(read(bytes, multiLine), whole);
}

void TestPop3ReplyParser::terminatorSplitAcrossReads()
{
    Reader reader;
    reader.multiLine = { true };
    reader.feed("+OK\r\nabc\r\n.");
    QCOMPARE(reader.transcript, (QByteArrayList { "OK [] ", "data:abc\r\n" }));
    QVERIFY(reader.parser.isInBody());
    QCOMPARE(reader.parser.bufferedBytes(), 1); // the "." waits for what follows it
    reader.feed("\r");
    QVERIFY(reader.parser.isInBody());
    reader.feed("\n");
    QCOMPARE(reader.transcript, (QByteArrayList { "OK [] ", "data:abc\r\n", "end" }));
    QVERIFY(!reader.parser.isInBody());
    QCOMPARE(reader.parser.bufferedBytes(), 0);
}

void TestPop3ReplyParser::errHasNoBody()
{
    // "-ERR" and a challenge never start a body, whatever was expected.
    QCOMPARE(read({ "-ERR [SYS/TEMP] busy\r\n.\r\n" }, { true, false }),
             (QByteArrayList { "ERR [SYS/TEMP] busy", "MALFORMED [] " }));
    QCOMPARE(read({ "+ abc\r\n+OK\r\n" }, { true, false }),
             (QByteArrayList { "CONT [] abc", "OK [] " }));
    // A malformed line does not start a body either.
    QCOMPARE(read({ "OK\r\n+OK\r\n" }, { true, false }),
             (QByteArrayList { "MALFORMED [] ", "OK [] " }));
}

void TestPop3ReplyParser::expectationAppliesOnce()
{
    Pop3ReplyParser parser;
    parser.setMultiLineExpected(true);
    parser.feed("+OK\r\n.\r\n+OK\r\n.\r\n");
    QCOMPARE(parser.next().type, Type::Reply);
    QCOMPARE(parser.next().type, Type::EndOfData);
    QVERIFY(!parser.multiLineExpected());
    QCOMPARE(parser.next().type, Type::Reply);
    QVERIFY(!parser.isInBody());
    const Pop3ReplyParser::Event dot = parser.next();
    QCOMPARE(dot.type, Type::Reply);
    QCOMPARE(dot.reply.status, Pop3Reply::Status::Malformed);
    QCOMPARE(dot.reply.line, QByteArray("."));
}

void TestPop3ReplyParser::overlongStatusLine()
{
    Reader reader;
    const QByteArray longLine = "-ERR " + QByteArray(Pop3ReplyParser::MaximumStatusLine, 'x');
    // Reported as malformed as soon as it is too long, without waiting for its end.
    reader.feed(longLine.first(Pop3ReplyParser::MaximumStatusLine + 1));
    QCOMPARE(reader.transcript, QByteArrayList { "MALFORMED [] " });
    QVERIFY(reader.parser.bufferedBytes() < Pop3ReplyParser::MaximumStatusLine);
    reader.feed(
        QByteArray(longLine.sliced(Pop3ReplyParser::MaximumStatusLine + 1) + "\r\n+OK next\r\n"));
    QCOMPARE(reader.transcript, (QByteArrayList { "MALFORMED [] ", "OK [] next" }));
    // Just below the limit is fine.
    const QByteArray fits =
        "+OK " + QByteArray(Pop3ReplyParser::MaximumStatusLine - 6, 'y') + "\r\n";
    QCOMPARE(read({ fits }, {}).size(), 1);
    QVERIFY(read({ fits }, {}).first().startsWith("OK [] yyy"));
}

void TestPop3ReplyParser::resetDropsBufferedBytes()
{
    Pop3ReplyParser parser;
    parser.feed("+OK Begin TLS\r\n-ERR injected\r\n+OK");
    QCOMPARE(parser.next().reply.text, QByteArray("Begin TLS"));
    QCOMPARE(parser.reset(), qsizetype(18));
    QCOMPARE(parser.bufferedBytes(), 0);
    QCOMPARE(parser.next().type, Type::NeedMoreData);
    parser.feed("+OK after TLS\r\n");
    QCOMPARE(parser.next().reply.text, QByteArray("after TLS"));
}

// A 30 MB message streams through: what comes out is the unstuffed message, in pieces no
// larger than MaximumChunk, and the parser never holds more than one read's worth.
void TestPop3ReplyParser::hugeRetrStreamed()
{
    // One block of lines, some of them dot-stuffed, repeated.
    QByteArray block;
    QByteArray blockUnstuffed;
    for (int i = 0; block.size() < 60'000; ++i) {
        const QByteArray text =
            (i % 7 == 0 ? "." : "") + QByteArray::number(i) + " Lorem ipsum dolor sit amet";
        blockUnstuffed += text + "\r\n";
        block += (text.startsWith('.') ? "." + text : text) + "\r\n";
    }
    const int blocks = 30 * 1024 * 1024 / block.size() + 1;
    QCryptographicHash expected(QCryptographicHash::Sha256);
    for (int i = 0; i < blocks; ++i)
        expected.addData(blockUnstuffed);

    Pop3ReplyParser parser;
    parser.setMultiLineExpected(true);
    parser.feed("+OK message follows\r\n");
    QCOMPARE(parser.next().type, Type::Reply);
    QCryptographicHash got(QCryptographicHash::Sha256);
    qint64 total = 0;
    qsizetype largestBuffer = 0;
    bool ended = false;
    const auto drain = [&] {
        for (;;) {
            const Pop3ReplyParser::Event event = parser.next();
            if (event.type == Type::NeedMoreData)
                return;
            if (event.type == Type::EndOfData) {
                ended = true;
                return;
            }
            QCOMPARE(event.type, Type::Data);
            QVERIFY(event.data.size() <= Pop3ReplyParser::MaximumChunk);
            got.addData(event.data);
            total += event.data.size();
        }
    };
    // Reads of an odd size, so they end anywhere in a line, in a "..", or in the CRLF.
    constexpr qsizetype readSize = 16'411;
    QByteArray pending;
    for (int i = 0; i <= blocks; ++i) {
        pending += i < blocks ? block : QByteArray(".\r\n");
        while (pending.size() >= readSize || (i == blocks && !pending.isEmpty())) {
            const qsizetype n = qMin(readSize, pending.size());
            parser.feed(QByteArrayView(pending).first(n));
            pending.remove(0, n);
            largestBuffer = qMax(largestBuffer, parser.bufferedBytes());
            drain();
            QVERIFY(parser.bufferedBytes() <= 2); // only a "." or ".\r" waiting for its next byte
        }
    }
    QVERIFY(ended);
    QCOMPARE(total, qint64(blockUnstuffed.size()) * blocks);
    QCOMPARE(got.result(), expected.result());
    QVERIFY(largestBuffer <= readSize + 2);
}

void TestPop3ReplyParser::listingLines()
{
    Pop3Lines lines(20);
    QCOMPARE(lines.add("1 12"), QByteArrayList());
    QCOMPARE(lines.add("0\r\n2 3"), QByteArrayList { "1 120" });
    QCOMPARE(lines.add("4\r"), QByteArrayList());
    QCOMPARE(lines.add("\n3 5\n"), (QByteArrayList { "2 34", "3 5" }));
    QCOMPARE(lines.finish(), QByteArrayList());
    QVERIFY(!lines.overflowed());
    QCOMPARE(lines.add("4 9"), QByteArrayList());
    QCOMPARE(lines.finish(), QByteArrayList { "4 9" });

    // A line longer than the limit is dropped and marks the listing.
    QCOMPARE(lines.add(QByteArray(15, 'a')), QByteArrayList());
    QCOMPARE(lines.add(QByteArray(15, 'a')), QByteArrayList());
    QCOMPARE(lines.add(QByteArray(QByteArray(15, 'a') + "\r\nok\r\n")), QByteArrayList { "ok" });
    QVERIFY(lines.overflowed());
}

QTEST_GUILESS_MAIN(TestPop3ReplyParser)
#include "tst_pop3replyparser.moc"
