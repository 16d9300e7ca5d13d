// SPDX-License-Identifier: GPL-3.0-or-later
// Pop3LoginJob against scripted servers: SASL PLAIN with and without the initial response on
// the AUTH line (RFC 5034), LOGIN, XOAUTH2 with an error challenge, USER/PASS, APOP with RFC
// 1939's own example, refusals with RFC 2449/3206 response codes, and what the log shows.
#include "Pop3Dialogue.h"
#include "net/pop3/Pop3LoginJob.h"

#include <QTest>

using magpie::net::Credentials;
using magpie::net::NetError;
using magpie::pop3::Pop3LoginJob;
using magpie::pop3::Pop3Session;
using magpie::test::Pop3Dialogue;
using magpie::test::pop3Opening;
using Code = NetError::Code;
using Method = Pop3LoginJob::Method;

namespace {

Credentials alice(const QString &password = QStringLiteral("secret"))
{
    Credentials credentials;
    credentials.user = QStringLiteral("alice@example.com");
    credentials.password = password;
    return credentials;
}

const QByteArrayList quit { "C: QUIT", "S: +OK", "EXPECT-CLOSE" };

} // namespace

class TestPop3LoginJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void loggedIn_data();
    void loggedIn();
    void refused_data();
    void refused();
    void apopNeedsATimestamp();
    void noUsableMethod_data();
    void noUsableMethod();
    void lineBreakInCredentials_data();
    void lineBreakInCredentials();
    void oauthErrorChallenge();
    void saslCancelled();
};

void TestPop3LoginJob::loggedIn_data()
{
    QTest::addColumn<QByteArrayList>("capabilities"); // empty: the server has no CAPA
    QTest::addColumn<Credentials>("credentials");
    QTest::addColumn<int>("method");
    QTest::addColumn<QByteArrayList>("dialogue");
    QTest::addColumn<QByteArray>("mechanism");
    QTest::addColumn<QByteArrayList>("logLines"); // the client's lines as the log shows them

    QTest::newRow("AUTH PLAIN, initial response on the line")
        << QByteArrayList { "USER", "SASL PLAIN LOGIN" } << alice() << int(Method::Automatic)
        << QByteArrayList { "C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHNlY3JldA==",
                            "S: +OK Logged in." }
        << QByteArray("PLAIN") << QByteArrayList { "C: AUTH PLAIN <redacted>" };

    // 11 + 240 + 2 = 253 octets: fits in 255 (RFC 2449 s4).
    const Credentials fits = alice(QString(161, u'p'));
    const QByteArray fitsResponse = QByteArray("\0alice@example.com\0", 19) + QByteArray(161, 'p');
    QTest::newRow("AUTH PLAIN, longest initial response on the line")
        << QByteArrayList { "SASL PLAIN" } << fits << int(Method::Automatic)
        << QByteArrayList { "C: AUTH PLAIN " + fitsResponse.toBase64(), "S: +OK" }
        << QByteArray("PLAIN") << QByteArrayList { "C: AUTH PLAIN <redacted>" };

    // One more and it goes after the empty challenge instead (RFC 5034 s4).
    const Credentials tooLong = alice(QString(162, u'p'));
    const QByteArray tooLongResponse =
        QByteArray("\0alice@example.com\0", 19) + QByteArray(162, 'p');
    QTest::newRow("AUTH PLAIN, initial response too long for the line")
        << QByteArrayList { "SASL PLAIN" } << tooLong << int(Method::Automatic)
        << QByteArrayList { "C: AUTH PLAIN", "S: + ", "C: " + tooLongResponse.toBase64(), "S: +OK" }
        << QByteArray("PLAIN") << QByteArrayList { "C: AUTH PLAIN", "C: <redacted>" };

    QTest::newRow("AUTH LOGIN")
        << QByteArrayList { "SASL LOGIN" } << alice() << int(Method::Automatic)
        << QByteArrayList { "C: AUTH LOGIN",     "S: + VXNlcm5hbWU6", "C: YWxpY2VAZXhhbXBsZS5jb20=",
                            "S: + UGFzc3dvcmQ6", "C: c2VjcmV0",       "S: +OK" }
        << QByteArray("LOGIN")
        << QByteArrayList { "C: AUTH LOGIN", "C: <redacted>", "C: <redacted>" };

    Credentials token;
    token.user = QStringLiteral("alice@example.com");
    token.oauthToken = QStringLiteral("ya29.token");
    QTest::newRow("AUTH XOAUTH2")
        << QByteArrayList { "SASL PLAIN XOAUTH2" } << token << int(Method::Automatic)
        << QByteArrayList { "C: AUTH XOAUTH2 "
                            "dXNlcj1hbGljZUBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnRva2VuAQE=",
                            "S: +OK" }
        << QByteArray("XOAUTH2") << QByteArrayList { "C: AUTH XOAUTH2 <redacted>" };

    QTest::newRow("USER/PASS") << QByteArrayList { "TOP", "USER", "UIDL" } << alice()
                               << int(Method::Automatic)
                               << QByteArrayList { "C: USER alice@example.com", "S: +OK",
                                                   "C: PASS secret",
                                                   "S: +OK maildrop has 2 messages" }
                               << QByteArray()
                               << QByteArrayList { "C: USER alice@example.com",
                                                   "C: PASS <redacted>" };

    QTest::newRow("USER/PASS without CAPA")
        << QByteArrayList {} << alice() << int(Method::Automatic)
        << QByteArrayList { "C: USER alice@example.com", "S: +OK", "C: PASS secret", "S: +OK" }
        << QByteArray() << QByteArrayList { "C: PASS <redacted>" };

    QTest::newRow("USER/PASS asked for, SASL offered")
        << QByteArrayList { "USER", "SASL PLAIN" } << alice() << int(Method::UserPass)
        << QByteArrayList { "C: USER alice@example.com", "S: +OK", "C: PASS secret", "S: +OK" }
        << QByteArray() << QByteArrayList { "C: PASS <redacted>" };

    // RFC 1939 s7's example: timestamp from the greeting, secret "tanstaaf".
    Credentials mrose;
    mrose.user = QStringLiteral("mrose");
    mrose.password = QStringLiteral("tanstaaf");
    QTest::newRow("APOP") << QByteArrayList { "USER", "SASL PLAIN" } << mrose << int(Method::Apop)
                          << QByteArrayList { "C: APOP mrose c4c9334bac560ecc979e58001b3e22fb",
                                              "S: +OK maildrop has 1 message (369 octets)" }
                          << QByteArray() << QByteArrayList { "C: APOP mrose <redacted>" };
}

void TestPop3LoginJob::loggedIn()
{
    QFETCH(QByteArrayList, capabilities);
    QFETCH(Credentials, credentials);
    QFETCH(int, method);
    QFETCH(QByteArrayList, dialogue);
    QFETCH(QByteArray, mechanism);
    QFETCH(QByteArrayList, logLines);

    const QByteArrayList opening = capabilities.isEmpty()
        ? QByteArrayList { "S: +OK POP3 server ready <1896.697170952@dbc.mtview.ca.us>", "C: CAPA",
                           "S: -ERR unknown command" }
        : pop3Opening(capabilities);
    Pop3Dialogue d(opening + dialogue + quit);
    d.connect();
    QVERIFY(d.waitOpened());
    auto *login = new Pop3LoginJob(&d.session, credentials);
    login->setMethod(Method(method));
    d.run(login);
    QVERIFY(login->isFinished());
    QVERIFY2(!login->failed(), qPrintable(login->errorString()));
    QCOMPARE(login->mechanismName(), mechanism);
    QCOMPARE(d.session.state(), Pop3Session::State::Transaction);
    d.session.quit();
    QVERIFY(d.waitClosed());
    MAGPIE_VERIFY_SCRIPT(d.server);

    const QString log = d.log();
    for (const QByteArray &line : logLines)
        QVERIFY2(log.contains(QString::fromLatin1(line + '\n')), qPrintable(log));
    // No secret in the log, in any form.
    QVERIFY(!log.contains(credentials.password.isEmpty() ? QStringLiteral("ya29.token")
                                                         : credentials.password));
    for (const QByteArray &line : dialogue) {
        if (line.startsWith("C: ") && line.size() > 20 && !line.startsWith("C: USER"))
            QVERIFY2(!log.contains(QString::fromLatin1(line.sliced(3))), line.constData());
    }
}

void TestPop3LoginJob::refused_data()
{
    QTest::addColumn<QByteArrayList>("capabilities");
    QTest::addColumn<QByteArrayList>("dialogue");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");

    QTest::newRow("wrong password")
        << QByteArrayList { "USER" }
        << QByteArrayList { "C: USER alice@example.com", "S: +OK", "C: PASS secret",
                            "S: -ERR [AUTH] Invalid user name or password." }
        << int(Code::AuthenticationFailed)
        << QStringLiteral("The server refused the password for alice@example.com. The server said: "
                          "“Invalid user name or password.”");
    QTest::newRow("unknown user, refused at USER")
        << QByteArrayList { "USER" }
        << QByteArrayList { "C: USER alice@example.com", "S: -ERR no such user" }
        << int(Code::AuthenticationFailed)
        << QStringLiteral("The server refused the password for alice@example.com. The server said: "
                          "“no such user”");
    QTest::newRow("SASL refused")
        << QByteArrayList { "SASL PLAIN" }
        << QByteArrayList { "C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHNlY3JldA==", "S: -ERR" }
        << int(Code::AuthenticationFailed)
        << QStringLiteral("The server refused the password for alice@example.com.");
    // RFC 2449 s8.1.2: another session holds the maildrop's lock.
    QTest::newRow("in use")
        << QByteArrayList { "USER" }
        << QByteArrayList { "C: USER alice@example.com", "S: +OK", "C: PASS secret",
                            "S: -ERR [IN-USE] Mailbox is locked by another POP3 session" }
        << int(Code::TemporaryFailure)
        << QStringLiteral(
               "Another program is using this mailbox on localhost:%1 (POP3 lets only one "
               "in at a time). Close the other mail program or wait a few minutes, then "
               "try again. The server said: “Mailbox is locked by another POP3 session”");
    QTest::newRow("login delay")
        << QByteArrayList { "SASL PLAIN" }
        << QByteArrayList { "C: AUTH PLAIN AGFsaWNlQGV4YW1wbGUuY29tAHNlY3JldA==",
                            "S: -ERR [LOGIN-DELAY] wait 15 minutes" }
        << int(Code::TemporaryFailure) << QStringLiteral("only every few minutes");
    // RFC 3206 s4.
    QTest::newRow("temporary system problem")
        << QByteArrayList { "USER" }
        << QByteArrayList { "C: USER alice@example.com", "S: +OK", "C: PASS secret",
                            "S: -ERR [SYS/TEMP] Storage is offline" }
        << int(Code::TemporaryFailure)
        << QStringLiteral(
               "has a temporary problem and could not log in alice@example.com; try again "
               "later. The server said: “Storage is offline”");
    QTest::newRow("permanent system problem")
        << QByteArrayList { "USER" }
        << QByteArrayList { "C: USER alice@example.com",
                            "S: -ERR [SYS/PERM] Login without TLS is disabled on this server; send "
                            "STLS first." }
        << int(Code::CommandRejected)
        << QStringLiteral(
               "does not let alice@example.com log in. The server said: “Login without TLS is "
               "disabled on this server; send STLS first.”");
}

void TestPop3LoginJob::refused()
{
    QFETCH(QByteArrayList, capabilities);
    QFETCH(QByteArrayList, dialogue);
    QFETCH(int, code);
    QFETCH(QString, message);

    Pop3Dialogue d(pop3Opening(capabilities) + dialogue + quit);
    d.connect();
    QVERIFY(d.waitOpened());
    auto *login = d.run(new Pop3LoginJob(&d.session, alice()));
    QVERIFY(login->isFinished());
    QCOMPARE(int(login->error().code), code);
    if (message.contains(u"%1"))
        message = message.arg(d.server.port());
    QVERIFY2(login->errorString().contains(message), qPrintable(login->errorString()));
    QCOMPARE(login->error().serverReply, dialogue.last().sliced(3));
    QCOMPARE(d.session.state(), Pop3Session::State::Authorization);
    d.session.quit(); // the session is still usable
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::None);
    MAGPIE_VERIFY_SCRIPT(d.server);
    QVERIFY(!d.log().contains(u"secret"));
}

void TestPop3LoginJob::apopNeedsATimestamp()
{
    Pop3Dialogue d(QByteArrayList { "S: +OK ready", "C: CAPA", "S: +OK", "S: USER", "S: ." }
                   + quit);
    d.connect();
    QVERIFY(d.waitOpened());
    auto *login = new Pop3LoginJob(&d.session, alice());
    login->setMethod(Method::Apop);
    d.run(login);
    QCOMPARE(login->error().code, Code::NoSuitableMechanism);
    QVERIFY2(login->errorString().contains(u"does not offer APOP"),
             qPrintable(login->errorString()));
    d.session.quit();
    QVERIFY(d.waitClosed());
    MAGPIE_VERIFY_SCRIPT(d.server); // nothing was sent
}

void TestPop3LoginJob::noUsableMethod_data()
{
    QTest::addColumn<QByteArrayList>("capabilities");
    QTest::addColumn<bool>("withToken");
    QTest::addColumn<QString>("message");
    QTest::newRow("only CRAM-MD5, no USER")
        << QByteArrayList { "SASL CRAM-MD5", "TOP" } << false << QStringLiteral("USER and PASS");
    QTest::newRow("token, but only USER")
        << QByteArrayList { "USER" } << true << QStringLiteral("access token");
    QTest::newRow("nothing at all")
        << QByteArrayList { "TOP" } << false
        << QStringLiteral("does not offer logging in with USER and PASS");
}

void TestPop3LoginJob::noUsableMethod()
{
    QFETCH(QByteArrayList, capabilities);
    QFETCH(bool, withToken);
    QFETCH(QString, message);
    Pop3Dialogue d(pop3Opening(capabilities) + quit);
    d.connect();
    QVERIFY(d.waitOpened());
    Credentials credentials = alice();
    if (withToken) {
        credentials.password.clear();
        credentials.oauthToken = QStringLiteral("ya29.token");
    }
    auto *login = d.run(new Pop3LoginJob(&d.session, credentials));
    QCOMPARE(login->error().code, Code::NoSuitableMechanism);
    QVERIFY2(login->errorString().contains(message), qPrintable(login->errorString()));
    d.session.quit();
    QVERIFY(d.waitClosed());
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3LoginJob::lineBreakInCredentials_data()
{
    QTest::addColumn<QString>("user");
    QTest::addColumn<QString>("password");
    QTest::addColumn<int>("method");
    QTest::newRow("CRLF in the password, USER/PASS")
        << QStringLiteral("alice") << QStringLiteral("x\r\nDELE 1") << int(Method::UserPass);
    QTest::newRow("LF in the user name")
        << QStringLiteral("alice\nDELE 1") << QStringLiteral("secret") << int(Method::Automatic);
    QTest::newRow("NUL in the password, SASL")
        << QStringLiteral("alice") << QString::fromUtf8("se\0cret", 7) << int(Method::Sasl);
    QTest::newRow("CR in the password, APOP")
        << QStringLiteral("alice") << QStringLiteral("se\rcret") << int(Method::Apop);
}

// Refused before a byte is sent: no input can add a command (RFC 1939 s3: one line each).
void TestPop3LoginJob::lineBreakInCredentials()
{
    QFETCH(QString, user);
    QFETCH(QString, password);
    QFETCH(int, method);
    Pop3Dialogue d(pop3Opening({ "USER", "SASL PLAIN" }) + quit);
    d.connect();
    QVERIFY(d.waitOpened());
    Credentials credentials;
    credentials.user = user;
    credentials.password = password;
    auto *login = new Pop3LoginJob(&d.session, credentials);
    login->setMethod(Method(method));
    d.run(login);
    QCOMPARE(login->error().code, Code::InvalidArgument);
    QVERIFY2(login->errorString().contains(u"line break"), qPrintable(login->errorString()));
    d.session.quit();
    QVERIFY(d.waitClosed());
    MAGPIE_VERIFY_SCRIPT(d.server);
}

// An OAuth error comes as a challenge holding JSON; XOAUTH2 answers it with an empty line
// and the server then says -ERR.
void TestPop3LoginJob::oauthErrorChallenge()
{
    Pop3Dialogue d(
        pop3Opening({ "SASL XOAUTH2" })
        + QByteArrayList { "C: AUTH XOAUTH2 "
                           "dXNlcj1hbGljZUBleGFtcGxlLmNvbQFhdXRoPUJlYXJlciB5YTI5LnRva2VuAQE=",
                           "S: + "
                           "eyJzdGF0dXMiOiI0MDEiLCJzY2hlbWVzIjoiYmVhcmVyIiwic2NvcGUiOiJodHRwczovL21"
                           "haWwuZ29vZ2xlLmNvbS8ifQ==",
                           "C: ", "S: -ERR [AUTH] Invalid credentials" }
        + quit);
    d.connect();
    QVERIFY(d.waitOpened());
    Credentials credentials;
    credentials.user = QStringLiteral("alice@example.com");
    credentials.oauthToken = QStringLiteral("ya29.token");
    auto *login = d.run(new Pop3LoginJob(&d.session, credentials));
    QCOMPARE(login->error().code, Code::AuthenticationFailed);
    QVERIFY2(login->errorString().startsWith(
                 u"The server refused the access token for alice@example.com."),
             qPrintable(login->errorString()));
    QVERIFY(login->errorString().contains(u"\"status\":\"401\""));
    d.session.quit();
    QVERIFY(d.waitClosed());
    MAGPIE_VERIFY_SCRIPT(d.server);
}

// LOGIN asks a third question: the exchange is cancelled with "*" (RFC 5034 s4).
void TestPop3LoginJob::saslCancelled()
{
    Pop3Dialogue d(pop3Opening({ "SASL LOGIN" })
                   + QByteArrayList { "C: AUTH LOGIN", "S: + VXNlcm5hbWU6",
                                      "C: YWxpY2VAZXhhbXBsZS5jb20=", "S: + UGFzc3dvcmQ6",
                                      "C: c2VjcmV0", "S: + QWdhaW4/", "C: *",
                                      "S: -ERR Authentication cancelled" }
                   + quit);
    d.connect();
    QVERIFY(d.waitOpened());
    auto *login = d.run(new Pop3LoginJob(&d.session, alice()));
    QCOMPARE(login->error().code, Code::AuthenticationFailed);
    d.session.quit();
    QVERIFY(d.waitClosed());
    MAGPIE_VERIFY_SCRIPT(d.server);
}

QTEST_GUILESS_MAIN(TestPop3LoginJob)
#include "tst_pop3loginjob.moc"
