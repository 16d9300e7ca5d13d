// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/ImapResponse.h"

namespace magpie::imap {

bool ImapValue::isAtom(QByteArrayView name) const
{
    return kind == Kind::Atom && bytes.size() == name.size()
        && QByteArrayView(bytes).compare(name, Qt::CaseInsensitive) == 0;
}

QByteArray ImapValue::text() const
{
    // RFC 3501 s4.5: NIL is "no string"; an atom or a number where a string was expected is
    // read as its bytes (servers are sloppy about quoting, e.g. unquoted mailbox names).
    switch (kind) {
    case Kind::Atom:
    case Kind::Number:
    case Kind::String:
        return bytes;
    case Kind::Nil:
    case Kind::List:
        break;
    }
    return {};
}

} // namespace magpie::imap
