// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>
#include <QSet>
#include <QSqlDatabase>
#include <QSqlError>

#include <limits>
#include <optional>

namespace magpie::store {

// The row key of the search index (schema version 3): message_text's rowid, also kept in
// messages.search_key. Keys ascend with the message's date, so a search reads hits newest
// first straight from the FTS5 index (ORDER BY rowid DESC LIMIT n) and stops after n, instead
// of joining and sorting every hit by date (issue 6: "meeting" has 92,449 hits in 100,000).
//
//   dated:   clamp(date in ms since the epoch) * 2^17 + tie, tie in [0, 2^17)
//   undated: undatedBase + message id, below every dated key (SQL sorts NULL dates last
//            in a DESC order, and so does this)
//
// The tie prefers the low 17 bits of the message id, so messages of the same millisecond come
// newest-cached first as the old ORDER BY date DESC, id DESC did; a tie already taken (two
// messages of one millisecond whose ids are 2^17 apart) moves to a free one of the slot, and
// a full slot (2^17 messages in one millisecond) to the undated key, which is always the
// message's own. Dates are clamped to +-2^45 ms (years 855 to 3084): beyond them the order
// among the clamped messages is the order they were cached in. The keys are an order only:
// SearchIndex still sorts the page it returns by date.
class SearchKey
{
public:
    static constexpr int tieBits = 17;
    static constexpr qint64 tieCount = qint64(1) << tieBits;
    static constexpr qint64 latestDate = (qint64(1) << 45) - 1;
    static constexpr qint64 earliestDate = -(qint64(1) << 45);
    static constexpr qint64 undatedBase = std::numeric_limits<qint64>::min() + 1;

    // The key the message would get in an empty index.
    static qint64 preferred(const QDateTime &date, qint64 messageId);
    static qint64 undated(qint64 messageId) { return undatedBase + messageId; }
    // The first key of the slot the date's keys share (undated: undatedBase).
    static qint64 slotStart(const QDateTime &date);
    // Whether `key` sits in the slot of `date` (an update that changes a message's date
    // re-keys it only when it does not).
    static bool inSlot(qint64 key, const QDateTime &date);

    // A free key for the message, preferring preferred(). `taken(key)` says whether the index
    // has a row there and `takenIn(first, last)` lists the keys used in that range, each
    // std::nullopt on a database error (then so is the result).
    template<typename Taken, typename TakenIn>
    static std::optional<qint64> choose(const QDateTime &date, qint64 messageId, Taken taken,
                                        TakenIn takenIn)
    {
        const qint64 wanted = preferred(date, messageId);
        const std::optional<bool> busy = taken(wanted);
        if (!busy)
            return std::nullopt;
        if (!*busy)
            return wanted;
        if (!date.isValid())
            return wanted; // the message's own key: a row there is a stale one, replaced
        const qint64 first = slotStart(date);
        const std::optional<QSet<qint64>> used = takenIn(first, first + tieCount - 1);
        if (!used)
            return std::nullopt;
        for (qint64 step = 1; step < tieCount; ++step) {
            const qint64 key = first + (wanted - first + step) % tieCount;
            if (!used->contains(key))
                return key;
        }
        return undated(messageId);
    }

    // The keys the index uses in [first, last] (choose()'s takenIn through QtSql).
    static std::optional<QSet<qint64>> keysIn(const QSqlDatabase &db, qint64 first, qint64 last,
                                              QSqlError *error);
    // choose() through QtSql on `db` (the paths that write a few rows).
    static std::optional<qint64> allocate(const QSqlDatabase &db, const QDateTime &date,
                                          qint64 messageId, QSqlError *error);
};

} // namespace magpie::store
