// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/smtp/SmtpReply.h"

namespace magpie::smtp {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

// 1*3digit starting at `pos`; returns the position after it, or -1.
qsizetype digits(QByteArrayView text, qsizetype pos)
{
    const qsizetype start = pos;
    while (pos < text.size() && pos - start < 3 && isDigit(text.at(pos)))
        ++pos;
    return pos == start ? -1 : pos;
}

// The length of an enhanced status code at the start of `line` (RFC 3463 s2:
// class "." subject "." detail; class 2, 4 or 5 matching the reply code, subject and detail
// 1*3digit), followed by a space or the end; 0 when there is none.
qsizetype enhancedCodeLength(QByteArrayView line, int code)
{
    if (line.size() < 5 || line.at(0) != char('0' + code / 100) || line.at(1) != '.')
        return 0;
    qsizetype pos = digits(line, 2);
    if (pos < 0 || pos >= line.size() || line.at(pos) != '.')
        return 0;
    pos = digits(line, pos + 1);
    if (pos < 0 || (pos < line.size() && line.at(pos) != ' '))
        return 0;
    return pos;
}

} // namespace

SmtpReply::SmtpReply(int code, const QByteArrayList &lines)
    : m_code(code)
    , m_lines(lines)
{
    if (!m_lines.isEmpty()) {
        const qsizetype length = enhancedCodeLength(m_lines.first(), m_code);
        m_enhancedCode = m_lines.first().left(length);
    }
}

QByteArray SmtpReply::text() const
{
    QByteArray out;
    for (const QByteArray &line : m_lines) {
        // RFC 2034 s3: every line of a multi-line reply repeats the code.
        const qsizetype length = enhancedCodeLength(line, m_code);
        QByteArrayView rest = QByteArrayView(line).sliced(length).trimmed();
        if (rest.isEmpty())
            continue;
        if (!out.isEmpty())
            out += ' ';
        out += rest;
    }
    return out;
}

QByteArray SmtpReply::summary() const
{
    QByteArray out = QByteArray::number(m_code);
    if (!m_enhancedCode.isEmpty())
        out += ' ' + m_enhancedCode;
    const QByteArray words = text();
    if (!words.isEmpty())
        out += ' ' + words;
    return out;
}

QByteArray SmtpReply::toWire() const
{
    const QByteArray code = QByteArray::number(m_code);
    if (m_lines.isEmpty())
        return code + "\r\n";
    QByteArray out;
    for (qsizetype i = 0; i < m_lines.size(); ++i) {
        const bool last = i + 1 == m_lines.size();
        out += code;
        if (!last || !m_lines.at(i).isEmpty())
            out += last ? ' ' : '-';
        out += m_lines.at(i) + "\r\n";
    }
    return out;
}

} // namespace magpie::smtp
