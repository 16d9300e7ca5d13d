// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"

#include <QList>
#include <QString>

namespace magpie::server {

// What the store keeps in memory about one mailbox, whichever backend holds the messages:
// the records in UID order and, beside each, where the backend keeps its bytes (a Maildir
// file name such as "cur/1712.M5P9Q3.host,S=812:2,S", or a key of the memory backend).
struct MailboxIndex
{
    QString name;
    SpecialUse specialUse = SpecialUse::None;
    quint32 uidValidity = 0;
    Uid uidNext = 1;
    // The lowest UID reserved for a delivery still being written (0: none). UIDs from here on
    // may still turn up in file names, so a rewritten UID list says this as its UIDNEXT.
    Uid firstReserved = 0;
    QList<MessageRecord> records; // ascending UIDs; handed out implicitly shared
    QList<QString> locations; // locations[i] holds records[i]
    // RFC 3501 s2.3.2: arrived since any session last claimed them; ascending.
    QList<Uid> unclaimedRecent;

    // The position of `uid` in records, or -1.
    qsizetype indexOf(Uid uid) const;
    // Positions of those `uids` that exist, in the order given, each once.
    QList<qsizetype> positionsOf(const QList<Uid> &uids) const;
    int unseen() const;
    // Appends a record whose UID is uidNext, and advances uidNext.
    Uid appendRecord(MessageRecord record, const QString &location, bool recent = true);
    // Appends a record whose UID was reserved earlier (below uidNext, above every record's).
    void appendReserved(MessageRecord record, const QString &location);
    // Removes the records at `positions` (any order).
    void removePositions(QList<qsizetype> positions);
};

// One user's mail as the store keeps it in memory.
struct UserMail
{
    QString address; // lower-cased
    QList<MailboxIndex> mailboxes; // INBOX first, then by name
    QStringList subscriptions; // sorted; may name mailboxes that no longer exist
    quint32 lastUidValidity = 0; // never handed out twice (RFC 3501 s2.3.1.1)
    bool maildropLocked = false; // RFC 1939 s8

    MailboxIndex *find(const QString &name);
    const MailboxIndex *find(const QString &name) const;
    // Keeps INBOX first and the rest sorted by name.
    void insert(MailboxIndex mailbox);
    bool hasChildren(const QString &name) const;
    // A new UIDVALIDITY: larger than every earlier one of this user, and (as Dovecot does) at
    // least the current time, so even a user whose directory was removed and made again never
    // sees an old value come back.
    quint32 nextUidValidity();
};

} // namespace magpie::server
