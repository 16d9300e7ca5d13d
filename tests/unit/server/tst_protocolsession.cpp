// SPDX-License-Identifier: GPL-3.0-or-later
// The fault hooks every protocol shares (ProtocolSession), driven by a line-echo session:
// each line "VERB ..." is one command whose final reply is "OK VERB", preceded by a
// 20-byte untagged "data" line so that byte-count rules have something to cut.
#include "Dialogue.h"

#include <QTest>

using namespace magpie::server;
using namespace magpie::server::testing;

namespace {

class EchoSession : public ProtocolSession
{
public:
    EchoSession(ServerContext &context, Transport &transport)
        : ProtocolSession(Protocol::Smtp, context, transport)
    {
    }
    void start() override { send("HELLO\r\n"); }
    void idleTimedOut() override { closeConnection(); }
    int idleTimeoutMs() const override { return 1000; }
    int commandsRun = 0;
    QByteArray received;

protected:
    void handleBytes(QByteArrayView bytes) override
    {
        m_buffer += bytes;
        qsizetype lf;
        while (!isClosed() && (lf = m_buffer.indexOf('\n')) >= 0) {
            const QByteArray line = m_buffer.left(lf + 1);
            m_buffer.remove(0, lf + 1);
            received += line;
            const QByteArray verb = line.trimmed().split(' ').value(0);
            if (verb == "SEND") {
                // Everything after this line until "END" counts as the command's data.
                if (!beginCommand(verb))
                    continue;
                m_inData = true;
                continue;
            }
            if (m_inData) {
                if (line.trimmed() == "END") {
                    m_inData = false;
                    ++commandsRun;
                    completeCommand("OK SEND\r\n");
                }
                continue;
            }
            if (!beginCommand(verb))
                continue;
            ++commandsRun;
            send("* data 0123456789\r\n");
            completeCommand("OK " + verb + "\r\n");
        }
    }

private:
    QByteArray m_buffer;
    bool m_inData = false;
};

ServerConfig configWith(const QString &fault)
{
    ServerConfig config = ServerFixture::defaultConfig();
    QString why;
    const auto rule = FaultRule::parse(fault, &why);
    if (!rule)
        qFatal("bad fault rule in test: %s", qPrintable(why));
    config.faults << *rule;
    return config;
}

} // namespace

class TestProtocolSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void noFaultsRunsEverything();
    void replyRuleAnswersInsteadOfRunning();
    void dropBeforeReplyRunsButNeverAnswers();
    void dropAfterReplyAnswersThenCloses();
    void dropAfterBytesCutsTheAnswer();
    void dropAfterReceivedCutsTheUpload();
    void ruleFiresOnlyOnce();
    void otherProtocolsRuleDoesNotFire();
};

void TestProtocolSession::noFaultsRunsEverything()
{
    ServerFixture fixture;
    FakeTransport transport;
    EchoSession session(fixture.context, transport);
    session.receive("NOOP\r\nDATA\r\n");
    QCOMPARE(transport.take(), QByteArray("* data 0123456789\r\nOK NOOP\r\n* data 0123456789\r\nOK DATA\r\n"));
    QCOMPARE(session.commandsRun, 2);
    QVERIFY(!transport.closed);
}

void TestProtocolSession::replyRuleAnswersInsteadOfRunning()
{
    ServerFixture fixture(configWith(QStringLiteral("smtp:MAIL:reply:451 4.3.0 Busy: try later")));
    FakeTransport transport;
    EchoSession session(fixture.context, transport);
    session.receive("MAIL\r\nMAIL\r\n");
    QCOMPARE(transport.take(), QByteArray("451 4.3.0 Busy: try later\r\n* data 0123456789\r\nOK MAIL\r\n"));
    QCOMPARE(session.commandsRun, 1);
}

void TestProtocolSession::dropBeforeReplyRunsButNeverAnswers()
{
    ServerFixture fixture(configWith(QStringLiteral("smtp:SEND:drop-before-reply")));
    FakeTransport transport;
    EchoSession session(fixture.context, transport);
    session.receive("SEND\r\nline 1\r\nEND\r\nNOOP\r\n");
    QCOMPARE(session.commandsRun, 1); // the command ran: a message would be stored
    QCOMPARE(transport.take(), QByteArray());
    QVERIFY(transport.closed);
    QVERIFY(session.isClosed());
}

void TestProtocolSession::dropAfterReplyAnswersThenCloses()
{
    ServerFixture fixture(configWith(QStringLiteral("smtp:COPY:drop-after-reply")));
    FakeTransport transport;
    EchoSession session(fixture.context, transport);
    session.receive("COPY\r\nNOOP\r\n");
    QCOMPARE(transport.take(), QByteArray("* data 0123456789\r\nOK COPY\r\n"));
    QVERIFY(transport.closed);
    QCOMPARE(session.commandsRun, 1); // NOOP never ran
}

void TestProtocolSession::dropAfterBytesCutsTheAnswer()
{
    ServerFixture fixture(configWith(QStringLiteral("smtp:FETCH:drop-after-bytes:7")));
    FakeTransport transport;
    EchoSession session(fixture.context, transport);
    session.receive("FETCH\r\n");
    QCOMPARE(transport.take(), QByteArray("* data "));
    QVERIFY(transport.closed);
}

void TestProtocolSession::dropAfterReceivedCutsTheUpload()
{
    ServerFixture fixture(configWith(QStringLiteral("smtp:SEND:drop-after-received:9")));
    FakeTransport transport;
    EchoSession session(fixture.context, transport);
    // One chunk: the command line and its data arrive together; only 9 bytes after the
    // command line reach the session ("line 1\r\nl").
    session.receive("SEND\r\nline 1\r\nline 2\r\nEND\r\n");
    QCOMPARE(session.received, QByteArray("SEND\r\nline 1\r\n"));
    QVERIFY(transport.closed);
    QCOMPARE(session.commandsRun, 0);
}

void TestProtocolSession::ruleFiresOnlyOnce()
{
    ServerFixture fixture(configWith(QStringLiteral("smtp:NOOP:reply:450 no")));
    FakeTransport transport;
    EchoSession session(fixture.context, transport);
    session.receive("NOOP\r\nNOOP\r\n");
    QCOMPARE(transport.take(), QByteArray("450 no\r\n* data 0123456789\r\nOK NOOP\r\n"));
}

void TestProtocolSession::otherProtocolsRuleDoesNotFire()
{
    ServerFixture fixture(configWith(QStringLiteral("imap:NOOP:reply:NO busy")));
    FakeTransport transport;
    EchoSession session(fixture.context, transport);
    session.receive("NOOP\r\n");
    QCOMPARE(transport.take(), QByteArray("* data 0123456789\r\nOK NOOP\r\n"));
}

QTEST_GUILESS_MAIN(TestProtocolSession)
#include "tst_protocolsession.moc"
