// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

#include <optional>

namespace magpie::server {

// Where a mailbox lives in a user's Maildir++ directory, so that other Maildir programs
// (Dovecot, Courier, mutt, mbsync) find the same folders: INBOX is the Maildir itself, every
// other mailbox a directory "." + its levels joined by "." ("Work/2024" is ".Work.2024").
// Each level is written in modified UTF-7 (RFC 3501 s5.1.3), as Dovecot and Courier write
// folder names, so the directory name is ASCII; a "." or "%" inside a level, which would
// otherwise split it or clash with this escape, is written "%2E" or "%25".
class MaildirName
{
public:
    // The directory name below the user's Maildir ("" for INBOX), or nothing when the
    // name is too long for one directory name (NAME_MAX, 255 bytes).
    static std::optional<QString> directoryOf(const QString &mailbox);
    // The mailbox a directory name stands for, or nothing when it is not one of ours
    // (not starting with ".", an empty level, a bad escape or bad modified UTF-7).
    static std::optional<QString> mailboxOf(const QString &directory);
};

} // namespace magpie::server
