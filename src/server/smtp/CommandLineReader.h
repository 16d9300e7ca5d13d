// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

#include <optional>

namespace magpie::server {

// Cuts a line-based protocol's input (SMTP commands, POP3 commands) into lines, with bounded
// memory: a line longer than the limit is reported once and its bytes thrown away up to its
// end. Lines end with CRLF; a bare LF is taken as a line end too (RFC 5321 s2.3.8 asks for
// CRLF, but a command has no use for a bare LF, so there is nothing to smuggle), and the CR
// before it is dropped. Message content is never read through here: SmtpDataReader takes
// the bytes after DATA.
class CommandLineReader
{
public:
    struct Line
    {
        QByteArray text; // without the line end
        bool tooLong = false;
    };

    explicit CommandLineReader(qsizetype maxLineLength);

    void append(QByteArrayView bytes);
    // The next complete line, if there is one.
    std::optional<Line> next();
    // The bytes not yet returned as lines (the start of DATA content, say); empties the reader.
    QByteArray takeBuffered();
    // Throws away what is buffered (pipelined bytes after STARTTLS, RFC 3207 s4.2).
    void clear();
    qsizetype bufferedSize() const { return m_buffer.size() - m_start; }

private:
    void dropBuffer();

    QByteArray m_buffer;
    qsizetype m_start = 0; // bytes before this are already taken
    qsizetype m_scanned = 0; // no LF between m_start and here
    qsizetype m_maxLineLength;
    bool m_skipping = false; // inside an over-long line already reported
};

} // namespace magpie::server
