// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/FolderRecord.h"
#include "store/StoreError.h"

#include <QList>
#include <QString>

#include <optional>

namespace magpie::store {

class MailCache;

// The folders table: one row per folder of each account. Emits foldersChanged after writes.
class FolderStore
{
public:
    explicit FolderStore(MailCache &cache);

    // Every folder of the account, sorted by path (INBOX first), with counts.
    QList<FolderRecord> folders(const QString &accountId) const;
    std::optional<FolderRecord> folder(qint64 id) const;
    // The row alone, without counting its messages: the sync reads it on every pass, and
    // counting a 100,000-message folder would cost more than an unchanged QRESYNC resync.
    std::optional<FolderRecord> folderWithoutCounts(qint64 id) const;
    std::optional<FolderRecord> folderByPath(const QString &accountId, const QString &path) const;
    std::optional<FolderRecord> folderByRole(const QString &accountId, FolderRole role) const;
    QStringList accountIds() const; // accounts with at least one folder

    // Makes the account's server folders match `serverFolders` (a LIST result): adds new ones,
    // updates name/role/delimiter/selectable, and removes (with their messages) those the
    // server no longer has. Local folders are left alone. Rows keep their ids.
    StoreError reconcile(const QString &accountId, const QList<FolderRecord> &serverFolders);
    // Adds the folder, or returns the existing one with that path. `folder.id` is ignored.
    std::optional<FolderRecord> ensure(const FolderRecord &folder, StoreError *error = nullptr);
    // Saves UIDVALIDITY / UIDNEXT / HIGHESTMODSEQ after a sync step.
    StoreError saveSyncState(qint64 folderId, quint32 uidValidity, quint32 uidNext,
                             quint64 highestModSeq);
    // UIDVALIDITY changed (RFC 3501 s2.3.1.1): drops every cached message, body and search
    // entry of the folder, stores the new UIDVALIDITY, emits folderReset. Pending operations
    // that name the folder's old UIDs are kept for PendingOperations to resolve, and so are
    // the rows only this cache has (uid 0, PendingUpload: drafts and copies awaiting APPEND).
    StoreError resetFolder(qint64 folderId, quint32 newUidValidity);
    StoreError remove(qint64 folderId);

    // Unread and total for one folder (the list's counts are filled by folders()).
    void countMessages(FolderRecord &folder) const;

private:
    MailCache &m_cache;
};

} // namespace magpie::store
