// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapCommandReader.h"

#include <QTest>

using magpie::server::ImapCommandReader;

using Trace = QList<QByteArray>;

namespace {

// Small limits, so the rows can show every edge in a few bytes.
ImapCommandReader::Limits testLimits()
{
    ImapCommandReader::Limits limits;
    limits.maxLineLength = 100;
    limits.maxLiteralSize = 10;
    limits.maxMessageSize = 50;
    return limits;
}

// One line per step: "begun tag|VERB", "continue tag|VERB", "command tag|VERB|bytes",
// "too long tag", "too large tag|VERB sync" (or "nonsync").
QByteArray describe(const ImapCommandReader::Step &step)
{
    using Kind = ImapCommandReader::Step::Kind;
    const QByteArray who = step.tag + '|' + step.verb;
    switch (step.kind) {
    case Kind::NeedMore:
        return "need more";
    case Kind::CommandBegun:
        return "begun " + who;
    case Kind::NeedContinuation:
        return "continue " + who;
    case Kind::Command:
        return "command " + who + '|' + step.command;
    case Kind::LineTooLong:
        return "too long " + step.tag;
    case Kind::LiteralTooLarge:
        return "too large " + who + (step.nonSynchronizing ? " nonsync" : " sync");
    }
    return "?";
}

void drain(ImapCommandReader &reader, Trace &trace)
{
    for (int guard = 0; guard < 10000; ++guard) {
        const auto step = reader.next();
        if (step.kind == ImapCommandReader::Step::Kind::NeedMore)
            return;
        trace.append(describe(step));
    }
    QFAIL("next() never said NeedMore");
}

// The steps for `input` fed in the pieces that start at `cuts`.
Trace feed(QByteArrayView input, const QList<qsizetype> &cuts = {})
{
    ImapCommandReader reader(testLimits());
    Trace trace;
    qsizetype from = 0;
    for (const qsizetype cut : cuts) {
        reader.append(input.sliced(from, cut - from));
        drain(reader, trace);
        from = cut;
    }
    reader.append(input.sliced(from));
    drain(reader, trace);
    return trace;
}

QByteArray repeated(char c, int count)
{
    return QByteArray(count, c);
}

} // namespace

class TestImapCommandReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void steps_data();
    void steps();
    void sameStepsAtEverySplit_data() { steps_data(); }
    void sameStepsAtEverySplit();
    void sameStepsByteByByte_data() { steps_data(); }
    void sameStepsByteByByte();
    void continuationBeforeTheLiteral();
    void refusedBytesAreNotKept();
    void overlongLineIsNotKept();
    void discardBufferedAfterStartTls();
};

void TestImapCommandReader::steps_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Trace>("expected");
    const QByteArray noop = "b NOOP\r\n";
    const Trace thenNoop = { "begun b|NOOP", "command b|NOOP|b NOOP\r\n" };

    QTest::newRow("one line") << QByteArray("a1 NOOP\r\n")
                              << Trace { "begun a1|NOOP", "command a1|NOOP|a1 NOOP\r\n" };
    QTest::newRow("bare LF") << QByteArray("a1 noop\n")
                             << Trace { "begun a1|NOOP", "command a1|NOOP|a1 noop\n" };
    QTest::newRow("CR inside a line is not an end")
        << QByteArray("a NOOP\rb\r\n") << Trace { "begun a|", "command a||a NOOP\rb\r\n" };
    QTest::newRow("pipelined") << QByteArray("a NOOP\r\nb NOOP\r\n")
                               << Trace { "begun a|NOOP", "command a|NOOP|a NOOP\r\n",
                                          "begun b|NOOP", "command b|NOOP|b NOOP\r\n" };
    QTest::newRow("UID command") << QByteArray("a UID fetch 1 FLAGS\r\n")
                                 << Trace { "begun a|UID FETCH",
                                            "command a|UID FETCH|a UID fetch 1 FLAGS\r\n" };
    QTest::newRow("UID alone") << QByteArray("a UID\r\n")
                               << Trace { "begun a|UID", "command a|UID|a UID\r\n" };
    QTest::newRow("synchronizing literals")
        << QByteArray("a LOGIN {3}\r\nbob {6}\r\nsecret\r\n")
        << Trace { "begun a|LOGIN", "continue a|LOGIN", "continue a|LOGIN",
                   "command a|LOGIN|a LOGIN {3}\r\nbob {6}\r\nsecret\r\n" };
    QTest::newRow("LITERAL+") << QByteArray("a LOGIN {3+}\r\nbob {6+}\r\nsecret\r\n")
                              << Trace { "begun a|LOGIN",
                                         "command a|LOGIN|a LOGIN {3+}\r\nbob {6+}\r\nsecret\r\n" };
    QTest::newRow("literal8") << QByteArray("a APPEND box ~{3}\r\nabc\r\n")
                              << Trace { "begun a|APPEND", "continue a|APPEND",
                                         "command a|APPEND|a APPEND box ~{3}\r\nabc\r\n" };
    QTest::newRow("literal8 non-synchronizing")
        << QByteArray("a APPEND box ~{3+}\r\nabc\r\n")
        << Trace { "begun a|APPEND", "command a|APPEND|a APPEND box ~{3+}\r\nabc\r\n" };
    QTest::newRow("literal holding line ends and a literal announcement")
        << QByteArray("a APPEND box {11}\r\nx {3}\r\nyz\r\n\r\n")
        << Trace { "begun a|APPEND", "continue a|APPEND",
                   "command a|APPEND|a APPEND box {11}\r\nx {3}\r\nyz\r\n\r\n" };
    QTest::newRow("empty literals") << QByteArray("a LOGIN {0}\r\n {0+}\r\n\r\n")
                                    << Trace { "begun a|LOGIN", "continue a|LOGIN",
                                               "command a|LOGIN|a LOGIN {0}\r\n {0+}\r\n\r\n" };
    QTest::newRow("literal after bare LF")
        << QByteArray("a LOGIN {1}\nx y\n")
        << Trace { "begun a|LOGIN", "continue a|LOGIN", "command a|LOGIN|a LOGIN {1}\nx y\n" };
    QTest::newRow("braces without a number are text")
        << QByteArray("a LOGIN {}\r\n")
        << Trace { "begun a|LOGIN", "command a|LOGIN|a LOGIN {}\r\n" };
    QTest::newRow("not a number") << QByteArray("a LOGIN {1a}\r\n")
                                  << Trace { "begun a|LOGIN", "command a|LOGIN|a LOGIN {1a}\r\n" };
    QTest::newRow("plus alone") << QByteArray("a LOGIN {+}\r\n")
                                << Trace { "begun a|LOGIN", "command a|LOGIN|a LOGIN {+}\r\n" };
    QTest::newRow("literal not at the end")
        << QByteArray("a LOGIN {3} x\r\n")
        << Trace { "begun a|LOGIN", "command a|LOGIN|a LOGIN {3} x\r\n" };

    // What the session reads in other states comes through as commands too.
    QTest::newRow("IDLE's DONE") << QByteArray("DONE\r\n")
                                 << Trace { "begun DONE|", "command DONE||DONE\r\n" };
    QTest::newRow("AUTHENTICATE response")
        << QByteArray("AGFsaWNlAHNlY3JldA==\r\n")
        << Trace { "begun AGFsaWNlAHNlY3JldA==|",
                   "command AGFsaWNlAHNlY3JldA==||AGFsaWNlAHNlY3JldA==\r\n" };
    QTest::newRow("empty line") << QByteArray("\r\n") << Trace { "begun |", "command ||\r\n" };
    QTest::newRow("control bytes for a tag")
        << QByteArray("\x01\x02 NOOP\r\n") << Trace { "begun |", "command ||\x01\x02 NOOP\r\n" };
    QTest::newRow("8-bit verb") << QByteArray("a N\xc3\xb6OP\r\n")
                                << Trace { "begun a|", "command a||a N\xc3\xb6OP\r\n" };

    // maxLineLength = 100: the text of a command, without its line ends and literals.
    const QByteArray hundred = "a NOOP " + repeated('x', 93);
    QTest::newRow("line at the limit")
        << QByteArray(hundred + "\r\n")
        << Trace { "begun a|NOOP", "command a|NOOP|" + hundred + "\r\n" };
    QTest::newRow("line one over the limit")
        << QByteArray(hundred + "y\r\n" + noop) << (Trace { "too long a" } + thenNoop);
    QTest::newRow("line far over the limit")
        << QByteArray("a NOOP " + repeated('x', 500) + "\r\n" + noop)
        << (Trace { "too long a" } + thenNoop);
    QTest::newRow("overlong line without a space")
        << QByteArray(repeated('x', 300) + "\r\n" + noop) << (Trace { "too long " } + thenNoop);
    QTest::newRow("overlong tag") << QByteArray(repeated('x', 150) + " NOOP\r\n" + noop)
                                  << (Trace { "too long " } + thenNoop);
    QTest::newRow("overlong line ending in LITERAL+: the literal is skipped too")
        << QByteArray("a LOGIN " + repeated('x', 200) + " {5+}\r\nab\r\nc rest\r\n" + noop)
        << (Trace { "too long a" } + thenNoop);
    QTest::newRow("overlong line ending in a synchronizing literal")
        << QByteArray("a LOGIN " + repeated('x', 200) + " {5}\r\n" + noop)
        << (Trace { "too long a" } + thenNoop);
    QTest::newRow("overlong over several lines")
        << QByteArray("a LOGIN {3+}\r\nabc " + repeated('y', 95) + "\r\n" + noop)
        << (Trace { "begun a|LOGIN", "too long a" } + thenNoop);
    QTest::newRow("overlong second line ending in LITERAL+")
        << QByteArray("a LOGIN {3+}\r\nabc " + repeated('y', 95) + " {4+}\r\nzzzz\r\n" + noop)
        << (Trace { "begun a|LOGIN", "too long a" } + thenNoop);

    // maxLiteralSize = 10, maxMessageSize = 50.
    QTest::newRow("literal at the limit")
        << QByteArray("a LOGIN {10+}\r\n0123456789 x\r\n")
        << Trace { "begun a|LOGIN", "command a|LOGIN|a LOGIN {10+}\r\n0123456789 x\r\n" };
    QTest::newRow("synchronizing literal too large: the client sends nothing")
        << QByteArray("a LOGIN {11}\r\n" + noop)
        << (Trace { "begun a|LOGIN", "too large a|LOGIN sync" } + thenNoop);
    QTest::newRow("non-synchronizing literal too large: skipped with its line")
        << QByteArray("a LOGIN {11+}\r\n01234567890 rest\r\n" + noop)
        << (Trace { "begun a|LOGIN", "too large a|LOGIN nonsync" } + thenNoop);
    QTest::newRow("refused LITERAL+ then more LITERAL+ in the same command")
        << QByteArray("a LOGIN {11+}\r\n01234567890 {2+}\r\n\r\n\r\n" + noop)
        << (Trace { "begun a|LOGIN", "too large a|LOGIN nonsync" } + thenNoop);
    QTest::newRow("refused LITERAL+ then a synchronizing literal")
        << QByteArray("a LOGIN {11+}\r\n01234567890 {2}\r\n" + noop)
        << (Trace { "begun a|LOGIN", "too large a|LOGIN nonsync" } + thenNoop);
    QTest::newRow("literal over 2^64")
        << QByteArray("a LOGIN {99999999999999999999999}\r\n" + noop)
        << (Trace { "begun a|LOGIN", "too large a|LOGIN sync" } + thenNoop);
    QTest::newRow("literal over 2^32")
        << QByteArray("a LOGIN {4294967307}\r\n" + noop)
        << (Trace { "begun a|LOGIN", "too large a|LOGIN sync" } + thenNoop);
    QTest::newRow("literals of a command add up")
        << QByteArray("a LOGIN {6+}\r\nabcdef {6+}\r\nabcdef\r\n" + noop)
        << (Trace { "begun a|LOGIN", "too large a|LOGIN nonsync" } + thenNoop);
    QTest::newRow("APPEND takes a message up to maxMessageSize")
        << QByteArray("a APPEND box {50}\r\n" + repeated('m', 50) + "\r\n")
        << Trace { "begun a|APPEND", "continue a|APPEND",
                   "command a|APPEND|a APPEND box {50}\r\n" + repeated('m', 50) + "\r\n" };
    QTest::newRow("APPEND message too large")
        << QByteArray("a APPEND box {51}\r\n" + noop)
        << (Trace { "begun a|APPEND", "too large a|APPEND sync" } + thenNoop);
    QTest::newRow("APPEND message too large, LITERAL+")
        << QByteArray("a APPEND box {51+}\r\n" + repeated('m', 51) + "\r\n" + noop)
        << (Trace { "begun a|APPEND", "too large a|APPEND nonsync" } + thenNoop);
    QTest::newRow("APPEND with a literal mailbox name")
        << QByteArray("a APPEND {10+}\r\n0123456789 {50+}\r\n" + repeated('m', 50) + "\r\n")
        << Trace { "begun a|APPEND",
                   "command a|APPEND|a APPEND {10+}\r\n0123456789 {50+}\r\n" + repeated('m', 50)
                       + "\r\n" };
    QTest::newRow("UID APPEND is not APPEND")
        << QByteArray("a UID APPEND {11}\r\n")
        << Trace { "begun a|UID APPEND", "too large a|UID APPEND sync" };
}

void TestImapCommandReader::steps()
{
    QFETCH(QByteArray, input);
    QFETCH(Trace, expected);
    QCOMPARE(feed(input), expected);
}

// TCP may cut the stream anywhere: the steps must not depend on where.
void TestImapCommandReader::sameStepsAtEverySplit()
{
    QFETCH(QByteArray, input);
    QFETCH(Trace, expected);
    for (qsizetype cut = 0; cut <= input.size(); ++cut)
        QVERIFY2(feed(input, { cut }) == expected, QByteArray::number(cut).constData());
    for (qsizetype cut = 0; cut + 3 <= input.size(); ++cut)
        QVERIFY2(feed(input, { cut, cut + 1, cut + 3 }) == expected,
                 QByteArray::number(cut).constData());
}

void TestImapCommandReader::sameStepsByteByByte()
{
    QFETCH(QByteArray, input);
    QFETCH(Trace, expected);
    QList<qsizetype> cuts;
    for (qsizetype i = 1; i < input.size(); ++i)
        cuts.append(i);
    QCOMPARE(feed(input, cuts), expected);
}

// RFC 3501 s7.5: the "+" goes out as soon as the line is in, before any literal byte.
void TestImapCommandReader::continuationBeforeTheLiteral()
{
    ImapCommandReader reader(testLimits());
    reader.append("a APPEND box {5}\r\nab");
    QCOMPARE(reader.next().kind, ImapCommandReader::Step::Kind::CommandBegun);
    QCOMPARE(reader.next().kind, ImapCommandReader::Step::Kind::NeedContinuation);
    QCOMPARE(reader.next().kind, ImapCommandReader::Step::Kind::NeedMore);
    QVERIFY(reader.hasBuffered());
    reader.append("cde\r\n");
    const auto step = reader.next();
    QCOMPARE(step.kind, ImapCommandReader::Step::Kind::Command);
    QCOMPARE(step.command, QByteArray("a APPEND box {5}\r\nabcde\r\n"));
    QCOMPARE(reader.next().kind, ImapCommandReader::Step::Kind::NeedMore);
    QVERIFY(!reader.hasBuffered());
}

// A refused LITERAL+ of 100 MB is read and dropped as it comes, never held.
void TestImapCommandReader::refusedBytesAreNotKept()
{
    ImapCommandReader reader(testLimits());
    reader.append("a APPEND box {100000000+}\r\n");
    Trace trace;
    drain(reader, trace);
    QCOMPARE(trace, (Trace { "begun a|APPEND", "too large a|APPEND nonsync" }));
    const QByteArray chunk(1 << 20, 'm');
    for (int i = 0; i < 95; ++i) {
        reader.append(chunk);
        drain(reader, trace);
        QVERIFY(!reader.hasBuffered());
    }
    reader.append(QByteArray(QByteArray(100000000 - 95 * (1 << 20), 'm') + " tail\r\nb NOOP\r\n"));
    drain(reader, trace);
    QCOMPARE(trace,
             (Trace { "begun a|APPEND", "too large a|APPEND nonsync", "begun b|NOOP",
                      "command b|NOOP|b NOOP\r\n" }));
}

void TestImapCommandReader::overlongLineIsNotKept()
{
    ImapCommandReader reader(testLimits());
    Trace trace;
    reader.append("a NOOP ");
    for (int i = 0; i < 1000; ++i) {
        reader.append(repeated('x', 1000));
        drain(reader, trace);
        QVERIFY(!reader.hasBuffered());
    }
    reader.append("\r\nb NOOP\r\n");
    drain(reader, trace);
    QCOMPARE(trace, (Trace { "too long a", "begun b|NOOP", "command b|NOOP|b NOOP\r\n" }));
}

// RFC 3207-style command injection (RFC 3501 s6.2.1): what came after STARTTLS in the same
// plaintext read must be thrown away, and the session must be able to see it was there.
void TestImapCommandReader::discardBufferedAfterStartTls()
{
    ImapCommandReader reader(testLimits());
    reader.append("a STARTTLS\r\nb LOGIN alice secret\r\n");
    QCOMPARE(reader.next().kind, ImapCommandReader::Step::Kind::CommandBegun);
    const auto step = reader.next();
    QCOMPARE(step.kind, ImapCommandReader::Step::Kind::Command);
    QCOMPARE(step.verb, QByteArray("STARTTLS"));
    QVERIFY(reader.hasBuffered());
    reader.discardBuffered();
    QVERIFY(!reader.hasBuffered());
    QCOMPARE(reader.next().kind, ImapCommandReader::Step::Kind::NeedMore);
    reader.append("c NOOP\r\n");
    Trace trace;
    drain(reader, trace);
    QCOMPARE(trace, (Trace { "begun c|NOOP", "command c|NOOP|c NOOP\r\n" }));
}

QTEST_GUILESS_MAIN(TestImapCommandReader)
#include "tst_imapcommandreader.moc"
