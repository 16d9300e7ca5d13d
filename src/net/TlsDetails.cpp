// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/TlsDetails.h"

namespace magpie::net {

QString TlsDetails::fingerprintText() const
{
    return QString::fromLatin1(sha256.toHex(':').toUpper());
}

} // namespace magpie::net
