// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/MessagePart.h"

#include <QByteArray>

#include <memory>

namespace magpie::mime {

// Builds the MIME tree of a message in one pass over its bytes (RFC 2045, RFC 2046).
// Tolerant: missing closing boundaries, missing boundary parameters, stray header lines and
// absurd nesting are repaired with a warning on the part concerned; nothing throws or crashes.
class MessageParser
{
public:
    // Nesting beyond this many levels is kept as an opaque leaf (a crafted message must not
    // exhaust the stack).
    static constexpr int kMaxDepth = 48;

    static std::unique_ptr<MessagePart> parse(const QByteArray &data);

private:
    // How many bytes decoding enclosed messages may still produce: nested base64 or
    // quoted-printable messages must not multiply a small input into gigabytes.
    struct Budget
    {
        qsizetype decodedBytesLeft = 0;
    };

    static std::unique_ptr<MessagePart> parsePart(const QByteArray &data, qsizetype from,
                                                  qsizetype to, bool digestDefault, int depth,
                                                  const MessagePart *parent, Budget &budget);
    static void splitMultipart(MessagePart &part, int depth, Budget &budget);
    static void parseEnclosed(MessagePart &part, int depth, Budget &budget);
    static void assignPaths(MessagePart &part, const QString &path);
};

} // namespace magpie::mime
