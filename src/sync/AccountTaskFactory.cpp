// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/AccountTaskFactory.h"

#include "net/imap/ImapJob.h"
#include "net/imap/ImapSession.h"
#include "sync/BodyFetchTask.h"
#include "sync/ImapConnectTask.h"
#include "sync/OperationReplayTask.h"
#include "sync/OutboxSendTask.h"
#include "sync/Pop3DownloadTask.h"

namespace magpie::sync {

AccountTaskFactory::~AccountTaskFactory() = default;

SyncTask *AccountTaskFactory::imapConnect(const AccountConfig &account,
                                          const net::Credentials &credentials, QObject *parent)
{
    return new ImapConnectTask(account, credentials, parent);
}

std::unique_ptr<imap::ImapSession> AccountTaskFactory::takeSession(SyncTask *connectTask)
{
    auto *connect = qobject_cast<ImapConnectTask *>(connectTask);
    return connect ? connect->takeSession() : nullptr;
}

SyncTask *AccountTaskFactory::imapSync(const AccountConfig &account, imap::ImapSession *session,
                                       store::MailCache &cache, const QString &onlyFolder,
                                       QObject *parent)
{
    auto *task = new ImapAccountSyncTask(account, session, cache, parent);
    task->setOnlyFolder(onlyFolder);
    return task;
}

ImapSyncStats AccountTaskFactory::imapSyncStats(const SyncTask *syncTask) const
{
    const auto *sync = qobject_cast<const ImapAccountSyncTask *>(syncTask);
    return sync ? sync->stats() : ImapSyncStats {};
}

SyncTask *AccountTaskFactory::pop3Download(const AccountConfig &account,
                                           const net::Credentials &credentials,
                                           store::MailCache &cache, QObject *parent)
{
    return new Pop3DownloadTask(account, credentials, cache, parent);
}

ImapSyncStats AccountTaskFactory::pop3Stats(const SyncTask *downloadTask) const
{
    ImapSyncStats stats;
    if (const auto *download = qobject_cast<const Pop3DownloadTask *>(downloadTask)) {
        stats.folders = 1;
        stats.newMessages = download->downloaded();
        stats.removedMessages = download->deletedFromServer();
        stats.bytes = download->bytes();
    }
    return stats;
}

SyncTask *AccountTaskFactory::outboxSend(const AccountConfig &account,
                                         const net::Credentials &smtpCredentials,
                                         store::MailCache &cache, imap::ImapSession *session,
                                         QObject *parent)
{
    auto *task = new OutboxSendTask(account, smtpCredentials, cache, parent);
    task->setImapSession(session);
    return task;
}

SyncTask *AccountTaskFactory::operationReplay(const AccountConfig &account,
                                              imap::ImapSession *session,
                                              store::MailCache &cache, QObject *parent)
{
    return new OperationReplayTask(account.id, session, cache, parent);
}

SyncTask *AccountTaskFactory::bodyFetch(const AccountConfig &account, imap::ImapSession *session,
                                        store::MailCache &cache,
                                        const QList<qint64> &messageIds, QObject *parent)
{
    auto *task = new BodyFetchTask(account.id, session, cache, parent);
    task->setMessages(messageIds);
    return task;
}

} // namespace magpie::sync
