// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/TransferEncoding.h"

#include <array>

namespace magpie::mime {

namespace {

constexpr char base64Alphabet[] =
    "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";
constexpr char hexDigits[] = "0123456789ABCDEF";

// RFC 2045 s6.8 table 1, as a byte -> value map (-1: not in the alphabet).
constexpr std::array<signed char, 256> base64Values = [] {
    std::array<signed char, 256> t {};
    for (auto &v : t)
        v = -1;
    for (int i = 0; i < 64; ++i)
        t[static_cast<unsigned char>(base64Alphabet[i])] = static_cast<signed char>(i);
    return t;
}();

// Hex digit value, upper or lower case (RFC 2045 s6.7 rule 1 asks for upper case; mailers
// send both); -1 otherwise.
constexpr std::array<signed char, 256> hexValues = [] {
    std::array<signed char, 256> t {};
    for (auto &v : t)
        v = -1;
    for (int i = 0; i < 10; ++i)
        t['0' + i] = static_cast<signed char>(i);
    for (int i = 0; i < 6; ++i) {
        t['A' + i] = static_cast<signed char>(10 + i);
        t['a' + i] = static_cast<signed char>(10 + i);
    }
    return t;
}();

int hexValue(char c)
{
    return hexValues[static_cast<unsigned char>(c)];
}

bool isWsp(char c)
{
    return c == ' ' || c == '\t';
}

bool isSpace(char c)
{
    return c == ' ' || c == '\t' || c == '\r' || c == '\n' || c == '\f' || c == '\v';
}

void setDamaged(bool *damaged, bool value)
{
    if (damaged)
        *damaged = value;
}

bool equalsIgnoringCase(QByteArrayView a, QByteArrayView b)
{
    if (a.size() != b.size())
        return false;
    for (qsizetype i = 0; i < a.size(); ++i) {
        char c = a[i];
        if (c >= 'A' && c <= 'Z')
            c = char(c - 'A' + 'a');
        if (c != b[i])
            return false;
    }
    return true;
}

// The byte for an "=XX" escape at `i` (the "="), or -1 when two hex digits do not follow.
int escapedByte(QByteArrayView data, qsizetype i)
{
    if (i + 2 >= data.size())
        return -1;
    const int hi = hexValue(data[i + 1]);
    const int lo = hexValue(data[i + 2]);
    return hi < 0 || lo < 0 ? -1 : (hi << 4) | lo;
}

// RFC 1341 appendix / POSIX uuencode: each character carries six bits, offset by 0x20;
// "`" stands for zero.
int uuValue(char c)
{
    return (static_cast<unsigned char>(c) - 0x20) & 0x3F;
}

} // namespace

TransferEncoding::Kind TransferEncoding::fromName(QByteArrayView name)
{
    name = name.trimmed();
    if (name.isEmpty())
        return SevenBit; // RFC 2045 s6.1: the default
    struct Entry
    {
        QByteArrayView name;
        Kind kind;
    };
    static constexpr Entry names[] = {
        { "7bit", SevenBit },  { "8bit", EightBit },
        { "binary", Binary },  { "quoted-printable", QuotedPrintable },
        { "base64", Base64 },  { "x-uuencode", UUEncode },
        { "x-uue", UUEncode }, { "uuencode", UUEncode },
    };
    for (const Entry &e : names) {
        if (equalsIgnoringCase(name, e.name))
            return e.kind;
    }
    return Unknown;
}

QByteArray TransferEncoding::name(Kind kind)
{
    switch (kind) {
    case SevenBit:
        return "7bit";
    case EightBit:
        return "8bit";
    case Binary:
        return "binary";
    case QuotedPrintable:
        return "quoted-printable";
    case Base64:
        return "base64";
    case UUEncode:
        return "x-uuencode";
    case Unknown:
        break;
    }
    return {};
}

QByteArray TransferEncoding::decode(Kind kind, QByteArrayView data, bool *damaged)
{
    switch (kind) {
    case QuotedPrintable:
        return decodeQuotedPrintable(data, damaged);
    case Base64:
        return decodeBase64(data, damaged);
    case UUEncode:
        return decodeUuencode(data, damaged);
    case SevenBit:
    case EightBit:
    case Binary:
    case Unknown:
        break;
    }
    setDamaged(damaged, false);
    return data.toByteArray();
}

QByteArray TransferEncoding::decodeBase64(QByteArrayView data, bool *damaged)
{
    const qsizetype n = data.size();
    QByteArray out(n / 4 * 3 + 3, Qt::Uninitialized);
    char *const begin = out.data();
    char *dst = begin;
    quint32 quantum = 0;
    int have = 0;
    bool bad = false;
    qsizetype i = 0;
    for (; i < n; ++i) {
        const char c = data[i];
        const int v = base64Values[static_cast<unsigned char>(c)];
        if (v >= 0) {
            quantum = (quantum << 6) | quint32(v);
            if (++have == 4) {
                *dst++ = char(quantum >> 16);
                *dst++ = char(quantum >> 8);
                *dst++ = char(quantum);
                quantum = 0;
                have = 0;
            }
        } else if (c == '=') {
            break; // RFC 2045 s6.8: "=" is only padding, so the data ends here
        } else if (!isSpace(c)) {
            bad = true; // must be ignored (s6.8), but says the body was damaged
        }
    }
    // A final partial quantum: 2 characters carry one byte, 3 carry two; 1 carries none.
    if (have == 1) {
        bad = true;
    } else if (have == 2) {
        *dst++ = char(quantum >> 4);
    } else if (have == 3) {
        *dst++ = char(quantum >> 10);
        *dst++ = char(quantum >> 2);
    }
    // After the padding only more "=" and whitespace may follow.
    for (++i; i < n; ++i) {
        if (data[i] != '=' && !isSpace(data[i])) {
            bad = true;
            break;
        }
    }
    out.truncate(dst - begin);
    setDamaged(damaged, bad);
    return out;
}

QByteArray TransferEncoding::decodeQuotedPrintable(QByteArrayView data, bool *damaged)
{
    const qsizetype n = data.size();
    QByteArray out(n, Qt::Uninitialized); // decoding never grows the data
    char *const begin = out.data();
    char *dst = begin;
    char *trailingSpace = nullptr; // where a run of literal spaces/tabs began in `out`
    bool bad = false;
    qsizetype i = 0;
    while (i < n) {
        const char c = data[i];
        if (isWsp(c)) {
            if (!trailingSpace)
                trailingSpace = dst;
            *dst++ = c;
            ++i;
            continue;
        }
        const qsizetype lineBreak = c == '\n'                 ? 1
            : (c == '\r' && i + 1 < n && data[i + 1] == '\n') ? 2
                                                              : 0;
        if (lineBreak) {
            // s6.7 rule 3: whitespace at the end of a line was added in transport.
            if (trailingSpace)
                dst = trailingSpace;
            trailingSpace = nullptr;
            for (qsizetype k = 0; k < lineBreak; ++k)
                *dst++ = data[i + k];
            i += lineBreak;
            continue;
        }
        trailingSpace = nullptr;
        if (c != '=') {
            *dst++ = c;
            ++i;
            continue;
        }
        const int byte = escapedByte(data, i);
        if (byte >= 0) {
            *dst++ = char(byte);
            i += 3;
            continue;
        }
        // s6.7 rule 5: "=" ends a line as a soft break; transport may have added whitespace
        // after it. An "=" at the very end of the data is a soft break with nothing after it.
        qsizetype j = i + 1;
        while (j < n && isWsp(data[j]))
            ++j;
        if (j == n || (data[j] == '\r' && j + 1 == n)) {
            i = n;
        } else if (data[j] == '\n') {
            i = j + 1;
        } else if (data[j] == '\r' && data[j + 1] == '\n') {
            i = j + 2;
        } else {
            // Not an escape: keep the "=" as it was sent (s6.7 note on robust decoding).
            bad = true;
            *dst++ = '=';
            ++i;
        }
    }
    if (trailingSpace)
        dst = trailingSpace; // the end of the data ends the last line too
    out.truncate(dst - begin);
    setDamaged(damaged, bad);
    return out;
}

QByteArray TransferEncoding::decodeQ(QByteArrayView data, bool *damaged)
{
    const qsizetype n = data.size();
    QByteArray out(n, Qt::Uninitialized);
    char *const begin = out.data();
    char *dst = begin;
    bool bad = false;
    for (qsizetype i = 0; i < n; ++i) {
        const char c = data[i];
        if (c == '_') {
            *dst++ = ' '; // RFC 2047 s4.2 (2): "_" is 0x20 whatever the charset
        } else if (c == '=') {
            const int byte = escapedByte(data, i);
            if (byte >= 0) {
                *dst++ = char(byte);
                i += 2;
            } else {
                bad = true;
                *dst++ = '=';
            }
        } else {
            *dst++ = c;
        }
    }
    out.truncate(dst - begin);
    setDamaged(damaged, bad);
    return out;
}

QByteArray TransferEncoding::decodeUuencode(QByteArrayView data, bool *damaged)
{
    QByteArray out;
    out.reserve(data.size() / 4 * 3);
    bool begun = false;
    bool ended = false;
    bool bad = false;
    const qsizetype n = data.size();
    qsizetype pos = 0;
    while (pos < n && !ended) {
        qsizetype eol = data.indexOf('\n', pos);
        if (eol < 0)
            eol = n;
        QByteArrayView line = data.sliced(pos, eol - pos);
        pos = eol + 1;
        if (line.endsWith('\r'))
            line.chop(1);
        if (!begun) {
            begun = line.startsWith("begin ");
            continue;
        }
        if (line == "end" || line.startsWith("end ")) {
            ended = true;
            continue;
        }
        if (line.isEmpty())
            continue;
        const int count = uuValue(line[0]);
        // Each line holds `count` bytes in groups of four characters. Transport often strips
        // trailing spaces (value 0): missing characters count as zero. More missing than one
        // group's worth of such spaces means the line was cut, and the file is damaged.
        const qsizetype needed = 1 + (count + 2) / 3 * 4;
        if (line.size() < needed - 4)
            bad = true;
        for (int k = 0; k < count; k += 3) {
            quint32 group = 0;
            for (int m = 0; m < 4; ++m) {
                const qsizetype at = 1 + (k / 3) * 4 + m;
                const char c = at < line.size() ? line[at] : ' ';
                if (static_cast<unsigned char>(c) < 0x20 || static_cast<unsigned char>(c) > 0x60)
                    bad = true;
                group = (group << 6) | quint32(uuValue(c));
            }
            const char bytes[3] = { char(group >> 16), char(group >> 8), char(group) };
            out.append(bytes, qMin(3, count - k));
        }
    }
    setDamaged(damaged, bad || !begun || !ended);
    return out;
}

QByteArray TransferEncoding::encodeBase64(QByteArrayView data)
{
    const qsizetype n = data.size();
    const qsizetype chars = (n + 2) / 3 * 4;
    const qsizetype lines = (chars + 75) / 76;
    QByteArray out(chars + 2 * lines, Qt::Uninitialized);
    char *dst = out.data();
    int column = 0;
    const auto *src = reinterpret_cast<const unsigned char *>(data.data());
    for (qsizetype i = 0; i < n; i += 3) {
        const qsizetype left = n - i;
        const quint32 group = (quint32(src[i]) << 16) | (left > 1 ? quint32(src[i + 1]) << 8 : 0)
            | (left > 2 ? quint32(src[i + 2]) : 0);
        *dst++ = base64Alphabet[(group >> 18) & 63];
        *dst++ = base64Alphabet[(group >> 12) & 63];
        *dst++ = left > 1 ? base64Alphabet[(group >> 6) & 63] : '=';
        *dst++ = left > 2 ? base64Alphabet[group & 63] : '=';
        column += 4;
        // RFC 2045 s6.8: no more than 76 characters a line.
        if (column == 76 || i + 3 >= n) {
            *dst++ = '\r';
            *dst++ = '\n';
            column = 0;
        }
    }
    return out;
}

QByteArray TransferEncoding::encodeQuotedPrintable(QByteArrayView data, bool isText)
{
    const qsizetype n = data.size();
    const char *src = data.data();
    // Written through a pointer, grown by doubling: one token is at most 6 bytes ("=\r\n=XX").
    QByteArray out(n + n / 8 + 16, Qt::Uninitialized);
    char *dst = out.data();
    char *limit = dst + out.size();
    auto reserveToken = [&] {
        if (limit - dst >= 8)
            return;
        const qsizetype used = dst - out.data();
        out.resize(out.size() * 2);
        dst = out.data() + used;
        limit = out.data() + out.size();
    };
    // Length of a line break at `i` (text only: CRLF or a bare LF), else 0.
    auto lineBreakAt = [&](qsizetype i) -> qsizetype {
        if (!isText || i >= n)
            return 0;
        if (src[i] == '\n')
            return 1;
        return src[i] == '\r' && i + 1 < n && src[i + 1] == '\n' ? 2 : 0;
    };
    int column = 0;
    qsizetype i = 0;
    while (i < n) {
        reserveToken();
        if (const qsizetype br = lineBreakAt(i)) {
            *dst++ = '\r'; // s6.7 rule 4
            *dst++ = '\n';
            column = 0;
            i += br;
            continue;
        }
        const char c = src[i];
        const auto u = static_cast<unsigned char>(c);
        const bool lastOnLine = i + 1 == n || lineBreakAt(i + 1) > 0;
        auto mustEncode = [&](int atColumn) {
            if (c == '=' || u >= 127 || (u < 32 && c != '\t'))
                return true; // rules 1 and 2
            if (c == ' ' || c == '\t')
                return lastOnLine; // rule 3: no whitespace at the end of an encoded line
            // A line "." would end SMTP DATA where dot-stuffing is broken (RFC 5321 s4.5.2);
            // "From " at a line start is mangled to ">From " in mbox files.
            if (atColumn == 0)
                return c == '.' || (c == 'F' && data.sliced(i).startsWith("From "));
            return false;
        };
        int width = mustEncode(column) ? 3 : 1;
        // Rule 5: at most 76 characters a line, so a soft break "=" must still fit unless the
        // line ends right after this character.
        if (column + width > (lastOnLine ? 76 : 75)) {
            *dst++ = '=';
            *dst++ = '\r';
            *dst++ = '\n';
            column = 0;
            width = mustEncode(0) ? 3 : 1;
        }
        if (width == 3) {
            *dst++ = '=';
            *dst++ = hexDigits[u >> 4];
            *dst++ = hexDigits[u & 15];
        } else {
            *dst++ = c;
        }
        column += width;
        ++i;
    }
    out.truncate(dst - out.data());
    return out;
}

} // namespace magpie::mime
