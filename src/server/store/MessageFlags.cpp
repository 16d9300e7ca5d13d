// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/MessageFlags.h"

#include <array>

namespace magpie::server {

namespace {

constexpr std::array<QByteArrayView, 5> kSystemFlags = {
    "\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft",
};
constexpr QByteArrayView kForwarded = "$Forwarded";

bool equalFlags(QByteArrayView a, QByteArrayView b)
{
    return a.size() == b.size() && a.compare(b, Qt::CaseInsensitive) == 0;
}

// flag-keyword = atom (RFC 3501 s9): no atom-specials, no control or 8-bit bytes.
bool isAtom(QByteArrayView flag)
{
    if (flag.isEmpty())
        return false;
    for (const char c : flag) {
        const auto u = static_cast<unsigned char>(c);
        if (u <= 0x20 || u >= 0x7f)
            return false;
        switch (c) {
        case '(':
        case ')':
        case '{':
        case '%':
        case '*':
        case '"':
        case '\\':
        case ']':
            return false;
        default:
            break;
        }
    }
    return true;
}

} // namespace

bool MessageFlags::isSystemFlag(QByteArrayView flag)
{
    for (QByteArrayView system : kSystemFlags) {
        if (equalFlags(flag, system))
            return true;
    }
    return false;
}

bool MessageFlags::contains(const QList<QByteArray> &flags, QByteArrayView flag)
{
    for (const QByteArray &f : flags) {
        if (equalFlags(f, flag))
            return true;
    }
    return false;
}

QList<QByteArray> MessageFlags::canonical(const QList<QByteArray> &flags)
{
    QList<QByteArray> result;
    for (QByteArrayView system : kSystemFlags) {
        if (contains(flags, system))
            result.append(system.toByteArray());
    }
    if (contains(flags, kForwarded))
        result.append(kForwarded.toByteArray());
    for (const QByteArray &flag : flags) {
        if (flag.startsWith('\\') || equalFlags(flag, kForwarded) || !isAtom(flag))
            continue;
        if (!contains(result, flag))
            result.append(flag);
    }
    return result;
}

QList<QByteArray> MessageFlags::apply(const QList<QByteArray> &current, FlagOperation operation,
                                      const QList<QByteArray> &flags)
{
    switch (operation) {
    case FlagOperation::Replace:
        return canonical(flags);
    case FlagOperation::Add:
        return canonical(current + flags);
    case FlagOperation::Remove: {
        QList<QByteArray> kept;
        for (const QByteArray &flag : current) {
            if (!contains(flags, flag))
                kept.append(flag);
        }
        return canonical(kept);
    }
    }
    return current;
}

bool MessageFlags::same(const QList<QByteArray> &a, const QList<QByteArray> &b)
{
    if (a.size() != b.size())
        return false;
    for (const QByteArray &flag : a) {
        if (!contains(b, flag))
            return false;
    }
    return true;
}

QList<QByteArray> MessageFlags::keywords(const QList<QByteArray> &flags)
{
    QList<QByteArray> result;
    for (const QByteArray &flag : flags) {
        if (!isSystemFlag(flag))
            result.append(flag);
    }
    return result;
}

} // namespace magpie::server
