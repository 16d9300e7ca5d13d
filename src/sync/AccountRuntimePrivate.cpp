// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/AccountRuntimePrivate.h"

#include "net/imap/ImapJob.h"
#include "net/imap/ImapSession.h"
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/OutboxQueue.h"
#include "sync/FolderWatchers.h"
#include "sync/OperationReplayTask.h"
#include "sync/SyncTask.h"

#include <utility>

using namespace Qt::StringLiterals;

namespace magpie::sync {

namespace {

bool needsThePerson(const SyncProblem &problem)
{
    return problem.kind == SyncProblem::Kind::Authentication
        || problem.kind == SyncProblem::Kind::Certificate;
}

bool isConnectionLoss(const SyncProblem &problem)
{
    return problem.kind == SyncProblem::Kind::Network || problem.netError.isTemporary();
}

} // namespace

void AccountRuntime::Private::setState(State next)
{
    if (state == next)
        return;
    state = next;
    Q_EMIT q->stateChanged(next);
}

void AccountRuntime::Private::connectNow()
{
    reconnectTimer.stop();
    if (connectTask || online)
        return;
    if (!incoming) {
        askFor(Secret::Incoming);
        return;
    }
    setState(State::Connecting);
    if (!isImap()) {
        // POP3 keeps no connection: each pass (Pop3DownloadTask) connects on its own.
        online = true;
        if (started) {
            pollTimer.start();
            enqueueSync({});
        }
        runNext();
        return;
    }
    SyncTask *task = tasks->imapConnect(account, *incoming, q);
    connectTask = task;
    QObject::connect(task, &SyncTask::progress, q, &AccountRuntime::progress);
    QObject::connect(task, &SyncTask::finished, q, [this](SyncTask *t) { onConnected(t); });
    task->start();
}

void AccountRuntime::Private::askFor(Secret which)
{
    if (which == Secret::Smtp) {
        outboxWanted = true;
        if (request)
            request(which);
        return;
    }
    awaitingPassword = true;
    if (request) {
        setState(State::Connecting); // the keychain or the person answers through setCredentials
        request(which);
        return;
    }
    awaitingPassword = false;
    SyncProblem problem;
    problem.accountId = account.id;
    problem.kind = SyncProblem::Kind::Authentication;
    problem.message = tr("No password is known for %1. Enter it to connect.")
                          .arg(account.displayName.isEmpty() ? account.id : account.displayName);
    needsAttention(problem);
}

void AccountRuntime::Private::onConnected(SyncTask *task)
{
    task->deleteLater();
    if (task != connectTask)
        return;
    connectTask = nullptr;
    if (task->failed()) {
        onConnectionProblem(task->problem());
        return;
    }
    session = tasks->takeSession(task);
    if (!session) {
        SyncProblem problem;
        problem.accountId = account.id;
        problem.kind = SyncProblem::Kind::Network;
        problem.willRetry = true;
        problem.message = tr("The connection to %1 could not be opened.")
                              .arg(account.incomingServer.hostAndPort());
        onConnectionProblem(problem);
        return;
    }
    session->setParent(nullptr); // owned by `session`
    followLogs(session.get(), QStringLiteral("IMAP"));
    QObject::connect(session.get(), &imap::ImapSession::closed, q,
                     [this](const net::NetError &error) { onSessionClosed(error); });
    QObject::connect(session.get(), &imap::ImapSession::alert, q, [this](const QString &text) {
        // RFC 3501 s7.1: an [ALERT] must be shown to the person.
        SyncProblem problem;
        problem.accountId = account.id;
        problem.kind = SyncProblem::Kind::Server;
        problem.message = tr("The server %1 says: %2")
                              .arg(account.incomingServer.host, net::NetError::quotable(text));
        Q_EMIT q->problem(problem);
    });
    online = true;
    reconnect.reset();
    if (started) {
        pollTimer.start();
        startWatching();
        if (!isQueued(AccountWork::Kind::Sync))
            enqueueSync({}); // after a reconnect: whatever changed meanwhile
    }
    setState(State::Online);
    runNext();
}

SyncProblem AccountRuntime::Private::lostConnection(const net::NetError &error) const
{
    SyncProblem problem;
    problem.accountId = account.id;
    problem.kind = SyncProblem::Kind::Network;
    problem.willRetry = true;
    problem.netError = error;
    problem.message = error.isError()
        ? error.message
        : tr("The server %1 ended the connection.").arg(account.incomingServer.hostAndPort());
    return problem;
}

void AccountRuntime::Private::onSessionClosed(const net::NetError &error)
{
    online = false;
    lastCloseError = error;
    if (running)
        return; // its task ends with the session; onTaskFinished reconnects
    // Whatever the server said on its way out (BYE, a dropped line), the session is gone: the
    // account reconnects with backoff rather than giving up.
    waitToReconnect(lostConnection(error));
}

void AccountRuntime::Private::onConnectionProblem(SyncProblem problem)
{
    if (needsThePerson(problem) || !isConnectionLoss(problem))
        needsAttention(problem); // refused for good: trying again changes nothing
    else
        waitToReconnect(problem);
}

void AccountRuntime::Private::waitToReconnect(SyncProblem problem)
{
    teardown(false);
    problem.willRetry = started;
    Q_EMIT q->problem(problem);
    if (!started) {
        finishOneShot();
        return;
    }
    setState(State::WaitingToReconnect);
    reconnectTimer.start(reconnect.nextDelay());
}

void AccountRuntime::Private::needsAttention(SyncProblem problem)
{
    teardown(false);
    problem.willRetry = false;
    if (problem.kind == SyncProblem::Kind::Authentication)
        incoming.reset(); // the next attempt needs a new password, never the refused one
    Q_EMIT q->problem(problem);
    failPendingWork();
    oneShot = false;
    setState(State::NeedsAttention);
    if (problem.kind == SyncProblem::Kind::Authentication && request && started) {
        awaitingPassword = true;
        request(Secret::Incoming); // asks the person once; no retry without an answer
    }
}

void AccountRuntime::Private::teardown(bool politely)
{
    pollTimer.stop();
    if (watchers)
        watchers->stop();
    if (connectTask) {
        connectTask->disconnect(q);
        connectTask->deleteLater();
        connectTask = nullptr;
    }
    if (running) {
        // Its jobs fail with the session; it is deleted once the event loop runs again.
        running->disconnect(q);
        running->deleteLater();
        running = nullptr;
        if (runningWork.kind == AccountWork::Kind::Sync)
            Q_EMIT q->syncFinished(false);
        else if (runningWork.kind == AccountWork::Kind::Bodies)
            queue.prepend(runningWork); // the person still wants to read it
    }
    releaseSession(politely);
    online = false;
}

void AccountRuntime::Private::releaseSession(bool politely)
{
    if (!session)
        return;
    imap::ImapSession *closing = session.release();
    closing->disconnect(q);
    // Deleted once closed, never from inside one of its own signals.
    QObject::connect(closing, &imap::ImapSession::closed, closing, &QObject::deleteLater);
    if (politely && closing->isOpen()) {
        ++closingSessions;
        QObject::connect(closing, &imap::ImapSession::closed, q,
                         [this] { sessionClosedWhileStopping(); });
        closing->logout(); // RFC 3501 s6.1.3
    } else if (closing->isOpen()) {
        closing->abort();
    } else {
        closing->deleteLater();
    }
}

void AccountRuntime::Private::sessionClosedWhileStopping()
{
    if (--closingSessions == 0 && stopping) {
        stopping = false;
        setState(State::Stopped);
    }
}

void AccountRuntime::Private::failPendingWork()
{
    bool syncFailed = false;
    const QList<AccountWork> pending = std::exchange(queue, {});
    for (const AccountWork &work : pending) {
        if (work.kind == AccountWork::Kind::Sync)
            syncFailed = true;
        if (work.kind == AccountWork::Kind::Bodies) {
            for (qint64 id : work.messages)
                Q_EMIT q->bodyFetched(id, false);
        }
    }
    if (syncFailed)
        Q_EMIT q->syncFinished(false);
}

void AccountRuntime::Private::finishOneShot()
{
    failPendingWork();
    oneShot = false;
    q->stop();
}

bool AccountRuntime::Private::isQueued(AccountWork::Kind kind, const QString &folder) const
{
    for (const AccountWork &work : queue) {
        if (work.kind == kind && (kind != AccountWork::Kind::Sync || work.folder.isEmpty()
                                  || work.folder == folder))
            return true;
    }
    return false;
}

void AccountRuntime::Private::enqueueSync(const QString &folder, bool first)
{
    if (isQueued(AccountWork::Kind::Sync, folder))
        return; // a queued pass over every folder, or over this one, covers it
    AccountWork work { AccountWork::Kind::Sync, folder, {} };
    if (!first) {
        queue.append(work);
        return;
    }
    // Ahead of background work, behind bodies the person is waiting for.
    qsizetype at = 0;
    while (at < queue.size() && queue.at(at).kind == AccountWork::Kind::Bodies)
        ++at;
    queue.insert(at, work);
}

void AccountRuntime::Private::runNext()
{
    if (running || !online || stopping)
        return;
    if (queue.isEmpty()) {
        if (oneShot)
            finishOneShot();
        else
            setState(State::Online);
        return;
    }
    const AccountWork work = queue.takeFirst();
    SyncTask *task = nullptr;
    switch (work.kind) {
    case AccountWork::Kind::Sync:
        rememberFoldersBeforeSync();
        task = isImap() ? tasks->imapSync(account, session.get(), cache, work.folder, q)
                        : tasks->pop3Download(account, *incoming, cache, q);
        setState(State::Syncing);
        break;
    case AccountWork::Kind::Replay:
        if (isImap())
            task = tasks->operationReplay(account, session.get(), cache, q);
        break;
    case AccountWork::Kind::Bodies:
        if (isImap())
            task = tasks->bodyFetch(account, session.get(), cache, work.messages, q);
        break;
    case AccountWork::Kind::Outbox:
        if (outboxAlone)
            break; // one sender per account at a time; it reschedules when done
        if (!smtp)
            askFor(Secret::Smtp);
        else
            task = tasks->outboxSend(account, *smtp, cache, session.get(), q);
        break;
    }
    if (!task) {
        runNext();
        return;
    }
    running = task;
    runningWork = work;
    if (auto *replay = qobject_cast<OperationReplayTask *>(task)) {
        // What was kept when the server's state won (RFC 4549 s6): for the person to see.
        QObject::connect(replay, &OperationReplayTask::conflictResolved, q,
                         &AccountRuntime::problem);
    }
    QObject::connect(task, &SyncTask::progress, q, &AccountRuntime::progress);
    QObject::connect(task, &SyncTask::finished, q, [this](SyncTask *t) { onTaskFinished(t); });
    task->start();
    if (work.kind == AccountWork::Kind::Outbox)
        followLogs(task, QStringLiteral("SMTP"));
    else if (!isImap())
        followLogs(task, QStringLiteral("POP3"));
}

void AccountRuntime::Private::onTaskFinished(SyncTask *task)
{
    task->deleteLater();
    if (task != running)
        return;
    running = nullptr;
    const AccountWork work = runningWork;
    const bool failed = task->failed();
    const SyncProblem problem = task->problem();

    switch (work.kind) {
    case AccountWork::Kind::Sync:
        lastStats = isImap() ? tasks->imapSyncStats(task) : tasks->pop3Stats(task);
        for (auto it = added.cbegin(); it != added.cend(); ++it)
            Q_EMIT q->newMail(it.key(), it.value());
        added.clear();
        if (!failed && work.folder.isEmpty() && canSend() && !isQueued(AccountWork::Kind::Outbox))
            queue.append(AccountWork { AccountWork::Kind::Outbox, {}, {} });
        break;
    case AccountWork::Kind::Bodies: {
        const store::BodyStore bodies(cache);
        for (qint64 id : work.messages)
            Q_EMIT q->bodyFetched(id, bodies.hasBody(id));
        break;
    }
    case AccountWork::Kind::Outbox:
        scheduleOutbox();
        if (failed) {
            // The entries keep their own retry times (OutboxQueue); the account stays online.
            Q_EMIT q->problem(problem);
            if (problem.kind == SyncProblem::Kind::Authentication) {
                smtp.reset();
                askFor(Secret::Smtp);
            }
        }
        break;
    case AccountWork::Kind::Replay:
        break;
    }

    if (work.kind == AccountWork::Kind::Sync)
        Q_EMIT q->syncFinished(!failed);
    const bool sessionGone = isImap() && !online;
    if (work.kind != AccountWork::Kind::Outbox && ((failed && isConnectionLoss(problem)) || sessionGone)) {
        if (work.kind == AccountWork::Kind::Bodies)
            queue.prepend(work);
        waitToReconnect(failed ? problem : lostConnection(lastCloseError));
        return;
    }
    if (failed && work.kind != AccountWork::Kind::Outbox && needsThePerson(problem)) {
        needsAttention(problem);
        return;
    }
    if (failed && work.kind != AccountWork::Kind::Outbox)
        Q_EMIT q->problem(problem); // one folder, one operation: the rest goes on
    runNext();
}

void AccountRuntime::Private::runOutboxAlone()
{
    if (outboxAlone || !started)
        return;
    if (!smtp) {
        askFor(Secret::Smtp);
        return;
    }
    SyncTask *task = tasks->outboxSend(account, *smtp, cache, nullptr, q);
    outboxAlone = task;
    QObject::connect(task, &SyncTask::progress, q, &AccountRuntime::progress);
    QObject::connect(task, &SyncTask::finished, q, [this](SyncTask *t) {
        t->deleteLater();
        if (t->failed())
            Q_EMIT q->problem(t->problem());
        scheduleOutbox();
    });
    task->start();
    followLogs(task, QStringLiteral("SMTP"));
}

void AccountRuntime::Private::scheduleOutbox()
{
    outboxTimer.stop();
    if (!started || !canSend())
        return;
    // Entries keep their own next attempt (RetrySchedule after a 4xx or a network error):
    // wake up for the earliest one, if any.
    const auto due = store::OutboxQueue(cache).nextDue(account.id);
    if (!due)
        return;
    const qint64 wait = qMax<qint64>(0, QDateTime::currentDateTimeUtc().msecsTo(*due));
    outboxTimer.start(std::chrono::milliseconds(qMin<qint64>(wait, 24LL * 3600 * 1000)));
}

void AccountRuntime::Private::rememberFoldersBeforeSync()
{
    knownFolders.clear();
    added.clear();
    const QList<store::FolderRecord> folders = store::FolderStore(cache).folders(account.id);
    for (const store::FolderRecord &folder : folders) {
        if (folder.local || folder.uidValidity != 0)
            knownFolders.insert(folder.id);
    }
}

void AccountRuntime::Private::startWatching()
{
    if (!isImap() || !account.useIdle || !session || !session->hasCapability("IDLE") || !incoming)
        return; // polling alone (RFC 2177 is an extension)
    if (!watchers) {
        watchers = new FolderWatchers(account, *tasks, q);
        watchers->setChangeDelay(timings.changeDelay);
        watchers->setReissueInterval(timings.idleReissueMs);
        QObject::connect(watchers, &FolderWatchers::foldersChanged, q,
                         [this](const QStringList &folders) {
                             for (const QString &folder : folders)
                                 enqueueSync(folder, true);
                             runNext();
                         });
        QObject::connect(watchers, &FolderWatchers::failed, q,
                         [this](const SyncProblem &problem) { onWatcherFailed(problem); });
    }
    watchers->start(*incoming, selectedPath());
}

QString AccountRuntime::Private::selectedPath() const
{
    const auto folder = store::FolderStore(cache).folder(selectedFolderId);
    if (!folder || folder->accountId != account.id || folder->local || !folder->selectable)
        return {};
    return folder->path;
}

void AccountRuntime::Private::onWatcherFailed(const SyncProblem &problem)
{
    if (!online)
        return;
    if (needsThePerson(problem) || isConnectionLoss(problem)) {
        onConnectionProblem(problem); // the network went: every connection with it
        return;
    }
    // The folder cannot be watched (gone, refused): polling still covers it.
}

} // namespace magpie::sync
