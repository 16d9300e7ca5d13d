// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageSummary.h"
#include "store/StoreError.h"

#include <QHash>
#include <QList>

#include <optional>

namespace magpie::store {

class MailCache;

// One flag update from the server: FETCH FLAGS (and MODSEQ) of one UID.
struct FlagUpdate
{
    quint32 uid = 0;
    MessageFlags flags;
    quint64 modSeq = 0;
};

// The messages table (summaries, no bodies) plus its search entries for subject and
// addresses. Every write is one transaction and emits messagesAdded / messagesChanged /
// messagesRemoved and folderCountsChanged after it.
class MessageStore
{
public:
    explicit MessageStore(MailCache &cache);

    // Inserts the summaries into the folder; one whose (folder, uid) is already cached is
    // updated in place instead (uid 0 always inserts). Returns the ids in input order.
    QList<qint64> add(qint64 folderId, const QList<MessageSummary> &summaries,
                      StoreError *error = nullptr);
    std::optional<MessageSummary> message(qint64 id) const;
    std::optional<MessageSummary> messageByUid(qint64 folderId, quint32 uid) const;
    QList<MessageSummary> messages(const QList<qint64> &ids) const;
    // Messages of the account's folders with this Message-ID (the outbox's duplicate check).
    QList<MessageSummary> messagesWithMessageId(const QString &accountId,
                                                const QByteArray &messageId) const;

    // The folder's cached UIDs (uid > 0), ascending, including rows pending removal.
    QList<quint32> uids(qint64 folderId) const;
    quint32 highestUid(qint64 folderId) const;
    quint64 highestModSeq(qint64 folderId) const;
    int count(qint64 folderId) const;
    // UIDs of cached messages received on or after `since` that have no body yet, newest
    // first (the offline prefetch policy).
    QList<quint32> uidsWithoutBody(qint64 folderId, const QDateTime &since, int limit) const;

    // Server-side flag changes; unknown UIDs are ignored. Emits messagesChanged for rows
    // whose flags actually changed.
    StoreError applyFlagUpdates(qint64 folderId, const QList<FlagUpdate> &updates);
    // Local changes (offline operations apply them at once): sets or clears `flag` on ids.
    StoreError setFlag(const QList<qint64> &ids, MessageFlags::Flag flag, bool on);
    StoreError setLocalState(const QList<qint64> &ids, LocalState state);
    // After APPEND/COPY/MOVE told us the server's UID (RFC 4315 APPENDUID/COPYUID).
    StoreError setUid(qint64 id, quint32 uid);
    // Moves rows to another folder locally (uid set to 0, state PendingUpload).
    StoreError moveToFolder(const QList<qint64> &ids, qint64 targetFolderId);
    StoreError setPreview(qint64 id, const QString &preview, bool hasAttachments);

    // Removes rows once the server confirmed (EXPUNGE, VANISHED, a UID SEARCH that no longer
    // lists them), with their bodies and search entries.
    StoreError removeUids(qint64 folderId, const QList<quint32> &uids);
    StoreError remove(const QList<qint64> &ids);

private:
    MailCache &m_cache;
};

} // namespace magpie::store
