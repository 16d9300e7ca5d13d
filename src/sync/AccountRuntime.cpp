// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/AccountRuntime.h"

#include "net/ProtocolLog.h"
#include "net/imap/ImapJob.h"
#include "net/imap/ImapSession.h"
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "sync/AccountRuntimePrivate.h"
#include "sync/FolderWatchers.h"

#include <utility>

using namespace std::chrono_literals;
using namespace Qt::StringLiterals;

namespace magpie::sync {

AccountRuntime::AccountRuntime(const AccountConfig &account, store::MailCache &cache,
                               QObject *parent)
    : QObject(parent)
    , d(std::make_unique<Private>(this, account, cache))
{
    d->reconnectTimer.setSingleShot(true);
    d->reconnectTimer.setTimerType(Qt::PreciseTimer); // the backoff is a promise, not a hint
    d->outboxTimer.setSingleShot(true);
    connect(&d->outboxTimer, &QTimer::timeout, this, &AccountRuntime::outboxChanged);
    // Offline changes recorded meanwhile (LocalOperations) go to the server soon, not only
    // with the next pass.
    connect(&cache, &store::MailCache::pendingOperationsChanged, this,
            [this](const QString &accountId) {
                if (accountId == d->account.id)
                    operationsRecorded();
            });
    connect(&d->reconnectTimer, &QTimer::timeout, this, [this] { d->connectNow(); });
    connect(&d->pollTimer, &QTimer::timeout, this, [this] {
        if (d->online) {
            d->enqueueSync({});
            d->runNext();
        }
    });
    connect(&cache, &store::MailCache::messagesAdded, this,
            [this](qint64 folderId, const QList<qint64> &ids) {
                if (d->running && d->runningWork.kind == AccountWork::Kind::Sync
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

void AccountRuntime::setConnectionLogging(bool on)
{
    d->connectionLogging = on;
    if (d->session)
        d->followLogs(d->session.get(), QStringLiteral("IMAP"));
    if (d->running)
        d->followLogs(d->running.data(),
                      d->runningWork.kind == AccountWork::Kind::Outbox ? u"SMTP"_s
                          : d->isImap()                               ? u"IMAP"_s
                                                                      : u"POP3"_s);
    if (d->outboxAlone)
        d->followLogs(d->outboxAlone.data(), u"SMTP"_s);
}

bool AccountRuntime::connectionLogging() const
{
    return d->connectionLogging;
}

void AccountRuntime::Private::followLogs(QObject *owner, const QString &protocol)
{
    if (!owner)
        return;
    QList<net::ProtocolLog *> logs = owner->findChildren<net::ProtocolLog *>();
    if (auto *self = qobject_cast<net::ProtocolLog *>(owner))
        logs << self;
    for (net::ProtocolLog *log : std::as_const(logs)) {
        log->setEnabled(connectionLogging);
        // Followed once; the property marks it (a session outlives many tasks).
        if (!connectionLogging || log->property("magpie_followed").toBool())
            continue;
        log->setProperty("magpie_followed", true);
        const QString label = protocol.isEmpty() ? QString() : protocol + u' ';
        auto line = [label](const net::ProtocolLog::Entry &entry) {
            const QString text = QString::fromUtf8(entry.text);
            switch (entry.direction) {
            case net::ProtocolLog::Direction::Client:
                return label + u"C: "_s + text;
            case net::ProtocolLog::Direction::Server:
                return label + u"S: "_s + text;
            case net::ProtocolLog::Direction::Note:
                break;
            }
            return label + u"* "_s + text;
        };
        for (const net::ProtocolLog::Entry &entry : log->entries())
            Q_EMIT q->connectionLogged(line(entry));
        QObject::connect(log, &net::ProtocolLog::entryAdded, q,
                         [this, line](const net::ProtocolLog::Entry &entry) {
                             if (connectionLogging)
                                 Q_EMIT q->connectionLogged(line(entry));
                         });
    }
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
    d->scheduleOutbox();
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
    d->outboxTimer.stop();
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
    if (d->watchers)
        d->watchers->watchSelected(d->selectedPath());
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
    d->queue.prepend(AccountWork { AccountWork::Kind::Bodies, {}, { messageId } });
    d->runNext();
}

void AccountRuntime::operationsRecorded()
{
    if (!d->isImap() || !d->online)
        return; // replayed by the next pass (ImapAccountSyncTask starts with them)
    if (!d->isQueued(AccountWork::Kind::Replay))
        d->queue.append(AccountWork { AccountWork::Kind::Replay, {}, {} });
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
    if (!d->isQueued(AccountWork::Kind::Outbox)
        && !(d->running && d->runningWork.kind == AccountWork::Kind::Outbox))
        d->queue.append(AccountWork { AccountWork::Kind::Outbox, {}, {} });
    d->runNext();
}

} // namespace magpie::sync
