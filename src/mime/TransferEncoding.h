// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>

namespace magpie::mime {

// Content-Transfer-Encoding (RFC 2045 s6), decoders tolerant of what mailers really send.
class TransferEncoding
{
public:
    enum Kind { SevenBit, EightBit, Binary, QuotedPrintable, Base64, UUEncode, Unknown };

    // From the header value, case-insensitive: "7bit", "8bit", "binary", "quoted-printable",
    // "base64", "x-uuencode"/"x-uue"/"uuencode"; empty means 7bit; anything else Unknown.
    static Kind fromName(QByteArrayView name);
    // The header value for `kind` ("x-uuencode" for UUEncode); empty for Unknown.
    static QByteArray name(Kind kind);

    // Decodes `data` as `kind`. 7bit/8bit/binary/Unknown return the bytes unchanged. When the
    // input is damaged `damaged` (if given) is set, and as much as possible is still decoded.
    static QByteArray decode(Kind kind, QByteArrayView data, bool *damaged = nullptr);

    // RFC 2045 s6.8: ignores characters outside the alphabet and line lengths, stops at the
    // first "=" padding end, decodes a final partial quantum as far as it goes. `damaged`:
    // characters other than whitespace outside the alphabet, a lone final character (bits
    // lost), or data after the padding; missing padding alone is not damage.
    static QByteArray decodeBase64(QByteArrayView data, bool *damaged = nullptr);
    // RFC 2045 s6.7: soft line breaks ("=" CRLF or "=" LF), trailing whitespace on lines
    // dropped, lower-case hex accepted, an "=" not followed by two hex digits kept literally.
    static QByteArray decodeQuotedPrintable(QByteArrayView data, bool *damaged = nullptr);
    // RFC 2047 s4.2 "Q": as quoted-printable, plus "_" is a space; no line breaks.
    static QByteArray decodeQ(QByteArrayView data, bool *damaged = nullptr);
    // "begin 644 name" ... "end" (the first file; lines before "begin" are skipped).
    static QByteArray decodeUuencode(QByteArrayView data, bool *damaged = nullptr);

    // Base64 in lines of 76 characters, each ended by CRLF (RFC 2045 s6.8).
    static QByteArray encodeBase64(QByteArrayView data);
    // Quoted-printable with CRLF line ends and lines of at most 76 characters (soft breaks);
    // for text (`isText`), CRLF and LF in the input are line breaks; trailing spaces/tabs,
    // "=", non-ASCII, control characters, and a leading "." or "From " are encoded so the body
    // survives SMTP and mbox (RFC 2045 s6.7 rules 1-5).
    static QByteArray encodeQuotedPrintable(QByteArrayView data, bool isText = true);
};

} // namespace magpie::mime
