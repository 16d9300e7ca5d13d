// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/imap/ImapCommand.h"

#include <QByteArray>

namespace magpie::mime {
class Message;
}

namespace magpie::server {

// What FETCH returns about a message's contents (RFC 3501 s7.4.2), computed from src/mime's
// parse of the stored bytes.
class ImapFetch
{
public:
    // ENVELOPE: "(date subject from sender reply-to to cc bcc in-reply-to message-id)".
    // Header values as they are on the wire (unfolded); sender and reply-to default to from
    // (RFC 3501 s7.4.2); groups as RFC 3501 describes them.
    static QByteArray envelope(const mime::Message &message);
    // BODYSTRUCTURE (extensible = true) or BODY (extensible = false), for the whole tree.
    static QByteArray bodyStructure(const mime::Message &message, bool extensible);
    // The bytes of BODY[section], before <partial> is applied; empty (and `exists` false)
    // for a part number that is not there (the response then carries "").
    static QByteArray section(const mime::Message &message, const BodySection &section,
                              bool *exists = nullptr);
    // Applies <origin.length> (RFC 3501 s6.4.5: an origin past the end gives "").
    static QByteArray partial(const QByteArray &bytes, const BodySection &section);
};

} // namespace magpie::server
