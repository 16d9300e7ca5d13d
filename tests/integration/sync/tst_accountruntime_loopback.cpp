// SPDX-License-Identifier: GPL-3.0-or-later
// AccountRuntime with the real sync tasks against a real magpie-server process: start ->
// first sync -> a message delivered by SMTP is seen by IDLE on INBOX -> newMail; the server
// killed -> WaitingToReconnect (a network problem that will be retried) -> the server started
// again on the same ports with the same mail -> the runtime reconnects on its own and syncs.
#include "MagpieServerProcess.h"

#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "sync/AccountRuntime.h"

#include "CliProcesses.h"

#include <QDeadlineTimer>
#include <QProcess>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using magpie::store::FolderStore;
using magpie::store::MailCache;
using magpie::sync::AccountConfig;
using magpie::sync::AccountRuntime;
using magpie::sync::SyncProblem;
using magpie::testing::MagpieServerProcess;
using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace {
const QString kAlice = u"alice@example.test"_s;

// magpie-server again over the same --data folder (same mail, same certificate) and ports.
QString restartServer(QProcess &process, const QString &dataDirectory, int portBase)
{
    process.setProgram(QStringLiteral(MAGPIE_SERVER_BIN));
    process.setArguments({ u"--data"_s, dataDirectory, u"--auth-failure-delay"_s, u"0"_s,
                           u"--user"_s, kAlice + u":secret"_s, u"--port-base"_s,
                           QString::number(portBase) });
    process.start();
    if (!process.waitForStarted(10000))
        return u"magpie-server did not start again"_s;
    QByteArray out;
    const QDeadlineTimer deadline(20000);
    while (!out.contains("ready") && !deadline.hasExpired()
           && process.state() == QProcess::Running) {
        process.waitForReadyRead(100);
        out += process.readAllStandardOutput();
    }
    return out.contains("ready") ? QString()
                                 : u"magpie-server did not say ready: "_s
            + QString::fromUtf8(out + process.readAllStandardError());
}
} // namespace

class TestAccountRuntimeLoopback : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void idleSeesNewMailAndReconnectsAfterTheServerCameBack();
};

void TestAccountRuntimeLoopback::idleSeesNewMailAndReconnectsAfterTheServerCameBack()
{
    MagpieServerProcess server;
    QString problem = server.start({ { kAlice, u"secret"_s } });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const int portBase = server.port(MagpieServerProcess::Service::Imaps) - 993;

    QTemporaryDir dir;
    MailCache cache;
    const auto opened = cache.open(dir.filePath(u"cache.sqlite"_s));
    QVERIFY2(!opened, qPrintable(opened.message));

    AccountConfig account;
    account.id = u"loopback"_s;
    account.displayName = u"Loopback"_s;
    account.incomingServer = server.endpoint(MagpieServerProcess::Service::Imaps);
    account.incomingUser = kAlice;
    AccountRuntime runtime(account, cache);
    AccountRuntime::Timings timings;
    timings.reconnectDelays = { 200ms, 500ms };
    timings.changeDelay = 50ms;
    runtime.setTimings(timings);
    runtime.setCredentials(AccountRuntime::Secret::Incoming, { kAlice, u"secret"_s, {}, {} });
    QSignalSpy finished(&runtime, &AccountRuntime::syncFinished);
    QSignalSpy newMail(&runtime, &AccountRuntime::newMail);
    QSignalSpy problems(&runtime, &AccountRuntime::problem);
    QSignalSpy states(&runtime, &AccountRuntime::stateChanged);

    runtime.start();
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 15000);
    QVERIFY2(finished.first().first().toBool(), qPrintable(server.log()));
    const auto inbox = FolderStore(cache).folderByPath(account.id, u"INBOX"_s);
    QVERIFY(inbox);
    QTRY_COMPARE(runtime.state(), AccountRuntime::State::Online);
    QTest::qWait(300); // the INBOX watcher's EXAMINE and IDLE

    // Delivered by SMTP, announced by the server to the idling watcher.
    const QString smtp = u"smtps://alice%40example.test@localhost:"_s
        + QString::number(server.port(MagpieServerProcess::Service::Submissions));
    const auto sent = magpie::testing::runCli(
        { u"send"_s, u"--smtp"_s, smtp, u"--cafile"_s, server.certificatePath(), u"--from"_s,
          kAlice, u"--to"_s, kAlice, u"--subject"_s, u"Pushed"_s, u"--body"_s, u"By IDLE."_s },
        u"secret"_s);
    QVERIFY2(sent.exitCode == 0, qPrintable(sent.all()));
    QTRY_VERIFY_WITH_TIMEOUT(!newMail.isEmpty(), 10000);
    QCOMPARE(newMail.first().at(0).toLongLong(), inbox->id);
    QCOMPARE(newMail.first().at(1).toInt(), 1);

    // The network goes: a Network problem that will be retried, never NeedsAttention.
    const int passes = int(finished.size());
    QVERIFY(server.stop());
    QTRY_COMPARE_WITH_TIMEOUT(runtime.state(), AccountRuntime::State::WaitingToReconnect, 10000);
    QVERIFY(!problems.isEmpty());
    const auto lost = problems.last().first().value<SyncProblem>();
    QCOMPARE(lost.kind, SyncProblem::Kind::Network);
    QVERIFY(lost.willRetry);

    QProcess again;
    problem = restartServer(again, server.dataDirectory(), portBase);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QTRY_VERIFY_WITH_TIMEOUT(finished.size() > passes, 15000);
    QVERIFY(finished.last().first().toBool());
    QTRY_COMPARE(runtime.state(), AccountRuntime::State::Online);
    for (const QList<QVariant> &arguments : std::as_const(states))
        QVERIFY(arguments.first().value<AccountRuntime::State>()
                != AccountRuntime::State::NeedsAttention);
    QCOMPARE(FolderStore(cache).folder(inbox->id)->total, 1);

    runtime.stop();
    QTRY_COMPARE(runtime.state(), AccountRuntime::State::Stopped);
    again.terminate();
    QVERIFY(again.waitForFinished(10000));
}

QTEST_GUILESS_MAIN(TestAccountRuntimeLoopback)
#include "tst_accountruntime_loopback.moc"
