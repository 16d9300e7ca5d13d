// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/CopyUid.h"

namespace magpie::imap {

namespace {

// A uid-set as written (RFC 4315 s4: uid-set = (uniqueid / uid-range) *("," uid-set), a range
// meaning every value between its ends "regardless of order"), expanded in the written order:
// COPYUID pairs the n-th source UID with the n-th destination UID (RFC 4315 s3), which a
// sorted UidSet would lose for a server that writes "5,3".
std::optional<QList<quint32>> expandInOrder(QByteArrayView text, quint64 limit)
{
    QList<quint32> out;
    if (text.isEmpty())
        return std::nullopt;
    const auto number = [](QByteArrayView digits) -> quint32 {
        if (digits.isEmpty() || digits.size() > 10)
            return 0;
        quint64 value = 0;
        for (const char c : digits) {
            if (c < '0' || c > '9')
                return 0;
            value = value * 10 + quint64(c - '0');
        }
        return value > 0xffffffffULL ? 0 : quint32(value);
    };
    for (const QByteArrayView element : QByteArray(text.data(), text.size()).split(',')) {
        const qsizetype colon = element.indexOf(':');
        const quint32 first = number(colon < 0 ? element : element.first(colon));
        const quint32 last = colon < 0 ? first : number(element.sliced(colon + 1));
        if (first == 0 || last == 0)
            return std::nullopt;
        const quint32 low = qMin(first, last), high = qMax(first, last);
        if (quint64(out.size()) + (quint64(high) - low + 1) > limit)
            return std::nullopt;
        for (quint64 uid = low; uid <= high; ++uid)
            out.append(quint32(uid));
    }
    return out;
}

} // namespace

UidSet CopyUid::sourceUids() const
{
    UidSet set;
    for (const auto &pair : pairs)
        set.add(pair.first);
    return set;
}

UidSet CopyUid::destinationUids() const
{
    UidSet set;
    for (const auto &pair : pairs)
        set.add(pair.second);
    return set;
}

quint32 CopyUid::destinationOf(quint32 sourceUid) const
{
    for (const auto &pair : pairs) {
        if (pair.first == sourceUid)
            return pair.second;
    }
    return 0;
}

std::optional<CopyUid> CopyUid::fromCode(const ResponseCode &code, quint64 limit)
{
    if (code.name != "COPYUID")
        return std::nullopt;
    // The raw text, not the leniently parsed values: "304,319:320" is one token however a
    // parser types it.
    const QList<QByteArray> words = code.rawArguments.simplified().split(' ');
    if (words.size() != 3)
        return std::nullopt;
    bool ok = false;
    const quint32 uidValidity = words.at(0).toUInt(&ok);
    if (!ok || uidValidity == 0)
        return std::nullopt;
    const auto sources = expandInOrder(words.at(1), limit);
    const auto destinations = expandInOrder(words.at(2), limit);
    if (!sources || !destinations || sources->size() != destinations->size())
        return std::nullopt;
    CopyUid result;
    result.uidValidity = uidValidity;
    result.pairs.reserve(sources->size());
    for (qsizetype i = 0; i < sources->size(); ++i)
        result.pairs.append({ sources->at(i), destinations->at(i) });
    return result;
}

} // namespace magpie::imap
