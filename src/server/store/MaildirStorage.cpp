// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/MaildirStorage.h"

#include "server/store/DurableFile.h"
#include "server/store/MailboxPath.h"
#include "server/store/MaildirFlags.h"
#include "server/store/MaildirName.h"
#include "server/store/MaildirScan.h"
#include "server/store/MessageFlags.h"
#include "server/store/UidList.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QSet>

#include <cerrno>

#include <fcntl.h>
#include <sys/file.h>
#include <unistd.h>

namespace magpie::server {

namespace {

const QString kUserFile = QStringLiteral("magpie-user");
constexpr QByteArrayView kUserMagic = "magpie-user 1";

QString folderName(const QString &mailbox)
{
    return MailboxPath::isInbox(mailbox) ? QStringLiteral("INBOX") : mailbox;
}

QString parentOf(const QString &path)
{
    return path.left(path.lastIndexOf(u'/'));
}

// A name for a directory being built or thrown away, never taken for a user or a folder:
// user directories do not start with ".", and these go into tmp/ or start with ".." .
QString scratchName(const QString &what)
{
    return QStringLiteral("..") + what + u'-' + MaildirFlags::uniqueBase(0);
}

QByteArray userFileText(const UserMail &user)
{
    QByteArray text = kUserMagic.toByteArray() + '\n';
    text += "last-uidvalidity " + QByteArray::number(user.lastUidValidity) + '\n';
    for (const QString &name : user.subscriptions)
        text += "subscribed " + name.toUtf8() + '\n';
    return text;
}

void readUserFile(const QString &path, UserMail *user)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return;
    const QList<QByteArray> lines = file.readAll().split('\n');
    if (lines.first() != kUserMagic)
        return;
    for (const QByteArray &line : lines) {
        if (line.startsWith("last-uidvalidity "))
            user->lastUidValidity = std::max(user->lastUidValidity, line.mid(17).toUInt());
        else if (line.startsWith("subscribed ") && line.size() > 11)
            user->subscriptions.append(QString::fromUtf8(line.mid(11)));
    }
    user->subscriptions.sort();
    user->subscriptions.removeDuplicates();
}

} // namespace

MaildirStorage::MaildirStorage(const QString &root, int lock)
    : m_root(root)
    , m_lock(lock)
{ }

MaildirStorage::~MaildirStorage()
{
    ::close(m_lock); // releases the lock
}

std::unique_ptr<MailStorage> MaildirStorage::open(const QString &dir, StoreError *error)
{
    const QString root = QDir(dir).absolutePath();
    if (!QDir().mkpath(root) || !QFileInfo(root).isDir()) {
        *error = StoreError::make(StoreError::Io,
                                  tr("Could not use %1 for mail: it cannot be made into a "
                                     "directory.")
                                      .arg(root));
        return nullptr;
    }
    const QByteArray lockPath = QFile::encodeName(root + QStringLiteral("/.magpie-store.lock"));
    const int lock = ::open(lockPath.constData(), O_RDWR | O_CREAT | O_CLOEXEC, 0600);
    if (lock < 0) {
        *error = DurableFile::fromErrno(errno, tr("open the mail store in %1").arg(root));
        return nullptr;
    }
    if (::flock(lock, LOCK_EX | LOCK_NB) != 0) {
        const int why = errno;
        ::close(lock);
        *error = why == EWOULDBLOCK
            ? StoreError::make(StoreError::Io,
                               tr("Another program (probably another magpie-server) is using "
                                  "the mail store in %1. Stop it, or choose another directory.")
                                   .arg(root))
            : DurableFile::fromErrno(why, tr("lock the mail store in %1").arg(root));
        return nullptr;
    }
    *error = {};
    return std::unique_ptr<MailStorage>(new MaildirStorage(root, lock));
}

QString MaildirStorage::userDirectory(const QString &user) const
{
    return m_root + u'/' + user;
}

QString MaildirStorage::folderOf(const QString &user, const QString &mailbox) const
{
    const std::optional<QString> name = MaildirName::directoryOf(mailbox);
    Q_ASSERT(name); // checkName() let only such names in
    const QString directory = name.value_or(QStringLiteral("..unusable"));
    return directory.isEmpty() ? userDirectory(user) : userDirectory(user) + u'/' + directory;
}

StoreError MaildirStorage::checkName(const QString &, const QString &mailbox) const
{
    if (MaildirName::directoryOf(mailbox))
        return {};
    return StoreError::make(
        StoreError::InvalidName,
        tr("The mailbox name \"%1\" is too long to keep on disk.").arg(mailbox));
}

// --- users

StoreError MaildirStorage::load(QList<UserMail> *users)
{
    users->clear();
    // Users whose creation a crash interrupted.
    const QDir root(m_root);
    for (const QString &leftover : root.entryList({ QStringLiteral("..*") },
                                                  QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot))
        QDir(root.filePath(leftover)).removeRecursively();
    const QStringList names = QDir(m_root).entryList(QDir::Dirs | QDir::NoDotAndDotDot, QDir::Name);
    for (const QString &name : names) {
        if (name.startsWith(u'.') || name != name.toLower()
            || !QFileInfo(userDirectory(name) + QStringLiteral("/cur")).isDir())
            continue;
        UserMail user;
        if (StoreError error = loadUser(name, &user))
            return error;
        users->append(std::move(user));
    }
    return {};
}

StoreError MaildirStorage::loadUser(const QString &address, UserMail *user)
{
    const QString home = userDirectory(address);
    user->address = address;
    readUserFile(home + u'/' + kUserFile, user);
    // Folders thrown away by a deletion that a crash interrupted.
    const QDir scratch(home + QStringLiteral("/tmp"));
    for (const QString &leftover : scratch.entryList(
             { QStringLiteral("..*") }, QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot))
        QDir(scratch.filePath(leftover)).removeRecursively();

    QList<std::pair<QString, QString>> folders = { { QStringLiteral("INBOX"), home } };
    const QStringList entries =
        QDir(home).entryList(QDir::Dirs | QDir::Hidden | QDir::NoDotAndDotDot);
    for (const QString &entry : entries) {
        const std::optional<QString> mailbox = MaildirName::mailboxOf(entry);
        if (mailbox && QFileInfo(home + u'/' + entry + QStringLiteral("/cur")).isDir())
            folders.append({ *mailbox, home + u'/' + entry });
    }
    QList<MailboxIndex> loaded;
    QList<bool> changed;
    for (const auto &[name, directory] : std::as_const(folders)) {
        MailboxIndex mailbox;
        mailbox.name = name;
        bool rewrite = false;
        if (StoreError error = MaildirScan::scan(directory, &mailbox, &rewrite))
            return error;
        user->lastUidValidity = std::max(user->lastUidValidity, mailbox.uidValidity);
        loaded.append(std::move(mailbox));
        changed.append(rewrite);
    }
    bool newValidity = false;
    for (qsizetype i = 0; i < loaded.size(); ++i) {
        MailboxIndex &mailbox = loaded[i];
        if (mailbox.uidValidity == 0) {
            // A folder another program made: its UIDs start here.
            mailbox.uidValidity = user->nextUidValidity();
            newValidity = true;
        }
        if (changed.at(i)) {
            if (StoreError error = MaildirScan::listOf(mailbox).write(folders.at(i).second))
                return error;
        }
        user->insert(std::move(mailbox));
    }
    if (newValidity)
        return saveUser(*user);
    return {};
}

StoreError MaildirStorage::buildFolder(const QString &directory, const MailboxIndex &mailbox,
                                       bool isInbox) const
{
    const QString what = tr("create the mailbox \"%1\"").arg(folderName(mailbox.name));
    if (StoreError error = DurableFile::makeDirectory(directory, what))
        return error;
    for (const char *sub : { "cur", "new", "tmp" }) {
        if (StoreError error =
                DurableFile::makeDirectory(directory + u'/' + QLatin1StringView(sub), what))
            return error;
    }
    // Maildir++ marks a folder (as opposed to a Maildir of its own) with this empty file; it
    // has no data to sync, and the directory sync below makes its name durable.
    if (!isInbox) {
        const QByteArray marker = QFile::encodeName(directory + QStringLiteral("/maildirfolder"));
        const int fd = ::open(marker.constData(), O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0600);
        if (fd < 0)
            return DurableFile::fromErrno(errno, what);
        ::close(fd);
    }
    if (StoreError error = MaildirScan::listOf(mailbox).create(directory))
        return error;
    return DurableFile::syncDirectory(directory, what);
}

StoreError MaildirStorage::createUser(const UserMail &user)
{
    const QString what = tr("create the mail directory of %1").arg(user.address);
    const QString home = userDirectory(user.address);
    if (QFileInfo::exists(home))
        return StoreError::make(StoreError::Io,
                                tr("Could not %1: %2 is already there.").arg(what, home));
    // Built aside and renamed into place, so a crash leaves either no user or a whole one.
    const QString staging = m_root + u'/' + scratchName(QStringLiteral("user"));
    StoreError error;
    for (const MailboxIndex &mailbox : user.mailboxes) {
        const bool isInbox = MailboxPath::isInbox(mailbox.name);
        error = buildFolder(isInbox ? staging
                                    : staging + u'/' + *MaildirName::directoryOf(mailbox.name),
                            mailbox, isInbox);
        if (error)
            break;
    }
    if (!error)
        error =
            DurableFile::create(staging + u'/' + kUserFile, userFileText(user), std::nullopt, what);
    if (!error)
        error = DurableFile::syncDirectory(staging, what);
    if (!error)
        error = DurableFile::rename(staging, home, what);
    if (!error)
        error = DurableFile::syncDirectory(m_root, what);
    if (error)
        QDir(staging).removeRecursively();
    return error;
}

StoreError MaildirStorage::saveUser(const UserMail &user)
{
    return DurableFile::replace(userDirectory(user.address) + u'/' + kUserFile, userFileText(user),
                                tr("save the subscriptions of %1").arg(user.address));
}

// --- mailboxes

StoreError MaildirStorage::createMailbox(const QString &user, const MailboxIndex &mailbox)
{
    if (StoreError error = checkName(user, mailbox.name))
        return error;
    const QString what = tr("create the mailbox \"%1\"").arg(mailbox.name);
    const QString folder = folderOf(user, mailbox.name);
    if (QFileInfo::exists(folder))
        return StoreError::make(StoreError::Io,
                                tr("Could not %1: %2 is already there.").arg(what, folder));
    const QString staging =
        userDirectory(user) + QStringLiteral("/tmp/") + scratchName(QStringLiteral("folder"));
    StoreError error = buildFolder(staging, mailbox, false);
    if (!error)
        error = DurableFile::rename(staging, folder, what);
    if (!error)
        error = DurableFile::syncDirectory(userDirectory(user), what);
    if (error)
        QDir(staging).removeRecursively();
    return error;
}

StoreError MaildirStorage::deleteMailbox(const QString &user, const MailboxIndex &mailbox)
{
    const QString what = tr("delete the mailbox \"%1\"").arg(mailbox.name);
    const QString folder = folderOf(user, mailbox.name);
    // One rename makes it disappear for every program; the files go afterwards.
    const QString trash =
        userDirectory(user) + QStringLiteral("/tmp/") + scratchName(QStringLiteral("deleted"));
    if (StoreError error = DurableFile::rename(folder, trash, what))
        return error;
    m_logSizes.remove(folder);
    const StoreError error = DurableFile::syncDirectory(userDirectory(user), what);
    QDir(trash).removeRecursively();
    return error;
}

StoreError MaildirStorage::renameMailboxes(const QString &user,
                                           const QList<std::pair<QString, QString>> &renames)
{
    QList<std::pair<QString, QString>> done;
    StoreError error;
    for (const auto &[from, to] : renames) {
        const QString source = folderOf(user, from);
        const QString target = folderOf(user, to);
        const QString what = tr("rename the mailbox \"%1\" to \"%2\"").arg(from, to);
        if (QFileInfo::exists(target))
            error = StoreError::make(StoreError::Io,
                                     tr("Could not %1: %2 is already there.").arg(what, target));
        else
            error = DurableFile::rename(source, target, what);
        if (error)
            break;
        m_logSizes.remove(source);
        done.append({ source, target });
    }
    if (error) {
        for (auto it = done.crbegin(); it != done.crend(); ++it)
            DurableFile::rename(it->second, it->first, {});
    }
    const StoreError synced =
        DurableFile::syncDirectory(userDirectory(user), tr("rename a mailbox"));
    return error ? error : synced;
}

// --- message files

StoreError MaildirStorage::writeMessages(QList<NewMessage> *messages)
{
    // All temporary files first, each synced; then the renames; then the directories. A
    // failure before the renames leaves nothing; one after them takes the files back out.
    QStringList temporary, placed;
    QSet<QString> directories;
    StoreError error;
    for (NewMessage &message : *messages) {
        const QString folder = folderOf(message.user, message.mailbox);
        QString base = MaildirFlags::uniqueBase(message.bytes.size());
        if (message.uid)
            base = MaildirFlags::withUid(base, message.uid);
        const QString what = tr("write a message into %1's mailbox \"%2\"")
                                 .arg(message.user, folderName(message.mailbox));
        const QString path = folder + QStringLiteral("/tmp/") + base;
        error =
            DurableFile::create(path, message.bytes, message.internalDate.toSecsSinceEpoch(), what);
        if (error)
            break;
        temporary.append(path);
        message.location = MaildirFlags::location(base, message.flags);
    }
    for (qsizetype i = 0; !error && i < messages->size(); ++i) {
        const NewMessage &message = messages->at(i);
        const QString target = folderOf(message.user, message.mailbox) + u'/' + message.location;
        error = DurableFile::rename(temporary.at(i), target,
                                    tr("write a message into %1's mailbox \"%2\"")
                                        .arg(message.user, folderName(message.mailbox)));
        if (!error) {
            placed.append(target);
            directories.insert(parentOf(target));
        }
    }
    for (const QString &directory : std::as_const(directories)) {
        if (error)
            break;
        error = DurableFile::syncDirectory(directory, tr("write a message into %1").arg(directory));
    }
    if (error) {
        for (const QString &path : std::as_const(temporary))
            ::unlink(QFile::encodeName(path).constData());
        for (const QString &path : std::as_const(placed))
            ::unlink(QFile::encodeName(path).constData());
        for (NewMessage &message : *messages)
            message.location.clear();
    }
    return error;
}

void MaildirStorage::discardMessages(const QList<NewMessage> &messages)
{
    QSet<QString> directories;
    for (const NewMessage &message : messages) {
        if (message.location.isEmpty())
            continue;
        const QString path = folderOf(message.user, message.mailbox) + u'/' + message.location;
        ::unlink(QFile::encodeName(path).constData());
        directories.insert(parentOf(path));
    }
    for (const QString &directory : std::as_const(directories))
        DurableFile::syncDirectory(directory, {});
}

QByteArray MaildirStorage::readMessage(const QString &user, const MailboxIndex &mailbox,
                                       qsizetype position, StoreError *error) const
{
    const QString folder = folderOf(user, mailbox.name);
    const QString what = tr("read message %1 of \"%2\"")
                             .arg(mailbox.records.at(position).uid)
                             .arg(folderName(mailbox.name));
    StoreError why;
    QByteArray bytes =
        DurableFile::read(folder + u'/' + mailbox.locations.at(position), &why, what);
    if (why.code == StoreError::NoSuchMessage) {
        // Another program may have renamed it (its flags); the base stays the same.
        const QString base =
            MaildirFlags::baseOf(QStringView(mailbox.locations.at(position)).mid(4)).toString();
        for (const QString &sub : { QStringLiteral("cur"), QStringLiteral("new") }) {
            const QStringList found =
                QDir(folder + u'/' + sub)
                    .entryList({ base, base + QStringLiteral(":*") }, QDir::Files);
            if (!found.isEmpty()) {
                bytes = DurableFile::read(folder + u'/' + sub + u'/' + found.first(), &why, what);
                break;
            }
        }
    }
    if (error)
        *error = why;
    return bytes;
}

StoreError MaildirStorage::copyMessages(const QString &user, const MailboxIndex &from,
                                        const QList<qsizetype> &positions, const MailboxIndex &to,
                                        QList<NewMessage> *copies)
{
    const QString source = folderOf(user, from.name);
    const QString target = folderOf(user, to.name);
    const QString what =
        tr("copy messages from \"%1\" to \"%2\"").arg(folderName(from.name), folderName(to.name));
    QSet<QString> directories;
    StoreError error;
    for (qsizetype at : positions) {
        const MessageRecord &record = from.records.at(at);
        NewMessage copy;
        copy.user = user;
        copy.mailbox = to.name;
        copy.flags = record.flags;
        copy.internalDate = record.internalDate;
        const QString base = MaildirFlags::uniqueBase(record.size);
        copy.location = MaildirFlags::location(base, record.flags);
        const QString original = source + u'/' + from.locations.at(at);
        const QString path = target + u'/' + copy.location;
        // A hard link is a durable copy at the cost of a directory entry: the bytes and the
        // modification time (the internal date) are the original's, and never change.
        if (::link(QFile::encodeName(original).constData(), QFile::encodeName(path).constData())
            != 0) {
            const int why = errno;
            if (why != EXDEV && why != EPERM && why != EMLINK && why != ENOTSUP) {
                error = DurableFile::fromErrno(why, what);
                break;
            }
            const QByteArray bytes = DurableFile::read(original, &error, what);
            const QString temporary = target + QStringLiteral("/tmp/") + base;
            if (!error)
                error = DurableFile::create(temporary, bytes,
                                            record.internalDate.toSecsSinceEpoch(), what);
            if (!error) {
                error = DurableFile::rename(temporary, path, what);
                if (error)
                    ::unlink(QFile::encodeName(temporary).constData());
            }
            if (error)
                break;
        }
        directories.insert(parentOf(path));
        copies->append(copy);
    }
    for (const QString &directory : std::as_const(directories)) {
        if (error)
            break;
        error = DurableFile::syncDirectory(directory, what);
    }
    if (error) {
        discardMessages(*copies);
        copies->clear();
    }
    return error;
}

// --- the index

StoreError MaildirStorage::appendToLog(const QString &user, const MailboxIndex &mailbox,
                                       const QByteArray &records, bool sync)
{
    const QString folder = folderOf(user, mailbox.name);
    if (m_logSizes.value(folder) > kLogLimit) {
        // Folds the log into the list first. `mailbox` may already show the change being
        // recorded, in part or whole; the records below repeat it, which changes nothing.
        // Should the list not be written, the log simply goes on growing.
        if (!MaildirScan::listOf(mailbox).write(folder))
            m_logSizes.insert(folder, 0);
    }
    qint64 size = 0;
    if (StoreError error = UidList::appendToLog(folder, records, &size, sync))
        return error;
    m_logSizes.insert(folder, size);
    return {};
}

StoreError MaildirStorage::recordAdded(const QString &user, const MailboxIndex &mailbox,
                                       qsizetype first, bool uidsDurable)
{
    QByteArray records;
    for (qsizetype at = first; at < mailbox.records.size(); ++at) {
        const MessageRecord &record = mailbox.records.at(at);
        const QString name = mailbox.locations.at(at).mid(4);
        records += UidList::addedRecord(record.uid, MaildirFlags::baseOf(name).toString(),
                                        MaildirFlags::keywordsWithoutLetter(record.flags));
    }
    // Files whose names carry their UIDs (",U=") keep them at the next open even if this
    // record is lost, so it need not wait for the disk; a later synced record (a flag change,
    // an expunge, an APPEND) takes it to the disk anyway, as the log is appended in order.
    return records.isEmpty() ? StoreError() : appendToLog(user, mailbox, records, !uidsDurable);
}

StoreError MaildirStorage::changeFlags(const QString &user, MailboxIndex *mailbox,
                                       const QList<qsizetype> &positions,
                                       const QList<QList<QByteArray>> &newFlags)
{
    const QString folder = folderOf(user, mailbox->name);
    const QString what = tr("change flags in \"%1\"").arg(folderName(mailbox->name));
    QList<std::pair<qsizetype, QString>> renamed; // position, old location
    QSet<QString> directories;
    QByteArray records;
    StoreError error;
    for (qsizetype i = 0; i < positions.size(); ++i) {
        const qsizetype at = positions.at(i);
        const QString &location = mailbox->locations.at(at);
        const QList<QByteArray> &flags = newFlags.at(i);
        const QList<QByteArray> keywords = MaildirFlags::keywordsWithoutLetter(flags);
        if (keywords != MaildirFlags::keywordsWithoutLetter(mailbox->records.at(at).flags))
            records += UidList::keywordsRecord(mailbox->records.at(at).uid, keywords);
        const QByteArray letters = MaildirFlags::lettersOf(flags);
        const bool inNew = location.startsWith(u"new/");
        if (inNew && letters.isEmpty())
            continue; // still unseen by any program: stays in new/
        // Once in cur/, a message stays there (the Maildir rule), with or without flags.
        const QString base = MaildirFlags::baseOf(QStringView(location).mid(4)).toString();
        const QString next =
            QStringLiteral("cur/") + base + QStringLiteral(":2,") + QString::fromLatin1(letters);
        if (next == location)
            continue;
        error = DurableFile::rename(folder + u'/' + location, folder + u'/' + next, what);
        if (error)
            break;
        renamed.append({ at, location });
        directories.insert(parentOf(folder + u'/' + location));
        directories.insert(folder + QStringLiteral("/cur"));
        mailbox->locations[at] = next;
    }
    for (const QString &directory : std::as_const(directories)) {
        if (error)
            break;
        error = DurableFile::syncDirectory(directory, what);
    }
    if (!error && !records.isEmpty())
        error = appendToLog(user, *mailbox, records);
    if (error) {
        for (auto it = renamed.crbegin(); it != renamed.crend(); ++it) {
            DurableFile::rename(folder + u'/' + mailbox->locations.at(it->first),
                                folder + u'/' + it->second, {});
            mailbox->locations[it->first] = it->second;
        }
        for (const QString &directory : std::as_const(directories))
            DurableFile::syncDirectory(directory, {});
    }
    return error;
}

StoreError MaildirStorage::removeMessages(const QString &user, const MailboxIndex &mailbox,
                                          const QList<qsizetype> &positions,
                                          QList<qsizetype> *removed)
{
    removed->clear();
    if (positions.isEmpty())
        return {};
    const QString folder = folderOf(user, mailbox.name);
    const QString what = tr("remove messages from \"%1\"").arg(folderName(mailbox.name));
    QSet<QString> directories;
    QByteArray records;
    StoreError error;
    for (qsizetype at : positions) {
        const QString path = folder + u'/' + mailbox.locations.at(at);
        if (::unlink(QFile::encodeName(path).constData()) != 0 && errno != ENOENT) {
            error = DurableFile::fromErrno(errno, what);
            break;
        }
        directories.insert(parentOf(path));
        removed->append(at);
        records += UidList::removedRecord(mailbox.records.at(at).uid);
    }
    // The files are gone whatever happens next; the records only save the next open the
    // work of noticing.
    for (const QString &directory : std::as_const(directories)) {
        if (StoreError synced = DurableFile::syncDirectory(directory, what); synced && !error)
            error = synced;
    }
    if (!records.isEmpty()) {
        if (StoreError logged = appendToLog(user, mailbox, records); logged && !error)
            error = logged;
    }
    return error;
}

} // namespace magpie::server
