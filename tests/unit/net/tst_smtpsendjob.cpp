// SPDX-License-Identifier: GPL-3.0-or-later
// Submitting a message (RFC 5321 s3.3) against the scripted fake server, byte-exact:
// pipelined and not (RFC 2920), SIZE checked before sending (RFC 1870), per-recipient
// results, RSET after every recipient was refused, 8BITMIME (RFC 6152), SMTPUTF8 (RFC 6531),
// dot-stuffing (s4.5.2), 4xx kept apart from 5xx, a 20 MB message streamed in slices, and
// the connection lost after the content.
#include "ScriptedServer.h"
#include "net/Connection.h"
#include "net/ProtocolLog.h"
#include "net/smtp/SmtpSendJob.h"
#include "net/smtp/SmtpSession.h"

#include <QElapsedTimer>
#include <QEventLoop>
#include <QPointer>
#include <QSignalSpy>
#include <QTest>
#include <QTimer>

using magpie::net::NetError;
using magpie::net::ServerEndpoint;
using magpie::smtp::SmtpEnvelope;
using magpie::smtp::SmtpSendJob;
using magpie::smtp::SmtpSession;
using magpie::test::ScriptedServer;
using Security = ServerEndpoint::Security;
using Code = NetError::Code;

namespace {

const QByteArray kMessage = "From: alice@example.com\r\nTo: bob@example.com\r\nSubject: hi\r\n"
                            "\r\nHello Bob.\r\n";

QByteArrayList opening(const QByteArrayList &extensions)
{
    QByteArray reply = "S: 250-smtp.example.com";
    for (const QByteArray &extension : extensions)
        reply += "\\r\\n250-" + extension;
    reply += "\\r\\n250 ENHANCEDSTATUSCODES";
    return { "S: 220 smtp.example.com ESMTP", "C: EHLO client.example", reply };
}

// The script's notation for bytes: "\\r", "\\n" and "\\\\" escaped.
QByteArray escaped(const QByteArray &bytes)
{
    QByteArray out = bytes;
    out.replace('\\', "\\\\").replace('\r', "\\r").replace('\n', "\\n");
    return out;
}

struct SendRun
{
    SendRun(const QByteArrayList &script, const SmtpEnvelope &envelope, const QByteArray &message,
            bool startJob = true, int readTimeoutMs = 0)
        : server(script)
    {
        ServerEndpoint endpoint = server.endpoint(Security::Plaintext);
        if (readTimeoutMs > 0)
            endpoint.readTimeoutMs = readTimeoutMs;
        session.connectToServer(endpoint, u"client.example"_qs);
        if (startJob)
            job = send(envelope, message);
    }
    SmtpSendJob *send(const SmtpEnvelope &envelope, const QByteArray &message)
    {
        auto *sendJob = new SmtpSendJob(&session, envelope, message);
        sendJob->setAutoDelete(false);
        QObject::connect(sendJob, &magpie::net::Job::finished, &session, [this] {
            ++finished;
            if (loop && finished >= awaited)
                loop->quit();
        });
        sendJob->start();
        return sendJob;
    }
    // An event loop rather than QTest::qWaitFor, which sleeps 10 ms between rounds and so
    // would make streaming 20 MB take seconds.
    bool waitForJobs(int count = 1, int timeoutMs = 5000)
    {
        if (finished >= count)
            return true;
        QEventLoop eventLoop;
        QTimer::singleShot(timeoutMs, &eventLoop, &QEventLoop::quit);
        awaited = count;
        loop = &eventLoop;
        eventLoop.exec();
        loop = nullptr;
        return finished >= count;
    }

    ScriptedServer server;
    SmtpSession session;
    QPointer<SmtpSendJob> job;
    int finished = 0;
    int awaited = 0;
    QEventLoop *loop = nullptr;
};

SmtpEnvelope aliceTo(const QStringList &to)
{
    return SmtpEnvelope(u"alice@example.com"_qs, to);
}

} // namespace

class TestSmtpSendJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void pipelined();
    void notPipelined();
    void sizeRefusedBeforeSending();
    void sizeInMegabytes();
    void someRecipientsRefused();
    void allRecipientsRefusedPipelined();
    void allRecipientsRefusedNotPipelined();
    void senderRefused();
    void eightBitMime();
    void eightBitWithoutEightBitMimeRefused();
    void smtpUtf8();
    void smtpUtf8NotOffered();
    void dotStuffingAndLineEnds_data();
    void dotStuffingAndLineEnds();
    void recipientRefusalClasses_data();
    void recipientRefusalClasses();
    void finalReplyClasses_data();
    void finalReplyClasses();
    void injectionRefusedBeforeSending();
    void rsetBetweenMessages();
    void serverClosingDuringJob();
    void connectionLostAfterContent();
    void largeMessageStreamed();
    void deliveryUncertainOnlyWithoutReplyToFinalDot_data();
    void deliveryUncertainOnlyWithoutReplyToFinalDot();
    void connectionLostBeforeFinalDot();
    void stoppedJustBeforeFinalDot();
};

void TestSmtpSendJob::pipelined()
{
    // The server answers only once MAIL, both RCPTs and DATA are in: a client that waited
    // for each reply would stall here.
    QByteArrayList script = opening({ "PIPELINING", "SIZE 10000", "8BITMIME" });
    script << "C~ MAIL FROM:<alice@example.com> SIZE=" + QByteArray::number(kMessage.size())
            + "\\r\\nRCPT TO:<bob@example.com>\\r\\nRCPT TO:<carol@example.com>\\r\\n"
              "DATA\\r\\n"
           << "S: 250 2.1.0 Ok\\r\\n250 2.1.5 Ok\\r\\n250 2.1.5 Ok\\r\\n354 End data with "
              "<CR><LF>.<CR><LF>"
           << "C~ " + escaped(kMessage) + ".\\r\\n"
           << "S: 250 2.0.0 Ok: queued as 4F3A1";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs, u"carol@example.com"_qs }), kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QVERIFY2(!run.job->failed(), qPrintable(run.job->errorString()));
    QCOMPARE(run.job->finalReply().summary(), QByteArray("250 2.0.0 Ok: queued as 4F3A1"));
    QCOMPARE(run.job->acceptedRecipients(),
             (QStringList { u"bob@example.com"_qs, u"carol@example.com"_qs }));
    QVERIFY(run.job->refusedRecipients().isEmpty());
    const QString log = run.session.log()->toText();
    QVERIFY2(log.contains(u"{" + QString::number(kMessage.size()) + u" bytes}"), qPrintable(log));
    QVERIFY2(!log.contains(u"Hello Bob"), qPrintable(log));
}

void TestSmtpSendJob::notPipelined()
{
    QByteArrayList script = opening({ "SIZE" });
    script << "C: MAIL FROM:<alice@example.com> SIZE=" + QByteArray::number(kMessage.size())
           << "S: 250 2.1.0 Ok"
           << "C: RCPT TO:<bob@example.com>"
           << "S: 250 2.1.5 Ok"
           << "C: DATA"
           << "S: 354 go ahead"
           << "C~ " + escaped(kMessage) + ".\\r\\n"
           << "S: 250 2.0.0 queued";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QVERIFY2(!run.job->failed(), qPrintable(run.job->errorString()));
    QCOMPARE(run.job->finalReply().code(), 250);
}

void TestSmtpSendJob::sizeRefusedBeforeSending()
{
    SendRun run(opening({ "PIPELINING", "SIZE 100" }), aliceTo({ u"bob@example.com"_qs }),
                QByteArray(200, 'x'));
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->error().code, Code::MessageTooLarge);
    QCOMPARE(run.job->errorString(),
             u"The message is 202 bytes; localhost accepts at most 100 bytes."_qs);
    QVERIFY(!run.server.clientBytes().contains("MAIL"));
    QVERIFY(!run.job->error().isTemporary());
}

void TestSmtpSendJob::sizeInMegabytes()
{
    QByteArray message(31 * 1024 * 1024 - 2, 'x');
    SendRun run(opening({ "SIZE 26214400" }), aliceTo({ u"bob@example.com"_qs }), message);
    QVERIFY(run.waitForJobs());
    QCOMPARE(run.job->error().code, Code::MessageTooLarge);
    QCOMPARE(run.job->errorString(), u"The message is 31 MB; localhost accepts at most 25 MB."_qs);
    QVERIFY(!run.server.clientBytes().contains("MAIL"));
}

void TestSmtpSendJob::someRecipientsRefused()
{
    QByteArrayList script = opening({ "PIPELINING" });
    script << "C~ MAIL FROM:<alice@example.com>\\r\\nRCPT TO:<bob@example.com>\\r\\n"
              "RCPT TO:<carol@example.com>\\r\\nDATA\\r\\n"
           << "S: 250 2.1.0 Ok\\r\\n550 5.1.1 mailbox unknown\\r\\n250 2.1.5 Ok\\r\\n354 go"
           << "C~ " + escaped(kMessage) + ".\\r\\n"
           << "S: 250 2.0.0 queued as X1";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs, u"carol@example.com"_qs }), kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QVERIFY2(!run.job->failed(), qPrintable(run.job->errorString()));
    QCOMPARE(run.job->acceptedRecipients(), QStringList { u"carol@example.com"_qs });
    const auto refused = run.job->refusedRecipients();
    QCOMPARE(refused.size(), 1);
    QCOMPARE(refused.first().address, u"bob@example.com"_qs);
    QCOMPARE(refused.first().reply.code(), 550);
    QCOMPARE(refused.first().reply.enhancedCode(), QByteArray("5.1.1"));
}

void TestSmtpSendJob::allRecipientsRefusedPipelined()
{
    QByteArrayList script = opening({ "PIPELINING" });
    script << "C~ MAIL FROM:<alice@example.com>\\r\\nRCPT TO:<bob@example.com>\\r\\nDATA\\r\\n"
           << "S: 250 2.1.0 Ok\\r\\n550 5.1.1 mailbox unknown\\r\\n554 5.5.1 No valid recipients"
           << "C: RSET"
           << "S: 250 2.0.0 Ok";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->error().code, Code::CommandRejected);
    QCOMPARE(run.job->errorString(),
             u"The server refused bob@example.com: 550 5.1.1 mailbox unknown."_qs);
    QVERIFY(run.job->acceptedRecipients().isEmpty());
    QVERIFY(run.session.isOpen());
}

void TestSmtpSendJob::allRecipientsRefusedNotPipelined()
{
    QByteArrayList script = opening({});
    script << "C: MAIL FROM:<alice@example.com>"
           << "S: 250 2.1.0 Ok"
           << "C: RCPT TO:<bob@example.com>"
           << "S: 550 5.1.1 mailbox unknown"
           << "C: RCPT TO:<carol@example.com>"
           << "S: 450 4.2.1 try again later"
           << "C: RSET"
           << "S: 250 2.0.0 Ok";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs, u"carol@example.com"_qs }), kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    // One of them may work later: temporary, with both replies in the sentence.
    QCOMPARE(run.job->error().code, Code::TemporaryFailure);
    QCOMPARE(run.job->errorString(),
             u"The server refused every recipient: bob@example.com: 550 5.1.1 mailbox unknown; "
             "carol@example.com: 450 4.2.1 try again later."_qs);
    QCOMPARE(run.job->refusedRecipients().size(), 2);
}

void TestSmtpSendJob::senderRefused()
{
    QByteArrayList script = opening({});
    script << "C: MAIL FROM:<alice@example.com>"
           << "S: 553 5.7.1 Sender address rejected: not owned by user";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->error().code, Code::CommandRejected);
    QCOMPARE(run.job->errorString(),
             u"The server refused the sender alice@example.com: 553 5.7.1 Sender address "
             "rejected: not owned by user."_qs);
}

void TestSmtpSendJob::eightBitMime()
{
    const QByteArray message = "Subject: caf\xc3\xa9\r\n\r\nd\xc3\xa9j\xc3\xa0 vu\r\n";
    QByteArrayList script = opening({ "PIPELINING", "8BITMIME", "SIZE 1000" });
    script << "C~ MAIL FROM:<alice@example.com> SIZE=" + QByteArray::number(message.size())
            + " BODY=8BITMIME\\r\\nRCPT TO:<bob@example.com>\\r\\nDATA\\r\\n"
           << "S: 250 Ok\\r\\n250 Ok\\r\\n354 go"
           << "C~ " + escaped(message) + ".\\r\\n"
           << "S: 250 queued";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), message);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QVERIFY2(!run.job->failed(), qPrintable(run.job->errorString()));
}

void TestSmtpSendJob::eightBitWithoutEightBitMimeRefused()
{
    const QByteArray message = "Subject: x\r\n\r\nd\xc3\xa9j\xc3\xa0 vu\r\n";
    SendRun run(opening({ "PIPELINING" }), aliceTo({ u"bob@example.com"_qs }), message);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->error().code, Code::InvalidArgument);
    QVERIFY2(run.job->errorString().contains(u"8BITMIME"), qPrintable(run.job->errorString()));
    QVERIFY(!run.server.clientBytes().contains("MAIL"));
}

void TestSmtpSendJob::smtpUtf8()
{
    const QString jorg = QString::fromUtf8("j\xc3\xb6rg@example.com");
    QByteArrayList script = opening({ "PIPELINING", "8BITMIME", "SMTPUTF8" });
    script << "C~ MAIL FROM:<alice@example.com> SMTPUTF8\\r\\nRCPT TO:<j\xc3\xb6rg@example.com>"
              "\\r\\nDATA\\r\\n"
           << "S: 250 Ok\\r\\n250 Ok\\r\\n354 go"
           << "C~ " + escaped(kMessage) + ".\\r\\n"
           << "S: 250 queued";
    SendRun run(script, aliceTo({ jorg }), kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QVERIFY2(!run.job->failed(), qPrintable(run.job->errorString()));
}

void TestSmtpSendJob::smtpUtf8NotOffered()
{
    const QString jorg = QString::fromUtf8("j\xc3\xb6rg@example.com");
    SendRun run(opening({ "PIPELINING", "8BITMIME" }), aliceTo({ u"bob@example.com"_qs, jorg }),
                kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->error().code, Code::InvalidArgument);
    QVERIFY2(run.job->errorString().startsWith(u"The address " + jorg),
             qPrintable(run.job->errorString()));
    QVERIFY(run.job->errorString().contains(u"SMTPUTF8"));
    QVERIFY(!run.server.clientBytes().contains("MAIL"));
}

void TestSmtpSendJob::dotStuffingAndLineEnds_data()
{
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArray>("wire"); // content and end of data as sent
    QTest::addColumn<int>("chunkSize");

    const QByteArray message = ".hidden\r\n..two\r\nmid.dot\r\n.\r\nlast.";
    const QByteArray wire = "..hidden\r\n...two\r\nmid.dot\r\n..\r\nlast.\r\n.\r\n";
    QTest::newRow("whole") << message << wire << 65536;
    // Split into slices of one byte: the line-start state carries across slices.
    QTest::newRow("one byte at a time") << message << wire << 1;
    QTest::newRow("bare LF and CR")
        << QByteArray("a\nb\rc\r\n.d\n") << QByteArray("a\r\nb\r\nc\r\n..d\r\n.\r\n") << 1;
    QTest::newRow("CR then LF in separate slices")
        << QByteArray("a\r\n.b\r\n") << QByteArray("a\r\n..b\r\n.\r\n") << 2;
    QTest::newRow("empty message") << QByteArray() << QByteArray(".\r\n") << 65536;
    QTest::newRow("no final line break") << QByteArray("x") << QByteArray("x\r\n.\r\n") << 65536;
    QTest::newRow("ends with a lone dot line")
        << QByteArray("a\r\n.") << QByteArray("a\r\n..\r\n.\r\n") << 65536;
}

void TestSmtpSendJob::dotStuffingAndLineEnds()
{
    QFETCH(QByteArray, message);
    QFETCH(QByteArray, wire);
    QFETCH(int, chunkSize);
    QByteArrayList script = opening({});
    script << "C: MAIL FROM:<alice@example.com>"
           << "S: 250 Ok"
           << "C: RCPT TO:<bob@example.com>"
           << "S: 250 Ok"
           << "C: DATA"
           << "S: 354 go"
           << "C~ " + escaped(wire) << "S: 250 queued";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), message, false);
    run.job = run.send(aliceTo({ u"bob@example.com"_qs }), message);
    run.job->setChunkSize(chunkSize);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QVERIFY2(!run.job->failed(), qPrintable(run.job->errorString()));
    // SIZE counts the CRLF-normalised message, not the stuffed dots or the end of data.
    const qsizetype stuffed = wire.count("\r\n..") + (wire.startsWith("..") ? 1 : 0);
    QCOMPARE(run.job->messageSize(), qint64(wire.size() - stuffed - 3));
}

void TestSmtpSendJob::recipientRefusalClasses_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<int>("code");
    QTest::newRow("452 too many recipients")
        << QByteArray("452 4.5.3 Too many recipients") << int(Code::TemporaryFailure);
    // RFC 5321 s4.5.3.1.10: a 552 to RCPT is the old "too many recipients": temporary.
    QTest::newRow("552 at RCPT") << QByteArray("552 5.5.3 Too many recipients")
                                 << int(Code::TemporaryFailure);
    QTest::newRow("550 unknown") << QByteArray("550 5.1.1 User unknown")
                                 << int(Code::CommandRejected);
    QTest::newRow("451 greylisted")
        << QByteArray("451 4.7.1 Greylisted, try later") << int(Code::TemporaryFailure);
}

void TestSmtpSendJob::recipientRefusalClasses()
{
    QFETCH(QByteArray, reply);
    QFETCH(int, code);
    QByteArrayList script = opening({});
    script << "C: MAIL FROM:<alice@example.com>"
           << "S: 250 Ok"
           << "C: RCPT TO:<bob@example.com>"
           << "S: " + reply << "C: RSET"
           << "S: 250 Ok";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(int(run.job->error().code), code);
    QCOMPARE(run.job->error().serverReply, reply);
    QVERIFY(run.job->errorString().contains(QString::fromLatin1(reply)));
}

void TestSmtpSendJob::finalReplyClasses_data()
{
    QTest::addColumn<QByteArray>("reply");
    QTest::addColumn<int>("code");
    QTest::newRow("552 too big") << QByteArray("552 5.3.4 Message size exceeds fixed limit")
                                 << int(Code::CommandRejected);
    QTest::newRow("452 no storage")
        << QByteArray("452 4.3.1 Insufficient system storage") << int(Code::TemporaryFailure);
    QTest::newRow("554 spam") << QByteArray("554 5.7.1 Message rejected as spam")
                              << int(Code::CommandRejected);
}

void TestSmtpSendJob::finalReplyClasses()
{
    QFETCH(QByteArray, reply);
    QFETCH(int, code);
    QByteArrayList script = opening({ "PIPELINING" });
    script << "C~ MAIL FROM:<alice@example.com>\\r\\nRCPT TO:<bob@example.com>\\r\\nDATA\\r\\n"
           << "S: 250 Ok\\r\\n250 Ok\\r\\n354 go"
           << "C~ " + escaped(kMessage) + ".\\r\\n"
           << "S: " + reply;
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(int(run.job->error().code), code);
    QCOMPARE(run.job->errorString(),
             u"The server refused the message: "_qs + QString::fromLatin1(reply) + u'.');
}

void TestSmtpSendJob::injectionRefusedBeforeSending()
{
    SendRun run(
        opening({ "PIPELINING" }),
        aliceTo({ u"bob@example.com"_qs, u"eve@example.com>\r\nRCPT TO:<mallory@example.com"_qs }),
        kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->error().code, Code::InvalidArgument);
    QCOMPARE(run.job->errorString(),
             u"The recipient address \"eve@example.com>\\r\\nRCPT TO:<mallory@example.com\" "
             "contains a line break; nothing was sent."_qs);
    QVERIFY(!run.server.clientBytes().contains("MAIL"));
}

void TestSmtpSendJob::rsetBetweenMessages()
{
    QByteArrayList script = opening({ "PIPELINING" });
    script << "C~ MAIL FROM:<alice@example.com>\\r\\nRCPT TO:<bob@example.com>\\r\\nDATA\\r\\n"
           << "S: 250 Ok\\r\\n250 Ok\\r\\n354 go"
           << "C~ " + escaped(kMessage) + ".\\r\\n"
           << "S: 250 queued as 1"
           << "C~ RSET\\r\\nMAIL FROM:<alice@example.com>\\r\\nRCPT TO:<carol@example.com>\\r\\n"
              "DATA\\r\\n"
           << "S: 250 Ok\\r\\n250 Ok\\r\\n250 Ok\\r\\n354 go"
           << "C~ " + escaped(kMessage) + ".\\r\\n"
           << "S: 250 queued as 2"
           << "C: QUIT"
           << "S: 221 Bye"
           << "EXPECT-CLOSE";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), kMessage);
    SmtpSendJob *second = run.send(aliceTo({ u"carol@example.com"_qs }), kMessage);
    run.session.quit(); // after the queued jobs
    QVERIFY(run.waitForJobs(2));
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->finalReply().text(), QByteArray("queued as 1"));
    QCOMPARE(second->finalReply().text(), QByteArray("queued as 2"));
}

void TestSmtpSendJob::serverClosingDuringJob()
{
    QByteArrayList script = opening({});
    script << "C: MAIL FROM:<alice@example.com>"
           << "S: 421 4.3.2 Service shutting down"
           << "EXPECT-CLOSE";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->error().code, Code::ServerClosing);
    QVERIFY(run.job->error().isTemporary());
    QVERIFY(!run.session.isOpen());
}

void TestSmtpSendJob::connectionLostAfterContent()
{
    QByteArrayList script = opening({ "PIPELINING" });
    script << "C~ MAIL FROM:<alice@example.com>\\r\\nRCPT TO:<bob@example.com>\\r\\nDATA\\r\\n"
           << "S: 250 Ok\\r\\n250 Ok\\r\\n354 go"
           << "C~ " + escaped(kMessage) + ".\\r\\n"
           << "CLOSE";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), kMessage);
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->error().code, Code::ConnectionLost);
    QVERIFY(run.job->error().isTemporary());
    QCOMPARE(run.job->errorString(),
             u"The connection to localhost was lost after the message was sent and before the "
             "server confirmed it; it may or may not have been delivered."_qs);
}

void TestSmtpSendJob::largeMessageStreamed()
{
    // 20 MB in lines of 76 "x" and a few lines starting with "." along the way.
    QByteArray line(76, 'x');
    line += "\r\n";
    QByteArray message;
    message.reserve(20 * 1024 * 1024 + 1024);
    while (message.size() < 20 * 1024 * 1024)
        message += (message.size() % (1024 * 1024) < 78) ? QByteArray(".dot\r\n") : line;
    QByteArray wire = message;
    wire.replace("\r\n.dot", "\r\n..dot");
    if (wire.startsWith(".dot"))
        wire.prepend('.');
    wire += ".\r\n";

    QByteArrayList script = opening({ "PIPELINING", "SIZE 52428800" });
    script << "C~ MAIL FROM:<alice@example.com> SIZE=" + QByteArray::number(message.size())
            + "\\r\\nRCPT TO:<bob@example.com>\\r\\nDATA\\r\\n"
           << "S: 250 Ok\\r\\n250 Ok\\r\\n354 go"
           << "C~ " + escaped(wire) << "S: 250 queued";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), message, false);
    wire.clear();
    script.clear();
    // How much ever waits in the connection's queue: a slice or so, never the message.
    qint64 mostQueued = 0;
    magpie::net::Connection *connection = run.session.connection();
    QObject::connect(connection, &magpie::net::Connection::bytesWritten, connection,
                     [&] { mostQueued = qMax(mostQueued, connection->bytesToWrite()); });
    QElapsedTimer timer;
    timer.start();
    run.job = run.send(aliceTo({ u"bob@example.com"_qs }), message);
    QVERIFY(run.waitForJobs(1, 30000));
    QVERIFY2(run.server.waitForScript(30000), qPrintable(run.server.failure()));
    QVERIFY2(!run.job->failed(), qPrintable(run.job->errorString()));
    QVERIFY2(mostQueued < 2 * 1024 * 1024, qPrintable(QString::number(mostQueued)));
    qInfo("20 MB sent in %lld ms, at most %lld bytes queued", timer.elapsed(), mostQueued);
}

void TestSmtpSendJob::deliveryUncertainOnlyWithoutReplyToFinalDot_data()
{
    // What follows the final "." decides whether the outbox may send the message again:
    // only no reply at all leaves it open (RFC 5321 s4.1.1.4, RFC 1047).
    QTest::addColumn<QByteArrayList>("after");
    QTest::addColumn<int>("readTimeoutMs");
    QTest::addColumn<bool>("failed");
    QTest::addColumn<Code>("code");
    QTest::addColumn<bool>("uncertain");
    QTest::newRow("250") << QByteArrayList { "S: 250 2.0.0 queued" } << 0 << false << Code::None
                         << false;
    QTest::newRow("451") << QByteArrayList { "S: 451 4.3.0 Try later" } << 0 << true
                         << Code::TemporaryFailure << false;
    QTest::newRow("554") << QByteArrayList { "S: 554 5.7.1 Spam" } << 0 << true
                         << Code::CommandRejected << false;
    QTest::newRow("421 closing")
        << QByteArrayList { "S: 421 4.3.2 Shutting down", "EXPECT-CLOSE" } << 0 << true
        << Code::ServerClosing << false;
    QTest::newRow("connection closed") << QByteArrayList { "CLOSE" } << 0 << true
                                       << Code::ConnectionLost << true;
    QTest::newRow("no reply in time") << QByteArrayList { "EXPECT-CLOSE" } << 300 << true
                                      << Code::Timeout << true;
}

void TestSmtpSendJob::deliveryUncertainOnlyWithoutReplyToFinalDot()
{
    QFETCH(QByteArrayList, after);
    QFETCH(int, readTimeoutMs);
    QFETCH(bool, failed);
    QFETCH(Code, code);
    QFETCH(bool, uncertain);
    QByteArrayList script = opening({ "PIPELINING" });
    script << "C~ MAIL FROM:<alice@example.com>\\r\\nRCPT TO:<bob@example.com>\\r\\nDATA\\r\\n"
           << "S: 250 Ok\\r\\n250 Ok\\r\\n354 go"
           << "C~ " + escaped(kMessage) + ".\\r\\n";
    script << after;
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), kMessage, true, readTimeoutMs);
    QSignalSpy aboutToSendDot(run.job, &SmtpSendJob::endOfDataAboutToBeSent);
    QVERIFY(run.waitForJobs());
    QCOMPARE(aboutToSendDot.count(), 1);
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(run.job->failed(), failed);
    QCOMPARE(run.job->error().code, code);
    QVERIFY(run.job->endOfDataSent());
    QCOMPARE(run.job->deliveryUncertain(), uncertain);
    if (uncertain)
        QVERIFY2(run.job->errorString().contains(u"may or may not have been delivered"),
                 qPrintable(run.job->errorString()));
}

void TestSmtpSendJob::connectionLostBeforeFinalDot()
{
    // 16 MB, more than the socket buffers on both sides hold: the server reads the first
    // 64 KiB and hangs up, so the client cannot have written the final "." yet.
    QByteArray line(76, 'x');
    line += "\r\n";
    QByteArray message;
    message.reserve(16 * 1024 * 1024 + 128);
    while (message.size() < 16 * 1024 * 1024)
        message += line;
    QByteArrayList script = opening({ "PIPELINING" });
    script << "C~ MAIL FROM:<alice@example.com>\\r\\nRCPT TO:<bob@example.com>\\r\\nDATA\\r\\n"
           << "S: 250 Ok\\r\\n250 Ok\\r\\n354 go"
           << "C~ " + escaped(message.first(64 * 1024)) << "CLOSE";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), message);
    QVERIFY(run.waitForJobs(1, 15000));
    MAGPIE_VERIFY_SCRIPT(run.server);
    QVERIFY(run.job->failed());
    QVERIFY(run.job->error().isTemporary());
    QVERIFY(!run.job->endOfDataSent());
    QVERIFY(!run.job->deliveryUncertain());
    QCOMPARE(run.job->errorString(),
             u"The connection to localhost was lost while the message was being sent; it was "
             "not delivered."_qs);
}

void TestSmtpSendJob::stoppedJustBeforeFinalDot()
{
    // endOfDataAboutToBeSent() comes once, before the dot; a caller that cannot record the
    // attempt stops there, and the dot never goes out: the server cannot have the message.
    QByteArrayList script = opening({ "PIPELINING" });
    script << "C~ MAIL FROM:<alice@example.com>\\r\\nRCPT TO:<bob@example.com>\\r\\nDATA\\r\\n"
           << "S: 250 Ok\\r\\n250 Ok\\r\\n354 go"
           // abort() drops what was queued and not yet written: the content goes too.
           << "EXPECT-CLOSE";
    SendRun run(script, aliceTo({ u"bob@example.com"_qs }), kMessage);
    int announced = 0;
    QObject::connect(run.job, &SmtpSendJob::endOfDataAboutToBeSent, &run.session, [&] {
        ++announced;
        QVERIFY(!run.job->endOfDataSent());
        run.session.abort();
    });
    QVERIFY(run.waitForJobs());
    MAGPIE_VERIFY_SCRIPT(run.server);
    QCOMPARE(announced, 1);
    QCOMPARE(run.job->error().code, Code::Aborted);
    QVERIFY(!run.job->endOfDataSent());
    QVERIFY(!run.job->deliveryUncertain());
    QVERIFY(!run.server.clientBytes().endsWith(".\r\n"));
}

QTEST_GUILESS_MAIN(TestSmtpSendJob)
#include "tst_smtpsendjob.moc"
