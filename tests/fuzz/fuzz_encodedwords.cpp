// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as an unstructured header value: decoding never crashes, and encoding what was
// decoded gives lines of at most 78 columns that decode back to the same text (RFC 2047).
#include "mime/EncodedWords.h"
#include "mime/HeaderField.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using magpie::mime::EncodedWords;
    const QByteArrayView value(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const QString text =
        EncodedWords::decode(value, size % 2 ? QByteArrayView("koi8-r") : QByteArrayView());
    // U+FFFD stands for bytes that were lost, a lone surrogate (UTF-7, UTF-16) has no UTF-8:
    // no exact round trip to check for either.
    if (text.contains(QChar(QChar::ReplacementCharacter)) || !text.isValidUtf16())
        return 0;
    const QByteArray encoded = EncodedWords::encode(text, static_cast<int>(size % 40));
    if (encoded.contains("\r\n\r\n"))
        std::abort(); // an empty line would end the header section
    QString back = EncodedWords::decode(magpie::mime::HeaderField::unfold(encoded));
    if (encoded.startsWith("\r\n ") && !text.startsWith(u' '))
        back.remove(0, 1);
    if (back != text)
        std::abort();
    const QByteArray phrase = EncodedWords::encodePhrase(text);
    if (phrase.contains('\r') || phrase.contains('\n'))
        std::abort();
    return 0;
}
