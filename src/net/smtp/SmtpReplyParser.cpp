// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/smtp/SmtpReplyParser.h"

namespace magpie::smtp {

namespace {

// A line for an error message: printable ASCII as is, the rest escaped, at most 80 bytes.
QString quoted(QByteArrayView line)
{
    QString out;
    const qsizetype shown = qMin<qsizetype>(line.size(), 80);
    for (qsizetype i = 0; i < shown; ++i) {
        const auto c = static_cast<unsigned char>(line.at(i));
        if (c == '\r')
            out += u"\\r";
        else if (c == '\n')
            out += u"\\n";
        else if (c < 0x20 || c >= 0x7f)
            out += u"\\x" + QString::number(c, 16).rightJustified(2, u'0');
        else
            out += QLatin1Char(char(c));
    }
    if (shown < line.size())
        out += u"...";
    return out;
}

} // namespace

SmtpReplyParser::SmtpReplyParser(qsizetype maxLineLength, int maxLines)
    : m_maxLineLength(maxLineLength > 3 ? maxLineLength : 4)
    , m_maxLines(maxLines > 0 ? maxLines : 1)
{ }

void SmtpReplyParser::feed(QByteArrayView bytes)
{
    if (hasError() || bytes.isEmpty())
        return;
    // Drop what was read already before growing, so the buffer holds at most the unread part.
    if (m_pos > 0) {
        m_buffer.remove(0, m_pos);
        m_pos = 0;
    }
    m_buffer.append(bytes);
}

std::optional<SmtpReply> SmtpReplyParser::next()
{
    while (!hasError()) {
        const qsizetype end = m_buffer.indexOf('\n', m_pos);
        if (end < 0) {
            // An unfinished line may not grow without bound: a server that never sends LF
            // would otherwise fill memory.
            if (m_buffer.size() - m_pos > m_maxLineLength)
                fail(tr("The server sent a reply line longer than %1 bytes.").arg(m_maxLineLength),
                     QByteArrayView(m_buffer).sliced(m_pos));
            return std::nullopt;
        }
        QByteArrayView line = QByteArrayView(m_buffer).sliced(m_pos, end - m_pos);
        m_pos = end + 1;
        if (line.size() + 1 > m_maxLineLength) {
            fail(tr("The server sent a reply line longer than %1 bytes.").arg(m_maxLineLength),
                 line);
            return std::nullopt;
        }
        if (line.endsWith('\r'))
            line.chop(1);
        if (line.contains('\r') || line.contains('\0')) {
            fail(tr("The server sent a reply line with a stray CR or NUL byte."), line);
            return std::nullopt;
        }
        // Reply-code = %x32-35 %x30-35 %x30-39 (RFC 5321 s4.2); the second digit is taken
        // up to 9, as servers differ there and nothing depends on it.
        const bool codeOk = line.size() >= 3 && line.at(0) >= '2' && line.at(0) <= '5'
            && line.at(1) >= '0' && line.at(1) <= '9' && line.at(2) >= '0' && line.at(2) <= '9';
        if (!codeOk) {
            fail(tr("The server sent a reply that does not start with a three-digit code."), line);
            return std::nullopt;
        }
        const int code = (line.at(0) - '0') * 100 + (line.at(1) - '0') * 10 + (line.at(2) - '0');
        const char separator = line.size() > 3 ? line.at(3) : ' ';
        if (separator != ' ' && separator != '-') {
            fail(tr("The server sent a reply with \"%1\" after its code instead of a space or "
                    "a hyphen.")
                     .arg(QString::fromLatin1(&separator, 1)),
                 line);
            return std::nullopt;
        }
        if (m_pendingCode != 0 && code != m_pendingCode) {
            fail(tr("The server changed the reply code from %1 to %2 within one reply.")
                     .arg(m_pendingCode)
                     .arg(code),
                 line);
            return std::nullopt;
        }
        if (m_pendingLines.size() >= m_maxLines) {
            fail(tr("The server sent a reply of more than %1 lines.").arg(m_maxLines), line);
            return std::nullopt;
        }
        m_pendingLines.append(line.size() > 4 ? line.sliced(4).toByteArray() : QByteArray());
        if (separator == '-') {
            m_pendingCode = code;
            continue;
        }
        SmtpReply reply(code, m_pendingLines);
        m_pendingCode = 0;
        m_pendingLines.clear();
        return reply;
    }
    return std::nullopt;
}

qsizetype SmtpReplyParser::bufferedSize() const
{
    qsizetype size = m_buffer.size() - m_pos;
    for (const QByteArray &line : m_pendingLines)
        size += line.size() + 6; // code, separator, CRLF
    return size;
}

qsizetype SmtpReplyParser::discardBuffered()
{
    const qsizetype dropped = bufferedSize();
    m_buffer.clear();
    m_pos = 0;
    m_pendingCode = 0;
    m_pendingLines.clear();
    return dropped;
}

void SmtpReplyParser::reset()
{
    discardBuffered();
    m_error.clear();
}

void SmtpReplyParser::fail(const QString &why, QByteArrayView line)
{
    m_error = why + u' ' + tr("The line was: \"%1\".").arg(quoted(line));
    m_buffer.clear();
    m_pos = 0;
    m_pendingCode = 0;
    m_pendingLines.clear();
}

} // namespace magpie::smtp
