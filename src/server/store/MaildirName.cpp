// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/MaildirName.h"

#include "net/imap/MailboxName.h"
#include "server/store/MailboxPath.h"

#include <QStringList>

namespace magpie::server {

namespace {

constexpr qsizetype kNameMax = 255;

int hexValue(char c)
{
    if (c >= '0' && c <= '9')
        return c - '0';
    if (c >= 'A' && c <= 'F')
        return c - 'A' + 10;
    if (c >= 'a' && c <= 'f')
        return c - 'a' + 10;
    return -1;
}

} // namespace

std::optional<QString> MaildirName::directoryOf(const QString &mailbox)
{
    if (MailboxPath::isInbox(mailbox))
        return QString();
    QByteArray directory;
    for (const QString &level : mailbox.split(MailboxPath::kDelimiter)) {
        directory.append('.');
        for (const char c : magpie::imap::MailboxName::encode(level)) {
            if (c == '.')
                directory.append("%2E");
            else if (c == '%')
                directory.append("%25");
            else
                directory.append(c);
        }
    }
    if (directory.size() > kNameMax)
        return std::nullopt;
    return QString::fromLatin1(directory);
}

std::optional<QString> MaildirName::mailboxOf(const QString &directory)
{
    if (!directory.startsWith(u'.') || directory.size() < 2)
        return std::nullopt;
    QStringList levels;
    for (const QString &part : directory.mid(1).split(u'.')) {
        if (part.isEmpty())
            return std::nullopt;
        for (const QChar c : part) {
            if (c.unicode() < 0x20 || c.unicode() > 0x7e) // written raw by another program
                return std::nullopt;
        }
        QByteArray wire;
        const QByteArray latin = part.toLatin1();
        for (qsizetype i = 0; i < latin.size(); ++i) {
            if (latin.at(i) != '%') {
                wire.append(latin.at(i));
                continue;
            }
            const int high = i + 2 < latin.size() ? hexValue(latin.at(i + 1)) : -1;
            const int low = high >= 0 ? hexValue(latin.at(i + 2)) : -1;
            if (low < 0)
                return std::nullopt;
            wire.append(char(high * 16 + low));
            i += 2;
        }
        const std::optional<QString> level = magpie::imap::MailboxName::decode(wire);
        if (!level || level->isEmpty())
            return std::nullopt;
        levels.append(*level);
    }
    const QString name = levels.join(MailboxPath::kDelimiter);
    // Only names the store itself could have made: no wildcards, nothing that normalizes to
    // something else (a directory ".inbox" is not INBOX's).
    if (MailboxPath::normalize(name) != name || MailboxPath::isInbox(name))
        return std::nullopt;
    return name;
}

} // namespace magpie::server
