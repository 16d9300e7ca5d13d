// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/SyncStatus.h"

#include <QCoreApplication>
#include <QObject>

namespace magpie::sync {

// One piece of an account's work (connect, sync a folder, replay offline changes, download
// POP3 mail, send the outbox) with the life cycle of net::Job: start() once -> progress()
// any number of times -> finished() exactly once, with problem() set when it failed. Tasks
// are owned by whoever made them (a parent or a unique_ptr); they never delete themselves.
class SyncTask : public QObject
{
    Q_OBJECT
public:
    explicit SyncTask(const QString &accountId, QObject *parent = nullptr);
    ~SyncTask() override;

    void start();
    bool isRunning() const { return m_started && !m_finished; }
    bool isFinished() const { return m_finished; }
    bool failed() const { return m_failed; }
    const SyncProblem &problem() const { return m_problem; }
    const QString &accountId() const { return m_accountId; }

Q_SIGNALS:
    void progress(const magpie::sync::SyncProgress &progress);
    void finished(magpie::sync::SyncTask *task);

protected:
    virtual void doStart() = 0;

    void reportProgress(const QString &activity, qint64 done = 0, qint64 total = 0,
                        const QString &folderPath = {});
    // Each ends the task once; later calls are ignored. finished() is emitted from the event
    // loop, never from inside start().
    void finishWithSuccess();
    void finishWithProblem(const SyncProblem &problem);
    void finishWithNetError(const net::NetError &error);
    void finishWithStoreError(const store::StoreError &error);

    // The problem a network or cache error amounts to (kind, willRetry, message).
    SyncProblem problemFrom(const net::NetError &error) const;
    SyncProblem problemFrom(const store::StoreError &error) const;

private:
    void finishLater();

    QString m_accountId;
    SyncProblem m_problem;
    bool m_started = false;
    bool m_finished = false;
    bool m_failed = false;
};

} // namespace magpie::sync
