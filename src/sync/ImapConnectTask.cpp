// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ImapConnectTask.h"

#include "net/imap/EnableJob.h"
#include "net/imap/IdJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/LoginJob.h"

#include <QCoreApplication>

namespace magpie::sync {

struct ImapConnectTask::Private
{
    AccountConfig account;
    net::Credentials credentials;
    std::unique_ptr<imap::ImapSession> session;
    QMetaObject::Connection closedConnection;
};

ImapConnectTask::ImapConnectTask(const AccountConfig &account,
                                 const net::Credentials &credentials, QObject *parent)
    : SyncTask(account.id, parent)
    , d(std::make_unique<Private>())
{
    d->account = account;
    d->credentials = credentials;
    if (d->credentials.user.isEmpty())
        d->credentials.user = account.incomingUser;
}

ImapConnectTask::~ImapConnectTask() = default;

std::unique_ptr<imap::ImapSession> ImapConnectTask::takeSession()
{
    if (!isFinished() || failed())
        return {};
    QObject::disconnect(d->closedConnection);
    return std::move(d->session);
}

void ImapConnectTask::doStart()
{
    using imap::ImapSession;
    reportProgress(tr("Connecting to %1").arg(d->account.incomingServer.host));
    d->session = std::make_unique<ImapSession>();
    // A connection that fails to open, or drops before we are done, fails the task; the jobs
    // waiting on the session fail with the same error, whichever comes first wins.
    d->closedConnection = connect(d->session.get(), &ImapSession::closed, this,
                                  [this](const net::NetError &error) {
                                      finishWithNetError(
                                          error.isError() ? error
                                                          : net::NetError::make(
                                                                net::NetError::Code::ConnectionLost,
                                                                tr("The connection to %1 closed.")
                                                                    .arg(d->account.incomingServer.host)));
                                  });
    d->session->connectToServer(d->account.incomingServer);

    // RFC 2971: name and version only. A server that refuses ID is still usable.
    const auto identify = [this] {
        auto *id = new imap::IdJob(d->session.get(), QCoreApplication::applicationVersion());
        connect(id, &net::Job::finished, this, [this](net::Job *job) {
            if (job->failed() && job->error().isTemporary())
                return finishWithNetError(job->error());
            finishWithSuccess();
        });
        id->start();
    };
    const auto enableExtensions = [this, identify] {
        ImapSession *session = d->session.get();
        // RFC 7162 s3.2.3: enabling QRESYNC enables CONDSTORE as well, so one is asked for.
        QByteArrayList wanted;
        if (d->account.useQresync && session->hasCapability("QRESYNC"))
            wanted << QByteArrayLiteral("QRESYNC");
        else if (d->account.useCondstore && session->hasCapability("CONDSTORE"))
            wanted << QByteArrayLiteral("CONDSTORE");
        if (wanted.isEmpty() || !session->hasCapability("ENABLE"))
            return identify();
        auto *enable = new imap::EnableJob(session, wanted);
        connect(enable, &net::Job::finished, this, [this, identify](net::Job *job) {
            // A refused ENABLE only costs speed: the sync falls back to reading all flags.
            if (job->failed() && job->error().isTemporary())
                return finishWithNetError(job->error());
            identify();
        });
        enable->start();
    };

    // Queued now, it runs once the greeting is read and TLS is in force (ImapJob).
    auto *login = new imap::LoginJob(d->session.get(), d->credentials);
    connect(login, &net::Job::finished, this, [this, enableExtensions](net::Job *job) {
        if (job->failed())
            return finishWithNetError(job->error());
        enableExtensions();
    });
    login->start();
}

} // namespace magpie::sync
