// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapResponse.h"
#include "net/imap/ImapValueReader.h"

#include <QByteArray>
#include <QByteArrayView>
#include <QList>

#include <optional>
#include <vector>

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
    void frame();
    bool frameLine();
    void acceptLine(QByteArrayView line);
    void takeLiteral(QByteArrayView bytes);
    void frameLiteral();
    void lineTooLong(QByteArrayView lineStart, bool lineEnded);
    void resetFrame();
    void compact();
    ImapResponse parseFrame();

    // Received and not yet framed: the bytes from m_start on.
    QByteArray m_buffer;
    qsizetype m_start = 0;
    // How far past m_start the current line was already searched for its LF, so a line that
    // arrives in many pieces is scanned once.
    qsizetype m_scanned = 0;
    qsizetype m_maximumLineLength = 1 << 20;

    // The response being framed: its lines as received (literals cut out), the literals, and
    // where in m_text each literal was cut.
    QByteArray m_text;
    qsizetype m_textContent = 0; // line bytes without line ends, held against the limit
    QList<QByteArray> m_literals;
    QList<qsizetype> m_literalAt;
    qsizetype m_literalBytes = 0;
    quint64 m_literalRemaining = 0;
    bool m_inLiteral = false;
    bool m_complete = false; // m_text/m_literals hold one whole response
    bool m_skipping = false; // dropping the rest of an overlong line up to its LF
    std::optional<ImapResponse> m_ready; // the Malformed response for an overlong line
    std::vector<ImapValue> m_scratch;    // ImapValueReader's list elements, kept for reuse
    ImapValueReader::RecentWords m_recentWords; // strings that recur from response to response
};

} // namespace magpie::imap
