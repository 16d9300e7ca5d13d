// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/SequenceSet.h"

#include <algorithm>
#include <limits>
#include <utility>

namespace magpie::server {

namespace {

// seq-number = nz-number / "*" (RFC 3501 s9); nz-number is 1 to 2^32 - 1 with no leading
// zero. Returns nothing for anything else; 0 stands for "*".
std::optional<quint32> parseSeqNumber(QByteArrayView text)
{
    if (text == "*")
        return 0u;
    if (text.isEmpty() || text.front() < '1' || text.front() > '9')
        return std::nullopt;
    quint64 value = 0;
    for (const char c : text) {
        if (c < '0' || c > '9')
            return std::nullopt;
        value = value * 10 + quint64(c - '0');
        if (value > std::numeric_limits<quint32>::max())
            return std::nullopt;
    }
    return quint32(value);
}

// Both ends as numbers, "*" being `largest`, lower one first.
std::pair<quint32, quint32> resolve(const SequenceSet::Range &range, quint32 largest)
{
    const quint32 first = range.first == 0 ? largest : range.first;
    const quint32 last = range.last == 0 ? largest : range.last;
    return std::minmax(first, last);
}

} // namespace

std::optional<SequenceSet> SequenceSet::parse(QByteArrayView text)
{
    if (text.isEmpty())
        return std::nullopt;
    SequenceSet set;
    qsizetype start = 0;
    while (start <= text.size()) {
        qsizetype comma = text.indexOf(',', start);
        if (comma < 0)
            comma = text.size();
        const QByteArrayView item = text.sliced(start, comma - start);
        const qsizetype colon = item.indexOf(':');
        Range range;
        if (colon < 0) {
            const auto number = parseSeqNumber(item);
            if (!number)
                return std::nullopt;
            range = { *number, *number };
        } else {
            const auto first = parseSeqNumber(item.first(colon));
            const auto last = parseSeqNumber(item.sliced(colon + 1));
            if (!first || !last)
                return std::nullopt;
            // "n:m" is "m:n" (RFC 3501 s9, seq-range). "*" is kept in `last` so that a range
            // reads "from a number up to the largest"; its order against the number is only
            // known once "*" has a value (RFC 3501 s6.4.8: "559:*" includes the last UID even
            // when that is below 559).
            if (*first == 0)
                range = { *last, *first };
            else if (*last != 0 && *last < *first)
                range = { *last, *first };
            else
                range = { *first, *last };
        }
        set.m_ranges.append(range);
        start = comma + 1;
    }
    return set;
}

bool SequenceSet::contains(quint32 number, quint32 largest) const
{
    return std::any_of(m_ranges.cbegin(), m_ranges.cend(), [&](const Range &range) {
        const auto [low, high] = resolve(range, largest);
        return number >= low && number <= high;
    });
}

QList<quint32> SequenceSet::select(const QList<quint32> &sorted) const
{
    QList<quint32> selected;
    if (sorted.isEmpty() || m_ranges.isEmpty())
        return selected;
    const quint32 largest = sorted.constLast();
    // Resolved, sorted and merged, so each member of `sorted` is found once and the work is
    // proportional to the ranges and the answer, not to the numbers the ranges span.
    QList<std::pair<quint32, quint32>> spans;
    spans.reserve(m_ranges.size());
    for (const Range &range : m_ranges)
        spans.append(resolve(range, largest));
    std::sort(spans.begin(), spans.end());
    auto from = sorted.cbegin();
    quint32 coveredUpTo = 0;
    bool anyCovered = false;
    for (const auto &[low, high] : spans) {
        if (anyCovered && high <= coveredUpTo)
            continue;
        const quint32 start = anyCovered && low <= coveredUpTo ? coveredUpTo + 1 : low;
        from = std::lower_bound(from, sorted.cend(), start);
        for (; from != sorted.cend() && *from <= high; ++from)
            selected.append(*from);
        coveredUpTo = high;
        anyCovered = true;
        if (from == sorted.cend())
            break;
    }
    return selected;
}

QByteArray SequenceSet::format(const QList<quint32> &numbers)
{
    QByteArray out;
    qsizetype i = 0;
    while (i < numbers.size()) {
        const quint32 first = numbers[i];
        quint32 last = first;
        ++i;
        // Runs of consecutive numbers (duplicates included) become "first:last".
        while (i < numbers.size() && (numbers[i] == last || numbers[i] == last + 1)) {
            last = numbers[i];
            ++i;
        }
        if (!out.isEmpty())
            out += ',';
        out += QByteArray::number(first);
        if (last != first) {
            out += ':';
            out += QByteArray::number(last);
        }
    }
    return out;
}

} // namespace magpie::server
