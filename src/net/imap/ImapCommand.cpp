// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ImapCommand.h"

#include "net/imap/MailboxName.h"

#include <algorithm>

namespace magpie::imap {

namespace {

// Longer strings go as literals: servers bound their command lines (Dovecot: 64 KiB), and a
// literal needs no escaping.
constexpr qsizetype maximumQuoted = 1024;

// RFC 3501 s9: ATOM-CHAR is any CHAR except atom-specials: "(" ")" "{" SP CTL "%" "*" DQUOTE
// "\" "]".
bool isAtomChar(char c)
{
    const auto u = uchar(c);
    if (u <= 0x20 || u >= 0x7f)
        return false;
    switch (c) {
    case '(':
    case ')':
    case '{':
    case '%':
    case '*':
    case '"':
    case '\\':
    case ']':
        return false;
    default:
        return true;
    }
}

// ASTRING-CHAR = ATOM-CHAR / resp-specials
bool isAstringAtom(QByteArrayView bytes)
{
    return !bytes.isEmpty() && std::all_of(bytes.begin(), bytes.end(), [](char c) {
        return isAtomChar(c) || c == ']';
    });
}

// What a quoted string may hold: TEXT-CHAR (RFC 3501 s9), kept to printable ASCII and TAB so
// that no server chokes on a control character; 8-bit only where UTF-8 is allowed (RFC 6855
// s3, RFC 9051).
bool isQuotable(QByteArrayView bytes, bool eightBit)
{
    return bytes.size() <= maximumQuoted && std::all_of(bytes.begin(), bytes.end(), [&](char c) {
               const auto u = uchar(c);
               return (u >= 0x20 && u < 0x7f) || u == '\t' || (eightBit && u >= 0x80);
           });
}

QByteArray quoted(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve(bytes.size() + 2);
    out += '"';
    for (const char c : bytes) {
        if (c == '"' || c == '\\')
            out += '\\';
        out += c;
    }
    out += '"';
    return out;
}

QString printable(QByteArrayView bytes)
{
    QByteArray shown = bytes.first(std::min<qsizetype>(bytes.size(), 40)).toByteArray();
    for (char &c : shown) {
        if (uchar(c) < 0x20 || uchar(c) >= 0x7f)
            c = '?';
    }
    if (bytes.size() > 40)
        shown += "...";
    return QString::fromLatin1(shown);
}

QByteArray literalHeader(const QByteArray &bytes, bool binary, bool nonSynchronizing)
{
    // RFC 3501 s4.3 "{n}", RFC 7888 "{n+}", RFC 3516 / RFC 4466 "~{n}" and "~{n+}".
    return (binary ? "~{" : "{") + QByteArray::number(bytes.size())
        + (nonSynchronizing ? "+}\r\n" : "}\r\n");
}

} // namespace

ImapCommand::ImapCommand(QByteArrayView name)
    : m_name(name.toByteArray())
{
    if (m_name.isEmpty() || m_name.contains('\r') || m_name.contains('\n') || m_name.contains('\0'))
        fail(tr("The command name \"%1\" is not valid.").arg(printable(m_name)));
}

ImapCommand &ImapCommand::atom(QByteArrayView atom)
{
    if (atom.isEmpty() || !std::all_of(atom.begin(), atom.end(), isAtomChar)) {
        fail(tr("The command %1 cannot be sent: \"%2\" is not an IMAP atom.")
                 .arg(QString::fromLatin1(m_name), printable(atom)));
        return *this;
    }
    append({ atom.toByteArray() });
    return *this;
}

ImapCommand &ImapCommand::number(quint64 number)
{
    append({ QByteArray::number(number) });
    return *this;
}

ImapCommand &ImapCommand::astring(const QString &text)
{
    appendString(text.toUtf8(), true, false, false, {});
    return *this;
}

ImapCommand &ImapCommand::string(QByteArrayView bytes)
{
    appendString(bytes.toByteArray(), false, false, false, {});
    return *this;
}

ImapCommand &ImapCommand::mailbox(const QString &name, bool utf8Accepted)
{
    // RFC 3501 s5.1: INBOX is case-insensitive; send it in the one spelling every server knows.
    if (name.compare(u"INBOX", Qt::CaseInsensitive) == 0) {
        append({ QByteArrayLiteral("INBOX") });
        return *this;
    }
    const QByteArray wire = utf8Accepted ? name.toUtf8() : MailboxName::encode(name);
    appendString(wire, true, utf8Accepted, false, tr("The mailbox name"));
    return *this;
}

ImapCommand &ImapCommand::literal(const QByteArray &bytes, bool binaryAllowed)
{
    const bool hasNul = bytes.contains('\0');
    if (hasNul && !binaryAllowed) {
        fail(tr("The message contains NUL bytes, which the server cannot receive: it does not "
                "offer the BINARY extension (RFC 3516)."));
        return *this;
    }
    Part part { bytes };
    part.literal = true;
    part.binary = hasNul;
    append(std::move(part));
    return *this;
}

ImapCommand &ImapCommand::secret(const QString &text)
{
    appendString(text.toUtf8(), true, false, true, tr("The password"));
    return *this;
}

ImapCommand &ImapCommand::raw(QByteArrayView syntax)
{
    if (syntax.contains('\r') || syntax.contains('\n') || syntax.contains('\0')) {
        fail(tr("The command %1 cannot be sent: an argument contains a line break or a NUL "
                "character.")
                 .arg(QString::fromLatin1(m_name)));
        return *this;
    }
    append({ syntax.toByteArray() });
    return *this;
}

ImapCommand &ImapCommand::sequence(const UidSet &set)
{
    if (set.isEmpty()) {
        fail(tr("The command %1 cannot be sent: it names no messages.")
                 .arg(QString::fromLatin1(m_name)));
        return *this;
    }
    append({ set.toImap() });
    return *this;
}

ImapCommand &ImapCommand::openList()
{
    append({ QByteArrayLiteral("(") });
    ++m_openLists;
    m_glueNext = true;
    return *this;
}

ImapCommand &ImapCommand::closeList()
{
    if (m_openLists == 0) {
        fail(tr("The command %1 cannot be sent: its parentheses do not match.")
                 .arg(QString::fromLatin1(m_name)));
        return *this;
    }
    --m_openLists;
    Part part { QByteArrayLiteral(")") };
    part.glued = true;
    m_parts.append(std::move(part));
    m_glueNext = false;
    return *this;
}

bool ImapCommand::isValid() const
{
    return m_errorString.isEmpty() && m_openLists == 0;
}

QString ImapCommand::errorString() const
{
    if (m_errorString.isEmpty() && m_openLists != 0) {
        return tr("The command %1 cannot be sent: its parentheses do not match.")
            .arg(QString::fromLatin1(m_name));
    }
    return m_errorString;
}

QByteArrayList ImapCommand::chunks(const QByteArray &tag, bool literalPlus) const
{
    if (!isValid())
        return {};
    QByteArrayList chunks;
    QByteArray current = tag + ' ' + m_name;
    for (const Part &part : m_parts) {
        if (!part.glued)
            current += ' ';
        if (!part.literal) {
            current += part.bytes;
            continue;
        }
        current += literalHeader(part.bytes, part.binary, literalPlus);
        if (!literalPlus) {
            // RFC 3501 s7.5: the literal's bytes wait for the server's "+".
            chunks.append(std::move(current));
            current.clear();
        }
        current += part.bytes;
    }
    current += "\r\n";
    chunks.append(std::move(current));
    return chunks;
}

qsizetype ImapCommand::largestLiteral() const
{
    qsizetype largest = 0;
    for (const Part &part : m_parts) {
        if (part.literal)
            largest = std::max(largest, part.bytes.size());
    }
    return largest;
}

QByteArray ImapCommand::logText(const QByteArray &tag) const
{
    QByteArray text = tag + ' ' + m_name;
    for (const Part &part : m_parts) {
        if (!part.glued)
            text += ' ';
        if (part.secret)
            text += "<redacted>";
        else if (part.literal)
            text += '{' + QByteArray::number(part.bytes.size()) + " bytes}";
        else
            text += part.bytes;
    }
    return text;
}

void ImapCommand::append(Part part)
{
    part.glued = m_glueNext;
    m_glueNext = false;
    m_parts.append(std::move(part));
}

// astring / string (RFC 3501 s4.3, s9): an atom when allowed and possible, else a quoted
// string, else a literal; NUL fits none of them.
void ImapCommand::appendString(const QByteArray &bytes, bool atomAllowed, bool eightBitQuotable,
                               bool secret, const QString &what)
{
    if (bytes.contains('\0')) {
        const QString subject =
            what.isEmpty() ? tr("An argument of %1").arg(QString::fromLatin1(m_name)) : what;
        fail(tr("%1 contains a NUL character, which IMAP cannot carry.").arg(subject));
        return;
    }
    Part part;
    part.secret = secret;
    // "NIL" would be read as an atom by a careless server; quoting it costs two bytes.
    if (atomAllowed && isAstringAtom(bytes) && bytes.compare("NIL", Qt::CaseInsensitive) != 0) {
        part.bytes = bytes;
    } else if (isQuotable(bytes, eightBitQuotable)) {
        part.bytes = quoted(bytes);
    } else {
        part.bytes = bytes;
        part.literal = true;
    }
    append(std::move(part));
}

void ImapCommand::fail(const QString &why)
{
    if (m_errorString.isEmpty())
        m_errorString = why;
}

} // namespace magpie::imap
