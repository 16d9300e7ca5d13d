// SPDX-License-Identifier: GPL-3.0-or-later
// LoginJob against scripted servers, byte-exact: AUTHENTICATE with SASL-IR and with "+"
// challenges, the LOGIN command as a fallback, LOGINDISABLED, refusals with RFC 5530 codes,
// capabilities after login, and what the protocol log shows.
#include "ImapDialogue.h"

#include "net/imap/NoopJob.h"

#include <QTest>

using magpie::imap::ImapSession;
using magpie::imap::LoginJob;
using magpie::net::Credentials;
using magpie::net::NetError;
using magpie::test::ImapDialogue;
using Code = NetError::Code;

namespace {

Credentials password(const QString &user = QStringLiteral("alice@example.com"))
{
    Credentials credentials;
    credentials.user = user;
    credentials.password = QStringLiteral("secret");
    return credentials;
}

// "\0alice@example.com\0secret" in base64 (RFC 4616)
const QByteArray kPlain = QByteArray("\0alice@example.com\0secret", 25).toBase64();

} // namespace

class TestImapLoginJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plainWithSaslIr();
    void plainAfterEmptyChallenge();
    void loginMechanismAnswersChallenges();
    void xoauth2WithToken();
    void xoauth2RefusedToken();
    void loginCommandWhenNoMechanismFits();
    void loginDisabledAndNoMechanism();
    void refusedPassword_data();
    void refusedPassword();
    void capabilitiesAskedWhenNotSent();
    void untaggedCapabilitiesCount();
    void unreadableChallengeCancels();
    void logNeverShowsTheSecret();
};

void TestImapLoginJob::plainWithSaslIr()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN AUTH=LOGIN] ready",
                            "C: a1 AUTHENTICATE PLAIN " + kPlain,
                            "S: a1 OK [CAPABILITY IMAP4rev1 IDLE MOVE] Logged in" });
    QVERIFY(dialogue.open());
    auto *login = dialogue.make<LoginJob>(password());
    QVERIFY2(dialogue.run(login), qPrintable(login->errorString()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(login->mechanismName(), QByteArray("PLAIN"));
    QCOMPARE(dialogue.session.state(), ImapSession::State::Authenticated);
    QVERIFY(dialogue.session.hasCapability("MOVE"));
    QVERIFY(!dialogue.session.hasCapability("SASL-IR"));
}

void TestImapLoginJob::plainAfterEmptyChallenge()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN] ready",
                            "C: a1 AUTHENTICATE PLAIN", "S: + ", "C: " + kPlain,
                            "S: a1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in" });
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.run(dialogue.make<LoginJob>(password())));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(dialogue.session.hasCapability("IDLE"));
    const QStringList lines = dialogue.logLines();
    QVERIFY2(lines.contains(u"C: <redacted>"), qPrintable(lines.join(u'\n')));
    QVERIFY(!lines.join(u'\n').contains(QLatin1StringView(kPlain)));
}

void TestImapLoginJob::loginMechanismAnswersChallenges()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 AUTH=LOGIN] ready",
                            "C: a1 AUTHENTICATE LOGIN", "S: + VXNlcm5hbWU6",
                            "C: " + QByteArray("alice@example.com").toBase64(), "S: + UGFzc3dvcmQ6",
                            "C: c2VjcmV0", "S: a1 OK [CAPABILITY IMAP4rev1] Logged in" });
    QVERIFY(dialogue.open());
    auto *login = dialogue.make<LoginJob>(password());
    QVERIFY2(dialogue.run(login), qPrintable(login->errorString()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(login->mechanismName(), QByteArray("LOGIN"));
}

void TestImapLoginJob::xoauth2WithToken()
{
    Credentials credentials;
    credentials.user = QStringLiteral("alice@example.com");
    credentials.oauthToken = QStringLiteral("ya29.token");
    const QByteArray initial = QByteArray("user=alice@example.com\x01"
                                          "auth=Bearer ya29.token\x01\x01")
                                   .toBase64();
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2 AUTH=PLAIN] ready",
                            "C: a1 AUTHENTICATE XOAUTH2 " + initial,
                            "S: a1 OK [CAPABILITY IMAP4rev1] Logged in" });
    QVERIFY(dialogue.open());
    auto *login = dialogue.make<LoginJob>(credentials);
    QVERIFY2(dialogue.run(login), qPrintable(login->errorString()));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(login->mechanismName(), QByteArray("XOAUTH2"));
}

void TestImapLoginJob::xoauth2RefusedToken()
{
    Credentials credentials;
    credentials.user = QStringLiteral("alice@example.com");
    credentials.oauthToken = QStringLiteral("expired");
    const QByteArray initial = QByteArray("user=alice@example.com\x01"
                                          "auth=Bearer expired\x01\x01")
                                   .toBase64();
    const QByteArray error = R"({"status":"401","schemes":"bearer"})";
    // Google's XOAUTH2: the error comes as a challenge, answered with an empty line.
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=XOAUTH2] ready",
                            "C: a1 AUTHENTICATE XOAUTH2 " + initial, "S: + " + error.toBase64(),
                            "C: ", "S: a1 NO [AUTHENTICATIONFAILED] Invalid credentials" });
    QVERIFY(dialogue.open());
    auto *login = dialogue.make<LoginJob>(credentials);
    QVERIFY(!dialogue.run(login));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(login->error().code, Code::AuthenticationFailed);
    QVERIFY2(login->errorString().startsWith(
                 u"The server refused the sign-in token for alice@example.com"),
             qPrintable(login->errorString()));
    QVERIFY(login->errorString().contains(u"401"));
}

void TestImapLoginJob::loginCommandWhenNoMechanismFits()
{
    // Only a mechanism Magpie does not speak: LOGIN with the password (RFC 3501 s6.2.3).
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 AUTH=GSSAPI] ready",
                            "C: a1 LOGIN alice@example.com secret",
                            "S: a1 OK [CAPABILITY IMAP4rev1] Logged in" });
    QVERIFY(dialogue.open());
    auto *login = dialogue.make<LoginJob>(password());
    QVERIFY(dialogue.run(login));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(login->mechanismName(), QByteArray("LOGIN"));
}

void TestImapLoginJob::loginDisabledAndNoMechanism()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 LOGINDISABLED AUTH=GSSAPI] ready" });
    QVERIFY(dialogue.open());
    auto *login = dialogue.make<LoginJob>(password());
    QVERIFY(!dialogue.run(login));
    QCOMPARE(login->error().code, Code::NoSuitableMechanism);
    QCOMPARE(login->errorString(),
             QStringLiteral("localhost does not accept a password on an unencrypted connection "
                            "(LOGINDISABLED). Choose SSL/TLS or STARTTLS in the account "
                            "settings."));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(dialogue.server.clientBytes().isEmpty()); // no password went out
    QCOMPARE(dialogue.session.state(), ImapSession::State::NotAuthenticated);
}

void TestImapLoginJob::refusedPassword_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");
    QTest::newRow("AUTHENTICATIONFAILED")
        << QByteArray("NO [AUTHENTICATIONFAILED] Invalid credentials (Failure)")
        << int(Code::AuthenticationFailed)
        << QStringLiteral("The server refused the password for alice@example.com. It said: "
                          "“Invalid credentials (Failure)”.");
    QTest::newRow("plain NO") << QByteArray("NO") << int(Code::AuthenticationFailed)
                              << QStringLiteral("The server refused the password for "
                                                "alice@example.com.");
    QTest::newRow("UNAVAILABLE")
        << QByteArray("NO [UNAVAILABLE] User database down") << int(Code::TemporaryFailure)
        << QStringLiteral("localhost cannot check the password for alice@example.com right now; "
                          "try again later. It said: “User database down”.");
}

void TestImapLoginJob::refusedPassword()
{
    QFETCH(QByteArray, reply);
    QFETCH(int, code);
    QFETCH(QString, message);
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready",
                            "C: a1 AUTHENTICATE PLAIN " + kPlain, "S: a1 " + reply });
    QVERIFY(dialogue.open());
    auto *login = dialogue.make<LoginJob>(password());
    QVERIFY(!dialogue.run(login));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(int(login->error().code), code);
    QCOMPARE(login->errorString(), message);
    QCOMPARE(dialogue.session.state(), ImapSession::State::NotAuthenticated);
}

void TestImapLoginJob::capabilitiesAskedWhenNotSent()
{
    // RFC 3501 s6.2.2: capabilities may change after login; ask when the OK does not say.
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 AUTH=PLAIN SASL-IR] ready",
                            "C: a1 AUTHENTICATE PLAIN " + kPlain, "S: a1 OK Logged in",
                            "C: a2 CAPABILITY", "S: * CAPABILITY IMAP4rev1 QRESYNC",
                            "S: a2 OK done" });
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.run(dialogue.make<LoginJob>(password())));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(dialogue.session.hasCapability("QRESYNC"));
    QVERIFY(!dialogue.session.hasCapability("AUTH=PLAIN"));
}

void TestImapLoginJob::untaggedCapabilitiesCount()
{
    ImapDialogue dialogue(
        { "S: * OK [CAPABILITY IMAP4rev1] ready", "C: a1 LOGIN alice@example.com secret",
          "S: * CAPABILITY IMAP4rev1 ENABLE", "S: a1 OK Logged in", "C: a2 NOOP", "S: a2 OK" });
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.run(dialogue.make<LoginJob>(password())));
    QVERIFY(dialogue.run(dialogue.make<magpie::imap::NoopJob>())); // a2: no CAPABILITY before it
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY(dialogue.session.hasCapability("ENABLE"));
}

void TestImapLoginJob::unreadableChallengeCancels()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 AUTH=LOGIN] ready",
                            "C: a1 AUTHENTICATE LOGIN", "S: + !!not base64!!", "C: *",
                            "S: a1 BAD AUTHENTICATE cancelled" });
    QVERIFY(dialogue.open());
    auto *login = dialogue.make<LoginJob>(password());
    QVERIFY(!dialogue.run(login));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QCOMPARE(login->error().code, Code::ProtocolViolation);
    QCOMPARE(login->errorString(),
             QStringLiteral("localhost sent a sign-in challenge for LOGIN "
                            "that Magpie could not answer."));
}

void TestImapLoginJob::logNeverShowsTheSecret()
{
    ImapDialogue dialogue({ "S: * OK [CAPABILITY IMAP4rev1 SASL-IR AUTH=PLAIN] ready",
                            "C: a1 AUTHENTICATE PLAIN " + kPlain,
                            "S: a1 OK [CAPABILITY IMAP4rev1] Logged in" });
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.run(dialogue.make<LoginJob>(password())));
    const QStringList lines = dialogue.logLines();
    QVERIFY2(lines.contains(u"C: a1 AUTHENTICATE PLAIN <redacted>"), qPrintable(lines.join(u'\n')));
    const QString text = lines.join(u'\n');
    QVERIFY(!text.contains(QLatin1StringView(kPlain)));
    QVERIFY(!text.contains(u"secret"));
}

QTEST_GUILESS_MAIN(TestImapLoginJob)
#include "tst_imaploginjob.moc"
