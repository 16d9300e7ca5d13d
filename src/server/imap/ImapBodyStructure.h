// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>

namespace magpie::mime {
class MessagePart;
}

namespace magpie::server {

// BODYSTRUCTURE and BODY (RFC 3501 s7.4.2, RFC 9051 s7.5.2) of a MIME tree, in the shape
// Dovecot writes: type and subtype lower case; text parts without a charset get
// ("charset" "us-ascii") (RFC 2045 s5.2); sizes are the body's octets as stored; text and
// message/rfc822 lines count the body's LFs (nothing is decoded); extension data is md5,
// disposition, language and location for a single part, parameters, disposition,
// language and location for a multipart.
//
// Where src/mime repaired the structure, the description follows the repair, so that what a
// client fetches by part number is what it was told is there:
// - a multipart whose boundary is missing or never appears is one text/plain body;
// - a message/rfc822 nested too deep to be opened is application/octet-stream;
// - a part with an unknown transfer encoding is application/octet-stream (RFC 2045 s6.4);
// - message/global is described as a plain single part: RFC 3501's grammar gives the
//   envelope form only to message/rfc822, and IMAP4rev1 clients parse by that grammar.
// Parameter values are decoded (RFC 2231 continuations joined, encoded words in quoted
// values decoded); a value that is not printable ASCII is written back as one RFC 2231
// parameter, name*="utf-8''%E2%82%AC", which every client that reads RFC 2231 understands
// and no 8-bit byte reaches a client that did not ask for UTF-8.
class ImapBodyStructure
{
public:
    static void write(const mime::MessagePart &part, bool extensible, QByteArray &out);
};

} // namespace magpie::server
