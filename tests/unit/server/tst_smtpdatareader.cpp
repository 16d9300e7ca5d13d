// SPDX-License-Identifier: GPL-3.0-or-later
// The byte-level parts of SMTP: message content after DATA (RFC 5321 s4.1.1.4, s4.5.2),
// command lines, and the Received: field (s4.4).
#include "server/smtp/CommandLineReader.h"
#include "server/smtp/ReceivedField.h"
#include "server/smtp/SmtpDataReader.h"

#include <QTest>

using namespace magpie::server;
using namespace Qt::StringLiterals;

using Outcome = SmtpDataReader::Outcome;
Q_DECLARE_METATYPE(SmtpDataReader::Outcome)

class TestSmtpDataReader : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void readsData_data();
    void readsData();
    void anySplitGivesTheSameMessage();
    void tooBigKeepsReadingWithBoundedMemory();
    void longLineIsSkipped();
    void commandLines();
    void commandLineTooLong();
    void commandLineTakeBuffered();
    void receivedField();
    void receivedProtocolNames_data();
    void receivedProtocolNames();
};

void TestSmtpDataReader::readsData_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<Outcome>("outcome");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("rest"); // bytes after the end of data, left for commands
    QTest::newRow("simple") << "Subject: x\r\n\r\nhi\r\n.\r\nQUIT\r\n"_ba << Outcome::Complete
                            << "Subject: x\r\n\r\nhi\r\n"_ba
                            << "QUIT\r\n"_ba;
    QTest::newRow("empty message")
        << ".\r\n"_ba << Outcome::Complete << QByteArray() << QByteArray();
    QTest::newRow("dot-stuffed") << "..a\r\n...\r\n.\r\n"_ba << Outcome::Complete
                                 << ".a\r\n..\r\n"_ba << QByteArray();
    QTest::newRow("dot in the middle")
        << "a.b\r\n .\r\n.\r\n"_ba << Outcome::Complete << "a.b\r\n .\r\n"_ba << QByteArray();
    QTest::newRow("bare LF dot bare LF is not the end")
        << "a\n.\nb\r\n.\r\n"_ba << Outcome::Complete << "a\r\n.\r\nb\r\n"_ba << QByteArray();
    QTest::newRow("CRLF dot LF is not the end")
        << "a\r\n.\nb\r\n.\r\n"_ba << Outcome::Complete << "a\r\n\r\nb\r\n"_ba << QByteArray();
    QTest::newRow("LF dot CRLF is not the end")
        << "a\n.\r\nb\r\n.\r\n"_ba << Outcome::Complete << "a\r\n.\r\nb\r\n"_ba << QByteArray();
    QTest::newRow("bare CR is stored as CRLF")
        << "a\rb\r\n.\r\n"_ba << Outcome::Complete << "a\r\nb\r\n"_ba << QByteArray();
    QTest::newRow("CR dot CR is not the end")
        << "a\r.\rb\r\n.\r\n"_ba << Outcome::Complete << "a\r\n.\r\nb\r\n"_ba << QByteArray();
    QTest::newRow("dot space is not the end")
        << ". \r\n.\r\n"_ba << Outcome::Complete << " \r\n"_ba << QByteArray();
    QTest::newRow("not finished") << "a\r\n.\n"_ba << Outcome::Reading << QByteArray()
                                  << QByteArray();
    QTest::newRow("8-bit and NUL kept")
        << "\xc3\xa4\0z\r\n.\r\n"_ba << Outcome::Complete << "\xc3\xa4\0z\r\n"_ba << QByteArray();
}

void TestSmtpDataReader::readsData()
{
    QFETCH(QByteArray, input);
    QFETCH(QByteArray, rest);
    SmtpDataReader reader(1000, 100);
    const qsizetype used = reader.feed(input);
    QTEST(reader.outcome(), "outcome");
    QCOMPARE(input.mid(used), rest);
    if (reader.isFinished())
        QTEST(reader.takeMessage(), "message");
}

void TestSmtpDataReader::anySplitGivesTheSameMessage()
{
    const QByteArray input = "..x\r\na\nb\rc\r\n.\n\r\n\r\n.\r\nNOOP\r\n"_ba;
    // ".<LF>" is an SMTP line start with a dot: unstuffed, then its bare LF made a CRLF
    const QByteArray expected = ".x\r\na\r\nb\r\nc\r\n\r\n\r\n\r\n"_ba;
    for (qsizetype cut = 0; cut <= input.size(); ++cut) {
        for (qsizetype cut2 = cut; cut2 <= input.size(); ++cut2) {
            SmtpDataReader reader(1000, 100);
            qsizetype used = reader.feed(QByteArrayView(input).first(cut));
            if (!reader.isFinished())
                used += reader.feed(QByteArrayView(input).sliced(cut, cut2 - cut));
            if (!reader.isFinished())
                used += reader.feed(QByteArrayView(input).sliced(cut2));
            QVERIFY(reader.isFinished());
            QCOMPARE(reader.outcome(), Outcome::Complete);
            QCOMPARE(input.mid(used), "NOOP\r\n"_ba);
            QCOMPARE(reader.takeMessage(), expected);
        }
    }
}

void TestSmtpDataReader::tooBigKeepsReadingWithBoundedMemory()
{
    SmtpDataReader reader(100, 1000);
    const QByteArray line = QByteArray(48, 'x') + "\r\n";
    for (int i = 0; i < 1000; ++i)
        QCOMPARE(reader.feed(line), line.size());
    QVERIFY(!reader.isFinished());
    QCOMPARE(reader.size(), 50000);
    QCOMPARE(reader.feed(".\r\n"), 3);
    QCOMPARE(reader.outcome(), Outcome::TooBig);
    QCOMPARE(reader.takeMessage(), QByteArray()); // nothing was kept past the limit
}

void TestSmtpDataReader::longLineIsSkipped()
{
    SmtpDataReader reader(100000, 100);
    reader.feed("ok\r\n");
    reader.feed(QByteArray(150, 'y'));
    reader.feed(QByteArray(QByteArray(150, 'y') + "\r"));
    QVERIFY(!reader.isFinished());
    reader.feed("\n.\r\n");
    QCOMPARE(reader.outcome(), Outcome::LineTooLong);

    // A long line ending in a bare LF goes on; only its CRLF ends it.
    SmtpDataReader other(100000, 10);
    other.feed(QByteArray(QByteArray(20, 'z') + "\n.\n.\r"));
    QVERIFY(!other.isFinished());
    other.feed("\n.\r\n");
    QCOMPARE(other.outcome(), Outcome::LineTooLong);
}

void TestSmtpDataReader::commandLines()
{
    CommandLineReader reader(100);
    reader.append("EHLO a\r\nNOOP\nQU");
    QCOMPARE(reader.next()->text, "EHLO a"_ba);
    QCOMPARE(reader.next()->text, "NOOP"_ba);
    QVERIFY(!reader.next());
    reader.append("IT\r");
    QVERIFY(!reader.next());
    reader.append("\n");
    const auto quit = reader.next();
    QCOMPARE(quit->text, "QUIT"_ba);
    QVERIFY(!quit->tooLong);
    QCOMPARE(reader.bufferedSize(), 0);
    reader.append("\r\n");
    QCOMPARE(reader.next()->text, QByteArray()); // an empty line is a (bad) command too
}

void TestSmtpDataReader::commandLineTooLong()
{
    CommandLineReader reader(10);
    reader.append("0123456789abc");
    const auto first = reader.next();
    QVERIFY(first && first->tooLong);
    QCOMPARE(reader.bufferedSize(), 0); // nothing of the long line is kept
    reader.append("defgh");
    QVERIFY(!reader.next()); // reported once
    reader.append("ij\r\nNOOP\r\n");
    QCOMPARE(reader.next()->text, "NOOP"_ba);

    CommandLineReader whole(10);
    whole.append("0123456789ab\r\nRSET\r\n"); // the long line arrives whole
    QVERIFY(whole.next()->tooLong);
    QCOMPARE(whole.next()->text, "RSET"_ba);

    // The limit counts the CRLF, as RFC 5321 s4.5.3.1.4 does.
    CommandLineReader exact(10);
    exact.append("01234567\r\n012345678\r\n");
    QVERIFY(!exact.next()->tooLong);
    QVERIFY(exact.next()->tooLong);
}

void TestSmtpDataReader::commandLineTakeBuffered()
{
    CommandLineReader reader(100);
    reader.append("DATA\r\nSubject: a\r\n");
    QCOMPARE(reader.next()->text, "DATA"_ba);
    QCOMPARE(reader.takeBuffered(), "Subject: a\r\n"_ba);
    QCOMPARE(reader.bufferedSize(), 0);
    reader.append("x\r\n");
    reader.clear();
    QVERIFY(!reader.next());
}

void TestSmtpDataReader::receivedField()
{
    ReceivedField field;
    field.heloName = "client.example";
    field.peer = u"127.0.0.1:53122"_s;
    field.byHost = "localhost";
    field.esmtp = true;
    field.tls = true;
    field.authenticated = true;
    field.id = "5F3A9C";
    field.recipient = "<alice@example.test>";
    field.when = QDateTime(QDate(2026, 3, 3), QTime(14, 5, 9), Qt::UTC);
    QCOMPARE(field.toBytes(),
             "Received: from client.example ([127.0.0.1])\r\n"
             "\tby localhost with ESMTPSA id 5F3A9C\r\n"
             "\tfor <alice@example.test>;\r\n"
             "\tTue, 3 Mar 2026 14:05:09 +0000\r\n"_ba);

    field.heloName = "evil(name);x";
    field.peer = u"[::1]:4000"_s;
    field.recipient.clear();
    field.esmtp = false;
    QCOMPARE(field.toBytes(),
             "Received: from evil_name__x ([IPv6:::1])\r\n"
             "\tby localhost with SMTP id 5F3A9C;\r\n"
             "\tTue, 3 Mar 2026 14:05:09 +0000\r\n"_ba);

    field.peer = u"[::ffff:10.0.0.1]:4000"_s;
    QCOMPARE(field.peerLiteral(), "[10.0.0.1]"_ba);
    field.peer = u"nonsense"_s;
    QCOMPARE(field.peerLiteral(), "[unknown]"_ba);
}

void TestSmtpDataReader::receivedProtocolNames_data()
{
    QTest::addColumn<bool>("esmtp");
    QTest::addColumn<bool>("tls");
    QTest::addColumn<bool>("auth");
    QTest::addColumn<bool>("utf8");
    QTest::addColumn<QByteArray>("name");
    QTest::newRow("HELO") << false << true << true << false << "SMTP"_ba;
    QTest::newRow("EHLO") << true << false << false << false << "ESMTP"_ba;
    QTest::newRow("TLS") << true << true << false << false << "ESMTPS"_ba;
    QTest::newRow("AUTH") << true << false << true << false << "ESMTPA"_ba;
    QTest::newRow("both") << true << true << true << false << "ESMTPSA"_ba;
    QTest::newRow("UTF-8") << true << false << false << true << "UTF8SMTP"_ba;
    QTest::newRow("UTF-8 both") << true << true << true << true << "UTF8SMTPSA"_ba;
}

void TestSmtpDataReader::receivedProtocolNames()
{
    ReceivedField field;
    QFETCH(bool, esmtp);
    QFETCH(bool, tls);
    QFETCH(bool, auth);
    QFETCH(bool, utf8);
    field.esmtp = esmtp;
    field.tls = tls;
    field.authenticated = auth;
    field.smtpUtf8 = utf8;
    QTEST(field.protocolName(), "name");
}

QTEST_GUILESS_MAIN(TestSmtpDataReader)
#include "tst_smtpdatareader.moc"
