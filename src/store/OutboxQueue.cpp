// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/OutboxQueue.h"

#include "store/MailCache.h"

#include <QSqlQuery>
#include <QVariant>

namespace magpie::store {

namespace {

using State = OutboxEntry::State;

// The state column's values; fixed, since they are stored.
int stateValue(State state)
{
    switch (state) {
    case State::Queued:
        return 0;
    case State::Sending:
        return 1;
    case State::Unconfirmed:
        return 2;
    case State::Failed:
        return 3;
    case State::Sent:
        return 4;
    }
    return 0;
}

State stateFrom(int value)
{
    switch (value) {
    case 1:
        return State::Sending;
    case 2:
        return State::Unconfirmed;
    case 3:
        return State::Failed;
    case 4:
        return State::Sent;
    default:
        return State::Queued;
    }
}

QVariant timeValue(const QDateTime &time)
{
    return time.isValid() ? QVariant(time.toMSecsSinceEpoch()) : QVariant();
}

QDateTime timeFrom(const QVariant &value)
{
    return value.isNull() ? QDateTime() : QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

// Envelope addresses one a line: they can hold no line break (RFC 5321 s4.1.2; enqueue
// refuses any that does), so the list round-trips.
QByteArray joinedRecipients(const QList<QByteArray> &recipients)
{
    QByteArray joined;
    for (const QByteArray &recipient : recipients) {
        if (!joined.isEmpty())
            joined += '\n';
        joined += recipient;
    }
    return joined;
}

QList<QByteArray> splitRecipients(const QByteArray &joined)
{
    QList<QByteArray> recipients;
    if (joined.isEmpty())
        return recipients;
    for (const QByteArray &recipient : joined.split('\n'))
        recipients.append(recipient);
    return recipients;
}

bool hasLineBreakOrNul(const QByteArray &address)
{
    return address.contains('\r') || address.contains('\n') || address.contains('\0');
}

const QString kColumns = QStringLiteral(
    "id, account_id, envelope_from, recipients, raw, message_id, subject, state, attempts,"
    " next_attempt, last_error, created_at");

} // namespace

OutboxQueue::OutboxQueue(MailCache &cache)
    : m_cache(cache)
{ }

qint64 OutboxQueue::enqueue(const OutboxEntry &entry, StoreError *error)
{
    const auto fail = [error](const StoreError &why) {
        if (error)
            *error = why;
        return qint64(0);
    };
    if (error)
        *error = {};
    bool bad = hasLineBreakOrNul(entry.envelopeFrom);
    for (const QByteArray &recipient : entry.recipients)
        bad = bad || hasLineBreakOrNul(recipient);
    if (bad) {
        return fail({ StoreError::Failed,
                      tr("The message was not put in the outbox: an address in its envelope "
                         "contains a line break or a NUL byte, so it could never be sent.") });
    }
    const QDateTime created =
        entry.createdAt.isValid() ? entry.createdAt : QDateTime::currentDateTimeUtc();

    WriteTransaction transaction(m_cache);
    if (const StoreError begun = transaction.begun())
        return fail(begun);
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral(
        "INSERT INTO outbox (account_id, envelope_from, recipients, raw, message_id, subject,"
        " state, attempts, next_attempt, last_error, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, 0, ?, NULL, ?)"));
    query.addBindValue(entry.accountId);
    query.addBindValue(entry.envelopeFrom.isNull() ? QByteArray("") : entry.envelopeFrom);
    query.addBindValue(joinedRecipients(entry.recipients));
    query.addBindValue(entry.raw.isNull() ? QByteArray("") : entry.raw);
    query.addBindValue(entry.messageId.isEmpty() ? QVariant() : QVariant(entry.messageId));
    query.addBindValue(entry.subject);
    query.addBindValue(stateValue(State::Queued));
    query.addBindValue(created.toMSecsSinceEpoch());
    query.addBindValue(created.toMSecsSinceEpoch());
    if (!query.exec())
        return fail(m_cache.errorFrom(query.lastError(), tr("putting a message in the outbox")));
    const qint64 id = query.lastInsertId().toLongLong();
    if (const StoreError committed = transaction.commit())
        return fail(committed);
    Q_EMIT m_cache.outboxChanged();
    return id;
}

QList<OutboxEntry> OutboxQueue::select(const QString &where, const QList<QVariant> &values) const
{
    QList<OutboxEntry> result;
    QSqlQuery query(m_cache.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT ") + kColumns + QStringLiteral(" FROM outbox ") + where
                  + QStringLiteral(" ORDER BY id"));
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return result;
    while (query.next()) {
        OutboxEntry entry;
        entry.id = query.value(0).toLongLong();
        entry.accountId = query.value(1).toString();
        entry.envelopeFrom = query.value(2).toByteArray();
        entry.recipients = splitRecipients(query.value(3).toByteArray());
        entry.raw = query.value(4).toByteArray();
        entry.messageId = query.value(5).toByteArray();
        entry.subject = query.value(6).toString();
        entry.state = stateFrom(query.value(7).toInt());
        entry.attempts = query.value(8).toInt();
        entry.nextAttempt = timeFrom(query.value(9));
        entry.lastError = query.value(10).toString();
        entry.createdAt = timeFrom(query.value(11));
        result.append(entry);
    }
    return result;
}

std::optional<OutboxEntry> OutboxQueue::entry(qint64 id) const
{
    const QList<OutboxEntry> found = select(QStringLiteral("WHERE id = ?"), { id });
    if (found.isEmpty())
        return std::nullopt;
    return found.first();
}

QList<OutboxEntry> OutboxQueue::entries(const QString &accountId) const
{
    if (accountId.isEmpty())
        return select({}, {});
    return select(QStringLiteral("WHERE account_id = ?"), { accountId });
}

QList<OutboxEntry> OutboxQueue::due(const QString &accountId, const QDateTime &now) const
{
    return select(QStringLiteral("WHERE account_id = ? AND (state = ? OR (state = ? AND"
                                 " (next_attempt IS NULL OR next_attempt <= ?)))"),
                  { accountId, stateValue(State::Sending), stateValue(State::Queued),
                    now.toMSecsSinceEpoch() });
}

QList<OutboxEntry> OutboxQueue::awaitingFiling(const QString &accountId) const
{
    return select(QStringLiteral("WHERE account_id = ? AND state = ?"),
                  { accountId, stateValue(State::Sent) });
}

int OutboxQueue::count(const QString &accountId) const
{
    QSqlQuery query(m_cache.connection());
    if (accountId.isEmpty()) {
        query.prepare(QStringLiteral("SELECT COUNT(*) FROM outbox"));
    } else {
        query.prepare(QStringLiteral("SELECT COUNT(*) FROM outbox WHERE account_id = ?"));
        query.addBindValue(accountId);
    }
    if (!query.exec() || !query.next())
        return 0;
    return query.value(0).toInt();
}

std::optional<QDateTime> OutboxQueue::nextDue(const QString &accountId) const
{
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT MIN(COALESCE(next_attempt, created_at)) FROM outbox"
                                 " WHERE account_id = ? AND state = ?"));
    query.addBindValue(accountId);
    query.addBindValue(stateValue(State::Queued));
    if (!query.exec() || !query.next() || query.value(0).isNull())
        return std::nullopt;
    return timeFrom(query.value(0));
}

StoreError OutboxQueue::execute(const QString &sql, const QList<QVariant> &values,
                                const QString &what, bool mustChangeRow)
{
    WriteTransaction transaction(m_cache);
    if (const StoreError begun = transaction.begun())
        return begun;
    QSqlQuery query(m_cache.connection());
    query.prepare(sql);
    for (const QVariant &value : values)
        query.addBindValue(value);
    if (!query.exec())
        return m_cache.errorFrom(query.lastError(), what);
    if (mustChangeRow && query.numRowsAffected() < 1) {
        return { StoreError::NotFound,
                 tr("Magpie could not finish %1: that message is no longer in the outbox, or "
                    "no longer in a state that allows it.")
                     .arg(what) };
    }
    if (const StoreError committed = transaction.commit())
        return committed;
    Q_EMIT m_cache.outboxChanged();
    return {};
}

StoreError OutboxQueue::markSending(qint64 id)
{
    return execute(QStringLiteral("UPDATE outbox SET state = ? WHERE id = ? AND state IN (?, ?)"),
                   { stateValue(State::Sending), id, stateValue(State::Queued),
                     stateValue(State::Sending) },
                   tr("starting to send an outbox message"), true);
}

StoreError OutboxQueue::setState(qint64 id, State state, const QString &lastError,
                                 const QString &what)
{
    return execute(QStringLiteral("UPDATE outbox SET state = ?, last_error = ? WHERE id = ?"),
                   { stateValue(state), lastError.isEmpty() ? QVariant() : QVariant(lastError), id },
                   what, true);
}

StoreError OutboxQueue::markSent(qint64 id, const QString &note)
{
    return setState(id, State::Sent, note, tr("marking an outbox message sent"));
}

StoreError OutboxQueue::markUnconfirmed(qint64 id, const QString &error)
{
    return setState(id, State::Unconfirmed, error, tr("marking an outbox message unconfirmed"));
}

StoreError OutboxQueue::markFailed(qint64 id, const QString &error)
{
    return setState(id, State::Failed, error, tr("marking an outbox message failed"));
}

StoreError OutboxQueue::markQueuedForRetry(qint64 id, const QString &error, int attempts,
                                           const QDateTime &nextAttempt)
{
    return execute(QStringLiteral("UPDATE outbox SET state = ?, last_error = ?, attempts = ?,"
                                  " next_attempt = ? WHERE id = ?"),
                   { stateValue(State::Queued), error.isEmpty() ? QVariant() : QVariant(error),
                     attempts, timeValue(nextAttempt), id },
                   tr("scheduling another attempt for an outbox message"), true);
}

StoreError OutboxQueue::retryNow(qint64 id, const QDateTime &now)
{
    return execute(QStringLiteral("UPDATE outbox SET state = ?, last_error = NULL, attempts = 0,"
                                  " next_attempt = ? WHERE id = ? AND state IN (?, ?)"),
                   { stateValue(State::Queued), now.toMSecsSinceEpoch(), id,
                     stateValue(State::Failed), stateValue(State::Unconfirmed) },
                   tr("sending an outbox message again"), true);
}

StoreError OutboxQueue::discard(qint64 id)
{
    const std::optional<OutboxEntry> current = entry(id);
    if (!current) {
        return { StoreError::NotFound,
                 tr("Magpie could not discard the message: it is no longer in the outbox.") };
    }
    if (current->state == State::Sending) {
        return { StoreError::Failed,
                 tr("Magpie could not discard the message: it is being sent right now. Try "
                    "again when sending is over.") };
    }
    return execute(QStringLiteral("DELETE FROM outbox WHERE id = ? AND state <> ?"),
                   { id, stateValue(State::Sending) },
                   tr("discarding an outbox message"), true);
}

StoreError OutboxQueue::remove(qint64 id)
{
    return execute(QStringLiteral("DELETE FROM outbox WHERE id = ?"), { id },
                   tr("removing a sent message from the outbox"), true);
}

} // namespace magpie::store
