// SPDX-License-Identifier: GPL-3.0-or-later
// MAIL FROM / RCPT TO paths (RFC 5321 s4.1.2): what is sent for an address, and what is
// refused before anything is sent (CR/LF/NUL injection, invalid paths), SMTPUTF8 (RFC 6531).
#include "net/smtp/SmtpEnvelope.h"

#include <QTest>

using magpie::net::NetError;
using magpie::smtp::SmtpEnvelope;

class TestSmtpEnvelope : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void encodes_data();
    void encodes();
    void refuses_data();
    void refuses();
    void injectionNamesTheAddress_data();
    void injectionNamesTheAddress();
    void nullReversePath();
    void postmaster();
    void noRecipients();
    void needsSmtpUtf8();
};

void TestSmtpEnvelope::encodes_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QByteArray>("wire");
    QTest::addColumn<bool>("utf8");

    QTest::newRow("plain") << u"alice@example.com"_qs << QByteArray("<alice@example.com>") << false;
    QTest::newRow("dots and plus")
        << u"a.b+tag@mail.example.com"_qs << QByteArray("<a.b+tag@mail.example.com>") << false;
    QTest::newRow("atext specials") << u"!#$%&'*+-/=?^_`{|}~@example.com"_qs
                                    << QByteArray("<!#$%&'*+-/=?^_`{|}~@example.com>") << false;
    QTest::newRow("space is quoted")
        << u"john doe@example.com"_qs << QByteArray("<\"john doe\"@example.com>") << false;
    QTest::newRow("already quoted")
        << u"\"john doe\"@example.com"_qs << QByteArray("<\"john doe\"@example.com>") << false;
    QTest::newRow("quoted but needs no quotes")
        << u"\"john\"@example.com"_qs << QByteArray("<john@example.com>") << false;
    QTest::newRow("double dot is quoted")
        << u"a..b@example.com"_qs << QByteArray("<\"a..b\"@example.com>") << false;
    QTest::newRow("leading dot is quoted")
        << u".a@example.com"_qs << QByteArray("<\".a\"@example.com>") << false;
    QTest::newRow("quote and backslash escaped")
        << u"a\"b\\c@example.com"_qs << QByteArray("<\"a\\\"b\\\\c\"@example.com>") << false;
    QTest::newRow("at sign in quoted local part")
        << u"\"a@b\"@example.com"_qs << QByteArray("<\"a@b\"@example.com>") << false;
    QTest::newRow("escaped quote in quoted input")
        << u"\"a\\\"b\"@example.com"_qs << QByteArray("<\"a\\\"b\"@example.com>") << false;
    QTest::newRow("IDN domain as A-labels") << QString::fromUtf8("bob@b\xc3\xbc"
                                                                 "cher.example")
                                            << QByteArray("<bob@xn--bcher-kva.example>") << false;
    QTest::newRow("UTF-8 local part") << QString::fromUtf8("j\xc3\xb6rg@example.com")
                                      << QByteArray("<j\xc3\xb6rg@example.com>") << true;
    QTest::newRow("IPv4 literal") << u"root@[192.0.2.1]"_qs << QByteArray("<root@[192.0.2.1]>")
                                  << false;
    QTest::newRow("IPv6 literal") << u"root@[IPv6:2001:db8::1]"_qs
                                  << QByteArray("<root@[IPv6:2001:db8::1]>") << false;
    QTest::newRow("single-label domain")
        << u"root@localhost"_qs << QByteArray("<root@localhost>") << false;
    QTest::newRow("64-byte local part")
        << QString(QString(64, u'a') + u"@example.com")
        << QByteArray("<" + QByteArray(64, 'a') + "@example.com>") << false;
}

void TestSmtpEnvelope::encodes()
{
    QFETCH(QString, address);
    QFETCH(QByteArray, wire);
    QFETCH(bool, utf8);
    QString why;
    const auto path = SmtpEnvelope::encodePath(address, &why);
    QVERIFY2(path.has_value(), qPrintable(why));
    QCOMPARE(path->wire, wire);
    QCOMPARE(path->needsSmtpUtf8, utf8);
}

void TestSmtpEnvelope::refuses_data()
{
    QTest::addColumn<QString>("address");
    QTest::addColumn<QString>("why");

    QTest::newRow("empty") << QString() << u"is empty"_qs;
    QTest::newRow("CRLF") << u"bob@example.com\r\nRCPT TO:<eve@example.com>"_qs << u"line break"_qs;
    QTest::newRow("bare LF") << u"bob\n@example.com"_qs << u"line break"_qs;
    QTest::newRow("bare CR") << u"bob@example.com\r"_qs << u"line break"_qs;
    QTest::newRow("NUL") << QString(u"bob" + QChar(0) + u"@example.com") << u"NUL"_qs;
    QTest::newRow("tab") << u"bo\tb@example.com"_qs << u"control character"_qs;
    QTest::newRow("DEL") << QString(u"bob" + QChar(0x7f) + u"@example.com")
                         << u"control character"_qs;
    QTest::newRow("C1 control") << QString(u"bob" + QChar(0x85) + u"@example.com")
                                << u"control character"_qs;
    QTest::newRow("lone surrogate")
        << QString(u"bob" + QChar(0xd800) + u"@example.com") << u"invalid character"_qs;
    QTest::newRow("angle brackets") << u"<bob@example.com>"_qs << u"angle brackets"_qs;
    QTest::newRow("injected closing bracket")
        << u"bob@example.com> SIZE=1"_qs << u"invalid domain"_qs;
    QTest::newRow("no at") << u"bob"_qs << u"no \"@\""_qs;
    QTest::newRow("nothing before at") << u"@example.com"_qs << u"nothing before"_qs;
    QTest::newRow("empty domain") << u"bob@"_qs << u"invalid domain"_qs;
    QTest::newRow("trailing dot") << u"bob@example.com."_qs << u"invalid domain"_qs;
    QTest::newRow("label starts with hyphen") << u"bob@-example.com"_qs << u"invalid domain"_qs;
    QTest::newRow("underscore in domain") << u"bob@ex_ample.com"_qs << u"invalid domain"_qs;
    QTest::newRow("space in domain") << u"bob@exa mple.com"_qs << u"invalid domain"_qs;
    QTest::newRow("source route") << u"@a.example:bob@example.com"_qs << u"more than one"_qs;
    QTest::newRow("two at signs") << u"bob@evil@example.com"_qs << u"more than one"_qs;
    QTest::newRow("bad address literal") << u"bob@[300.1.1.1]"_qs << u"address literal"_qs;
    QTest::newRow("unclosed literal") << u"bob@[192.0.2.1"_qs << u"address literal"_qs;
    QTest::newRow("unescaped quote inside quotes")
        << u"\"a\"b\"@example.com"_qs << u"not closed properly"_qs;
    QTest::newRow("empty quoted local part") << u"\"\"@example.com"_qs << u"empty quoted"_qs;
    QTest::newRow("65-byte local part")
        << QString(QString(65, u'a') + u"@example.com") << u"longer than 64"_qs;
    QTest::newRow("256-byte domain")
        << QString(u"a@" + QString(63, u'b') + u'.' + QString(63, u'c') + u'.' + QString(63, u'd')
                   + u'.' + QString(64, u'e').left(63) + u".ff")
        << u"longer than 255"_qs;
    QTest::newRow("64-byte label")
        << QString(u"a@" + QString(64, u'b') + u".example") << u"invalid domain"_qs;
}

void TestSmtpEnvelope::refuses()
{
    QFETCH(QString, address);
    QFETCH(QString, why);
    QString reason;
    QVERIFY(!SmtpEnvelope::encodePath(address, &reason).has_value());
    QVERIFY2(reason.contains(why), qPrintable(reason));
}

void TestSmtpEnvelope::injectionNamesTheAddress_data()
{
    QTest::addColumn<QString>("from");
    QTest::addColumn<QStringList>("to");
    QTest::addColumn<QString>("message");

    QTest::newRow("recipient CRLF")
        << u"alice@example.com"_qs
        << QStringList { u"carol@example.com"_qs, u"bob@example.com\r\nDATA"_qs }
        << u"The recipient address \"bob@example.com\\r\\nDATA\" contains a line break; "
           "nothing was sent."_qs;
    QTest::newRow("sender LF") << u"alice@example.com\nRSET"_qs
                               << QStringList { u"bob@example.com"_qs }
                               << u"The sender address \"alice@example.com\\nRSET\" contains a "
                                  "line break; nothing was sent."_qs;
    QTest::newRow("recipient NUL")
        << u"alice@example.com"_qs << QStringList { QString(u"bob" + QChar(0) + u"@example.com") }
        << u"The recipient address \"bob\\0@example.com\" contains a NUL character; nothing was "
           "sent."_qs;
}

void TestSmtpEnvelope::injectionNamesTheAddress()
{
    QFETCH(QString, from);
    QFETCH(QStringList, to);
    QFETCH(QString, message);
    const SmtpEnvelope envelope(from, to);
    const NetError error = envelope.validate();
    QCOMPARE(error.code, NetError::Code::InvalidArgument);
    QCOMPARE(error.message, message);
}

void TestSmtpEnvelope::nullReversePath()
{
    const SmtpEnvelope envelope(QString(), { u"bob@example.com"_qs });
    QVERIFY(!envelope.validate().isError());
    QCOMPARE(envelope.reversePath()->wire, QByteArray("<>"));
}

void TestSmtpEnvelope::postmaster()
{
    const SmtpEnvelope envelope(u"alice@example.com"_qs, { u"Postmaster"_qs });
    QVERIFY(!envelope.validate().isError());
    QCOMPARE(envelope.forwardPath(0)->wire, QByteArray("<Postmaster>"));
    // Not as a sender: a reverse path needs a domain.
    const SmtpEnvelope bad(u"Postmaster"_qs, { u"bob@example.com"_qs });
    QVERIFY(bad.validate().isError());
}

void TestSmtpEnvelope::noRecipients()
{
    const SmtpEnvelope envelope(u"alice@example.com"_qs, {});
    const NetError error = envelope.validate();
    QCOMPARE(error.code, NetError::Code::InvalidArgument);
    QVERIFY(error.message.contains(u"no recipients"));
}

void TestSmtpEnvelope::needsSmtpUtf8()
{
    SmtpEnvelope envelope(u"alice@example.com"_qs, { u"bob@example.com"_qs });
    QVERIFY(!envelope.needsSmtpUtf8());
    envelope.addRecipient(QString::fromUtf8("bob@b\xc3\xbc"
                                            "cher.example"));
    QVERIFY(!envelope.needsSmtpUtf8()); // the domain goes as A-labels
    envelope.addRecipient(QString::fromUtf8("\xe7\x94\xb0\xe4\xb8\xad@example.jp"));
    QVERIFY(envelope.needsSmtpUtf8());
    envelope.setRecipients({ u"bob@example.com"_qs });
    envelope.setFrom(QString::fromUtf8("j\xc3\xb6rg@example.com"));
    QVERIFY(envelope.needsSmtpUtf8());
}

QTEST_GUILESS_MAIN(TestSmtpEnvelope)
#include "tst_smtpenvelope.moc"
