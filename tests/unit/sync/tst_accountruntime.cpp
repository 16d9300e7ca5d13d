// SPDX-License-Identifier: GPL-3.0-or-later
// AccountRuntime's timing and state, with tasks that succeed or fail on cue (a test
// AccountTaskFactory) and, for IDLE, a real session against a ScriptedServer: reconnect after
// a drop with backoff, authentication and certificate failures stopping without a retry
// loop, polling when IDLE is missing, a folder change seen by IDLE becoming a sync of that
// folder, and a one-shot syncNow() ending Stopped.
#include "sync/AccountRuntime.h"

#include "ScriptedServer.h"

#include "net/imap/ImapSession.h"
#include "net/imap/LoginJob.h"
#include "store/MailCache.h"
#include "sync/AccountTaskFactory.h"
#include "sync/SyncTask.h"

#include <QElapsedTimer>
#include <QPointer>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <deque>
#include <memory>

using magpie::imap::ImapSession;
using magpie::net::NetError;
using magpie::sync::AccountConfig;
using magpie::sync::AccountRuntime;
using magpie::sync::AccountTaskFactory;
using magpie::sync::ImapSyncStats;
using magpie::sync::SyncProblem;
using magpie::sync::SyncTask;
using magpie::test::ScriptedServer;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {

// A task that ends after `delayMs` with `error` (none: success).
class CuedTask : public SyncTask
{
    Q_OBJECT
public:
    CuedTask(const QString &accountId, const NetError &error, int delayMs, QObject *parent)
        : SyncTask(accountId, parent)
        , m_error(error)
        , m_delayMs(delayMs)
    { }

protected:
    void doStart() override
    {
        QTimer::singleShot(m_delayMs, this, [this] {
            if (m_error.isError())
                finishWithNetError(m_error);
            else
                finishWithSuccess();
        });
    }

private:
    NetError m_error;
    int m_delayMs;
};

// Connects a real session to a ScriptedServer and logs in, as ImapConnectTask would.
class ScriptedConnectTask : public SyncTask
{
    Q_OBJECT
public:
    ScriptedConnectTask(const QString &accountId, ScriptedServer *server, QObject *parent)
        : SyncTask(accountId, parent)
        , m_server(server)
    { }
    std::unique_ptr<ImapSession> session = std::make_unique<ImapSession>();

protected:
    void doStart() override
    {
        session->connectToServer(m_server->endpoint(magpie::net::ServerEndpoint::Security::Plaintext));
        auto *login = new magpie::imap::LoginJob(session.get(), { u"alice"_s, u"secret"_s, {}, {} });
        connect(login, &magpie::net::Job::finished, this, [this](magpie::net::Job *job) {
            if (job->failed())
                finishWithNetError(job->error());
            else
                finishWithSuccess();
        });
        login->start();
    }

private:
    ScriptedServer *m_server;
};

NetError error(NetError::Code code)
{
    return NetError::make(code, u"Cued failure."_s);
}

// What the runtime asked for, and what it gets: a queue of outcomes per kind of task.
class CuedTasks : public AccountTaskFactory
{
public:
    std::deque<NetError> connectOutcomes; // empty: success
    std::deque<NetError> syncOutcomes;
    std::deque<ScriptedServer *> watcherServers; // connections after the first
    int connects = 0;
    QStringList syncs; // the folder of each sync ("" for all)
    QList<qint64> connectTimes;
    QElapsedTimer clock;
    bool sessionHasIdle = false;
    ScriptedServer *mainServer = nullptr;

    CuedTasks() { clock.start(); }

    SyncTask *imapConnect(const AccountConfig &account, const magpie::net::Credentials &,
                          QObject *parent) override
    {
        ++connects;
        connectTimes.append(clock.elapsed());
        if (connects > 1 && !watcherServers.empty()) {
            ScriptedServer *server = watcherServers.front();
            watcherServers.pop_front();
            return new ScriptedConnectTask(account.id, server, parent);
        }
        if (mainServer && connects == 1)
            return new ScriptedConnectTask(account.id, mainServer, parent);
        NetError outcome;
        if (!connectOutcomes.empty()) {
            outcome = connectOutcomes.front();
            connectOutcomes.pop_front();
        }
        return new CuedTask(account.id, outcome, 5, parent);
    }
    std::unique_ptr<ImapSession> takeSession(SyncTask *task) override
    {
        if (auto *scripted = qobject_cast<ScriptedConnectTask *>(task))
            return std::move(scripted->session);
        return std::make_unique<ImapSession>(); // never connected: no IDLE, no jobs
    }
    SyncTask *imapSync(const AccountConfig &account, ImapSession *, magpie::store::MailCache &,
                       const QString &onlyFolder, QObject *parent) override
    {
        syncs.append(onlyFolder);
        NetError outcome;
        if (!syncOutcomes.empty()) {
            outcome = syncOutcomes.front();
            syncOutcomes.pop_front();
        }
        return new CuedTask(account.id, outcome, 5, parent);
    }
    ImapSyncStats imapSyncStats(const SyncTask *) const override
    {
        ImapSyncStats stats;
        stats.folders = 3;
        stats.newMessages = 7;
        stats.bytes = 4096;
        return stats;
    }
};

AccountConfig imapAccount()
{
    AccountConfig account;
    account.id = u"acct"_s;
    account.displayName = u"Test"_s;
    account.incomingServer.host = u"127.0.0.1"_s;
    account.incomingServer.port = 1;
    account.incomingUser = u"alice"_s;
    return account;
}

QList<AccountRuntime::State> states(const QSignalSpy &spy)
{
    QList<AccountRuntime::State> result;
    for (const QList<QVariant> &arguments : spy)
        result.append(arguments.first().value<AccountRuntime::State>());
    return result;
}

} // namespace

class TestAccountRuntime : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void oneShotSyncEndsStopped();
    void reconnectsWithBackoffAfterADrop();
    void refusedLoginNeedsThePerson_data();
    void refusedLoginNeedsThePerson();
    void newPasswordConnectsAgain();
    void pollsWhenIdleIsMissing();
    void idleChangeSyncsThatFolder();
    void stoppedWhileTheWatcherExamines();

private:
    struct Fixture
    {
        std::unique_ptr<AccountRuntime> runtime;
        CuedTasks *tasks = nullptr;
    };
    Fixture make(const AccountConfig &account, AccountRuntime::Timings timings = {});

    QTemporaryDir m_dir;
    magpie::store::MailCache m_cache;
};

void TestAccountRuntime::initTestCase()
{
    QVERIFY(m_dir.isValid());
    const auto opened = m_cache.open(m_dir.filePath(u"cache.sqlite"_s));
    QVERIFY2(!opened, qPrintable(opened.message));
}

TestAccountRuntime::Fixture TestAccountRuntime::make(const AccountConfig &account,
                                                     AccountRuntime::Timings timings)
{
    Fixture fixture;
    fixture.runtime = std::make_unique<AccountRuntime>(account, m_cache);
    auto tasks = std::make_unique<CuedTasks>();
    fixture.tasks = tasks.get();
    if (timings.reconnectDelays.isEmpty())
        timings.reconnectDelays = { 100ms, 200ms, 300ms };
    fixture.runtime->setTimings(timings);
    fixture.runtime->setTaskFactory(std::move(tasks));
    fixture.runtime->setCredentials(AccountRuntime::Secret::Incoming, { u"alice"_s, u"secret"_s, {}, {} });
    return fixture;
}

void TestAccountRuntime::oneShotSyncEndsStopped()
{
    Fixture f = make(imapAccount());
    QSignalSpy finished(f.runtime.get(), &AccountRuntime::syncFinished);
    QSignalSpy stateSpy(f.runtime.get(), &AccountRuntime::stateChanged);
    f.runtime->syncNow(u"INBOX"_s);
    QTRY_COMPARE(finished.size(), 1);
    QCOMPARE(finished.first().first().toBool(), true);
    QTRY_COMPARE(f.runtime->state(), AccountRuntime::State::Stopped);
    QCOMPARE(f.tasks->syncs, QStringList({ u"INBOX"_s }));
    QCOMPARE(f.runtime->lastSyncStats().newMessages, 7);
    QCOMPARE(states(stateSpy),
             QList<AccountRuntime::State>({ AccountRuntime::State::Connecting,
                                            AccountRuntime::State::Online,
                                            AccountRuntime::State::Syncing,
                                            AccountRuntime::State::Stopped }));
}

void TestAccountRuntime::reconnectsWithBackoffAfterADrop()
{
    Fixture f = make(imapAccount());
    // The first pass loses the connection; the next two connects are refused; then it works.
    f.tasks->syncOutcomes = { error(NetError::Code::ConnectionLost) };
    f.tasks->connectOutcomes = { NetError {}, error(NetError::Code::ConnectionRefused),
                                 error(NetError::Code::ConnectionRefused) };
    QSignalSpy problems(f.runtime.get(), &AccountRuntime::problem);
    QSignalSpy finished(f.runtime.get(), &AccountRuntime::syncFinished);
    f.runtime->start();
    QTRY_COMPARE_WITH_TIMEOUT(f.tasks->connects, 4, 3000);
    QTRY_COMPARE(f.runtime->state(), AccountRuntime::State::Online);
    QCOMPARE(f.tasks->syncs.size(), 2); // the lost pass, and a new one after reconnecting
    QCOMPARE(finished.last().first().toBool(), true);
    QCOMPARE(problems.size(), 3);
    for (const QList<QVariant> &arguments : problems) {
        const auto problem = arguments.first().value<SyncProblem>();
        QCOMPARE(problem.kind, SyncProblem::Kind::Network);
        QVERIFY(problem.willRetry);
    }
    // The waits grew as the test schedule says: 100, 200, 300 ms.
    const QList<qint64> &at = f.tasks->connectTimes;
    QVERIFY2(at[1] - at[0] >= 100, qPrintable(QString::number(at[1] - at[0])));
    QVERIFY2(at[2] - at[1] >= 200, qPrintable(QString::number(at[2] - at[1])));
    QVERIFY2(at[3] - at[2] >= 300, qPrintable(QString::number(at[3] - at[2])));
    f.runtime->stop();
    QCOMPARE(f.runtime->state(), AccountRuntime::State::Stopped);
}

void TestAccountRuntime::refusedLoginNeedsThePerson_data()
{
    QTest::addColumn<NetError::Code>("code");
    QTest::addColumn<SyncProblem::Kind>("kind");
    QTest::newRow("password refused") << NetError::Code::AuthenticationFailed
                                      << SyncProblem::Kind::Authentication;
    QTest::newRow("certificate not trusted") << NetError::Code::Certificate
                                             << SyncProblem::Kind::Certificate;
    QTest::newRow("server refuses for good") << NetError::Code::CommandRejected
                                             << SyncProblem::Kind::Server;
}

void TestAccountRuntime::refusedLoginNeedsThePerson()
{
    QFETCH(NetError::Code, code);
    QFETCH(SyncProblem::Kind, kind);
    AccountRuntime::Timings timings;
    timings.reconnectDelays = { 20ms };
    Fixture f = make(imapAccount(), timings);
    f.tasks->connectOutcomes = { error(code), error(code), error(code) };
    QList<AccountRuntime::Secret> asked;
    f.runtime->setCredentialRequest([&asked](AccountRuntime::Secret which) { asked.append(which); });
    QSignalSpy problems(f.runtime.get(), &AccountRuntime::problem);
    f.runtime->start();
    QTRY_COMPARE(f.runtime->state(), AccountRuntime::State::NeedsAttention);
    QTest::qWait(300); // fifteen reconnect delays: no attempt may follow
    QCOMPARE(f.tasks->connects, 1);
    QCOMPARE(problems.size(), 1);
    const auto problem = problems.first().first().value<SyncProblem>();
    QCOMPARE(problem.kind, kind);
    QVERIFY(!problem.willRetry);
    QCOMPARE(problem.accountId, u"acct"_s);
    // A refused password is asked for again, once; a certificate is the person's decision.
    QCOMPARE(asked.size(), kind == SyncProblem::Kind::Authentication ? 1 : 0);
}

void TestAccountRuntime::newPasswordConnectsAgain()
{
    Fixture f = make(imapAccount());
    f.tasks->connectOutcomes = { error(NetError::Code::AuthenticationFailed) };
    f.runtime->setCredentialRequest([](AccountRuntime::Secret) { });
    f.runtime->start();
    QTRY_COMPARE(f.runtime->state(), AccountRuntime::State::NeedsAttention);
    f.runtime->setCredentials(AccountRuntime::Secret::Incoming, { u"alice"_s, u"right"_s, {}, {} });
    QTRY_COMPARE(f.runtime->state(), AccountRuntime::State::Online);
    QCOMPARE(f.tasks->connects, 2);
    f.runtime->stop();
}

void TestAccountRuntime::pollsWhenIdleIsMissing()
{
    AccountRuntime::Timings timings;
    timings.pollInterval = 150ms;
    Fixture f = make(imapAccount(), timings);
    f.runtime->start();
    // The session offers no IDLE: no watcher connects, the poll timer syncs everything.
    QTRY_VERIFY_WITH_TIMEOUT(f.tasks->syncs.size() >= 3, 3000);
    QCOMPARE(f.tasks->connects, 1);
    for (const QString &folder : std::as_const(f.tasks->syncs))
        QCOMPARE(folder, QString());
    f.runtime->stop();
    const qsizetype after = f.tasks->syncs.size();
    QTest::qWait(400);
    QCOMPARE(f.tasks->syncs.size(), after); // stopped: no more polling
}

void TestAccountRuntime::idleChangeSyncsThatFolder()
{
    const QByteArray caps = "* OK [CAPABILITY IMAP4rev1 IDLE] ready";
    ScriptedServer main({ "S: " + caps, "C: a1 LOGIN alice secret",
                          "S: a1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in",
                          "C: a2 LOGOUT", "S: * BYE bye", "S: a2 OK done", "EXPECT-CLOSE" });
    ScriptedServer inbox({ "S: " + caps, "C: a1 LOGIN alice secret",
                          "S: a1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in",
                           "C: a2 EXAMINE INBOX", "S: * 2 EXISTS",
                           "S: a2 OK [READ-ONLY] EXAMINE completed", "C: a3 IDLE",
                           "S: + idling", "WAIT 100", "S: * 3 EXISTS", "C: DONE",
                           "S: a3 OK IDLE terminated", "C: a4 LOGOUT", "S: * BYE bye",
                           "S: a4 OK done", "EXPECT-CLOSE" });
    AccountRuntime::Timings timings;
    timings.changeDelay = 50ms;
    Fixture f = make(imapAccount(), timings);
    f.tasks->mainServer = &main;
    f.tasks->watcherServers = { &inbox };
    QSignalSpy finished(f.runtime.get(), &AccountRuntime::syncFinished);
    f.runtime->start();
    QTRY_COMPARE(finished.size(), 1); // the first pass, over every folder
    // "* 3 EXISTS" while idling: INBOX alone is synced, on the main session.
    QTRY_COMPARE_WITH_TIMEOUT(f.tasks->syncs, QStringList({ QString(), u"INBOX"_s }), 3000);
    f.runtime->stop();
    QTRY_COMPARE(f.runtime->state(), AccountRuntime::State::Stopped);
    MAGPIE_VERIFY_SCRIPT(inbox);
    MAGPIE_VERIFY_SCRIPT(main);
}

void TestAccountRuntime::stoppedWhileTheWatcherExamines()
{
    // The runtime stops while the IDLE watcher's EXAMINE is still on its way. The EXAMINE
    // then succeeds during the LOGOUT; the watcher has given its session up by then and must
    // start nothing on it (it used to start IDLE on a session it no longer had, and crash).
    const QByteArray caps = "* OK [CAPABILITY IMAP4rev1 IDLE] ready";
    ScriptedServer main({ "S: " + caps, "C: a1 LOGIN alice secret",
                          "S: a1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in",
                          "C: a2 LOGOUT", "S: * BYE bye", "S: a2 OK done", "EXPECT-CLOSE" });
    ScriptedServer inbox({ "S: " + caps, "C: a1 LOGIN alice secret",
                           "S: a1 OK [CAPABILITY IMAP4rev1 IDLE] Logged in",
                           "C: a2 EXAMINE INBOX", "WAIT 300", "S: * 2 EXISTS",
                           "S: a2 OK [READ-ONLY] EXAMINE completed", "C: a3 LOGOUT",
                           "S: * BYE bye", "S: a3 OK done", "EXPECT-CLOSE" });
    Fixture f = make(imapAccount());
    f.tasks->mainServer = &main;
    f.tasks->watcherServers = { &inbox };
    QSignalSpy finished(f.runtime.get(), &AccountRuntime::syncFinished);
    f.runtime->start();
    QTRY_COMPARE(finished.size(), 1);
    QTRY_VERIFY_WITH_TIMEOUT(inbox.clientBytes().contains("EXAMINE INBOX"), 3000);
    f.runtime->stop();
    QTRY_COMPARE(f.runtime->state(), AccountRuntime::State::Stopped);
    QVERIFY(inbox.waitForScript(3000));
    MAGPIE_VERIFY_SCRIPT(inbox);
    MAGPIE_VERIFY_SCRIPT(main);
    QVERIFY(!inbox.clientBytes().contains("IDLE\r\n"));
}

QTEST_GUILESS_MAIN(TestAccountRuntime)
#include "tst_accountruntime.moc"
