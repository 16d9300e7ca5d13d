// SPDX-License-Identifier: GPL-3.0-or-later
// SmtpSession against a real SMTP submission server nobody here wrote: aiosmtpd through
// ../shared/interop/smtp-server.py. What the server stored (n.eml after its dot-unstuffing,
// n.json with the envelope) must be exactly what was submitted: STARTTLS + AUTH, implicit
// TLS, several recipients, SMTPUTF8, lines that start with "." (RFC 5321 s4.5.2), and a
// refused password.
#include "EngineTestSupport.h"
#include "SmtpServerProcess.h"
#include "net/ProtocolLog.h"
#include "net/smtp/SmtpEnvelope.h"
#include "net/smtp/SmtpLoginJob.h"
#include "net/smtp/SmtpSendJob.h"
#include "net/smtp/SmtpSession.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using magpie::net::Credentials;
using magpie::net::Job;
using magpie::net::NetError;
using magpie::net::ServerEndpoint;
using magpie::smtp::SmtpEnvelope;
using magpie::smtp::SmtpLoginJob;
using magpie::smtp::SmtpSendJob;
using magpie::smtp::SmtpSession;
using magpie::testing::logText;
using magpie::testing::openSession;
using magpie::testing::runJob;
using magpie::testing::SmtpServerProcess;
using namespace Qt::StringLiterals;

namespace {
const QString kUser = u"alice"_s;
const QString kPassword = u"s3cret:with colon"_s;

// A message whose lines start with dots (stuffed on the wire, unstuffed by the server), with
// a line that is a lone dot, 8-bit text (BODY=8BITMIME) and an attachment.
const QByteArray kMessage = "From: Alice <alice@example.test>\r\n"
                            "To: Bob <bob@example.test>, Carol <carol@example.test>\r\n"
                            "Subject: Dots and an attachment\r\n"
                            "Date: Sun, 01 Mar 2026 13:05:09 +0000\r\n"
                            "Message-ID: <dots.1@example.test>\r\n"
                            "MIME-Version: 1.0\r\n"
                            "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
                            "\r\n"
                            "--b1\r\n"
                            "Content-Type: text/plain; charset=utf-8\r\n"
                            "Content-Transfer-Encoding: 8bit\r\n"
                            "\r\n"
                            ".one dot in front\r\n"
                            "..two dots in front\r\n"
                            ".\r\n"
                            "The line above is a lone dot. Gr\xc3\xbc\xc3\x9f"
                            "e!\r\n"
                            "...\r\n"
                            "--b1\r\n"
                            "Content-Type: application/octet-stream; name=\"data.bin\"\r\n"
                            "Content-Disposition: attachment; filename=\"data.bin\"\r\n"
                            "Content-Transfer-Encoding: base64\r\n"
                            "\r\n"
                            "AAECAwQFBgcICQoLDA0ODxAREhMUFRYXGBkaGxwdHh8gISIjJCUmJygpKissLS4v\r\n"
                            "--b1--\r\n";

QStringList strings(const QJsonArray &array)
{
    QStringList list;
    for (const auto &value : array)
        list << value.toString();
    return list;
}
} // namespace

class TestSmtpAiosmtpd : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void submitsExactly_data();
    void submitsExactly();
    void bareLineFeedsGoOutAsCrLf();
    void wrongPasswordIsAuthenticationFailed();
    void startTlsRequiredButNotOffered();
    void plaintextWithoutAuth();
};

void TestSmtpAiosmtpd::submitsExactly_data()
{
    QTest::addColumn<SmtpServerProcess::Tls>("tls");
    QTest::addColumn<QStringList>("recipients");
    QTest::addColumn<bool>("authentication");
    QTest::newRow("STARTTLS, one recipient")
        << SmtpServerProcess::Tls::StartTls << QStringList { u"bob@example.test"_s } << true;
    // smtp-server.py cannot take AUTH over implicit TLS: aiosmtpd counts only STARTTLS as
    // encryption for auth_require_tls, and the script sets that whenever users are given
    // (its EHLO then offers no AUTH and AUTH gets 538). So this row submits without AUTH.
    QTest::newRow("implicit TLS, three recipients")
        << SmtpServerProcess::Tls::Implicit
        << QStringList { u"bob@example.test"_s, u"carol@example.test"_s, u"dave@example.test"_s }
        << false;
    QTest::newRow("STARTTLS, SMTPUTF8 recipient")
        << SmtpServerProcess::Tls::StartTls
        << QStringList { u"bob@example.test"_s, QString::fromUtf8("j\xc3\xb6rg@example.test") }
        << true;
}

void TestSmtpAiosmtpd::submitsExactly()
{
    QFETCH(SmtpServerProcess::Tls, tls);
    QFETCH(QStringList, recipients);
    QFETCH(bool, authentication);
    SmtpServerProcess server;
    QMap<QString, QString> users;
    if (authentication)
        users.insert(kUser, kPassword);
    const QString problem = server.start(tls, users);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    SmtpSession session;
    QVERIFY2(openSession(session, nullptr, server.endpoint(), u"client.example.test"_s),
             qPrintable(logText(session) + server.output()));
    QVERIFY(session.isEncrypted());
    QVERIFY(session.tlsDetails().encrypted);
    QCOMPARE(session.sizeLimit(), 50 * 1024 * 1024);
    QVERIFY(session.hasExtension("8BITMIME"));

    if (authentication) {
        QVERIFY(session.authMechanisms().contains("PLAIN"));
        auto *login = new SmtpLoginJob(&session, Credentials { kUser, kPassword, {}, {} });
        QVERIFY(runJob(login));
        QVERIFY2(!login->failed(), qPrintable(login->errorString() + u"\n"_s + logText(session)));
        QCOMPARE(login->finalReply().code(), 235);
        QCOMPARE(session.authenticatedUser(), kUser);
    }

    auto *send =
        new SmtpSendJob(&session, SmtpEnvelope(u"alice@example.test"_s, recipients), kMessage);
    QVERIFY(runJob(send));
    QVERIFY2(!send->failed(), qPrintable(send->errorString() + u"\n"_s + logText(session)));
    QCOMPARE(send->finalReply().code(), 250);
    QCOMPARE(send->acceptedRecipients(), recipients);
    QVERIFY(send->refusedRecipients().isEmpty());

    QSignalSpy closed(&session, &SmtpSession::closed);
    session.quit();
    QVERIFY(closed.wait(10000));
    QCOMPARE(closed.first().first().value<NetError>().code, NetError::Code::None);

    QCOMPARE(server.messageCount(), 1);
    QCOMPARE(server.message(1), kMessage);
    const QJsonObject envelope = server.envelope(1);
    QCOMPARE(envelope.value(u"mail_from"_s).toString(), u"alice@example.test"_s);
    QCOMPARE(strings(envelope.value(u"rcpt_tos"_s).toArray()), recipients);
    if (!authentication) {
        QVERIFY(envelope.value(u"auth"_s).isNull());
        return;
    }
    QCOMPARE(envelope.value(u"auth"_s).toString(), kUser);

    // The log shows the conversation but never the password.
    const QString log = logText(session);
    QVERIFY2(log.contains(u"AUTH "_s) && log.contains(u"<redacted>"_s), qPrintable(log));
    QVERIFY(!log.contains(kPassword));
    QVERIFY(!log.contains(QString::fromLatin1(
        QByteArray(QByteArray(1, '\0') + kUser.toUtf8() + '\0' + kPassword.toUtf8()).toBase64())));
    QVERIFY2(!log.contains(u"two dots in front"_s), "the log holds message contents");
}

void TestSmtpAiosmtpd::bareLineFeedsGoOutAsCrLf()
{
    SmtpServerProcess server;
    const QString problem =
        server.start(SmtpServerProcess::Tls::StartTls, { { kUser, kPassword } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    SmtpSession session;
    QVERIFY2(openSession(session, nullptr, server.endpoint(), u"client.example.test"_s),
             qPrintable(logText(session)));
    auto *login = new SmtpLoginJob(&session, Credentials { kUser, kPassword, {}, {} });
    QVERIFY(runJob(login));
    QVERIFY2(!login->failed(), qPrintable(login->errorString()));

    // Two messages on one connection: the second transaction starts cleanly (RSET).
    const QByteArray bare = "Subject: bare\n\n.dot\nline\n";
    auto *first = new SmtpSendJob(
        &session, SmtpEnvelope(u"alice@example.test"_s, { u"bob@example.test"_s }), bare);
    auto *second = new SmtpSendJob(
        &session, SmtpEnvelope(u"alice@example.test"_s, { u"carol@example.test"_s }),
        QByteArray("Subject: second\r\n\r\nno final line break"));
    first->setAutoDelete(false);
    first->start();
    QVERIFY(runJob(second));
    QVERIFY(first->isFinished());
    QVERIFY2(!first->failed(), qPrintable(first->errorString() + u"\n"_s + logText(session)));
    QVERIFY2(!second->failed(), qPrintable(second->errorString() + u"\n"_s + logText(session)));
    QCOMPARE(server.messageCount(), 2);
    QCOMPARE(server.message(1), QByteArray("Subject: bare\r\n\r\n.dot\r\nline\r\n"));
    // A message must end in CRLF before the final dot (RFC 5321 s4.1.1.4): one is added.
    QCOMPARE(server.message(2), QByteArray("Subject: second\r\n\r\nno final line break\r\n"));
    QCOMPARE(strings(server.envelope(2).value(u"rcpt_tos"_s).toArray()),
             QStringList { u"carol@example.test"_s });
}

void TestSmtpAiosmtpd::wrongPasswordIsAuthenticationFailed()
{
    SmtpServerProcess server;
    const QString problem =
        server.start(SmtpServerProcess::Tls::StartTls, { { kUser, kPassword } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    SmtpSession session;
    QVERIFY2(openSession(session, nullptr, server.endpoint(), u"client.example.test"_s),
             qPrintable(logText(session)));
    auto *login = new SmtpLoginJob(&session, Credentials { kUser, u"wrong"_s, {}, {} });
    QVERIFY(runJob(login));
    QVERIFY(login->failed());
    QCOMPARE(login->error().code, NetError::Code::AuthenticationFailed);
    QVERIFY2(login->errorString().contains(kUser), qPrintable(login->errorString()));
    QVERIFY2(login->error().serverReply.contains("535"), login->error().serverReply.constData());
    QCOMPARE(server.messageCount(), 0);
}

void TestSmtpAiosmtpd::startTlsRequiredButNotOffered()
{
    // A server without TLS: a client that asked for STARTTLS must not go on in plaintext.
    SmtpServerProcess server;
    const QString problem = server.start(SmtpServerProcess::Tls::None);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    ServerEndpoint endpoint = server.endpoint();
    endpoint.security = ServerEndpoint::Security::StartTls;
    SmtpSession session;
    QSignalSpy closed(&session, &SmtpSession::closed);
    QVERIFY(!openSession(session, nullptr, endpoint, u"client.example.test"_s));
    QVERIFY(!closed.isEmpty());
    QCOMPARE(closed.first().first().value<NetError>().code, NetError::Code::StartTlsUnavailable);
    QVERIFY(!session.isEncrypted());
}

void TestSmtpAiosmtpd::plaintextWithoutAuth()
{
    SmtpServerProcess server;
    const QString problem = server.start(SmtpServerProcess::Tls::None);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    SmtpSession session;
    QVERIFY2(openSession(session, nullptr, server.endpoint(), u"client.example.test"_s),
             qPrintable(logText(session)));
    QVERIFY(!session.isEncrypted());
    auto *send =
        new SmtpSendJob(&session, SmtpEnvelope(QString(), { u"postmaster@example.test"_s }),
                        QByteArray("Subject: null sender\r\n\r\nbounce\r\n"));
    QVERIFY(runJob(send));
    QVERIFY2(!send->failed(), qPrintable(send->errorString() + u"\n"_s + logText(session)));
    QCOMPARE(server.message(1), QByteArray("Subject: null sender\r\n\r\nbounce\r\n"));
    QCOMPARE(server.envelope(1).value(u"mail_from"_s).toString(), u"<>"_s);
    QVERIFY(server.envelope(1).value(u"auth"_s).isNull());
}

QTEST_GUILESS_MAIN(TestSmtpAiosmtpd)
#include "tst_smtp_aiosmtpd.moc"
