// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "sync/AccountConfig.h"
#include "sync/SyncStatus.h"

#include <QObject>

#include <functional>
#include <memory>

namespace magpie::store {
class MailCache;
}

namespace magpie::sync {

// Everything one account does in the background (DESIGN.md, "src/sync"): connects, syncs
// (ImapAccountSyncTask or Pop3DownloadTask), sends the outbox, replays offline operations,
// watches INBOX and the selected folder with IDLE (RFC 2177, re-issued before 29 minutes)
// or polls every checkInterval when IDLE is missing, and after a network loss reconnects
// with backoff (RetrySchedule). Authentication and certificate problems stop it until
// setCredentials() / start() is called again; they are never retried in a loop.
class AccountRuntime : public QObject
{
    Q_OBJECT
public:
    enum class State { Stopped, Connecting, Syncing, Online, WaitingToReconnect, NeedsAttention };
    Q_ENUM(State)

    enum class Secret { Incoming, Smtp };
    // Asked when a password is needed; answers (possibly later) through setCredentials().
    using CredentialRequest = std::function<void(Secret which)>;

    AccountRuntime(const AccountConfig &account, store::MailCache &cache,
                   QObject *parent = nullptr);
    ~AccountRuntime() override;

    const AccountConfig &account() const;
    State state() const;
    void setCredentialRequest(CredentialRequest request);
    void setCredentials(Secret which, const net::Credentials &credentials);

    // Start syncing and watching; stop() logs out and closes every connection.
    void start();
    void stop();

    // One pass now (the "Get mail" button; magpie-cli sync). Emits syncFinished once done.
    void syncNow(const QString &onlyFolder = {});
    // The folder the person is looking at: synced first and watched with IDLE.
    void setSelectedFolder(qint64 folderId);
    // A message's body for the view: fetched at once, ahead of background work.
    void fetchBody(qint64 messageId);
    // Offline operations were recorded (LocalOperations): replay them soon.
    void operationsRecorded();
    // The outbox has something new: try sending it now.
    void outboxChanged();

Q_SIGNALS:
    void stateChanged(magpie::sync::AccountRuntime::State state);
    void progress(const magpie::sync::SyncProgress &progress);
    void problem(const magpie::sync::SyncProblem &problem);
    void syncFinished(bool ok);
    void bodyFetched(qint64 messageId, bool ok);
    void newMail(qint64 folderId, int count); // for notifications

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::sync
