// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// AccountRuntime's inside (the d-pointer), shared by AccountRuntime.cpp (the public calls)
// and AccountRuntimePrivate.cpp (connecting, the work queue, reconnecting). Not for use
// outside those two files.

#include "net/NetError.h"
#include "sync/AccountRuntime.h"
#include "sync/AccountTaskFactory.h"
#include "sync/ReconnectPolicy.h"

#include <QHash>
#include <QPointer>
#include <QSet>
#include <QTimer>

#include <optional>

namespace magpie::imap {
class ImapSession;
}

namespace magpie::sync {

class FolderWatchers;
class SyncTask;

// One piece of work for the main session, run one at a time (see the header).
struct AccountWork
{
    enum class Kind { Sync, Replay, Bodies, Outbox };
    Kind kind = Kind::Sync;
    QString folder;         // Sync: empty for every folder
    QList<qint64> messages; // Bodies
};

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

    bool isQueued(AccountWork::Kind kind, const QString &folder = {}) const;
    void enqueueSync(const QString &folder, bool first = false);
    void runNext();
    void onTaskFinished(SyncTask *task);
    void runOutboxAlone();
    void scheduleOutbox();
    void rememberFoldersBeforeSync();

    // Connection log: the ProtocolLogs of `owner` and its children follow the switch, and,
    // when on, what they log (also before this call) comes out as connectionLogged().
    void followLogs(QObject *owner, const QString &protocol);

    void startWatching();
    QString selectedPath() const;
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
    bool connectionLogging = false;

    QTimer reconnectTimer;
    QTimer pollTimer;
    QTimer outboxTimer; // the outbox's next due entry (OutboxQueue::nextDue)
    QPointer<SyncTask> connectTask;
    std::unique_ptr<imap::ImapSession> session;
    int closingSessions = 0;
    net::NetError lastCloseError;

    QList<AccountWork> queue;
    QPointer<SyncTask> running;
    AccountWork runningWork;
    QPointer<SyncTask> outboxAlone; // sending while the IMAP side is offline
    ImapSyncStats lastStats;

    FolderWatchers *watchers = nullptr; // made with the first session that has IDLE
    qint64 selectedFolderId = 0;

    // newMail(): only for folders synced before this pass, so a first sync or a folder
    // emptied by a UIDVALIDITY change does not announce its whole content as new.
    QSet<qint64> knownFolders;
    QHash<qint64, int> added;
};


} // namespace magpie::sync
