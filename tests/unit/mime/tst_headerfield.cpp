// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/HeaderField.h"

#include <QTest>

using magpie::mime::HeaderField;

class TestHeaderField : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void composeRefusesInjection_data();
    void composeRefusesInjection();
    void composeAcceptsOrdinaryFields();
    void fieldNames_data();
    void fieldNames();
    void unfold_data();
    void unfold();
};

void TestHeaderField::composeRefusesInjection_data()
{
    QTest::addColumn<QByteArray>("value");
    // A caller's value must never end the field: "Subject: hi\r\nBcc: victim@example.com".
    QTest::newRow("CRLF then a new field") << QByteArray("hi\r\nBcc: victim@example.com");
    QTest::newRow("bare LF") << QByteArray("hi\nBcc: victim@example.com");
    QTest::newRow("bare CR") << QByteArray("hi\rthere");
    QTest::newRow("trailing CRLF") << QByteArray("hi\r\n");
    QTest::newRow("NUL") << QByteArray("hi\0there", 8);
}

void TestHeaderField::composeRefusesInjection()
{
    QFETCH(QByteArray, value);
    QString why;
    QVERIFY(!HeaderField::compose("Subject", value, &why).has_value());
    QVERIFY2(!why.isEmpty(), "a refusal must say why");
}

void TestHeaderField::composeAcceptsOrdinaryFields()
{
    const auto field = HeaderField::compose("Subject", "Lunch at 12:30?\tBring =?utf-8?q?caf=C3=A9?=");
    QVERIFY(field.has_value());
    QCOMPARE(field->name(), QByteArray("Subject"));
    QCOMPARE(field->value(), QByteArray("Lunch at 12:30?\tBring =?utf-8?q?caf=C3=A9?="));
}

void TestHeaderField::fieldNames_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<bool>("valid");
    // RFC 5322 s2.2: field-name = 1*ftext; ftext = %d33-57 / %d59-126.
    QTest::newRow("ordinary") << QByteArray("Message-ID") << true;
    QTest::newRow("extension") << QByteArray("X-Mailer") << true;
    QTest::newRow("all ftext edges") << QByteArray("!~9;") << true;
    QTest::newRow("empty") << QByteArray() << false;
    QTest::newRow("colon") << QByteArray("Sub:ject") << false;
    QTest::newRow("space") << QByteArray("Sub ject") << false;
    QTest::newRow("tab") << QByteArray("Sub\tject") << false;
    QTest::newRow("DEL") << QByteArray("Subject\x7f") << false;
    QTest::newRow("8-bit") << QByteArray("Sch\xc3\xb6n") << false;
}

void TestHeaderField::fieldNames()
{
    QFETCH(QByteArray, name);
    QFETCH(bool, valid);
    QCOMPARE(HeaderField::isValidName(name), valid);
    QCOMPARE(HeaderField::compose(name, "x").has_value(), valid);
}

void TestHeaderField::unfold_data()
{
    QTest::addColumn<QByteArray>("folded");
    QTest::addColumn<QByteArray>("unfolded");
    // RFC 5322 s2.2.3: unfolding removes a CRLF that is immediately followed by WSP.
    QTest::newRow("single line") << QByteArray("Hello") << QByteArray("Hello");
    QTest::newRow("CRLF SP") << QByteArray("This is a\r\n test") << QByteArray("This is a test");
    QTest::newRow("CRLF TAB") << QByteArray("a\r\n\tb") << QByteArray("a\tb");
    QTest::newRow("several folds") << QByteArray("a\r\n b\r\n c") << QByteArray("a b c");
    QTest::newRow("bare LF fold (Unix mbox)") << QByteArray("a\n b") << QByteArray("a b");
    // A line break not followed by whitespace is not a fold and stays (the parser's concern).
    QTest::newRow("CRLF without WSP") << QByteArray("a\r\nb") << QByteArray("a\r\nb");
    QTest::newRow("trailing CRLF") << QByteArray("a\r\n") << QByteArray("a\r\n");
    // RFC 5322 s4.2 (obsolete): a folded line may consist of whitespace only.
    QTest::newRow("whitespace-only continuation") << QByteArray("a\r\n \r\n b") << QByteArray("a  b");
}

void TestHeaderField::unfold()
{
    QFETCH(QByteArray, folded);
    QFETCH(QByteArray, unfolded);
    QCOMPARE(HeaderField::unfold(folded), unfolded);
}

QTEST_GUILESS_MAIN(TestHeaderField)
#include "tst_headerfield.moc"
