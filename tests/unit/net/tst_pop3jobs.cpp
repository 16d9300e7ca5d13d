// SPDX-License-Identifier: GPL-3.0-or-later
// The POP3 transaction jobs against scripted servers: STAT, LIST, UIDL, TOP, RETR (streamed,
// dot-unstuffed, split across reads, cut off), DELE (one at a time and pipelined), RSET, NOOP,
// and QUIT's answer.
#include "Pop3Dialogue.h"
#include "net/pop3/Pop3DeleteJob.h"
#include "net/pop3/Pop3ListJob.h"
#include "net/pop3/Pop3NoopJob.h"
#include "net/pop3/Pop3ResetJob.h"
#include "net/pop3/Pop3RetrieveJob.h"
#include "net/pop3/Pop3StatJob.h"
#include "net/pop3/Pop3TopJob.h"
#include "net/pop3/Pop3UidlJob.h"

#include <QBuffer>
#include <QTest>

using magpie::net::NetError;
using magpie::pop3::Pop3DeleteJob;
using magpie::pop3::Pop3ListJob;
using magpie::pop3::Pop3NoopJob;
using magpie::pop3::Pop3ResetJob;
using magpie::pop3::Pop3RetrieveJob;
using magpie::pop3::Pop3StatJob;
using magpie::pop3::Pop3TopJob;
using magpie::pop3::Pop3UidlJob;
using magpie::test::Pop3Dialogue;
using magpie::test::pop3Opening;
using Code = NetError::Code;

namespace {

const QByteArrayList quit { "C: QUIT", "S: +OK", "EXPECT-CLOSE" };

// Opens a session for `steps` (after the usual opening; then QUIT unless told otherwise).
struct Transaction : Pop3Dialogue
{
    explicit Transaction(const QByteArrayList &steps,
                         const QByteArrayList &capabilities = { "TOP", "UIDL", "USER" },
                         bool endsWithQuit = true)
        : Pop3Dialogue(pop3Opening(capabilities) + steps + (endsWithQuit ? quit : QByteArrayList()))
    {
        connect();
    }
    // QUIT, and the whole script played.
    bool finish()
    {
        session.quit();
        return waitClosed() && closedError().code == Code::None && server.waitForScript();
    }
};

// Collects what a RETR/TOP job delivers through dataReceived().
struct Received
{
    explicit Received(Pop3RetrieveJob *job)
    {
        QObject::connect(job, &Pop3RetrieveJob::dataReceived, job, [this](const QByteArray &chunk) {
            bytes += chunk;
            ++chunks;
        });
    }
    QByteArray bytes;
    int chunks = 0;
};

} // namespace

class TestPop3Jobs : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void stat();
    void statMalformed();
    void statRefused();
    void listAll();
    void listEmptyMaildrop();
    void listOne();
    void listNoSuchMessage();
    void listMalformedLine();
    void uidlAll();
    void uidlOne();
    void uidlBadUniqueId();
    void top();
    void retrieve();
    void retrieveIntoDevice();
    void retrieveSplitAcrossReads();
    void retrieveLarge();
    void retrieveRefused();
    void retrieveCutOff();
    void retrieveTimesOut();
    void messageNumberZero();
    void deleteOne();
    void deleteSeveralOneByOne();
    void deletePipelined();
    void reset();
    void noop();
    void quitRefused();
    void quitUnanswered();
};

void TestPop3Jobs::stat()
{
    Transaction d({ "C: STAT", "S: +OK 2 320" });
    auto *stat = d.run(new Pop3StatJob(&d.session));
    QVERIFY2(!stat->failed(), qPrintable(stat->errorString()));
    QCOMPARE(stat->messageCount(), 2u);
    QCOMPARE(stat->totalSize(), 320);
    QVERIFY(d.finish());
}

void TestPop3Jobs::statMalformed()
{
    Transaction d({ "C: STAT", "S: +OK lots of mail", "C: NOOP", "S: +OK" });
    auto *stat = d.run(new Pop3StatJob(&d.session));
    QCOMPARE(stat->error().code, Code::ProtocolViolation);
    QVERIFY2(stat->errorString().contains(u"lots of mail"), qPrintable(stat->errorString()));
    QCOMPARE(stat->messageCount(), 0u);
    QVERIFY(!d.run(new Pop3NoopJob(&d.session))->failed()); // the session goes on
    QVERIFY(d.finish());
}

void TestPop3Jobs::statRefused()
{
    Transaction d({ "C: STAT", "S: -ERR [SYS/TEMP] maildrop not ready" });
    auto *stat = d.run(new Pop3StatJob(&d.session));
    QCOMPARE(stat->error().code, Code::TemporaryFailure);
    QCOMPARE(stat->errorString(),
             QStringLiteral("Counting the messages failed: the server said “maildrop not ready”. "
                            "Try again later."));
    QVERIFY(d.finish());
}

void TestPop3Jobs::listAll()
{
    Transaction d({ "C: LIST", "S: +OK 2 messages (320 octets)", "S: 1 120", "S: 2 200 extra words",
                    "S: ." });
    auto *list = d.run(new Pop3ListJob(&d.session));
    QVERIFY2(!list->failed(), qPrintable(list->errorString()));
    QCOMPARE(list->entries(), (QList<Pop3ListJob::Entry> { { 1, 120 }, { 2, 200 } }));
    QVERIFY(d.finish());
    QVERIFY2(d.log().contains(u"C: LIST\nS: +OK 2 messages (320 octets)\nS: {26 bytes}\nS: .\n"),
             qPrintable(d.log()));
}

void TestPop3Jobs::listEmptyMaildrop()
{
    Transaction d({ "C: LIST", "S: +OK", "S: ." });
    auto *list = d.run(new Pop3ListJob(&d.session));
    QVERIFY(!list->failed());
    QVERIFY(list->entries().isEmpty());
    QVERIFY(d.finish());
}

void TestPop3Jobs::listOne()
{
    Transaction d({ "C: LIST 2", "S: +OK 2 200" });
    auto *list = d.run(new Pop3ListJob(&d.session, 2));
    QVERIFY(!list->failed());
    QCOMPARE(list->entries(), (QList<Pop3ListJob::Entry> { { 2, 200 } }));
    QVERIFY(d.finish());
}

void TestPop3Jobs::listNoSuchMessage()
{
    Transaction d({ "C: LIST 3", "S: -ERR no such message, only 2 messages in maildrop" });
    auto *list = d.run(new Pop3ListJob(&d.session, 3));
    QCOMPARE(list->error().code, Code::CommandRejected);
    QCOMPARE(list->errorString(),
             QStringLiteral("Listing message 3 failed: the server said “no such "
                            "message, only 2 messages in maildrop”."));
    QVERIFY(d.finish());
}

// A line that is not "number size" spoils the listing: better none than a wrong one. The
// rest of it is still read, so the session goes on.
void TestPop3Jobs::listMalformedLine()
{
    Transaction d(
        { "C: LIST", "S: +OK", "S: 1 120", "S: two 200", "S: 3 300", "S: .", "C: NOOP", "S: +OK" });
    auto *list = d.run(new Pop3ListJob(&d.session));
    QCOMPARE(list->error().code, Code::ProtocolViolation);
    QVERIFY2(list->errorString().contains(u"two 200"), qPrintable(list->errorString()));
    QVERIFY(list->entries().isEmpty());
    QVERIFY(!d.run(new Pop3NoopJob(&d.session))->failed());
    QVERIFY(d.finish());
}

void TestPop3Jobs::uidlAll()
{
    // RFC 1939 s7's example.
    Transaction d({ "C: UIDL", "S: +OK", "S: 1 whqtswO00WBw418f9t5JxYwZ", "S: 2 QhdPYR:00WBw1Ph7x7",
                    "S: ." });
    auto *uidl = d.run(new Pop3UidlJob(&d.session));
    QVERIFY2(!uidl->failed(), qPrintable(uidl->errorString()));
    QCOMPARE(uidl->entries(),
             (QList<Pop3UidlJob::Entry> { { 1, "whqtswO00WBw418f9t5JxYwZ" },
                                          { 2, "QhdPYR:00WBw1Ph7x7" } }));
    QVERIFY(d.finish());
}

void TestPop3Jobs::uidlOne()
{
    Transaction d({ "C: UIDL 2", "S: +OK 2 QhdPYR:00WBw1Ph7x7" });
    auto *uidl = d.run(new Pop3UidlJob(&d.session, 2));
    QVERIFY(!uidl->failed());
    QCOMPARE(uidl->entries(), (QList<Pop3UidlJob::Entry> { { 2, "QhdPYR:00WBw1Ph7x7" } }));
    QVERIFY(d.finish());
}

void TestPop3Jobs::uidlBadUniqueId()
{
    Transaction d(
        { "C: UIDL", "S: +OK", "S: 1 abc", "S: 2 has space", "S: .", "C: UIDL 1", "S: +OK 1" });
    auto *uidl = d.run(new Pop3UidlJob(&d.session));
    QCOMPARE(uidl->error().code, Code::ProtocolViolation);
    QVERIFY(uidl->entries().isEmpty());
    auto *one = d.run(new Pop3UidlJob(&d.session, 1));
    QCOMPARE(one->error().code, Code::ProtocolViolation);
    QVERIFY(d.finish());
}

void TestPop3Jobs::top()
{
    Transaction d({ "C: TOP 1 2", "S: +OK top of message follows", "S: Subject: hello",
                    "S: ", "S: ..first line", "S: second", "S: ." });
    auto *job = new Pop3TopJob(&d.session, 1, 2);
    Received received(job);
    d.run(job);
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QVERIFY(job->isComplete());
    QCOMPARE(received.bytes, QByteArray("Subject: hello\r\n\r\n.first line\r\nsecond\r\n"));
    QCOMPARE(job->size(), received.bytes.size());
    QVERIFY(d.finish());
}

void TestPop3Jobs::retrieve()
{
    Transaction d({ "C: RETR 1", "S: +OK 71 octets", "S: From: alice@example.com",
                    "S: Subject: dots", "S: ", "S: ..", "S: ...", "S: .x", "S: end", "S: ." });
    auto *job = new Pop3RetrieveJob(&d.session, 1);
    Received received(job);
    d.run(job);
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QVERIFY(job->isComplete());
    const QByteArray message(
        "From: alice@example.com\r\nSubject: dots\r\n\r\n.\r\n..\r\nx\r\nend\r\n");
    QCOMPARE(received.bytes, message);
    QCOMPARE(job->size(), message.size());
    QVERIFY(d.finish());
    // The log has the size, never the content.
    QVERIFY2(d.log().contains(u"C: RETR 1\nS: +OK 71 octets\nS: {" + QString::number(message.size())
                              + u" bytes}\nS: .\n"),
             qPrintable(d.log()));
    QVERIFY(!d.log().contains(u"alice@example.com"));
}

void TestPop3Jobs::retrieveIntoDevice()
{
    Transaction d({ "C: RETR 2", "S: +OK", "S: Subject: x", "S: ", "S: body", "S: ." });
    QBuffer buffer;
    QVERIFY(buffer.open(QIODevice::WriteOnly));
    auto *job = new Pop3RetrieveJob(&d.session, 2);
    job->setDevice(&buffer);
    d.run(job);
    QVERIFY(!job->failed());
    QCOMPARE(buffer.data(), QByteArray("Subject: x\r\n\r\nbody\r\n"));
    QVERIFY(d.finish());
}

// Reads end anywhere: inside a line, between "." and CRLF, inside the end line.
void TestPop3Jobs::retrieveSplitAcrossReads()
{
    Transaction d({ "C: RETR 1", "S~ +OK\\r\\nSubj", "S~ ect: a\\r\\n\\r\\n.", "S~ .\\r\\n..",
                    "S~ x\\r\\n.", "S~ \\r", "S~ \\n", "C: NOOP", "S: +OK" });
    auto *job = new Pop3RetrieveJob(&d.session, 1);
    Received received(job);
    d.run(job);
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(received.bytes, QByteArray("Subject: a\r\n\r\n.\r\n.x\r\n"));
    QVERIFY(received.chunks >= 3);
    QVERIFY(!d.run(new Pop3NoopJob(&d.session))->failed());
    QVERIFY(d.finish());
}

void TestPop3Jobs::retrieveLarge()
{
    QByteArray line = QByteArray(76, 'x');
    QByteArray wire;
    QByteArray message;
    for (int i = 0; i < 20'000; ++i) {
        const QByteArray text = (i % 50 == 0 ? "." : "") + line;
        message += text + "\r\n";
        wire += (text.startsWith('.') ? "." + text : text) + "\r\n";
    }
    Transaction d({ "C: RETR 7", "S: +OK " + QByteArray::number(message.size()) + " octets",
                    "S~ " + wire, "S: ." });
    auto *job = new Pop3RetrieveJob(&d.session, 7);
    Received received(job);
    d.run(job);
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(received.bytes.size(), message.size());
    QVERIFY(received.bytes == message);
    QVERIFY(received.chunks > 1); // handed out as it came, not all at the end
    QVERIFY(d.finish());
}

void TestPop3Jobs::retrieveRefused()
{
    Transaction d({ "C: RETR 9", "S: -ERR no such message" });
    auto *job = new Pop3RetrieveJob(&d.session, 9);
    Received received(job);
    d.run(job);
    QCOMPARE(job->error().code, Code::CommandRejected);
    QCOMPARE(job->errorString(),
             QStringLiteral("Downloading message 9 failed: the server said “no such message”."));
    QVERIFY(!job->isComplete());
    QVERIFY(received.bytes.isEmpty());
    QVERIFY(d.finish());
}

// The connection drops in the middle of a message: the job fails, says what arrived was cut
// off, and never claims the message complete.
void TestPop3Jobs::retrieveCutOff()
{
    Transaction d(
        { "C: RETR 1", "S: +OK 500 octets", "S: Subject: half", "S: ", "S: first half", "CLOSE" },
        { "USER" }, false);
    auto *job = new Pop3RetrieveJob(&d.session, 1);
    Received received(job);
    auto *queued = new Pop3NoopJob(&d.session);
    queued->setAutoDelete(false);
    d.run(job);
    queued->start();
    QVERIFY(job->isFinished());
    QCOMPARE(job->error().code, Code::ConnectionLost);
    QVERIFY(job->error().isTemporary());
    QVERIFY(!job->isComplete());
    QVERIFY2(job->errorString().startsWith(
                 u"Downloading message 1 was cut off after 29 bytes; nothing of it was kept."),
             qPrintable(job->errorString()));
    QCOMPARE(received.bytes, QByteArray("Subject: half\r\n\r\nfirst half\r\n"));
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::ConnectionLost);
    QVERIFY(Pop3Dialogue::waitUntil([queued] { return queued->isFinished(); }));
    QCOMPARE(queued->error().code, Code::ConnectionLost);
}

void TestPop3Jobs::retrieveTimesOut()
{
    Pop3Dialogue d(pop3Opening()
                   + QByteArrayList { "C: RETR 1", "S: +OK", "S: Subject: slow", "WAIT 2000" });
    d.endpoint.readTimeoutMs = 200;
    d.connect();
    auto *job = d.run(new Pop3RetrieveJob(&d.session, 1));
    QCOMPARE(job->error().code, Code::Timeout);
    QVERIFY(!job->isComplete());
    QVERIFY(d.waitClosed());
}

void TestPop3Jobs::messageNumberZero()
{
    Transaction d({});
    auto *retrieve = d.run(new Pop3RetrieveJob(&d.session, 0));
    QCOMPARE(retrieve->error().code, Code::InvalidArgument);
    auto *remove = d.run(new Pop3DeleteJob(&d.session, QList<quint32> { 1, 0 }));
    QCOMPARE(remove->error().code, Code::InvalidArgument);
    QVERIFY(remove->deletedNumbers().isEmpty());
    QVERIFY(d.finish()); // nothing was sent
}

void TestPop3Jobs::deleteOne()
{
    Transaction d({ "C: DELE 1", "S: +OK message 1 deleted" });
    auto *job = d.run(new Pop3DeleteJob(&d.session, 1));
    QVERIFY(!job->failed());
    QCOMPARE(job->deletedNumbers(), QList<quint32> { 1 });
    QVERIFY(d.finish());
}

// Without PIPELINING each DELE waits for the answer to the one before.
void TestPop3Jobs::deleteSeveralOneByOne()
{
    Transaction d({ "C: DELE 1", "S: +OK", "C: DELE 2", "S: -ERR message 2 already deleted",
                    "C: DELE 3", "S: +OK" });
    auto *job = d.run(new Pop3DeleteJob(&d.session, QList<quint32> { 1, 2, 3 }));
    QCOMPARE(job->error().code, Code::CommandRejected);
    QCOMPARE(
        job->errorString(),
        QStringLiteral("Deleting message 2 failed: the server said “message 2 already deleted”."));
    QCOMPARE(job->deletedNumbers(), (QList<quint32> { 1, 3 }));
    QVERIFY(d.finish());
}

// RFC 2449 s6.6: with PIPELINING the commands go out before the answers come; the answers
// still belong to them in order.
void TestPop3Jobs::deletePipelined()
{
    Transaction d({ "C: DELE 4", "C: DELE 5", "C: DELE 6", "S: +OK", "S: -ERR [SYS/TEMP] busy",
                    "S: -ERR no such message" },
                  { "USER", "PIPELINING" });
    auto *job = d.run(new Pop3DeleteJob(&d.session, QList<quint32> { 4, 5, 6 }));
    QCOMPARE(job->error().code, Code::TemporaryFailure); // the first refusal's kind
    QVERIFY2(
        job->errorString().startsWith(u"Deleting messages 5, 6 failed: the server said “busy”."),
        qPrintable(job->errorString()));
    QCOMPARE(job->deletedNumbers(), QList<quint32> { 4 });
    QVERIFY(d.finish());
}

void TestPop3Jobs::reset()
{
    Transaction d(
        { "C: RSET", "S: +OK maildrop has 2 messages (320 octets)", "C: RSET", "S: -ERR" });
    QVERIFY(!d.run(new Pop3ResetJob(&d.session))->failed());
    auto *refused = d.run(new Pop3ResetJob(&d.session));
    QCOMPARE(refused->error().code, Code::CommandRejected);
    QCOMPARE(refused->errorString(),
             QStringLiteral("Undoing the deletions failed; the server gave no reason."));
    QVERIFY(d.finish());
}

void TestPop3Jobs::noop()
{
    Transaction d({ "C: NOOP", "S: +OK" });
    QVERIFY(!d.run(new Pop3NoopJob(&d.session))->failed());
    QVERIFY(d.finish());
}

// RFC 1939 s6: -ERR to QUIT after DELE means the deletions may not have happened.
void TestPop3Jobs::quitRefused()
{
    Transaction d({ "C: DELE 1", "S: +OK", "C: QUIT", "S: -ERR some deleted messages not removed",
                    "EXPECT-CLOSE" },
                  { "USER" }, false);
    QVERIFY(!d.run(new Pop3DeleteJob(&d.session, 1))->failed());
    d.session.quit();
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::CommandRejected);
    QVERIFY2(d.closedError().message.contains(
                 u"messages marked for deletion may still be on the server"),
             qPrintable(d.closedError().message));
    MAGPIE_VERIFY_SCRIPT(d.server);
}

void TestPop3Jobs::quitUnanswered()
{
    Transaction d({ "C: QUIT", "CLOSE" }, { "USER" }, false);
    d.session.quit();
    QVERIFY(d.waitClosed());
    QCOMPARE(d.closedError().code, Code::ConnectionLost);
    QVERIFY2(d.closedError().message.contains(u"without confirming"),
             qPrintable(d.closedError().message));
    MAGPIE_VERIFY_SCRIPT(d.server);
}

QTEST_GUILESS_MAIN(TestPop3Jobs)
#include "tst_pop3jobs.moc"
