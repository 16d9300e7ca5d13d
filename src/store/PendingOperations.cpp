// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/PendingOperations.h"

#include "store/MailCache.h"

#include <QSqlQuery>
#include <QSqlRecord>
#include <QStringList>
#include <QVariant>

namespace magpie::store {

namespace {

// message_ids, uids and argument hold lists of numbers as "12,13,20": the lists are short
// (a selection of messages) and only ever read whole.
template<typename Number> QString joined(const QList<Number> &numbers)
{
    QStringList parts;
    parts.reserve(numbers.size());
    for (const Number number : numbers)
        parts.append(QString::number(number));
    return parts.join(u',');
}

QList<qint64> idsFrom(const QString &text)
{
    QList<qint64> ids;
    const QStringList parts = text.split(u',', Qt::SkipEmptyParts);
    for (const QString &part : parts)
        ids.append(part.toLongLong());
    return ids;
}

QList<quint32> uidsFrom(const QString &text)
{
    QList<quint32> uids;
    const QStringList parts = text.split(u',', Qt::SkipEmptyParts);
    for (const QString &part : parts)
        uids.append(part.toUInt());
    return uids;
}

bool isFlagKind(PendingOperation::Kind kind)
{
    return kind == PendingOperation::Kind::SetFlag || kind == PendingOperation::Kind::ClearFlag;
}

const QString selectColumns = QStringLiteral(
    "SELECT id, account_id, kind, folder_id, target_folder_id, message_ids, uids, argument,"
    " attempts, created_at FROM pending_operations ");

PendingOperation fromQuery(const QSqlQuery &query)
{
    PendingOperation operation;
    operation.id = query.value(0).toLongLong();
    operation.accountId = query.value(1).toString();
    operation.kind = PendingOperation::Kind(query.value(2).toInt());
    operation.folderId = query.value(3).toLongLong();
    operation.targetFolderId = query.value(4).toLongLong();
    operation.messageIds = idsFrom(query.value(5).toString());
    operation.uids = uidsFrom(query.value(6).toString());
    const QString argument = query.value(7).toString();
    if (isFlagKind(operation.kind))
        operation.flag = MessageFlags::Flag(argument.toUInt());
    else
        operation.relatedIds = idsFrom(argument);
    operation.attempts = query.value(8).toInt();
    operation.createdAt = QDateTime::fromMSecsSinceEpoch(query.value(9).toLongLong(), Qt::UTC);
    return operation;
}

QString argumentOf(const PendingOperation &operation)
{
    return isFlagKind(operation.kind) ? QString::number(quint32(operation.flag))
                                      : joined(operation.relatedIds);
}

} // namespace

PendingOperations::PendingOperations(MailCache &cache)
    : m_cache(cache)
{
}

qint64 PendingOperations::insert(const PendingOperation &operation, StoreError *error)
{
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral(
        "INSERT INTO pending_operations (account_id, kind, folder_id, target_folder_id,"
        " message_ids, uids, argument, attempts, created_at)"
        " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)"));
    query.addBindValue(operation.accountId);
    query.addBindValue(int(operation.kind));
    query.addBindValue(operation.folderId);
    query.addBindValue(operation.targetFolderId);
    query.addBindValue(joined(operation.messageIds));
    query.addBindValue(joined(operation.uids));
    query.addBindValue(argumentOf(operation));
    query.addBindValue(operation.attempts);
    const QDateTime created =
        operation.createdAt.isValid() ? operation.createdAt : QDateTime::currentDateTimeUtc();
    query.addBindValue(created.toMSecsSinceEpoch());
    if (!query.exec()) {
        if (error)
            *error = m_cache.errorFrom(query.lastError(), tr("recording an offline change"));
        return 0;
    }
    return query.lastInsertId().toLongLong();
}

qint64 PendingOperations::record(const PendingOperation &operation, StoreError *error)
{
    WriteTransaction transaction(m_cache);
    StoreError failure = transaction.begun();
    qint64 id = 0;
    if (!failure)
        id = insert(operation, &failure);
    if (!failure)
        failure = transaction.commit();
    if (failure) {
        if (error)
            *error = failure;
        Q_EMIT m_cache.writeFailed(failure);
        return 0;
    }
    announce(operation.accountId);
    return id;
}

void PendingOperations::announce(const QString &accountId)
{
    Q_EMIT m_cache.pendingOperationsChanged(accountId);
}

QList<PendingOperation> PendingOperations::operations(const QString &accountId) const
{
    QList<PendingOperation> list;
    QSqlQuery query(m_cache.connection());
    query.setForwardOnly(true);
    query.prepare(selectColumns + QStringLiteral("WHERE account_id = ? ORDER BY id"));
    query.addBindValue(accountId);
    if (!query.exec())
        return list;
    while (query.next())
        list.append(fromQuery(query));
    return list;
}

std::optional<PendingOperation> PendingOperations::operation(qint64 id) const
{
    return read(id);
}

std::optional<PendingOperation> PendingOperations::read(qint64 id) const
{
    QSqlQuery query(m_cache.connection());
    query.setForwardOnly(true);
    query.prepare(selectColumns + QStringLiteral("WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return fromQuery(query);
}

int PendingOperations::count(const QString &accountId) const
{
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM pending_operations WHERE account_id = ?"));
    query.addBindValue(accountId);
    if (!query.exec() || !query.next())
        return 0;
    return query.value(0).toInt();
}

QStringList PendingOperations::accountIds() const
{
    QStringList ids;
    QSqlQuery query(m_cache.connection());
    query.setForwardOnly(true);
    if (!query.exec(QStringLiteral(
            "SELECT DISTINCT account_id FROM pending_operations ORDER BY account_id")))
        return ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

StoreError PendingOperations::update(const PendingOperation &operation)
{
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("UPDATE pending_operations SET message_ids = ?, uids = ?,"
                                 " argument = ? WHERE id = ?"));
    query.addBindValue(joined(operation.messageIds));
    query.addBindValue(joined(operation.uids));
    query.addBindValue(argumentOf(operation));
    query.addBindValue(operation.id);
    if (!query.exec()) {
        const StoreError error =
            m_cache.errorFrom(query.lastError(), tr("updating an offline change"));
        Q_EMIT m_cache.writeFailed(error);
        return error;
    }
    return {};
}

StoreError PendingOperations::noteAttempt(qint64 id)
{
    QSqlQuery query(m_cache.connection());
    query.prepare(
        QStringLiteral("UPDATE pending_operations SET attempts = attempts + 1 WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec()) {
        const StoreError error =
            m_cache.errorFrom(query.lastError(), tr("noting the replay of an offline change"));
        Q_EMIT m_cache.writeFailed(error);
        return error;
    }
    return {};
}

StoreError PendingOperations::remove(qint64 id)
{
    const std::optional<PendingOperation> operation = read(id);
    if (!operation)
        return {};
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("DELETE FROM pending_operations WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec()) {
        const StoreError error =
            m_cache.errorFrom(query.lastError(), tr("removing a replayed offline change"));
        Q_EMIT m_cache.writeFailed(error);
        return error;
    }
    announce(operation->accountId);
    return {};
}

} // namespace magpie::store
