// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/MessageFlags.h"

#include <algorithm>

namespace magpie::store {

namespace {

struct KnownFlag
{
    const char *name;
    MessageFlags::Flag flag;
};

// The order toImap() writes them in: system flags (RFC 3501 s2.3.2), then the registered
// keywords Magpie keeps as bits (RFC 5550 s2.8, RFC 3503, RFC 5788 registry).
constexpr KnownFlag knownFlags[] = {
    { "\\Seen", MessageFlags::Seen },          { "\\Answered", MessageFlags::Answered },
    { "\\Flagged", MessageFlags::Flagged },    { "\\Deleted", MessageFlags::Deleted },
    { "\\Draft", MessageFlags::Draft },        { "$Forwarded", MessageFlags::Forwarded },
    { "$Junk", MessageFlags::Junk },           { "$NotJunk", MessageFlags::NotJunk },
    { "$MDNSent", MessageFlags::MdnSent },
};

} // namespace

MessageFlags MessageFlags::fromImap(const QByteArrayList &flags)
{
    MessageFlags result;
    for (const QByteArray &flag : flags) {
        if (flag.isEmpty())
            continue;
        // \Recent belongs to the session that saw it first (RFC 3501 s2.3.2): never cached.
        if (flag.compare("\\Recent", Qt::CaseInsensitive) == 0)
            continue;
        bool known = false;
        for (const KnownFlag &candidate : knownFlags) {
            // Flag names are case-insensitive (RFC 3501 s2.3.2, RFC 9051 s2.3.2).
            if (flag.compare(candidate.name, Qt::CaseInsensitive) == 0) {
                result.bits |= candidate.flag;
                known = true;
                break;
            }
        }
        if (!known)
            result.keywords.append(flag);
    }
    std::sort(result.keywords.begin(), result.keywords.end());
    result.keywords.erase(std::unique(result.keywords.begin(), result.keywords.end()),
                          result.keywords.end());
    return result;
}

QByteArrayList MessageFlags::toImap() const
{
    QByteArrayList result;
    for (const KnownFlag &candidate : knownFlags) {
        if (bits & candidate.flag)
            result.append(QByteArray(candidate.name));
    }
    result.append(keywords);
    return result;
}

} // namespace magpie::store
