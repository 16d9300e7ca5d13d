// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/SyncTask.h"

#include <QTimer>

namespace magpie::sync {

SyncTask::SyncTask(const QString &accountId, QObject *parent)
    : QObject(parent)
    , m_accountId(accountId)
{
}

SyncTask::~SyncTask() = default;

void SyncTask::start()
{
    if (m_started)
        return;
    m_started = true;
    doStart();
}

void SyncTask::reportProgress(const QString &activity, qint64 done, qint64 total,
                              const QString &folderPath)
{
    Q_EMIT progress(SyncProgress { m_accountId, activity, folderPath, done, total });
}

void SyncTask::finishWithSuccess()
{
    if (m_finished)
        return;
    m_finished = true;
    finishLater();
}

void SyncTask::finishWithProblem(const SyncProblem &problem)
{
    if (m_finished)
        return;
    m_finished = true;
    m_failed = true;
    m_problem = problem;
    if (m_problem.accountId.isEmpty())
        m_problem.accountId = m_accountId;
    finishLater();
}

void SyncTask::finishWithNetError(const net::NetError &error)
{
    finishWithProblem(problemFrom(error));
}

void SyncTask::finishWithStoreError(const store::StoreError &error)
{
    finishWithProblem(problemFrom(error));
}

void SyncTask::finishLater()
{
    // Queued, so a caller that connects to finished() after start() never misses it and a
    // task that fails at once does not re-enter its caller.
    QTimer::singleShot(0, this, [this] { Q_EMIT finished(this); });
}

SyncProblem SyncTask::problemFrom(const net::NetError &error) const
{
    using Code = net::NetError::Code;
    SyncProblem problem;
    problem.accountId = m_accountId;
    problem.netError = error;
    problem.message = error.message;
    problem.willRetry = error.isTemporary();
    switch (error.code) {
    case Code::AuthenticationFailed:
    case Code::NoSuitableMechanism:
        problem.kind = SyncProblem::Kind::Authentication;
        break;
    case Code::Certificate:
    case Code::TlsHandshake:
    case Code::StartTlsUnavailable:
        problem.kind = SyncProblem::Kind::Certificate;
        break;
    case Code::CommandRejected:
    case Code::MessageTooLarge:
    case Code::ProtocolViolation:
    case Code::InvalidArgument:
        problem.kind = SyncProblem::Kind::Server;
        break;
    default:
        problem.kind = SyncProblem::Kind::Network;
        break;
    }
    return problem;
}

SyncProblem SyncTask::problemFrom(const store::StoreError &error) const
{
    SyncProblem problem;
    problem.accountId = m_accountId;
    problem.kind = SyncProblem::Kind::Store;
    problem.storeError = error;
    problem.message = error.message;
    problem.willRetry = false;
    return problem;
}

} // namespace magpie::sync
