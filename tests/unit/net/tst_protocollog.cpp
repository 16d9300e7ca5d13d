// SPDX-License-Identifier: GPL-3.0-or-later
// The connection log: one entry per line, escaped, redacted, bounded.
#include "net/ProtocolLog.h"

#include <QSignalSpy>
#include <QTest>

using magpie::net::ProtocolLog;
using Direction = ProtocolLog::Direction;

namespace {

QByteArrayList texts(const ProtocolLog &log)
{
    QByteArrayList out;
    for (const auto &entry : log.entries())
        out += entry.text;
    return out;
}

} // namespace

class TestProtocolLog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void splitsLines_data();
    void splitsLines();
    void directionsAndText();
    void escapesControlBytes();
    void keepsUtf8();
    void redactionNeverShowsTheSecret();
    void redactedAloneIsJustTheMarker();
    void dataSizes();
    void maximumEntries();
    void disabledKeepsNothing();
    void entryAddedSignal();
};

void TestProtocolLog::splitsLines_data()
{
    QTest::addColumn<QByteArray>("bytes");
    QTest::addColumn<QByteArrayList>("lines");
    QTest::newRow("one line") << QByteArray("a1 NOOP\r\n") << QByteArrayList { "a1 NOOP" };
    QTest::newRow("two lines") << QByteArray("* 3 EXISTS\r\na1 OK done\r\n")
                               << QByteArrayList { "* 3 EXISTS", "a1 OK done" };
    QTest::newRow("bare LF") << QByteArray("+OK\n.\n") << QByteArrayList { "+OK", "." };
    QTest::newRow("no final CRLF")
        << QByteArray("a1 OK\r\npartial") << QByteArrayList { "a1 OK", "partial" };
    QTest::newRow("empty line") << QByteArray("\r\n") << QByteArrayList { "" };
    QTest::newRow("nothing") << QByteArray() << QByteArrayList {};
}

void TestProtocolLog::splitsLines()
{
    QFETCH(QByteArray, bytes);
    QFETCH(QByteArrayList, lines);
    ProtocolLog log;
    log.server(bytes);
    QCOMPARE(texts(log), lines);
}

void TestProtocolLog::directionsAndText()
{
    ProtocolLog log;
    log.server("* OK IMAP4rev1 ready\r\n");
    log.client("a1 CAPABILITY\r\n");
    log.note(QStringLiteral("TLS 1.3 established"));
    QCOMPARE(log.entries().size(), 3);
    QCOMPARE(log.entries().at(0).direction, Direction::Server);
    QCOMPARE(log.entries().at(1).direction, Direction::Client);
    QCOMPARE(log.entries().at(2).direction, Direction::Note);
    QVERIFY(log.entries().at(0).time.isValid());
    QVERIFY(log.entries().at(0).time <= log.entries().at(2).time);
    QCOMPARE(log.toText(),
             QStringLiteral("S: * OK IMAP4rev1 ready\nC: a1 CAPABILITY\n"
                            "-- TLS 1.3 established\n"));
}

void TestProtocolLog::escapesControlBytes()
{
    ProtocolLog log;
    log.server(QByteArray("* OK \x1b[31mred\x00\tx\x7f\rmid\r\n", 23));
    QCOMPARE(texts(log), QByteArrayList { "* OK \\x1B[31mred\\x00\\x09x\\x7F\\x0Dmid" });
}

void TestProtocolLog::keepsUtf8()
{
    ProtocolLog log;
    log.client("a1 SELECT \"Entw\xc3\xbc"
               "rfe\"\r\n");
    QCOMPARE(log.toText(),
             QString::fromUtf8("C: a1 SELECT \"Entw\xc3\xbc"
                               "rfe\"\n"));
}

void TestProtocolLog::redactionNeverShowsTheSecret()
{
    ProtocolLog log;
    // The session passes only what may be seen.
    log.clientRedacted("a1 LOGIN alice");
    log.clientRedacted("a2 AUTHENTICATE PLAIN \r\n");
    log.clientRedacted("PASS");
    QCOMPARE(texts(log),
             QByteArrayList({ "a1 LOGIN alice <redacted>", "a2 AUTHENTICATE PLAIN <redacted>",
                              "PASS <redacted>" }));
    QVERIFY(!log.toText().contains(u"s3cret"));
}

// SMTP's answers to 334 challenges are nothing but secret.
void TestProtocolLog::redactedAloneIsJustTheMarker()
{
    ProtocolLog log;
    log.clientRedacted({});
    QCOMPARE(texts(log), QByteArrayList { "<redacted>" });
    QCOMPARE(log.toText(), QStringLiteral("C: <redacted>\n"));
}

void TestProtocolLog::dataSizes()
{
    ProtocolLog log;
    log.clientData(1234);
    log.serverData(0);
    QCOMPARE(log.toText(), QStringLiteral("C: {1234 bytes}\nS: {0 bytes}\n"));
}

void TestProtocolLog::maximumEntries()
{
    ProtocolLog log;
    for (int i = 0; i < 5; ++i)
        log.server("line " + QByteArray::number(i) + "\r\n");
    log.setMaximumEntries(3); // the oldest go first
    QCOMPARE(texts(log), QByteArrayList({ "line 2", "line 3", "line 4" }));
    log.client("a1\r\na2\r\n");
    QCOMPARE(texts(log), QByteArrayList({ "line 4", "a1", "a2" }));
    log.setMaximumEntries(0);
    QVERIFY(log.entries().isEmpty());
    log.note(QStringLiteral("gone"));
    QVERIFY(log.entries().isEmpty());
}

void TestProtocolLog::disabledKeepsNothing()
{
    ProtocolLog log;
    QSignalSpy added(&log, &ProtocolLog::entryAdded);
    log.setEnabled(false);
    QVERIFY(!log.isEnabled());
    log.client("a1 LOGIN\r\n");
    log.server("a1 OK\r\n");
    log.clientRedacted("a1 LOGIN alice");
    log.clientData(10);
    log.serverData(10);
    log.note(QStringLiteral("nothing"));
    QVERIFY(log.entries().isEmpty());
    QCOMPARE(added.count(), 0);
    QVERIFY(log.toText().isEmpty());
    log.setEnabled(true);
    log.client("a2 NOOP\r\n");
    QCOMPARE(log.entries().size(), 1);
}

void TestProtocolLog::entryAddedSignal()
{
    ProtocolLog log;
    QByteArrayList seen;
    connect(&log, &ProtocolLog::entryAdded, this,
            [&](const ProtocolLog::Entry &entry) { seen += entry.text; });
    log.server("a\r\nb\r\n");
    log.clientRedacted("AUTH PLAIN");
    QCOMPARE(seen, QByteArrayList({ "a", "b", "AUTH PLAIN <redacted>" }));
}

QTEST_GUILESS_MAIN(TestProtocolLog)
#include "tst_protocollog.moc"
