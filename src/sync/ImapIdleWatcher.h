// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "sync/AccountConfig.h"
#include "sync/SyncStatus.h"

#include <QObject>
#include <QPointer>

#include <memory>

namespace magpie::imap {
class IdleJob;
class SelectJob;
class ImapSession;
}

namespace magpie::sync {

class AccountTaskFactory;
class SyncTask;

// Watches one folder with IDLE (RFC 2177) on a session of its own, so the account's main
// session stays free for syncing: connect and log in (ImapConnectTask), EXAMINE the folder
// (read-only, so watching never changes a flag, RFC 3501 s6.3.2), then IDLE, re-issued
// before the server's 30-minute limit (IdleJob does it, every 28 minutes by default). What
// the server announces (EXISTS, EXPUNGE, VANISHED, FETCH) only says "this folder changed":
// the runtime then syncs it on the main session, which is the one that writes the cache.
class ImapIdleWatcher : public QObject
{
    Q_OBJECT
public:
    ImapIdleWatcher(const AccountConfig &account, AccountTaskFactory &tasks,
                    QObject *parent = nullptr);
    ~ImapIdleWatcher() override;

    // Starts watching `folderPath` (decoded, "INBOX"), closing any earlier connection first.
    void watch(const QString &folderPath, const net::Credentials &credentials);
    // Ends IDLE with DONE and logs out; nothing is emitted afterwards.
    void stop();

    const QString &folderPath() const { return m_folderPath; }
    bool isWatching() const; // connected (or connecting) to watch a folder
    bool isIdling() const;   // the server accepted IDLE
    void setReissueInterval(int milliseconds); // tests; 0: IdleJob's default

Q_SIGNALS:
    void idling(const QString &folderPath);
    void changed(const QString &folderPath);
    // The server does not offer IDLE: the runtime's polling has to do.
    void idleUnavailable(const QString &folderPath);
    // The connection could not be made or was lost (kind and willRetry as for sync tasks).
    void failed(const magpie::sync::SyncProblem &problem);

private:
    void onConnected(SyncTask *task);
    void startIdle();
    void fail(const SyncProblem &problem);
    void closeSession();

    AccountConfig m_account;
    AccountTaskFactory &m_tasks;
    QString m_folderPath;
    QPointer<SyncTask> m_connect;
    std::unique_ptr<imap::ImapSession> m_session;
    QPointer<imap::IdleJob> m_idle;
    QPointer<imap::SelectJob> m_examine; // in flight: disconnected when the session is closed
    int m_reissueMs = 0;
    bool m_examined = false; // changes before the EXAMINE finished are the folder's state
};

} // namespace magpie::sync
