// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ImapIdleWatcher.h"

#include "net/imap/IdleJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/SelectJob.h"
#include "sync/AccountTaskFactory.h"
#include "sync/SyncTask.h"

using namespace Qt::StringLiterals;

namespace magpie::sync {

ImapIdleWatcher::ImapIdleWatcher(const AccountConfig &account, AccountTaskFactory &tasks,
                                 QObject *parent)
    : QObject(parent)
    , m_account(account)
    , m_tasks(tasks)
{ }

ImapIdleWatcher::~ImapIdleWatcher()
{
    closeSession();
}

bool ImapIdleWatcher::isWatching() const
{
    return m_connect || m_session;
}

bool ImapIdleWatcher::isIdling() const
{
    return m_idle && m_idle->isIdling();
}

void ImapIdleWatcher::setReissueInterval(int milliseconds)
{
    m_reissueMs = milliseconds;
}

void ImapIdleWatcher::watch(const QString &folderPath, const net::Credentials &credentials)
{
    closeSession();
    m_folderPath = folderPath;
    m_examined = false;
    SyncTask *connect = m_tasks.imapConnect(m_account, credentials, this);
    m_connect = connect;
    QObject::connect(connect, &SyncTask::finished, this, &ImapIdleWatcher::onConnected);
    connect->start();
}

void ImapIdleWatcher::stop()
{
    closeSession();
}

void ImapIdleWatcher::onConnected(SyncTask *task)
{
    if (task != m_connect)
        return; // an earlier watch() that was replaced
    m_connect = nullptr;
    task->deleteLater();
    if (task->failed()) {
        fail(task->problem());
        return;
    }
    m_session = m_tasks.takeSession(task);
    if (!m_session) {
        SyncProblem problem;
        problem.accountId = m_account.id;
        problem.kind = SyncProblem::Kind::Network;
        problem.willRetry = true;
        problem.message = tr("The connection for watching %1 could not be opened.").arg(m_folderPath);
        fail(problem);
        return;
    }
    imap::ImapSession *session = m_session.get();
    session->setParent(nullptr); // owned by m_session
    QObject::connect(session, &imap::ImapSession::closed, this, [this](const net::NetError &error) {
        SyncProblem problem;
        problem.accountId = m_account.id;
        problem.kind = SyncProblem::Kind::Network;
        problem.willRetry = true;
        problem.netError = error;
        problem.message = error.isError()
            ? error.message
            : tr("The server ended the connection that watched %1.").arg(m_folderPath);
        fail(problem);
    });
    auto notify = [this] {
        if (m_examined)
            Q_EMIT changed(m_folderPath);
    };
    QObject::connect(session, &imap::ImapSession::existsChanged, this, notify);
    QObject::connect(session, &imap::ImapSession::expunged, this, notify);
    QObject::connect(session, &imap::ImapSession::vanished, this, notify);
    QObject::connect(session, &imap::ImapSession::messageFetched, this, notify);

    if (!session->hasCapability("IDLE")) {
        const QString path = m_folderPath;
        closeSession();
        Q_EMIT idleUnavailable(path);
        return;
    }
    auto *examine = new imap::SelectJob(session, m_folderPath);
    examine->setReadOnly(true);
    m_examine = examine;
    QObject::connect(examine, &net::Job::finished, this, [this](net::Job *job) {
        if (job->failed()) {
            SyncProblem problem;
            problem.accountId = m_account.id;
            problem.kind = job->error().isTemporary() ? SyncProblem::Kind::Network
                                                      : SyncProblem::Kind::Server;
            problem.willRetry = job->error().isTemporary();
            problem.netError = job->error();
            problem.message = job->error().message;
            fail(problem);
            return;
        }
        m_examined = true;
        startIdle();
    });
    examine->start();
}

void ImapIdleWatcher::startIdle()
{
    auto *idle = new imap::IdleJob(m_session.get());
    if (m_reissueMs > 0)
        idle->setReissueInterval(m_reissueMs);
    m_idle = idle;
    QObject::connect(idle, &imap::IdleJob::idling, this, [this] { Q_EMIT idling(m_folderPath); });
    QObject::connect(idle, &net::Job::finished, this, [this](net::Job *job) {
        // Ends only when stopped, when the connection went (closed() reports it), or when
        // the server refused IDLE: then polling has to do.
        if (job->failed() && m_session && m_session->isOpen()
            && job->error().code == net::NetError::Code::CommandRejected) {
            const QString path = m_folderPath;
            closeSession();
            Q_EMIT idleUnavailable(path);
        }
    });
    idle->start();
}

void ImapIdleWatcher::fail(const SyncProblem &problem)
{
    closeSession();
    Q_EMIT failed(problem);
}

void ImapIdleWatcher::closeSession()
{
    if (m_connect) {
        m_connect->disconnect(this);
        m_connect->deleteLater();
        m_connect = nullptr;
    }
    if (!m_session)
        return;
    imap::ImapSession *session = m_session.release();
    session->disconnect(this);
    // The jobs still queued on the session finish during its LOGOUT; nothing of this watcher
    // may run then (an EXAMINE that succeeds would start IDLE on the session just given up).
    if (m_examine)
        m_examine->disconnect(this);
    m_examine = nullptr;
    if (m_idle)
        m_idle->disconnect(this);
    m_idle = nullptr;
    // Logged out politely when still open (IDLE is ended with DONE first, since LOGOUT is a
    // job queued behind it); deleted once closed, never from inside its own signal.
    QObject::connect(session, &imap::ImapSession::closed, session, &QObject::deleteLater);
    if (session->isOpen())
        session->logout();
    else
        session->deleteLater();
}

} // namespace magpie::sync
