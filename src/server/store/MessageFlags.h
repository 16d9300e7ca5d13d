// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

namespace magpie::server {

// The flags of one message in the one order every backend reports them, so that a FETCH
// FLAGS answer reads the same from memory and from a Maildir and after a restart: the system
// flags \Answered \Flagged \Deleted \Seen \Draft (in that order, spelled so), then $Forwarded,
// then the other keywords in the order they were first set. Flags compare case-insensitively
// (RFC 3501 s2.3.2); a keyword keeps the spelling it was first set with.
class MessageFlags
{
public:
    // Drops \Recent (a session state, not a stored flag: RFC 3501 s2.3.2), other backslash
    // flags the store does not know (RFC 3501 s7.2.6 lets only the five system flags be
    // stored), anything that is not an atom, and repeats.
    static QList<QByteArray> canonical(const QList<QByteArray> &flags);

    // STORE FLAGS / +FLAGS / -FLAGS (RFC 3501 s6.4.6) applied to canonical `current`.
    static QList<QByteArray> apply(const QList<QByteArray> &current, FlagOperation operation,
                                   const QList<QByteArray> &flags);

    static bool contains(const QList<QByteArray> &flags, QByteArrayView flag);
    // Same flags, ignoring case.
    static bool same(const QList<QByteArray> &a, const QList<QByteArray> &b);
    static bool isSystemFlag(QByteArrayView flag);
    // The flags that are not system flags (keywords, $Forwarded included), in order.
    static QList<QByteArray> keywords(const QList<QByteArray> &flags);
};

} // namespace magpie::server
