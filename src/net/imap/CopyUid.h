// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapResponse.h"
#include "net/imap/UidSet.h"

#include <QList>

#include <optional>
#include <utility>

namespace magpie::imap {

// What a server with UIDPLUS says after COPY or MOVE: "[COPYUID 38505 304,319:320 3956:3958]"
// (RFC 4315 s3, RFC 6851 s4.3): the destination's UIDVALIDITY and, pair by pair in the order
// written, which new UID each copied message got there. So the caller can put the copies in
// its cache without fetching them again.
struct CopyUid
{
    quint32 uidValidity = 0;
    // (source UID, destination UID), in the order the server wrote the sets.
    QList<std::pair<quint32, quint32>> pairs;

    UidSet sourceUids() const;
    UidSet destinationUids() const;
    // The new UID of `sourceUid` in the destination, or 0 when the server did not say.
    quint32 destinationOf(quint32 sourceUid) const;

    // Nothing when `code` is not a well-formed COPYUID: not that name, a zero UIDVALIDITY or
    // UID, or two sets of different sizes (then no pair can be trusted). `limit` bounds how
    // many pairs are expanded: a server cannot make the client allocate more than the
    // messages it asked to copy.
    static std::optional<CopyUid> fromCode(const ResponseCode &code, quint64 limit);
};

} // namespace magpie::imap
