// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3ReplyParser.h"

namespace magpie::pop3 {

void Pop3ReplyParser::feed(QByteArrayView bytes)
{
    m_buffer.append(bytes);
}

qsizetype Pop3ReplyParser::reset()
{
    const qsizetype dropped = bufferedBytes();
    m_buffer.clear();
    m_position = 0;
    m_state = State::StatusLine;
    m_multiLineExpected = false;
    m_atLineStart = true;
    return dropped;
}

Pop3ReplyParser::Event Pop3ReplyParser::next()
{
    Event event;
    if (m_state == State::SkippingLongLine)
        skipLongLine();
    if (m_state == State::StatusLine)
        event = statusLine();
    else if (m_state == State::Body)
        event = body();
    compact();
    return event;
}

Pop3ReplyParser::Event Pop3ReplyParser::statusLine()
{
    Event event;
    const qsizetype available = bufferedBytes();
    const qsizetype searched = qMin(available, MaximumStatusLine);
    const qsizetype lineFeed = QByteArrayView(m_buffer).sliced(m_position, searched).indexOf('\n');
    if (lineFeed < 0) {
        if (available < MaximumStatusLine)
            return event; // NeedMoreData
        // Too long to be a status line (RFC 2449 s4): report it, then skip to its end, so
        // the caller can tell the user instead of buffering without bound.
        event.type = Event::Type::Reply;
        event.reply.line = m_buffer.sliced(m_position, 200);
        m_position += MaximumStatusLine;
        m_state = State::SkippingLongLine;
        m_multiLineExpected = false;
        return event;
    }

    QByteArrayView line = QByteArrayView(m_buffer).sliced(m_position, lineFeed);
    if (line.endsWith('\r'))
        line.chop(1);
    event.type = Event::Type::Reply;
    event.reply = Pop3Reply::parse(line);
    m_position += lineFeed + 1;
    if (event.reply.isOk() && m_multiLineExpected) {
        m_state = State::Body;
        m_atLineStart = true;
    }
    m_multiLineExpected = false;
    return event;
}

// RFC 1939 s3: in a multi-line body, a line starting with "." had one more "." put in front
// of it ("byte-stuffing"); the line "." alone ends the body. Lines are copied out whole where
// possible, and a line still arriving is handed out as far as it came.
Pop3ReplyParser::Event Pop3ReplyParser::body()
{
    Event event;
    QByteArray out;
    const qsizetype size = m_buffer.size();
    while (m_position < size && out.size() < MaximumChunk) {
        if (m_atLineStart && m_buffer.at(m_position) == '.') {
            // Up to two more bytes decide: ".\r\n" or ".\n" ends the body; anything else
            // is a stuffed line whose first "." goes.
            if (size - m_position < 2)
                break;
            const char second = m_buffer.at(m_position + 1);
            bool end = second == '\n';
            if (second == '\r') {
                if (size - m_position < 3)
                    break;
                end = m_buffer.at(m_position + 2) == '\n';
            }
            if (end) {
                if (!out.isEmpty())
                    break; // hand out the data first; the end comes with the next call
                m_position += second == '\n' ? 2 : 3;
                m_state = State::StatusLine;
                m_atLineStart = true;
                event.type = Event::Type::EndOfData;
                return event;
            }
            ++m_position; // unstuff
        }
        const qsizetype limit = qMin(size, m_position + MaximumChunk - out.size());
        const qsizetype lineFeed =
            QByteArrayView(m_buffer).sliced(m_position, limit - m_position).indexOf('\n');
        const qsizetype stop = lineFeed >= 0 ? m_position + lineFeed + 1 : limit;
        if (out.isEmpty())
            out.reserve(qMin(size - m_position, MaximumChunk));
        out.append(QByteArrayView(m_buffer).sliced(m_position, stop - m_position));
        m_atLineStart = m_buffer.at(stop - 1) == '\n';
        m_position = stop;
    }
    if (!out.isEmpty()) {
        event.type = Event::Type::Data;
        event.data = std::move(out);
    }
    return event;
}

void Pop3ReplyParser::skipLongLine()
{
    const qsizetype lineFeed = m_buffer.indexOf('\n', m_position);
    if (lineFeed < 0) {
        m_position = m_buffer.size();
        return;
    }
    m_position = lineFeed + 1;
    m_state = State::StatusLine;
}

// Bytes handed out are dropped: all at once when everything was read (the usual case), else
// when they are most of the buffer, so a long body does not pile up behind the position.
void Pop3ReplyParser::compact()
{
    if (m_position == m_buffer.size()) {
        m_buffer.clear();
        m_position = 0;
    } else if (m_position > 64 * 1024 && m_position > m_buffer.size() / 2) {
        m_buffer.remove(0, m_position);
        m_position = 0;
    }
}

} // namespace magpie::pop3
