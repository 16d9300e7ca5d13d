// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Mailbox.h"

#include <QByteArrayView>
#include <QList>
#include <QStringList>

namespace magpie::mime {

// The reading half of AddressList (RFC 5322 s3.4 and the s4.4 obsolete forms), kept apart
// from Mailbox.cpp for size. Internal to magpie_mime: use AddressList::parse.
class AddressParser
{
public:
    static QList<Mailbox> parse(QByteArrayView fieldBody, QStringList *warnings);

    // dot-atom-text (s3.2.3); with `utf8`, UTF-8 beyond ASCII counts as atext (RFC 6532
    // s3.2). Shared with AddressList::format, which must accept exactly what parse writes.
    static bool isDotAtomText(QByteArrayView text, bool utf8);
};

} // namespace magpie::mime
