// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapResponse.h"
#include "net/imap/UidSet.h"

#include <QByteArrayList>
#include <QSet>
#include <QString>

#include <optional>

namespace magpie::imap::untagged {

// Readers for the untagged data that both the session and its jobs look at.

// CAPABILITY data or a [CAPABILITY ...] code's arguments, upper-cased (RFC 3501 s7.2.1).
QSet<QByteArray> capabilities(const QList<ImapValue> &values);
QSet<QByteArray> capabilities(const ResponseCode &code);

// A parenthesized flag list: FLAGS (RFC 3501 s7.2.6), [PERMANENTFLAGS (...)], as sent.
QByteArrayList flagList(const ImapValue &list);

// VANISHED [(EARLIER)] known-uids (RFC 7162 s3.2.10); nothing when the set is unreadable.
struct Vanished
{
    UidSet uids;
    bool earlier = false;
};
std::optional<Vanished> vanished(const ImapResponse &response);

// A mailbox name as the server wrote it, decoded: UTF-8 once UTF8=ACCEPT is enabled
// (RFC 6855 s3), else modified UTF-7 (RFC 3501 s5.1.3); a name that is not valid modified
// UTF-7 (some servers send raw UTF-8 anyway) is shown as UTF-8 rather than guessed at.
// INBOX is case-insensitive (RFC 3501 s5.1) and comes back as "INBOX".
QString mailboxName(const QByteArray &wire, bool utf8Accepted);

} // namespace magpie::imap::untagged
