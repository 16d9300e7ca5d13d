// SPDX-License-Identifier: GPL-3.0-or-later
// MessageStore::add, the store's hot write path (a first sync writes every summary through it):
// new rows in one batch, on SQLite's own API where it can be used. New rows get no search entry
// here: SearchIndexer writes those afterwards in bulk, as Thunderbird's Gloda indexes a folder
// after it is synced (per row, the entry and its key probe cost more than the row itself).
// The rest of MessageStore (reads, flag and state updates, removal) is in MessageStore.cpp.
#include "store/MessageStore.h"

#include "store/MailCache.h"
#include "store/RawStatement.h"
#include "store/SearchKey.h"
#include "store/SummaryColumns.h"

#include <QHash>
#include <QMap>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#include <optional>

namespace magpie::store {

namespace {

QVariant textOrNull(const QString &text)
{
    return text.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(text);
}

QVariant bytesAsText(const QByteArray &bytes)
{
    return bytes.isNull() ? QVariant(QMetaType::fromType<QString>())
                          : QVariant(QString::fromUtf8(bytes));
}

// The values of the summary's own columns (everything but id, folder and local state) bound
// from position `first` on, in the order of summaryColumnsSql.
void bindSummary(QSqlQuery &query, int first, const MessageSummary &m)
{
    int c = first;
    query.bindValue(c++, qlonglong(m.flags.bits));
    query.bindValue(c++, textOrNull(SummaryColumns::encodeKeywords(m.flags.keywords)));
    query.bindValue(c++, qlonglong(m.modSeq));
    query.bindValue(c++, SummaryColumns::fromDate(m.date));
    query.bindValue(c++, SummaryColumns::fromDate(m.receivedAt));
    query.bindValue(c++, textOrNull(m.from.name));
    query.bindValue(c++, textOrNull(m.from.address));
    query.bindValue(c++, SummaryColumns::encodeMailboxes(m.to));
    query.bindValue(c++, SummaryColumns::encodeMailboxes(m.cc));
    query.bindValue(c++, textOrNull(m.subject));
    query.bindValue(c++, bytesAsText(m.messageId));
    query.bindValue(c++, bytesAsText(m.inReplyTo));
    query.bindValue(c++, SummaryColumns::encodeReferences(m.references));
    query.bindValue(c++, qlonglong(m.size));
    query.bindValue(c++, m.hasAttachments ? 1 : 0);
    query.bindValue(c++, m.preview.isNull() ? QString() : m.preview);
    query.bindValue(c++, m.pop3Uidl.isNull() ? QString() : m.pop3Uidl);
}

#ifdef MAGPIE_SQLITE_DIRECT
// The values of insertSql for one new row; columns are numbered from 1 as SQLite does.
void bindInsert(RawStatement &insert, qint64 id, qint64 folderId, const MessageSummary &m)
{
    int c = 1;
    insert.bindInt(c++, id);
    insert.bindInt(c++, folderId);
    insert.bindInt(c++, qint64(m.uid));
    insert.bindInt(c++, int(m.localState));
    insert.bindInt(c++, qint64(m.flags.bits));
    insert.bindUtf8(c++, m.flags.keywords.join(' ')); // as SummaryColumns::encodeKeywords
    insert.bindInt(c++, qint64(m.modSeq));
    insert.bindDate(c++, m.date);
    insert.bindDate(c++, m.receivedAt);
    insert.bindText(c++, m.from.name);
    insert.bindText(c++, m.from.address);
    insert.bindText(c++, SummaryColumns::encodeMailboxes(m.to));
    insert.bindText(c++, SummaryColumns::encodeMailboxes(m.cc));
    insert.bindText(c++, m.subject);
    insert.bindUtf8(c++, m.messageId);
    insert.bindUtf8(c++, m.inReplyTo);
    insert.bindUtf8(c++, m.references.join(' ')); // as SummaryColumns::encodeReferences
    insert.bindInt(c++, qint64(m.size));
    insert.bindInt(c++, m.hasAttachments ? 1 : 0);
    insert.bindText(c++, m.preview);
    insert.bindText(c++, m.pop3Uidl);
}

const char rawInsertSql[] =
    "INSERT INTO messages (id, folder_id, uid, local_state, flags, keywords, modseq,"
    " date, received_at, from_name, from_address, to_list, cc_list, subject, message_id,"
    " in_reply_to, refs, size, has_attachments, preview, pop3_uidl)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
#endif // MAGPIE_SQLITE_DIRECT

const QString insertSql = QStringLiteral(
    "INSERT INTO messages (id, folder_id, uid, local_state, flags, keywords, modseq,"
    " date, received_at, from_name, from_address, to_list, cc_list, subject, message_id,"
    " in_reply_to, refs, size, has_attachments, preview, pop3_uidl)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

// The search entry of a row that had none (updateSearchEntry; schema version 3: rowid = its
// SearchKey). OR REPLACE only ever replaces a stale row: SearchKey::choose() returns a taken
// key only when it is the message's own undated key.
const char textInsertSql[] =
    "INSERT OR REPLACE INTO message_text (rowid, message_id, subject, addresses, body)"
    " VALUES (?, ?, ?, ?, '')";

// An update keeps what only this cache knows: the local state, and the preview and POP3
// UIDL when the new summary has none (the sync's summaries come without a preview).
const QString updateSql = QStringLiteral(
    "UPDATE messages SET flags = ?, keywords = ?, modseq = ?, date = ?, received_at = ?,"
    " from_name = ?, from_address = ?, to_list = ?, cc_list = ?, subject = ?, message_id = ?,"
    " in_reply_to = ?, refs = ?, size = ?, has_attachments = ?,"
    " preview = coalesce(nullif(?, ''), preview), pop3_uidl = coalesce(nullif(?, ''), pop3_uidl)"
    " WHERE id = ?");

// A cached row of the batch's folder: its id and search key (NULL in a row not indexed yet,
// which SearchIndexer, BodyStore or the next update gives one).
struct CachedRow
{
    qint64 id = 0;
    std::optional<qint64> key;
};

CachedRow cachedRow(const QSqlQuery &query, int first)
{
    CachedRow row;
    row.id = query.value(first).toLongLong();
    const QVariant key = query.value(first + 1);
    if (!key.isNull())
        row.key = key.toLongLong();
    return row;
}

// The search entry of a row add() updates: subject and addresses rewritten in place while its
// key still fits the date (always, for IMAP: a message's ENVELOPE never changes, RFC 3501
// s2.3); otherwise (the date changed, or the row has no entry) the entry moves to a key of
// the new date, keeping its body text, and messages.search_key follows.
StoreError updateSearchEntry(MailCache &cache, const QSqlDatabase &db, CachedRow &row,
                             const MessageSummary &m)
{
    const QString what = MailCache::tr("updating the search index");
    QSqlQuery query(db);
    if (row.key && SearchKey::inSlot(*row.key, m.date)) {
        query.prepare(QStringLiteral("UPDATE message_text SET subject = ?, addresses = ?"
                                     " WHERE rowid = ? AND message_id = ?"));
        query.addBindValue(m.subject);
        query.addBindValue(SummaryColumns::addressText(m));
        query.addBindValue(*row.key);
        query.addBindValue(row.id);
        if (!query.exec())
            return cache.errorFrom(query.lastError(), what);
        if (query.numRowsAffected() > 0)
            return {};
    }
    QString body;
    if (row.key) {
        query.prepare(QStringLiteral("SELECT body FROM message_text WHERE rowid = ? AND message_id = ?"));
        query.addBindValue(*row.key);
        query.addBindValue(row.id);
        if (!query.exec())
            return cache.errorFrom(query.lastError(), what);
        if (query.next())
            body = query.value(0).toString();
        query.finish();
        query.prepare(QStringLiteral("DELETE FROM message_text WHERE rowid = ? AND message_id = ?"));
        query.addBindValue(*row.key);
        query.addBindValue(row.id);
        if (!query.exec())
            return cache.errorFrom(query.lastError(), what);
    }
    QSqlError keyError;
    const std::optional<qint64> key = SearchKey::allocate(db, m.date, row.id, &keyError);
    if (!key)
        return cache.errorFrom(keyError, what);
    query.prepare(QLatin1String(textInsertSql));
    query.addBindValue(*key);
    query.addBindValue(row.id);
    query.addBindValue(m.subject);
    query.addBindValue(SummaryColumns::addressText(m));
    if (!query.exec())
        return cache.errorFrom(query.lastError(), what);
    if (!body.isEmpty()) {
        query.prepare(QStringLiteral("UPDATE message_text SET body = ? WHERE rowid = ?"));
        query.addBindValue(body);
        query.addBindValue(*key);
        if (!query.exec())
            return cache.errorFrom(query.lastError(), what);
    }
    query.prepare(QStringLiteral("UPDATE messages SET search_key = ? WHERE id = ?"));
    query.addBindValue(*key);
    query.addBindValue(row.id);
    if (!query.exec())
        return cache.errorFrom(query.lastError(), what);
    row.key = key;
    return {};
}

} // namespace

QList<qint64> MessageStore::add(qint64 folderId, const QList<MessageSummary> &summaries,
                                StoreError *error)
{
    QList<qint64> ids;
    if (summaries.isEmpty())
        return ids;
    const QString what = MailCache::tr("saving %n message summaries", nullptr, int(summaries.size()));
    auto failed = [&](const StoreError &failure) {
        if (error)
            *error = failure;
        return QList<qint64>();
    };

    // The hot path of a first sync: one transaction per batch and each statement prepared
    // once per batch, so SQLite compiles it once and only binds values per row.
    WriteTransaction transaction(m_cache);
    if (StoreError failure = transaction.begun())
        return failed(failure);
    const QSqlDatabase db = m_cache.connection();
    QSqlQuery lookup(db);
    QSqlQuery insert(db);
    QSqlQuery update(db);
    if (!lookup.prepare(QStringLiteral("SELECT id, search_key FROM messages"
                                       " WHERE folder_id = ? AND uid = ? AND uid > 0")))
        return failed(m_cache.errorFrom(lookup.lastError(), what));
    // Which UIDs of the batch are cached already, read with one range query over
    // messages_by_uid when the batch's UIDs lie close together (a sync batch: 500 neighbours,
    // none cached on a first sync) instead of one lookup per row. A batch spread thin over a
    // big folder keeps the lookups per row, so a range never reads far more rows than asked.
    QHash<quint32, CachedRow> cached;
    bool rangeRead = false;
    {
        quint32 low = 0;
        quint32 high = 0;
        qsizetype withUid = 0;
        for (const MessageSummary &m : summaries) {
            if (m.uid == 0)
                continue;
            low = withUid == 0 ? m.uid : qMin(low, m.uid);
            high = qMax(high, m.uid);
            ++withUid;
        }
        if (withUid > 1 && qint64(high) - qint64(low) < 4 * withUid + 64) {
            QSqlQuery range(db);
            range.setForwardOnly(true);
            if (!range.prepare(QStringLiteral("SELECT uid, id, search_key FROM messages"
                                              " WHERE folder_id = ? AND uid >= ? AND uid <= ? AND uid > 0")))
                return failed(m_cache.errorFrom(range.lastError(), what));
            range.bindValue(0, folderId);
            range.bindValue(1, qlonglong(low));
            range.bindValue(2, qlonglong(high));
            if (!range.exec())
                return failed(m_cache.errorFrom(range.lastError(), what));
            while (range.next())
                cached.insert(quint32(range.value(0).toLongLong()), cachedRow(range, 1));
            rangeRead = true;
        }
    }
    // New rows get their ids from here (max + 1, as SQLite would pick without AUTOINCREMENT),
    // so the loop knows each row's id without asking SQLite after every insert.
    qint64 lastId = 0;
    {
        QSqlQuery highest(db);
        if (!highest.exec(QStringLiteral("SELECT coalesce(max(id), 0) FROM messages")) || !highest.next())
            return failed(m_cache.errorFrom(highest.lastError(), what));
        lastId = highest.value(0).toLongLong();
    }
    if (!insert.prepare(insertSql))
        return failed(m_cache.errorFrom(insert.lastError(), what));
    if (!update.prepare(updateSql))
        return failed(m_cache.errorFrom(update.lastError(), what));

    // The inserts on the raw handle when there is one (see RawStatement), else through QtSql.
#ifdef MAGPIE_SQLITE_DIRECT
    sqlite3 *raw = sqliteHandle(db);
    std::optional<RawStatement> rawInsert;
    if (raw) {
        rawInsert.emplace(raw, rawInsertSql);
        if (!rawInsert->prepared())
            return failed(m_cache.errorFrom(rawInsert->error(), what));
    }
#else
    constexpr bool raw = false;
#endif

    QList<qint64> added;
    QList<qint64> changed;
    ids.reserve(summaries.size());
    for (const MessageSummary &m : summaries) {
        std::optional<CachedRow> row;
        if (m.uid > 0 && rangeRead) {
            // Rows this batch inserted count too: a batch naming a UID twice updates the
            // first row, as the per-row lookup did.
            const auto it = cached.constFind(m.uid);
            if (it != cached.constEnd())
                row = *it;
        } else if (m.uid > 0) {
            lookup.bindValue(0, folderId);
            lookup.bindValue(1, qlonglong(m.uid));
            if (!lookup.exec())
                return failed(m_cache.errorFrom(lookup.lastError(), what));
            if (lookup.next())
                row = cachedRow(lookup, 0);
            lookup.finish();
        }
        if (row) {
            // An update indexes its row at once, as before (updates are few: the sync sends
            // flag changes through applyFlagUpdates), so a changed subject is never searched
            // under its old words.
            bindSummary(update, 0, m);
            update.bindValue(17, row->id);
            if (!update.exec())
                return failed(m_cache.errorFrom(update.lastError(), what));
            if (StoreError failure = updateSearchEntry(m_cache, db, *row, m))
                return failed(failure);
            if (rangeRead)
                cached.insert(m.uid, *row);
            changed.append(row->id);
            ids.append(row->id);
            continue;
        }
        // A new row: search_key stays NULL until SearchIndexer indexes it.
        const qint64 id = ++lastId;
#ifdef MAGPIE_SQLITE_DIRECT
        if (raw) {
            bindInsert(*rawInsert, id, folderId, m);
            if (!rawInsert->step())
                return failed(m_cache.errorFrom(rawInsert->error(), what));
        }
#else
        Q_UNUSED(raw)
#endif
        if (!raw) {
            insert.bindValue(0, id);
            insert.bindValue(1, folderId);
            insert.bindValue(2, qlonglong(m.uid));
            insert.bindValue(3, int(m.localState));
            bindSummary(insert, 4, m);
            if (!insert.exec())
                return failed(m_cache.errorFrom(insert.lastError(), what));
        }
        if (rangeRead && m.uid > 0)
            cached.insert(m.uid, CachedRow { id, std::nullopt });
        added.append(id);
        ids.append(id);
    }
    if (StoreError failure = transaction.commit())
        return failed(failure);
    if (!added.isEmpty())
        m_cache.emitCommitted(&MailCache::messagesAdded, folderId, added);
    if (!changed.isEmpty())
        m_cache.emitCommitted(&MailCache::messagesChanged, folderId, changed);
    m_cache.emitCommitted(&MailCache::folderCountsChanged, folderId);
    return ids;
}

} // namespace magpie::store
