// SPDX-License-Identifier: GPL-3.0-or-later
// AUTH (RFC 4954) against the scripted fake server, byte-exact: PLAIN with the initial
// response on the AUTH line, LOGIN through 334 challenges, XOAUTH2 with a token (and its
// error challenge), refusals kept apart (535 password, 454 temporary, 530 encryption first),
// no usable mechanism; and the protocol log never holds a secret.
#include "ScriptedServer.h"
#include "net/ProtocolLog.h"
#include "net/smtp/SmtpLoginJob.h"
#include "net/smtp/SmtpSession.h"

#include <QPointer>
#include <QTest>

using magpie::net::Credentials;
using magpie::net::NetError;
using magpie::net::SaslClient;
using magpie::net::ServerEndpoint;
using magpie::smtp::SmtpLoginJob;
using magpie::smtp::SmtpSession;
using magpie::test::ScriptedServer;
using Security = ServerEndpoint::Security;
using Code = NetError::Code;

namespace {

QByteArray b64(const QByteArray &raw)
{
    return raw.toBase64();
}

Credentials alice()
{
    Credentials credentials;
    credentials.user = u"alice@example.com"_qs;
    credentials.password = u"s3cret pass"_qs;
    return credentials;
}

Credentials aliceToken(const QString &token = u"ya29.token"_qs)
{
    Credentials credentials;
    credentials.user = u"alice@example.com"_qs;
    credentials.oauthToken = token;
    return credentials;
}

QByteArrayList opening(const QByteArray &auth)
{
    return { "S: 220 smtp.example.com ESMTP", "C: EHLO client.example",
             "S: 250-smtp.example.com\\r\\n250-" + auth + "\\r\\n250 ENHANCEDSTATUSCODES" };
}

// Runs one SmtpLoginJob on a fresh session over `script`; returns the job's error.
struct LoginRun
{
    LoginRun(const QByteArrayList &script, const Credentials &credentials)
        : server(script)
    {
        session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
        job = new SmtpLoginJob(&session, credentials);
        job->setAutoDelete(false);
        QObject::connect(job, &magpie::net::Job::finished, &session, [this] { ++finished; });
        job->start();
    }
    bool waitForJob()
    {
        return QTest::qWaitFor([this] { return finished > 0; }, 5000);
    }

    ScriptedServer server;
    SmtpSession session;
    QPointer<SmtpLoginJob> job;
    int finished = 0;
};

} // namespace

class TestSmtpLoginJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void plainWithInitialResponse();
    void loginThroughChallenges();
    void xoauth2Token();
    void xoauth2ErrorChallenge();
    void longTokenWaitsForEmptyChallenge();
    void oauthBearerPreferred();
    void refusals_data();
    void refusals();
    void noAuthOffered();
    void noSuitableMechanism();
    void undecodableChallengeCancels();
};

void TestSmtpLoginJob::plainWithInitialResponse()
{
    const QByteArray response = b64(QByteArray("\0alice@example.com\0s3cret pass", 30));
    QByteArrayList script = opening("AUTH LOGIN PLAIN");
    script << "C: AUTH PLAIN " + response << "S: 235 2.7.0 Authentication successful";
    LoginRun run(script, alice());
    QVERIFY(run.waitForJob());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QVERIFY2(!run.job->failed(), qPrintable(run.job->errorString()));
    QCOMPARE(run.job->mechanism(), SaslClient::Mechanism::Plain);
    QCOMPARE(run.job->finalReply().code(), 235);
    QCOMPARE(run.session.authenticatedUser(), u"alice@example.com"_qs);
    const QString log = run.session.log()->toText();
    QVERIFY2(log.contains(u"C: AUTH PLAIN <redacted>"), qPrintable(log));
    QVERIFY2(!log.contains(QString::fromLatin1(response)), qPrintable(log));
    QVERIFY(!log.contains(u"s3cret"));
}

void TestSmtpLoginJob::loginThroughChallenges()
{
    QByteArrayList script = opening("AUTH LOGIN");
    script << "C: AUTH LOGIN"
           << "S: 334 " + b64("Username:") << "C: " + b64("alice@example.com")
           << "S: 334 " + b64("Password:") << "C: " + b64("s3cret pass") << "S: 235 2.7.0 Accepted";
    LoginRun run(script, alice());
    QVERIFY(run.waitForJob());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QVERIFY2(!run.job->failed(), qPrintable(run.job->errorString()));
    QCOMPARE(run.job->mechanism(), SaslClient::Mechanism::Login);
    const QString log = run.session.log()->toText();
    QCOMPARE(log.count(u"C: <redacted>"), 2);
    QVERIFY(!log.contains(QString::fromLatin1(b64("s3cret pass"))));
    QVERIFY(!log.contains(QString::fromLatin1(b64("alice@example.com"))));
}

void TestSmtpLoginJob::xoauth2Token()
{
    const QByteArray response = b64("user=alice@example.com\x01"
                                    "auth=Bearer ya29.token\x01\x01");
    QByteArrayList script = opening("AUTH PLAIN LOGIN XOAUTH2");
    script << "C: AUTH XOAUTH2 " + response << "S: 235 2.7.0 Accepted";
    LoginRun run(script, aliceToken());
    QVERIFY(run.waitForJob());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QVERIFY2(!run.job->failed(), qPrintable(run.job->errorString()));
    QCOMPARE(run.job->mechanism(), SaslClient::Mechanism::XOAuth2);
    QVERIFY(!run.session.log()->toText().contains(u"ya29"));
}

void TestSmtpLoginJob::xoauth2ErrorChallenge()
{
    // Google: an error JSON as a 334 challenge, an empty answer, then 535.
    const QByteArray json = R"({"status":"401","schemes":"bearer"})";
    const QByteArray response = b64("user=alice@example.com\x01"
                                    "auth=Bearer ya29.token\x01\x01");
    QByteArrayList script = opening("AUTH XOAUTH2");
    script << "C: AUTH XOAUTH2 " + response << "S: 334 " + b64(json) << "C: "
           << "S: 535 5.7.8 Username and Password not accepted";
    LoginRun run(script, aliceToken());
    QVERIFY(run.waitForJob());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->error().code, Code::AuthenticationFailed);
    const QString message = run.job->errorString();
    QVERIFY2(message.startsWith(u"The server refused the access token for alice@example.com."),
             qPrintable(message));
    QVERIFY2(message.contains(u"401"), qPrintable(message));
    QVERIFY2(message.contains(u"535 5.7.8 Username and Password not accepted."),
             qPrintable(message));
}

void TestSmtpLoginJob::longTokenWaitsForEmptyChallenge()
{
    // RFC 4954 s4: an initial response that would make the line longer than 512 octets is
    // sent after an empty 334 instead.
    const QString token(600, u't');
    const QByteArray response = b64("user=alice@example.com\x01"
                                    "auth=Bearer "
                                    + token.toLatin1() + "\x01\x01");
    QByteArrayList script = opening("AUTH XOAUTH2");
    script << "C: AUTH XOAUTH2"
           << "S: 334 "
           << "C: " + response << "S: 235 2.7.0 Accepted";
    LoginRun run(script, aliceToken(token));
    QVERIFY(run.waitForJob());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QVERIFY2(!run.job->failed(), qPrintable(run.job->errorString()));
    QVERIFY(!run.session.log()->toText().contains(u"tttt"));
}

void TestSmtpLoginJob::oauthBearerPreferred()
{
    // OAUTHBEARER (RFC 7628) carries the server's port, known only once the fake server
    // listens, so the script cannot spell the line: it stops there and the bytes are checked.
    QByteArrayList script = opening("AUTH XOAUTH2 OAUTHBEARER PLAIN");
    script << "C: AUTH OAUTHBEARER (checked below)";
    LoginRun run(script, aliceToken());
    QVERIFY(run.waitForJob());
    const QByteArray response = b64("n,a=alice@example.com,\x01host=localhost\x01port="
                                    + QByteArray::number(run.server.port())
                                    + "\x01"
                                      "auth=Bearer ya29.token\x01\x01");
    QVERIFY2(
        run.server.clientBytes().endsWith(QByteArray("\r\nAUTH OAUTHBEARER " + response + "\r\n")),
        qPrintable(QString::fromLatin1(run.server.clientBytes().toPercentEncoding())
                   + run.job->errorString()));
    QCOMPARE(run.job->mechanism(), SaslClient::Mechanism::OAuthBearer);
}

void TestSmtpLoginJob::refusals_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<int>("code");
    QTest::addColumn<QString>("message");

    QTest::newRow("535 wrong password")
        << QByteArray("535 5.7.8 Authentication credentials invalid")
        << int(Code::AuthenticationFailed)
        << u"The server refused the password for alice@example.com. It said: 535 5.7.8 "
           "Authentication credentials invalid."_qs;
    QTest::newRow("454 temporary")
        << QByteArray("454 4.7.0 Temporary authentication failure") << int(Code::TemporaryFailure)
        << u"localhost could not log in alice@example.com just now; "
           "try again later. It said: 454 4.7.0 Temporary "
           "authentication failure."_qs;
    QTest::newRow("432 transition")
        << QByteArray("432 4.7.12 A password transition is needed") << int(Code::TemporaryFailure)
        << u"localhost could not log in alice@example.com just now; "
           "try again later. It said: 432 4.7.12 A password "
           "transition is needed."_qs;
    QTest::newRow("530 encryption first")
        << QByteArray("530 5.7.0 Must issue a STARTTLS command first") << int(Code::CommandRejected)
        << u"localhost requires an encrypted connection before "
           "logging in; choose STARTTLS or TLS for this "
           "account. It said: 530 5.7.0 Must issue a STARTTLS "
           "command first."_qs;
    QTest::newRow("504 other") << QByteArray("504 5.5.4 Unrecognized authentication type")
                               << int(Code::CommandRejected)
                               << u"localhost refused to log in alice@example.com. It said: 504 "
                                  "5.5.4 Unrecognized authentication type."_qs;
}

void TestSmtpLoginJob::refusals()
{
    QFETCH(QByteArray, reply);
    QFETCH(int, code);
    QFETCH(QString, message);
    const QByteArray response = b64(QByteArray("\0alice@example.com\0s3cret pass", 30));
    QByteArrayList script = opening("AUTH PLAIN");
    script << "C: AUTH PLAIN " + response << "S: " + reply;
    LoginRun run(script, alice());
    QVERIFY(run.waitForJob());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(int(run.job->error().code), code);
    QCOMPARE(run.job->errorString(), message);
    QCOMPARE(run.job->error().serverReply, reply);
    QVERIFY(run.session.authenticatedUser().isEmpty());
    QVERIFY(run.session.isOpen()); // a refused login leaves the connection usable
}

void TestSmtpLoginJob::noAuthOffered()
{
    ScriptedServer server({ "S: 220 smtp.example.com ESMTP", "C: EHLO client.example",
                            "S: 250-smtp.example.com\\r\\n250 SIZE 100" });
    SmtpSession session;
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    auto *job = new SmtpLoginJob(&session, alice());
    job->setAutoDelete(false);
    job->start();
    QTRY_VERIFY(job->isFinished());
    MAGPIE_VERIFY_SCRIPT(server);
    QCOMPARE(job->error().code, Code::NoSuitableMechanism);
    QVERIFY2(job->errorString().startsWith(u"localhost does not offer a way to log in"),
             qPrintable(job->errorString()));
    QVERIFY(job->errorString().contains(u"STARTTLS or TLS"));
}

void TestSmtpLoginJob::noSuitableMechanism()
{
    // A password, and the server wants CRAM-MD5 or a token: nothing is sent.
    ScriptedServer server(opening("AUTH CRAM-MD5 XOAUTH2"));
    SmtpSession session;
    session.connectToServer(server.endpoint(Security::Plaintext), u"client.example"_qs);
    auto *job = new SmtpLoginJob(&session, alice());
    job->setAutoDelete(false);
    job->start();
    QTRY_VERIFY(job->isFinished());
    MAGPIE_VERIFY_SCRIPT(server);
    QCOMPARE(job->error().code, Code::NoSuitableMechanism);
    QVERIFY2(job->errorString().contains(u"CRAM-MD5"), qPrintable(job->errorString()));
    QVERIFY(!job->mechanism().has_value());
}

void TestSmtpLoginJob::undecodableChallengeCancels()
{
    QByteArrayList script = opening("AUTH LOGIN");
    script << "C: AUTH LOGIN"
           << "S: 334 not*base64"
           << "C: *"
           << "S: 501 5.7.0 Authentication cancelled";
    LoginRun run(script, alice());
    QVERIFY(run.waitForJob());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->error().code, Code::ProtocolViolation);
    QVERIFY2(run.job->errorString().contains(u"not valid base64"),
             qPrintable(run.job->errorString()));
}

QTEST_GUILESS_MAIN(TestSmtpLoginJob)
#include "tst_smtploginjob.moc"
