// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/MessageStore.h"

#include "store/MailCache.h"
#include "store/SummaryColumns.h"

#include <QHash>
#include <QMap>
#include <QSqlError>
#include <QSqlQuery>

#include <algorithm>
#include <array>
#include <vector>
#include <optional>

namespace magpie::store {

// Lookups by UID say "uid > 0" in so many words: messages_by_uid is a partial index (WHERE
// uid > 0), and SQLite uses it only when the query's WHERE clause implies that condition.
//
// Reads return rows in every LocalState, PendingRemoval included: the sync must still see
// a message deleted offline until the server confirmed it (its UID is still there, RFC 4549
// s4.2.4). Lists, counts and search hide those rows; they filter on local_state themselves.

MessageStore::MessageStore(MailCache &cache)
    : m_cache(cache)
{
}

std::optional<MessageSummary> MessageStore::message(qint64 id) const
{
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT ") + SummaryColumns::selectList()
                  + QStringLiteral(" FROM messages AS m WHERE m.id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return SummaryColumns::read(query);
}

std::optional<MessageSummary> MessageStore::messageByUid(qint64 folderId, quint32 uid) const
{
    if (uid == 0)
        return std::nullopt;
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT ") + SummaryColumns::selectList()
                  + QStringLiteral(" FROM messages AS m WHERE m.folder_id = ? AND m.uid = ? AND m.uid > 0"));
    query.addBindValue(folderId);
    query.addBindValue(qlonglong(uid));
    if (!query.exec() || !query.next())
        return std::nullopt;
    return SummaryColumns::read(query);
}

QList<MessageSummary> MessageStore::messages(const QList<qint64> &ids) const
{
    // One query per chunk of ids (the message list reads a screenful at a time while
    // scrolling), then put back in the caller's order; ids not cached are left out.
    constexpr qsizetype chunk = 500;
    QHash<qint64, MessageSummary> found;
    found.reserve(ids.size());
    QSqlQuery query(m_cache.connection());
    query.setForwardOnly(true);
    QString prepared;
    for (qsizetype start = 0; start < ids.size(); start += chunk) {
        const qsizetype size = qMin(chunk, ids.size() - start);
        QString placeholders = QStringLiteral("?");
        placeholders += QStringLiteral(",?").repeated(size - 1);
        const QString sql = QStringLiteral("SELECT ") + SummaryColumns::selectList()
            + QStringLiteral(" FROM messages AS m WHERE m.id IN (") + placeholders + QLatin1Char(')');
        if (sql != prepared) {
            query.prepare(sql);
            prepared = sql;
        }
        for (qsizetype i = 0; i < size; ++i)
            query.bindValue(int(i), ids.at(start + i));
        if (!query.exec())
            continue;
        while (query.next()) {
            MessageSummary summary = SummaryColumns::read(query);
            found.insert(summary.id, summary);
        }
    }
    QList<MessageSummary> list;
    list.reserve(found.size());
    for (qint64 id : ids) {
        const auto it = found.constFind(id);
        if (it != found.constEnd())
            list.append(*it);
    }
    return list;
}

QList<MessageSummary> MessageStore::messagesWithMessageId(const QString &accountId,
                                                          const QByteArray &messageId) const
{
    QList<MessageSummary> list;
    if (messageId.isEmpty())
        return list;
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT ") + SummaryColumns::selectList()
                  + QStringLiteral(" FROM messages AS m JOIN folders AS f ON f.id = m.folder_id"
                                   " WHERE m.message_id = ? AND f.account_id = ? ORDER BY m.id"));
    query.addBindValue(QString::fromUtf8(messageId));
    query.addBindValue(accountId);
    if (!query.exec())
        return list;
    while (query.next())
        list.append(SummaryColumns::read(query));
    return list;
}

QList<quint32> MessageStore::uids(qint64 folderId) const
{
    QList<quint32> list;
    QSqlQuery query(m_cache.connection());
    query.setForwardOnly(true);
    query.prepare(QStringLiteral(
        "SELECT uid FROM messages WHERE folder_id = ? AND uid > 0 ORDER BY uid"));
    query.addBindValue(folderId);
    if (!query.exec())
        return list;
    while (query.next())
        list.append(quint32(query.value(0).toLongLong()));
    return list;
}

quint32 MessageStore::highestUid(qint64 folderId) const
{
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT max(uid) FROM messages WHERE folder_id = ? AND uid > 0"));
    query.addBindValue(folderId);
    if (!query.exec() || !query.next())
        return 0;
    return quint32(query.value(0).toLongLong());
}

quint64 MessageStore::highestModSeq(qint64 folderId) const
{
    QSqlQuery query(m_cache.connection());
    // Only rows with a server UID have a MODSEQ (RFC 7162 s3.1.3); the term also lets the
    // query walk messages_by_uid instead of the whole table.
    query.prepare(QStringLiteral("SELECT max(modseq) FROM messages WHERE folder_id = ? AND uid > 0"));
    query.addBindValue(folderId);
    if (!query.exec() || !query.next())
        return 0;
    return quint64(query.value(0).toLongLong());
}

int MessageStore::count(qint64 folderId) const
{
    // Rows with a server UID, pending removal included: what the server's EXISTS counts
    // until the removal is replayed, so the sync can compare the two. FolderRecord::total
    // is the count a person sees.
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT count(*) FROM messages WHERE folder_id = ? AND uid > 0"));
    query.addBindValue(folderId);
    if (!query.exec() || !query.next())
        return 0;
    return query.value(0).toInt();
}

QList<quint32> MessageStore::uidsWithoutBody(qint64 folderId, const QDateTime &since,
                                             int limit) const
{
    QList<quint32> list;
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral(
        "SELECT uid FROM messages AS m WHERE folder_id = ? AND uid > 0 AND local_state <> 1"
        " AND coalesce(received_at, date, 0) >= ?"
        " AND NOT EXISTS (SELECT 1 FROM bodies WHERE bodies.message_id = m.id)"
        " ORDER BY coalesce(received_at, date, 0) DESC, uid DESC LIMIT ?"));
    query.addBindValue(folderId);
    query.addBindValue(since.isValid() ? qlonglong(since.toMSecsSinceEpoch()) : qlonglong(0));
    query.addBindValue(limit < 0 ? -1 : limit);
    if (!query.exec())
        return list;
    while (query.next())
        list.append(quint32(query.value(0).toLongLong()));
    return list;
}

StoreError MessageStore::applyFlagUpdates(qint64 folderId, const QList<FlagUpdate> &updates)
{
    if (updates.isEmpty())
        return {};
    const QString what = MailCache::tr("saving flag changes from the server");
    WriteTransaction transaction(m_cache);
    if (StoreError error = transaction.begun())
        return error;
    const QSqlDatabase db = m_cache.connection();
    QSqlQuery lookup(db);
    QSqlQuery update(db);
    lookup.prepare(QStringLiteral(
        "SELECT id, flags, keywords, modseq FROM messages WHERE folder_id = ? AND uid = ? AND uid > 0"));
    update.prepare(QStringLiteral("UPDATE messages SET flags = ?, keywords = ?, modseq = ? WHERE id = ?"));
    QList<qint64> changed;
    for (const FlagUpdate &u : updates) {
        if (u.uid == 0)
            continue;
        lookup.bindValue(0, folderId);
        lookup.bindValue(1, qlonglong(u.uid));
        if (!lookup.exec())
            return m_cache.errorFrom(lookup.lastError(), what);
        if (!lookup.next())
            continue; // not cached (yet): the sync fetches it as a new message
        const qint64 id = lookup.value(0).toLongLong();
        MessageFlags old;
        old.bits = quint32(lookup.value(1).toLongLong());
        old.keywords = SummaryColumns::decodeKeywords(lookup.value(2).toString());
        const quint64 oldModSeq = quint64(lookup.value(3).toLongLong());
        lookup.finish();
        const bool flagsChanged = old != u.flags;
        // A MODSEQ of 0 means the server does not do CONDSTORE: keep what is stored.
        const quint64 modSeq = u.modSeq ? u.modSeq : oldModSeq;
        if (!flagsChanged && modSeq == oldModSeq)
            continue;
        update.bindValue(0, qlonglong(u.flags.bits));
        const QString keywords = SummaryColumns::encodeKeywords(u.flags.keywords);
        // No keywords is NULL, as add() writes it.
        update.bindValue(1, keywords.isNull() ? QVariant(QMetaType::fromType<QString>())
                                              : QVariant(keywords));
        update.bindValue(2, qlonglong(modSeq));
        update.bindValue(3, id);
        if (!update.exec())
            return m_cache.errorFrom(update.lastError(), what);
        if (flagsChanged)
            changed.append(id);
    }
    if (StoreError error = transaction.commit())
        return error;
    if (!changed.isEmpty()) {
        m_cache.emitCommitted(&MailCache::messagesChanged, folderId, changed);
        m_cache.emitCommitted(&MailCache::folderCountsChanged, folderId);
    }
    return {};
}

namespace {

// Runs `sql` (an UPDATE ... WHERE id = ? ... RETURNING folder_id) once per id with `bind`
// filling the other values, collecting the ids it changed by folder.
template<typename Bind>
StoreError updateEach(MailCache &cache, const QString &what, const QString &sql,
                      const QList<qint64> &ids, Bind bind, QMap<qint64, QList<qint64>> &changed)
{
    WriteTransaction transaction(cache);
    if (StoreError error = transaction.begun())
        return error;
    QSqlQuery query(cache.connection());
    if (!query.prepare(sql))
        return cache.errorFrom(query.lastError(), what);
    for (qint64 id : ids) {
        bind(query, id);
        if (!query.exec())
            return cache.errorFrom(query.lastError(), what);
        if (query.next())
            changed[query.value(0).toLongLong()].append(id);
        query.finish();
    }
    return transaction.commit();
}

void announceChanged(MailCache &cache, const QMap<qint64, QList<qint64>> &changed, bool counts)
{
    for (auto it = changed.cbegin(); it != changed.cend(); ++it) {
        cache.emitCommitted(&MailCache::messagesChanged, it.key(), it.value());
        if (counts)
            cache.emitCommitted(&MailCache::folderCountsChanged, it.key());
    }
}

} // namespace

StoreError MessageStore::setFlag(const QList<qint64> &ids, MessageFlags::Flag flag, bool on)
{
    QMap<qint64, QList<qint64>> changed;
    // Only rows whose bit differs are touched, so only they are announced.
    const StoreError error = updateEach(
        m_cache, MailCache::tr("changing message flags"),
        on ? QStringLiteral("UPDATE messages SET flags = flags | ? WHERE id = ?"
                            " AND (flags & ?) = 0 RETURNING folder_id")
           : QStringLiteral("UPDATE messages SET flags = flags & ~? WHERE id = ?"
                            " AND (flags & ?) <> 0 RETURNING folder_id"),
        ids,
        [flag](QSqlQuery &query, qint64 id) {
            query.bindValue(0, qlonglong(flag));
            query.bindValue(1, id);
            query.bindValue(2, qlonglong(flag));
        },
        changed);
    if (error)
        return error;
    announceChanged(m_cache, changed, flag == MessageFlags::Seen);
    return {};
}

StoreError MessageStore::setLocalState(const QList<qint64> &ids, LocalState state)
{
    QMap<qint64, QList<qint64>> changed;
    const StoreError error = updateEach(
        m_cache, MailCache::tr("marking messages for the next sync"),
        QStringLiteral("UPDATE messages SET local_state = ? WHERE id = ? AND local_state <> ?"
                       " RETURNING folder_id"),
        ids,
        [state](QSqlQuery &query, qint64 id) {
            query.bindValue(0, int(state));
            query.bindValue(1, id);
            query.bindValue(2, int(state));
        },
        changed);
    if (error)
        return error;
    announceChanged(m_cache, changed, true);
    return {};
}

StoreError MessageStore::setUid(qint64 id, quint32 uid)
{
    QMap<qint64, QList<qint64>> changed;
    const StoreError error = updateEach(
        m_cache, MailCache::tr("saving a message's UID"),
        QStringLiteral("UPDATE messages SET uid = ? WHERE id = ? RETURNING folder_id"), { id },
        [uid](QSqlQuery &query, qint64 row) {
            query.bindValue(0, qlonglong(uid));
            query.bindValue(1, row);
        },
        changed);
    if (error)
        return error;
    if (changed.isEmpty())
        return { StoreError::NotFound, MailCache::tr("The message is no longer in the mail cache.") };
    announceChanged(m_cache, changed, false);
    return {};
}

StoreError MessageStore::setPreview(qint64 id, const QString &preview, bool hasAttachments)
{
    QMap<qint64, QList<qint64>> changed;
    const StoreError error = updateEach(
        m_cache, MailCache::tr("saving a message preview"),
        QStringLiteral("UPDATE messages SET preview = ?, has_attachments = ? WHERE id = ?"
                       " RETURNING folder_id"),
        { id },
        [&preview, hasAttachments](QSqlQuery &query, qint64 row) {
            query.bindValue(0, preview);
            query.bindValue(1, hasAttachments ? 1 : 0);
            query.bindValue(2, row);
        },
        changed);
    if (error)
        return error;
    if (changed.isEmpty())
        return { StoreError::NotFound, MailCache::tr("The message is no longer in the mail cache.") };
    announceChanged(m_cache, changed, false);
    return {};
}

StoreError MessageStore::moveToFolder(const QList<qint64> &ids, qint64 targetFolderId)
{
    const QString what = MailCache::tr("moving messages");
    QMap<qint64, QList<qint64>> moved; // by source folder
    {
        WriteTransaction transaction(m_cache);
        if (StoreError error = transaction.begun())
            return error;
        const QSqlDatabase db = m_cache.connection();
        QSqlQuery source(db);
        QSqlQuery update(db);
        source.prepare(QStringLiteral("SELECT folder_id FROM messages WHERE id = ?"));
        // Not on the server in the target yet: uid 0 and PendingUpload until the replayed
        // MOVE/COPY tells the new UID (RFC 4315 s4.3 COPYUID) through setUid().
        update.prepare(QStringLiteral(
            "UPDATE messages SET folder_id = ?, uid = 0, modseq = 0, local_state = 2 WHERE id = ?"));
        for (qint64 id : ids) {
            source.bindValue(0, id);
            if (!source.exec())
                return m_cache.errorFrom(source.lastError(), what);
            if (!source.next())
                continue;
            const qint64 from = source.value(0).toLongLong();
            source.finish();
            if (from == targetFolderId)
                continue;
            update.bindValue(0, targetFolderId);
            update.bindValue(1, id);
            if (!update.exec())
                return m_cache.errorFrom(update.lastError(), what);
            moved[from].append(id);
        }
        if (StoreError error = transaction.commit())
            return error;
    }
    QList<qint64> arrived;
    for (auto it = moved.cbegin(); it != moved.cend(); ++it) {
        m_cache.emitCommitted(&MailCache::messagesRemoved, it.key(), it.value());
        m_cache.emitCommitted(&MailCache::folderCountsChanged, it.key());
        arrived += it.value();
    }
    if (!arrived.isEmpty()) {
        m_cache.emitCommitted(&MailCache::messagesAdded, targetFolderId, arrived);
        m_cache.emitCommitted(&MailCache::folderCountsChanged, targetFolderId);
    }
    return {};
}

namespace {

// Deletes rows with their bodies and search entries; `removed` gets them by folder.
StoreError deleteRows(MailCache &cache, const QList<qint64> &ids,
                      QMap<qint64, QList<qint64>> &removed)
{
    const QString what = MailCache::tr("removing messages");
    WriteTransaction transaction(cache);
    if (StoreError error = transaction.begun())
        return error;
    const QSqlDatabase db = cache.connection();
    QSqlQuery text(db);
    QSqlQuery body(db);
    QSqlQuery row(db);
    // The search entry first, found by the row's key (schema version 3).
    text.prepare(QStringLiteral("DELETE FROM message_text"
                                " WHERE rowid = (SELECT search_key FROM messages WHERE id = ?)"));
    body.prepare(QStringLiteral("DELETE FROM bodies WHERE message_id = ?"));
    row.prepare(QStringLiteral("DELETE FROM messages WHERE id = ? RETURNING folder_id"));
    for (qint64 id : ids) {
        text.bindValue(0, id);
        body.bindValue(0, id);
        row.bindValue(0, id);
        if (!text.exec())
            return cache.errorFrom(text.lastError(), what);
        if (!body.exec())
            return cache.errorFrom(body.lastError(), what);
        if (!row.exec())
            return cache.errorFrom(row.lastError(), what);
        if (row.next())
            removed[row.value(0).toLongLong()].append(id);
        row.finish();
    }
    return transaction.commit();
}

} // namespace

StoreError MessageStore::removeUids(qint64 folderId, const QList<quint32> &uids)
{
    QList<qint64> ids;
    {
        QSqlQuery lookup(m_cache.connection());
        lookup.prepare(QStringLiteral("SELECT id FROM messages WHERE folder_id = ? AND uid = ? AND uid > 0"));
        for (quint32 uid : uids) {
            if (uid == 0)
                continue;
            lookup.bindValue(0, folderId);
            lookup.bindValue(1, qlonglong(uid));
            if (!lookup.exec())
                return m_cache.errorFrom(lookup.lastError(), MailCache::tr("removing messages"));
            if (lookup.next())
                ids.append(lookup.value(0).toLongLong());
            lookup.finish();
        }
    }
    return remove(ids);
}

StoreError MessageStore::remove(const QList<qint64> &ids)
{
    if (ids.isEmpty())
        return {};
    QMap<qint64, QList<qint64>> removed;
    if (StoreError error = deleteRows(m_cache, ids, removed))
        return error;
    for (auto it = removed.cbegin(); it != removed.cend(); ++it) {
        m_cache.emitCommitted(&MailCache::messagesRemoved, it.key(), it.value());
        m_cache.emitCommitted(&MailCache::folderCountsChanged, it.key());
    }
    return {};
}

} // namespace magpie::store
