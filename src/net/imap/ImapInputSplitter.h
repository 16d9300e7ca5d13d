// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace magpie::net {
class ProtocolLog;
}

namespace magpie::imap {

// Cuts what an IMAP server sends into the pieces the session feeds to its parser one at a
// time: a line (up to and including LF) or a piece of a literal. Feeding line by line lets
// the session act on a STARTTLS or COMPRESS go-ahead before a byte after it is parsed
// (RFC 2595 s3.1, RFC 4978 s3). On the way it writes the protocol log: lines as received,
// a literal's contents only as "{N bytes}", so no message content reaches the log.
//
// The literal sizes read here serve the log alone and never allocate anything; the parser
// decides for itself what is a literal.
class ImapInputSplitter
{
public:
    explicit ImapInputSplitter(net::ProtocolLog *log);

    // How many bytes at the start of `bytes` form the next piece (never 0 for non-empty
    // input); logs what that piece completes.
    qsizetype take(QByteArrayView bytes);
    // Forgets a partial line or literal (after STARTTLS or COMPRESS).
    void reset();

    // The size of the literal announced at the end of `line` ("{12}", "{12+}", "~{12}"),
    // CRLF optional.
    static std::optional<quint64> literalAtEnd(QByteArrayView line);

private:
    void expectLiteral(std::optional<quint64> size);

    net::ProtocolLog *m_log;
    QByteArray m_line; // the line so far, for the log (cut short when huge)
    QByteArray m_tail; // its last bytes, to see a literal announcement however long it is
    quint64 m_literalRemaining = 0;
    quint64 m_literalSize = 0;
};

} // namespace magpie::imap
