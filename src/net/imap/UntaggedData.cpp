// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/UntaggedData.h"

#include "net/imap/MailboxName.h"

#include <algorithm>

namespace magpie::imap::untagged {

QSet<QByteArray> capabilities(const QList<ImapValue> &values)
{
    QSet<QByteArray> result;
    for (const ImapValue &value : values) {
        if (!value.isList() && !value.text().isEmpty())
            result.insert(value.text().toUpper());
    }
    return result;
}

QSet<QByteArray> capabilities(const ResponseCode &code)
{
    if (!code.arguments.isEmpty())
        return capabilities(code.arguments);
    QSet<QByteArray> result;
    for (const QByteArray &word : code.rawArguments.split(' ')) {
        if (!word.isEmpty())
            result.insert(word.toUpper());
    }
    return result;
}

QByteArrayList flagList(const ImapValue &list)
{
    QByteArrayList flags;
    for (const ImapValue &flag : list.list) {
        if (!flag.isList() && !flag.text().isEmpty())
            flags.append(flag.text());
    }
    return flags;
}

std::optional<Vanished> vanished(const ImapResponse &response)
{
    Vanished result;
    QByteArray set;
    for (const ImapValue &value : response.data) {
        if (value.isList())
            result.earlier = std::any_of(value.list.cbegin(), value.list.cend(),
                                         [](const ImapValue &v) { return v.isAtom("EARLIER"); });
        else
            set = value.text();
    }
    const std::optional<UidSet> uids = UidSet::parse(set);
    if (!uids)
        return std::nullopt;
    result.uids = *uids;
    return result;
}

QString mailboxName(const QByteArray &wire, bool utf8Accepted)
{
    if (wire.compare("INBOX", Qt::CaseInsensitive) == 0)
        return QStringLiteral("INBOX");
    if (!utf8Accepted) {
        if (const std::optional<QString> name = MailboxName::decode(wire))
            return *name;
    }
    return QString::fromUtf8(wire);
}

} // namespace magpie::imap::untagged
