// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace magpie::mime {

// Text decoded from bytes in a declared charset, and how trustworthy the result is.
struct DecodedText
{
    QString text;
    QByteArray charset;        // the charset actually used, canonical lower-case ("utf-8",
                               // "windows-1252", "iso-8859-15", "shift_jis", ...)
    bool labelUnknown = false; // the declared label is not a charset we know
    bool fellBack = false;     // declared charset unknown or wrong: decoded with a fallback
};

// Charset decoding for mail (RFC 2045 s5.1, RFC 2046 s4.1.2, RFC 2047, RFC 6532), through
// QStringDecoder and ICU: ISO-8859-*, windows-125*, KOI8-R/U, Shift_JIS, ISO-2022-JP, EUC-*,
// GB2312/GBK/GB18030, Big5, UTF-7, UTF-16/32 and their common aliases ("latin1", "utf8",
// "x-sjis", "ks_c_5601-1987", "cp1252", "iso8859-1" without the dash ...).
class Charsets
{
public:
    // Decodes `bytes` labelled `label` (case-insensitive, surrounding quotes/space ignored).
    // An empty label means US-ASCII, but 8-bit bytes are then read as below. An unknown label,
    // or bytes invalid in the declared charset, fall back: valid UTF-8 first, then
    // windows-1252 (which maps every byte), and `fellBack` says so. US-ASCII and ISO-8859-1
    // labels are read as windows-1252, as every mail client does. Never fails, never loses a
    // byte silently: what cannot be decoded becomes U+FFFD only in the last resort. The text is
    // always valid UTF-16: no unpaired surrogate survives.
    // Clarifications:
    // - a US-ASCII label on 8-bit bytes is treated like an empty label (UTF-8 if valid, else
    //   windows-1252, `fellBack` set); an ISO-8859-1 label reports charset "windows-1252";
    // - the last resort: when bytes are invalid in the declared charset and not UTF-8, but
    //   the declared charset decoded at least as many non-ASCII characters as there were bad
    //   sequences (a CJK subject cut short, one corrupt byte), the declared decoding is kept
    //   with one U+FFFD per bad sequence (`fellBack` false), rather than windows-1252 mojibake;
    // - GB2312/GBK are decoded with GB18030, Big5 with Big5-HKSCS, EUC-KR/ks_c_5601-1987 with
    //   windows-949 (the supersets the senders use); `charset` keeps the label's name.
    static DecodedText decode(QByteArrayView bytes, QByteArrayView label);

    static bool isKnown(QByteArrayView label);
    static bool isValidUtf8(QByteArrayView bytes);
    // The canonical lower-case name for a known label ("latin1" -> "iso-8859-1"), or empty.
    static QByteArray canonicalName(QByteArrayView label);

private:
    // decode() before unpaired UTF-16 surrogates are replaced.
    static DecodedText decodeAsDeclared(QByteArrayView bytes, QByteArrayView label);
};

} // namespace magpie::mime
