// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/SearchIndexer.h"

#include "store/MailCache.h"
#include "store/RawStatement.h"
#include "store/SearchKey.h"
#include "store/SummaryColumns.h"

#include <QSet>
#include <QSqlQuery>

#include <algorithm>
#include <optional>
#include <vector>

namespace magpie::store {

namespace {

// The rows without an entry, oldest cached first, read through the partial index
// messages_unindexed (schema version 4), so finding them costs nothing like a scan of every
// row. The columns are what the entry holds, plus the date its key derives from.
const char pendingSql[] =
    "SELECT id, date, subject, from_name, from_address, to_list, cc_list FROM messages"
    " WHERE search_key IS NULL ORDER BY id LIMIT ?";
const char probeSql[] = "SELECT 1 FROM message_text WHERE rowid = ?";
// OR REPLACE only ever replaces a stale entry: SearchKey::choose() returns a taken key only
// when it is the message's own undated key.
const char entrySql[] =
    "INSERT OR REPLACE INTO message_text (rowid, message_id, subject, addresses, body)"
    " VALUES (?, ?, ?, ?, '')";
const char keySql[] = "UPDATE messages SET search_key = ? WHERE id = ?";

struct PendingRow
{
    qint64 id = 0;
    QDateTime date;
    QString subject;
    QString addresses;
    qint64 key = 0;
};

// The entry's `addresses` text of a row, from its columns as SummaryColumns stores them.
QString addressesOf(const QString &fromName, const QString &fromAddress, const QString &toList,
                    const QString &ccList)
{
    MessageSummary summary;
    summary.from = { fromName, fromAddress };
    summary.to = SummaryColumns::decodeMailboxes(toList);
    summary.cc = SummaryColumns::decodeMailboxes(ccList);
    return SummaryColumns::addressText(summary);
}

} // namespace

SearchIndexer::SearchIndexer(MailCache &cache)
    : m_cache(cache)
{
}

int SearchIndexer::indexPending(int maxRows, StoreError *error)
{
    if (maxRows <= 0)
        return 0;
    const QString what = MailCache::tr("updating the search index");
    auto failed = [&](const StoreError &failure) {
        if (error)
            *error = failure;
        return 0;
    };
    WriteTransaction transaction(m_cache);
    if (StoreError failure = transaction.begun())
        return failed(failure);
    const QSqlDatabase db = m_cache.connection();

    // One prepared statement of each kind per call, on SQLite's own API where it can be used
    // (RawStatement.h), else through QtSql.
#ifdef MAGPIE_SQLITE_DIRECT
    sqlite3 *raw = sqliteHandle(db);
    std::optional<RawStatement> rawPending;
    std::optional<RawStatement> rawProbe;
    std::optional<RawStatement> rawEntry;
    std::optional<RawStatement> rawKey;
    if (raw) {
        rawPending.emplace(raw, pendingSql);
        rawProbe.emplace(raw, probeSql);
        rawEntry.emplace(raw, entrySql);
        rawKey.emplace(raw, keySql);
        for (const RawStatement *statement : { &*rawPending, &*rawProbe, &*rawEntry, &*rawKey }) {
            if (!statement->prepared())
                return failed(m_cache.errorFrom(statement->error(), what));
        }
    }
#else
    constexpr bool raw = false;
#endif
    QSqlQuery probe(db);
    QSqlQuery entry(db);
    QSqlQuery key(db);
    if (!raw) {
        if (!probe.prepare(QLatin1String(probeSql)))
            return failed(m_cache.errorFrom(probe.lastError(), what));
        if (!entry.prepare(QLatin1String(entrySql)))
            return failed(m_cache.errorFrom(entry.lastError(), what));
        if (!key.prepare(QLatin1String(keySql)))
            return failed(m_cache.errorFrom(key.lastError(), what));
    }

    std::vector<PendingRow> rows;
    rows.reserve(std::size_t(qMin(maxRows, 100000)));
#ifdef MAGPIE_SQLITE_DIRECT
    if (raw) {
        rawPending->bindInt(1, maxRows);
        while (rawPending->next()) {
            PendingRow row;
            row.id = rawPending->intAt(0);
            if (!rawPending->isNull(1))
                row.date = QDateTime::fromMSecsSinceEpoch(rawPending->intAt(1), Qt::UTC);
            row.subject = rawPending->textAt(2);
            row.addresses = addressesOf(rawPending->textAt(3), rawPending->textAt(4),
                                        rawPending->textAt(5), rawPending->textAt(6));
            rows.push_back(std::move(row));
        }
        const bool ok = rawPending->ok();
        const QSqlError readError = rawPending->error();
        rawPending->finish();
        if (!ok)
            return failed(m_cache.errorFrom(readError, what));
    }
#endif
    if (!raw) {
        QSqlQuery pending(db);
        pending.setForwardOnly(true);
        if (!pending.prepare(QLatin1String(pendingSql)))
            return failed(m_cache.errorFrom(pending.lastError(), what));
        pending.addBindValue(maxRows);
        if (!pending.exec())
            return failed(m_cache.errorFrom(pending.lastError(), what));
        while (pending.next()) {
            PendingRow row;
            row.id = pending.value(0).toLongLong();
            row.date = SummaryColumns::toDate(pending.value(1));
            row.subject = pending.value(2).toString();
            row.addresses = addressesOf(pending.value(3).toString(), pending.value(4).toString(),
                                        pending.value(5).toString(), pending.value(6).toString());
            rows.push_back(std::move(row));
        }
        if (pending.lastError().isValid())
            return failed(m_cache.errorFrom(pending.lastError(), what));
    }
    if (rows.empty())
        return 0;

    // Keys: free in the index, and not chosen for an earlier row of this call (their entries
    // are written only after every key is chosen, in key order).
    QSet<qint64> chosen;
    QSqlError keyError;
    auto taken = [&](qint64 candidate) -> std::optional<bool> {
        if (chosen.contains(candidate))
            return true;
#ifdef MAGPIE_SQLITE_DIRECT
        if (raw) {
            rawProbe->bindInt(1, candidate);
            if (!rawProbe->step()) {
                keyError = rawProbe->error();
                return std::nullopt;
            }
            return rawProbe->gotRow();
        }
#endif
        probe.bindValue(0, candidate);
        if (!probe.exec()) {
            keyError = probe.lastError();
            return std::nullopt;
        }
        const bool found = probe.next();
        probe.finish();
        return found;
    };
    auto takenIn = [&](qint64 first, qint64 last) {
        std::optional<QSet<qint64>> used = SearchKey::keysIn(db, first, last, &keyError);
        if (used) {
            for (qint64 k : std::as_const(chosen)) {
                if (k >= first && k <= last)
                    used->insert(k);
            }
        }
        return used;
    };
    chosen.reserve(qsizetype(rows.size()));
    for (PendingRow &row : rows) {
        const std::optional<qint64> k = SearchKey::choose(row.date, row.id, taken, takenIn);
        if (!k)
            return failed(m_cache.errorFrom(keyError, what));
        row.key = *k;
        chosen.insert(*k);
    }
    std::sort(rows.begin(), rows.end(),
              [](const PendingRow &a, const PendingRow &b) { return a.key < b.key; });

    for (const PendingRow &row : rows) {
#ifdef MAGPIE_SQLITE_DIRECT
        if (raw) {
            rawEntry->bindInt(1, row.key);
            rawEntry->bindInt(2, row.id);
            rawEntry->bindText(3, row.subject);
            rawEntry->bindText(4, row.addresses);
            if (!rawEntry->step())
                return failed(m_cache.errorFrom(rawEntry->error(), what));
            rawKey->bindInt(1, row.key);
            rawKey->bindInt(2, row.id);
            if (!rawKey->step())
                return failed(m_cache.errorFrom(rawKey->error(), what));
            continue;
        }
#endif
        entry.bindValue(0, row.key);
        entry.bindValue(1, row.id);
        entry.bindValue(2, row.subject);
        entry.bindValue(3, row.addresses);
        if (!entry.exec())
            return failed(m_cache.errorFrom(entry.lastError(), what));
        key.bindValue(0, row.key);
        key.bindValue(1, row.id);
        if (!key.exec())
            return failed(m_cache.errorFrom(key.lastError(), what));
    }
    if (StoreError failure = transaction.commit())
        return failed(failure);
    return int(rows.size());
}

int SearchIndexer::indexAll(StoreError *error, int sliceRows)
{
    int total = 0;
    for (;;) {
        StoreError failure;
        const int indexed = indexPending(sliceRows, &failure);
        if (failure) {
            if (error)
                *error = failure;
            return total;
        }
        total += indexed;
        if (indexed < sliceRows)
            return total;
    }
}

int SearchIndexer::pendingCount(StoreError *error) const
{
    QSqlQuery query(m_cache.connection());
    if (!query.exec(QStringLiteral("SELECT count(*) FROM messages WHERE search_key IS NULL"))
        || !query.next()) {
        if (error)
            *error = m_cache.errorFrom(query.lastError(), MailCache::tr("reading the search index"));
        return -1;
    }
    return query.value(0).toInt();
}

} // namespace magpie::store
