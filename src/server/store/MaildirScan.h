// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/store/MailboxIndex.h"
#include "server/store/UidList.h"

namespace magpie::server {

// Reads one Maildir folder when the store opens: its UidList and the files in new/ and cur/,
// reconciled. A listed file that is gone (removed by another program) loses its entry; a file
// without a UID (dropped in by another program, or left by a crash after the rename into new/
// but before the UID list was synced) gets the next UID, in file name order, which for
// Maildir names is delivery order. Files in new/ count as \Recent, as in Dovecot.
class MaildirScan
{
public:
    // Fills `mailbox` (all but its name). Its uidValidity stays 0 when the folder had no UID
    // list. `*changed` says whether the list on disk must be rewritten.
    static StoreError scan(const QString &folder, MailboxIndex *mailbox, bool *changed);

    // The UID list that describes `mailbox`.
    static UidList listOf(const MailboxIndex &mailbox);
};

} // namespace magpie::server
