// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/ProtocolLog.h"

namespace magpie::net {

namespace {

// Control bytes become "\xHH" so a log line is one line on screen and a stray NUL or ESC from
// a server cannot garble a terminal; UTF-8 text (mailbox names, SMTPUTF8) stays readable.
QByteArray escaped(QByteArrayView line)
{
    QByteArray out;
    out.reserve(line.size());
    for (const char c : line) {
        const auto byte = uchar(c);
        if (byte < 0x20 || byte == 0x7f) {
            out += "\\x";
            out += QByteArray::number(byte, 16).rightJustified(2, '0').toUpper();
        } else {
            out += c;
        }
    }
    return out;
}

} // namespace

ProtocolLog::ProtocolLog(QObject *parent)
    : QObject(parent)
{ }

void ProtocolLog::setEnabled(bool enabled)
{
    m_enabled = enabled;
}

void ProtocolLog::client(const QByteArray &bytes)
{
    addLines(Direction::Client, bytes);
}

void ProtocolLog::server(const QByteArray &bytes)
{
    addLines(Direction::Server, bytes);
}

void ProtocolLog::clientRedacted(const QByteArray &visible)
{
    if (!m_enabled)
        return; // off means free: nothing is formatted only to be thrown away
    QByteArray line = visible;
    while (line.endsWith('\n') || line.endsWith('\r'))
        line.chop(1);
    line = escaped(line);
    if (!line.isEmpty() && !line.endsWith(' '))
        line += ' ';
    add(Direction::Client, line + "<redacted>");
}

void ProtocolLog::clientData(qsizetype size)
{
    if (!m_enabled)
        return;
    add(Direction::Client, '{' + QByteArray::number(size) + " bytes}");
}

void ProtocolLog::serverData(qsizetype size)
{
    if (!m_enabled)
        return; // called once per literal of a FETCH: 100,000 times in a big first sync
    add(Direction::Server, '{' + QByteArray::number(size) + " bytes}");
}

void ProtocolLog::note(const QString &text)
{
    if (!m_enabled)
        return;
    add(Direction::Note, escaped(text.toUtf8()));
}

QString ProtocolLog::toText() const
{
    QByteArray text;
    for (const Entry &entry : m_entries) {
        switch (entry.direction) {
        case Direction::Client:
            text += "C: ";
            break;
        case Direction::Server:
            text += "S: ";
            break;
        case Direction::Note:
            text += "-- ";
            break;
        }
        text += entry.text;
        text += '\n';
    }
    return QString::fromUtf8(text);
}

void ProtocolLog::setMaximumEntries(int count)
{
    m_maximumEntries = qMax(count, 0);
    if (m_entries.size() > m_maximumEntries)
        m_entries.remove(0, m_entries.size() - m_maximumEntries);
}

// One entry per line: CRLF (or a bare LF) ends a line; a trailing piece without one is a line
// too, so nothing sent or received is ever missing from the log.
void ProtocolLog::addLines(Direction direction, const QByteArray &bytes)
{
    if (!m_enabled)
        return;
    qsizetype start = 0;
    while (start < bytes.size()) {
        qsizetype end = bytes.indexOf('\n', start);
        const qsizetype next = end < 0 ? bytes.size() : end + 1;
        if (end < 0)
            end = bytes.size();
        if (end > start && bytes.at(end - 1) == '\r')
            --end;
        add(direction, escaped(QByteArrayView(bytes).sliced(start, end - start)));
        start = next;
    }
}

void ProtocolLog::add(Direction direction, const QByteArray &text)
{
    if (!m_enabled)
        return;
    const Entry entry { QDateTime::currentDateTimeUtc(), direction, text };
    if (m_maximumEntries > 0) {
        if (m_entries.size() >= m_maximumEntries)
            m_entries.remove(0, m_entries.size() - m_maximumEntries + 1);
        m_entries.append(entry);
    }
    Q_EMIT entryAdded(entry);
}

} // namespace magpie::net
