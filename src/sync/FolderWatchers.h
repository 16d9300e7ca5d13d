// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "sync/AccountConfig.h"
#include "sync/SyncStatus.h"

#include <QObject>
#include <QStringList>
#include <QTimer>

#include <chrono>

namespace magpie::sync {

class AccountTaskFactory;
class ImapIdleWatcher;

// The two folders an account watches with IDLE (the issue: "IDLE on the selected folder and
// INBOX"), each with its own ImapIdleWatcher and connection. A burst of announcements (a
// dozen messages arriving, flags set by another client one by one) becomes one
// foldersChanged() after a short pause, so the runtime syncs each folder once for it.
class FolderWatchers : public QObject
{
    Q_OBJECT
public:
    FolderWatchers(const AccountConfig &account, AccountTaskFactory &tasks,
                   QObject *parent = nullptr);
    ~FolderWatchers() override;

    void setChangeDelay(std::chrono::milliseconds delay);
    void setReissueInterval(int milliseconds); // 0: IdleJob's own

    // Watches INBOX, and `selectedPath` unless it is empty or INBOX.
    void start(const net::Credentials &credentials, const QString &selectedPath);
    // The person opened another folder: watch it instead (empty: none besides INBOX).
    void watchSelected(const QString &selectedPath);
    void stop();
    bool isRunning() const { return m_running; }

Q_SIGNALS:
    void foldersChanged(const QStringList &paths);
    // A watcher's connection failed (see ImapIdleWatcher::failed).
    void failed(const magpie::sync::SyncProblem &problem);

private:
    ImapIdleWatcher *makeWatcher();
    void onChanged(const QString &path);

    AccountConfig m_account;
    AccountTaskFactory &m_tasks;
    net::Credentials m_credentials;
    ImapIdleWatcher *m_inbox = nullptr;
    ImapIdleWatcher *m_selected = nullptr;
    QTimer m_changeTimer;
    QStringList m_changed;
    int m_reissueMs = 0;
    bool m_running = false;
};

} // namespace magpie::sync
