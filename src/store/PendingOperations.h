// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageFlags.h"
#include "store/StoreError.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace magpie::store {

class MailCache;

// One change the person made that the server has not confirmed yet (RFC 4549 s3): applied to
// the cache at once, replayed to the server in id order (RFC 4549 s4.2).
//
// Messages are named by their cache ids (MessageSummary::id) and resolved when the operation
// is replayed, not when it is recorded: a message moved offline gets its server UID only when
// the move before it was replayed, and a flag change made on it in between must follow it.
// `uids` keeps the UIDs the messages had when the operation was recorded, for when their rows
// are gone by then (the server expunged them and a sync removed them).
struct PendingOperation
{
    enum class Kind {
        SetFlag = 1, // UID STORE +FLAGS (flag)
        ClearFlag = 2, // UID STORE -FLAGS (flag)
        Move = 3, // to targetFolderId; relatedIds: the copies shown there meanwhile
        Delete = 4, // a Move to the account's Trash, said as "deleting"
        Expunge = 5, // deleted for good: STORE \Deleted + UID EXPUNGE of exactly these
        SaveDraft = 6, // APPEND messageIds[0] to its folder; relatedIds: versions it replaces
        Copy = 7, // to targetFolderId, the originals stay; relatedIds: the copies shown there
    };

    qint64 id = 0;
    QString accountId;
    Kind kind = Kind::SetFlag;
    qint64 folderId = 0; // where the messages were when the change was made
    qint64 targetFolderId = 0; // Move, Delete
    QList<qint64> messageIds;
    QList<quint32> uids; // parallel to messageIds; 0 where the message had none
    QList<qint64> relatedIds; // see Kind
    MessageFlags::Flag flag = MessageFlags::Seen; // SetFlag, ClearFlag
    int attempts = 0; // replays begun; above 0 the server may have done part of it
    QDateTime createdAt; // UTC

    bool isMove() const { return kind == Kind::Move || kind == Kind::Delete; }
};

// The pending_operations table (schema v2). record() and remove() run in their own
// transaction and emit MailCache::pendingOperationsChanged after it; insert() is for a caller
// that holds a WriteTransaction already (LocalOperations applies the change and records it in
// one) and announces after its own commit with announce().
class PendingOperations
{
    Q_DECLARE_TR_FUNCTIONS(magpie::store::PendingOperations)
public:
    explicit PendingOperations(MailCache &cache);

    // Returns the new id (0 on failure, with `error` set).
    qint64 record(const PendingOperation &operation, StoreError *error = nullptr);
    qint64 insert(const PendingOperation &operation, StoreError *error = nullptr);
    void announce(const QString &accountId);

    // The account's operations, oldest first: the order they must be replayed in.
    QList<PendingOperation> operations(const QString &accountId) const;
    std::optional<PendingOperation> operation(qint64 id) const;
    int count(const QString &accountId) const;
    QStringList accountIds() const; // accounts with something pending

    // Rewrites messageIds, uids and relatedIds of an operation already recorded (a draft saved
    // again takes over what its unsent predecessor was to replace).
    StoreError update(const PendingOperation &operation);
    // A replay of it is about to send its first command: on a later pass the server may
    // already have done it, so the replay checks before doing it again.
    StoreError noteAttempt(qint64 id);
    // The server confirmed it (or it turned out to be moot): it is done.
    StoreError remove(qint64 id);

private:
    std::optional<PendingOperation> read(qint64 id) const;

    MailCache &m_cache;
};

} // namespace magpie::store
