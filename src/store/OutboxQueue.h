// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/OutboxEntry.h"
#include "store/StoreError.h"

#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QString>

#include <optional>

namespace magpie::store {

class MailCache;

// The outbox table (DESIGN.md, "The path of a message"): messages waiting to be sent, each
// committed before any network so a crash at any point loses nothing. The sync engine
// (sync::OutboxSendTask) moves entries through their states; the person retries or discards
// them. Every write is committed before it returns and announced with
// MailCache::outboxChanged() after the commit (inside a caller's WriteTransaction the change
// is final only when the caller commits).
//
// The store does not decide when to try again: the caller passes the times in (the sync
// engine takes them from sync::RetrySchedule), so tests and the store need no clock.
class OutboxQueue
{
    Q_DECLARE_TR_FUNCTIONS(magpie::store::OutboxQueue)
public:
    explicit OutboxQueue(MailCache &cache);

    // Adds the message as Queued, due at once (nextAttempt: createdAt, or now when
    // createdAt is unset); the entry's id, state, attempts and lastError are ignored.
    // Returns the new id, 0 on failure (with `error`). A recipient or sender holding CR, LF or
    // NUL is refused here (Failed): it could not be sent and could not be kept one per line.
    qint64 enqueue(const OutboxEntry &entry, StoreError *error = nullptr);

    std::optional<OutboxEntry> entry(qint64 id) const;
    // The account's entries in the order they were queued; every account's when
    // `accountId` is empty.
    QList<OutboxEntry> entries(const QString &accountId = {}) const;
    // What a send pass should attempt now, oldest first: Queued entries whose next attempt
    // is not after `now`, and Sending entries, which only a crash leaves behind (one pass
    // per account runs at a time): an attempt that never reached DATA's final dot, so the
    // server cannot have the message (RFC 5321 s4.1.1.4). Entries whose final dot may have
    // gone out are Unconfirmed and never due.
    QList<OutboxEntry> due(const QString &accountId, const QDateTime &now) const;
    // Sent entries: accepted by the server, waiting to be filed in the Sent folder.
    QList<OutboxEntry> awaitingFiling(const QString &accountId) const;
    int count(const QString &accountId = {}) const;
    // When the account's next Queued entry falls due (the earliest next attempt), for the
    // runtime's timer; nothing when no entry is Queued.
    std::optional<QDateTime> nextDue(const QString &accountId) const;

    // An attempt starts (Queued or Sending -> Sending). NotFound when the entry is gone or
    // no longer waiting (the person discarded it meanwhile): do not send it.
    StoreError markSending(qint64 id);
    // The server accepted it (250). `note` is kept as lastError: which recipients it
    // refused when it took the others, so the person learns who did not get it.
    StoreError markSent(qint64 id, const QString &note = {});
    // A temporary failure (4xx, the connection lost before the final dot): Queued again,
    // with the count of failed attempts and when to try next.
    StoreError markQueuedForRetry(qint64 id, const QString &error, int attempts,
                                  const QDateTime &nextAttempt);
    // The final dot went out and no reply came back (or it is going out now): the server
    // may have it; never resent on its own (RFC 1047).
    StoreError markUnconfirmed(qint64 id, const QString &error);
    // A permanent refusal (5xx): kept with the server's words.
    StoreError markFailed(qint64 id, const QString &error);

    // The person's choice for a Failed or Unconfirmed entry: Queued, due at `now`, the
    // attempt count and the error cleared. NotFound for entries in other states.
    StoreError retryNow(qint64 id, const QDateTime &now);
    // The person's choice: deletes an entry unless an attempt is running (Sending: refused
    // with Failed and a sentence; try again once the pass is over). Unknown ids: NotFound.
    StoreError discard(qint64 id);
    // Deletes the entry whatever its state: the sync engine, once the copy is filed.
    StoreError remove(qint64 id);

private:
    StoreError setState(qint64 id, OutboxEntry::State state, const QString &lastError,
                        const QString &what);
    StoreError execute(const QString &sql, const QList<QVariant> &values, const QString &what,
                       bool mustChangeRow);
    QList<OutboxEntry> select(const QString &where, const QList<QVariant> &values) const;

    MailCache &m_cache;
};

} // namespace magpie::store
