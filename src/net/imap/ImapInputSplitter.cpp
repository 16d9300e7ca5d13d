// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ImapInputSplitter.h"

#include "net/ProtocolLog.h"

#include <algorithm>

namespace magpie::imap {

namespace {
// A server line longer than this is logged cut short (the parser has its own, larger limit).
constexpr qsizetype kMaximumLoggedLine = 64 * 1024;
constexpr qsizetype kTail = 24; // enough for "~{18446744073709551615+}\r\n" minus the brace
} // namespace

ImapInputSplitter::ImapInputSplitter(net::ProtocolLog *log)
    : m_log(log)
{ }

qsizetype ImapInputSplitter::take(QByteArrayView bytes)
{
    if (bytes.isEmpty())
        return 0;
    if (m_literalRemaining > 0) {
        const qsizetype size =
            qsizetype(std::min<quint64>(m_literalRemaining, quint64(bytes.size())));
        m_literalRemaining -= quint64(size);
        if (m_literalRemaining == 0)
            m_log->serverData(qsizetype(m_literalSize));
        return size;
    }
    const qsizetype newline = bytes.indexOf('\n');
    const qsizetype size = newline < 0 ? bytes.size() : newline + 1;
    const QByteArrayView piece = bytes.first(size);
    const bool logging = m_log->isEnabled();
    if (newline >= 0 && m_line.isEmpty() && m_tail.isEmpty()) {
        // A whole line in one piece (the usual case): nothing to keep until the next call.
        // literalAtEnd() reads the same last bytes as it would from m_tail.
        if (logging)
            m_log->server(piece.first(std::min(piece.size(), kMaximumLoggedLine)).toByteArray());
        expectLiteral(literalAtEnd(piece));
        return size;
    }
    if (logging && m_line.size() < kMaximumLoggedLine)
        m_line += piece.first(std::min(piece.size(), kMaximumLoggedLine - m_line.size()));
    m_tail += piece.last(std::min(piece.size(), kTail));
    m_tail = m_tail.right(kTail);
    if (newline >= 0) {
        if (logging)
            m_log->server(m_line);
        expectLiteral(literalAtEnd(m_tail));
        m_line.clear();
        m_tail.clear();
    }
    return size;
}

void ImapInputSplitter::expectLiteral(std::optional<quint64> size)
{
    if (size && *size > 0) {
        m_literalRemaining = *size;
        m_literalSize = *size;
    }
}

void ImapInputSplitter::reset()
{
    m_line.clear();
    m_tail.clear();
    m_literalRemaining = 0;
    m_literalSize = 0;
}

std::optional<quint64> ImapInputSplitter::literalAtEnd(QByteArrayView line)
{
    if (line.endsWith("\r\n"))
        line.chop(2);
    else if (line.endsWith('\n'))
        line.chop(1);
    if (!line.endsWith('}'))
        return std::nullopt;
    line.chop(1);
    if (line.endsWith('+') || line.endsWith('-'))
        line.chop(1);
    const qsizetype open = line.lastIndexOf('{');
    if (open < 0 || open + 1 == line.size() || line.size() - open > 20)
        return std::nullopt;
    quint64 size = 0;
    for (const char c : line.sliced(open + 1)) {
        if (c < '0' || c > '9')
            return std::nullopt;
        size = size * 10 + quint64(c - '0');
    }
    return size;
}

} // namespace magpie::imap
