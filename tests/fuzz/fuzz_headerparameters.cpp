// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as a Content-Type or Content-Disposition body: parsing never crashes, and every
// parameter value formatted again parses back to the same text (RFC 2045 s5.1, RFC 2231).
#include "mime/HeaderField.h"
#include "mime/HeaderParameters.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using magpie::mime::HeaderParameters;
    const QByteArrayView body(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto parsed = HeaderParameters::parse(body);
    for (const auto &p : parsed.parameters) {
        // Lost bytes (U+FFFD), lone surrogates, and names format() would have to change
        // (RFC 2231 attribute-char excludes "*", "'" and "%") have no exact round trip.
        const bool oddName = p.first.isEmpty() || p.first.contains('*') || p.first.contains('\'')
            || p.first.contains('%');
        if (oddName || p.second.contains(QChar(QChar::ReplacementCharacter))
            || !p.second.isValidUtf16())
            continue;
        const QByteArray formatted = HeaderParameters::format(p.first, p.second);
        if (formatted.contains("\r\n\r\n"))
            std::abort();
        const auto again = HeaderParameters::parse(
            magpie::mime::HeaderField::unfold(QByteArray("x/y" + formatted)));
        if (again.parameter(p.first) != p.second)
            std::abort();
    }
    return 0;
}
