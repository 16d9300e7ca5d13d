// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Pop3Ledger.h"

#include "store/BodyStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"

#include <QSqlError>
#include <QSqlQuery>
#include <QVariant>

#include <limits>
#include <utility>

namespace magpie::store {

namespace {

// downloaded_at is kept as milliseconds since the epoch, like the messages' dates.
QDateTime fromMsecs(const QVariant &value)
{
    return QDateTime::fromMSecsSinceEpoch(value.toLongLong(), Qt::UTC);
}

} // namespace

Pop3Ledger::Pop3Ledger(MailCache &cache)
    : m_cache(cache)
{
}

bool Pop3Ledger::known(const QString &accountId, const QString &uidl) const
{
    return entry(accountId, uidl).has_value();
}

QSet<QString> Pop3Ledger::knownUidls(const QString &accountId) const
{
    QSet<QString> uidls;
    QSqlQuery query(m_cache.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT uidl FROM pop3_uidls WHERE account_id = ?"));
    query.addBindValue(accountId);
    if (query.exec()) {
        while (query.next())
            uidls.insert(query.value(0).toString());
    }
    return uidls;
}

std::optional<Pop3Ledger::Entry> Pop3Ledger::entry(const QString &accountId,
                                                   const QString &uidl) const
{
    QSqlQuery query(m_cache.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT message_id, downloaded_at, deleted_from_server"
                                 " FROM pop3_uidls WHERE account_id = ? AND uidl = ?"));
    query.addBindValue(accountId);
    query.addBindValue(uidl);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return Entry { uidl, query.value(0).toLongLong(), fromMsecs(query.value(1)),
                   query.value(2).toInt() != 0 };
}

QList<Pop3Ledger::Entry> Pop3Ledger::entries(const QString &accountId) const
{
    QList<Entry> list;
    QSqlQuery query(m_cache.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT uidl, message_id, downloaded_at, deleted_from_server"
                                 " FROM pop3_uidls WHERE account_id = ? ORDER BY uidl"));
    query.addBindValue(accountId);
    if (query.exec()) {
        while (query.next())
            list.append(Entry { query.value(0).toString(), query.value(1).toLongLong(),
                                fromMsecs(query.value(2)), query.value(3).toInt() != 0 });
    }
    return list;
}

int Pop3Ledger::count(const QString &accountId) const
{
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT COUNT(*) FROM pop3_uidls WHERE account_id = ?"));
    query.addBindValue(accountId);
    if (!query.exec() || !query.next())
        return 0;
    return query.value(0).toInt();
}

StoreError Pop3Ledger::record(const QString &accountId, const QString &uidl, qint64 messageId,
                              const QDateTime &downloadedAt)
{
    // A plain INSERT, not INSERT OR REPLACE: the primary key (account_id, uidl) refusing a
    // second row is the last guard against filing one message twice.
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("INSERT INTO pop3_uidls (account_id, uidl, message_id,"
                                 " downloaded_at) VALUES (?, ?, ?, ?)"));
    query.addBindValue(accountId);
    query.addBindValue(uidl);
    query.addBindValue(messageId > 0 ? QVariant(messageId) : QVariant());
    query.addBindValue(downloadedAt.toMSecsSinceEpoch());
    if (!query.exec())
        return m_cache.errorFrom(query.lastError(),
                                 tr("remembering the downloaded POP3 message %1").arg(uidl));
    return {};
}

qint64 Pop3Ledger::saveDownloaded(const QString &accountId, const QString &uidl,
                                  qint64 folderId, const MessageSummary &summary,
                                  const QByteArray &raw, const QDateTime &downloadedAt,
                                  StoreError *error)
{
    auto failed = [error](const StoreError &why) {
        if (error)
            *error = why;
        return qint64(0);
    };
    if (error)
        *error = {};

    // One transaction for the message, its body and its UIDL (the rule in the header): the
    // WriteTransaction rolls everything back if any step fails or we return early.
    WriteTransaction transaction(m_cache);
    if (const StoreError begun = transaction.begun())
        return failed(begun);

    MessageSummary stored = summary;
    stored.pop3Uidl = uidl;
    stored.uid = 0; // POP3 messages have no IMAP UID
    StoreError step;
    const QList<qint64> ids = MessageStore(m_cache).add(folderId, { stored }, &step);
    if (step)
        return failed(step);
    if (ids.size() != 1 || ids.constFirst() <= 0)
        return failed({ StoreError::Failed,
                        tr("Magpie could not save the downloaded POP3 message %1 in its mail "
                           "cache %2.")
                            .arg(uidl, m_cache.path()) });
    const qint64 id = ids.constFirst();
    if ((step = BodyStore(m_cache).save(id, raw)))
        return failed(step);
    if ((step = record(accountId, uidl, id, downloadedAt)))
        return failed(step);
    if ((step = transaction.commit()))
        return failed(step);
    return id;
}

QStringList Pop3Ledger::dueForDeletion(const QString &accountId, const QStringList &onServer,
                                       const DeletionPolicy &policy, const QDateTime &now) const
{
    QStringList due;
    if (policy.leaveOnServer && policy.deleteAfterDays <= 0)
        return due;
    // downloaded_at <= cutoff: "after N days" means N whole days have passed. Without
    // leaveOnServer every recorded message is due at once.
    const qint64 cutoff = policy.leaveOnServer
        ? now.addDays(-policy.deleteAfterDays).toMSecsSinceEpoch()
        : std::numeric_limits<qint64>::max();
    QSet<QString> old;
    QSqlQuery query(m_cache.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral("SELECT uidl FROM pop3_uidls"
                                 " WHERE account_id = ? AND downloaded_at <= ?"));
    query.addBindValue(accountId);
    query.addBindValue(cutoff);
    if (!query.exec())
        return due; // nothing is deleted when we cannot tell what is stored
    while (query.next())
        old.insert(query.value(0).toString());
    for (const QString &uidl : onServer) {
        if (old.contains(uidl) && !due.contains(uidl))
            due.append(uidl);
    }
    return due;
}

StoreError Pop3Ledger::markDeleted(const QString &accountId, const QStringList &uidls)
{
    if (uidls.isEmpty())
        return {};
    WriteTransaction transaction(m_cache);
    if (const StoreError begun = transaction.begun())
        return begun;
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("UPDATE pop3_uidls SET deleted_from_server = 1"
                                 " WHERE account_id = ? AND uidl = ?"));
    for (const QString &uidl : uidls) {
        query.addBindValue(accountId);
        query.addBindValue(uidl);
        if (!query.exec())
            return m_cache.errorFrom(query.lastError(),
                                     tr("noting %n message(s) deleted from the POP3 server",
                                        nullptr, int(uidls.size())));
    }
    return transaction.commit();
}

StoreError Pop3Ledger::forgetAbsent(const QString &accountId, const QStringList &onServer,
                                    int *forgotten)
{
    if (forgotten)
        *forgotten = 0;
    const QSet<QString> present(onServer.cbegin(), onServer.cend());
    QStringList absent;
    const QSet<QString> known = knownUidls(accountId);
    for (const QString &uidl : known) {
        if (!present.contains(uidl))
            absent.append(uidl);
    }
    if (absent.isEmpty())
        return {};
    WriteTransaction transaction(m_cache);
    if (const StoreError begun = transaction.begun())
        return begun;
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("DELETE FROM pop3_uidls WHERE account_id = ? AND uidl = ?"));
    for (const QString &uidl : std::as_const(absent)) {
        query.addBindValue(accountId);
        query.addBindValue(uidl);
        if (!query.exec())
            return m_cache.errorFrom(query.lastError(),
                                     tr("forgetting POP3 messages the server no longer has"));
    }
    if (const StoreError committed = transaction.commit())
        return committed;
    if (forgotten)
        *forgotten = int(absent.size());
    return {};
}

} // namespace magpie::store
