// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/FlagList.h"

namespace magpie::imap {

namespace {

// ATOM-CHAR: any CHAR except atom-specials: "(" ")" "{" SP CTL "%" "*" DQUOTE "\" "]"
// (RFC 3501 s9).
bool isAtomChar(char c)
{
    const auto u = uchar(c);
    if (u <= 0x1f || u >= 0x7f)
        return false;
    switch (c) {
    case '(':
    case ')':
    case '{':
    case ' ':
    case '%':
    case '*':
    case '"':
    case '\\':
    case ']':
        return false;
    default:
        return true;
    }
}

} // namespace

bool FlagList::isValidFlag(const QByteArray &flag)
{
    // flag-extension = "\" atom; flag-keyword = atom (RFC 3501 s9).
    const qsizetype start = flag.startsWith('\\') ? 1 : 0;
    if (flag.size() <= start)
        return false;
    for (qsizetype i = start; i < flag.size(); ++i) {
        if (!isAtomChar(flag.at(i)))
            return false;
    }
    // \Recent is the server's to set; a STORE or APPEND with it is refused (RFC 3501 s2.3.2).
    return flag.compare("\\Recent", Qt::CaseInsensitive) != 0;
}

std::optional<QByteArray> FlagList::toImap(const QByteArrayList &flags, QString *error)
{
    QByteArray out("(");
    for (const QByteArray &flag : flags) {
        if (!isValidFlag(flag)) {
            if (error) {
                *error = tr("\"%1\" cannot be used as a message flag: a flag is one word "
                            "without spaces, quotes or brackets.")
                             .arg(QString::fromUtf8(flag));
            }
            return std::nullopt;
        }
        if (out.size() > 1)
            out += ' ';
        out += flag;
    }
    out += ')';
    return out;
}

} // namespace magpie::imap
