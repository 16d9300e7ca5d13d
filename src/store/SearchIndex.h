// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageSummary.h"
#include "store/StoreError.h"

#include <QList>
#include <QString>

namespace magpie::store {

class MailCache;

// One hit of a full-text search: the message and the folder it is in.
struct SearchHit
{
    MessageSummary message;
    QString folderPath;
    QString accountId;
};

// Full-text search over subject, addresses and body text (SQLite FTS5, schema: message_text),
// across every folder or one account. The query is what a person types: words (each must
// match, as a prefix from three letters on, whole when shorter), "quoted phrases", and
// from:/to:/subject: to restrict a word to a column. FTS5 syntax characters in the input are never passed through raw, so any text
// is a valid query. Newest first: the index is keyed by date (SearchKey), so a page of the
// newest hits costs about the same whatever the number of matches.
class SearchIndex
{
public:
    explicit SearchIndex(MailCache &cache);

    QList<SearchHit> search(const QString &query, int limit = 200,
                            const QString &accountId = {}, StoreError *error = nullptr) const;

    // The FTS5 MATCH expression for what a person typed (tested on its own).
    static QString matchExpression(const QString &query);

private:
    MailCache &m_cache;
};

} // namespace magpie::store
