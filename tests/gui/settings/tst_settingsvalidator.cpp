// SPDX-License-Identifier: GPL-3.0-or-later
// The checks behind Settings' inline messages (ports, hosts, addresses, fingerprints).
#include "app/settings/SettingsValidator.h"

#include <QTest>

using magpie::app::SettingsValidator;
using namespace Qt::StringLiterals;

class TestSettingsValidator : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void port_data();
    void port();
    void host_data();
    void host();
    void address_data();
    void address();
    void fingerprint_data();
    void fingerprint();
    void identityName();
};

void TestSettingsValidator::port_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<int>("expected"); // 0: refused
    QTest::newRow("imaps") << u"993"_s << 993;
    QTest::newRow("spaces around") << u" 587 "_s << 587;
    QTest::newRow("lowest") << u"1"_s << 1;
    QTest::newRow("highest") << u"65535"_s << 65535;
    QTest::newRow("zero") << u"0"_s << 0;
    QTest::newRow("too big") << u"65536"_s << 0;
    QTest::newRow("huge") << u"99999999999"_s << 0;
    QTest::newRow("negative") << u"-1"_s << 0;
    QTest::newRow("letters") << u"imap"_s << 0;
    QTest::newRow("empty") << QString() << 0;
    QTest::newRow("decimal") << u"99.3"_s << 0;
}

void TestSettingsValidator::port()
{
    QFETCH(QString, text);
    QFETCH(int, expected);
    const auto port = SettingsValidator::port(text);
    QCOMPARE(port.has_value(), expected != 0);
    if (port)
        QCOMPARE(int(*port), expected);
    const QString problem = SettingsValidator::portProblem(text);
    QCOMPARE(problem.isEmpty(), expected != 0);
    if (expected == 0)
        QVERIFY2(problem.contains(u"1 to 65535"_s), qPrintable(problem));
}

void TestSettingsValidator::host_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("name") << u"imap.example.com"_s << true;
    QTest::newRow("single label") << u"localhost"_s << true;
    QTest::newRow("trailing dot") << u"mail.example.com."_s << true;
    QTest::newRow("idn") << u"mail.b\u00fccher.example"_s << true;
    QTest::newRow("ipv4") << u"127.0.0.1"_s << true;
    QTest::newRow("ipv6") << u"::1"_s << true;
    QTest::newRow("ipv6 bracketed") << u"[2001:db8::1]"_s << true;
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("url") << u"imaps://imap.example.com"_s << false;
    QTest::newRow("with port") << u"imap.example.com:993"_s << false;
    QTest::newRow("space") << u"imap example.com"_s << false;
    QTest::newRow("punctuation") << u"bad!host"_s << false;
    QTest::newRow("leading hyphen") << u"-imap.example.com"_s << false;
    QTest::newRow("empty label") << u"imap..example.com"_s << false;
    QTest::newRow("newline") << u"imap.example.com\r\nX: y"_s << false;
}

void TestSettingsValidator::host()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    const QString problem = SettingsValidator::hostProblem(text);
    QVERIFY2(problem.isEmpty() == ok, qPrintable(problem));
    QVERIFY(SettingsValidator::hostProblem(QString(), false).isEmpty());
}

void TestSettingsValidator::address_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    QTest::newRow("plain") << u"alice@example.com"_s << true;
    QTest::newRow("plus and dots") << u"alice.b+mail@mail.example.co.uk"_s << true;
    QTest::newRow("localhost") << u"demo@localhost"_s << true;
    QTest::newRow("unicode local (RFC 6532)") << u"j\u00f6rg@b\u00fccher.example"_s << true;
    QTest::newRow("quoted local") << u"\"a b\"@example.com"_s << false; // space refused
    QTest::newRow("empty") << QString() << false;
    QTest::newRow("no at") << u"alice"_s << false;
    QTest::newRow("no domain") << u"alice@"_s << false;
    QTest::newRow("no local") << u"@example.com"_s << false;
    QTest::newRow("two ats") << u"alice@bob@example.com"_s << false;
    QTest::newRow("double dot") << u"alice..b@example.com"_s << false;
    QTest::newRow("display name") << u"Alice <alice@example.com>"_s << false;
    QTest::newRow("bad domain") << u"alice@exa mple.com"_s << false;
    QTest::newRow("header injection") << u"alice@example.com\r\nBcc: x@y"_s << false;
}

void TestSettingsValidator::address()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    const QString problem = SettingsValidator::addressProblem(text);
    QVERIFY2(problem.isEmpty() == ok, qPrintable(problem));
}

void TestSettingsValidator::fingerprint_data()
{
    QTest::addColumn<QString>("text");
    QTest::addColumn<bool>("ok");
    const QString hex = u"0123456789abcdef0123456789ABCDEF0123456789abcdef0123456789abcdef"_s;
    QTest::newRow("bare hex") << hex << true;
    QString colons;
    for (int i = 0; i < hex.size(); i += 2)
        colons += (i ? u":"_s : QString()) + hex.mid(i, 2);
    QTest::newRow("colons") << colons << true;
    QTest::newRow("empty is none") << QString() << true;
    QTest::newRow("sha1 length") << hex.left(40) << false;
    QTest::newRow("not hex") << QString(hex).replace(0, 1, u"g"_s) << false;
}

void TestSettingsValidator::fingerprint()
{
    QFETCH(QString, text);
    QFETCH(bool, ok);
    QCOMPARE(SettingsValidator::fingerprintProblem(text).isEmpty(), ok);
    if (ok && !text.isEmpty()) {
        const QByteArray sha256 = SettingsValidator::fingerprint(text);
        QCOMPARE(sha256.size(), 32);
        // Shown as a browser shows it, and read back to the same bytes.
        const QString shown = SettingsValidator::fingerprintText(sha256);
        QCOMPARE(shown.size(), 32 * 3 - 1);
        QCOMPARE(SettingsValidator::fingerprint(shown), sha256);
    }
}

void TestSettingsValidator::identityName()
{
    QVERIFY(SettingsValidator::identityNameProblem(u"Alice \u00c9xample"_s).isEmpty());
    QVERIFY(!SettingsValidator::identityNameProblem(u"Alice\r\nBcc: x@y"_s).isEmpty());
}

QTEST_GUILESS_MAIN(TestSettingsValidator)
#include "tst_settingsvalidator.moc"
