// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/SearchIndex.h"

#include "store/MailCache.h"
#include "store/SummaryColumns.h"

#include <QSqlQuery>

namespace magpie::store {

namespace {

// The column filters a person may type before a word or phrase, and the message_text
// column each searches. From and To share `addresses`, which holds every mailbox.
struct ColumnFilter
{
    QLatin1String prefix;
    QLatin1String column;
};
const ColumnFilter columnFilters[] = {
    { QLatin1String("from:"), QLatin1String("addresses") },
    { QLatin1String("to:"), QLatin1String("addresses") },
    { QLatin1String("cc:"), QLatin1String("addresses") },
    { QLatin1String("subject:"), QLatin1String("subject") },
    { QLatin1String("body:"), QLatin1String("body") },
};

// Whether the text holds anything the unicode61 tokenizer keeps (letters and numbers); a
// string of only punctuation would be an empty phrase, which FTS5 rejects or matches oddly.
bool hasToken(QStringView text)
{
    for (const QChar c : text) {
        if (c.isLetterOrNumber() || c.isSurrogate())
            return true;
    }
    return false;
}

// Whether a typed word matches as a prefix. Words of one or two letters or digits match
// whole, as Thunderbird's global search (Gloda) matches every word whole: FTS5 answers a
// prefix query by merging the doclists of every term that starts with it before it returns
// the first hit, so "m" (a few thousand terms, most of the index) costs ~150-250 ms on
// 100,000 messages whatever the LIMIT, where "mee" names a handful of terms. A CJK character
// counts as a word: unicode61 keeps a run of them as one token, so only a prefix finds it
// inside one (Gloda also adds the wildcard to a single CJK character).
constexpr int minimumPrefixLength = 3;

bool matchesAsPrefix(QStringView word)
{
    int letters = 0;
    for (const QChar c : word) {
        if (c.unicode() >= 0x2E80 || c.isSurrogate())
            return true;
        if (c.isLetterOrNumber())
            ++letters;
    }
    return letters >= minimumPrefixLength;
}

// An FTS5 string (https://sqlite.org/fts5.html s3.1): inside double quotes every character
// is literal except the quote, written twice. So no operator, column name, NEAR, '*', '-'
// or ':' in what the person typed ever reaches the query syntax.
QString ftsString(QStringView text)
{
    QString quoted = text.toString();
    quoted.replace(QLatin1Char('"'), QLatin1String("\"\""));
    return QLatin1Char('"') + quoted + QLatin1Char('"');
}

} // namespace

SearchIndex::SearchIndex(MailCache &cache)
    : m_cache(cache)
{
}

QString SearchIndex::matchExpression(const QString &query)
{
    QStringList terms;
    // Control characters (NUL above all, which ends a string in SQLite's FTS5 parser) are
    // never part of a word: they separate like spaces.
    QString cleaned = query;
    for (QChar &c : cleaned) {
        if (c.category() == QChar::Other_Control)
            c = QLatin1Char(' ');
    }
    const QStringView text(cleaned);
    qsizetype i = 0;
    const qsizetype n = text.size();
    while (i < n) {
        if (text.at(i).isSpace()) {
            ++i;
            continue;
        }
        QLatin1String column;
        for (const ColumnFilter &filter : columnFilters) {
            if (text.mid(i).startsWith(filter.prefix, Qt::CaseInsensitive)) {
                column = filter.column;
                i += filter.prefix.size();
                break;
            }
        }
        QStringView words;
        bool phrase = false;
        if (i < n && text.at(i) == QLatin1Char('"')) {
            // A "quoted phrase": its words in this order, each whole; an unclosed quote runs
            // to the end of the text.
            const qsizetype close = text.indexOf(QLatin1Char('"'), i + 1);
            const qsizetype end = close < 0 ? n : close;
            words = text.mid(i + 1, end - i - 1);
            i = close < 0 ? n : close + 1;
            phrase = true;
        } else {
            qsizetype end = i;
            while (end < n && !text.at(end).isSpace())
                ++end;
            words = text.mid(i, end - i);
            i = end;
        }
        if (!hasToken(words))
            continue;
        // A single word matches as a prefix ("inv" finds "invoice") as one types, from
        // minimumPrefixLength letters on.
        QString term = ftsString(words);
        if (!phrase && matchesAsPrefix(words))
            term += QLatin1Char('*');
        if (!column.isEmpty())
            term = column + QLatin1String(" : ") + term;
        terms.append(term);
    }
    return terms.join(QLatin1Char(' '));
}

QList<SearchHit> SearchIndex::search(const QString &query, int limit, const QString &accountId,
                                     StoreError *error) const
{
    QList<SearchHit> hits;
    const QString expression = matchExpression(query);
    if (expression.isEmpty() || limit <= 0)
        return hits;
    // The newest `limit` matches are read from the index in key order (SearchKey: keys
    // ascend with the date), so SQLite stops after `limit` hits that pass the filters instead
    // of joining and sorting every hit; the full rows are read for those alone. An entry
    // counts only while its message's search_key still names it. Rows pending removal are
    // hidden as they are in the lists. The page is then ordered by date as before (the key
    // order differs from it only among messages of one millisecond, or dated beyond
    // SearchKey's range).
    QString sql = QStringLiteral(
        "SELECT ") + SummaryColumns::selectList() + QStringLiteral(", f.name, f.account_id"
        " FROM (SELECT hm.id AS hit FROM message_text"
        " JOIN messages AS hm ON hm.id = message_text.message_id"
        " AND hm.search_key = message_text.rowid");
    if (!accountId.isEmpty())
        sql += QStringLiteral(" JOIN folders AS hf ON hf.id = hm.folder_id AND hf.account_id = ?");
    sql += QStringLiteral(
        " WHERE message_text MATCH ? AND hm.local_state <> 1"
        " ORDER BY message_text.rowid DESC LIMIT ?) AS h"
        " JOIN messages AS m ON m.id = h.hit JOIN folders AS f ON f.id = m.folder_id"
        " ORDER BY m.date DESC, m.id DESC");
    QSqlQuery select(m_cache.connection());
    select.setForwardOnly(true);
    select.prepare(sql);
    if (!accountId.isEmpty())
        select.addBindValue(accountId);
    select.addBindValue(expression);
    select.addBindValue(limit);
    if (!select.exec()) {
        if (error)
            *error = m_cache.errorFrom(select.lastError(), MailCache::tr("searching for “%1”").arg(query));
        return hits;
    }
    const int folderColumn = SummaryColumns::columnCount();
    while (select.next()) {
        SearchHit hit;
        hit.message = SummaryColumns::read(select);
        hit.folderPath = select.value(folderColumn).toString();
        hit.accountId = select.value(folderColumn + 1).toString();
        hits.append(hit);
    }
    return hits;
}

} // namespace magpie::store
