// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace magpie::mime {
class HeaderBlock;
}

namespace magpie::server {

// The ENVELOPE of a message or of an enclosed message/rfc822 (RFC 3501 s7.4.2).
class ImapEnvelope
{
public:
    // Appends "(date subject from sender reply-to to cc bcc in-reply-to message-id)".
    // - date, subject, in-reply-to, message-id: the first such field, unfolded (the line
    //   breaks of folds removed, RFC 5322 s2.2.3) and trimmed, as raw bytes; NIL when absent.
    // - address fields: every field of that name, in order (a message with two To lines
    //   has both lists), as EnvelopeAddress parses them; NIL when absent or empty.
    // - sender and reply-to are the from list when absent or empty (RFC 3501 s7.4.2).
    static void write(const mime::HeaderBlock &headers, QByteArray &out);
};

} // namespace magpie::server
