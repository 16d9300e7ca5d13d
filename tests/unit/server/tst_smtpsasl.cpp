// SPDX-License-Identifier: GPL-3.0-or-later
// SASL PLAIN and LOGIN decoding, shared by SMTP AUTH, POP3 AUTH and IMAP AUTHENTICATE.
#include "server/sasl/SaslExchange.h"
#include "server/sasl/SaslLogin.h"
#include "server/sasl/SaslPlain.h"
#include "server/sasl/SaslResponse.h"

#include <QTest>

using namespace magpie::server;
using namespace Qt::StringLiterals;

class TestSmtpSasl : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void decodesPlain_data();
    void decodesPlain();
    void responseBase64();
    void loginField();
    void plainExchange();
    void plainExchangeWithInitialResponse();
    void loginExchange();
    void loginExchangeWithInitialResponse();
    void cancel();
    void mechanismNames();
};

void TestSmtpSasl::decodesPlain_data()
{
    QTest::addColumn<QByteArray>("message"); // before base64
    QTest::addColumn<bool>("valid");
    QTest::addColumn<QString>("login");
    QTest::addColumn<QString>("password");
    QTest::newRow("no authzid") << "\0alice@example.test\0secret"_ba << true
                                << u"alice@example.test"_s << u"secret"_s;
    QTest::newRow("authzid is the login") << "alice@example.test\0alice@example.test\0secret"_ba
                                          << true << u"alice@example.test"_s << u"secret"_s;
    QTest::newRow("authzid differs only in case")
        << "Alice@Example.test\0alice@example.test\0secret"_ba << true << u"alice@example.test"_s
        << u"secret"_s;
    QTest::newRow("password with spaces and colons")
        << "\0bob\0a b:c"_ba << true << u"bob"_s << u"a b:c"_s;
    QTest::newRow("UTF-8 password") << "\0bob\0p\xc3\xa4ss"_ba << true << u"bob"_s << u"päss"_s;
    QTest::newRow("another user's authzid")
        << "bob@example.test\0alice@example.test\0secret"_ba << false << QString() << QString();
    QTest::newRow("one NUL") << "alice\0secret"_ba << false << QString() << QString();
    QTest::newRow("no NUL") << "alicesecret"_ba << false << QString() << QString();
    QTest::newRow("three NULs") << "\0alice\0sec\0ret"_ba << false << QString() << QString();
    QTest::newRow("empty login") << "\0\0secret"_ba << false << QString() << QString();
    QTest::newRow("empty password") << "\0alice\0"_ba << false << QString() << QString();
    QTest::newRow("empty") << QByteArray() << false << QString() << QString();
    QTest::newRow("not UTF-8") << "\0alice\0\xff\xfe"_ba << false << QString() << QString();
    QTest::newRow("too long") << "\0alice\0"_ba + QByteArray(2000, 'x') << false << QString()
                              << QString();
}

void TestSmtpSasl::decodesPlain()
{
    QFETCH(QByteArray, message);
    QFETCH(bool, valid);
    QString why;
    const auto credentials = SaslPlain::decodePlain(message.toBase64(), &why);
    QCOMPARE(credentials.has_value(), valid);
    if (!valid) {
        QVERIFY(!why.isEmpty());
        QVERIFY2(!why.contains(u"secret"_s), "a refusal must not echo the password");
        return;
    }
    QTEST(credentials->login, "login");
    QTEST(credentials->password, "password");
}

void TestSmtpSasl::responseBase64()
{
    QCOMPARE(SaslResponse::decode("="), QByteArray());
    QCOMPARE(SaslResponse::decode(""), QByteArray());
    QCOMPARE(SaslResponse::decode("YWJj"), "abc"_ba);
    QString why;
    QVERIFY(!SaslResponse::decode("YW Jj", &why));
    QVERIFY(!why.isEmpty());
    QVERIFY(!SaslResponse::decode("YW*j"));
    QVERIFY(!SaslPlain::decodePlain("not base64!"));
    QVERIFY(SaslResponse::isCancel("*"));
    QVERIFY(!SaslResponse::isCancel("**"));
    QCOMPARE(SaslResponse::encode("abc"), "YWJj"_ba);
}

void TestSmtpSasl::loginField()
{
    QCOMPARE(SaslLogin::decodeField("Ym9i"), u"bob"_s);
    QCOMPARE(QByteArray::fromBase64(SaslLogin::usernameChallenge()), "Username:"_ba);
    QCOMPARE(QByteArray::fromBase64(SaslLogin::passwordChallenge()), "Password:"_ba);
    QVERIFY(!SaslLogin::decodeField("="));
    QVERIFY(!SaslLogin::decodeField("%%%"));
    QVERIFY(!SaslLogin::decodeField("YQBi")); // "a\0b"
    QVERIFY(!SaslLogin::decodeField(QByteArray("\xff\xfe").toBase64()));
}

void TestSmtpSasl::plainExchange()
{
    SaslExchange exchange(SaslExchange::Mechanism::Plain);
    const auto first = exchange.start(std::nullopt);
    QCOMPARE(first.kind, SaslExchange::Step::Kind::Challenge);
    QCOMPARE(first.challenge, QByteArray());
    const auto done = exchange.respond("\0alice\0secret"_ba.toBase64());
    QCOMPARE(done.kind, SaslExchange::Step::Kind::Done);
    QCOMPARE(done.credentials.login, u"alice"_s);
    QCOMPARE(done.credentials.password, u"secret"_s);

    SaslExchange bad(SaslExchange::Mechanism::Plain);
    bad.start(std::nullopt);
    const auto malformed = bad.respond("@@@");
    QCOMPARE(malformed.kind, SaslExchange::Step::Kind::Malformed);
    QVERIFY(!malformed.whyNot.isEmpty());
}

void TestSmtpSasl::plainExchangeWithInitialResponse()
{
    SaslExchange exchange(SaslExchange::Mechanism::Plain);
    const QByteArray initial = "\0alice\0secret"_ba.toBase64();
    const auto done = exchange.start(QByteArrayView(initial));
    QCOMPARE(done.kind, SaslExchange::Step::Kind::Done);
    QCOMPARE(done.credentials.login, u"alice"_s);

    SaslExchange empty(SaslExchange::Mechanism::Plain);
    QCOMPARE(empty.start(QByteArrayView("=")).kind, SaslExchange::Step::Kind::Malformed);
}

void TestSmtpSasl::loginExchange()
{
    SaslExchange exchange(SaslExchange::Mechanism::Login);
    const auto first = exchange.start(std::nullopt);
    QCOMPARE(first.kind, SaslExchange::Step::Kind::Challenge);
    QCOMPARE(first.challenge, SaslLogin::usernameChallenge());
    const auto second = exchange.respond("bob"_ba.toBase64());
    QCOMPARE(second.kind, SaslExchange::Step::Kind::Challenge);
    QCOMPARE(second.challenge, SaslLogin::passwordChallenge());
    const auto done = exchange.respond("hunter2"_ba.toBase64());
    QCOMPARE(done.kind, SaslExchange::Step::Kind::Done);
    QCOMPARE(done.credentials.login, u"bob"_s);
    QCOMPARE(done.credentials.password, u"hunter2"_s);
}

void TestSmtpSasl::loginExchangeWithInitialResponse()
{
    SaslExchange exchange(SaslExchange::Mechanism::Login);
    const QByteArray initial = "bob"_ba.toBase64();
    const auto second = exchange.start(QByteArrayView(initial));
    QCOMPARE(second.kind, SaslExchange::Step::Kind::Challenge);
    QCOMPARE(second.challenge, SaslLogin::passwordChallenge());
    QCOMPARE(exchange.respond("hunter2"_ba.toBase64()).credentials.login, u"bob"_s);
}

void TestSmtpSasl::cancel()
{
    SaslExchange plain(SaslExchange::Mechanism::Plain);
    plain.start(std::nullopt);
    QCOMPARE(plain.respond("*").kind, SaslExchange::Step::Kind::Cancelled);
    SaslExchange login(SaslExchange::Mechanism::Login);
    login.start(std::nullopt);
    login.respond("bob"_ba.toBase64());
    QCOMPARE(login.respond("*").kind, SaslExchange::Step::Kind::Cancelled);
}

void TestSmtpSasl::mechanismNames()
{
    QCOMPARE(SaslExchange::mechanism("plain"), SaslExchange::Mechanism::Plain);
    QCOMPARE(SaslExchange::mechanism("LOGIN"), SaslExchange::Mechanism::Login);
    QVERIFY(!SaslExchange::mechanism("CRAM-MD5"));
    QVERIFY(!SaslExchange::mechanism(""));
}

QTEST_GUILESS_MAIN(TestSmtpSasl)
#include "tst_smtpsasl.moc"
