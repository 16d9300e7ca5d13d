// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/UidSet.h"

#include <algorithm>
#include <limits>

namespace magpie::imap {

namespace {

using Range = std::pair<quint32, quint32>;

// Sorts ranges and joins those that overlap or touch ("1:3,4:6" is "1:6").
QList<Range> normalized(QList<Range> ranges)
{
    std::sort(ranges.begin(), ranges.end());
    QList<Range> merged;
    merged.reserve(ranges.size());
    for (const Range &range : ranges) {
        if (!merged.isEmpty() && quint64(range.first) <= quint64(merged.last().second) + 1)
            merged.last().second = std::max(merged.last().second, range.second);
        else
            merged.append(range);
    }
    return merged;
}

// nz-number (RFC 3501 s9): 1 to 2^32-1, no sign, no "*".
std::optional<quint32> nzNumber(QByteArrayView digits)
{
    if (digits.isEmpty() || digits.size() > 10)
        return std::nullopt;
    quint64 n = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        n = n * 10 + quint64(c - '0');
    }
    if (n == 0 || n > std::numeric_limits<quint32>::max())
        return std::nullopt;
    return quint32(n);
}

} // namespace

// UID and sequence number 0 do not exist (RFC 3501 s2.3.1): a 0 given here is ignored.
UidSet UidSet::fromUids(QList<quint32> uids)
{
    QList<Range> ranges;
    ranges.reserve(uids.size());
    for (const quint32 uid : uids) {
        if (uid != 0)
            ranges.append({ uid, uid });
    }
    UidSet set;
    set.m_ranges = normalized(std::move(ranges));
    return set;
}

UidSet UidSet::range(quint32 first, quint32 last)
{
    UidSet set;
    set.add(first, last);
    return set;
}

std::optional<UidSet> UidSet::parse(QByteArrayView text)
{
    if (text.isEmpty())
        return std::nullopt;
    QList<Range> ranges;
    qsizetype from = 0;
    while (from <= text.size()) {
        qsizetype comma = text.indexOf(',', from);
        if (comma < 0)
            comma = text.size();
        const QByteArrayView element = text.sliced(from, comma - from);
        const qsizetype colon = element.indexOf(':');
        const auto first = nzNumber(colon < 0 ? element : element.first(colon));
        const auto last = colon < 0 ? first : nzNumber(element.sliced(colon + 1));
        if (!first || !last)
            return std::nullopt;
        // RFC 3501 s9 seq-range: "2:4" and "4:2" are the same.
        ranges.append({ std::min(*first, *last), std::max(*first, *last) });
        from = comma + 1;
    }
    UidSet set;
    set.m_ranges = normalized(std::move(ranges));
    return set;
}

void UidSet::add(quint32 uid)
{
    add(uid, uid);
}

void UidSet::add(quint32 first, quint32 last)
{
    if (first > last)
        std::swap(first, last);
    if (first == 0)
        first = 1;
    if (last == 0)
        return;
    // The ranges that overlap or touch [first, last] are replaced by their union.
    auto begin = std::lower_bound(
        m_ranges.begin(), m_ranges.end(), first,
        [](const Range &range, quint32 value) { return quint64(range.second) + 1 < value; });
    auto end = begin;
    while (end != m_ranges.end() && quint64(end->first) <= quint64(last) + 1) {
        first = std::min(first, end->first);
        last = std::max(last, end->second);
        ++end;
    }
    const auto index = begin - m_ranges.begin();
    m_ranges.erase(begin, end);
    m_ranges.insert(index, { first, last });
}

bool UidSet::contains(quint32 uid) const
{
    const auto it =
        std::lower_bound(m_ranges.cbegin(), m_ranges.cend(), uid,
                         [](const Range &range, quint32 value) { return range.second < value; });
    return it != m_ranges.cend() && it->first <= uid;
}

quint64 UidSet::count() const
{
    quint64 total = 0;
    for (const Range &range : m_ranges)
        total += quint64(range.second) - range.first + 1;
    return total;
}

QList<quint32> UidSet::toList() const
{
    QList<quint32> uids;
    uids.reserve(qsizetype(std::min<quint64>(count(), 1 << 20)));
    for (const Range &range : m_ranges) {
        for (quint64 uid = range.first; uid <= range.second; ++uid)
            uids.append(quint32(uid));
    }
    return uids;
}

QByteArray UidSet::toImap() const
{
    QByteArray text;
    for (const Range &range : m_ranges) {
        if (!text.isEmpty())
            text += ',';
        text += QByteArray::number(range.first);
        if (range.second != range.first)
            text += ':' + QByteArray::number(range.second);
    }
    return text;
}

} // namespace magpie::imap
