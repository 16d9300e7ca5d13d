// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as a header field body, through every field parser: addresses, dates, message
// ids, parameters (RFC 2231) and encoded words (RFC 2047). None may crash or hang; and any
// text, once encoded for a header, must decode back to itself.
#include "mime/EncodedWords.h"
#include "mime/HeaderParameters.h"
#include "mime/Mailbox.h"
#include "mime/MessageDate.h"
#include "mime/MessageIds.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    using namespace magpie::mime;
    const QByteArrayView body(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));

    QStringList warnings;
    const QList<Mailbox> mailboxes = AddressList::parse(body, &warnings);
    (void)AddressList::format(mailboxes);
    if (const auto date = MessageDate::parse(body))
        (void)MessageDate::format(*date);
    (void)MessageIds::format(MessageIds::parse(body));
    (void)HeaderParameters::parse(body);

    const QString text = EncodedWords::decode(body);
    // Encoding is for one header line's worth of text: no line breaks in it.
    if (!text.contains(u'\r') && !text.contains(u'\n')) {
        const QString again = EncodedWords::decode(EncodedWords::encode(text, 9).replace("\r\n", ""));
        if (again != text)
            std::abort();
    }
    return 0;
}
