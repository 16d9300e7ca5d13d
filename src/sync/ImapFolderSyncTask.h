// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/AccountConfig.h"
#include "sync/SyncTask.h"

#include <memory>

namespace magpie::imap {
class ImapSession;
struct MailboxStatus;
} // namespace magpie::imap
namespace magpie::store {
class MailCache;
}

namespace magpie::sync {

struct ImapSyncStats;

// Brings one cached folder up to date with the server (RFC 4549 s4.3):
// SELECT (with QRESYNC's known UIDs/modseq, RFC 7162 s3.2.5, when enabled) -> a changed
// UIDVALIDITY drops the folder's cache and starts over -> new messages (UID > highest cached)
// newest first in batches of ENVELOPE, BODYSTRUCTURE, FLAGS, RFC822.SIZE, INTERNALDATE and
// the References field, each batch committed so the list fills while it runs -> flags and
// expunges: with QRESYNC the SELECT answered them (VANISHED (EARLIER), FETCH); with CONDSTORE
// UID FETCH 1:<max> (FLAGS) (CHANGEDSINCE m) + UID SEARCH ALL; without, UID FETCH 1:<max>
// (FLAGS) and UID SEARCH ALL to find what was expunged -> UIDNEXT/HIGHESTMODSEQ saved last,
// so an interrupted sync resumes and never skips a message.
//
// Two shortcuts for a folder with nothing new, both only with CONDSTORE/QRESYNC in use:
// - still selected on this session and in step since the last pass here: NOOP instead of
//   SELECT (poll(); a change heard means the full pass after all);
// - not selected, and the folder's STATUS from the LIST (RFC 5819, setListedStatus) equals
//   what the cache holds: no command at all (unchangedByListedStatus()).
class ImapFolderSyncTask : public SyncTask
{
    Q_OBJECT
public:
    ImapFolderSyncTask(const AccountConfig &account, imap::ImapSession *session,
                       store::MailCache &cache, qint64 folderId, QObject *parent = nullptr);
    ~ImapFolderSyncTask() override;

    void setBatchSize(int messages); // default 500
    // The folder's STATUS as the account's LIST just reported it (LIST-STATUS, RFC 5819).
    void setListedStatus(const imap::MailboxStatus &status);
    const ImapSyncStats &stats() const;

protected:
    void doStart() override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::sync
