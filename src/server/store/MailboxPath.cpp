// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/MailboxPath.h"

#include <QStringList>

namespace magpie::server {

std::optional<QString> MailboxPath::normalize(const QString &name, QString *whyNot)
{
    auto refuse = [whyNot](const QString &why) -> std::optional<QString> {
        if (whyNot)
            *whyNot = why;
        return std::nullopt;
    };
    QString wanted = name;
    if (wanted.endsWith(kDelimiter))
        wanted.chop(1);
    if (wanted.isEmpty())
        return refuse(tr("A mailbox needs a name."));
    for (const QChar c : std::as_const(wanted)) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return refuse(tr("A mailbox name cannot contain control characters."));
        if (c == u'*' || c == u'%')
            return refuse(tr("A mailbox name cannot contain \"*\" or \"%\", which LIST uses as "
                             "wildcards."));
    }
    QStringList levels = wanted.split(kDelimiter);
    for (const QString &level : std::as_const(levels)) {
        if (level.isEmpty())
            return refuse(tr("\"%1\" has an empty level between two \"/\".").arg(name));
    }
    if (levels.first().compare(u"INBOX", Qt::CaseInsensitive) == 0)
        levels.first() = QStringLiteral("INBOX");
    return levels.join(kDelimiter);
}

QString MailboxPath::parent(const QString &name)
{
    const qsizetype cut = name.lastIndexOf(kDelimiter);
    return cut < 0 ? QString() : name.left(cut);
}

bool MailboxPath::isBelow(QStringView name, QStringView ancestor)
{
    return name.size() > ancestor.size() + 1 && name.startsWith(ancestor)
        && name.at(ancestor.size()) == kDelimiter;
}

} // namespace magpie::server
