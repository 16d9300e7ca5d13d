// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/HeaderBlock.h"

#include "mime/HeaderField.h"

#include <QCoreApplication>

namespace magpie::mime {

namespace {

class Messages
{
    Q_DECLARE_TR_FUNCTIONS(magpie::mime::HeaderBlock)
public:
    static QString notAField(qsizetype lineNumber)
    {
        return tr("Line %1 of a header block is not a header field; it was skipped.").arg(lineNumber);
    }
    static QString noSeparator(qsizetype lineNumber)
    {
        return tr("The header ends without an empty line; line %1 and what follows it are "
                  "taken as the body.").arg(lineNumber);
    }
};

bool isBlank(char c) { return c == ' ' || c == '\t'; }

// The end of the line starting at `from`: the offset of its "\n" (or `to`).
qsizetype lineEnd(const QByteArray &data, qsizetype from, qsizetype to)
{
    const qsizetype found = data.indexOf('\n', from);
    return (found < 0 || found >= to) ? to : found;
}

// A line's content without its CR, as a view.
QByteArrayView lineContent(const QByteArray &data, qsizetype from, qsizetype end)
{
    qsizetype stop = end;
    if (stop > from && data[stop - 1] == '\r')
        --stop;
    return QByteArrayView(data.constData() + from, stop - from);
}

// "Name:" (RFC 5322 s2.2), allowing the obsolete whitespace before the colon (s4.5).
qsizetype fieldNameLength(QByteArrayView line)
{
    const qsizetype colon = line.indexOf(':');
    if (colon <= 0)
        return -1;
    qsizetype nameEnd = colon;
    while (nameEnd > 0 && isBlank(line[nameEnd - 1]))
        --nameEnd;
    if (nameEnd == 0 || !HeaderField::isValidName(line.first(nameEnd)))
        return -1;
    return nameEnd;
}

QByteArrayView trimmed(QByteArrayView value)
{
    qsizetype start = 0;
    qsizetype end = value.size();
    while (start < end && (isBlank(value[start]) || value[start] == '\r' || value[start] == '\n'))
        ++start;
    while (end > start && (isBlank(value[end - 1]) || value[end - 1] == '\r' || value[end - 1] == '\n'))
        --end;
    return value.sliced(start, end - start);
}

} // namespace

qsizetype HeaderBlock::parse(const QByteArray &data, qsizetype from, qsizetype to)
{
    m_data = data;
    m_fields.clear();
    m_warnings.clear();
    qsizetype pos = from;
    qsizetype lineNumber = 0;
    while (pos < to) {
        const qsizetype end = lineEnd(data, pos, to);
        const QByteArrayView line = lineContent(data, pos, end);
        const qsizetype next = end < to ? end + 1 : to;
        ++lineNumber;
        if (line.isEmpty())
            return next; // the empty line that ends the header section (RFC 5322 s2.1)
        if (isBlank(line[0])) {
            // A continuation line (RFC 5322 s2.2.3). As the very first line it means there is
            // no header at all.
            if (m_fields.isEmpty())
                return from;
            Field &field = m_fields.last();
            field.folded = QByteArrayView(field.folded.data(),
                                          data.constData() + end - field.folded.data());
            pos = next;
            continue;
        }
        const qsizetype nameLength = fieldNameLength(line);
        if (nameLength < 0) {
            // Not a field. At the very start: no header section at all. Later, a stray line
            // followed by more fields is skipped; otherwise the body began without the empty
            // line, and it is kept whole rather than read as broken header lines.
            if (m_fields.isEmpty())
                return from;
            if (next < to && fieldNameLength(lineContent(data, next, lineEnd(data, next, to))) > 0) {
                m_warnings << Messages::notAField(lineNumber);
                pos = next;
                continue;
            }
            m_warnings << Messages::noSeparator(lineNumber);
            return pos;
        }
        const qsizetype colon = line.indexOf(':');
        m_fields.append({ line.first(nameLength),
                          QByteArrayView(line.data() + colon + 1, line.size() - colon - 1) });
        pos = next;
    }
    return to;
}

QByteArray HeaderBlock::value(QByteArrayView name) const
{
    for (const Field &field : m_fields) {
        if (field.name.compare(name, Qt::CaseInsensitive) == 0) {
            const QByteArray unfolded = HeaderField::unfold(field.folded);
            const QByteArrayView value = trimmed(unfolded);
            return value.isEmpty() ? QByteArray("") : value.toByteArray();
        }
    }
    return {};
}

QList<QByteArray> HeaderBlock::values(QByteArrayView name) const
{
    QList<QByteArray> found;
    for (const Field &field : m_fields) {
        if (field.name.compare(name, Qt::CaseInsensitive) == 0)
            found << trimmed(HeaderField::unfold(field.folded)).toByteArray();
    }
    return found;
}

bool HeaderBlock::contains(QByteArrayView name) const
{
    for (const Field &field : m_fields) {
        if (field.name.compare(name, Qt::CaseInsensitive) == 0)
            return true;
    }
    return false;
}

} // namespace magpie::mime
