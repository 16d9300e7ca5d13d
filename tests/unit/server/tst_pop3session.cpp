// SPDX-License-Identifier: GPL-3.0-or-later
// POP3 session dialogues (RFC 1939, 2449, 2595, 5034): login, the TRANSACTION commands,
// the UPDATE state, the maildrop lock, STLS, and every kind of bad input.
#include "Dialogue.h"

#include "server/pop3/Pop3Session.h"

#include <QTest>

using namespace magpie::server;
using namespace magpie::server::testing;
using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@example.test"_s;
const QString kInbox = u"INBOX"_s;
const QByteArray kGreeting = "S: +OK localhost Magpie POP3 server ready\n"_ba;
const QByteArray kMessage1 = "Subject: one\r\n\r\nline1\r\n.dot line\r\nline3\r\n"_ba;
const QByteArray kMessage2 = "Subject: two\r\nX-Extra: y\r\n\r\nbody\r\n"_ba;
const QByteArray kSize1 = QByteArray::number(kMessage1.size());
const QByteArray kSize2 = QByteArray::number(kMessage2.size());
const QByteArray kTotal = QByteArray::number(kMessage1.size() + kMessage2.size());
const QByteArray kLogin = "C: USER alice@example.test\n"
                          "S: +OK Send your password.\n"
                          "C: PASS secret\n"
                          "S: +OK Logged in; 2 messages ("
    + kTotal + " octets).\n";

struct Server
{
    explicit Server(ServerConfig config = ServerFixture::defaultConfig())
        : fixture(config)
    {
        StoreError error;
        fixture.store->append(kAlice, kInbox, kMessage1, {}, QDateTime::currentDateTimeUtc(),
                              &error);
        fixture.store->append(kAlice, kInbox, kMessage2, {}, QDateTime::currentDateTimeUtc(),
                              &error);
        Q_ASSERT(!error);
    }
    QByteArray uidl(int index) const
    {
        const auto status = fixture.store->status(kAlice, kInbox);
        const auto records = fixture.store->messages(kAlice, kInbox);
        return QByteArray::number(status->uidValidity) + '.'
            + QByteArray::number(records.at(index).uid);
    }
    int inboxSize() const { return int(fixture.store->messages(kAlice, kInbox).size()); }

    ServerFixture fixture;
};

struct Client
{
    explicit Client(Server &server)
        : session(server.fixture.context, transport)
    {
        session.start();
    }
    bool run(const QByteArray &script) { return replay(session, transport, script); }

    FakeTransport transport;
    Pop3Session session;
};

} // namespace

class TestPop3Session : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void capa();
    void capaWithoutPlaintextLogin();
    void transactionCommands();
    void retrAndTop();
    void deleApplyOnlyAtQuit();
    void deleNotAppliedWhenTheConnectionDrops();
    void deleNotAppliedOnIdleTimeout();
    void maildropLock();
    void uidlStableAcrossSessions();
    void maildropIsASnapshot();
    void messageRemovedElsewhere();
    void badInput_data();
    void badInput();
    void authorizationStateRefusesTransactionCommands();
    void lineTooLong();
    void loginRefusedOverPlaintextThenStls();
    void stlsRefused();
    void authPlain();
    void authLogin();
    void authCancelAndBadBase64();
    void authFailuresCloseTheConnection();
    void authFailureIsDelayedAndPipelinedCommandsWait();
    void pipelining();
    void faultRules();
    void logHasNoPassword();
};

void TestPop3Session::capa()
{
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting
                       + "C: CAPA\n"
                         "S: +OK Capability list follows\n"
                         "S: TOP\nS: UIDL\nS: RESP-CODES\nS: PIPELINING\nS: AUTH-RESP-CODE\n"
                         "S: USER\nS: SASL PLAIN LOGIN\nS: STLS\n"
                         "S: IMPLEMENTATION Magpie\nS: .\n"
                       + kLogin
                       + "C: CAPA\n"
                         "S: +OK Capability list follows\n"
                         "S: TOP\nS: UIDL\nS: RESP-CODES\nS: PIPELINING\nS: AUTH-RESP-CODE\n"
                         "S: IMPLEMENTATION Magpie\nS: .\n"));
}

void TestPop3Session::capaWithoutPlaintextLogin()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.allowPlaintextAuth = false;
    Server server(config);
    Client client(server);
    QVERIFY(client.run(kGreeting
                       + "C: CAPA\n"
                         "S: +OK Capability list follows\n"
                         "S: TOP\nS: UIDL\nS: RESP-CODES\nS: PIPELINING\nS: AUTH-RESP-CODE\n"
                         "S: STLS\n"
                         "S: IMPLEMENTATION Magpie\nS: .\n"));
}

void TestPop3Session::transactionCommands()
{
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting + kLogin
                       + "C: STAT\n"
                         "S: +OK 2 "
                       + kTotal + "\n"
                       + "C: LIST\n"
                         "S: +OK 2 messages ("
                       + kTotal + " octets)\n" + "S: 1 " + kSize1 + "\n" + "S: 2 " + kSize2 + "\n"
                       + "S: .\n"
                         "C: LIST 2\n"
                         "S: +OK 2 "
                       + kSize2 + "\n"
                       + "C: LIST 3\n"
                         "S: -ERR There is no message 3.\n"
                         "C: UIDL\n"
                         "S: +OK Unique-id listing follows\n"
                         "S: 1 "
                       + server.uidl(0) + "\n" + "S: 2 " + server.uidl(1) + "\n"
                       + "S: .\n"
                         "C: UIDL 1\n"
                         "S: +OK 1 "
                       + server.uidl(0) + "\n"
                       + "C: NOOP\n"
                         "S: +OK\n"
                         "C: QUIT\n"
                         "S: +OK Bye; 2 messages left.\n"));
    QVERIFY(client.transport.closed);
}

void TestPop3Session::retrAndTop()
{
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting + kLogin
                       + "C: RETR 1\n"
                         "S: +OK "
                       + kSize1 + " octets\n"
                       + "S: Subject: one\n"
                         "S: \n"
                         "S: line1\n"
                         "S: ..dot line\n" // byte-stuffed (RFC 1939 s3)
                         "S: line3\n"
                         "S: .\n"
                         "C: TOP 2 0\n"
                         "S: +OK Top of message follows\n"
                         "S: Subject: two\n"
                         "S: X-Extra: y\n"
                         "S: \n"
                         "S: .\n"
                         "C: TOP 1 2\n"
                         "S: +OK Top of message follows\n"
                         "S: Subject: one\n"
                         "S: \n"
                         "S: line1\n"
                         "S: ..dot line\n"
                         "S: .\n"
                         "C: RETR 9\n"
                         "S: -ERR There is no message 9.\n"));
    // Reading leaves the flags alone (no \Seen from POP3).
    QVERIFY(server.fixture.store->messages(kAlice, kInbox).at(0).flags.isEmpty());
}

void TestPop3Session::deleApplyOnlyAtQuit()
{
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting + kLogin
                       + "C: DELE 1\n"
                         "S: +OK Message 1 deleted.\n"
                         "C: DELE 1\n"
                         "S: -ERR Message 1 is deleted.\n"
                         "C: RETR 1\n"
                         "S: -ERR Message 1 is deleted.\n"
                         "C: LIST 1\n"
                         "S: -ERR Message 1 is deleted.\n"
                         "C: STAT\n"
                         "S: +OK 1 "
                       + kSize2 + "\n"
                       + "C: LIST\n"
                         "S: +OK 1 messages ("
                       + kSize2 + " octets)\n" + "S: 2 " + kSize2 + "\n"
                       + "S: .\n"
                         "C: RSET\n"
                         "S: +OK Maildrop has 2 messages ("
                       + kTotal + " octets).\n"
                       + "C: DELE 2\n"
                         "S: +OK Message 2 deleted.\n"));
    QCOMPARE(server.inboxSize(), 2); // nothing removed yet
    QVERIFY(client.run("C: QUIT\nS: +OK Bye; 1 message left.\n"));
    const auto records = server.fixture.store->messages(kAlice, kInbox);
    QCOMPARE(records.size(), 1);
    QCOMPARE(server.fixture.store->content(kAlice, kInbox, records.at(0).uid), kMessage1);
}

void TestPop3Session::deleNotAppliedWhenTheConnectionDrops()
{
    Server server;
    {
        Client client(server);
        QVERIFY(client.run(kGreeting + kLogin + "C: DELE 1\nS: +OK Message 1 deleted.\n"));
        client.session.connectionLost(); // what the connection does when the peer goes away
    }
    QCOMPARE(server.inboxSize(), 2);
    Client again(server); // and the lock went with the connection
    QVERIFY(again.run(kGreeting + kLogin));
}

void TestPop3Session::deleNotAppliedOnIdleTimeout()
{
    Server server;
    Client client(server);
    QCOMPARE(client.session.idleTimeoutMs(), 10 * 60 * 1000);
    QVERIFY(client.run(kGreeting + kLogin + "C: DELE 1\nS: +OK Message 1 deleted.\n"));
    client.session.idleTimedOut();
    QCOMPARE(client.transport.take(), QByteArray()); // RFC 1939 s3: closed without a reply
    QVERIFY(client.transport.closed);
    QCOMPARE(server.inboxSize(), 2);
    Client again(server);
    QVERIFY(again.run(kGreeting + kLogin));
}

void TestPop3Session::maildropLock()
{
    Server server;
    Client first(server);
    QVERIFY(first.run(kGreeting + kLogin));
    Client second(server);
    QVERIFY(second.run(
        kGreeting
        + "C: USER alice@example.test\n"
          "S: +OK Send your password.\n"
          "C: PASS secret\n"
          "S: -ERR [IN-USE] Another POP3 session has this mailbox open; try again later.\n"
          "C: STAT\n" // still in the AUTHORIZATION state
          "S: -ERR Log in first, with USER and PASS or with AUTH.\n"));
    QVERIFY(first.run("C: QUIT\nS: +OK Bye; 2 messages left.\n"));
    QVERIFY(second.run(kLogin));
}

void TestPop3Session::uidlStableAcrossSessions()
{
    Server server;
    const QByteArray second = server.uidl(1);
    {
        Client client(server);
        QVERIFY(client.run(kGreeting + kLogin + "C: DELE 1\nS: +OK Message 1 deleted.\n"
                           + "C: QUIT\nS: +OK Bye; 1 message left.\n"));
    }
    Client client(server);
    QVERIFY(client.run(kGreeting
                       + "C: USER alice@example.test\n"
                         "S: +OK Send your password.\n"
                         "C: PASS secret\n"
                         "S: +OK Logged in; 1 messages ("
                       + kSize2 + " octets).\n"
                       + "C: UIDL\n"
                         "S: +OK Unique-id listing follows\n"
                         "S: 1 "
                       + second + "\n" // now number 1, same unique id
                       + "S: .\n"));
}

void TestPop3Session::maildropIsASnapshot()
{
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting + kLogin));
    StoreError error;
    server.fixture.store->append(kAlice, kInbox, "Subject: late\r\n\r\n"_ba, {},
                                 QDateTime::currentDateTimeUtc(), &error);
    QVERIFY(!error);
    QVERIFY(client.run("C: STAT\nS: +OK 2 " + kTotal + "\n"
                       + "C: RETR 3\nS: -ERR There is no message 3.\n"));
}

void TestPop3Session::messageRemovedElsewhere()
{
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting + kLogin));
    const Uid first = server.fixture.store->messages(kAlice, kInbox).at(0).uid;
    server.fixture.store->expunge(kAlice, kInbox, { first }); // an IMAP session did this
    QVERIFY(client.run(
        "C: RETR 1\n"
        "S: -ERR [SYS/TEMP] Message 1 cannot be read; another session may have removed it.\n"
        "C: DELE 1\n"
        "S: +OK Message 1 deleted.\n"
        "C: QUIT\n"
        "S: +OK Bye; 1 message left.\n"));
    QCOMPARE(server.inboxSize(), 1);
}

void TestPop3Session::badInput_data()
{
    QTest::addColumn<QByteArray>("command");
    QTest::addColumn<QByteArray>("reply");
    QTest::newRow("unknown") << "XYZZY"_ba
                             << "-ERR Unknown command."_ba;
    QTest::newRow("empty line") << ""_ba
                                << "-ERR Unknown command."_ba;
    QTest::newRow("APOP") << "APOP alice 0123456789abcdef"_ba
                          << "-ERR Unknown command."_ba;
    QTest::newRow("RETR without number") << "RETR"_ba
                                         << "-ERR RETR takes a message number."_ba;
    QTest::newRow("RETR 0") << "RETR 0"_ba
                            << "-ERR RETR takes a message number: 1, 2, 3 ..."_ba;
    QTest::newRow("RETR x") << "RETR x"_ba
                            << "-ERR RETR takes a message number: 1, 2, 3 ..."_ba;
    QTest::newRow("DELE huge") << "DELE 99999999999"_ba
                               << "-ERR DELE takes a message number: 1, 2, 3 ..."_ba;
    QTest::newRow("DELE missing message") << "DELE 3"_ba
                                          << "-ERR There is no message 3."_ba;
    QTest::newRow("TOP one argument")
        << "TOP 1"_ba
        << "-ERR TOP takes a message number and a number of lines."_ba;
    QTest::newRow("TOP bad lines") << "TOP 1 x"_ba
                                   << "-ERR TOP takes a number of lines: 0 or more."_ba;
    QTest::newRow("LIST two") << "LIST 1 2"_ba
                              << "-ERR LIST takes at most a message number."_ba;
    QTest::newRow("STAT with argument") << "STAT 1"_ba
                                        << "-ERR STAT takes no arguments."_ba;
    QTest::newRow("USER again") << "USER bob@example.test"_ba
                                << "-ERR Already logged in."_ba;
    QTest::newRow("PASS again") << "PASS x"_ba
                                << "-ERR Already logged in."_ba;
    QTest::newRow("STLS after login") << "STLS"_ba
                                      << "-ERR Already logged in."_ba;
    QTest::newRow("AUTH after login") << "AUTH PLAIN"_ba
                                      << "-ERR Already logged in."_ba;
}

void TestPop3Session::badInput()
{
    QFETCH(QByteArray, command);
    QFETCH(QByteArray, reply);
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting + kLogin + "C: " + command + "\nS: " + reply
                       + "\nC: STAT\nS: +OK 2 " + kTotal + "\n"));
}

void TestPop3Session::authorizationStateRefusesTransactionCommands()
{
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting
                       + "C: STAT\n"
                         "S: -ERR Log in first, with USER and PASS or with AUTH.\n"
                         "C: RETR 1\n"
                         "S: -ERR Log in first, with USER and PASS or with AUTH.\n"
                         "C: NOOP\n"
                         "S: -ERR Log in first, with USER and PASS or with AUTH.\n"
                         "C: PASS secret\n"
                         "S: -ERR Send USER first.\n"
                         "C: USER\n"
                         "S: -ERR USER takes your user name, which is your mail address.\n"
                         "C: QUIT\n"
                         "S: +OK Bye\n"));
    QVERIFY(client.transport.closed);
}

void TestPop3Session::lineTooLong()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.limits.maxLineLength = 100;
    Server server(config);
    Client client(server);
    QVERIFY(client.run(kGreeting + "C: USER " + QByteArray(300, 'a') + "\nS: -ERR Line too long.\n"
                       + kLogin));
}

void TestPop3Session::loginRefusedOverPlaintextThenStls()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.allowPlaintextAuth = false;
    Server server(config);
    Client client(server);
    QVERIFY(client.run(
        kGreeting
        + "C: USER alice@example.test\n"
          "S: -ERR [SYS/PERM] Login without TLS is disabled on this server; send STLS first.\n"
          "C: AUTH PLAIN "
        + plain("alice@example.test", "secret") + "\n"
        + "S: -ERR [SYS/PERM] Login without TLS is disabled on this server; send STLS first.\n"
          // RFC 2595 s4: the pipelined USER must never run
          "C: STLS\n"
          "C: USER alice@example.test\n"
          "S: +OK Begin TLS negotiation now.\n"));
    QCOMPARE(client.transport.tlsStarts, 1);
    client.session.receive("PASS secret\r\n"); // before the handshake is done: dropped
    client.session.tlsStarted();
    QCOMPARE(client.transport.take(), QByteArray());
    QVERIFY(client.run("C: PASS secret\n"
                       "S: -ERR Send USER first.\n"
                       "C: STLS\n"
                       "S: -ERR TLS is already active.\n"
                       + kLogin));
}

void TestPop3Session::stlsRefused()
{
    Server server;
    Client client(server);
    client.transport.hasCertificate = false;
    QVERIFY(client.run(kGreeting
                       + "C: STLS\n"
                         "S: -ERR TLS is not available: the server has no certificate.\n"));
    QCOMPARE(client.transport.tlsStarts, 0);
}

void TestPop3Session::authPlain()
{
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting
                       + "C: AUTH\n"
                         "S: +OK\nS: PLAIN\nS: LOGIN\nS: .\n"
                         "C: AUTH PLAIN\n"
                         "S: + \n"
                         "C: "
                       + plain("alice@example.test", "secret") + "\n"
                       + "S: +OK Logged in; 2 messages (" + kTotal + " octets).\n"
                       + "C: QUIT\nS: +OK Bye; 2 messages left.\n"));

    Client initial(server); // with the initial response (RFC 5034 s4)
    QVERIFY(initial.run(kGreeting + "C: AUTH PLAIN " + plain("ALICE@example.test", "secret") + "\n"
                        + "S: +OK Logged in; 2 messages (" + kTotal + " octets).\n"));
}

void TestPop3Session::authLogin()
{
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting
                       + "C: AUTH LOGIN\n"
                         "S: + VXNlcm5hbWU6\n"
                         "C: "
                       + "alice@example.test"_ba.toBase64() + "\n"
                       + "S: + UGFzc3dvcmQ6\n"
                         "C: "
                       + "secret"_ba.toBase64() + "\n" + "S: +OK Logged in; 2 messages (" + kTotal
                       + " octets).\n"));
}

void TestPop3Session::authCancelAndBadBase64()
{
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting
                       + "C: AUTH PLAIN\n"
                         "S: + \n"
                         "C: *\n"
                         "S: -ERR Authentication cancelled.\n"
                         "C: AUTH PLAIN\n"
                         "S: + \n"
                         "C: %%%\n"
                         "S: -ERR The response is not valid base64.\n"
                         "C: AUTH CRAM-MD5\n"
                         "S: -ERR Unsupported authentication mechanism; use PLAIN or LOGIN.\n"
                       + kLogin));
}

void TestPop3Session::authFailuresCloseTheConnection()
{
    Server server;
    Client client(server);
    QVERIFY(client.run(kGreeting
                       + "C: USER alice@example.test\n"
                         "S: +OK Send your password.\n"
                         "C: PASS wrong\n"
                         "S: -ERR [AUTH] Invalid user name or password.\n"
                         "C: AUTH PLAIN "
                       + plain("alice@example.test", "wrong") + "\n"
                       + "S: -ERR [AUTH] Invalid user name or password.\n"
                         "C: USER nobody@example.test\n"
                         "S: +OK Send your password.\n"
                         "C: PASS secret\n"
                         "S: -ERR [AUTH] Invalid user name or password. Too many failures; closing "
                         "the connection.\n"));
    QVERIFY(client.transport.closed);
}

void TestPop3Session::authFailureIsDelayedAndPipelinedCommandsWait()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.limits.authFailureDelayMs = 300;
    Server server(config);
    Client client(server);
    QVERIFY(client.run(kGreeting));
    QElapsedTimer timer;
    timer.start();
    client.session.receive("USER alice@example.test\r\nPASS wrong\r\nCAPA\r\n");
    QCOMPARE(client.transport.take(), "+OK Send your password.\r\n"_ba);
    QTRY_VERIFY(client.transport.written.endsWith(".\r\n"));
    QVERIFY(timer.elapsed() >= 250);
    QVERIFY(client.transport.take().startsWith(
        "-ERR [AUTH] Invalid user name or password.\r\n+OK Capability list follows\r\n"));
}

void TestPop3Session::pipelining()
{
    Server server;
    Client client(server);
    // RFC 2449 s6.6: several commands in one write, answered in order.
    QVERIFY(client.run(kGreeting
                       + "C: USER alice@example.test\n"
                         "C: PASS secret\n"
                         "C: STAT\n"
                         "C: DELE 2\n"
                         "C: LIST 2\n"
                         "C: QUIT\n"
                         "S: +OK Send your password.\n"
                         "S: +OK Logged in; 2 messages ("
                       + kTotal + " octets).\n" + "S: +OK 2 " + kTotal + "\n"
                       + "S: +OK Message 2 deleted.\n"
                         "S: -ERR Message 2 is deleted.\n"
                         "S: +OK Bye; 1 message left.\n"));
    QCOMPARE(server.inboxSize(), 1);
}

void TestPop3Session::faultRules()
{
    Server server;
    server.fixture.context.faults().add(
        *FaultRule::parse(u"pop3:RETR:reply:-ERR [SYS/TEMP] Busy"_s));
    server.fixture.context.faults().add(*FaultRule::parse(u"pop3:QUIT:drop-before-reply"_s));
    Client client(server);
    QVERIFY(client.run(kGreeting + kLogin
                       + "C: RETR 2\n"
                         "S: -ERR [SYS/TEMP] Busy\n"
                         "C: DELE 2\n"
                         "S: +OK Message 2 deleted.\n"));
    client.session.receive("QUIT\r\n");
    QCOMPARE(client.transport.take(), QByteArray()); // no reply...
    QVERIFY(client.transport.closed);
    QCOMPARE(server.inboxSize(), 1); // ...but the UPDATE state ran
}

void TestPop3Session::logHasNoPassword()
{
    Server server;
    QStringList lines;
    QObject::connect(&server.fixture.context, &ServerContext::logged,
                     [&lines](const QString &line) { lines.append(line); });
    Client client(server);
    QVERIFY(client.run(kGreeting
                       + "C: USER alice@example.test\n"
                         "S: +OK Send your password.\n"
                         "C: PASS wrong-pw\n"
                         "S: -ERR [AUTH] Invalid user name or password.\n"
                       + kLogin + "C: QUIT\nS: +OK Bye; 2 messages left.\n"));
    const QString all = lines.join(u'\n');
    QVERIFY2(!all.contains(u"secret"_s) && !all.contains(u"wrong-pw"_s), qPrintable(all));
    QVERIFY2(all.contains(u"pop3 127.0.0.1:40000 connect"_s), qPrintable(all));
    QVERIFY2(all.contains(u"auth failed for alice@example.test"_s), qPrintable(all));
    QVERIFY2(all.contains(u"login alice@example.test"_s), qPrintable(all));
    QVERIFY2(lines.last().endsWith(u" disconnect"_s), qPrintable(all));
}

QTEST_GUILESS_MAIN(TestPop3Session)
#include "tst_pop3session.moc"
