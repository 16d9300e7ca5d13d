// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QString>

namespace magpie::mime {

// RFC 2047 encoded words ("=?charset?B?...?=" and "=?charset*lang?Q?...?=").
class EncodedWords
{
public:
    // Decodes an unstructured header value (Subject, a display name, a comment) to text:
    // - B and Q encodings, any charset Charsets knows (RFC 2047 s4), language suffix ignored
    //   (RFC 2231 s5);
    // - linear whitespace between two adjacent encoded words is dropped (s6.2);
    // - adjacent words in the same charset are joined as bytes before decoding, so a
    //   multi-byte character split across two words comes out whole (seen from many mailers);
    // - malformed words (bad encoding letter, broken base64, unknown charset, missing "?=")
    //   are left as they were, readable, never dropped;
    // - raw 8-bit bytes outside encoded words are UTF-8 (RFC 6532) when valid, else
    //   windows-1252 (`fallbackCharset` overrides that guess when the caller knows better).
    // Does not unfold: callers pass an unfolded value (HeaderField::unfold).
    // Clarifications: a Q word with a bad "=" escape is decoded with the "=" kept (not
    // malformed); words glued to text ("Re:=?utf-8?q?...?=") are decoded, as mailers send
    // them; raw 8-bit bytes inside a word are passed to its charset.
    static QString decode(QByteArrayView value, QByteArrayView fallbackCharset = {});

    // Encodes text for an unstructured header value: pure printable ASCII is returned as is;
    // otherwise the non-ASCII stretch becomes UTF-8 encoded words (Q or B, whichever is
    // shorter), each at most 75 characters (s2), never splitting a UTF-8 sequence, separated
    // by CRLF SP folds so that no line exceeds 78 characters given that `usedOnFirstLine`
    // columns (e.g. strlen("Subject: ")) precede the value on its first line.
    // Clarifications: ASCII words are also folded at their spaces when a line would exceed 78
    // (a single word longer than a line cannot be folded and is kept whole); a word that
    // holds control characters (CR, LF, NUL ...) or "=?" is encoded, so no input can end the
    // field. When `usedOnFirstLine` leaves no room for a first encoded word and the text
    // starts without whitespace, the value starts with a fold ("\r\n =?...").
    static QByteArray encode(const QString &text, int usedOnFirstLine = 0);

    // Encodes a display name for an address header (RFC 5322 s3.2.5 phrase): an atom sequence
    // as is, a quoted-string when it has specials but is ASCII, encoded words (RFC 2047 s5(3),
    // Q restricted to the phrase alphabet) when it is not ASCII. No folding.
    static QByteArray encodePhrase(const QString &name);
};

} // namespace magpie::mime
