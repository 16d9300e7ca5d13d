// SPDX-License-Identifier: GPL-3.0-or-later
// SMTP DATA and delivery (RFC 5321 s4.1.1.4, s4.5.2, s4.4; RFC 1870; RFC 2920): what ends up
// in the store, when the 250 comes, limits, and the fault rules on DATA.
#include "Dialogue.h"

#include "server/smtp/SmtpSession.h"

#include <QRegularExpression>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie::server;
using namespace magpie::server::testing;
using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@example.test"_s;
const QString kBob = u"bob@example.test"_s;
const QString kInbox = u"INBOX"_s;

const QByteArray kStart = "S: 220 localhost ESMTP Magpie ready\n"
                          "C: HELO client.example\n"
                          "S: 250 localhost\n"_ba;
const QByteArray kEnvelope = "C: MAIL FROM:<sender@remote.example>\n"
                             "C: RCPT TO:<alice@example.test>\n"
                             "C: DATA\n"
                             "S: 250 2.1.0 Ok\n"
                             "S: 250 2.1.5 Ok\n"
                             "S: 354 End data with <CR><LF>.<CR><LF>\n"_ba;

struct Smtp
{
    explicit Smtp(ServerConfig config = ServerFixture::defaultConfig())
        : fixture(config)
        , session(fixture.context, transport)
    {
        session.start();
    }
    bool run(const QByteArray &script) { return replay(session, transport, script); }

    // Waits for the reply lines that come once the store is done.
    QByteArray awaitReply(int lines = 1)
    {
        for (int i = 0; i < 400 && transport.written.count('\n') < lines; ++i)
            QTest::qWait(5);
        return transport.take();
    }

    QList<QByteArray> inbox(const QString &user)
    {
        QList<QByteArray> out;
        for (const MessageRecord &record : fixture.store->messages(user, kInbox))
            out.append(fixture.store->content(user, kInbox, record.uid));
        return out;
    }

    ServerFixture fixture;
    FakeTransport transport;
    SmtpSession session;
};

bool isQueuedReply(const QByteArray &reply)
{
    static const QRegularExpression pattern(u"^250 2\\.0\\.0 Ok: queued as [0-9A-F]+\r\n$"_s);
    return pattern.match(QString::fromLatin1(reply)).hasMatch();
}

// The content the store got, without the Received: field this server put on top.
QByteArray withoutReceived(const QByteArray &stored)
{
    const qsizetype end =
        stored.indexOf("\r\n", stored.indexOf("\r\n\t", stored.indexOf(";\r\n\t")) + 1);
    return stored.mid(end + 2);
}

} // namespace

class TestSmtpDelivery : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void deliversAfterTheStoreIsDone();
    void deliversToMaildir();
    void receivedField();
    void dotStuffingAndBareLineEnds();
    void severalRecipientsEachOnce();
    void unknownRecipient();
    void catchAll();
    void postmaster();
    void smtpUtf8();
    void tooManyBytesAfterData();
    void lineTooLongInData();
    void pipelinedCommandsWaitForDelivery();
    void pipelinedTransactions();
    void faultDropBeforeReplyStoresTheMessage();
    void faultReplyOnData();
    void deliveryLogLine();
};

void TestSmtpDelivery::deliversAfterTheStoreIsDone()
{
    Smtp smtp;
    QVERIFY(smtp.run(kStart + kEnvelope));
    smtp.session.receive("Subject: hi\r\n\r\nHello.\r\n.\r\n");
    // The reply waits for the store, which answers from the event loop.
    QCOMPARE(smtp.transport.written, QByteArray());
    QVERIFY(smtp.inbox(kAlice).isEmpty());
    const QByteArray reply = smtp.awaitReply();
    QVERIFY2(isQueuedReply(reply), reply.constData());
    const QList<QByteArray> inbox = smtp.inbox(kAlice);
    QCOMPARE(inbox.size(), 1);
    QCOMPARE(withoutReceived(inbox.at(0)), "Subject: hi\r\n\r\nHello.\r\n"_ba);
    QVERIFY(smtp.inbox(kBob).isEmpty());
    // The transaction is over: a new one may start.
    QVERIFY(smtp.run("C: RCPT TO:<alice@example.test>\nS: 503 5.5.1 Send MAIL first.\n"));
}

void TestSmtpDelivery::deliversToMaildir()
{
    // The same dialogue over the Maildir store, whose writes run in a thread pool.
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    StoreError error;
    std::unique_ptr<MailStore> store = MailStore::openMaildir(dir.path(), &error);
    QVERIFY2(store, qPrintable(error.message));
    QVERIFY(!store->addUser(kAlice));
    ServerContext context(*store, ServerFixture::defaultConfig());
    FakeTransport transport;
    SmtpSession session(context, transport);
    session.start();
    QVERIFY(replay(session, transport, kStart + kEnvelope));
    session.receive("Subject: disk\r\n\r\n..stuffed\r\n.\r\n");
    for (int i = 0; i < 400 && !transport.written.contains('\n'); ++i)
        QTest::qWait(5);
    QVERIFY(isQueuedReply(transport.take()));
    const QList<MessageRecord> records = store->messages(kAlice, kInbox);
    QCOMPARE(records.size(), 1);
    QCOMPARE(withoutReceived(store->content(kAlice, kInbox, records.at(0).uid)),
             "Subject: disk\r\n\r\n.stuffed\r\n"_ba);
}

void TestSmtpDelivery::receivedField()
{
    Smtp smtp;
    smtp.transport.encrypted = true;
    QVERIFY(smtp.run("S: 220 localhost ESMTP Magpie ready\n"
                     "C: EHLO client.example\n"
                     "S: 250-localhost at your service\n"
                     "S: 250-SIZE 33554432\n"
                     "S: 250-8BITMIME\n"
                     "S: 250-PIPELINING\n"
                     "S: 250-SMTPUTF8\n"
                     "S: 250-ENHANCEDSTATUSCODES\n"
                     "S: 250 AUTH PLAIN LOGIN\n"
                     "C: AUTH PLAIN AGJvYkBleGFtcGxlLnRlc3QAaHVudGVyMg==\n"
                     "S: 235 2.7.0 Authentication successful.\n"
                     + kEnvelope));
    smtp.session.receive("x\r\n.\r\n");
    const QByteArray reply = smtp.awaitReply();
    QVERIFY(isQueuedReply(reply));
    const QByteArray id = reply.mid(reply.lastIndexOf(' ') + 1).trimmed();
    const QByteArray stored = smtp.inbox(kAlice).value(0);
    const QByteArray expectedStart = "Received: from client.example ([127.0.0.1])\r\n"
                                     "\tby localhost with ESMTPSA id "
        + id
        + "\r\n"
          "\tfor <alice@example.test>;\r\n\t";
    QVERIFY2(stored.startsWith(expectedStart), stored.constData());
    QVERIFY(stored.endsWith(" +0000\r\nx\r\n"));
}

void TestSmtpDelivery::dotStuffingAndBareLineEnds()
{
    Smtp smtp;
    QVERIFY(smtp.run(kStart + kEnvelope));
    // "<LF>.<LF>" and "<CR><LF>.<LF>" are not the end (SMTP smuggling); bare LF and CR are
    // stored as CRLF; a leading dot is removed.
    smtp.session.receive("..dot\r\nbare\n.\nstill data\r\n.\nmore\r\n...\r\nCR\rend\r\n.\r\n");
    QVERIFY(isQueuedReply(smtp.awaitReply()));
    QCOMPARE(withoutReceived(smtp.inbox(kAlice).value(0)),
             ".dot\r\nbare\r\n.\r\nstill data\r\n\r\nmore\r\n..\r\nCR\r\nend\r\n"_ba);
}

void TestSmtpDelivery::severalRecipientsEachOnce()
{
    Smtp smtp;
    QVERIFY(smtp.run(kStart
                     + "C: MAIL FROM:<>\n"
                       "C: RCPT TO:<alice@example.test>\n"
                       "C: RCPT TO:<BOB@example.test>\n"
                       "C: RCPT TO:<\"alice\"@EXAMPLE.test>\n"
                       "C: DATA\n"
                       "S: 250 2.1.0 Ok\n"
                       "S: 250 2.1.5 Ok\n"
                       "S: 250 2.1.5 Ok\n"
                       "S: 250 2.1.5 Ok\n"
                       "S: 354 End data with <CR><LF>.<CR><LF>\n"));
    smtp.session.receive("x\r\n.\r\n");
    QVERIFY(isQueuedReply(smtp.awaitReply()));
    QCOMPARE(smtp.inbox(kAlice).size(), 1);
    QCOMPARE(smtp.inbox(kBob).size(), 1);
    // Several recipients: no "for" clause naming one of them
    QVERIFY(!smtp.inbox(kBob).value(0).contains("\tfor "));
}

void TestSmtpDelivery::unknownRecipient()
{
    Smtp smtp;
    QVERIFY(smtp.run(
        kStart
        + "C: MAIL FROM:<a@b.example>\n"
          "C: RCPT TO:<carol@example.test>\n"
          "C: RCPT TO:<alice@elsewhere.example>\n"
          "C: DATA\n"
          "S: 250 2.1.0 Ok\n"
          "S: 550 5.1.1 No mailbox here by that name: <carol@example.test>\n"
          "S: 550 5.1.1 No mailbox here by that name: <alice@elsewhere.example>\n"
          "S: 554 5.5.1 No valid recipients.\n"
          "C: RCPT TO:<a@b.example> NOTIFY=NEVER\n"
          "S: 555 5.5.4 RCPT takes no parameters here.\n"
          "C: RCPT TO:<@route.example>\n"
          "S: 501 5.1.3 The source route of the address must end with a colon.\n"
          "C: RCPT TO:alice@example.test\n"
          "S: 501 5.1.3 Write the address in angle brackets, like <alice@example.test>.\n"));
}

void TestSmtpDelivery::catchAll()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.catchAll = kBob;
    Smtp smtp(config);
    QVERIFY(smtp.run(kStart
                     + "C: MAIL FROM:<a@b.example>\n"
                       "C: RCPT TO:<carol@example.test>\n"
                       "C: DATA\n"
                       "S: 250 2.1.0 Ok\n"
                       "S: 250 2.1.5 Ok\n"
                       "S: 354 End data with <CR><LF>.<CR><LF>\n"));
    smtp.session.receive("x\r\n.\r\n");
    QVERIFY(isQueuedReply(smtp.awaitReply()));
    QCOMPARE(smtp.inbox(kBob).size(), 1);
    QVERIFY(smtp.inbox(kAlice).isEmpty());
}

void TestSmtpDelivery::postmaster()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.users.append({ u"postmaster@localhost"_s, u"pm"_s });
    Smtp smtp(config);
    QVERIFY(smtp.run(kStart
                     + "C: MAIL FROM:<a@b.example>\n"
                       "C: RCPT TO:<Postmaster>\n"
                       "S: 250 2.1.0 Ok\n"
                       "S: 250 2.1.5 Ok\n"));
}

void TestSmtpDelivery::smtpUtf8()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.users.append({ u"jörg@example.test"_s, u"pw"_s });
    Smtp smtp(config);
    QVERIFY(smtp.run("S: 220 localhost ESMTP Magpie ready\n"
                     "C: EHLO c\n"
                     "S: 250-localhost at your service\n"
                     "S: 250-SIZE 33554432\n"
                     "S: 250-8BITMIME\n"
                     "S: 250-PIPELINING\n"
                     "S: 250-SMTPUTF8\n"
                     "S: 250-ENHANCEDSTATUSCODES\n"
                     "S: 250-STARTTLS\n"
                     "S: 250 AUTH PLAIN LOGIN\n"
                     "C: MAIL FROM:<a@b.example> BODY=8BITMIME\n"
                     "C: RCPT TO:<j\xc3\xb6rg@example.test>\n"
                     "C: RSET\n"
                     "C: MAIL FROM:<j\xc3\xa9r\xc3\xb4me@b.example> SMTPUTF8 BODY=8BITMIME\n"
                     "C: RCPT TO:<J\xc3\xb6rg@example.test>\n"
                     "C: DATA\n"
                     "S: 250 2.1.0 Ok\n"
                     "S: 553 5.6.7 A non-ASCII address needs the SMTPUTF8 parameter on MAIL.\n"
                     "S: 250 2.0.0 Ok\n"
                     "S: 250 2.1.0 Ok\n"
                     "S: 250 2.1.5 Ok\n"
                     "S: 354 End data with <CR><LF>.<CR><LF>\n"));
    smtp.session.receive("Subject: gr\xc3\xbc\xc3\x9f"
                         "e\r\n\r\n\xc3\xa4\r\n.\r\n");
    QVERIFY(isQueuedReply(smtp.awaitReply()));
    const QByteArray stored = smtp.inbox(u"jörg@example.test"_s).value(0);
    QVERIFY2(stored.contains(" with UTF8SMTP id "), stored.constData());
    QVERIFY(stored.endsWith("Subject: gr\xc3\xbc\xc3\x9f"
                            "e\r\n\r\n\xc3\xa4\r\n"));
}

void TestSmtpDelivery::tooManyBytesAfterData()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.limits.maxMessageSize = 100;
    Smtp smtp(config);
    QVERIFY(smtp.run(kStart + "C: MAIL FROM:<a@b.example> \n" // HELO: no SIZE; trailing blank taken
                     + "S: 250 2.1.0 Ok\n"
                       "C: RCPT TO:<alice@example.test>\n"
                       "C: DATA\n"
                       "S: 250 2.1.5 Ok\n"
                       "S: 354 End data with <CR><LF>.<CR><LF>\n"));
    // The client keeps sending; the server keeps reading and answers once the dot comes.
    for (int i = 0; i < 50; ++i)
        smtp.session.receive(QByteArray(QByteArray(30, 'x') + "\r\n"));
    QCOMPARE(smtp.transport.take(), QByteArray());
    QVERIFY(smtp.run("C: .\n"
                     "S: 552 5.3.4 The message is too big: the limit is 100 octets.\n"
                     "C: NOOP\n"
                     "S: 250 2.0.0 Ok\n"
                     "C: DATA\n"
                     "S: 503 5.5.1 Send MAIL first.\n"));
    QVERIFY(smtp.inbox(kAlice).isEmpty());
}

void TestSmtpDelivery::lineTooLongInData()
{
    ServerConfig config = ServerFixture::defaultConfig();
    config.limits.maxLineLength = 100;
    Smtp smtp(config);
    QVERIFY(smtp.run(kStart + kEnvelope));
    smtp.session.receive(QByteArray("short\r\n" + QByteArray(500, 'y') + "\r\nafter\r\n"));
    QVERIFY(
        smtp.run("C: .\n"
                 "S: 500 5.5.2 A line of the message is too long; the message was not taken.\n"));
    QVERIFY(smtp.inbox(kAlice).isEmpty());
}

void TestSmtpDelivery::pipelinedCommandsWaitForDelivery()
{
    Smtp smtp;
    QVERIFY(smtp.run(kStart + kEnvelope));
    // RFC 2920: the commands after the dot come in the same packet; their replies must
    // follow the 250, which waits for the store.
    smtp.session.receive("x\r\n.\r\nNOOP\r\nQUIT\r\n");
    QCOMPARE(smtp.transport.written, QByteArray());
    QVERIFY(!smtp.transport.closed);
    const QByteArray replies = smtp.awaitReply(3);
    const QList<QByteArray> lines = replies.split('\n');
    QCOMPARE(lines.size(), 4);
    QVERIFY(isQueuedReply(lines.at(0) + '\n'));
    QCOMPARE(lines.at(1), "250 2.0.0 Ok\r"_ba);
    QCOMPARE(lines.at(2), "221 2.0.0 Bye\r"_ba);
    QVERIFY(smtp.transport.closed);
}

void TestSmtpDelivery::pipelinedTransactions()
{
    Smtp smtp;
    QVERIFY(smtp.run(kStart + kEnvelope));
    smtp.session.receive(
        "one\r\n.\r\nMAIL FROM:<a@b.example>\r\nRCPT TO:<bob@example.test>\r\nDATA\r\n");
    const QByteArray first = smtp.awaitReply(4);
    const QList<QByteArray> lines = first.split('\n');
    QCOMPARE(lines.size(), 5);
    QVERIFY(isQueuedReply(lines.at(0) + '\n'));
    QCOMPARE(lines.at(1) + '\n' + lines.at(2) + '\n' + lines.at(3) + '\n',
             "250 2.1.0 Ok\r\n250 2.1.5 Ok\r\n354 End data with <CR><LF>.<CR><LF>\r\n"_ba);
    smtp.session.receive("two\r\n.\r\n");
    QVERIFY(isQueuedReply(smtp.awaitReply()));
    QCOMPARE(withoutReceived(smtp.inbox(kAlice).value(0)), "one\r\n"_ba);
    QCOMPARE(withoutReceived(smtp.inbox(kBob).value(0)), "two\r\n"_ba);
}

void TestSmtpDelivery::faultDropBeforeReplyStoresTheMessage()
{
    Smtp smtp;
    smtp.fixture.context.faults().add(*FaultRule::parse(u"smtp:DATA:drop-before-reply"_s));
    QVERIFY(smtp.run(kStart + kEnvelope));
    smtp.session.receive("kept\r\n.\r\n");
    QTRY_VERIFY(smtp.transport.closed);
    QCOMPARE(smtp.transport.take(), QByteArray()); // the 250 never came...
    QCOMPARE(withoutReceived(smtp.inbox(kAlice).value(0)),
             "kept\r\n"_ba); // ...but the mail is there
}

void TestSmtpDelivery::faultReplyOnData()
{
    Smtp smtp;
    smtp.fixture.context.faults().add(*FaultRule::parse(u"smtp:DATA:reply:451 4.3.0 Try later"_s));
    QVERIFY(smtp.run(kStart
                     + "C: MAIL FROM:<a@b.example>\n"
                       "C: RCPT TO:<alice@example.test>\n"
                       "C: DATA\n"
                       "S: 250 2.1.0 Ok\n"
                       "S: 250 2.1.5 Ok\n"
                       "S: 451 4.3.0 Try later\n"
                       "C: DATA\n"
                       "S: 354 End data with <CR><LF>.<CR><LF>\n"));
}

void TestSmtpDelivery::deliveryLogLine()
{
    Smtp smtp;
    QStringList lines;
    QObject::connect(&smtp.fixture.context, &ServerContext::logged,
                     [&lines](const QString &line) { lines.append(line); });
    QVERIFY(smtp.run(kStart + kEnvelope));
    smtp.session.receive("secret content\r\n.\r\n");
    QVERIFY(isQueuedReply(smtp.awaitReply()));
    const QString all = lines.join(u'\n');
    static const QRegularExpression delivered(
        u"smtp 127\\.0\\.0\\.1:40000 delivered [0-9A-F]+ from <sender@remote\\.example> to "
        "alice@example\\.test, \\d+ octets"_s);
    QVERIFY2(delivered.match(all).hasMatch(), qPrintable(all));
    QVERIFY2(!all.contains(u"secret content"_s), qPrintable(all));
}

QTEST_GUILESS_MAIN(TestSmtpDelivery)
#include "tst_smtpdelivery.moc"
