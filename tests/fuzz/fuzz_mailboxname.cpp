// SPDX-License-Identifier: GPL-3.0-or-later
// Any bytes a server sends as a mailbox name: decoding never crashes, and whatever decodes
// encodes back to exactly the same bytes (so two different wire names never map to one name).
#include "net/imap/MailboxName.h"

#include <cstdint>
#include <cstdlib>

extern "C" int LLVMFuzzerTestOneInput(const uint8_t *data, size_t size)
{
    const QByteArrayView wire(reinterpret_cast<const char *>(data), static_cast<qsizetype>(size));
    const auto name = magpie::imap::MailboxName::decode(wire);
    if (!name)
        return 0;
    const auto again = magpie::imap::MailboxName::decode(magpie::imap::MailboxName::encode(*name));
    if (!again || *again != *name)
        std::abort();
    return 0;
}
