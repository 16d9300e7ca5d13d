// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/smtp/SmtpDataReader.h"

namespace magpie::server {

SmtpDataReader::SmtpDataReader(qint64 maxMessageSize, qsizetype maxLineLength)
    : m_maxMessageSize(maxMessageSize)
    , m_maxLineLength(maxLineLength)
{ }

SmtpDataReader::Outcome SmtpDataReader::outcome() const
{
    if (!m_finished)
        return Outcome::Reading;
    if (m_tooBig)
        return Outcome::TooBig;
    if (m_lineTooLong)
        return Outcome::LineTooLong;
    return Outcome::Complete;
}

qsizetype SmtpDataReader::feed(QByteArrayView bytes)
{
    qsizetype pos = 0;
    while (pos < bytes.size() && !m_finished) {
        const qsizetype lf = bytes.indexOf('\n', pos);
        if (lf < 0) {
            appendToLine(bytes.sliced(pos));
            return bytes.size();
        }
        appendToLine(bytes.sliced(pos, lf + 1 - pos));
        pos = lf + 1;
        if (lineComplete())
            endLine();
    }
    return pos;
}

void SmtpDataReader::appendToLine(QByteArrayView chunk)
{
    if (!m_skippingLine && m_line.size() + chunk.size() > m_maxLineLength) {
        m_skippingLine = true;
        m_lineTooLong = true;
        m_lastByte = m_line.isEmpty() ? '\0' : m_line.back();
        m_line = QByteArray();
    }
    if (!m_skippingLine) {
        m_line.append(chunk.data(), chunk.size());
        return;
    }
    m_byteBeforeLast = chunk.size() >= 2 ? chunk.at(chunk.size() - 2) : m_lastByte;
    m_lastByte = chunk.back();
}

bool SmtpDataReader::lineComplete() const
{
    if (m_skippingLine)
        return m_byteBeforeLast == '\r' && m_lastByte == '\n';
    return m_line.endsWith("\r\n");
}

void SmtpDataReader::endLine()
{
    if (m_skippingLine) {
        m_skippingLine = false;
        m_lastByte = m_byteBeforeLast = '\0';
        return;
    }
    QByteArrayView content = QByteArrayView(m_line).chopped(2);
    if (content == ".") {
        m_finished = true;
        m_line.clear();
        return;
    }
    if (content.startsWith('.'))
        content = content.sliced(1);

    // The line holds no CRLF pair (the first one ended it), so every CR or LF in it is bare.
    QByteArray stored;
    if (!content.contains('\r') && !content.contains('\n')) {
        stored = content.toByteArray();
    } else {
        stored.reserve(content.size() + 16);
        for (char c : content) {
            if (c == '\r' || c == '\n')
                stored += "\r\n";
            else
                stored += c;
        }
    }
    stored += "\r\n";
    m_line.clear();

    m_size += stored.size();
    if (m_size > m_maxMessageSize) {
        m_tooBig = true;
        m_message = QByteArray(); // let the memory go; only the count goes on
    }
    if (!m_tooBig && !m_lineTooLong)
        m_message += stored;
}

} // namespace magpie::server
