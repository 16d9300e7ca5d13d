// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/smtp/CommandLineReader.h"

namespace magpie::server {

CommandLineReader::CommandLineReader(qsizetype maxLineLength)
    : m_maxLineLength(maxLineLength)
{ }

void CommandLineReader::append(QByteArrayView bytes)
{
    // Compact now and then so that taking lines off the front stays linear.
    if (m_start > 0 && (m_start == m_buffer.size() || m_start > 4096)) {
        m_buffer.remove(0, m_start);
        m_scanned -= m_start;
        m_start = 0;
    }
    m_buffer.append(bytes.data(), bytes.size());
}

std::optional<CommandLineReader::Line> CommandLineReader::next()
{
    for (;;) {
        const qsizetype lf = m_buffer.indexOf('\n', m_scanned);
        if (lf < 0) {
            m_scanned = m_buffer.size();
            if (m_skipping) {
                // Still inside the long line: its bytes are of no use to anyone.
                dropBuffer();
                return std::nullopt;
            }
            if (bufferedSize() > m_maxLineLength) {
                dropBuffer();
                m_skipping = true;
                return Line { {}, true };
            }
            return std::nullopt;
        }
        QByteArray text = m_buffer.mid(m_start, lf - m_start);
        m_start = lf + 1;
        m_scanned = m_start;
        if (m_skipping) {
            m_skipping = false; // that was the tail of the long line
            continue;
        }
        if (text.size() + 1 > m_maxLineLength)
            return Line { {}, true };
        if (text.endsWith('\r'))
            text.chop(1);
        return Line { text, false };
    }
}

QByteArray CommandLineReader::takeBuffered()
{
    QByteArray rest = m_buffer.mid(m_start);
    clear();
    return rest;
}

void CommandLineReader::clear()
{
    dropBuffer();
    m_skipping = false;
}

void CommandLineReader::dropBuffer()
{
    m_buffer.clear();
    m_start = 0;
    m_scanned = 0;
}

} // namespace magpie::server
