// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/MaildirScan.h"

#include "server/store/DurableFile.h"
#include "server/store/MaildirFlags.h"
#include "server/store/MessageFlags.h"

#include <QCoreApplication>
#include <QFile>
#include <QFileInfo>
#include <QHash>

#include <algorithm>

#include <dirent.h>
#include <sys/stat.h>

namespace magpie::server {

namespace {

struct FoundFile
{
    QString location; // "new/NAME" or "cur/NAME"
    qint64 size = 0;
    qint64 modified = 0;
};

// Every regular file in DIR/SUB whose name does not start with ".", by base.
StoreError listFiles(const QString &folder, const QString &sub, QHash<QString, FoundFile> *files)
{
    const QByteArray path = QFile::encodeName(folder + u'/' + sub);
    DIR *dir = ::opendir(path.constData());
    if (!dir) {
        const int why = errno;
        const QString what =
            QCoreApplication::translate("magpie::server::MaildirScan", "read the folder %1")
                .arg(folder + u'/' + sub);
        return why == ENOENT ? StoreError() : DurableFile::fromErrno(why, what);
    }
    while (const dirent *entry = ::readdir(dir)) {
        if (entry->d_name[0] == '.')
            continue;
        struct stat info = {};
        if (::fstatat(::dirfd(dir), entry->d_name, &info, 0) != 0 || !S_ISREG(info.st_mode))
            continue;
        const QString name = QFile::decodeName(entry->d_name);
        const QString base = MaildirFlags::baseOf(name).toString();
        // The same base twice (another program mid-rename): cur/ is the newer state.
        if (files->contains(base) && sub == u"new")
            continue;
        files->insert(base, { sub + u'/' + name, qint64(info.st_size), qint64(info.st_mtime) });
    }
    ::closedir(dir);
    return {};
}

} // namespace

StoreError MaildirScan::scan(const QString &folder, MailboxIndex *mailbox, bool *changed)
{
    const UidList list = UidList::read(folder);
    *changed = list.uidValidity == 0 || QFileInfo(folder + u'/' + UidList::kLogFile).size() > 0;
    mailbox->uidValidity = list.uidValidity;
    mailbox->uidNext = list.uidNext;
    mailbox->specialUse = list.specialUse;
    mailbox->records.clear();
    mailbox->locations.clear();
    mailbox->unclaimedRecent.clear();

    QHash<QString, FoundFile> files;
    if (StoreError error = listFiles(folder, QStringLiteral("new"), &files))
        return error;
    if (StoreError error = listFiles(folder, QStringLiteral("cur"), &files))
        return error;

    auto take = [mailbox](Uid uid, const FoundFile &file, const QList<QByteArray> &keywords) {
        MessageRecord record;
        record.uid = uid;
        record.flags = MessageFlags::canonical(
            MaildirFlags::flagsOf(MaildirFlags::lettersIn(file.location)) + keywords);
        record.internalDate = QDateTime::fromSecsSinceEpoch(file.modified, Qt::UTC);
        record.size = file.size;
        mailbox->records.append(record);
        mailbox->locations.append(file.location);
        if (file.location.startsWith(u"new/"))
            mailbox->unclaimedRecent.append(uid);
    };
    mailbox->records.reserve(list.entries.size());
    mailbox->locations.reserve(list.entries.size());
    for (const UidList::Entry &entry : list.entries) {
        const auto it = files.constFind(entry.base);
        if (it == files.cend()) {
            *changed = true; // gone
            continue;
        }
        take(entry.uid, it.value(), entry.keywords);
        files.erase(it);
    }
    if (!files.isEmpty()) {
        *changed = true;
        // A file whose name carries ",U=n" was delivered here, and the crash came before
        // its record reached the list: it keeps its UID, which a session may have seen. Only
        // UIDs from the recorded UIDNEXT on are taken so; one below it may have belonged to
        // another message (RFC 3501 s2.3.1.1: never reused), and gets a new UID instead.
        QList<std::pair<Uid, QString>> named;
        QStringList strangers;
        for (auto it = files.cbegin(); it != files.cend(); ++it) {
            const Uid uid = MaildirFlags::uidIn(it.key());
            if (uid >= mailbox->uidNext)
                named.append({ uid, it.key() });
            else
                strangers.append(it.key());
        }
        std::sort(named.begin(), named.end());
        for (qsizetype i = 0; i < named.size(); ++i) {
            if (i > 0 && named.at(i).first == named.at(i - 1).first) {
                strangers.append(named.at(i).second); // the same UID twice: one keeps it
                continue;
            }
            take(named.at(i).first, files.value(named.at(i).second), {});
            mailbox->uidNext = named.at(i).first + 1;
        }
        std::sort(strangers.begin(), strangers.end());
        for (const QString &base : std::as_const(strangers))
            take(mailbox->uidNext++, files.value(base), {});
    }
    return {};
}

UidList MaildirScan::listOf(const MailboxIndex &mailbox)
{
    UidList list;
    list.uidValidity = mailbox.uidValidity;
    list.uidNext = mailbox.firstReserved ? mailbox.firstReserved : mailbox.uidNext;
    list.specialUse = mailbox.specialUse;
    list.entries.reserve(mailbox.records.size());
    for (qsizetype i = 0; i < mailbox.records.size(); ++i) {
        const QString name = mailbox.locations.at(i).mid(4); // after "new/" or "cur/"
        list.entries.append({ mailbox.records.at(i).uid, MaildirFlags::baseOf(name).toString(),
                              MaildirFlags::keywordsWithoutLetter(mailbox.records.at(i).flags) });
    }
    return list;
}

} // namespace magpie::server
