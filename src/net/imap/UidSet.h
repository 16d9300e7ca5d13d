// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>
#include <utility>

namespace magpie::imap {

// A set of UIDs (or sequence numbers) as IMAP writes them: "1:5,7,9:12" (RFC 3501 s9
// sequence-set), kept as sorted, merged, non-overlapping ranges. Used for commands (UID FETCH,
// STORE, COPY, MOVE, EXPUNGE) and for what servers send (VANISHED, COPYUID, ESEARCH ALL).
class UidSet
{
public:
    UidSet() = default;
    static UidSet fromUids(QList<quint32> uids);
    static UidSet range(quint32 first, quint32 last);
    // Parses a set without "*"; nothing when malformed (0, garbage, overflow). A range written
    // backwards ("7:3") means the same as "3:7" (RFC 3501 s9).
    static std::optional<UidSet> parse(QByteArrayView text);

    void add(quint32 uid);
    void add(quint32 first, quint32 last);
    bool contains(quint32 uid) const;
    bool isEmpty() const { return m_ranges.isEmpty(); }
    quint64 count() const;
    QList<quint32> toList() const;             // expands; careful with huge sets
    const QList<std::pair<quint32, quint32>> &ranges() const { return m_ranges; }
    QByteArray toImap() const;                 // "1:5,7"; empty for an empty set

    bool operator==(const UidSet &other) const { return m_ranges == other.m_ranges; }

private:
    QList<std::pair<quint32, quint32>> m_ranges;
};

} // namespace magpie::imap
