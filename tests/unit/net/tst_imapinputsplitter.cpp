// SPDX-License-Identifier: GPL-3.0-or-later
// ImapInputSplitter: the pieces the session feeds its parser (a line, or a piece of a
// literal) in any split of the input, and the log it writes: lines as received, literal
// contents only as their size.
#include "net/ProtocolLog.h"
#include "net/imap/ImapInputSplitter.h"

#include <QTest>

using magpie::imap::ImapInputSplitter;
using magpie::net::ProtocolLog;

namespace {

// Feeds `input` in pieces of at most `step` bytes; returns every piece taken.
QByteArrayList split(ImapInputSplitter &splitter, const QByteArray &input, qsizetype step)
{
    QByteArrayList pieces;
    for (qsizetype chunk = 0; chunk < input.size(); chunk += step) {
        QByteArrayView rest = QByteArrayView(input).sliced(chunk, qMin(step, input.size() - chunk));
        while (!rest.isEmpty()) {
            const qsizetype size = splitter.take(rest);
            if (size <= 0)
                return pieces << "ERROR: took nothing";
            pieces.append(rest.first(size).toByteArray());
            rest = rest.sliced(size);
        }
    }
    return pieces;
}

} // namespace

class TestImapInputSplitter : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void linesAndLiteralsInAnySplit();
    void piecesEndAtLineEnds();
    void hugeAnnouncedLiteralAllocatesNothing();
    void literalAtEnd_data();
    void literalAtEnd();
};

void TestImapInputSplitter::linesAndLiteralsInAnySplit()
{
    const QByteArray input =
        "* OK ready\r\n* 1 FETCH (BODY[] {12}\r\nhello\r\nworld BODY[1] ~{3}\r\n"
        "a\nb)\r\na1 OK done\r\n";
    for (const qsizetype step : { 1, 2, 3, 7, 64 }) {
        ProtocolLog log;
        ImapInputSplitter splitter(&log);
        const QByteArrayList pieces = split(splitter, input, step);
        QCOMPARE(pieces.join(), input);
        const QStringList lines = log.toText().split(u'\n', Qt::SkipEmptyParts);
        QCOMPARE(lines,
                 QStringList(
                     { QStringLiteral("S: * OK ready"), QStringLiteral("S: * 1 FETCH (BODY[] {12}"),
                       QStringLiteral("S: {12 bytes}"), QStringLiteral("S:  BODY[1] ~{3}"),
                       QStringLiteral("S: {3 bytes}"), QStringLiteral("S: )"),
                       QStringLiteral("S: a1 OK done") }));
    }
}

void TestImapInputSplitter::piecesEndAtLineEnds()
{
    // The session acts on a STARTTLS go-ahead before the next byte is parsed: a piece never
    // runs past the LF that ends a line.
    ProtocolLog log;
    ImapInputSplitter splitter(&log);
    const QByteArray input = "a1 OK Begin TLS\r\n* OK injected\r\n";
    QCOMPARE(splitter.take(input), qsizetype(17));
}

void TestImapInputSplitter::hugeAnnouncedLiteralAllocatesNothing()
{
    ProtocolLog log;
    ImapInputSplitter splitter(&log);
    QCOMPARE(splitter.take("* 1 FETCH (BODY[] {4000000000}\r\n"), qsizetype(32));
    QCOMPARE(splitter.take("abc\r\n* 2 EXISTS\r\n"), qsizetype(17)); // all literal
    splitter.reset();
    QCOMPARE(splitter.take("* 2 EXISTS\r\n* 3 EXISTS\r\n"), qsizetype(12));
}

void TestImapInputSplitter::literalAtEnd_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<qint64>("size"); // -1: none
    QTest::newRow("literal") << QByteArray("* LIST () \"/\" {5}\r\n") << qint64(5);
    QTest::newRow("non-synchronizing") << QByteArray("x {12+}\r\n") << qint64(12);
    QTest::newRow("literal8") << QByteArray("x ~{7}\n") << qint64(7);
    QTest::newRow("zero") << QByteArray("x {0}\r\n") << qint64(0);
    QTest::newRow("no digits") << QByteArray("x {}\r\n") << qint64(-1);
    QTest::newRow("letters") << QByteArray("x {1a}\r\n") << qint64(-1);
    QTest::newRow("text brace") << QByteArray("* OK done}\r\n") << qint64(-1);
    QTest::newRow("too long") << QByteArray("x {99999999999999999999}\r\n") << qint64(-1);
    QTest::newRow("not at end") << QByteArray("x {5} y\r\n") << qint64(-1);
}

void TestImapInputSplitter::literalAtEnd()
{
    QFETCH(QByteArray, line);
    QFETCH(qint64, size);
    const auto found = ImapInputSplitter::literalAtEnd(line);
    QCOMPARE(found ? qint64(*found) : qint64(-1), size);
}

QTEST_GUILESS_MAIN(TestImapInputSplitter)
#include "tst_imapinputsplitter.moc"
