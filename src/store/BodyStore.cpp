// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/BodyStore.h"

#include "store/MailCache.h"
#include "store/SearchKey.h"
#include "store/SummaryColumns.h"
#include "mime/Message.h"

#include <QMap>
#include <QSqlQuery>

namespace magpie::store {

namespace {

constexpr int previewLength = 200;

// The first words of the text, on one line: runs of white space (line breaks, tabs,
// non-breaking spaces) become one space, so the list shows as much as fits.
QString previewOf(const QString &text)
{
    QString preview;
    preview.reserve(previewLength);
    bool space = false;
    for (const QChar c : text) {
        if (c.isSpace()) {
            space = !preview.isEmpty();
            continue;
        }
        if (space) {
            if (preview.size() + 1 >= previewLength)
                break;
            preview += QLatin1Char(' ');
            space = false;
        }
        preview += c;
        if (preview.size() >= previewLength)
            break;
    }
    // Never cut a surrogate pair in half.
    if (!preview.isEmpty() && preview.back().isHighSurrogate())
        preview.chop(1);
    return preview;
}

} // namespace

BodyStore::BodyStore(MailCache &cache)
    : m_cache(cache)
{
}

StoreError BodyStore::save(qint64 messageId, const QByteArray &raw)
{
    const QString what = MailCache::tr("saving a message body");
    // Parsed once, before the transaction, so the write lock is held only for the writes.
    const mime::Message message(raw);
    const QString text = message.bodyText();
    const QString preview = previewOf(text);
    const bool hasAttachments = !message.attachments().isEmpty();

    qint64 folderId = 0;
    {
        WriteTransaction transaction(m_cache);
        if (StoreError error = transaction.begun())
            return error;
        QSqlQuery query(m_cache.connection());
        query.prepare(QStringLiteral("UPDATE messages SET preview = ?, has_attachments = ?"
                                     " WHERE id = ? RETURNING folder_id"));
        query.addBindValue(preview);
        query.addBindValue(hasAttachments ? 1 : 0);
        query.addBindValue(messageId);
        if (!query.exec())
            return m_cache.errorFrom(query.lastError(), what);
        if (!query.next())
            return { StoreError::NotFound,
                     MailCache::tr("The message is no longer in the mail cache, so its body was not kept.") };
        folderId = query.value(0).toLongLong();
        query.finish();
        query.prepare(QStringLiteral("INSERT OR REPLACE INTO bodies (message_id, raw) VALUES (?, ?)"));
        query.addBindValue(messageId);
        query.addBindValue(raw.isNull() ? QByteArray("") : raw);
        if (!query.exec())
            return m_cache.errorFrom(query.lastError(), what);
        // The entry is found by the message's search key (schema version 3, SearchKey.h).
        query.prepare(QStringLiteral("UPDATE message_text SET body = ? WHERE rowid ="
                                     " (SELECT search_key FROM messages WHERE id = ?) AND message_id = ?"));
        query.addBindValue(text);
        query.addBindValue(messageId);
        query.addBindValue(messageId);
        if (!query.exec())
            return m_cache.errorFrom(query.lastError(), what);
        if (query.numRowsAffected() == 0) {
            // A row not indexed yet (MessageStore::add leaves that to SearchIndexer, which
            // runs after the sync): its entry is made here, with the body text, so the text is
            // never lost; the indexer then skips the row, as it has a key.
            query.prepare(QStringLiteral("SELECT date, subject, from_name, from_address, to_list,"
                                         " cc_list FROM messages WHERE id = ?"));
            query.addBindValue(messageId);
            if (!query.exec() || !query.next())
                return m_cache.errorFrom(query.lastError(), what);
            const QDateTime date = SummaryColumns::toDate(query.value(0));
            const QString subject = query.value(1).toString();
            MessageSummary summary;
            summary.from = { query.value(2).toString(), query.value(3).toString() };
            summary.to = SummaryColumns::decodeMailboxes(query.value(4).toString());
            summary.cc = SummaryColumns::decodeMailboxes(query.value(5).toString());
            query.finish();
            QSqlError keyError;
            const std::optional<qint64> key = SearchKey::allocate(m_cache.connection(), date,
                                                                  messageId, &keyError);
            if (!key)
                return m_cache.errorFrom(keyError, what);
            query.prepare(QStringLiteral(
                "INSERT OR REPLACE INTO message_text (rowid, message_id, subject, addresses, body)"
                " VALUES (?, ?, ?, ?, ?)"));
            query.addBindValue(*key);
            query.addBindValue(messageId);
            query.addBindValue(subject);
            query.addBindValue(SummaryColumns::addressText(summary));
            query.addBindValue(text);
            if (!query.exec())
                return m_cache.errorFrom(query.lastError(), what);
            query.prepare(QStringLiteral("UPDATE messages SET search_key = ? WHERE id = ?"));
            query.addBindValue(*key);
            query.addBindValue(messageId);
            if (!query.exec())
                return m_cache.errorFrom(query.lastError(), what);
        }
        if (StoreError error = transaction.commit())
            return error;
    }
    m_cache.emitCommitted(&MailCache::messagesChanged, folderId, QList<qint64> { messageId });
    return {};
}

std::optional<QByteArray> BodyStore::body(qint64 messageId) const
{
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT raw FROM bodies WHERE message_id = ?"));
    query.addBindValue(messageId);
    if (!query.exec() || !query.next())
        return std::nullopt;
    QByteArray raw = query.value(0).toByteArray();
    if (raw.isNull())
        raw = QByteArray("");
    return raw;
}

bool BodyStore::hasBody(qint64 messageId) const
{
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT 1 FROM bodies WHERE message_id = ?"));
    query.addBindValue(messageId);
    return query.exec() && query.next();
}

StoreError BodyStore::remove(qint64 messageId)
{
    // The summary, its preview and its subject/address search entry stay: the body can be
    // fetched again; only the body text leaves the index with it.
    qint64 folderId = 0;
    {
        const QString what = MailCache::tr("removing a message body");
        WriteTransaction transaction(m_cache);
        if (StoreError error = transaction.begun())
            return error;
        QSqlQuery query(m_cache.connection());
        query.prepare(QStringLiteral("DELETE FROM bodies WHERE message_id = ?"));
        query.addBindValue(messageId);
        if (!query.exec())
            return m_cache.errorFrom(query.lastError(), what);
        if (query.numRowsAffected() == 0)
            return {};
        query.prepare(QStringLiteral("UPDATE message_text SET body = '' WHERE rowid ="
                                     " (SELECT search_key FROM messages WHERE id = ?) AND message_id = ?"));
        query.addBindValue(messageId);
        query.addBindValue(messageId);
        if (!query.exec())
            return m_cache.errorFrom(query.lastError(), what);
        query.prepare(QStringLiteral("SELECT folder_id FROM messages WHERE id = ?"));
        query.addBindValue(messageId);
        if (query.exec() && query.next())
            folderId = query.value(0).toLongLong();
        query.finish();
        if (StoreError error = transaction.commit())
            return error;
    }
    if (folderId)
        m_cache.emitCommitted(&MailCache::messagesChanged, folderId, QList<qint64> { messageId });
    return {};
}

qint64 BodyStore::totalBytes() const
{
    QSqlQuery query(m_cache.connection());
    if (!query.exec(QStringLiteral("SELECT coalesce(sum(length(raw)), 0) FROM bodies")) || !query.next())
        return 0;
    return query.value(0).toLongLong();
}

StoreError BodyStore::clearAll()
{
    QMap<qint64, QList<qint64>> dropped;
    {
        const QString what = MailCache::tr("removing the cached message bodies");
        WriteTransaction transaction(m_cache);
        if (StoreError error = transaction.begun())
            return error;
        QSqlQuery query(m_cache.connection());
        if (!query.exec(QStringLiteral(
                "SELECT m.folder_id, m.id FROM bodies AS b JOIN messages AS m ON m.id = b.message_id")))
            return m_cache.errorFrom(query.lastError(), what);
        while (query.next())
            dropped[query.value(0).toLongLong()].append(query.value(1).toLongLong());
        query.finish();
        if (!query.exec(QStringLiteral(
                "UPDATE message_text SET body = '' WHERE rowid IN (SELECT m.search_key"
                " FROM bodies AS b JOIN messages AS m ON m.id = b.message_id)")))
            return m_cache.errorFrom(query.lastError(), what);
        if (!query.exec(QStringLiteral("DELETE FROM bodies")))
            return m_cache.errorFrom(query.lastError(), what);
        if (StoreError error = transaction.commit())
            return error;
    }
    for (auto it = dropped.cbegin(); it != dropped.cend(); ++it)
        m_cache.emitCommitted(&MailCache::messagesChanged, it.key(), it.value());
    return {};
}

} // namespace magpie::store
