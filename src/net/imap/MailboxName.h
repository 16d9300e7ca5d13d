// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

#include <optional>

namespace magpie::imap {

// Mailbox names on the wire are "modified UTF-7" (RFC 3501 s5.1.3): printable ASCII stands for
// itself, "&" is written "&-", and other characters are UTF-16 in a modified base64 between
// "&" and "-". A server (ours or another) and the client both use these two functions.
class MailboxName
{
public:
    static QByteArray encode(const QString &name);

    // Returns nothing for bytes that are not valid modified UTF-7: non-printable or 8-bit
    // bytes, an unterminated or empty shift, base64 for printable ASCII (which must be sent
    // as itself), a leftover of non-zero bits, or a lone UTF-16 surrogate. A client shows such
    // a name raw rather than guessing; a server answers the command with BAD or NO.
    static std::optional<QString> decode(QByteArrayView wire);
};

} // namespace magpie::imap
