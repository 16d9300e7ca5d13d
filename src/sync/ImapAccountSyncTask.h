// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/AccountConfig.h"
#include "sync/SyncTask.h"

#include <memory>

namespace magpie::imap {
class ImapSession;
}
namespace magpie::store {
class MailCache;
}

namespace magpie::sync {

// What one pass of an IMAP sync did, for magpie-cli sync and the benchmarks.
struct ImapSyncStats
{
    int folders = 0;
    qint64 newMessages = 0;
    qint64 flagChanges = 0;
    qint64 removedMessages = 0;
    qint64 bodiesFetched = 0;
    qint64 bytes = 0; // bytes read from the server during the pass
    double writerCpuMs = 0; // CPU time of the SummaryWriter threads (benchmarks print it)
};

// One pass over an account on an open session (RFC 4549's disconnected client): replay the
// pending offline operations (OperationReplayTask), then the folder list with special-use
// (LIST), then every folder (ImapFolderSyncTask; INBOX first) or only `onlyFolder`, then the
// offline prefetch of recent bodies (BodyPrefetchTask). A folder that fails is reported and
// the others still run, unless the connection itself is lost.
// From a connection's second pass on (CONDSTORE/QRESYNC in use), the LIST also asks for every
// folder's STATUS (LIST-STATUS, RFC 5819), so an unchanged folder costs no command and the one
// still selected a NOOP; a pass that SELECTed other folders ends by selecting INBOX again, so
// that the next pass finds it selected (ImapFolderSyncTask's shortcuts).
class ImapAccountSyncTask : public SyncTask
{
    Q_OBJECT
public:
    ImapAccountSyncTask(const AccountConfig &account, imap::ImapSession *session,
                        store::MailCache &cache, QObject *parent = nullptr);
    ~ImapAccountSyncTask() override;

    void setOnlyFolder(const QString &path); // "INBOX"; empty: all
    void setPrefetch(bool prefetch);         // default true
    const ImapSyncStats &stats() const;

protected:
    void doStart() override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::sync
