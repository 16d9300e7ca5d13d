// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/MailboxName.h"

namespace magpie::imap {

namespace {

// Modified base64 (RFC 3501 s5.1.3): the RFC 2045 alphabet with "," in place of "/".
constexpr char kAlphabet[] = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+,";

int sextetOf(char c)
{
    if (c >= 'A' && c <= 'Z')
        return c - 'A';
    if (c >= 'a' && c <= 'z')
        return c - 'a' + 26;
    if (c >= '0' && c <= '9')
        return c - '0' + 52;
    if (c == '+')
        return 62;
    if (c == ',')
        return 63;
    return -1;
}

bool isPrintableAscii(char16_t c) { return c >= 0x20 && c <= 0x7e; }

void appendShifted(QByteArray &out, const char16_t *units, qsizetype count)
{
    out.append('&');
    quint32 bits = 0;
    int bitCount = 0;
    for (qsizetype i = 0; i < count; ++i) {
        bits = (bits << 16) | units[i];
        bitCount += 16;
        while (bitCount >= 6) {
            bitCount -= 6;
            out.append(kAlphabet[(bits >> bitCount) & 0x3f]);
        }
    }
    if (bitCount > 0)
        out.append(kAlphabet[(bits << (6 - bitCount)) & 0x3f]);
    out.append('-');
}

} // namespace

QByteArray MailboxName::encode(const QString &name)
{
    QByteArray out;
    out.reserve(name.size());
    const auto *units = reinterpret_cast<const char16_t *>(name.utf16());
    const qsizetype n = name.size();
    qsizetype i = 0;
    while (i < n) {
        const char16_t c = units[i];
        if (c == u'&') {
            out.append("&-");
            ++i;
        } else if (isPrintableAscii(c)) {
            out.append(static_cast<char>(c));
            ++i;
        } else {
            qsizetype end = i;
            while (end < n && !isPrintableAscii(units[end]))
                ++end;
            appendShifted(out, units + i, end - i);
            i = end;
        }
    }
    return out;
}

std::optional<QString> MailboxName::decode(QByteArrayView wire)
{
    QString out;
    out.reserve(wire.size());
    const qsizetype n = wire.size();
    qsizetype i = 0;
    while (i < n) {
        const char c = wire[i];
        if (!isPrintableAscii(static_cast<unsigned char>(c)))
            return std::nullopt;
        if (c != '&') {
            out.append(QLatin1Char(c));
            ++i;
            continue;
        }
        ++i;
        if (i < n && wire[i] == '-') {
            out.append(u'&');
            ++i;
            continue;
        }
        quint32 bits = 0;
        int bitCount = 0;
        qsizetype unitsDecoded = 0;
        while (i < n && wire[i] != '-') {
            const int sextet = sextetOf(wire[i]);
            if (sextet < 0)
                return std::nullopt;
            bits = (bits << 6) | static_cast<quint32>(sextet);
            bitCount += 6;
            if (bitCount >= 16) {
                bitCount -= 16;
                const auto unit = static_cast<char16_t>((bits >> bitCount) & 0xffff);
                // Printable ASCII must represent itself, never hide in a shift (s5.1.3).
                if (isPrintableAscii(unit))
                    return std::nullopt;
                out.append(QChar(unit));
                ++unitsDecoded;
            }
            ++i;
        }
        if (i == n || unitsDecoded == 0)
            return std::nullopt; // unterminated shift, or "&" + base64 too short for one unit
        // What is left must be padding: fewer than 6 bits, all zero.
        if (bitCount >= 6 || (bits & ((1u << bitCount) - 1)) != 0)
            return std::nullopt;
        ++i; // the closing "-"
    }
    // A lone surrogate would turn into U+FFFD later and two names could collide.
    for (qsizetype k = 0; k < out.size(); ++k) {
        const QChar ch = out.at(k);
        if (ch.isHighSurrogate()) {
            if (k + 1 >= out.size() || !out.at(k + 1).isLowSurrogate())
                return std::nullopt;
            ++k;
        } else if (ch.isLowSurrogate()) {
            return std::nullopt;
        }
    }
    return out;
}

} // namespace magpie::imap
