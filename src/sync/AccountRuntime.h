// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "sync/AccountConfig.h"
#include "sync/ImapAccountSyncTask.h"
#include "sync/SyncStatus.h"

#include <QList>
#include <QObject>

#include <chrono>
#include <functional>
#include <memory>

namespace magpie::store {
class MailCache;
}

namespace magpie::sync {

class AccountTaskFactory;

// Everything one account does in the background (DESIGN.md, "src/sync"): connects, syncs
// (ImapAccountSyncTask or Pop3DownloadTask), sends the outbox, replays offline operations,
// watches INBOX and the selected folder with IDLE (RFC 2177, re-issued before 29 minutes)
// (ImapIdleWatcher, each on a connection of its own), polls every checkInterval (all folders;
// the only way to notice changes when IDLE is missing or turned off), and after a network
// loss reconnects with backoff (ReconnectPolicy: 5 s, 15 s, 1 min, then every 5 min).
// Authentication and certificate problems stop it (NeedsAttention) until setCredentials() /
// start() / syncNow() is called again; they are never retried in a loop.
//
// Work on the main IMAP session runs one task at a time from a queue (a folder sync must not
// have its SELECT changed under it): a body the person opened goes first, then syncs, offline
// operations and the outbox. syncNow() while stopped is one pass on its own: connect, sync,
// send the outbox when there is an SMTP server, log out, back to Stopped (magpie-cli sync).
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

    // The connection log (Settings > Advanced, the status bar's "Details"): while on, every
    // line of the account's protocol conversations (main session, sending, POP3), already
    // redacted by net::ProtocolLog (no password, no AUTH payload, no message content), comes
    // out through connectionLogged(). Off (the default), the sessions keep no log at all.
    void setConnectionLogging(bool on);
    bool connectionLogging() const;

    // What the last sync pass did (for magpie-cli sync; POP3: one folder, downloads).
    const ImapSyncStats &lastSyncStats() const;

    // Tests: shorter timings, and tasks that fail or succeed on cue. Set before start().
    struct Timings
    {
        QList<std::chrono::milliseconds> reconnectDelays; // empty: ReconnectPolicy's
        std::chrono::milliseconds pollInterval { 0 };     // 0: the account's checkInterval
        std::chrono::milliseconds changeDelay { 300 };    // gathers a burst of IDLE news
        int idleReissueMs = 0;                            // 0: IdleJob's (28 minutes)
    };
    void setTimings(const Timings &timings);
    void setTaskFactory(std::unique_ptr<AccountTaskFactory> factory);

Q_SIGNALS:
    void stateChanged(magpie::sync::AccountRuntime::State state);
    void progress(const magpie::sync::SyncProgress &progress);
    void problem(const magpie::sync::SyncProblem &problem);
    void syncFinished(bool ok);
    void bodyFetched(qint64 messageId, bool ok);
    void newMail(qint64 folderId, int count); // for notifications
    // One protocol line: "IMAP C: a3 LOGIN alice <redacted>", "SMTP S: 250 2.0.0 OK".
    void connectionLogged(const QString &line);

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::sync
