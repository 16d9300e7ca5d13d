// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/StatusJob.h"
#include "store/FolderRecord.h"
#include "sync/SyncTask.h"

#include <QHash>
#include <QList>

#include <memory>

namespace magpie::imap {
class ImapSession;
struct ListEntry;
} // namespace magpie::imap
namespace magpie::store {
class MailCache;
}

namespace magpie::sync {

// Reads an account's folder list (LIST "" "*" with RETURN (SPECIAL-USE), RFC 6154 s5.1,
// RFC 5258) and makes the cache's folders match it (FolderStore::reconcile): new folders
// appear, renamed or deleted ones go with their messages, roles come from the special-use
// attributes (INBOX is always the Inbox, RFC 3501 s5.1), \Noselect parents are kept as
// unselectable tree nodes.
class ImapFolderListTask : public SyncTask
{
    Q_OBJECT
public:
    ImapFolderListTask(const QString &accountId, imap::ImapSession *session,
                       store::MailCache &cache, QObject *parent = nullptr);
    ~ImapFolderListTask() override;

    // The account's folders after the reconcile, INBOX first.
    const QList<store::FolderRecord> &folders() const;
    // Ask for every folder's STATUS with the LIST when the server offers LIST-STATUS (RFC 5819).
    void setAskStatus(bool ask);
    // What the LIST said of each folder's STATUS, by FolderRecord::path ("INBOX" spelled so).
    const QHash<QString, imap::MailboxStatus> &statuses() const;

    // One LIST entry as the cache records it (exposed for tests).
    static store::FolderRecord recordFor(const QString &accountId, const imap::ListEntry &entry);
    // Servers without SPECIAL-USE: the usual English names give the roles nobody claimed.
    static void guessMissingRoles(QList<store::FolderRecord> &folders);

protected:
    void doStart() override;

private:
    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::sync
