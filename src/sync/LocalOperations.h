// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageFlags.h"
#include "store/MessageSummary.h"
#include "store/PendingOperations.h"
#include "store/StoreError.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QList>

namespace magpie::store {
class MailCache;
}

namespace magpie::sync {

// What the person does to messages, online or not (RFC 4549 s3): each change is applied to
// the cache at once (the list shows it) and recorded as a pending operation, in one
// transaction; OperationReplayTask carries it to the server in order when the account is
// online. Nothing is removed from the cache here: a deleted or moved-away message is hidden
// (LocalState::PendingRemoval) until the server confirmed.
//
// A move keeps the original rows (hidden, with their UIDs, so a folder sync in between does
// not take the message for a new one) and adds a copy to the target folder at once
// (LocalState::PendingUpload, uid 0, with the cached body if there is one) so the list shows
// it there. The replay gives the copy the server's UID (COPYUID) and only then removes the
// originals; if the server lost the message meanwhile, the copy's body is what gets uploaded.
class LocalOperations
{
    Q_DECLARE_TR_FUNCTIONS(magpie::sync::LocalOperations)
public:
    explicit LocalOperations(store::MailCache &cache);

    store::StoreError markRead(const QList<qint64> &messageIds, bool read);
    store::StoreError markFlagged(const QList<qint64> &messageIds, bool flagged);
    // Moves to another folder of the same account.
    store::StoreError move(const QList<qint64> &messageIds, qint64 targetFolderId);
    // Copies to another folder of the same account (UID COPY, RFC 3501 s6.4.7): the copies
    // show there at once, as a move's do; the originals stay.
    store::StoreError copy(const QList<qint64> &messageIds, qint64 targetFolderId);
    // To the account's Trash, or (already in Trash, or `permanently`) deleted for good.
    store::StoreError remove(const QList<qint64> &messageIds, bool permanently = false);
    // Saves a draft (raw RFC 5322) into the account's Drafts folder, replacing `replacing`
    // (the draft's previous version) if given. Returns the new message's cache id.
    qint64 saveDraft(const QString &accountId, const QByteArray &raw, qint64 replacing = 0,
                     store::StoreError *error = nullptr);

private:
    store::StoreError changeFlag(const QList<qint64> &messageIds, store::MessageFlags::Flag flag,
                                 bool on);
    store::StoreError transfer(const QList<qint64> &messageIds, qint64 targetFolderId,
                               store::PendingOperation::Kind kind);
    // Copies (kind Copy), moves (kind Move or Delete) or deletes for good (Expunge) the
    // messages of one account.
    store::StoreError relocate(const QList<store::MessageSummary> &messages,
                               store::PendingOperation::Kind kind, qint64 targetFolderId,
                               QList<store::PendingOperation> &recorded);
    store::StoreError expunge(const QList<store::MessageSummary> &messages,
                              QList<store::PendingOperation> &recorded);

    store::MailCache &m_cache;
};

} // namespace magpie::sync
