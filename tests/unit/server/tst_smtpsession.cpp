// SPDX-License-Identifier: GPL-3.0-or-later
// SMTP session dialogues (RFC 5321, 3207, 4954): greeting, EHLO, command order and syntax
// errors, STARTTLS, AUTH. Delivery and DATA are in tst_smtpdelivery.cpp.
#include "Dialogue.h"

#include "server/smtp/SmtpSession.h"

#include <QTest>

using namespace magpie::server;
using namespace magpie::server::testing;
using namespace Qt::StringLiterals;

namespace {

const QByteArray kGreeting = "S: 220 localhost ESMTP Magpie ready\n"_ba;
const QByteArray kEhloReply = "S: 250-localhost at your service\n"
                              "S: 250-SIZE 33554432\n"
                              "S: 250-8BITMIME\n"
                              "S: 250-PIPELINING\n"
                              "S: 250-SMTPUTF8\n"
                              "S: 250-ENHANCEDSTATUSCODES\n"_ba;

struct Smtp
{
    explicit Smtp(ServerConfig config = ServerFixture::defaultConfig())
        : fixture(config)
        , session(fixture.context, transport)
    {
        session.start();
    }
    bool run(const QByteArray &script) { return replay(session, transport, script); }

    ServerFixture fixture;
    FakeTransport transport;
    SmtpSession session;
};

} // namespace

class TestSmtpSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void greetingAndEhlo();
    void ehloOffersNoAuthWithoutTls();
    void ehloOverTlsOffersNoStartTls();
    void helo();
    void simpleCommands();
    void commandErrors_data();
    void commandErrors();
    void outOfOrder();
    void lineTooLong();
    void pipelinedInputIsBounded();
    void startTlsDiscardsPipelinedCommands();
    void startTlsRefused();
    void authPlainInitialResponse();
    void authPlainChallenge();
    void authLogin();
    void authCancelAndBadBase64();
    void authRefusedOverPlaintext();
    void authRules();
    void authFailuresCloseTheConnection();
    void authFailureIsDelayedAndPipelinedCommandsWait();
    void idleTimeout();
    void faultReply();
    void logHasNoPassword();
};

void TestSmtpSession::greetingAndEhlo()
{
    Smtp smtp;
    QVERIFY(smtp.run(kGreeting + "C: EHLO client.example\n" + kEhloReply
                     + "S: 250-STARTTLS\n"
                       "S: 250 AUTH PLAIN LOGIN\n"));
}

void TestSmtpSession::ehloOffersNoAuthWithoutTls()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.allowPlaintextAuth = false;
    Smtp smtp(config);
    QVERIFY(smtp.run(kGreeting + "C: EHLO client.example\n" + kEhloReply + "S: 250 STARTTLS\n"));
}

void TestSmtpSession::ehloOverTlsOffersNoStartTls()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.allowPlaintextAuth = false;
    Smtp smtp(config);
    smtp.transport.encrypted = true; // implicit TLS (port 2465)
    QVERIFY(smtp.run(kGreeting + "C: EHLO client.example\n" + kEhloReply
                     + "S: 250 AUTH PLAIN LOGIN\n"));
}

void TestSmtpSession::helo()
{
    Smtp smtp;
    QVERIFY(smtp.run(kGreeting
                     + "C: HELO client.example\n"
                       "S: 250 localhost\n"
                       // ESMTP parameters need EHLO
                       "C: MAIL FROM:<a@b.example> SIZE=10\n"
                       "S: 555 5.5.4 MAIL parameters need EHLO; this session began with HELO.\n"
                       "C: MAIL FROM:<a@b.example>\n"
                       "S: 250 2.1.0 Ok\n"));
}

void TestSmtpSession::simpleCommands()
{
    Smtp smtp;
    QVERIFY(smtp.run(
        kGreeting
        + "C: NOOP\n"
          "S: 250 2.0.0 Ok\n"
          "C: NOOP anything at all\n"
          "S: 250 2.0.0 Ok\n"
          "C: RSET\n"
          "S: 250 2.0.0 Ok\n"
          "C: VRFY alice@example.test\n"
          "S: 252 2.5.0 Cannot verify the address, but will take mail for it and try to deliver.\n"
          "C: EXPN staff\n"
          "S: 502 5.5.1 EXPN is not available here.\n"
          "C: HELP\n"
          "S: 214 2.0.0 Commands: EHLO HELO MAIL RCPT DATA RSET NOOP QUIT VRFY STARTTLS AUTH. See "
          "RFC 5321.\n"
          "C: QUIT\n"
          "S: 221 2.0.0 Bye\n"));
    QVERIFY(smtp.transport.closed);
    QVERIFY(smtp.session.isClosed());
}

void TestSmtpSession::commandErrors_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("reply");
    QTest::newRow("unknown") << "FROB x"_ba
                             << "500 5.5.1 Command not recognized."_ba;
    QTest::newRow("empty line") << ""_ba
                                << "500 5.5.1 Command not recognized."_ba;
    QTest::newRow("BDAT not offered") << "BDAT 10 LAST"_ba
                                      << "500 5.5.1 Command not recognized."_ba;
    QTest::newRow("EHLO without name")
        << "EHLO"_ba
        << "501 5.5.4 EHLO needs the client's name, as in \"EHLO client.example\"."_ba;
    QTest::newRow("RSET with argument") << "RSET now"_ba
                                        << "501 5.5.4 RSET takes no arguments."_ba;
    QTest::newRow("VRFY without argument") << "VRFY"_ba
                                           << "501 5.5.4 VRFY needs an address."_ba;
    QTest::newRow("MAIL without FROM:") << "MAIL <a@b.example>"_ba
                                        << "501 5.5.4 Write MAIL FROM:<address>."_ba;
    QTest::newRow("MAIL without brackets")
        << "MAIL FROM:a@b.example"_ba
        << "501 5.1.7 Write the address in angle brackets, like <alice@example.test>."_ba;
    QTest::newRow("MAIL with bad domain") << "MAIL FROM:<a@b..example>"_ba
                                          << "501 5.1.7 The domain of the address is malformed."_ba;
    QTest::newRow("MAIL with unknown parameter")
        << "MAIL FROM:<a@b.example> RET=HDRS"_ba
        << "555 5.5.4 MAIL takes only the SIZE, BODY, SMTPUTF8 and AUTH parameters."_ba;
    QTest::newRow("MAIL with bad SIZE")
        << "MAIL FROM:<a@b.example> SIZE=x"_ba
        << "501 5.5.4 SIZE takes the message size in octets, once."_ba;
    QTest::newRow("MAIL over SIZE limit")
        << "MAIL FROM:<a@b.example> SIZE=33554433"_ba
        << "552 5.3.4 The message is too big: the limit is 33554432 octets."_ba;
    QTest::newRow("MAIL non-ASCII without SMTPUTF8")
        << "MAIL FROM:<j\xc3\xb6rg@b.example>"_ba
        << "550 5.6.7 A non-ASCII address needs the SMTPUTF8 parameter."_ba;
    QTest::newRow("AUTH unknown mechanism")
        << "AUTH CRAM-MD5"_ba
        << "504 5.5.4 Unrecognized authentication type; use PLAIN or LOGIN."_ba;
    QTest::newRow("AUTH malformed")
        << "AUTH"_ba
        << "501 5.5.4 Write AUTH, a mechanism and optionally an initial response."_ba;
}

void TestSmtpSession::commandErrors()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, reply);
    Smtp smtp;
    // Each error leaves the session usable: the NOOP after it is answered.
    QVERIFY(smtp.run(kGreeting + "C: EHLO c\n" + kEhloReply
                     + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n" + "C: " + command
                     + "\nS: " + reply + "\nC: NOOP\nS: 250 2.0.0 Ok\n"));
}

void TestSmtpSession::outOfOrder()
{
    Smtp smtp;
    QVERIFY(smtp.run(kGreeting
                     + "C: MAIL FROM:<a@b.example>\n"
                       "S: 503 5.5.1 Send EHLO or HELO first.\n"
                       "C: AUTH PLAIN\n"
                       "S: 503 5.5.1 Send EHLO first.\n"
                       "C: RCPT TO:<alice@example.test>\n"
                       "S: 503 5.5.1 Send MAIL first.\n"
                       "C: DATA\n"
                       "S: 503 5.5.1 Send MAIL first.\n"
                       "C: HELO c\n"
                       "S: 250 localhost\n"
                       "C: MAIL FROM:<a@b.example>\n"
                       "S: 250 2.1.0 Ok\n"
                       "C: MAIL FROM:<a@b.example>\n"
                       "S: 503 5.5.1 A sender is already given; send RSET to start over.\n"
                       "C: DATA\n"
                       "S: 554 5.5.1 No valid recipients.\n"
                       "C: RSET\n"
                       "S: 250 2.0.0 Ok\n"
                       "C: RCPT TO:<alice@example.test>\n"
                       "S: 503 5.5.1 Send MAIL first.\n"));
}

void TestSmtpSession::lineTooLong()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.limits.maxLineLength = 100;
    Smtp smtp(config);
    QVERIFY(smtp.run(kGreeting + "C: NOOP " + QByteArray(200, 'x')
                     + "\nS: 500 5.5.2 Line too long.\n" + "C: NOOP\nS: 250 2.0.0 Ok\n"));
    // Sent in pieces, the long line is answered once, and what follows it still works.
    smtp.session.receive(QByteArray(150, 'y'));
    smtp.session.receive(QByteArray(150, 'y'));
    smtp.session.receive("\r\nNOOP\r\n");
    QCOMPARE(smtp.transport.take(), "500 5.5.2 Line too long.\r\n250 2.0.0 Ok\r\n"_ba);
    // In an AUTH exchange: RFC 4954 s6 "500 5.5.6", and the exchange is over.
    QVERIFY(smtp.run("C: EHLO c\n" + kEhloReply + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n"
                     + "C: AUTH PLAIN\nS: 334 \n" + "C: " + QByteArray(200, 'A') + "\n"
                     + "S: 500 5.5.6 Authentication exchange line is too long.\n"
                       "C: NOOP\nS: 250 2.0.0 Ok\n"));
}

void TestSmtpSession::pipelinedInputIsBounded()
{
    // While a reply is pending, what the client pipelines is kept, but not without limit.
    ServerConfig config = ServerFixture::defaultConfig();
    config.limits.authFailureDelayMs = 10000;
    Smtp smtp(config);
    QVERIFY(smtp.run(kGreeting + "C: EHLO c\n" + kEhloReply
                     + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n"));
    smtp.session.receive(QByteArray("AUTH PLAIN " + plain("alice@example.test", "wrong") + "\r\n"));
    const QByteArray noops = QByteArray("NOOP\r\n").repeated(1000);
    for (int i = 0; i < 174 && !smtp.transport.closed; ++i) // 1,044,000 octets
        smtp.session.receive(noops);
    QVERIFY(!smtp.transport.closed);
    smtp.session.receive(noops);
    QVERIFY(smtp.transport.closed);
    QCOMPARE(smtp.transport.take(),
             "421 4.7.0 localhost Too much input while a reply is pending; closing the "
             "connection\r\n"_ba);
}

void TestSmtpSession::startTlsDiscardsPipelinedCommands()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.allowPlaintextAuth = false;
    Smtp smtp(config);
    QVERIFY(smtp.run(kGreeting + "C: EHLO client.example\n" + kEhloReply
                     + "S: 250 STARTTLS\n"
                     // RFC 3207 s4.2 (and CVE-2011-0411): the MAIL sent along with STARTTLS
                     // must never run, not before the handshake and not after it.
                     + "C: STARTTLS\n"
                       "C: MAIL FROM:<injected@evil.example>\n"
                       "S: 220 2.0.0 Ready to start TLS\n"));
    QCOMPARE(smtp.transport.tlsStarts, 1);
    smtp.session.receive("RCPT TO:<alice@example.test>\r\n"); // before the handshake is done
    smtp.session.tlsStarted();
    QCOMPARE(smtp.transport.take(), QByteArray());
    // Everything from before is forgotten: EHLO again, and now AUTH is offered.
    QVERIFY(smtp.run("C: MAIL FROM:<a@b.example>\n"
                     "S: 503 5.5.1 Send EHLO or HELO first.\n"
                     "C: EHLO client.example\n"
                     + kEhloReply + "S: 250 AUTH PLAIN LOGIN\n"
                     + "C: STARTTLS\n"
                       "S: 503 5.5.1 TLS is already active.\n"));
}

void TestSmtpSession::startTlsRefused()
{
    Smtp smtp;
    smtp.transport.hasCertificate = false;
    QVERIFY(smtp.run(kGreeting + "C: EHLO c\n" + kEhloReply + "S: 250 AUTH PLAIN LOGIN\n"
                     + "C: STARTTLS\n"
                       "S: 454 4.7.0 TLS is not available: the server has no certificate.\n"
                       "C: STARTTLS now\n"
                       "S: 501 5.5.4 STARTTLS takes no arguments.\n"));
    QCOMPARE(smtp.transport.tlsStarts, 0);
}

void TestSmtpSession::authPlainInitialResponse()
{
    Smtp smtp;
    QVERIFY(smtp.run(kGreeting + "C: EHLO c\n" + kEhloReply
                     + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n" + "C: AUTH PLAIN "
                     + plain("alice@example.test", "secret") + '\n'
                     + "S: 235 2.7.0 Authentication successful.\n"
                       "C: AUTH PLAIN\n"
                       "S: 503 5.5.1 Already authenticated.\n"));
}

void TestSmtpSession::authPlainChallenge()
{
    Smtp smtp;
    QVERIFY(smtp.run(kGreeting + "C: EHLO c\n" + kEhloReply
                     + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n"
                     + "C: auth plain\n"
                       "S: 334 \n"
                       "C: "
                     + plain("Bob@Example.test", "hunter2") + '\n'
                     + "S: 235 2.7.0 Authentication successful.\n"));
}

void TestSmtpSession::authLogin()
{
    Smtp smtp;
    QVERIFY(smtp.run(
        kGreeting + "C: EHLO c\n" + kEhloReply + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n"
        + "C: AUTH LOGIN\n"
          "S: 334 VXNlcm5hbWU6\n"
          "C: "
        + "bob@example.test"_ba.toBase64() + '\n'
        + "S: 334 UGFzc3dvcmQ6\n"
          "C: "
        + "hunter2"_ba.toBase64() + '\n' + "S: 235 2.7.0 Authentication successful.\n"));

    Smtp initial; // the user name as the initial response (RFC 4954 s4)
    QVERIFY(initial.run(
        kGreeting + "C: EHLO c\n" + kEhloReply + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n"
        + "C: AUTH LOGIN " + "bob@example.test"_ba.toBase64() + '\n'
        + "S: 334 UGFzc3dvcmQ6\n"
          "C: "
        + "hunter2"_ba.toBase64() + '\n' + "S: 235 2.7.0 Authentication successful.\n"));
}

void TestSmtpSession::authCancelAndBadBase64()
{
    Smtp smtp;
    QVERIFY(smtp.run(kGreeting + "C: EHLO c\n" + kEhloReply
                     + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n"
                     + "C: AUTH PLAIN\n"
                       "S: 334 \n"
                       "C: *\n"
                       "S: 501 5.7.0 Authentication cancelled.\n"
                       "C: AUTH LOGIN\n"
                       "S: 334 VXNlcm5hbWU6\n"
                       "C: not base64!\n"
                       "S: 501 5.5.2 The response is not valid base64.\n"
                       "C: AUTH PLAIN "
                     + "alice\0secret"_ba.toBase64() + '\n'
                     + "S: 501 5.5.2 The PLAIN response must hold a user name and a password, each "
                       "after a NUL byte.\n"
                       "C: NOOP\n"
                       "S: 250 2.0.0 Ok\n"));
}

void TestSmtpSession::authRefusedOverPlaintext()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.allowPlaintextAuth = false;
    Smtp smtp(config);
    QVERIFY(smtp.run(kGreeting + "C: EHLO c\n" + kEhloReply + "S: 250 STARTTLS\n" + "C: AUTH PLAIN "
                     + plain("alice@example.test", "secret") + '\n'
                     + "S: 538 5.7.11 Encryption required for requested authentication mechanism: "
                       "send STARTTLS first.\n"));
}

void TestSmtpSession::authRules()
{
    Smtp smtp;
    // RFC 4954 s4: no AUTH during a mail transaction
    QVERIFY(smtp.run(
        kGreeting + "C: EHLO c\n" + kEhloReply + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n"
        + "C: MAIL FROM:<>\n"
          "S: 250 2.1.0 Ok\n"
          "C: AUTH PLAIN "
        + plain("alice@example.test", "secret") + '\n'
        + "S: 503 5.5.1 AUTH is not allowed during a mail transaction.\n"
          "C: HELO c\n"
          "S: 250 localhost\n"
          "C: AUTH PLAIN "
        + plain("alice@example.test", "secret") + '\n' + "S: 503 5.5.1 Send EHLO first.\n"));
}

void TestSmtpSession::authFailuresCloseTheConnection()
{
    Smtp smtp;
    const QByteArray wrong = "C: AUTH PLAIN " + plain("alice@example.test", "wrong") + '\n';
    QVERIFY(smtp.run(kGreeting + "C: EHLO c\n" + kEhloReply
                     + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n" + wrong
                     + "S: 535 5.7.8 Authentication credentials invalid.\n" + wrong
                     + "S: 535 5.7.8 Authentication credentials invalid.\n" + "C: AUTH PLAIN "
                     + plain("nobody@example.test", "secret") + '\n'
                     + "S: 535 5.7.8 Authentication credentials invalid.\n"
                       "S: 421 4.7.0 localhost Too many failed logins; closing the connection\n"));
    QVERIFY(smtp.transport.closed);
}

void TestSmtpSession::authFailureIsDelayedAndPipelinedCommandsWait()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.limits.authFailureDelayMs = 300;
    Smtp smtp(config);
    QVERIFY(smtp.run(kGreeting + "C: EHLO c\n" + kEhloReply
                     + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n"));
    QElapsedTimer timer;
    timer.start();
    smtp.session.receive(
        QByteArray("AUTH PLAIN " + plain("alice@example.test", "wrong") + "\r\nNOOP\r\n"));
    QCOMPARE(smtp.transport.take(), QByteArray()); // neither the 535 nor the NOOP's 250 yet
    QTRY_VERIFY(smtp.transport.written.contains("250 2.0.0 Ok\r\n"));
    QVERIFY(timer.elapsed() >= 250);
    QCOMPARE(smtp.transport.take(),
             "535 5.7.8 Authentication credentials invalid.\r\n250 2.0.0 Ok\r\n"_ba);
}

void TestSmtpSession::idleTimeout()
{
    Smtp smtp;
    QCOMPARE(smtp.session.idleTimeoutMs(), 5 * 60 * 1000);
    QVERIFY(smtp.run(kGreeting));
    smtp.session.idleTimedOut();
    QCOMPARE(smtp.transport.take(), "421 4.4.2 localhost Error: timeout exceeded\r\n"_ba);
    QVERIFY(smtp.transport.closed);
}

void TestSmtpSession::faultReply()
{
    Smtp smtp;
    smtp.fixture.context.faults().add(*FaultRule::parse(u"smtp:MAIL:reply:451 4.3.0 Busy"_s));
    QVERIFY(smtp.run(kGreeting + "C: HELO c\nS: 250 localhost\n"
                     + "C: MAIL FROM:<a@b.example>\n"
                       "S: 451 4.3.0 Busy\n"
                       "C: MAIL FROM:<a@b.example>\n" // the rule fired once; MAIL runs now
                       "S: 250 2.1.0 Ok\n"));
}

void TestSmtpSession::logHasNoPassword()
{
    Smtp smtp;
    QStringList lines;
    QObject::connect(&smtp.fixture.context, &ServerContext::logged,
                     [&lines](const QString &line) { lines.append(line); });
    QVERIFY(smtp.run(kGreeting + "C: EHLO client.example\n" + kEhloReply
                     + "S: 250-STARTTLS\nS: 250 AUTH PLAIN LOGIN\n" + "C: AUTH PLAIN "
                     + plain("alice@example.test", "wrong-pw") + '\n'
                     + "S: 535 5.7.8 Authentication credentials invalid.\n"
                       "C: AUTH PLAIN "
                     + plain("alice@example.test", "secret") + '\n'
                     + "S: 235 2.7.0 Authentication successful.\n"
                       "C: QUIT\n"
                       "S: 221 2.0.0 Bye\n"));
    const QString all = lines.join(u'\n');
    QVERIFY2(!all.contains(u"secret"_s) && !all.contains(u"wrong-pw"_s), qPrintable(all));
    QVERIFY2(all.contains(u"smtp 127.0.0.1:40000 ehlo client.example"_s), qPrintable(all));
    QVERIFY2(all.contains(u"auth failed for alice@example.test"_s), qPrintable(all));
    QVERIFY2(all.contains(u"auth ok alice@example.test"_s), qPrintable(all));
    QVERIFY2(lines.last().endsWith(u" disconnect"_s), qPrintable(all));
}

QTEST_GUILESS_MAIN(TestSmtpSession)
#include "tst_smtpsession.moc"
