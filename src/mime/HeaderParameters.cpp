// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/HeaderParameters.h"

#include "mime/Charsets.h"
#include "mime/EncodedWords.h"

#include <QCoreApplication>
#include <QHash>

#include <algorithm>

namespace magpie::mime {

namespace {

// lupdate files a free tr() under the enclosing namespace; calls through this struct are
// filed under the context the runtime looks them up in.
struct ParameterText
{
    Q_DECLARE_TR_FUNCTIONS(magpie::mime::HeaderParameters)
};

QString nameArg(QByteArrayView name)
{
    return QString::fromLatin1(name);
}

bool isWsp(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n';
}

// RFC 2045 s5.1: tspecials.
bool isTspecial(char c)
{
    switch (c) {
    case '(':
    case ')':
    case '<':
    case '>':
    case '@':
    case ',':
    case ';':
    case ':':
    case '\\':
    case '"':
    case '/':
    case '[':
    case ']':
    case '?':
    case '=':
        return true;
    default:
        return false;
    }
}

// RFC 2045 s5.1: token := 1*<any (US-ASCII) CHAR except SPACE, CTLs, or tspecials>.
bool isTokenChar(char c)
{
    const auto u = static_cast<unsigned char>(c);
    return u > 0x20 && u < 0x7F && !isTspecial(c);
}

// RFC 2231 s7: attribute-char excludes "*", "'" and "%" too.
bool isAttributeChar(char c)
{
    return isTokenChar(c) && c != '*' && c != '\'' && c != '%';
}

char lower(char c)
{
    return c >= 'A' && c <= 'Z' ? char(c - 'A' + 'a') : c;
}

// A cursor over the field body; every read is bounds-checked.
class Reader
{
public:
    explicit Reader(QByteArrayView s, QStringList &warnings)
        : m_s(s)
        , m_warnings(warnings)
    { }

    bool atEnd() const { return m_pos >= m_s.size(); }
    char peek(qsizetype ahead = 0) const
    {
        return m_pos + ahead < m_s.size() ? m_s[m_pos + ahead] : '\0';
    }
    qsizetype pos() const { return m_pos; }
    void advance() { ++m_pos; }

    // RFC 5322 s3.2.2 CFWS: whitespace and (nested (comments)) with quoted-pairs.
    void skipCfws()
    {
        while (!atEnd()) {
            if (isWsp(peek())) {
                ++m_pos;
            } else if (peek() == '(') {
                skipComment();
            } else {
                return;
            }
        }
    }

    // RFC 5322 s3.2.4: the content of a quoted-string, `pos` at the opening DQUOTE.
    QByteArray quotedString()
    {
        QByteArray out;
        ++m_pos;
        while (!atEnd()) {
            const char c = m_s[m_pos++];
            if (c == '"')
                return out;
            if (c != '\\')
                out.append(c);
            else if (!atEnd())
                out.append(m_s[m_pos++]); // a backslash at the very end quotes nothing
        }
        m_warnings.append(ParameterText::tr("A quoted string is not terminated; it was read to the end."));
        return out;
    }

    QByteArrayView token()
    {
        const qsizetype start = m_pos;
        while (!atEnd() && isTokenChar(peek()))
            ++m_pos;
        return m_s.sliced(start, m_pos - start);
    }

    // Whether a parameter ("name" optional space "=") starts at `at`.
    bool parameterStartsAt(qsizetype at) const
    {
        const qsizetype start = at;
        while (at < m_s.size() && isTokenChar(m_s[at]))
            ++at;
        if (at == start)
            return false;
        while (at < m_s.size() && (m_s[at] == ' ' || m_s[at] == '\t'))
            ++at;
        return at < m_s.size() && m_s[at] == '=';
    }

    // After whitespace at `pos`: does a new parameter follow without its ";"?
    bool parameterFollowsSpace() const
    {
        qsizetype at = m_pos;
        while (at < m_s.size() && isWsp(m_s[at]))
            ++at;
        return at > m_pos && parameterStartsAt(at);
    }

    // An unquoted value: up to ";" or the end, spaces included (mailers do not quote
    // "My File.pdf"), trailing space and a trailing (comment) dropped.
    QByteArray unquotedValue(bool *missingSemicolon)
    {
        const qsizetype start = m_pos;
        while (!atEnd() && peek() != ';') {
            if (!isWsp(peek())) {
                ++m_pos;
                continue;
            }
            // Each run of spaces and the word after it are looked at once: linear time.
            qsizetype after = m_pos;
            while (after < m_s.size() && isWsp(m_s[after]))
                ++after;
            if (parameterStartsAt(after)) {
                *missingSemicolon = true;
                break;
            }
            m_pos = after;
        }
        QByteArrayView v = m_s.sliced(start, m_pos - start);
        while (!v.isEmpty() && isWsp(v.back()))
            v.chop(1);
        // RFC 2045 s5.1 example: "charset=us-ascii (Plain text)".
        if (v.endsWith(')')) {
            const qsizetype open = v.lastIndexOf('(');
            if (open > 0 && isWsp(v[open - 1]) && v.sliced(open + 1).indexOf('(') < 0) {
                v.truncate(open);
                while (!v.isEmpty() && isWsp(v.back()))
                    v.chop(1);
            }
        }
        return v.toByteArray();
    }

    // Skips to the next ";" (not consumed), saying what was skipped when `report`.
    void skipJunk(bool report = true)
    {
        const qsizetype start = m_pos;
        while (!atEnd() && peek() != ';') {
            if (peek() == '"')
                quotedString();
            else
                ++m_pos;
        }
        QByteArrayView junk = m_s.sliced(start, m_pos - start).trimmed();
        if (report && !junk.isEmpty()) {
            m_warnings.append(
                ParameterText::tr("Unexpected text was skipped: %1")
                    .arg(QString::fromLatin1(junk.first(qMin<qsizetype>(junk.size(), 40)))));
        }
    }

private:
    void skipComment()
    {
        int depth = 0;
        while (!atEnd()) {
            const char c = m_s[m_pos++];
            if (c == '\\') {
                if (!atEnd())
                    ++m_pos;
            } else if (c == '(') {
                ++depth;
            } else if (c == ')' && --depth == 0) {
                return;
            }
        }
        m_warnings.append(ParameterText::tr("A comment is not terminated; it was read to the end."));
    }

    QByteArrayView m_s;
    QStringList &m_warnings;
    qsizetype m_pos = 0;
};

struct RawParameter
{
    QByteArray name; // lower-case, without RFC 2231 section and star
    int section = -1; // RFC 2231 s3: name*N
    bool extended = false; // RFC 2231 s4: name* or name*N*
    QByteArray value;
};

// Splits "title*1*" into "title", 1, extended (RFC 2231 s7 ABNF).
RawParameter splitName(QByteArrayView token)
{
    RawParameter p;
    if (token.endsWith('*')) {
        p.extended = true;
        token.chop(1);
    }
    const qsizetype star = token.lastIndexOf('*');
    if (star > 0) {
        const QByteArrayView digits = token.sliced(star + 1);
        bool allDigits = !digits.isEmpty() && digits.size() <= 4; // more parts than any mail
        for (char c : digits)
            allDigits = allDigits && c >= '0' && c <= '9';
        if (allDigits) {
            p.section = digits.toInt();
            token.truncate(star);
        }
    }
    p.name.reserve(token.size());
    for (char c : token)
        p.name.append(lower(c));
    return p;
}

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    c = lower(c);
    return c >= 'a' && c <= 'f' ? c - 'a' + 10 : -1;
}

// RFC 2231 s7 ext-octet: "%" 2HEXDIG; a "%" that is not an escape is kept.
QByteArray percentDecoded(QByteArrayView v)
{
    QByteArray out;
    out.reserve(v.size());
    for (qsizetype i = 0; i < v.size(); ++i) {
        if (v[i] == '%' && i + 2 < v.size() && hexValue(v[i + 1]) >= 0 && hexValue(v[i + 2]) >= 0) {
            out.append(char(hexValue(v[i + 1]) << 4 | hexValue(v[i + 2])));
            i += 2;
        } else {
            out.append(v[i]);
        }
    }
    return out;
}

// Joins one parameter's RFC 2231 parts and decodes them.
QString assemble(QByteArrayView name, QList<RawParameter> parts, QStringList &warnings)
{
    std::stable_sort(parts.begin(), parts.end(), [](const RawParameter &a, const RawParameter &b) {
        return a.section < b.section;
    });
    QByteArray bytes;
    QByteArray charset;
    bool anyExtended = false;
    int expected = 0;
    bool gapReported = false;
    for (qsizetype i = 0; i < parts.size(); ++i) {
        const RawParameter &part = parts[i];
        if (i > 0 && part.section == parts[i - 1].section) {
            warnings.append(ParameterText::tr("Parameter %1 has part %2 more than once; the first is used.")
                                .arg(nameArg(name))
                                .arg(part.section));
            continue;
        }
        if (part.section != expected && !gapReported) {
            // RFC 2231 s3 forbids gaps; join what is there, in order.
            warnings.append(
                ParameterText::tr("Parameter %1 is missing part %2.").arg(nameArg(name)).arg(expected));
            gapReported = true;
        }
        expected = part.section + 1;
        if (!part.extended) {
            bytes.append(part.value);
            continue;
        }
        anyExtended = true;
        QByteArrayView v = part.value;
        // s4.1 (1): charset'language' only at the start of the first part.
        if (part.section <= 0) {
            const qsizetype q1 = v.indexOf('\'');
            const qsizetype q2 = q1 < 0 ? -1 : v.indexOf('\'', q1 + 1);
            if (q2 >= 0) {
                charset = v.first(q1).toByteArray();
                v = v.sliced(q2 + 1);
            } else {
                warnings.append(
                    ParameterText::tr("Parameter %1 does not give its character set.").arg(nameArg(name)));
            }
        }
        bytes.append(percentDecoded(v));
    }
    if (!anyExtended)
        return EncodedWords::decode(bytes); // plain parts may still hold RFC 2047 words
    // An empty or unknown charset: Charsets falls back to UTF-8, then windows-1252.
    return Charsets::decode(bytes, charset).text;
}

constexpr int lineLimit = 78; // RFC 5322 s2.1.1
// A parameter shorter than this stays on the line of its field ("Content-Type: text/plain;
// charset=utf-8"); a longer one starts its own line, as Thunderbird writes them.
constexpr int sameLineLimit = 40;

bool isUtf8Continuation(char c)
{
    return (static_cast<unsigned char>(c) & 0xC0) == 0x80;
}

} // namespace

QString ParameterizedValue::parameter(QByteArrayView name) const
{
    for (const auto &p : parameters) {
        if (p.first.size() == name.size()
            && std::equal(name.begin(), name.end(), p.first.begin(),
                          [](char a, char b) { return lower(a) == b; }))
            return p.second;
    }
    return {};
}

bool ParameterizedValue::hasParameter(QByteArrayView name) const
{
    return !parameter(name).isNull();
}

ParameterizedValue HeaderParameters::parse(QByteArrayView fieldBody)
{
    ParameterizedValue result;
    QStringList &warnings = result.warnings;
    Reader r(fieldBody, warnings);

    // The value: "type/subtype" or a disposition token, whitespace and comments removed.
    r.skipCfws();
    while (!r.atEnd() && r.peek() != ';') {
        if (isWsp(r.peek()) || r.peek() == '(') {
            if (r.peek() != '(' && r.parameterFollowsSpace()) {
                warnings.append(ParameterText::tr("A \";\" is missing after the value."));
                break;
            }
            r.skipCfws();
            continue;
        }
        if (r.peek() == '"') {
            for (char c : r.quotedString())
                result.value.append(lower(c));
            continue;
        }
        result.value.append(lower(r.peek()));
        r.advance();
    }
    if (result.value.isEmpty())
        warnings.append(ParameterText::tr("The field has no value before its parameters."));

    QList<RawParameter> raw;
    while (!r.atEnd()) {
        r.skipCfws();
        if (r.peek() == ';') {
            r.advance();
            continue;
        }
        if (r.atEnd())
            break;
        const QByteArrayView name = r.token();
        if (name.isEmpty()) {
            r.skipJunk();
            continue;
        }
        r.skipCfws();
        if (r.peek() != '=') {
            warnings.append(ParameterText::tr("Parameter %1 has no value.").arg(nameArg(name)));
            r.skipJunk(false);
            continue;
        }
        r.advance();
        r.skipCfws();
        RawParameter p = splitName(name);
        bool missingSemicolon = false;
        if (r.peek() == '"') {
            p.value = r.quotedString();
            r.skipCfws();
            if (!r.atEnd() && r.peek() != ';') {
                missingSemicolon = r.parameterStartsAt(r.pos());
                if (!missingSemicolon)
                    r.skipJunk();
            }
        } else {
            p.value = r.unquotedValue(&missingSemicolon);
        }
        if (missingSemicolon)
            warnings.append(ParameterText::tr("A \";\" is missing after parameter %1.").arg(nameArg(name)));
        raw.append(std::move(p));
    }

    // Group by name, in order of first appearance (RFC 2231 s3: parts may come in any order).
    // A field has a handful of parameters: a scan beats hashing; a hash keeps a hostile field
    // with thousands linear.
    QHash<QByteArray, qsizetype> groupOf;
    QList<QList<RawParameter>> groups;
    constexpr qsizetype scanLimit = 8;
    for (RawParameter &p : raw) {
        qsizetype at = -1;
        if (groups.size() <= scanLimit) {
            for (qsizetype g = 0; g < groups.size() && at < 0; ++g)
                at = groups[g].first().name == p.name ? g : -1;
        } else {
            if (groupOf.isEmpty()) {
                for (qsizetype g = 0; g < groups.size(); ++g)
                    groupOf.insert(groups[g].first().name, g);
            }
            at = groupOf.value(p.name, -1);
        }
        if (at >= 0) {
            groups[at].append(std::move(p));
            continue;
        }
        if (!groupOf.isEmpty())
            groupOf.insert(p.name, groups.size());
        groups.append({ std::move(p) });
    }
    for (QList<RawParameter> &group : groups) {
        const QByteArray name = group.first().name;
        QList<RawParameter> parts; // RFC 2231 sections
        const RawParameter *plain = nullptr;
        const RawParameter *extended = nullptr;
        bool duplicate = false;
        for (const RawParameter &p : group) {
            if (p.section >= 0)
                parts.append(p);
            else if (p.extended ? extended : plain)
                duplicate = true;
            else
                (p.extended ? extended : plain) = &p;
        }
        // The first occurrence wins: no RFC says which, and most parsers keep the first.
        if (duplicate) {
            warnings.append(
                ParameterText::tr("Parameter %1 appears more than once; the first is used.").arg(nameArg(name)));
        }
        // RFC 2231 forms carry the charset, so they win over a plain fallback value.
        QString value;
        if (!parts.isEmpty()) {
            value = assemble(name, parts, warnings);
        } else if (extended) {
            RawParameter first = *extended;
            first.section = 0;
            value = assemble(name, { first }, warnings);
        } else {
            value = EncodedWords::decode(plain->value);
        }
        if (value.isNull())
            value = QLatin1StringView("");
        result.parameters.append({ name, value });
    }
    return result;
}

QByteArray HeaderParameters::format(QByteArrayView name, const QString &value)
{
    // A name comes from our code, but never let it carry anything that ends the field.
    QByteArray attribute;
    for (char c : name) {
        if (isAttributeChar(c))
            attribute.append(c);
    }
    bool token = !value.isEmpty();
    bool printable = true;
    for (QChar c : value) {
        const char16_t u = c.unicode();
        printable = printable && u >= 0x20 && u < 0x7F;
        token = token && u < 0x80 && isTokenChar(char(u));
    }
    // Parsers (this one too) decode RFC 2047 words inside quoted values; text that merely
    // looks like one must be percent-encoded to survive ("=" and "?" are not attribute-char).
    if (value.contains(u"=?"))
        printable = false;
    QByteArray single;
    if (token) {
        single = attribute + '=' + value.toLatin1();
    } else if (printable) {
        // RFC 2045 s5.1 / RFC 5322 s3.2.4: a quoted-string, "\" and DQUOTE escaped.
        QByteArray quoted = value.toLatin1();
        quoted.replace('\\', "\\\\").replace('"', "\\\"");
        single = attribute + "=\"" + quoted + '"';
    }
    if (!single.isEmpty() && single.size() + 2 <= sameLineLimit)
        return "; " + single;
    if (!single.isEmpty() && single.size() + 1 <= lineLimit)
        return ";\r\n " + single;

    // RFC 2231: long values in parts (s3); non-ASCII as UTF-8 percent-escapes (s4). Pieces
    // are what must stay together: an escape, or all the bytes of one UTF-8 character, so
    // that a part decodes on its own even in parsers that do not join parts as bytes.
    const QByteArray utf8 = value.toUtf8();
    QList<QByteArray> pieces;
    pieces.reserve(utf8.size());
    static constexpr char hex[] = "0123456789ABCDEF";
    for (qsizetype i = 0; i < utf8.size();) {
        qsizetype end = i + 1;
        while (end < utf8.size() && isUtf8Continuation(utf8[end]))
            ++end;
        QByteArray piece;
        for (; i < end; ++i) {
            const char c = utf8[i];
            const auto u = static_cast<unsigned char>(c);
            if (printable) {
                if (c == '"' || c == '\\')
                    piece.append('\\');
                piece.append(c);
            } else if (isAttributeChar(c)) {
                piece.append(c);
            } else {
                piece.append('%').append(hex[u >> 4]).append(hex[u & 15]);
            }
        }
        pieces.append(piece);
    }
    const QByteArray prefix = printable ? QByteArray() : QByteArray("utf-8''");
    if (!printable) {
        QByteArray one = attribute + "*=" + prefix;
        for (const QByteArray &piece : pieces)
            one.append(piece);
        if (one.size() + 2 <= sameLineLimit)
            return "; " + one;
        if (one.size() + 1 <= lineLimit)
            return ";\r\n " + one;
    }
    QByteArray out;
    int section = 0;
    qsizetype next = 0;
    while (next < pieces.size()) {
        // " name*N*=" ... ";" on a line of its own.
        QByteArray line =
            attribute + '*' + QByteArray::number(section) + (printable ? "=\"" : "*=");
        if (section == 0)
            line.append(prefix);
        const qsizetype room = lineLimit - 1 - line.size() - (printable ? 2 : 1);
        qsizetype used = 0;
        const qsizetype first = next;
        while (next < pieces.size() && (next == first || used + pieces[next].size() <= room)) {
            used += pieces[next].size();
            line.append(pieces[next]);
            ++next;
        }
        if (printable)
            line.append('"');
        out.append(";\r\n ").append(line);
        ++section;
    }
    return out;
}

} // namespace magpie::mime
