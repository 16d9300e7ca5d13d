// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QChar>
#include <QString>
#include <QtGlobal>

namespace magpie::store {

// What a folder is for: from SPECIAL-USE (RFC 6154), INBOX, or Magpie's own local folders.
enum class FolderRole {
    None,
    Inbox,
    Drafts,
    Sent,
    Trash,
    Junk,
    Archive,
    All,
    Flagged,
};

// One folder of one account as the cache knows it (schema: folders).
struct FolderRecord
{
    qint64 id = 0;
    QString accountId;
    QString path;           // decoded full name, "Lists/Qt" with the server's delimiter
    QByteArray serverName;  // the mailbox name as on the wire (IMAP); empty for local folders
    QChar delimiter;        // hierarchy delimiter; null for a flat namespace
    FolderRole role = FolderRole::None;
    bool selectable = true; // false for \Noselect / \NonExistent parents
    bool local = false;     // only in this cache: a POP3 account's Inbox and Sent
    // The IMAP state that decides how to resync (RFC 3501 s2.3.1.1, RFC 7162 s3.1.2.1).
    quint32 uidValidity = 0;
    quint32 uidNext = 0;
    quint64 highestModSeq = 0;
    // Counted from the cached messages (never the server's STATUS), so they agree with the
    // message list; filled by FolderStore's reads.
    int total = 0;
    int unread = 0;

    // The last path element: "Qt" for "Lists/Qt".
    QString displayName() const;
    // "Lists" for "Lists/Qt"; empty for a top-level folder.
    QString parentPath() const;
};

} // namespace magpie::store
