// SPDX-License-Identifier: GPL-3.0-or-later
// POP3 command lines (RFC 1939 s3, RFC 2449, RFC 5034) and the maildrop's multi-line
// helpers (byte-stuffing, TOP).
#include "server/pop3/Pop3Command.h"
#include "server/pop3/Pop3Maildrop.h"

#include <QTest>

using namespace magpie::server;
using namespace Qt::StringLiterals;

using Verb = Pop3Command::Verb;
Q_DECLARE_METATYPE(Pop3Command::Verb)

class TestPop3Command : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void roundTrip_data();
    void roundTrip();
    void byteStuffing_data();
    void byteStuffing();
    void top_data();
    void top();
    void maildropMarks();
};

void TestPop3Command::parses_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::addColumn<Verb>("verb");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<int>("message"); // 0: none
    QTest::addColumn<int>("lines"); // -1: none
    QTest::addColumn<QByteArray>("argument");
    QTest::newRow("STAT") << "STAT"_ba << Verb::Stat << true << 0 << -1 << QByteArray();
    QTest::newRow("stat lower") << "stat"_ba << Verb::Stat << true << 0 << -1 << QByteArray();
    QTest::newRow("STAT trailing blank")
        << "STAT "_ba << Verb::Stat << true << 0 << -1 << QByteArray();
    QTest::newRow("STAT argument") << "STAT 1"_ba << Verb::Stat << false << 0 << -1 << QByteArray();
    QTest::newRow("LIST") << "LIST"_ba << Verb::List << true << 0 << -1 << QByteArray();
    QTest::newRow("LIST 3") << "LIST 3"_ba << Verb::List << true << 3 << -1 << QByteArray();
    QTest::newRow("LIST 0") << "LIST 0"_ba << Verb::List << false << 0 << -1 << QByteArray();
    QTest::newRow("LIST -1") << "LIST -1"_ba << Verb::List << false << 0 << -1 << QByteArray();
    QTest::newRow("LIST +1") << "LIST +1"_ba << Verb::List << false << 0 << -1 << QByteArray();
    QTest::newRow("LIST x") << "LIST x"_ba << Verb::List << false << 0 << -1 << QByteArray();
    QTest::newRow("LIST huge") << "LIST 99999999999"_ba << Verb::List << false << 0 << -1
                               << QByteArray();
    QTest::newRow("LIST two") << "LIST 1 2"_ba << Verb::List << false << 0 << -1 << QByteArray();
    QTest::newRow("UIDL 7") << "UIDL 7"_ba << Verb::Uidl << true << 7 << -1 << QByteArray();
    QTest::newRow("RETR 1") << "RETR 1"_ba << Verb::Retr << true << 1 << -1 << QByteArray();
    QTest::newRow("RETR leading zero")
        << "RETR 007"_ba << Verb::Retr << true << 7 << -1 << QByteArray();
    QTest::newRow("RETR") << "RETR"_ba << Verb::Retr << false << 0 << -1 << QByteArray();
    QTest::newRow("DELE 2") << "DELE 2"_ba << Verb::Dele << true << 2 << -1 << QByteArray();
    QTest::newRow("DELE two") << "DELE 1 2"_ba << Verb::Dele << false << 0 << -1 << QByteArray();
    QTest::newRow("TOP 1 0") << "TOP 1 0"_ba << Verb::Top << true << 1 << 0 << QByteArray();
    QTest::newRow("TOP 2 10") << "top 2 10"_ba << Verb::Top << true << 2 << 10 << QByteArray();
    QTest::newRow("TOP 1") << "TOP 1"_ba << Verb::Top << false << 0 << -1 << QByteArray();
    QTest::newRow("TOP 0 1") << "TOP 0 1"_ba << Verb::Top << false << 0 << -1 << QByteArray();
    QTest::newRow("TOP 1 -1") << "TOP 1 -1"_ba << Verb::Top << false << 0 << -1 << QByteArray();
    QTest::newRow("USER") << "USER alice@example.test"_ba << Verb::User << true << 0 << -1
                          << "alice@example.test"_ba;
    QTest::newRow("USER none") << "USER"_ba << Verb::User << false << 0 << -1 << QByteArray();
    QTest::newRow("USER two words")
        << "USER a b"_ba << Verb::User << false << 0 << -1 << QByteArray();
    QTest::newRow("PASS") << "PASS secret"_ba << Verb::Pass << true << 0 << -1 << "secret"_ba;
    QTest::newRow("PASS with spaces")
        << "PASS  a b "_ba << Verb::Pass << true << 0 << -1 << " a b "_ba;
    QTest::newRow("PASS none") << "PASS"_ba << Verb::Pass << false << 0 << -1 << QByteArray();
    QTest::newRow("PASS empty") << "PASS "_ba << Verb::Pass << false << 0 << -1 << QByteArray();
    QTest::newRow("AUTH") << "AUTH"_ba << Verb::Auth << true << 0 << -1 << QByteArray();
    QTest::newRow("AUTH plain") << "AUTH plain"_ba << Verb::Auth << true << 0 << -1 << "PLAIN"_ba;
    QTest::newRow("AUTH PLAIN ir")
        << "AUTH PLAIN AGEAYg=="_ba << Verb::Auth << true << 0 << -1 << "PLAIN"_ba;
    QTest::newRow("AUTH bad mechanism")
        << "AUTH PL/AIN"_ba << Verb::Auth << false << 0 << -1 << QByteArray();
    QTest::newRow("AUTH too many")
        << "AUTH PLAIN a b"_ba << Verb::Auth << false << 0 << -1 << QByteArray();
    QTest::newRow("CAPA") << "CAPA"_ba << Verb::Capa << true << 0 << -1 << QByteArray();
    QTest::newRow("STLS") << "STLS"_ba << Verb::Stls << true << 0 << -1 << QByteArray();
    QTest::newRow("APOP is unknown")
        << "APOP a b"_ba << Verb::Unknown << true << 0 << -1 << "a b"_ba;
    QTest::newRow("empty") << QByteArray() << Verb::Unknown << true << 0 << -1 << QByteArray();
    QTest::newRow("NUL in keyword")
        << "ST\0T"_ba << Verb::Unknown << true << 0 << -1 << QByteArray();
}

void TestPop3Command::parses()
{
    QFETCH(QByteArray, line);
    QFETCH(bool, valid);
    QFETCH(int, message);
    QFETCH(int, lines);
    const Pop3Command command = Pop3Command::parse(line);
    QTEST(command.verb, "verb");
    QCOMPARE(command.isValid(), valid);
    if (!valid)
        return;
    QCOMPARE(command.message.value_or(0), message);
    QCOMPARE(command.lines.value_or(-1), lines);
    QTEST(command.argument, "argument");
}

void TestPop3Command::roundTrip_data()
{
    QTest::addColumn<QByteArray>("line");
    QTest::newRow("top") << "top 01 002"_ba;
    QTest::newRow("pass") << "pass  x y "_ba;
    QTest::newRow("auth") << "auth login dXNlcg=="_ba;
    QTest::newRow("user") << "user   bob"_ba;
    QTest::newRow("unknown") << "XTND  xmit "_ba;
    QTest::newRow("uidl") << "UIDL"_ba;
}

void TestPop3Command::roundTrip()
{
    QFETCH(QByteArray, line);
    const Pop3Command command = Pop3Command::parse(line);
    QVERIFY(command.isValid());
    const Pop3Command again = Pop3Command::parse(command.toLine());
    QVERIFY2(again == command, command.toLine().constData());
    QCOMPARE(again.toLine(), command.toLine());
}

void TestPop3Command::byteStuffing_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("plain") << "a\r\nb\r\n"_ba
                           << "a\r\nb\r\n.\r\n"_ba;
    QTest::newRow("dots") << ".a\r\n.\r\nb.\r\n..\r\n"_ba
                          << "..a\r\n..\r\nb.\r\n...\r\n.\r\n"_ba;
    QTest::newRow("no final CRLF") << "a\r\n.b"_ba
                                   << "a\r\n..b\r\n.\r\n"_ba;
    QTest::newRow("empty") << QByteArray() << ".\r\n"_ba;
}

void TestPop3Command::byteStuffing()
{
    QFETCH(QByteArray, content);
    QTEST(Pop3Maildrop::byteStuffed(content), "wire");
}

void TestPop3Command::top_data()
{
    QTest::addColumn<QByteArray>("content");
    QTest::addColumn<int>("lines");
    QTest::addColumn<QByteArray>("top");
    const QByteArray message = "A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\nthree\r\n"_ba;
    QTest::newRow("0 lines") << message << 0 << "A: 1\r\nB: 2\r\n\r\n"_ba;
    QTest::newRow("2 lines") << message << 2 << "A: 1\r\nB: 2\r\n\r\none\r\ntwo\r\n"_ba;
    QTest::newRow("more than there are") << message << 10 << message;
    QTest::newRow("no body") << "A: 1\r\n"_ba << 3 << "A: 1\r\n"_ba;
    QTest::newRow("no header") << "\r\nbody\r\nmore\r\n"_ba << 1 << "\r\nbody\r\n"_ba;
    QTest::newRow("last line without CRLF") << "A: 1\r\n\r\nx"_ba << 5 << "A: 1\r\n\r\nx"_ba;
}

void TestPop3Command::top()
{
    QFETCH(QByteArray, content);
    QFETCH(int, lines);
    QTEST(Pop3Maildrop::top(content, lines), "top");
}

void TestPop3Command::maildropMarks()
{
    QList<MessageRecord> records(3);
    for (int i = 0; i < 3; ++i) {
        records[i].uid = Uid(10 + i);
        records[i].size = 100 * (i + 1);
    }
    Pop3Maildrop maildrop(1234, records);
    QCOMPARE(maildrop.count(), 3);
    QVERIFY(!maildrop.exists(0));
    QVERIFY(maildrop.exists(3));
    QVERIFY(!maildrop.exists(4));
    QCOMPARE(maildrop.uniqueId(2), "1234.11"_ba);
    QCOMPARE(maildrop.visibleSize(), 600);
    maildrop.markDeleted(1);
    maildrop.markDeleted(3);
    QCOMPARE(maildrop.visibleCount(), 1);
    QCOMPARE(maildrop.visibleSize(), 200);
    QCOMPARE(maildrop.deletedUids(), (QList<Uid> { 10, 12 }));
    maildrop.unmarkAll();
    QCOMPARE(maildrop.visibleCount(), 3);
    QVERIFY(maildrop.deletedUids().isEmpty());
}

QTEST_GUILESS_MAIN(TestPop3Command)
#include "tst_pop3command.moc"
