// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/SearchKey.h"

#include <QSqlQuery>

namespace magpie::store {

namespace {

qint64 clampedDate(const QDateTime &date)
{
    return qBound(SearchKey::earliestDate, date.toMSecsSinceEpoch(), SearchKey::latestDate);
}

} // namespace

qint64 SearchKey::slotStart(const QDateTime &date)
{
    return date.isValid() ? clampedDate(date) * tieCount : undatedBase;
}

qint64 SearchKey::preferred(const QDateTime &date, qint64 messageId)
{
    if (!date.isValid())
        return undated(messageId);
    return slotStart(date) + (messageId & (tieCount - 1));
}

bool SearchKey::inSlot(qint64 key, const QDateTime &date)
{
    if (!date.isValid())
        return key < -(qint64(1) << 62);
    const qint64 first = slotStart(date);
    return key >= first && key < first + tieCount;
}

std::optional<QSet<qint64>> SearchKey::keysIn(const QSqlDatabase &db, qint64 first, qint64 last,
                                              QSqlError *error)
{
    QSqlQuery range(db);
    range.setForwardOnly(true);
    range.prepare(QStringLiteral("SELECT rowid FROM message_text WHERE rowid BETWEEN ? AND ?"));
    range.addBindValue(first);
    range.addBindValue(last);
    if (!range.exec()) {
        if (error)
            *error = range.lastError();
        return std::nullopt;
    }
    QSet<qint64> used;
    while (range.next())
        used.insert(range.value(0).toLongLong());
    return used;
}

std::optional<qint64> SearchKey::allocate(const QSqlDatabase &db, const QDateTime &date,
                                          qint64 messageId, QSqlError *error)
{
    auto taken = [&](qint64 key) -> std::optional<bool> {
        QSqlQuery probe(db);
        probe.prepare(QStringLiteral("SELECT 1 FROM message_text WHERE rowid = ?"));
        probe.addBindValue(key);
        if (!probe.exec()) {
            if (error)
                *error = probe.lastError();
            return std::nullopt;
        }
        return probe.next();
    };
    auto takenIn = [&](qint64 first, qint64 last) { return keysIn(db, first, last, error); };
    return choose(date, messageId, taken, takenIn);
}

} // namespace magpie::store
