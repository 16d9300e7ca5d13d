// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as a body: every decoder copes (RFC 2045 s6), and the encoders round-trip them.
#include "mime/TransferEncoding.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using magpie::mime::TransferEncoding;
    const QByteArrayView bytes(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    bool damaged = false;
    (void)TransferEncoding::decodeBase64(bytes, &damaged);
    (void)TransferEncoding::decodeQuotedPrintable(bytes, &damaged);
    (void)TransferEncoding::decodeQ(bytes, &damaged);
    (void)TransferEncoding::decodeUuencode(bytes, &damaged);
    if (TransferEncoding::decodeBase64(TransferEncoding::encodeBase64(bytes), &damaged) != bytes
        || damaged)
        std::abort();
    if (TransferEncoding::decodeQuotedPrintable(
            TransferEncoding::encodeQuotedPrintable(bytes, false), &damaged)
            != bytes
        || damaged)
        std::abort();
    return 0;
}
