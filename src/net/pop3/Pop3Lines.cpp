// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3Lines.h"

namespace magpie::pop3 {

Pop3Lines::Pop3Lines(qsizetype maximumLineLength)
    : m_maximumLineLength(maximumLineLength)
{ }

QByteArrayList Pop3Lines::add(QByteArrayView chunk)
{
    QByteArrayList lines;
    while (!chunk.isEmpty()) {
        const qsizetype lineFeed = chunk.indexOf('\n');
        const QByteArrayView piece = lineFeed < 0 ? chunk : chunk.first(lineFeed);
        if (!m_skipping) {
            if (m_partial.size() + piece.size() > m_maximumLineLength + 1) { // +1: a CR
                m_overflowed = true;
                m_skipping = true;
                m_partial.clear();
            } else {
                m_partial.append(piece);
            }
        }
        if (lineFeed < 0)
            break;
        if (!m_skipping) {
            if (m_partial.endsWith('\r'))
                m_partial.chop(1);
            lines.append(m_partial);
        }
        m_partial.clear();
        m_skipping = false;
        chunk = chunk.sliced(lineFeed + 1);
    }
    return lines;
}

QByteArrayList Pop3Lines::finish()
{
    QByteArrayList lines;
    if (!m_skipping && !m_partial.isEmpty()) {
        if (m_partial.endsWith('\r'))
            m_partial.chop(1);
        lines.append(m_partial);
    }
    m_partial.clear();
    m_skipping = false;
    return lines;
}

} // namespace magpie::pop3
