// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/MailStore.h"

#include "server/store/MailStorePrivate.h"
#include "server/store/MailboxPath.h"
#ifndef Q_OS_WIN
#include "server/store/MaildirStorage.h"
#endif
#include "server/store/MemoryStorage.h"
#include "server/store/MessageFlags.h"

#include <QPointer>
#include <QSet>

#include <algorithm>

namespace magpie::server {

bool MessageRecord::hasFlag(QByteArrayView flag) const
{
    return MessageFlags::contains(flags, flag);
}

namespace {

// Folders every new user gets, with their RFC 6154 attributes.
const struct
{
    const char16_t *name;
    SpecialUse use;
} kSpecialFolders[] = {
    { u"Drafts", SpecialUse::Drafts },   { u"Sent", SpecialUse::Sent },
    { u"Trash", SpecialUse::Trash },     { u"Junk", SpecialUse::Junk },
    { u"Archive", SpecialUse::Archive },
};

} // namespace

// --- opening

MailStore::MailStore(std::unique_ptr<Private> d)
    : d(std::move(d))
{
    this->d->q = this;
    // Syncing files waits on the disk, not the processor: more threads than cores keep
    // several deliveries' fsync() calls in flight at once.
    this->d->pool.setMaxThreadCount(16);
}

MailStore::~MailStore()
{
    // Deliveries still writing finish (their files are durable and a later open gives them
    // UIDs) but their `done` is not called: whoever waited is going away with the store.
    d->pool.waitForDone();
}

std::unique_ptr<MailStore> MailStore::openMemory()
{
    auto d = std::make_unique<Private>();
    d->storage = std::make_unique<MemoryStorage>();
    return std::unique_ptr<MailStore>(new MailStore(std::move(d)));
}

std::unique_ptr<MailStore> MailStore::openMaildir(const QString &dir, StoreError *error)
{
#ifdef Q_OS_WIN
    // Maildir file names carry the flags after a ':' (cr.yp.to/proto/maildir.html), which
    // Windows file names cannot hold, and the durability rules of MaildirStorage are POSIX
    // calls (fsync of a directory, flock). Its sources are not built on Windows (see
    // src/server/CMakeLists.txt): say so, with what works instead.
    if (error)
        *error = StoreError::make(
            StoreError::Io,
            tr("Keeping mail in %1 needs Maildir folders, which this Windows build of Magpie "
               "cannot write yet. Keep the mail in memory instead (magpie-server --memory).")
                .arg(dir));
    return nullptr;
#else
    StoreError why;
    auto storage = MaildirStorage::open(dir, &why);
    QList<UserMail> users;
    if (storage)
        why = storage->load(&users);
    if (error)
        *error = why;
    if (why)
        return nullptr;
    auto d = std::make_unique<Private>();
    d->storage = std::move(storage);
    for (UserMail &user : users) {
        const QString address = user.address;
        d->users.insert(address, std::move(user));
    }
    return std::unique_ptr<MailStore>(new MailStore(std::move(d)));
#endif
}

// --- users

StoreError MailStore::addUser(const QString &address)
{
    const QString canonical = address.toLower();
    if (d->users.contains(canonical))
        return {};
    // The address names the user's directory, so it must be a single, visible file name.
    const bool usable = !canonical.isEmpty() && !canonical.startsWith(u'.')
        && !canonical.contains(u'/') && !canonical.contains(u'\\')
        && std::none_of(canonical.cbegin(), canonical.cend(),
                        [](QChar c) { return c.unicode() < 0x20 || c.unicode() == 0x7f; });
    if (!usable)
        return StoreError::make(StoreError::InvalidName,
                                tr("\"%1\" cannot be a user of this mail store: it is empty, "
                                   "starts with a dot or holds \"/\", \"\\\" or a control "
                                   "character.")
                                    .arg(address));
    UserMail user;
    user.address = canonical;
    MailboxIndex inbox;
    inbox.name = QStringLiteral("INBOX");
    inbox.uidValidity = user.nextUidValidity();
    user.insert(std::move(inbox));
    user.subscriptions.append(QStringLiteral("INBOX"));
    for (const auto &special : kSpecialFolders) {
        MailboxIndex folder;
        folder.name = QString::fromUtf16(special.name);
        folder.specialUse = special.use;
        folder.uidValidity = user.nextUidValidity();
        user.subscriptions.append(folder.name);
        user.insert(std::move(folder));
    }
    user.subscriptions.sort();
    if (StoreError error = d->storage->createUser(user))
        return error;
    d->users.insert(canonical, std::move(user));
    return {};
}

bool MailStore::hasUser(const QString &address) const
{
    return d->users.contains(address.toLower());
}

// --- mailboxes

QList<MailboxStatus> MailStore::mailboxes(const QString &user) const
{
    QList<MailboxStatus> result;
    if (const UserMail *mail = d->findUser(user, nullptr)) {
        for (const MailboxIndex &mailbox : mail->mailboxes)
            result.append(d->statusOf(*mail, mailbox));
    }
    return result;
}

std::optional<MailboxStatus> MailStore::status(const QString &user, const QString &mailbox) const
{
    const Private::Place place = d->locate(user, mailbox, nullptr);
    if (!place.mailbox)
        return std::nullopt;
    return d->statusOf(*place.user, *place.mailbox);
}

StoreError MailStore::createMailbox(const QString &user, const QString &mailbox)
{
    StoreError error;
    const Private::Place place = d->locate(user, mailbox, &error);
    if (place.mailbox)
        return StoreError::make(StoreError::AlreadyExists,
                                tr("A mailbox named \"%1\" already exists.").arg(place.name));
    if (error.code != StoreError::NoSuchMailbox)
        return error;
    QStringList created;
    if (StoreError failed = d->createWithAncestors(*place.user, place.name, &created))
        return failed;
    Q_EMIT mailboxesChanged(place.user->address);
    return {};
}

StoreError MailStore::deleteMailbox(const QString &user, const QString &mailbox)
{
    StoreError error;
    const Private::Place place = d->locate(user, mailbox, &error);
    if (!place.mailbox)
        return error;
    if (MailboxPath::isInbox(place.name))
        return StoreError::make(StoreError::Forbidden, tr("INBOX cannot be deleted."));
    if (place.user->hasChildren(place.name))
        return StoreError::make(
            StoreError::Forbidden,
            tr("\"%1\" has mailboxes below it; delete those first.").arg(place.name));
    if (StoreError failed = d->storage->deleteMailbox(place.user->address, *place.mailbox))
        return failed;
    // The subscription stays: RFC 3501 s6.3.6 forbids removing it unasked.
    const QString name = place.name;
    place.user->mailboxes.removeIf([&name](const MailboxIndex &m) { return m.name == name; });
    Q_EMIT mailboxesChanged(place.user->address);
    return {};
}

StoreError MailStore::renameMailbox(const QString &user, const QString &from, const QString &to)
{
    StoreError error;
    const Private::Place source = d->locate(user, from, &error);
    if (!source.mailbox)
        return error;
    UserMail &mail = *source.user;
    const Private::Place target = d->locate(user, to, &error);
    if (target.mailbox)
        return StoreError::make(StoreError::AlreadyExists,
                                tr("A mailbox named \"%1\" already exists.").arg(target.name));
    if (error.code != StoreError::NoSuchMailbox)
        return error;
    // INBOX's children stay where they are when it is renamed, so only other mailboxes
    // cannot move below themselves.
    if (!MailboxPath::isInbox(source.name) && MailboxPath::isBelow(target.name, source.name))
        return StoreError::make(
            StoreError::Forbidden,
            tr("\"%1\" cannot move into a mailbox below itself.").arg(source.name));

    QStringList created;
    if (MailboxPath::isInbox(source.name)) {
        // RFC 3501 s6.3.5: INBOX's messages move to a new mailbox, INBOX stays (empty) and the
        // mailboxes below INBOX stay where they are. Deliveries under way move with them.
        d->settleDeliveries(mail.address, source.name);
        if (StoreError failed = d->createWithAncestors(mail, target.name, &created))
            return failed;
        MailboxIndex &inbox = *mail.find(source.name);
        MailboxIndex &renamed = *mail.find(target.name);
        QList<qsizetype> all;
        for (qsizetype at = 0; at < inbox.records.size(); ++at)
            all.append(at);
        QList<Uid> newUids;
        if (StoreError failed = d->copyQuietly(mail, inbox, all, renamed, &newUids)) {
            d->undoCreate(mail, created);
            return failed;
        }
        QList<qsizetype> removed;
        const StoreError failed = d->storage->removeMessages(mail.address, inbox, all, &removed);
        std::sort(removed.begin(), removed.end());
        const QList<Uid> oldUids = Private::uidsAt(inbox, removed);
        inbox.removePositions(removed);
        Q_EMIT mailboxesChanged(mail.address);
        if (!newUids.isEmpty())
            Q_EMIT messagesAdded(mail.address, target.name, newUids);
        if (!removed.isEmpty())
            Q_EMIT messagesExpunged(mail.address, source.name, oldUids);
        return failed;
    }

    // The mailbox and everything below it, in one go.
    QList<std::pair<QString, QString>> renames;
    for (const MailboxIndex &mailbox : std::as_const(mail.mailboxes)) {
        if (mailbox.name == source.name || MailboxPath::isBelow(mailbox.name, source.name)) {
            const QString renamed = target.name + mailbox.name.mid(source.name.size());
            if (mail.find(renamed))
                return StoreError::make(StoreError::AlreadyExists,
                                        tr("A mailbox named \"%1\" already exists.").arg(renamed));
            if (StoreError invalid = d->storage->checkName(mail.address, renamed))
                return invalid;
            renames.append({ mailbox.name, renamed });
        }
    }
    const QString parent = MailboxPath::parent(target.name);
    if (!parent.isEmpty()) {
        if (StoreError failed = d->createWithAncestors(mail, parent, &created))
            return failed;
    }
    if (StoreError failed = d->storage->renameMailboxes(mail.address, renames)) {
        d->undoCreate(mail, created);
        return failed;
    }
    for (const auto &rename : std::as_const(renames)) {
        // Named copies: a lambda may not capture a structured binding before C++20.
        const QString oldName = rename.first;
        const QString newName = rename.second;
        const qsizetype at = std::find_if(mail.mailboxes.cbegin(), mail.mailboxes.cend(),
                                          [&](const MailboxIndex &m) { return m.name == oldName; })
            - mail.mailboxes.cbegin();
        MailboxIndex moved = mail.mailboxes.takeAt(at);
        moved.name = newName;
        mail.insert(std::move(moved));
        // Subscriptions follow the mailbox, as a person renaming a folder expects.
        if (mail.subscriptions.removeOne(oldName))
            mail.subscriptions.append(newName);
    }
    mail.subscriptions.sort();
    d->storage->saveUser(mail); // the rename itself is done; a stale list only loses a tick
    Q_EMIT mailboxesChanged(mail.address);
    return {};
}

StoreError MailStore::setSubscribed(const QString &user, const QString &mailbox, bool subscribed)
{
    StoreError error;
    const Private::Place place = d->locate(user, mailbox, &error);
    if (!place.user || error.code == StoreError::InvalidName)
        return error;
    UserMail &mail = *place.user;
    const bool wasSubscribed = mail.subscriptions.contains(place.name);
    // RFC 3501 s6.3.6/s6.3.7: SUBSCRIBE may check that the mailbox exists; UNSUBSCRIBE must
    // work for a name whose mailbox is gone, else the name could never be removed.
    if (!place.mailbox && (subscribed || !wasSubscribed))
        return error;
    if (wasSubscribed == subscribed)
        return {};
    QStringList before = mail.subscriptions;
    if (subscribed) {
        mail.subscriptions.append(place.name);
        mail.subscriptions.sort();
    } else {
        mail.subscriptions.removeAll(place.name);
    }
    if (StoreError failed = d->storage->saveUser(mail)) {
        mail.subscriptions = std::move(before);
        return failed;
    }
    return {};
}

// --- messages

QList<MessageRecord> MailStore::messages(const QString &user, const QString &mailbox) const
{
    const MailboxIndex *found = d->findMailbox(user, mailbox);
    return found ? found->records : QList<MessageRecord>();
}

std::optional<MessageRecord> MailStore::message(const QString &user, const QString &mailbox,
                                                Uid uid) const
{
    const MailboxIndex *found = d->findMailbox(user, mailbox);
    const qsizetype at = found ? found->indexOf(uid) : -1;
    if (at < 0)
        return std::nullopt;
    return found->records.at(at);
}

QByteArray MailStore::content(const QString &user, const QString &mailbox, Uid uid,
                              StoreError *error) const
{
    StoreError why;
    const Private::Place place = d->locate(user, mailbox, &why);
    const qsizetype at = place.mailbox ? place.mailbox->indexOf(uid) : -1;
    if (place.mailbox && at < 0)
        why = StoreError::make(
            StoreError::NoSuchMessage,
            tr("There is no message with UID %1 in \"%2\".").arg(uid).arg(place.name));
    QByteArray bytes;
    if (!why)
        bytes = d->storage->readMessage(place.user->address, *place.mailbox, at, &why);
    if (error)
        *error = why;
    return bytes;
}

void MailStore::deliver(const QStringList &users, const QByteArray &message, DeliveryDone done)
{
    QList<NewMessage> copies;
    StoreError error;
    const QDateTime now = Private::wholeSeconds({});
    QStringList seen;
    for (const QString &user : users) {
        const UserMail *mail = d->findUser(user, &error);
        if (!mail)
            break;
        if (seen.contains(mail->address))
            continue;
        seen.append(mail->address);
        NewMessage copy;
        copy.user = mail->address;
        copy.mailbox = QStringLiteral("INBOX");
        copy.bytes = message;
        copy.internalDate = now;
        copies.append(copy);
    }
    // `done` always comes later from the event loop, never from inside deliver().
    if (error || copies.isEmpty()) {
        if (!error)
            error = StoreError::make(StoreError::NoSuchUser, tr("A message needs a recipient."));
        QMetaObject::invokeMethod(
            this, [done = std::move(done), error] { done(error); }, Qt::QueuedConnection);
        return;
    }
    // Each copy's UID is taken now, in the order deliver() was called, and goes into the
    // file's name: the directory fsync that makes the file durable makes its UID durable too,
    // and no index write has to wait for the disk. Copies become visible in UID order
    // (Private::showReady), whatever order the pool finishes them in.
    auto delivery = std::make_shared<Private::Delivery>();
    for (NewMessage &copy : copies) {
        MailboxIndex *inbox = d->findUser(copy.user, nullptr)->find(copy.mailbox);
        Q_ASSERT(inbox); // INBOX is never deleted
        copy.uid = inbox->uidNext++;
        d->reserved[copy.user].insert(copy.uid, delivery);
        d->updateFirstReserved(copy.user);
    }
    delivery->invisible = copies.size();
    delivery->copies = std::move(copies);
    delivery->done = std::move(done);
    MailStorage *storage = d->storage.get();
    QPointer<MailStore> self(this);
    d->pool.start([storage, self, delivery] {
        delivery->error = storage->writeMessages(&delivery->copies);
        delivery->finished.set_value();
        // The store outlives this task (its destructor waits for the pool), so `self` is
        // only used to address the queued call, which Qt drops if the store is gone by then.
        QMetaObject::invokeMethod(
            self.data(),
            [self, delivery] {
                if (self)
                    self->d->arrive(delivery);
            },
            Qt::QueuedConnection);
    });
}

Uid MailStore::append(const QString &user, const QString &mailbox, const QByteArray &message,
                      const QList<QByteArray> &flags, const QDateTime &internalDate,
                      StoreError *error)
{
    StoreError why;
    const Private::Place place = d->locate(user, mailbox, &why);
    Uid uid = 0;
    if (place.mailbox) {
        d->settleDeliveries(place.user->address, place.name);
        QList<NewMessage> written(1);
        NewMessage &draft = written.first();
        draft.user = place.user->address;
        draft.mailbox = place.name;
        draft.bytes = message;
        draft.flags = MessageFlags::canonical(flags);
        draft.internalDate = Private::wholeSeconds(internalDate);
        why = d->storage->writeMessages(&written);
        if (!why) {
            MailboxIndex &index = *place.mailbox;
            MessageRecord record;
            record.flags = draft.flags;
            record.internalDate = draft.internalDate;
            record.size = message.size();
            const qsizetype at = index.records.size();
            uid = index.appendRecord(std::move(record), draft.location);
            why = d->storage->recordAdded(place.user->address, index, at);
            if (why) {
                d->storage->discardMessages(written);
                index.removePositions({ at });
                uid = 0;
            }
        }
    }
    if (error)
        *error = why;
    if (uid)
        Q_EMIT messagesAdded(place.user->address, place.name, { uid });
    return uid;
}

QList<Uid> MailStore::setFlags(const QString &user, const QString &mailbox, const QList<Uid> &uids,
                               FlagOperation operation, const QList<QByteArray> &flags,
                               StoreError *error)
{
    StoreError why;
    const Private::Place place = d->locate(user, mailbox, &why);
    QList<Uid> changed;
    if (place.mailbox) {
        MailboxIndex &index = *place.mailbox;
        QList<qsizetype> positions = index.positionsOf(uids);
        std::sort(positions.begin(), positions.end());
        QList<qsizetype> changing;
        QList<QList<QByteArray>> newFlags;
        for (qsizetype at : std::as_const(positions)) {
            const QList<QByteArray> &current = index.records.at(at).flags;
            QList<QByteArray> next = MessageFlags::apply(current, operation, flags);
            if (!MessageFlags::same(current, next)) {
                changing.append(at);
                newFlags.append(std::move(next));
            }
        }
        if (!changing.isEmpty())
            why = d->storage->changeFlags(place.user->address, &index, changing, newFlags);
        if (!why) {
            for (qsizetype i = 0; i < changing.size(); ++i) {
                index.records[changing.at(i)].flags = newFlags.at(i);
                changed.append(index.records.at(changing.at(i)).uid);
            }
        }
    }
    if (error)
        *error = why;
    if (!changed.isEmpty())
        Q_EMIT flagsChanged(place.user->address, place.name, changed);
    return changed;
}

StoreError MailStore::copy(const QString &user, const QString &from, const QList<Uid> &uids,
                           const QString &to, QList<Uid> *copiedUids, QList<Uid> *newUids)
{
    StoreError error;
    const Private::Place source = d->locate(user, from, &error);
    if (!source.mailbox)
        return error;
    const Private::Place target = d->locate(user, to, &error);
    if (!target.mailbox)
        return error;
    d->settleDeliveries(target.user->address, target.name);
    const QList<qsizetype> positions = source.mailbox->positionsOf(uids);
    QList<Uid> added;
    if (!positions.isEmpty()) {
        if (StoreError failed =
                d->copyQuietly(*source.user, *source.mailbox, positions, *target.mailbox, &added))
            return failed;
    }
    if (copiedUids)
        *copiedUids = Private::uidsAt(*source.mailbox, positions);
    if (newUids)
        *newUids = added;
    if (!added.isEmpty())
        Q_EMIT messagesAdded(source.user->address, target.name, added);
    return {};
}

StoreError MailStore::move(const QString &user, const QString &from, const QList<Uid> &uids,
                           const QString &to, QList<Uid> *movedUids, QList<Uid> *newUids)
{
    StoreError error;
    const Private::Place source = d->locate(user, from, &error);
    if (!source.mailbox)
        return error;
    const Private::Place target = d->locate(user, to, &error);
    if (!target.mailbox)
        return error;
    d->settleDeliveries(target.user->address, target.name);
    MailboxIndex &origin = *source.mailbox;
    MailboxIndex &destination = *target.mailbox;
    const QList<qsizetype> positions = origin.positionsOf(uids);
    const QList<Uid> sourceUids = Private::uidsAt(origin, positions);
    QList<Uid> added;
    if (!positions.isEmpty()) {
        if (StoreError failed =
                d->copyQuietly(*source.user, origin, positions, destination, &added))
            return failed;
    }
    // RFC 6851 s3.3: then exactly these sources go. Should that fail part way, the copies of
    // the sources that stayed are taken back, so each message ends up in one place.
    QList<qsizetype> removed;
    error = d->storage->removeMessages(source.user->address, origin, positions, &removed);
    QList<Uid> moved, arrived;
    QList<qsizetype> takeBack;
    const QSet<qsizetype> gone(removed.cbegin(), removed.cend());
    for (qsizetype i = 0; i < positions.size(); ++i) {
        if (gone.contains(positions.at(i))) {
            moved.append(sourceUids.at(i));
            arrived.append(added.at(i));
        } else {
            takeBack.append(destination.indexOf(added.at(i)));
        }
    }
    origin.removePositions(removed);
    if (!takeBack.isEmpty()) {
        QList<qsizetype> undone;
        d->storage->removeMessages(source.user->address, destination, takeBack, &undone);
        destination.removePositions(undone);
    }
    if (movedUids)
        *movedUids = moved;
    if (newUids)
        *newUids = arrived;
    if (!arrived.isEmpty())
        Q_EMIT messagesAdded(source.user->address, target.name, arrived);
    if (!moved.isEmpty()) {
        QList<Uid> ascending = moved;
        std::sort(ascending.begin(), ascending.end());
        Q_EMIT messagesExpunged(source.user->address, source.name, ascending);
    }
    return error;
}

QList<Uid> MailStore::expunge(const QString &user, const QString &mailbox, const QList<Uid> &uids,
                              StoreError *error)
{
    StoreError why;
    const Private::Place place = d->locate(user, mailbox, &why);
    QList<Uid> expunged;
    if (place.mailbox) {
        QList<qsizetype> positions = place.mailbox->positionsOf(uids);
        std::sort(positions.begin(), positions.end());
        QList<qsizetype> removed;
        if (!positions.isEmpty())
            why = d->storage->removeMessages(place.user->address, *place.mailbox, positions,
                                             &removed);
        std::sort(removed.begin(), removed.end());
        expunged = Private::uidsAt(*place.mailbox, removed);
        place.mailbox->removePositions(removed);
    }
    if (error)
        *error = why;
    if (!expunged.isEmpty())
        Q_EMIT messagesExpunged(place.user->address, place.name, expunged);
    return expunged;
}

QList<Uid> MailStore::claimRecent(const QString &user, const QString &mailbox)
{
    MailboxIndex *found = d->locate(user, mailbox, nullptr).mailbox;
    return found ? std::exchange(found->unclaimedRecent, {}) : QList<Uid>();
}

bool MailStore::lockMaildrop(const QString &user)
{
    UserMail *mail = d->findUser(user, nullptr);
    if (!mail || mail->maildropLocked)
        return false;
    mail->maildropLocked = true;
    return true;
}

void MailStore::unlockMaildrop(const QString &user)
{
    if (UserMail *mail = d->findUser(user, nullptr))
        mail->maildropLocked = false;
}

} // namespace magpie::server
