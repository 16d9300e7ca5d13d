// SPDX-License-Identifier: GPL-3.0-or-later
// The SASL client's exact bytes (RFC 4616 PLAIN, LOGIN, Google's XOAUTH2, RFC 7628
// OAUTHBEARER) and its choice of mechanism.
#include "net/SaslClient.h"

#include <QTest>

using magpie::net::Credentials;
using magpie::net::SaslClient;
using Mechanism = SaslClient::Mechanism;

Q_DECLARE_METATYPE(std::optional<Mechanism>)

namespace {

Credentials password(const QString &user = QStringLiteral("alice@example.com"))
{
    Credentials credentials;
    credentials.user = user;
    credentials.password = QStringLiteral("s3cr\u00e9t");
    return credentials;
}

Credentials token()
{
    Credentials credentials;
    credentials.user = QStringLiteral("alice@example.com");
    credentials.oauthToken = QStringLiteral("ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg");
    return credentials;
}

} // namespace

class TestSaslClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void names();
    void plain();
    void plainWithAuthzid();
    void plainWithoutSaslIr();
    void plainRefusesAChallenge();
    void login();
    void xoauth2();
    void xoauth2Error();
    void oauthBearer();
    void oauthBearerEscapesTheUser();
    void oauthBearerWithoutHostAndPort();
    void oauthBearerError();
    void oauthBearerWithoutSaslIr();
    void choose_data();
    void choose();
    void whyNot_data();
    void whyNot();
};

void TestSaslClient::names()
{
    QCOMPARE(SaslClient::name(Mechanism::OAuthBearer), QByteArray("OAUTHBEARER"));
    QCOMPARE(SaslClient::name(Mechanism::XOAuth2), QByteArray("XOAUTH2"));
    QCOMPARE(SaslClient::name(Mechanism::Plain), QByteArray("PLAIN"));
    QCOMPARE(SaslClient::name(Mechanism::Login), QByteArray("LOGIN"));
}

// RFC 4616 s2: message = [authzid] UTF8NUL authcid UTF8NUL passwd.
void TestSaslClient::plain()
{
    SaslClient client(Mechanism::Plain, password());
    QVERIFY(client.hasInitialResponse());
    QCOMPARE(client.initialResponse(), QByteArray("\0alice@example.com\0s3cr\xc3\xa9t", 26));
}

void TestSaslClient::plainWithAuthzid()
{
    Credentials credentials = password();
    credentials.authzid = QStringLiteral("shared@example.com");
    SaslClient client(Mechanism::Plain, credentials);
    QCOMPARE(client.initialResponse(),
             QByteArray("shared@example.com\0alice@example.com\0s3cr\xc3\xa9t", 44));
}

// Without SASL-IR the server sends an empty challenge first (RFC 4422 s5).
void TestSaslClient::plainWithoutSaslIr()
{
    SaslClient client(Mechanism::Plain, password());
    QCOMPARE(client.respond({}), std::optional<QByteArray>(client.initialResponse()));
    QCOMPARE(client.respond({}), std::nullopt);
}

void TestSaslClient::plainRefusesAChallenge()
{
    SaslClient client(Mechanism::Plain, password());
    QCOMPARE(client.respond("what?"), std::nullopt);
}

void TestSaslClient::login()
{
    SaslClient client(Mechanism::Login, password());
    QVERIFY(!client.hasInitialResponse());
    QVERIFY(client.initialResponse().isEmpty());
    // Challenges arrive already base64-decoded by the protocol.
    QCOMPARE(client.respond("Username:"), std::optional<QByteArray>("alice@example.com"));
    QCOMPARE(client.respond("Password:"), std::optional<QByteArray>("s3cr\xc3\xa9t"));
    QCOMPARE(client.respond("And your mother's maiden name?"), std::nullopt);
}

void TestSaslClient::xoauth2()
{
    SaslClient client(Mechanism::XOAuth2, token(), QStringLiteral("imap.gmail.com"), 993);
    QVERIFY(client.hasInitialResponse());
    QCOMPARE(client.initialResponse(),
             QByteArray("user=alice@example.com\x01"
                        "auth=Bearer ya29.vF9dft4qmTc2Nvb3RlckBhdHRhdmlzdGEuY29tCg\x01\x01"));
    QVERIFY(client.oauthError().isEmpty());
}

// Google: the error is a base64 JSON challenge; the client answers with an empty response
// and the server then fails the command.
void TestSaslClient::xoauth2Error()
{
    SaslClient client(Mechanism::XOAuth2, token());
    const QByteArray json =
        R"({"status":"401","schemes":"Bearer","scope":"https://mail.google.com/"})";
    QCOMPARE(client.respond(json), std::optional<QByteArray>(QByteArray()));
    QCOMPARE(client.oauthError(), json);
    QCOMPARE(client.respond(json), std::nullopt);
}

// RFC 7628 s4.1's example, with its user, host, port and token.
void TestSaslClient::oauthBearer()
{
    Credentials credentials = token();
    credentials.user = QStringLiteral("user@example.com");
    credentials.oauthToken = QStringLiteral("vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==");
    SaslClient client(Mechanism::OAuthBearer, credentials, QStringLiteral("server.example.com"),
                      143);
    QVERIFY(client.hasInitialResponse());
    QCOMPARE(client.initialResponse(),
             QByteArray("n,a=user@example.com,\x01"
                        "host=server.example.com\x01"
                        "port=143\x01"
                        "auth=Bearer vF9dft4qmTc2Nvb3RlckBhbHRhdmlzdGEuY29tCg==\x01\x01"));
}

// RFC 5801 s4: "," and "=" in the authzid are escaped.
void TestSaslClient::oauthBearerEscapesTheUser()
{
    Credentials credentials = token();
    credentials.user = QStringLiteral("a,b=c");
    credentials.oauthToken = QStringLiteral("T");
    SaslClient client(Mechanism::OAuthBearer, credentials, QStringLiteral("h"), 1);
    QCOMPARE(client.initialResponse(),
             QByteArray("n,a=a=2Cb=3Dc,\x01host=h\x01port=1\x01"
                        "auth=Bearer T\x01\x01"));
}

void TestSaslClient::oauthBearerWithoutHostAndPort()
{
    Credentials credentials = token();
    credentials.oauthToken = QStringLiteral("T");
    SaslClient client(Mechanism::OAuthBearer, credentials);
    QCOMPARE(client.initialResponse(),
             QByteArray("n,a=alice@example.com,\x01"
                        "auth=Bearer T\x01\x01"));
}

// RFC 7628 s3.2.3: on an error challenge the client sends the single byte %x01 and the
// server then fails the exchange.
void TestSaslClient::oauthBearerError()
{
    SaslClient client(Mechanism::OAuthBearer, token(), QStringLiteral("imap.example.com"), 993);
    const QByteArray json =
        R"({"status":"invalid_token","scope":"example_scope","openid-configuration":"https://example.com/.well-known/openid-configuration"})";
    QCOMPARE(client.respond(json), std::optional<QByteArray>("\x01"));
    QCOMPARE(client.oauthError(), json);
    QCOMPARE(client.respond("more"), std::nullopt);
}

void TestSaslClient::oauthBearerWithoutSaslIr()
{
    SaslClient client(Mechanism::OAuthBearer, token(), QStringLiteral("imap.example.com"), 993);
    QCOMPARE(client.respond({}), std::optional<QByteArray>(client.initialResponse()));
    QVERIFY(client.oauthError().isEmpty());
}

void TestSaslClient::choose_data()
{
    QTest::addColumn<QByteArrayList>("offered");
    QTest::addColumn<bool>("withPassword");
    QTest::addColumn<bool>("withToken");
    QTest::addColumn<std::optional<Mechanism>>("expected");

    const QByteArrayList all { "LOGIN", "PLAIN", "XOAUTH2", "OAUTHBEARER" };
    QTest::newRow("password: PLAIN before LOGIN")
        << all << true << false << std::optional(Mechanism::Plain);
    QTest::newRow("password: LOGIN only") << QByteArrayList { "LOGIN", "CRAM-MD5" } << true << false
                                          << std::optional(Mechanism::Login);
    QTest::newRow("token: OAUTHBEARER first")
        << all << false << true << std::optional(Mechanism::OAuthBearer);
    QTest::newRow("token: XOAUTH2") << QByteArrayList { "PLAIN", "XOAUTH2" } << false << true
                                    << std::optional(Mechanism::XOAuth2);
    QTest::newRow("both: the token wins")
        << all << true << true << std::optional(Mechanism::OAuthBearer);
    QTest::newRow("both: password when no OAuth")
        << QByteArrayList { "LOGIN", "PLAIN" } << true << true << std::optional(Mechanism::Plain);
    QTest::newRow("case-insensitive")
        << QByteArrayList { "plain", "Login" } << true << false << std::optional(Mechanism::Plain);
    QTest::newRow("token but only PLAIN")
        << QByteArrayList { "PLAIN", "LOGIN" } << false << true << std::optional<Mechanism>();
    QTest::newRow("password but only OAuth")
        << QByteArrayList { "XOAUTH2" } << true << false << std::optional<Mechanism>();
    QTest::newRow("nothing offered")
        << QByteArrayList {} << true << true << std::optional<Mechanism>();
}

void TestSaslClient::choose()
{
    QFETCH(QByteArrayList, offered);
    QFETCH(bool, withPassword);
    QFETCH(bool, withToken);
    QFETCH(std::optional<Mechanism>, expected);
    Credentials credentials;
    credentials.user = QStringLiteral("alice@example.com");
    if (withPassword)
        credentials.password = QStringLiteral("secret");
    if (withToken)
        credentials.oauthToken = QStringLiteral("token");
    QString whyNot = QStringLiteral("stale");
    QCOMPARE(SaslClient::choose(offered, credentials, &whyNot), expected);
    QCOMPARE(whyNot.isEmpty(), expected.has_value());
    QCOMPARE(SaslClient::choose(offered, credentials), expected);
}

void TestSaslClient::whyNot_data()
{
    QTest::addColumn<QByteArrayList>("offered");
    QTest::addColumn<bool>("withPassword");
    QTest::addColumn<bool>("withToken");
    QTest::addColumn<QString>("expected");
    QTest::newRow("token, server wants a password")
        << QByteArrayList { "plain", "LOGIN" } << false << true
        << QStringLiteral("The server offers PLAIN, LOGIN, but an access token needs OAUTHBEARER "
                          "or XOAUTH2. Use a password for this account instead.");
    QTest::newRow("password, server wants a token")
        << QByteArrayList { "XOAUTH2", "OAUTHBEARER" } << true << false
        << QStringLiteral("The server offers XOAUTH2, OAUTHBEARER, but a password needs PLAIN or "
                          "LOGIN. Use an access token (OAuth) for this account instead.");
    QTest::newRow("both, nothing usable")
        << QByteArrayList { "CRAM-MD5", "GSSAPI" } << true << true
        << QStringLiteral("The server offers CRAM-MD5, GSSAPI, but Magpie can log in only with "
                          "OAUTHBEARER, XOAUTH2, PLAIN or LOGIN.");
    QTest::newRow("nothing offered")
        << QByteArrayList {} << true << false
        << QStringLiteral("The server does not offer any way to log in (no SASL mechanism).");
    QTest::newRow("no secret") << QByteArrayList { "PLAIN" } << false << false
                               << QStringLiteral("There is no password or access token to log in "
                                                 "as alice@example.com.");
}

void TestSaslClient::whyNot()
{
    QFETCH(QByteArrayList, offered);
    QFETCH(bool, withPassword);
    QFETCH(bool, withToken);
    QFETCH(QString, expected);
    Credentials credentials;
    credentials.user = QStringLiteral("alice@example.com");
    if (withPassword)
        credentials.password = QStringLiteral("secret");
    if (withToken)
        credentials.oauthToken = QStringLiteral("token");
    QString whyNot;
    QCOMPARE(SaslClient::choose(offered, credentials, &whyNot), std::nullopt);
    QCOMPARE(whyNot, expected);
    QVERIFY(!whyNot.contains(u"secret"));
    QVERIFY(!whyNot.contains(u"token,"));
}

QTEST_GUILESS_MAIN(TestSaslClient)
#include "tst_saslclient.moc"
