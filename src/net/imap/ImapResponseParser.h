// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapResponse.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>

namespace magpie::imap {

// Incremental IMAP response parser (DESIGN.md: bytes in, responses out). Feed it whatever the
// connection delivered, in any split; take complete responses out with next().
//
// - Literals ({n}, {n+}, literal8 ~{n}) of any size: their bytes are moved into the value as
//   they arrive, not copied a second time, and nothing is allocated from the announced length
//   (a server can announce 4 GB and send nothing); the length is never trusted beyond the
//   bytes that really came.
// - NIL wherever a string may be; server quirks are tolerated (Dovecot, Gmail, Exchange,
//   Cyrus: unquoted mailbox names with odd characters, "[Gmail]/..." names, missing text after
//   a status, extra spaces, lower-case keywords, "* OK" without a text).
// - A response that cannot be parsed comes out as Kind::Malformed with errorText (and its tag
//   when one could be read); the parser then skips to the next line and goes on, so one bad
//   response fails one command, never the session.
class ImapResponseParser
{
public:
    void feed(QByteArrayView bytes);
    // The next complete response, or nothing until more bytes are fed.
    std::optional<ImapResponse> next();

    // Bytes received but not yet part of a complete response.
    qsizetype bufferedBytes() const;
    // STARTTLS / COMPRESS: hands back (and forgets) everything buffered and not yet returned,
    // so the session can drop it (RFC 2595 s3.1) or pass it to the inflater (RFC 4978).
    QByteArray takeBuffered();

    // A line longer than this (not counting literals) is Malformed; default 1 MiB.
    void setMaximumLineLength(qsizetype bytes);

private:
    struct State;
    // (implementation state: buffer, scan position, literal in progress ...)
    QByteArray m_buffer;
    qsizetype m_scanned = 0;
    qsizetype m_maximumLineLength = 1 << 20;
    QList<QByteArray> m_literals;
    quint64 m_literalRemaining = 0;
    bool m_inLiteral = false;
};

} // namespace magpie::imap
