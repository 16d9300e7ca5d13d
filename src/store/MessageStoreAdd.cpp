// SPDX-License-Identifier: GPL-3.0-or-later
// MessageStore::add, the store's hot write path (a first sync writes every summary through it):
// new rows and their search entries in one batch, on SQLite's own API where it can be used.
// The rest of MessageStore (reads, flag and state updates, removal) is in MessageStore.cpp.
#include "store/MessageStore.h"

#include "store/MailCache.h"
#include "store/SearchKey.h"
#include "store/SummaryColumns.h"

#include <QHash>
#include <QMap>
#include <QSqlDriver>
#include <QSqlError>
#include <QSqlQuery>

#ifdef MAGPIE_SQLITE_DIRECT
#include <sqlite3.h>
#endif

#include <algorithm>
#include <array>
#include <vector>
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
// The connection's own SQLite handle, or null when the direct path is off or the driver is not
// QSQLITE. Safe to use because MAGPIE_SQLITE_DIRECT is only on where the QSQLITE plugin runs on
// the system's libsqlite3 (src/store/CMakeLists.txt), which is the copy linked here: the handle
// and the sqlite3_* functions below belong to one library, its one set of globals and mutexes.
// The statements run inside the WriteTransaction QtSql began on the same handle, on this
// thread, and are finalized before add() returns.
sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    static const bool disabled = qEnvironmentVariable("MAGPIE_SQLITE_DIRECT") == QLatin1String("0");
    if (disabled || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

// A statement on the raw handle, for the one loop where QtSql's per-value cost shows: a first
// sync inserts 100,000 rows of 20 values, and QSqlQuery::bindValue builds a QVariant, a
// placeholder name and a hash entry for each, then converts every string to UTF-16 for
// SQLite to convert back. Here values go straight in, strings as UTF-8.
class RawStatement
{
public:
    RawStatement(sqlite3 *db, const char *sql)
        : m_db(db)
    {
        m_rc = sqlite3_prepare_v2(db, sql, -1, &m_statement, nullptr);
    }
    ~RawStatement() { sqlite3_finalize(m_statement); }
    RawStatement(const RawStatement &) = delete;
    RawStatement &operator=(const RawStatement &) = delete;

    bool prepared() const { return m_rc == SQLITE_OK && m_statement; }
    void bindInt(int column, qint64 value) { sqlite3_bind_int64(m_statement, column, value); }
    void bindNull(int column) { sqlite3_bind_null(m_statement, column); }
    // A null QString is NULL, as QtSql binds it; the UTF-8 is kept until the next row.
    void bindText(int column, const QString &text)
    {
        if (text.isNull())
            return bindNull(column);
        QByteArray &utf8 = m_keep[std::size_t(column) % m_keep.size()];
        utf8 = text.toUtf8();
        sqlite3_bind_text(m_statement, column, utf8.isEmpty() ? "" : utf8.constData(),
                          int(utf8.size()), SQLITE_STATIC);
    }
    void bindDate(int column, const QDateTime &date)
    {
        if (date.isValid())
            bindInt(column, date.toMSecsSinceEpoch());
        else
            bindNull(column);
    }
    // Runs the statement once; false on an error, which error() then describes.
    bool step()
    {
        m_rc = sqlite3_step(m_statement);
        sqlite3_reset(m_statement);
        return m_rc == SQLITE_DONE || m_rc == SQLITE_ROW;
    }
    // Whether the last step() returned a row.
    bool gotRow() const { return m_rc == SQLITE_ROW; }
    // In QtSql's terms, so MailCache::errorFrom() tells a full disk or damage as it does
    // for every other statement.
    QSqlError error() const
    {
        return QSqlError(QString(), QString::fromUtf8(sqlite3_errmsg(m_db)),
                         QSqlError::StatementError, QString::number(sqlite3_extended_errcode(m_db)));
    }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    int m_rc = SQLITE_OK;
    std::array<QByteArray, 24> m_keep;
};

// The values of insertSql for one new row; columns are numbered from 1 as SQLite does.
void bindInsert(RawStatement &insert, qint64 id, qint64 key, qint64 folderId, const MessageSummary &m)
{
    int c = 1;
    insert.bindInt(c++, id);
    insert.bindInt(c++, key);
    insert.bindInt(c++, folderId);
    insert.bindInt(c++, qint64(m.uid));
    insert.bindInt(c++, int(m.localState));
    insert.bindInt(c++, qint64(m.flags.bits));
    insert.bindText(c++, SummaryColumns::encodeKeywords(m.flags.keywords));
    insert.bindInt(c++, qint64(m.modSeq));
    insert.bindDate(c++, m.date);
    insert.bindDate(c++, m.receivedAt);
    insert.bindText(c++, m.from.name);
    insert.bindText(c++, m.from.address);
    insert.bindText(c++, SummaryColumns::encodeMailboxes(m.to));
    insert.bindText(c++, SummaryColumns::encodeMailboxes(m.cc));
    insert.bindText(c++, m.subject);
    insert.bindText(c++, m.messageId.isNull() ? QString() : QString::fromUtf8(m.messageId));
    insert.bindText(c++, m.inReplyTo.isNull() ? QString() : QString::fromUtf8(m.inReplyTo));
    insert.bindText(c++, SummaryColumns::encodeReferences(m.references));
    insert.bindInt(c++, qint64(m.size));
    insert.bindInt(c++, m.hasAttachments ? 1 : 0);
    insert.bindText(c++, m.preview);
    insert.bindText(c++, m.pop3Uidl);
}

const char rawInsertSql[] =
    "INSERT INTO messages (id, search_key, folder_id, uid, local_state, flags, keywords, modseq,"
    " date, received_at, from_name, from_address, to_list, cc_list, subject, message_id,"
    " in_reply_to, refs, size, has_attachments, preview, pop3_uidl)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)";
#endif // MAGPIE_SQLITE_DIRECT

const QString insertSql = QStringLiteral(
    "INSERT INTO messages (id, search_key, folder_id, uid, local_state, flags, keywords, modseq,"
    " date, received_at, from_name, from_address, to_list, cc_list, subject, message_id,"
    " in_reply_to, refs, size, has_attachments, preview, pop3_uidl)"
    " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)");

// The search entry of a new row (schema version 3: rowid = its SearchKey). OR REPLACE only
// ever replaces a stale row: SearchKey::choose() returns a taken key only when it is the
// message's own undated key.
const char probeSql[] = "SELECT 1 FROM message_text WHERE rowid = ?";
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

// A cached row of the batch's folder: its id and search key (NULL in a row written without
// one, which BodyStore or the next update gives one).
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
    QSqlQuery textInsert(db);
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
    // New rows get their ids from here rather than from SQLite, which would pick the same
    // (max + 1, no AUTOINCREMENT), because the search key is part of the row and derives
    // from the id (SearchKey::preferred): one INSERT per row instead of an INSERT and an
    // UPDATE.
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
    if (!textInsert.prepare(QLatin1String(textInsertSql)))
        return failed(m_cache.errorFrom(textInsert.lastError(), what));

    // The inserts on the raw handle when there is one (see RawStatement), else through QtSql.
#ifdef MAGPIE_SQLITE_DIRECT
    sqlite3 *raw = sqliteHandle(db);
    std::optional<RawStatement> rawInsert;
    std::optional<RawStatement> rawTextInsert;
    std::optional<RawStatement> rawProbe;
    if (raw) {
        rawInsert.emplace(raw, rawInsertSql);
        rawTextInsert.emplace(raw, textInsertSql);
        rawProbe.emplace(raw, probeSql);
        for (const RawStatement *statement : { &*rawInsert, &*rawTextInsert, &*rawProbe }) {
            if (!statement->prepared())
                return failed(m_cache.errorFrom(statement->error(), what));
        }
    }
#else
    constexpr bool raw = false;
#endif
    // The batch's search entries are written after its rows, in ascending key order: FTS5
    // flushes its pending terms to a new segment whenever a rowid is lower than the last one
    // (fts5_index.c, sqlite3Fts5IndexBeginWrite), and a sync writes newest first, so entries
    // written as they come would cost a segment each (measured: 3x the insert time). Keys
    // chosen for the batch count as taken until then.
    struct PendingText
    {
        qint64 key;
        qint64 id;
        QString subject;
        QString addresses;
    };
    std::vector<PendingText> pendingText;
    pendingText.reserve(std::size_t(summaries.size()));
    QSet<qint64> batchKeys;
    QSqlQuery qtProbe(db);
    if (!qtProbe.prepare(QLatin1String(probeSql)))
        return failed(m_cache.errorFrom(qtProbe.lastError(), what));
    QSqlError keyError;
    auto keyFor = [&](const QDateTime &date, qint64 id) -> std::optional<qint64> {
        auto takenIn = [&](qint64 first, qint64 last) {
            std::optional<QSet<qint64>> used = SearchKey::keysIn(db, first, last, &keyError);
            if (used) {
                for (qint64 key : std::as_const(batchKeys)) {
                    if (key >= first && key <= last)
                        used->insert(key);
                }
            }
            return used;
        };
#ifdef MAGPIE_SQLITE_DIRECT
        if (raw) {
            auto taken = [&](qint64 key) -> std::optional<bool> {
                if (batchKeys.contains(key))
                    return true;
                rawProbe->bindInt(1, key);
                if (!rawProbe->step()) {
                    keyError = rawProbe->error();
                    return std::nullopt;
                }
                return rawProbe->gotRow();
            };
            return SearchKey::choose(date, id, taken, takenIn);
        }
#endif
        QSqlQuery &probe = qtProbe;
        auto taken = [&](qint64 key) -> std::optional<bool> {
            if (batchKeys.contains(key))
                return true;
            probe.bindValue(0, key);
            if (!probe.exec()) {
                keyError = probe.lastError();
                return std::nullopt;
            }
            const bool found = probe.next();
            probe.finish();
            return found;
        };
        return SearchKey::choose(date, id, taken, takenIn);
    };
    auto writePendingText = [&]() -> StoreError {
        std::sort(pendingText.begin(), pendingText.end(),
                  [](const PendingText &a, const PendingText &b) { return a.key < b.key; });
        for (const PendingText &entry : pendingText) {
#ifdef MAGPIE_SQLITE_DIRECT
            if (raw) {
                rawTextInsert->bindInt(1, entry.key);
                rawTextInsert->bindInt(2, entry.id);
                rawTextInsert->bindText(3, entry.subject);
                rawTextInsert->bindText(4, entry.addresses);
                if (!rawTextInsert->step())
                    return m_cache.errorFrom(rawTextInsert->error(), what);
                continue;
            }
#endif
            textInsert.bindValue(0, entry.key);
            textInsert.bindValue(1, entry.id);
            textInsert.bindValue(2, entry.subject);
            textInsert.bindValue(3, entry.addresses);
            if (!textInsert.exec())
                return m_cache.errorFrom(textInsert.lastError(), what);
        }
        pendingText.clear();
        batchKeys.clear();
        return {};
    };

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
            // An update may re-key its entry (updateSearchEntry), which must see every key
            // the batch chose so far.
            if (StoreError failure = writePendingText())
                return failed(failure);
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
        const qint64 id = ++lastId;
        const std::optional<qint64> key = keyFor(m.date, id);
        if (!key)
            return failed(m_cache.errorFrom(keyError, what));
#ifdef MAGPIE_SQLITE_DIRECT
        if (raw) {
            bindInsert(*rawInsert, id, *key, folderId, m);
            if (!rawInsert->step())
                return failed(m_cache.errorFrom(rawInsert->error(), what));
        }
#else
        Q_UNUSED(raw)
#endif
        if (!raw) {
            insert.bindValue(0, id);
            insert.bindValue(1, *key);
            insert.bindValue(2, folderId);
            insert.bindValue(3, qlonglong(m.uid));
            insert.bindValue(4, int(m.localState));
            bindSummary(insert, 5, m);
            if (!insert.exec())
                return failed(m_cache.errorFrom(insert.lastError(), what));
        }
        pendingText.push_back({ *key, id, m.subject, SummaryColumns::addressText(m) });
        batchKeys.insert(*key);
        if (rangeRead && m.uid > 0)
            cached.insert(m.uid, CachedRow { id, *key });
        added.append(id);
        ids.append(id);
    }
    if (StoreError failure = writePendingText())
        return failed(failure);
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
