// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/AccountRuntime.h"

#include "net/imap/ImapJob.h"
#include "net/imap/ImapSession.h"
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "sync/AccountTaskFactory.h"
#include "sync/ImapIdleWatcher.h"
#include "sync/ReconnectPolicy.h"
#include "sync/SyncTask.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <optional>

using namespace Qt::StringLiterals;
using namespace std::chrono_literals;

namespace magpie::sync {

namespace {

const QString kInbox = u"INBOX"_s;

// One piece of work for the main session, run one at a time (see the header).
struct Work
{
    enum class Kind { Sync, Replay, Bodies, Outbox };
    Kind kind = Kind::Sync;
    QString folder;         // Sync: empty for every folder
    QList<qint64> messages; // Bodies
};

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

struct AccountRuntime::Private
{
    Private(AccountRuntime *runtime, const AccountConfig &config, store::MailCache &mailCache)
        : q(runtime)
        , account(config)
        , cache(mailCache)
    { }

    bool isImap() const { return account.incoming == AccountConfig::Incoming::Imap; }
    bool canSend() const { return !account.smtpServer.host.isEmpty(); }

    void setState(State next);
    void connectNow();
    void askFor(Secret which);
    void onConnected(SyncTask *task);
    void onSessionClosed(const net::NetError &error);
    SyncProblem lostConnection(const net::NetError &error) const;
    void onConnectionProblem(SyncProblem problem);
    void waitToReconnect(SyncProblem problem);
    void needsAttention(SyncProblem problem);
    void teardown(bool politely);
    void releaseSession(bool politely);
    void sessionClosedWhileStopping();
    void failPendingWork();
    void finishOneShot();

    bool isQueued(Work::Kind kind, const QString &folder = {}) const;
    void enqueueSync(const QString &folder, bool first = false);
    void runNext();
    void onTaskFinished(SyncTask *task);
    void runOutboxAlone();
    void rememberFoldersBeforeSync();

    void startWatching();
    void watchSelectedFolder();
    void onFolderChanged(const QString &path);
    void onWatcherFailed(const SyncProblem &problem);

    AccountRuntime *q;
    AccountConfig account;
    store::MailCache &cache;
    std::unique_ptr<AccountTaskFactory> tasks = std::make_unique<AccountTaskFactory>();
    Timings timings;
    ReconnectPolicy reconnect;
    CredentialRequest request;
    std::optional<net::Credentials> incoming;
    std::optional<net::Credentials> smtp;

    State state = State::Stopped;
    bool started = false;         // start(): stay connected, watch, poll
    bool oneShot = false;         // syncNow() while stopped: one pass, then Stopped
    bool stopping = false;        // stop(): waiting for LOGOUT to complete
    bool awaitingPassword = false;
    bool outboxWanted = false;    // waiting for the SMTP password
    bool online = false;          // IMAP: the main session is open; POP3: may connect

    QTimer reconnectTimer;
    QTimer pollTimer;
    QTimer changeTimer;
    QPointer<SyncTask> connectTask;
    std::unique_ptr<imap::ImapSession> session;
    int closingSessions = 0;
    net::NetError lastCloseError;

    QList<Work> queue;
    QPointer<SyncTask> running;
    Work runningWork;
    QPointer<SyncTask> outboxAlone; // sending while the IMAP side is offline
    ImapSyncStats lastStats;

    ImapIdleWatcher *inboxWatcher = nullptr;
    ImapIdleWatcher *selectedWatcher = nullptr;
    qint64 selectedFolderId = 0;
    QStringList changedFolders;

    // newMail(): only for folders synced before this pass, so a first sync or a folder
    // emptied by a UIDVALIDITY change does not announce its whole content as new.
    QSet<qint64> knownFolders;
    QHash<qint64, int> added;
};

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
        if (!isQueued(Work::Kind::Sync))
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
    changeTimer.stop();
    changedFolders.clear();
    if (inboxWatcher)
        inboxWatcher->stop();
    if (selectedWatcher)
        selectedWatcher->stop();
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
        if (runningWork.kind == Work::Kind::Sync)
            Q_EMIT q->syncFinished(false);
        else if (runningWork.kind == Work::Kind::Bodies)
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
    const QList<Work> pending = std::exchange(queue, {});
    for (const Work &work : pending) {
        if (work.kind == Work::Kind::Sync)
            syncFailed = true;
        if (work.kind == Work::Kind::Bodies) {
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

bool AccountRuntime::Private::isQueued(Work::Kind kind, const QString &folder) const
{
    for (const Work &work : queue) {
        if (work.kind == kind && (kind != Work::Kind::Sync || work.folder.isEmpty()
                                  || work.folder == folder))
            return true;
    }
    return false;
}

void AccountRuntime::Private::enqueueSync(const QString &folder, bool first)
{
    if (isQueued(Work::Kind::Sync, folder))
        return; // a queued pass over every folder, or over this one, covers it
    Work work { Work::Kind::Sync, folder, {} };
    if (!first) {
        queue.append(work);
        return;
    }
    // Ahead of background work, behind bodies the person is waiting for.
    qsizetype at = 0;
    while (at < queue.size() && queue.at(at).kind == Work::Kind::Bodies)
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
    const Work work = queue.takeFirst();
    SyncTask *task = nullptr;
    switch (work.kind) {
    case Work::Kind::Sync:
        rememberFoldersBeforeSync();
        task = isImap() ? tasks->imapSync(account, session.get(), cache, work.folder, q)
                        : tasks->pop3Download(account, *incoming, cache, q);
        setState(State::Syncing);
        break;
    case Work::Kind::Replay:
        if (isImap())
            task = tasks->operationReplay(account, session.get(), cache, q);
        break;
    case Work::Kind::Bodies:
        if (isImap())
            task = tasks->bodyFetch(account, session.get(), cache, work.messages, q);
        break;
    case Work::Kind::Outbox:
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
    QObject::connect(task, &SyncTask::progress, q, &AccountRuntime::progress);
    QObject::connect(task, &SyncTask::finished, q, [this](SyncTask *t) { onTaskFinished(t); });
    task->start();
}

void AccountRuntime::Private::onTaskFinished(SyncTask *task)
{
    task->deleteLater();
    if (task != running)
        return;
    running = nullptr;
    const Work work = runningWork;
    const bool failed = task->failed();
    const SyncProblem problem = task->problem();

    switch (work.kind) {
    case Work::Kind::Sync:
        lastStats = isImap() ? tasks->imapSyncStats(task) : tasks->pop3Stats(task);
        for (auto it = added.cbegin(); it != added.cend(); ++it)
            Q_EMIT q->newMail(it.key(), it.value());
        added.clear();
        if (!failed && work.folder.isEmpty() && canSend() && !isQueued(Work::Kind::Outbox))
            queue.append(Work { Work::Kind::Outbox, {}, {} });
        break;
    case Work::Kind::Bodies: {
        const store::BodyStore bodies(cache);
        for (qint64 id : work.messages)
            Q_EMIT q->bodyFetched(id, bodies.hasBody(id));
        break;
    }
    case Work::Kind::Outbox:
        if (failed) {
            // The entries keep their own retry times (OutboxQueue); the account stays online.
            Q_EMIT q->problem(problem);
            if (problem.kind == SyncProblem::Kind::Authentication) {
                smtp.reset();
                askFor(Secret::Smtp);
            }
        }
        break;
    case Work::Kind::Replay:
        break;
    }

    if (work.kind == Work::Kind::Sync)
        Q_EMIT q->syncFinished(!failed);
    const bool sessionGone = isImap() && !online;
    if (work.kind != Work::Kind::Outbox && ((failed && isConnectionLoss(problem)) || sessionGone)) {
        if (work.kind == Work::Kind::Bodies)
            queue.prepend(work);
        waitToReconnect(failed ? problem : lostConnection(lastCloseError));
        return;
    }
    if (failed && work.kind != Work::Kind::Outbox && needsThePerson(problem)) {
        needsAttention(problem);
        return;
    }
    if (failed && work.kind != Work::Kind::Outbox)
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
    });
    task->start();
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
    auto makeWatcher = [this] {
        auto *watcher = new ImapIdleWatcher(account, *tasks, q);
        watcher->setReissueInterval(timings.idleReissueMs);
        QObject::connect(watcher, &ImapIdleWatcher::changed, q,
                         [this](const QString &path) { onFolderChanged(path); });
        QObject::connect(watcher, &ImapIdleWatcher::failed, q,
                         [this](const SyncProblem &problem) { onWatcherFailed(problem); });
        return watcher;
    };
    if (!inboxWatcher)
        inboxWatcher = makeWatcher();
    if (!selectedWatcher)
        selectedWatcher = makeWatcher();
    inboxWatcher->watch(kInbox, *incoming);
    watchSelectedFolder();
}

void AccountRuntime::Private::watchSelectedFolder()
{
    if (!selectedWatcher || !online || !incoming)
        return;
    const auto folder = store::FolderStore(cache).folder(selectedFolderId);
    if (!folder || folder->accountId != account.id || folder->local || !folder->selectable
        || folder->path.compare(kInbox, Qt::CaseInsensitive) == 0) {
        selectedWatcher->stop(); // INBOX has its own watcher already
        return;
    }
    if (selectedWatcher->isWatching() && selectedWatcher->folderPath() == folder->path)
        return;
    selectedWatcher->watch(folder->path, *incoming);
}

void AccountRuntime::Private::onFolderChanged(const QString &path)
{
    if (!changedFolders.contains(path))
        changedFolders.append(path);
    if (!changeTimer.isActive())
        changeTimer.start(timings.changeDelay);
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

AccountRuntime::AccountRuntime(const AccountConfig &account, store::MailCache &cache,
                               QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, account, cache))
{
    d->reconnectTimer.setSingleShot(true);
    d->changeTimer.setSingleShot(true);
    connect(&d->reconnectTimer, &QTimer::timeout, this, [this] { d->connectNow(); });
    connect(&d->pollTimer, &QTimer::timeout, this, [this] {
        if (d->online) {
            d->enqueueSync({});
            d->runNext();
        }
    });
    connect(&d->changeTimer, &QTimer::timeout, this, [this] {
        const QStringList folders = std::exchange(d->changedFolders, {});
        for (const QString &folder : folders)
            d->enqueueSync(folder, true);
        d->runNext();
    });
    connect(&cache, &store::MailCache::messagesAdded, this,
            [this](qint64 folderId, const QList<qint64> &ids) {
                if (d->running && d->runningWork.kind == Work::Kind::Sync
                    && d->knownFolders.contains(folderId))
                    d->added[folderId] += int(ids.size());
            });
    connect(&cache, &store::MailCache::folderReset, this,
            [this](qint64 folderId) { d->knownFolders.remove(folderId); });
    setTimings(Timings {});
}

AccountRuntime::~AccountRuntime()
{
    d->teardown(false);
}

const AccountConfig &AccountRuntime::account() const
{
    return d->account;
}

AccountRuntime::State AccountRuntime::state() const
{
    return d->state;
}

const ImapSyncStats &AccountRuntime::lastSyncStats() const
{
    return d->lastStats;
}

void AccountRuntime::setTimings(const Timings &timings)
{
    d->timings = timings;
    d->reconnect = ReconnectPolicy(timings.reconnectDelays);
    const std::chrono::milliseconds poll = timings.pollInterval.count() > 0
        ? timings.pollInterval
        : std::chrono::milliseconds(std::chrono::minutes(qMax(1, d->account.checkIntervalMinutes)));
    d->pollTimer.setInterval(poll);
}

void AccountRuntime::setTaskFactory(std::unique_ptr<AccountTaskFactory> factory)
{
    if (factory)
        d->tasks = std::move(factory);
}

void AccountRuntime::setCredentialRequest(CredentialRequest request)
{
    d->request = std::move(request);
}

void AccountRuntime::setCredentials(Secret which, const net::Credentials &credentials)
{
    if (which == Secret::Smtp) {
        d->smtp = credentials;
        if (std::exchange(d->outboxWanted, false))
            outboxChanged();
        return;
    }
    d->incoming = credentials;
    const bool wanted = std::exchange(d->awaitingPassword, false);
    if (wanted && (d->started || d->oneShot || !d->queue.isEmpty())) {
        d->reconnect.reset();
        d->connectNow();
    }
}

void AccountRuntime::start()
{
    d->stopping = false;
    d->started = true;
    d->oneShot = false;
    if (d->online) {
        d->pollTimer.start();
        d->startWatching();
        return;
    }
    d->reconnect.reset();
    d->connectNow();
}

void AccountRuntime::stop()
{
    d->started = false;
    d->oneShot = false;
    d->awaitingPassword = false;
    d->reconnectTimer.stop();
    d->failPendingWork();
    d->stopping = true;
    d->teardown(true);
    if (d->closingSessions == 0) {
        d->stopping = false;
        d->setState(State::Stopped);
    }
}

void AccountRuntime::syncNow(const QString &onlyFolder)
{
    if (!d->started && !d->online && !d->connectTask)
        d->oneShot = true;
    d->enqueueSync(onlyFolder, true);
    if (d->online) {
        d->runNext();
        return;
    }
    if (!d->connectTask && !d->awaitingPassword) {
        // "Get mail" means now: also while waiting to reconnect, or after a problem the
        // person may have fixed meanwhile (one attempt, not a loop).
        d->stopping = false;
        d->reconnect.reset();
        d->connectNow();
    }
}

void AccountRuntime::setSelectedFolder(qint64 folderId)
{
    d->selectedFolderId = folderId;
    const auto folder = store::FolderStore(d->cache).folder(folderId);
    if (!folder || folder->accountId != d->account.id)
        return;
    if (d->online && d->isImap() && !folder->local) {
        d->enqueueSync(folder->path, true);
        d->runNext();
    }
    d->watchSelectedFolder();
}

void AccountRuntime::fetchBody(qint64 messageId)
{
    if (!d->isImap() || !d->online) {
        // Offline, or a POP3 account (its bodies are all local): answer from the cache, later
        // so the caller is not re-entered.
        QTimer::singleShot(0, this, [this, messageId] {
            Q_EMIT bodyFetched(messageId, store::BodyStore(d->cache).hasBody(messageId));
        });
        return;
    }
    d->queue.prepend(Work { Work::Kind::Bodies, {}, { messageId } });
    d->runNext();
}

void AccountRuntime::operationsRecorded()
{
    if (!d->isImap() || !d->online)
        return; // replayed by the next pass (ImapAccountSyncTask starts with them)
    if (!d->isQueued(Work::Kind::Replay))
        d->queue.append(Work { Work::Kind::Replay, {}, {} });
    d->runNext();
}

void AccountRuntime::outboxChanged()
{
    if (!d->canSend())
        return;
    if (!d->online) {
        d->runOutboxAlone();
        return;
    }
    if (!d->isQueued(Work::Kind::Outbox)
        && !(d->running && d->runningWork.kind == Work::Kind::Outbox))
        d->queue.append(Work { Work::Kind::Outbox, {}, {} });
    d->runNext();
}

} // namespace magpie::sync
