// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapOutput.h"

#include <QTest>
#include <QTimeZone>

using namespace magpie::server;
using namespace Qt::StringLiterals;

class TestImapOutput : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void string_data();
    void string();
    void nstring();
    void appends();
    void mailbox_data();
    void mailbox();
    void flagList();
    void dateTime_data();
    void dateTime();
};

void TestImapOutput::string_data()
{
    QTest::addColumn<QByteArray>("input");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("plain") << QByteArray("hello") << QByteArray("\"hello\"");
    QTest::newRow("empty") << QByteArray("") << QByteArray("\"\"");
    QTest::newRow("spaces and parens") << QByteArray("a (b) c") << QByteArray("\"a (b) c\"");
    QTest::newRow("quote escaped") << QByteArray("say \"hi\"") << QByteArray("\"say \\\"hi\\\"\"");
    QTest::newRow("backslash escaped") << QByteArray("a\\b") << QByteArray("\"a\\\\b\"");
    QTest::newRow("tab is quoted") << QByteArray("a\tb") << QByteArray("\"a\tb\"");
    QTest::newRow("CR gives literal") << QByteArray("a\rb") << QByteArray("{3}\r\na\rb");
    QTest::newRow("LF gives literal") << QByteArray("a\nb") << QByteArray("{3}\r\na\nb");
    QTest::newRow("CRLF gives literal") << QByteArray("a\r\nb") << QByteArray("{4}\r\na\r\nb");
    QTest::newRow("NUL gives literal") << QByteArray("a\0b", 3) << QByteArray("{3}\r\na\0b", 8);
    QTest::newRow("8-bit gives literal") << QByteArray("Gr\xc3\xbc\xc3\x9f")
                                         << QByteArray("{6}\r\nGr\xc3\xbc\xc3\x9f");
    QTest::newRow("1023 bytes quoted") << QByteArray(1023, 'x') << ('"' + QByteArray(1023, 'x') + '"');
    QTest::newRow("1024 bytes literal") << QByteArray(1024, 'x') << ("{1024}\r\n" + QByteArray(1024, 'x'));
}

void TestImapOutput::string()
{
    QFETCH(QByteArray, input);
    QTEST(ImapOutput::string(input), "expected");
}

void TestImapOutput::nstring()
{
    QCOMPARE(ImapOutput::nstring(QByteArray()), QByteArray("NIL"));
    QCOMPARE(ImapOutput::nstring(QByteArray("")), QByteArray("\"\""));
    QCOMPARE(ImapOutput::nstring(QByteArray("NIL")), QByteArray("\"NIL\""));
    QCOMPARE(ImapOutput::nstring(QByteArray("x\r\n")), QByteArray("{3}\r\nx\r\n"));
}

void TestImapOutput::appends()
{
    QByteArray out = "(";
    ImapOutput::appendNString(out, QByteArray());
    out += ' ';
    ImapOutput::appendNString(out, QByteArray("a\"b"));
    out += ' ';
    ImapOutput::appendString(out, QByteArray("x\ny"));
    out += ' ';
    ImapOutput::appendString(out, QByteArray("\\\\"));
    out += ')';
    QCOMPARE(out, QByteArray("(NIL \"a\\\"b\" {3}\r\nx\ny \"\\\\\\\\\")"));
}

void TestImapOutput::mailbox_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("utf8");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("inbox") << u"INBOX"_s << false << QByteArray("\"INBOX\"");
    QTest::newRow("hierarchy") << u"Work/2024"_s << false << QByteArray("\"Work/2024\"");
    QTest::newRow("ampersand") << u"A&B"_s << false << QByteArray("\"A&-B\"");
    // RFC 3501 s5.1.3's own example.
    QTest::newRow("modified utf-7") << u"~peter/mail/\u53f0\u5317/\u65e5\u672c\u8a9e"_s << false
                                    << QByteArray("\"~peter/mail/&U,BTFw-/&ZeVnLIqe-\"");
    QTest::newRow("utf-8 accepted") << u"Entw\u00fcrfe"_s << true << QByteArray("{9}\r\nEntw\xc3\xbcrfe");
    QTest::newRow("utf-8, ampersand literal") << u"A&B"_s << true << QByteArray("\"A&B\"");
    QTest::newRow("quote in name") << u"say \"x\""_s << false << QByteArray("\"say \\\"x\\\"\"");
}

void TestImapOutput::mailbox()
{
    QFETCH(QString, name);
    QFETCH(bool, utf8);
    QTEST(ImapOutput::mailbox(name, utf8), "expected");
}

void TestImapOutput::flagList()
{
    QCOMPARE(ImapOutput::flagList({}), QByteArray("()"));
    QCOMPARE(ImapOutput::flagList({ "\\Seen" }), QByteArray("(\\Seen)"));
    QCOMPARE(ImapOutput::flagList({ "\\Seen", "\\Flagged", "$Label1" }),
             QByteArray("(\\Seen \\Flagged $Label1)"));
}

void TestImapOutput::dateTime_data()
{
    QTest::addColumn<QDateTime>("when");
    QTest::addColumn<QByteArray>("expected");
    QTest::newRow("two-digit day") << QDateTime(QDate(1996, 7, 17), QTime(9, 44, 25), Qt::UTC)
                                   << QByteArray("\"17-Jul-1996 09:44:25 +0000\"");
    // RFC 3501 s9: date-day-fixed is SP DIGIT for days below 10.
    QTest::newRow("one-digit day") << QDateTime(QDate(2024, 2, 3), QTime(0, 0, 7), Qt::UTC)
                                   << QByteArray("\" 3-Feb-2024 00:00:07 +0000\"");
    QTest::newRow("offset converted to UTC")
        << QDateTime(QDate(1996, 7, 17), QTime(2, 44, 25), QTimeZone(-7 * 3600))
        << QByteArray("\"17-Jul-1996 09:44:25 +0000\"");
    QTest::newRow("crosses midnight")
        << QDateTime(QDate(2023, 12, 31), QTime(23, 30, 0), QTimeZone(-3600))
        << QByteArray("\" 1-Jan-2024 00:30:00 +0000\"");
    QTest::newRow("december") << QDateTime(QDate(2001, 12, 25), QTime(12, 0, 0), Qt::UTC)
                              << QByteArray("\"25-Dec-2001 12:00:00 +0000\"");
    QTest::newRow("invalid is the epoch") << QDateTime()
                                          << QByteArray("\" 1-Jan-1970 00:00:00 +0000\"");
}

void TestImapOutput::dateTime()
{
    QFETCH(QDateTime, when);
    QTEST(ImapOutput::dateTime(when), "expected");
}

QTEST_GUILESS_MAIN(TestImapOutput)
#include "tst_imapoutput.moc"
