// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QList>

#include <optional>

namespace magpie::server {

// An IMAP sequence set (RFC 3501 s9, "sequence-set"): "1:4,7,9:*". The numbers are message
// sequence numbers or UIDs, as the command says; "*" is the largest one in use, and "n:m"
// is the same as "m:n".
class SequenceSet
{
public:
    struct Range
    {
        quint32 first = 0; // 0 stands for "*"
        quint32 last = 0;
    };

    static std::optional<SequenceSet> parse(QByteArrayView text);

    // Whether `number` is in the set when "*" stands for `largest`.
    bool contains(quint32 number, quint32 largest) const;
    // The members of `sorted` (ascending) that are in the set, in ascending order.
    QList<quint32> select(const QList<quint32> &sorted) const;
    const QList<Range> &ranges() const { return m_ranges; }
    bool isEmpty() const { return m_ranges.isEmpty(); }

    // The compact form, "1:3,5", for UIDPLUS response codes (RFC 4315 s3). `numbers` sorted.
    static QByteArray format(const QList<quint32> &numbers);

private:
    QList<Range> m_ranges;
};

} // namespace magpie::server
