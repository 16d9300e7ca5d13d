// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ImapValueReader.h"

#include <QCoreApplication>

#include <algorithm>
#include <cstring>
#include <iterator>

namespace magpie::imap {


namespace {
// No BODYSTRUCTURE needs more; the bound keeps hostile nesting from exhausting the stack.
constexpr int maximumDepth = 100;

// Words every FETCH response of a sync repeats (RFC 3501 s7.4.2 item names and system flags,
// the MIME types, encodings and parameter names of BODYSTRUCTURE as servers write them),
// grouped by length so a lookup compares a few at most. A QByteArrayLiteral is static data:
// copying it allocates nothing and counts no references.
constexpr qsizetype longestCommonWord = 32;

struct CommonWords
{
    std::vector<QByteArray> byLength[longestCommonWord + 1];
};

const CommonWords &commonWords()
{
    static const CommonWords table = [] {
        const QByteArray words[] = {
            QByteArrayLiteral("UID"), QByteArrayLiteral("FLAGS"), QByteArrayLiteral("MODSEQ"),
            QByteArrayLiteral("ENVELOPE"), QByteArrayLiteral("BODYSTRUCTURE"),
            QByteArrayLiteral("INTERNALDATE"), QByteArrayLiteral("RFC822.SIZE"),
            QByteArrayLiteral("BODY[HEADER.FIELDS (REFERENCES)]"), QByteArrayLiteral("BODY"),
            QByteArrayLiteral("\\Seen"), QByteArrayLiteral("\\Answered"),
            QByteArrayLiteral("\\Flagged"), QByteArrayLiteral("\\Deleted"),
            QByteArrayLiteral("\\Draft"), QByteArrayLiteral("\\Recent"),
            QByteArrayLiteral("$Forwarded"), QByteArrayLiteral("$Junk"),
            QByteArrayLiteral("$NotJunk"), QByteArrayLiteral("$MDNSent"),
            QByteArrayLiteral("text"), QByteArrayLiteral("TEXT"), QByteArrayLiteral("plain"),
            QByteArrayLiteral("PLAIN"), QByteArrayLiteral("html"), QByteArrayLiteral("HTML"),
            QByteArrayLiteral("multipart"), QByteArrayLiteral("MULTIPART"),
            QByteArrayLiteral("mixed"), QByteArrayLiteral("MIXED"),
            QByteArrayLiteral("alternative"), QByteArrayLiteral("ALTERNATIVE"),
            QByteArrayLiteral("related"), QByteArrayLiteral("RELATED"),
            QByteArrayLiteral("application"), QByteArrayLiteral("APPLICATION"),
            QByteArrayLiteral("image"), QByteArrayLiteral("IMAGE"), QByteArrayLiteral("message"),
            QByteArrayLiteral("MESSAGE"), QByteArrayLiteral("rfc822"), QByteArrayLiteral("RFC822"),
            QByteArrayLiteral("octet-stream"), QByteArrayLiteral("OCTET-STREAM"),
            QByteArrayLiteral("charset"), QByteArrayLiteral("CHARSET"),
            QByteArrayLiteral("utf-8"), QByteArrayLiteral("UTF-8"), QByteArrayLiteral("us-ascii"),
            QByteArrayLiteral("US-ASCII"), QByteArrayLiteral("iso-8859-1"),
            QByteArrayLiteral("ISO-8859-1"), QByteArrayLiteral("name"), QByteArrayLiteral("NAME"),
            QByteArrayLiteral("boundary"), QByteArrayLiteral("BOUNDARY"),
            QByteArrayLiteral("filename"), QByteArrayLiteral("FILENAME"),
            QByteArrayLiteral("7bit"), QByteArrayLiteral("7BIT"), QByteArrayLiteral("8bit"),
            QByteArrayLiteral("8BIT"), QByteArrayLiteral("base64"), QByteArrayLiteral("BASE64"),
            QByteArrayLiteral("quoted-printable"), QByteArrayLiteral("QUOTED-PRINTABLE"),
            QByteArrayLiteral("attachment"), QByteArrayLiteral("ATTACHMENT"),
            QByteArrayLiteral("inline"), QByteArrayLiteral("INLINE"),
        };
        CommonWords grouped;
        for (const QByteArray &word : words)
            grouped.byLength[word.size()].push_back(word);
        return grouped;
    }();
    return table;
}
// Bytes that end the plain run of a quoted string ('"', '\\', CR, LF) or of an atom (also
// space, parentheses, "{" and "["): one table lookup per byte in the loops that read most of a
// response.
enum ByteClass : unsigned char { Plain = 0, EndsQuoted = 1, EndsAtomRun = 2 };

struct ByteClasses
{
    unsigned char of[256] = {};
    constexpr ByteClasses()
    {
        for (const char c : { '"', '\\', '\r', '\n' })
            of[uchar(c)] |= EndsQuoted;
        for (const char c : { ' ', '(', ')', '{', '[', '\r', '\n' })
            of[uchar(c)] |= EndsAtomRun;
    }
};
constexpr ByteClasses byteClasses;
} // namespace

QByteArray ImapValueReader::common(QByteArrayView bytes)
{
    if (bytes.size() <= longestCommonWord) {
        // The first byte tells most candidates apart without a call to memcmp().
        for (const QByteArray &word : commonWords().byLength[bytes.size()]) {
            if (!bytes.isEmpty() && word.front() == bytes.front()
                && std::memcmp(word.constData(), bytes.data(), size_t(bytes.size())) == 0)
                return word;
        }
    }
    return bytes.toByteArray();
}

QByteArray ImapValueReader::RecentWords::get(QByteArrayView bytes)
{
    if (bytes.isEmpty() || bytes.size() > longest)
        return bytes.toByteArray();
    if (m_slots.empty())
        m_slots.resize(slotCount);
    // A quick hash of the length and the first and last eight bytes: a collision only costs
    // the allocation there would have been anyway.
    quint64 head = 0;
    quint64 tail = 0;
    const auto n = size_t(bytes.size());
    std::memcpy(&head, bytes.data(), std::min<size_t>(n, 8));
    if (n > 8)
        std::memcpy(&tail, bytes.data() + n - 8, 8);
    const quint64 hash = (head * 0x9E3779B97F4A7C15ull) ^ (tail * 0xC2B2AE3D27D4EB4Full) ^ n;
    QByteArray &slot = m_slots[qsizetype((hash >> 40) % quint64(slotCount))];
    if (slot.size() != bytes.size() || std::memcmp(slot.constData(), bytes.data(), size_t(bytes.size())) != 0)
        slot = bytes.toByteArray();
    return slot;
}

QByteArray ImapValueReader::shared(QByteArrayView bytes)
{
    if (!m_recent)
        return common(bytes);
    if (bytes.size() <= longestCommonWord && !bytes.isEmpty()) {
        for (const QByteArray &word : commonWords().byLength[bytes.size()]) {
            if (word.front() == bytes.front()
                && std::memcmp(word.constData(), bytes.data(), size_t(bytes.size())) == 0)
                return word;
        }
    }
    return m_recent->get(bytes);
}

std::optional<quint64> ImapValueReader::parseNumber(QByteArrayView digits, quint64 max)
{
    if (digits.isEmpty())
        return std::nullopt;
    quint64 n = 0;
    for (const char c : digits) {
        if (c < '0' || c > '9')
            return std::nullopt;
        const auto digit = quint64(c - '0');
        if (n > (max - digit) / 10)
            return std::nullopt;
        n = n * 10 + digit;
    }
    return n;
}

QByteArrayView ImapValueReader::withoutLineEnd(QByteArrayView line)
{
    if (line.endsWith('\n'))
        line.chop(1);
    if (line.endsWith('\r'))
        line.chop(1);
    return line;
}

bool ImapValueReader::equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    // ASCII inline (every keyword is ASCII); an 8-bit byte that differs leaves the decision to
    // Qt's comparison, whatever case rules it has for those.
    for (qsizetype i = 0; i < a.size(); ++i) {
        const auto x = uchar(a[i]);
        const auto y = uchar(b[i]);
        if (x == y)
            continue;
        if (x >= 0x80 || y >= 0x80)
            return a.compare(b, Qt::CaseInsensitive) == 0;
        const auto lower = [](uchar c) { return c >= 'A' && c <= 'Z' ? uchar(c | 0x20) : c; };
        if (lower(x) != lower(y))
            return false;
    }
    return true;
}

std::nullopt_t ImapValueReader::fail(const char *reason)
{
    if (!m_error)
        m_error = reason;
    return std::nullopt;
}

std::optional<ImapValue> ImapValueReader::value(int depth)
{
    if (atLineEnd())
        return fail(QT_TRANSLATE_NOOP("magpie::imap::ImapResponseParser", "a value is missing"));
    const char c = m_text[m_pos];
    switch (c) {
    case '(':
        return list(depth);
    case ')':
        return fail(QT_TRANSLATE_NOOP("magpie::imap::ImapResponseParser", "unbalanced parenthesis"));
    case '"':
        return quoted();
    case '{':
        return literal(false);
    case '~':
        if (m_pos + 1 < m_text.size() && m_text[m_pos + 1] == '{')
            return literal(true);
        break;
    default:
        break;
    }
    return atom();
}

std::optional<ImapValue> ImapValueReader::list(int depth)
{
    if (depth >= maximumDepth)
        return fail(QT_TRANSLATE_NOOP("magpie::imap::ImapResponseParser", "lists nested too deeply"));
    ++m_pos;
    // The elements wait on the scratch stack above those of the enclosing lists, so that the
    // list is allocated once, at its final size, instead of growing element by element.
    const std::size_t base = m_scratch->size();
    const auto dropElements = [&] {
        m_scratch->erase(m_scratch->begin() + qsizetype(base), m_scratch->end());
    };
    while (true) {
        skipSpaces();
        if (atLineEnd()) {
            dropElements();
            return fail(QT_TRANSLATE_NOOP("magpie::imap::ImapResponseParser", "unbalanced parenthesis"));
        }
        if (m_text[m_pos] == ')') {
            ++m_pos;
            ImapValue value;
            value.kind = ImapValue::Kind::List;
            // One allocation of the final size, the elements moved in place.
            value.list = QList<ImapValue>(std::make_move_iterator(m_scratch->begin() + qsizetype(base)),
                                          std::make_move_iterator(m_scratch->end()));
            dropElements();
            return value;
        }
        auto element = this->value(depth + 1);
        if (!element) {
            dropElements();
            return std::nullopt;
        }
        m_scratch->push_back(std::move(*element));
    }
}

// RFC 3501 s4.3 quoted: "\" escapes only '"' and "\". Other bytes are kept as sent, 8-bit
// ones included (UTF-8 from servers that do not wait for UTF8=ACCEPT), and so is a backslash
// before anything else.
std::optional<ImapValue> ImapValueReader::quoted()
{
    ++m_pos;
    ImapValue value;
    value.kind = ImapValue::Kind::String;
    const qsizetype from = m_pos;
    // Fast path: no escapes, one copy.
    const char *const text = m_text.data();
    const qsizetype size = m_text.size();
    while (m_pos < size && !(byteClasses.of[uchar(text[m_pos])] & EndsQuoted))
        ++m_pos;
    if (m_pos < size && text[m_pos] == '"') {
        value.bytes = shared(m_text.sliced(from, m_pos - from));
        ++m_pos;
        return value;
    }
    value.bytes = m_text.sliced(from, m_pos - from).toByteArray();
    while (!atLineEnd()) {
        const char c = m_text[m_pos++];
        if (c == '"')
            return value;
        if (c == '\\' && !atLineEnd()) {
            const char escaped = m_text[m_pos++];
            if (escaped != '"' && escaped != '\\')
                value.bytes += '\\';
            value.bytes += escaped;
        } else {
            value.bytes += c;
        }
    }
    return fail(QT_TRANSLATE_NOOP("magpie::imap::ImapResponseParser", "unterminated quoted string"));
}

std::optional<ImapValue> ImapValueReader::literal(bool binary)
{
    const auto bad = QT_TRANSLATE_NOOP("magpie::imap::ImapResponseParser", "bad literal syntax");
    m_pos += binary ? 2 : 1;
    const qsizetype digits = m_pos;
    while (atDigit())
        ++m_pos;
    if (m_pos == digits)
        return fail(bad);
    if (m_pos < m_text.size() && m_text[m_pos] == '+')
        ++m_pos;
    if (m_pos >= m_text.size() || m_text[m_pos] != '}')
        return fail(bad);
    ++m_pos;
    if (m_pos < m_text.size() && m_text[m_pos] == '\r')
        ++m_pos;
    if (m_pos >= m_text.size() || m_text[m_pos] != '\n')
        return fail(bad);
    ++m_pos;
    // The framer cut a literal exactly here when it announced one; anything else is a "{n}"
    // in the middle of a line.
    if (!m_literals || m_nextLiteral >= m_literals->size()
        || m_literalAt->at(m_nextLiteral) != m_pos)
        return fail(bad);
    ImapValue value;
    value.kind = ImapValue::Kind::String;
    value.binary = binary;
    value.bytes = std::move((*m_literals)[m_nextLiteral++]);
    return value;
}

// Anything else up to a space, parenthesis, "{" or line end: atoms, flags ("\Seen", "\*"),
// numbers, NIL, and what servers leave unquoted ("[Gmail]/All", Exchange's odd names). A
// bracket runs to its "]" across spaces and parentheses, so that a FETCH item such as
// BODY[HEADER.FIELDS (SUBJECT FROM)]<0> is one atom (RFC 3501 s7.4.2).
ImapValue ImapValueReader::atom()
{
    const qsizetype from = m_pos;
    const char *const text = m_text.data();
    const qsizetype size = m_text.size();
    while (true) {
        // Ordinary atom bytes first; the loop below judges the byte that stopped this one.
        while (m_pos < size && !(byteClasses.of[uchar(text[m_pos])] & EndsAtomRun))
            ++m_pos;
        if (atLineEnd())
            break;
        const char c = m_text[m_pos];
        if (c == '[' && (m_pos < m_noBracketFrom || m_pos >= m_noBracketUntil)) {
            qsizetype close = m_pos + 1;
            while (close < m_text.size() && m_text[close] != ']'
                   && !(m_text[close] == '\r' || m_text[close] == '\n'))
                ++close;
            if (close < m_text.size() && m_text[close] == ']') {
                m_pos = close + 1;
                continue;
            }
            m_noBracketFrom = m_pos;
            m_noBracketUntil = close;
        }
        if (c == ' ' || c == '(' || c == ')' || c == '{')
            break;
        ++m_pos;
    }
    const QByteArrayView word = m_text.sliced(from, m_pos - from);
    ImapValue value;
    if (equalsIgnoringCase(word, "NIL"))
        return value;
    // A number too big for number64 stays an atom: only the decoder knows if a number
    // belonged there.
    if (const auto number = parseNumber(word, number64Max)) {
        value.kind = ImapValue::Kind::Number;
        value.number = *number;
        value.bytes = m_recent ? m_recent->get(word) : word.toByteArray();
    } else {
        value.kind = ImapValue::Kind::Atom;
        value.bytes = shared(word);
    }
    return value;
}

} // namespace magpie::imap
