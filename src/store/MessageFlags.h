// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArrayList>
#include <QtGlobal>

namespace magpie::store {

// A message's flags as the cache keeps them: the system flags and the common keywords as
// bits (so SQL can filter and sort on them), any other keyword by name. \Recent is never
// kept: it belongs to one session (RFC 3501 s2.3.2).
struct MessageFlags
{
    enum Flag : quint32 {
        Seen = 0x1,
        Answered = 0x2,
        Flagged = 0x4,
        Deleted = 0x8,
        Draft = 0x10,
        Forwarded = 0x20, // $Forwarded (RFC 5550 s2.8)
        Junk = 0x40,      // $Junk
        NotJunk = 0x80,   // $NotJunk
        MdnSent = 0x100,  // $MDNSent (RFC 3503)
    };

    quint32 bits = 0;
    QByteArrayList keywords; // other keywords, as the server spelled them, sorted

    bool has(Flag flag) const { return (bits & flag) != 0; }
    void set(Flag flag, bool on = true) { bits = on ? (bits | flag) : (bits & ~quint32(flag)); }

    // From a FETCH FLAGS list; case-insensitive for the system flags (RFC 3501 s2.3.2).
    static MessageFlags fromImap(const QByteArrayList &flags);
    // For STORE and APPEND: "\Seen", "$Forwarded", ..., then the other keywords.
    QByteArrayList toImap() const;

    bool operator==(const MessageFlags &other) const
    {
        return bits == other.bits && keywords == other.keywords;
    }
    bool operator!=(const MessageFlags &other) const { return !(*this == other); }
};

} // namespace magpie::store
