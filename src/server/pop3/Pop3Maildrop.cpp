// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/pop3/Pop3Maildrop.h"

namespace magpie::server {

Pop3Maildrop::Pop3Maildrop(quint32 uidValidity, const QList<MessageRecord> &messages)
    : m_uidValidity(uidValidity)
{
    m_entries.reserve(messages.size());
    for (const MessageRecord &record : messages)
        m_entries.append({ record.uid, record.size, false });
}

QByteArray Pop3Maildrop::uniqueId(int number) const
{
    return QByteArray::number(m_uidValidity) + '.' + QByteArray::number(uid(number));
}

void Pop3Maildrop::unmarkAll()
{
    for (Entry &entry : m_entries)
        entry.deleted = false;
}

QList<Uid> Pop3Maildrop::deletedUids() const
{
    QList<Uid> uids;
    for (const Entry &entry : m_entries) {
        if (entry.deleted)
            uids.append(entry.uid);
    }
    return uids;
}

int Pop3Maildrop::visibleCount() const
{
    int n = 0;
    for (const Entry &entry : m_entries)
        n += entry.deleted ? 0 : 1;
    return n;
}

qint64 Pop3Maildrop::visibleSize() const
{
    qint64 total = 0;
    for (const Entry &entry : m_entries)
        total += entry.deleted ? 0 : entry.size;
    return total;
}

QByteArray Pop3Maildrop::byteStuffed(QByteArrayView content)
{
    QByteArray out;
    out.reserve(content.size() + content.size() / 64 + 8);
    qsizetype lineStart = 0;
    while (lineStart < content.size()) {
        qsizetype lf = content.indexOf('\n', lineStart);
        const qsizetype end = lf < 0 ? content.size() : lf + 1;
        if (content.at(lineStart) == '.')
            out += '.';
        out.append(content.data() + lineStart, end - lineStart);
        lineStart = end;
    }
    if (!out.isEmpty() && !out.endsWith("\r\n"))
        out += "\r\n"; // the store keeps CRLF, but a last line may lack its line end
    out += ".\r\n";
    return out;
}

QByteArray Pop3Maildrop::top(QByteArrayView content, int lines)
{
    // The header ends at the first empty line; a message without one is all header.
    qsizetype bodyStart = -1;
    if (content.startsWith("\r\n")) {
        bodyStart = 2;
    } else {
        const qsizetype blank = content.indexOf("\r\n\r\n");
        if (blank >= 0)
            bodyStart = blank + 4;
    }
    if (bodyStart < 0)
        return content.toByteArray();
    qsizetype end = bodyStart;
    for (int i = 0; i < lines && end < content.size(); ++i) {
        const qsizetype lf = content.indexOf('\n', end);
        end = lf < 0 ? content.size() : lf + 1;
    }
    return content.first(end).toByteArray();
}

} // namespace magpie::server
