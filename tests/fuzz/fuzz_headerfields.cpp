// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes as the body of an address, Date or message-id field (RFC 5322 s3.3, s3.4,
// s3.6.4; encoded words and parameters have fuzz targets of their own). Nothing may crash or
// hang, and what a parser returns must survive being written and read again.
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
    const QByteArray written = AddressList::format(mailboxes);
    if (!written.isEmpty() && AddressList::parse(written) != mailboxes)
        std::abort();

    if (const auto date = MessageDate::parse(body)) {
        const auto again = MessageDate::parse(MessageDate::format(*date));
        if (!again || *again != *date)
            std::abort();
    }

    const QList<QByteArray> ids = MessageIds::parse(body);
    (void)MessageIds::format(ids);
    return 0;
}
