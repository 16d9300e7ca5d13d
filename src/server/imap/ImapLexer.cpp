// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapLexer.h"

#include <limits>

namespace magpie::server {

namespace {

bool isDigit(char c)
{
    return c >= '0' && c <= '9';
}

bool isEightBit(char c)
{
    return static_cast<unsigned char>(c) >= 0x80;
}

// ASTRING-CHAR = ATOM-CHAR / resp-specials
bool isAstringChar(char c)
{
    return ImapLexer::isAtomChar(c) || c == ']';
}

// list-char = ATOM-CHAR / list-wildcards / resp-specials
bool isListChar(char c)
{
    return isAstringChar(c) || c == '%' || c == '*';
}

} // namespace

ImapLexer::ImapLexer(QByteArrayView command)
    : m_text(command)
{ }

// ATOM-CHAR = <any CHAR except atom-specials>; atom-specials = "(" / ")" / "{" / SP / CTL /
// list-wildcards / quoted-specials / resp-specials (RFC 3501 s9). CHAR is 7-bit.
bool ImapLexer::isAtomChar(char c)
{
    if (c <= ' ' || c >= 0x7f) // CTL, SP, DEL and 8-bit (char may be signed)
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

bool ImapLexer::atEnd() const
{
    const QByteArrayView rest = m_text.sliced(m_pos);
    return rest.isEmpty() || rest == "\n" || rest == "\r\n";
}

bool ImapLexer::skip(char c)
{
    if (m_pos < m_text.size() && m_text[m_pos] == c) {
        ++m_pos;
        return true;
    }
    return false;
}

bool ImapLexer::skipWord(QByteArrayView word)
{
    const QByteArrayView rest = m_text.sliced(m_pos);
    if (rest.size() < word.size()
        || rest.first(word.size()).compare(word, Qt::CaseInsensitive) != 0)
        return false;
    if (rest.size() > word.size() && isAtomChar(rest[word.size()]))
        return false;
    m_pos += word.size();
    return true;
}

std::optional<QByteArray> ImapLexer::tag()
{
    const qsizetype start = m_pos;
    while (m_pos < m_text.size() && isAstringChar(m_text[m_pos]) && m_text[m_pos] != '+')
        ++m_pos;
    if (m_pos == start)
        return std::nullopt;
    return m_text.sliced(start, m_pos - start).toByteArray();
}

// The longest run of `allowed` characters at the cursor: an atom, an astring's atom form
// or a list-mailbox (RFC 3501 s9). An 8-bit byte right after it is an error, not its end.
std::optional<QByteArray> ImapLexer::token(bool (*allowed)(char))
{
    const qsizetype start = m_pos;
    while (m_pos < m_text.size() && allowed(m_text[m_pos]))
        ++m_pos;
    if (m_pos < m_text.size() && isEightBit(m_text[m_pos])) {
        fail("8-bit characters are not allowed outside quoted strings and literals");
        m_pos = start;
        return std::nullopt;
    }
    if (m_pos == start)
        return std::nullopt;
    return m_text.sliced(start, m_pos - start).toByteArray();
}

std::optional<QByteArray> ImapLexer::atom()
{
    return token(isAtomChar);
}

std::optional<QByteArray> ImapLexer::astring()
{
    const char c = peek();
    if (c == '"' || c == '{')
        return string();
    if (m_text.sliced(m_pos).startsWith("~{")) {
        fail("A literal8 (~{n}) is only allowed for APPEND's message");
        return std::nullopt;
    }
    return token(isAstringChar);
}

std::optional<QByteArray> ImapLexer::string()
{
    if (peek() == '"')
        return quoted();
    if (peek() == '{')
        return literal(false, false);
    return std::nullopt;
}

std::optional<QByteArray> ImapLexer::nstring()
{
    if (skipWord("NIL"))
        return QByteArray();
    return string();
}

std::optional<QByteArray> ImapLexer::listMailbox()
{
    const char c = peek();
    if (c == '"' || c == '{')
        return string();
    return token(isListChar);
}

std::optional<QByteArray> ImapLexer::messageLiteral()
{
    if (peek() != '{' && peek() != '~')
        return std::nullopt;
    return literal(true, true);
}

// quoted = DQUOTE *QUOTED-CHAR DQUOTE; QUOTED-CHAR = <any TEXT-CHAR except quoted-specials> /
// "\" quoted-specials. 8-bit bytes are taken (RFC 9051 s9 and RFC 6855 allow UTF-8 there);
// whoever uses the string checks its encoding.
std::optional<QByteArray> ImapLexer::quoted()
{
    const qsizetype start = m_pos;
    ++m_pos; // DQUOTE
    QByteArray value;
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos++];
        if (c == '"')
            return value;
        if (c == '\\') {
            const char next = peek();
            if (next != '"' && next != '\\') {
                fail("A backslash in a quoted string must be followed by \" or \\");
                m_pos = start;
                return std::nullopt;
            }
            value += next;
            ++m_pos;
            continue;
        }
        if (c == '\r' || c == '\n')
            break;
        if (c == '\0') {
            fail("NUL bytes are not allowed in a command (RFC 3501 s9)");
            m_pos = start;
            return std::nullopt;
        }
        value += c;
    }
    fail("Unterminated quoted string");
    m_pos = start;
    return std::nullopt;
}

// literal = "{" number "}" CRLF *CHAR8 (RFC 3501 s4.3), "{" number "+}" (RFC 7888 s3),
// literal8 = "~{" number64 "}" CRLF *OCTET (RFC 3516 s4.2). The reader took a bare LF too.
std::optional<QByteArray> ImapLexer::literal(bool allowLiteral8, bool allowNul)
{
    const qsizetype start = m_pos;
    const bool literal8 = skip('~');
    if (literal8 && !allowLiteral8) {
        fail("A literal8 (~{n}) is only allowed for APPEND's message");
        m_pos = start;
        return std::nullopt;
    }
    if (!skip('{')) {
        m_pos = start;
        return std::nullopt;
    }
    const auto size = number64();
    if (size)
        skip('+'); // non-synchronizing: the reader did not ask for it, nothing else differs
    const bool valid = size && skip('}') && (skip('\n') || (skip('\r') && skip('\n')));
    if (!valid) {
        fail("Invalid literal: expected {n} or {n+} at the end of a line");
        m_pos = start;
        return std::nullopt;
    }
    if (*size > m_text.size() - m_pos) {
        fail("The literal is longer than the data sent");
        m_pos = start;
        return std::nullopt;
    }
    const QByteArrayView value = m_text.sliced(m_pos, qsizetype(*size));
    if (!allowNul && value.contains('\0')) {
        fail("NUL bytes are not allowed in a literal string (RFC 3501 s9)");
        m_pos = start;
        return std::nullopt;
    }
    m_pos += value.size();
    return value.toByteArray();
}

QByteArrayView ImapLexer::word()
{
    const qsizetype start = m_pos;
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (!(isDigit(c) || (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z') || c == '.'
              || c == '-'))
            break;
        ++m_pos;
    }
    return m_text.sliced(start, m_pos - start);
}

QByteArrayView ImapLexer::sequenceSetText()
{
    const qsizetype start = m_pos;
    while (m_pos < m_text.size()) {
        const char c = m_text[m_pos];
        if (c == ' ' || c == '(' || c == ')' || c == '\r' || c == '\n')
            break;
        ++m_pos;
    }
    return m_text.sliced(start, m_pos - start);
}

std::optional<qint64> ImapLexer::number64()
{
    const qsizetype start = m_pos;
    qint64 value = 0;
    while (m_pos < m_text.size() && isDigit(m_text[m_pos])) {
        const int digit = m_text[m_pos] - '0';
        if (value > (std::numeric_limits<qint64>::max() - digit) / 10) {
            qsizetype end = m_pos;
            while (end < m_text.size() && isDigit(m_text[end]))
                ++end;
            fail("The number " + printable(m_text.sliced(start, end - start), 30)
                 + " is too large");
            m_pos = start;
            return std::nullopt;
        }
        value = value * 10 + digit;
        ++m_pos;
    }
    if (m_pos == start)
        return std::nullopt;
    return value;
}

// number = 1*DIGIT, an unsigned 32-bit integer (RFC 3501 s9).
std::optional<quint32> ImapLexer::number()
{
    const qsizetype start = m_pos;
    const auto value = number64();
    if (!value)
        return std::nullopt;
    if (*value > std::numeric_limits<quint32>::max()) {
        fail("The number " + printable(m_text.sliced(start, m_pos - start)) + " is too large");
        m_pos = start;
        return std::nullopt;
    }
    return quint32(*value);
}

// nz-number = digit-nz *DIGIT
std::optional<quint32> ImapLexer::nzNumber()
{
    const qsizetype start = m_pos;
    if (peek() == '0') {
        fail("Expected a number above zero without leading zeros");
        return std::nullopt;
    }
    const auto value = number();
    if (!value)
        m_pos = start;
    return value;
}

std::optional<QByteArray> ImapLexer::flag()
{
    const qsizetype start = m_pos;
    const bool system = skip('\\');
    const auto name = atom();
    if (!name) {
        m_pos = start;
        return std::nullopt;
    }
    if (!system)
        return name;
    // RFC 3501 s9: flag "Does not include \Recent"; only the server sets it (s2.3.2).
    if (name->compare("Recent", Qt::CaseInsensitive) == 0) {
        fail("\\Recent cannot be set by a client (RFC 3501 s2.3.2)");
        m_pos = start;
        return std::nullopt;
    }
    return '\\' + *name;
}

std::optional<QList<QByteArray>> ImapLexer::flagList()
{
    const qsizetype start = m_pos;
    if (!skip('('))
        return std::nullopt;
    QList<QByteArray> flags;
    if (skip(')'))
        return flags;
    do {
        const auto one = flag();
        if (!one) {
            fail("Invalid flag in the flag list at \"" + upcoming() + '"');
            m_pos = start;
            return std::nullopt;
        }
        flags.append(*one);
    } while (space());
    if (!skip(')')) {
        fail("Expected ) to end the flag list");
        m_pos = start;
        return std::nullopt;
    }
    return flags;
}

std::optional<int> ImapLexer::digits(int count)
{
    if (m_text.size() - m_pos < count)
        return std::nullopt;
    int value = 0;
    for (int i = 0; i < count; ++i) {
        const char c = m_text[m_pos + i];
        if (!isDigit(c))
            return std::nullopt;
        value = value * 10 + (c - '0');
    }
    m_pos += count;
    return value;
}

// date-month = "Jan" / "Feb" / ... / "Dec", in any case (RFC 3501 s9 note 1).
std::optional<int> ImapLexer::month()
{
    static const char *const names[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                         "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    const QByteArrayView rest = m_text.sliced(m_pos);
    if (rest.size() < 3)
        return std::nullopt;
    for (int i = 0; i < 12; ++i) {
        if (rest.first(3).compare(QByteArrayView(names[i]), Qt::CaseInsensitive) == 0) {
            m_pos += 3;
            return i + 1;
        }
    }
    return std::nullopt;
}

std::optional<QDate> ImapLexer::date()
{
    const qsizetype start = m_pos;
    const bool quotedDate = skip('"');
    // date-day = 1*2DIGIT
    auto day = digits(2);
    if (!day)
        day = digits(1);
    std::optional<int> monthNumber;
    std::optional<int> year;
    const bool parsed = day && skip('-') && (monthNumber = month()) && skip('-')
        && (year = digits(4)) && (!quotedDate || skip('"'));
    if (!parsed || !QDate(*year, *monthNumber, *day).isValid()) {
        fail("Invalid date at \"" + quote(start, 20) + "\": expected a date such as 1-Feb-1994");
        m_pos = start;
        return std::nullopt;
    }
    return QDate(*year, *monthNumber, *day);
}

std::optional<QDateTime> ImapLexer::dateTime()
{
    const qsizetype start = m_pos;
    if (!skip('"'))
        return std::nullopt;
    // date-day-fixed = (SP DIGIT) / 2DIGIT; a lone digit is taken too.
    skip(' ');
    auto day = digits(2);
    if (!day)
        day = digits(1);
    std::optional<int> monthNumber, year, hour, minute, second, zoneHours, zoneMinutes;
    char sign = 0;
    const bool parsed = day && skip('-') && (monthNumber = month()) && skip('-')
        && (year = digits(4)) && space() && (hour = digits(2)) && skip(':') && (minute = digits(2))
        && skip(':') && (second = digits(2)) && space() && ((sign = peek()) == '+' || sign == '-')
        && skip(sign) && (zoneHours = digits(2)) && (zoneMinutes = digits(2)) && skip('"');
    if (parsed) {
        const QDate date(*year, *monthNumber, *day);
        const QTime time(*hour, *minute, *second);
        if (date.isValid() && time.isValid() && *zoneHours < 24 && *zoneMinutes < 60) {
            const int offset = (sign == '-' ? -1 : 1) * (*zoneHours * 3600 + *zoneMinutes * 60);
            const QDateTime dateTime(date, time, Qt::OffsetFromUTC, offset);
            if (dateTime.isValid())
                return dateTime;
        }
    }
    // The quoted string as sent, closing quote included when there is one.
    const qsizetype close = m_text.indexOf('"', start + 1);
    const QByteArray sent =
        close < 0 ? quote(start, 32) : printable(m_text.sliced(start, close + 1 - start), 40);
    fail("Invalid date-time " + sent + ": expected one such as \"17-Jul-1996 02:44:25 -0700\"");
    m_pos = start;
    return std::nullopt;
}

void ImapLexer::fail(const QByteArray &message)
{
    if (m_error.isEmpty())
        m_error = message;
}

void ImapLexer::refuse(const QByteArray &message)
{
    if (m_error.isEmpty()) {
        m_error = message;
        m_refused = true;
    }
}

QByteArray ImapLexer::quote(qsizetype from, qsizetype max) const
{
    QByteArrayView rest = m_text.sliced(from);
    const qsizetype lineEnd = rest.indexOf('\n');
    if (lineEnd >= 0)
        rest = rest.first(lineEnd);
    if (rest.endsWith('\r'))
        rest.chop(1);
    return printable(rest, max);
}

QByteArray ImapLexer::printable(QByteArrayView text, qsizetype max)
{
    QByteArray out;
    for (qsizetype i = 0; i < text.size() && i < max; ++i) {
        const char c = text[i];
        out += (c >= ' ' && c < 0x7f) ? c : '?';
    }
    if (text.size() > max)
        out += "...";
    return out;
}

} // namespace magpie::server
