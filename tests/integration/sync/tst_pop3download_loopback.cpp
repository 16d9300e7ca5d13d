// SPDX-License-Identifier: GPL-3.0-or-later
// Pop3DownloadTask against a real magpie-server process: mail delivered by SMTP is
// downloaded once, a rerun adds nothing; the connection dropped by the server's fault hooks
// (mid-RETR, after DELE, before QUIT's answer) and, the crash test, this program re-run as a
// child that is killed with SIGKILL at several points (after RETR before the commit, after
// the commit, mid-RETR, at the deletions, from outside): in the end every message is in the
// cache exactly once and none is lost.
//
// The child: `tst_pop3download_loopback --pop3-child CACHE PORT LEAVE KILL`, where KILL is
// none | saving:K (the K-th message of that run fully retrieved, not yet committed) |
// saved:K (right after the K-th commit) | receiving:K (part of the K-th message read) |
// deleting (the downloads done, DELE about to go out). It prints each progress line.
#include "EngineTestSupport.h"
#include "MagpieServerProcess.h"
#include "net/smtp/SmtpEnvelope.h"
#include "net/smtp/SmtpLoginJob.h"
#include "net/smtp/SmtpSendJob.h"
#include "net/smtp/SmtpSession.h"
#include "store/BodyStore.h"
#include "store/MailCache.h"
#include "store/Pop3Ledger.h"
#include "sync/Pop3DownloadTask.h"

#include <QDir>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>
#include <cstdio>
#include <signal.h>

using magpie::net::Credentials;
using magpie::net::NetError;
using magpie::net::ServerEndpoint;
using magpie::smtp::SmtpEnvelope;
using magpie::smtp::SmtpLoginJob;
using magpie::smtp::SmtpSendJob;
using magpie::smtp::SmtpSession;
using magpie::store::MailCache;
using magpie::store::Pop3Ledger;
using magpie::sync::AccountConfig;
using magpie::sync::Pop3DownloadTask;
using magpie::sync::SyncProblem;
using magpie::sync::SyncProgress;
using magpie::testing::MagpieServerProcess;
using namespace Qt::StringLiterals;
using Service = MagpieServerProcess::Service;

namespace {

const QString kAlice = u"alice@example.test"_s;
const QString kPassword = u"secret"_s;
const QString kAccount = u"alice-pop"_s;

QByteArray messageId(int n)
{
    return "<pop3-loopback." + QByteArray::number(n) + "@example.test>";
}

// Message n; every one in `large` gets a body of about 200 KB, so it arrives in many reads.
QByteArray message(int n, bool large = false)
{
    QByteArray body = "Text of message " + QByteArray::number(n) + ".\r\n.A line with a dot.\r\n";
    if (large) {
        const QByteArray line = QByteArray(70, char('a' + n % 26)) + "\r\n";
        for (int i = 0; i < 3000; ++i)
            body += line;
    }
    return "From: Alice <alice@example.test>\r\nTo: alice@example.test\r\nSubject: Number "
        + QByteArray::number(n) + "\r\nDate: Mon, 20 May 2024 10:00:00 +0000\r\nMessage-ID: "
        + messageId(n) + "\r\n\r\n" + body;
}

AccountConfig account(const ServerEndpoint &endpoint, bool leaveOnServer)
{
    AccountConfig config;
    config.id = kAccount;
    config.incoming = AccountConfig::Incoming::Pop3;
    config.incomingServer = endpoint;
    config.incomingUser = kAlice;
    config.pop3LeaveOnServer = leaveOnServer;
    return config;
}

Credentials credentials()
{
    Credentials credentials;
    credentials.user = kAlice;
    credentials.password = kPassword;
    return credentials;
}

// The child process: one download, killed (SIGKILL, raised by itself at an exact point) as
// `kill` says, else exit 0 on success and 1 on failure.
int runChild(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList arguments = app.arguments();
    if (arguments.size() != 6)
        return 2;
    MailCache cache;
    if (const auto error = cache.open(arguments.at(2))) {
        std::fprintf(stderr, "%s\n", qPrintable(error.message));
        return 2;
    }
    ServerEndpoint endpoint;
    endpoint.host = u"127.0.0.1"_s;
    endpoint.port = quint16(arguments.at(3).toUInt());
    endpoint.security = ServerEndpoint::Security::Plaintext;
    endpoint.connectTimeoutMs = 5000;
    endpoint.readTimeoutMs = 10000;
    Pop3DownloadTask task(account(endpoint, arguments.at(4) == u"1"_s), credentials(), cache);

    const QString kill = arguments.at(5);
    const QString kind = kill.section(u':', 0, 0);
    const int k = kill.section(u':', 1, 1).toInt();
    qint64 startedAt = -1; // progress done when the K-th message began
    QObject::connect(&task, &Pop3DownloadTask::progress, &task, [&](const SyncProgress &p) {
        std::printf("%s %lld/%lld\n", qPrintable(p.activity), p.done, p.total);
        std::fflush(stdout);
        const qint64 stored = task.downloaded();
        const bool saving = p.activity.startsWith(u"Saving"_s);
        if (kind == u"saving"_s && saving && stored == k - 1)
            std::raise(SIGKILL);
        if (kind == u"saved"_s && stored == k)
            std::raise(SIGKILL);
        if (kind == u"receiving"_s && stored == k - 1
            && p.activity.startsWith(u"Downloading"_s)) {
            if (startedAt < 0)
                startedAt = p.done;
            else if (p.done > startedAt)
                std::raise(SIGKILL);
        }
        if (kind == u"deleting"_s && p.activity.startsWith(u"Deleting"_s))
            std::raise(SIGKILL);
    });
    int exitCode = 1;
    QObject::connect(&task, &Pop3DownloadTask::finished, &app, [&] {
        std::printf("finished downloaded=%lld deleted=%lld %s\n", task.downloaded(),
                    task.deletedFromServer(), qPrintable(task.problem().message));
        exitCode = task.failed() ? 1 : 0;
        app.quit();
    });
    task.start();
    app.exec();
    return exitCode;
}

} // namespace

class TestPop3DownloadLoopback : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void downloadThenRerun();
    void droppedMidRetrieve();
    void leaveOnServerOffDeletesAfterQuit();
    void droppedAfterDeleBeforeQuit();
    void quitAnswerLost();
    void crashWhileDownloading();
    void crashWhileDeleting();

private:
    QString startServer(const QStringList &faults = {});
    void deliver(int first, int count, const QList<int> &large = {});
    // Runs one download in this process; returns it for inspection.
    Pop3DownloadTask *download(bool leaveOnServer = true);
    // Runs the child; true when it ended as expected (killed, or exit 0 for "none").
    bool runChildProcess(const QString &kill, bool leaveOnServer, QString *output,
                         int killAfterLines = 0);
    QMap<QByteArray, int> cachedMessageIds(); // Message-ID -> copies
    int serverMessageCount();
    void verifyEachOnce(int count);

    std::unique_ptr<MagpieServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MailCache> m_cache;
    std::unique_ptr<Pop3DownloadTask> m_task;
};

void TestPop3DownloadLoopback::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<MailCache>();
    const auto error = m_cache->open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(!error, qPrintable(error.message));
}

void TestPop3DownloadLoopback::cleanup()
{
    m_task.reset();
    m_cache.reset();
    m_server.reset();
    m_dir.reset();
}

QString TestPop3DownloadLoopback::startServer(const QStringList &faults)
{
    m_server = std::make_unique<MagpieServerProcess>();
    QStringList arguments { u"--allow-plaintext-auth"_s };
    for (const QString &fault : faults)
        arguments += { u"--fault"_s, fault };
    return m_server->start({ { kAlice, kPassword } }, arguments);
}

void TestPop3DownloadLoopback::deliver(int first, int count, const QList<int> &large)
{
    using magpie::testing::openSession;
    using magpie::testing::runJob;
    SmtpSession session;
    NetError closed;
    QVERIFY2(openSession(session, &closed,
                         m_server->endpoint(Service::Smtp, ServerEndpoint::Security::Plaintext)),
             qPrintable(closed.message));
    auto *login = new SmtpLoginJob(&session, credentials());
    QVERIFY(runJob(login));
    QVERIFY2(!login->failed(), qPrintable(login->errorString()));
    for (int n = first; n < first + count; ++n) {
        auto *send = new SmtpSendJob(&session, SmtpEnvelope(kAlice, { kAlice }),
                                     message(n, large.contains(n)));
        QVERIFY(runJob(send));
        QVERIFY2(!send->failed(), qPrintable(send->errorString()));
    }
    magpie::testing::waitForClosed(session, [&session] { session.quit(); });
}

Pop3DownloadTask *TestPop3DownloadLoopback::download(bool leaveOnServer)
{
    m_task.reset();
    m_task = std::make_unique<Pop3DownloadTask>(
        account(m_server->endpoint(Service::Pop3), leaveOnServer), credentials(), *m_cache);
    QSignalSpy finished(m_task.get(), &Pop3DownloadTask::finished);
    m_task->start();
    if (!finished.wait(20000))
        qWarning("the download did not finish");
    return m_task.get();
}

bool TestPop3DownloadLoopback::runChildProcess(const QString &kill, bool leaveOnServer,
                                               QString *output, int killAfterLines)
{
    QProcess child;
    child.setProcessChannelMode(QProcess::SeparateChannels);
    child.start(QCoreApplication::applicationFilePath(),
                { u"--pop3-child"_s, m_cache->path(),
                  QString::number(m_server->port(Service::Pop3)),
                  leaveOnServer ? u"1"_s : u"0"_s, kill });
    if (!child.waitForStarted(10000))
        return false;
    if (killAfterLines > 0) {
        // Killed from outside, as a person or the system would: after some progress lines.
        QByteArray seen;
        while (seen.count('\n') < killAfterLines && child.state() == QProcess::Running) {
            child.waitForReadyRead(200);
            seen += child.readAllStandardOutput();
        }
        ::kill(pid_t(child.processId()), SIGKILL);
        child.waitForFinished(10000);
        *output = QString::fromUtf8(seen + child.readAllStandardOutput());
        return child.exitStatus() == QProcess::CrashExit;
    }
    const bool ended = child.waitForFinished(30000);
    *output = QString::fromUtf8(child.readAllStandardOutput() + child.readAllStandardError());
    if (!ended)
        return false;
    if (kill == u"none"_s)
        return child.exitStatus() == QProcess::NormalExit && child.exitCode() == 0;
    return child.exitStatus() == QProcess::CrashExit;
}

QMap<QByteArray, int> TestPop3DownloadLoopback::cachedMessageIds()
{
    QMap<QByteArray, int> copies;
    QSqlQuery query(m_cache->connection());
    query.exec(u"SELECT message_id FROM messages"_s);
    while (query.next())
        ++copies[query.value(0).toByteArray()];
    return copies;
}

int TestPop3DownloadLoopback::serverMessageCount()
{
    const QString inbox = m_server->dataDirectory() + u'/' + kAlice;
    return int(QDir(inbox + u"/new"_s).entryList(QDir::Files).size()
               + QDir(inbox + u"/cur"_s).entryList(QDir::Files).size());
}

// Messages 1..count each once in the cache, with their body and UIDL; nothing else.
void TestPop3DownloadLoopback::verifyEachOnce(int count)
{
    const QMap<QByteArray, int> copies = cachedMessageIds();
    for (int n = 1; n <= count; ++n)
        QVERIFY2(copies.value(messageId(n)) == 1,
                 qPrintable(u"message %1 is in the cache %2 times"_s.arg(n).arg(
                     copies.value(messageId(n)))));
    QCOMPARE(copies.size(), count);
    QCOMPARE(Pop3Ledger(*m_cache).count(kAccount), count);
    QSqlQuery query(m_cache->connection());
    QVERIFY(query.exec(u"SELECT COUNT(*) FROM messages m JOIN bodies b ON b.message_id = m.id"
                       " WHERE m.pop3_uidl IS NOT NULL"_s));
    QVERIFY(query.next());
    QCOMPARE(query.value(0).toInt(), count);
}

void TestPop3DownloadLoopback::downloadThenRerun()
{
    const QString problem = startServer();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    deliver(1, 5, { 3 });
    auto *task = download();
    QVERIFY2(!task->failed(), qPrintable(task->problem().message + m_server->log()));
    QCOMPARE(task->downloaded(), 5);
    verifyEachOnce(5);

    // The stored bytes are what was sent, after the server's Received: field.
    QSqlQuery query(m_cache->connection());
    QVERIFY(query.exec(u"SELECT m.message_id, b.raw FROM messages m JOIN bodies b"
                       " ON b.message_id = m.id"_s));
    while (query.next()) {
        const int n = query.value(0).toByteArray().mid(15).split('@').value(0).toInt();
        const QByteArray sent = message(n, n == 3);
        QVERIFY2(query.value(1).toByteArray().endsWith(sent), query.value(0).toByteArray().constData());
    }

    task = download();
    QVERIFY2(!task->failed(), qPrintable(task->problem().message));
    QCOMPARE(task->downloaded(), 0);
    deliver(6, 1);
    task = download();
    QCOMPARE(task->downloaded(), 1);
    verifyEachOnce(6);
    QCOMPARE(serverMessageCount(), 6); // left on the server
}

void TestPop3DownloadLoopback::droppedMidRetrieve()
{
    const QString problem = startServer({ u"pop3:RETR:drop-after-bytes:400"_s });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    deliver(1, 4, { 1 });
    auto *task = download();
    QVERIFY(task->failed());
    QCOMPARE(task->problem().kind, SyncProblem::Kind::Network);
    QVERIFY(task->problem().willRetry);
    QCOMPARE(task->downloaded(), 0);
    QCOMPARE(cachedMessageIds().size(), 0);

    task = download();
    QVERIFY2(!task->failed(), qPrintable(task->problem().message));
    QCOMPARE(task->downloaded(), 4);
    verifyEachOnce(4);
    QCOMPARE(download()->downloaded(), 0);
    verifyEachOnce(4);
}

void TestPop3DownloadLoopback::leaveOnServerOffDeletesAfterQuit()
{
    const QString problem = startServer();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    deliver(1, 3);
    auto *task = download(false);
    QVERIFY2(!task->failed(), qPrintable(task->problem().message));
    QCOMPARE(task->downloaded(), 3);
    QCOMPARE(task->deletedFromServer(), 3);
    QCOMPARE(serverMessageCount(), 0);
    verifyEachOnce(3);
    // Next time the server lists nothing: the UIDLs are forgotten, the messages stay.
    task = download(false);
    QCOMPARE(task->downloaded(), 0);
    QCOMPARE(Pop3Ledger(*m_cache).count(kAccount), 0);
    QCOMPARE(cachedMessageIds().size(), 3);
}

void TestPop3DownloadLoopback::droppedAfterDeleBeforeQuit()
{
    // The connection drops after the first DELE's +OK: no QUIT, no UPDATE state (RFC 1939
    // s6), so the server keeps everything; the next run deletes without downloading again.
    const QString problem = startServer({ u"pop3:DELE:drop-after-reply"_s });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    deliver(1, 3);
    auto *task = download(false);
    QVERIFY(task->failed());
    QCOMPARE(task->downloaded(), 3);
    QCOMPARE(task->deletedFromServer(), 0);
    QCOMPARE(serverMessageCount(), 3);
    task = download(false);
    QVERIFY2(!task->failed(), qPrintable(task->problem().message));
    QCOMPARE(task->downloaded(), 0);
    QCOMPARE(task->deletedFromServer(), 3);
    QCOMPARE(serverMessageCount(), 0);
    verifyEachOnce(3);
}

void TestPop3DownloadLoopback::quitAnswerLost()
{
    // The server deletes at QUIT but its +OK is lost: the task cannot count the deletions;
    // the next run finds the UIDLs gone and forgets them. Nothing is downloaded twice.
    const QString problem = startServer({ u"pop3:QUIT:drop-before-reply"_s });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    deliver(1, 2);
    auto *task = download(false);
    QVERIFY(task->failed());
    QVERIFY(task->problem().willRetry);
    QCOMPARE(task->downloaded(), 2);
    QCOMPARE(serverMessageCount(), 0);
    deliver(3, 1);
    task = download(false);
    QVERIFY2(!task->failed(), qPrintable(task->problem().message));
    QCOMPARE(task->downloaded(), 1);
    QCOMPARE(task->deletedFromServer(), 1);
    QCOMPARE(cachedMessageIds().size(), 3);
    QCOMPARE(Pop3Ledger(*m_cache).count(kAccount), 1);
}

void TestPop3DownloadLoopback::crashWhileDownloading()
{
    const QString problem = startServer();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const int total = 24;
    deliver(1, total, { 8, 20 });
    m_cache->close(); // the children write it; reopened to check

    struct Step
    {
        QString kill;
        int killAfterLines;
    };
    const QList<Step> steps { { u"saving:3"_s, 0 },    // messages 1-2 kept, 3 not committed
                              { u"saved:4"_s, 0 },     // 3-6 kept, killed right after 6's commit
                              { u"receiving:2"_s, 0 }, // 7 kept, 8 (large) cut off mid-RETR
                              { u"saving:1"_s, 0 },    // 8 retrieved in full, not committed
                              { u"none"_s, 6 },        // killed from outside, somewhere
                              { u"none"_s, 0 } };      // the run that completes
    for (const Step &step : steps) {
        QString output;
        const bool asExpected = runChildProcess(step.kill, true, &output, step.killAfterLines);
        QVERIFY2(asExpected, qPrintable(step.kill + u":\n"_s + output + m_server->log()));
    }

    QVERIFY(!m_cache->open(m_dir->filePath(u"cache.sqlite"_s)));
    verifyEachOnce(total);
    QCOMPARE(serverMessageCount(), total);
}

void TestPop3DownloadLoopback::crashWhileDeleting()
{
    const QString problem = startServer();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    deliver(1, 6);
    m_cache->close();
    QString output;
    QVERIFY2(runChildProcess(u"saved:3"_s, false, &output), qPrintable(output));
    QCOMPARE(serverMessageCount(), 6);
    // All stored, killed just before the DELE commands: the server still has everything.
    QVERIFY2(runChildProcess(u"deleting"_s, false, &output), qPrintable(output));
    QCOMPARE(serverMessageCount(), 6);
    QVERIFY2(runChildProcess(u"none"_s, false, &output), qPrintable(output));
    QVERIFY2(output.contains(u"finished downloaded=0 deleted=6"_s), qPrintable(output));
    QCOMPARE(serverMessageCount(), 0);

    QVERIFY(!m_cache->open(m_dir->filePath(u"cache.sqlite"_s)));
    const QMap<QByteArray, int> copies = cachedMessageIds();
    QCOMPARE(copies.size(), 6);
    for (int n = 1; n <= 6; ++n)
        QCOMPARE(copies.value(messageId(n)), 1);
}

int main(int argc, char **argv)
{
    if (argc > 1 && qstrcmp(argv[1], "--pop3-child") == 0)
        return runChild(argc, argv);
    QCoreApplication app(argc, argv);
    TestPop3DownloadLoopback test;
    QTEST_SET_MAIN_SOURCE_PATH
    return QTest::qExec(&test, argc, argv);
}

#include "tst_pop3download_loopback.moc"
