// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/MailboxName.h"

#include <QTest>

using magpie::imap::MailboxName;

class TestMailboxName : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void roundTrip_data();
    void roundTrip();
    void refusesInvalid_data();
    void refusesInvalid();
    void everyBmpCharacterRoundTrips();
};

void TestMailboxName::roundTrip_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("wire");
    // RFC 3501 s5.1.3 and its example: "~peter/mail/台北/日本語".
    QTest::newRow("ASCII") << QStringLiteral("INBOX/Sent Items") << QByteArray("INBOX/Sent Items");
    QTest::newRow("ampersand") << QStringLiteral("Tom & Jerry") << QByteArray("Tom &- Jerry");
    QTest::newRow("RFC 3501 example")
        << QString::fromUtf8("~peter/mail/\xe5\x8f\xb0\xe5\x8c\x97/\xe6\x97\xa5\xe6\x9c\xac\xe8\xaa\x9e")
        << QByteArray("~peter/mail/&U,BTFw-/&ZeVnLIqe-");
    QTest::newRow("German umlaut") << QString::fromUtf8("Entw\xc3\xbc" "rfe") << QByteArray("Entw&APw-rfe");
    QTest::newRow("French") << QString::fromUtf8("\xc3\x89l\xc3\xa9ments envoy\xc3\xa9s")
                            << QByteArray("&AMk-l&AOk-ments envoy&AOk-s");
    QTest::newRow("Cyrillic") << QString::fromUtf8("\xd0\x92\xd1\x85\xd0\xbe\xd0\xb4\xd1\x8f\xd1\x89\xd0\xb8\xd0\xb5")
                              << QByteArray("&BBIERQQ+BDQETwRJBDgENQ-");
    QTest::newRow("emoji (surrogate pair)") << QString::fromUtf8("Mail \xf0\x9f\x93\xac")
                                            << QByteArray("Mail &2D3c7A-");
    QTest::newRow("empty") << QString() << QByteArray();
}

void TestMailboxName::roundTrip()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, wire);
    QCOMPARE(MailboxName::encode(name), wire);
    const auto decoded = MailboxName::decode(wire);
    QVERIFY(decoded.has_value());
    QCOMPARE(*decoded, name);
}

void TestMailboxName::refusesInvalid_data()
{
    QTest::addColumn<QByteArray>("wire");
    QTest::newRow("unterminated shift") << QByteArray("&AOk");
    QTest::newRow("empty shift") << QByteArray("a&");
    QTest::newRow("8-bit byte") << QByteArray("caf\xc3\xa9");
    QTest::newRow("control character") << QByteArray("a\tb");
    QTest::newRow("standard base64 slash") << QByteArray("&U/BTFw-");
    QTest::newRow("printable ASCII hidden in a shift") << QByteArray("&AGE-");
    QTest::newRow("non-zero padding bits") << QByteArray("&AOl-");
    QTest::newRow("too short for one unit") << QByteArray("&AO-");
    QTest::newRow("lone high surrogate") << QByteArray("&2D0-");
    QTest::newRow("lone low surrogate") << QByteArray("&3Kw-");
}

void TestMailboxName::refusesInvalid()
{
    QFETCH(QByteArray, wire);
    QVERIFY(!MailboxName::decode(wire).has_value());
}

void TestMailboxName::everyBmpCharacterRoundTrips()
{
    for (char32_t c = 1; c < 0x10000; ++c) {
        if (c >= 0xd800 && c <= 0xdfff)
            continue;
        const QString name = QStringLiteral("x") + QString(QChar(static_cast<char16_t>(c)));
        const auto decoded = MailboxName::decode(MailboxName::encode(name));
        QVERIFY2(decoded && *decoded == name, qPrintable(QString::number(c, 16)));
    }
}

QTEST_GUILESS_MAIN(TestMailboxName)
#include "tst_mailboxname.moc"
