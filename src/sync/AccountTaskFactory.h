// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "sync/AccountConfig.h"
#include "sync/ImapAccountSyncTask.h"

#include <QList>

#include <memory>

class QObject;

namespace magpie::imap {
class ImapSession;
}
namespace magpie::store {
class MailCache;
}

namespace magpie::sync {

class SyncTask;

// What AccountRuntime and ImapIdleWatcher build their work from: the sync tasks. The runtime
// decides when each runs; this says how each is made. Tests of the runtime's timing (backoff,
// NeedsAttention, polling) replace it with tasks that fail or succeed on cue.
class AccountTaskFactory
{
public:
    virtual ~AccountTaskFactory();

    // ImapConnectTask; once it succeeded, takeSession() hands over the logged-in session.
    virtual SyncTask *imapConnect(const AccountConfig &account,
                                  const net::Credentials &credentials, QObject *parent);
    virtual std::unique_ptr<imap::ImapSession> takeSession(SyncTask *connectTask);
    // ImapAccountSyncTask over every folder, or only `onlyFolder`.
    virtual SyncTask *imapSync(const AccountConfig &account, imap::ImapSession *session,
                               store::MailCache &cache, const QString &onlyFolder,
                               QObject *parent);
    virtual ImapSyncStats imapSyncStats(const SyncTask *syncTask) const;
    // Pop3DownloadTask; its figures as ImapSyncStats (one folder, downloaded, bytes).
    virtual SyncTask *pop3Download(const AccountConfig &account,
                                   const net::Credentials &credentials, store::MailCache &cache,
                                   QObject *parent);
    virtual ImapSyncStats pop3Stats(const SyncTask *downloadTask) const;
    // OutboxSendTask; `session` (may be null) files the copies into Sent.
    virtual SyncTask *outboxSend(const AccountConfig &account,
                                 const net::Credentials &smtpCredentials,
                                 store::MailCache &cache, imap::ImapSession *session,
                                 QObject *parent);
    virtual SyncTask *operationReplay(const AccountConfig &account, imap::ImapSession *session,
                                      store::MailCache &cache, QObject *parent);
    virtual SyncTask *bodyFetch(const AccountConfig &account, imap::ImapSession *session,
                                store::MailCache &cache, const QList<qint64> &messageIds,
                                QObject *parent);
};

} // namespace magpie::sync
