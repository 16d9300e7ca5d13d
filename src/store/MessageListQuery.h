// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageSummary.h"
#include "store/StoreError.h"

#include <QByteArray>
#include <QHash>
#include <QList>
#include <QtGlobal>

namespace magpie::store {

class MailCache;

// Which messages the list shows (issue 7's quick filter); all of them by default.
struct MessageListFilter
{
    bool unreadOnly = false;
    bool flaggedOnly = false;
    bool withAttachmentsOnly = false;

    bool isEmpty() const { return !unreadOnly && !flaggedOnly && !withAttachmentsOnly; }
    bool operator==(const MessageListFilter &other) const
    {
        return unreadOnly == other.unreadOnly && flaggedOnly == other.flaggedOnly
            && withAttachmentsOnly == other.withAttachmentsOnly;
    }
    bool operator!=(const MessageListFilter &other) const { return !(*this == other); }
};

// The column the list is sorted on. Ties are broken by the cache id in the same direction,
// so the order is total and the same rows always come out in the same places.
enum class MessageSortKey {
    Date,        // Date: field (else INTERNALDATE): the index messages_by_date
    Sender,      // display name, else address, case-insensitive (ASCII, SQLite's NOCASE)
    Recipients,  // the To: text, for Sent and Drafts
    Subject,     // as written (a "Re: " prefix sorts under R), case-insensitive
    Size,
    Flagged,     // flagged first when descending
    Attachments, // with attachments first when descending
};

struct MessageListOrder
{
    MessageSortKey key = MessageSortKey::Date;
    Qt::SortOrder order = Qt::DescendingOrder; // newest first

    bool operator==(const MessageListOrder &other) const
    {
        return key == other.key && order == other.order;
    }
};

// What the thread proxy needs of one message to thread it (RFC 5256 s2.2 REFERENCES).
struct ThreadingHeaders
{
    qint64 id = 0;
    QByteArray messageId;
    QByteArray inReplyTo;
    QList<QByteArray> references;
    QString subject;
    qint64 date = 0; // ms since the epoch, UTC
};

// The read side of the message list (DESIGN.md, "Models"): which messages a list shows, in
// which order, computed by SQLite so that a 100,000-message folder never has to be loaded to
// be sorted. The list keeps only the ordered ids; the rows it shows are read a page at a
// time by id. Rows pending removal (LocalState::PendingRemoval) are never listed.
class MessageListQuery
{
public:
    explicit MessageListQuery(MailCache &cache);

    // The ids of the folders' listed messages, in display order. `error` is set on failure
    // (and the list is empty).
    QList<qint64> ids(const QList<qint64> &folderIds, const MessageListFilter &filter,
                      const MessageListOrder &order, StoreError *error = nullptr) const;

    // Which of `candidates` the list shows now (in the folders, not pending removal, passing
    // the filter): how the list tells a repaint from a row that must come or go.
    QList<qint64> listedAmong(const QList<qint64> &folderIds, const MessageListFilter &filter,
                              const QList<qint64> &candidates, StoreError *error = nullptr) const;

    // Full rows for `ids`, in the order given; ids no longer cached are left out.
    QList<MessageSummary> rows(const QList<qint64> &ids, StoreError *error = nullptr) const;

    // The threading headers of every listed message of the folders, in one query (only
    // read when the list is threaded), or of just `ids` when not empty.
    QList<ThreadingHeaders> threadingHeaders(const QList<qint64> &folderIds,
                                             const QList<qint64> &ids = {},
                                             StoreError *error = nullptr) const;

    // True when every folder is a Sent or Drafts folder: the list shows recipients there.
    bool showsRecipients(const QList<qint64> &folderIds) const;

private:
    MailCache &m_cache;
};

} // namespace magpie::store
