// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/MessageListQuery.h"

#include "store/FolderRecord.h"
#include "store/MailCache.h"
#include "store/SummaryColumns.h"

#include <QSqlQuery>
#include <QStringList>

namespace magpie::store {

namespace {

// "?, ?, ?": placeholders only; every value is bound.
QString placeholders(qsizetype count)
{
    QString text;
    text.reserve(count * 3);
    for (qsizetype i = 0; i < count; ++i)
        text += i == 0 ? QStringLiteral("?") : QStringLiteral(", ?");
    return text;
}

// The SQL that orders the list. Each key is followed by the date and then the id in the same
// direction, so equal subjects (or senders ...) come out newest first when descending, and
// the order is total.
QString orderBy(const MessageListOrder &order)
{
    const QString direction =
        order.order == Qt::AscendingOrder ? QStringLiteral(" ASC") : QStringLiteral(" DESC");
    QString key;
    switch (order.key) {
    case MessageSortKey::Date:
        break;
    case MessageSortKey::Sender:
        key = QStringLiteral("COALESCE(NULLIF(from_name, ''), from_address) COLLATE NOCASE");
        break;
    case MessageSortKey::Recipients:
        key = QStringLiteral("to_list COLLATE NOCASE");
        break;
    case MessageSortKey::Subject:
        key = QStringLiteral("subject COLLATE NOCASE");
        break;
    case MessageSortKey::Size:
        key = QStringLiteral("size");
        break;
    case MessageSortKey::Flagged:
        key = QStringLiteral("(flags & %1)").arg(int(MessageFlags::Flagged));
        break;
    case MessageSortKey::Attachments:
        key = QStringLiteral("has_attachments");
        break;
    }
    QString sql = QStringLiteral(" ORDER BY ");
    if (!key.isEmpty())
        sql += key + direction + QStringLiteral(", ");
    sql += QStringLiteral("date") + direction + QStringLiteral(", id") + direction;
    return sql;
}

QString filterClause(const MessageListFilter &filter)
{
    QString sql;
    if (filter.unreadOnly)
        sql += QStringLiteral(" AND (flags & %1) = 0").arg(int(MessageFlags::Seen));
    if (filter.flaggedOnly)
        sql += QStringLiteral(" AND (flags & %1) <> 0").arg(int(MessageFlags::Flagged));
    if (filter.withAttachmentsOnly)
        sql += QStringLiteral(" AND has_attachments <> 0");
    return sql;
}

// Every "<...>" of a References or In-Reply-To field as stored, whatever separates them.
QList<QByteArray> bracketedIds(const QString &text)
{
    QList<QByteArray> ids;
    qsizetype open = -1;
    for (qsizetype i = 0; i < text.size(); ++i) {
        if (text.at(i) == u'<') {
            open = i;
        } else if (text.at(i) == u'>' && open >= 0) {
            ids.append(text.mid(open, i - open + 1).toUtf8());
            open = -1;
        }
    }
    return ids;
}

constexpr qsizetype MaxBoundIds = 500; // well under SQLite's variable limit

} // namespace

MessageListQuery::MessageListQuery(MailCache &cache)
    : m_cache(cache)
{
}

QList<qint64> MessageListQuery::ids(const QList<qint64> &folderIds,
                                    const MessageListFilter &filter,
                                    const MessageListOrder &order, StoreError *error) const
{
    QList<qint64> result;
    if (folderIds.isEmpty())
        return result;
    // One folder is the common case and lets SQLite walk messages_by_date backwards for the
    // default order, without a sort step.
    const QString sql = QStringLiteral("SELECT id FROM messages WHERE folder_id IN (")
        + placeholders(folderIds.size()) + QStringLiteral(") AND local_state <> %1")
                                               .arg(int(LocalState::PendingRemoval))
        + filterClause(filter) + orderBy(order);
    QSqlQuery query(m_cache.connection());
    query.setForwardOnly(true);
    query.prepare(sql);
    for (qint64 folderId : folderIds)
        query.addBindValue(folderId);
    if (!query.exec()) {
        if (error)
            *error = m_cache.errorFrom(query.lastError(), MailCache::tr("listing messages"));
        return result;
    }
    while (query.next())
        result.append(query.value(0).toLongLong());
    if (error)
        *error = {};
    return result;
}

QList<qint64> MessageListQuery::listedAmong(const QList<qint64> &folderIds,
                                            const MessageListFilter &filter,
                                            const QList<qint64> &candidates,
                                            StoreError *error) const
{
    QList<qint64> result;
    if (error)
        *error = {};
    if (folderIds.isEmpty())
        return result;
    for (qsizetype start = 0; start < candidates.size(); start += MaxBoundIds) {
        const QList<qint64> chunk = candidates.mid(start, MaxBoundIds);
        QSqlQuery query(m_cache.connection());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT id FROM messages WHERE id IN (")
                      + placeholders(chunk.size()) + QStringLiteral(") AND folder_id IN (")
                      + placeholders(folderIds.size())
                      + QStringLiteral(") AND local_state <> %1").arg(int(LocalState::PendingRemoval))
                      + filterClause(filter));
        for (qint64 id : chunk)
            query.addBindValue(id);
        for (qint64 folderId : folderIds)
            query.addBindValue(folderId);
        if (!query.exec()) {
            if (error)
                *error = m_cache.errorFrom(query.lastError(), MailCache::tr("listing messages"));
            return {};
        }
        while (query.next())
            result.append(query.value(0).toLongLong());
    }
    return result;
}

QList<MessageSummary> MessageListQuery::rows(const QList<qint64> &ids, StoreError *error) const
{
    QHash<qint64, MessageSummary> found;
    found.reserve(ids.size());
    for (qsizetype start = 0; start < ids.size(); start += MaxBoundIds) {
        const QList<qint64> chunk = ids.mid(start, MaxBoundIds);
        QSqlQuery query(m_cache.connection());
        query.setForwardOnly(true);
        query.prepare(QStringLiteral("SELECT ") + SummaryColumns::selectList()
                      + QStringLiteral(" FROM messages AS m WHERE m.id IN (")
                      + placeholders(chunk.size()) + QStringLiteral(")"));
        for (qint64 id : chunk)
            query.addBindValue(id);
        if (!query.exec()) {
            if (error)
                *error = m_cache.errorFrom(query.lastError(), MailCache::tr("reading messages"));
            return {};
        }
        while (query.next()) {
            const MessageSummary row = SummaryColumns::read(query);
            found.insert(row.id, row);
        }
    }
    QList<MessageSummary> ordered;
    ordered.reserve(found.size());
    for (qint64 id : ids) {
        const auto it = found.constFind(id);
        if (it != found.constEnd())
            ordered.append(*it);
    }
    if (error)
        *error = {};
    return ordered;
}

QList<ThreadingHeaders> MessageListQuery::threadingHeaders(const QList<qint64> &folderIds,
                                                           const QList<qint64> &ids,
                                                           StoreError *error) const
{
    QList<ThreadingHeaders> result;
    if (folderIds.isEmpty())
        return result;
    const qsizetype chunkSize = ids.isEmpty() ? 1 : MaxBoundIds;
    const qsizetype chunks = ids.isEmpty() ? 1 : (ids.size() + chunkSize - 1) / chunkSize;
    for (qsizetype chunk = 0; chunk < chunks; ++chunk) {
        const QList<qint64> some = ids.mid(chunk * chunkSize, chunkSize);
        QString sql = QStringLiteral("SELECT id, message_id, in_reply_to, refs, subject, date"
                                     " FROM messages WHERE folder_id IN (")
            + placeholders(folderIds.size())
            + QStringLiteral(") AND local_state <> %1").arg(int(LocalState::PendingRemoval));
        if (!some.isEmpty())
            sql += QStringLiteral(" AND id IN (") + placeholders(some.size()) + QStringLiteral(")");
        QSqlQuery query(m_cache.connection());
        query.setForwardOnly(true);
        query.prepare(sql);
        for (qint64 folderId : folderIds)
            query.addBindValue(folderId);
        for (qint64 id : some)
            query.addBindValue(id);
        if (!query.exec()) {
            if (error)
                *error = m_cache.errorFrom(query.lastError(),
                                           MailCache::tr("reading the messages' threads"));
            return {};
        }
        while (query.next()) {
            ThreadingHeaders headers;
            headers.id = query.value(0).toLongLong();
            headers.messageId = query.value(1).toString().toUtf8();
            const QList<QByteArray> inReplyTo = bracketedIds(query.value(2).toString());
            headers.inReplyTo = inReplyTo.isEmpty() ? QByteArray() : inReplyTo.constLast();
            headers.references = bracketedIds(query.value(3).toString());
            headers.subject = query.value(4).toString();
            headers.date = query.value(5).toLongLong();
            result.append(headers);
        }
    }
    if (error)
        *error = {};
    return result;
}

bool MessageListQuery::showsRecipients(const QList<qint64> &folderIds) const
{
    if (folderIds.isEmpty())
        return false;
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT role FROM folders WHERE id IN (")
                  + placeholders(folderIds.size()) + QStringLiteral(")"));
    for (qint64 folderId : folderIds)
        query.addBindValue(folderId);
    if (!query.exec())
        return false;
    int seen = 0;
    while (query.next()) {
        const auto role = static_cast<FolderRole>(query.value(0).toInt());
        if (role != FolderRole::Sent && role != FolderRole::Drafts)
            return false;
        ++seen;
    }
    return seen > 0;
}

} // namespace magpie::store
