// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/MailStorePrivate.h"

#include "server/store/MailboxPath.h"

#include <algorithm>

namespace magpie::server {

QDateTime MailStore::Private::wholeSeconds(const QDateTime &when)
{
    const QDateTime valid = when.isValid() ? when : QDateTime::currentDateTimeUtc();
    return QDateTime::fromSecsSinceEpoch(valid.toSecsSinceEpoch(), Qt::UTC);
}

QList<Uid> MailStore::Private::uidsAt(const MailboxIndex &mailbox,
                                      const QList<qsizetype> &positions)
{
    QList<Uid> uids;
    uids.reserve(positions.size());
    for (qsizetype at : positions)
        uids.append(mailbox.records.at(at).uid);
    return uids;
}

UserMail *MailStore::Private::findUser(const QString &address, StoreError *error)
{
    const auto it = users.find(address.toLower());
    if (it == users.end()) {
        if (error)
            *error = StoreError::make(StoreError::NoSuchUser,
                                      tr("There is no user %1 in this mail store.").arg(address));
        return nullptr;
    }
    return &it.value();
}

MailStore::Private::Place MailStore::Private::locate(const QString &address, const QString &mailbox,
                                                     StoreError *error)
{
    Place place;
    StoreError why;
    place.user = findUser(address, &why);
    if (place.user) {
        QString invalid;
        if (auto name = MailboxPath::normalize(mailbox, &invalid)) {
            place.name = *name;
            place.mailbox = place.user->find(place.name);
            if (!place.mailbox)
                why = StoreError::make(StoreError::NoSuchMailbox,
                                       tr("There is no mailbox \"%1\".").arg(place.name));
        } else {
            why = StoreError::make(StoreError::InvalidName, invalid);
        }
    }
    if (error)
        *error = why;
    return place;
}

const MailboxIndex *MailStore::Private::findMailbox(const QString &address,
                                                    const QString &mailbox) const
{
    return const_cast<Private *>(this)->locate(address, mailbox, nullptr).mailbox;
}

MailboxStatus MailStore::Private::statusOf(const UserMail &user, const MailboxIndex &mailbox) const
{
    MailboxStatus status;
    status.name = mailbox.name;
    status.specialUse = mailbox.specialUse;
    status.subscribed = user.subscriptions.contains(mailbox.name);
    status.uidValidity = mailbox.uidValidity;
    status.uidNext = mailbox.uidNext;
    status.messages = int(mailbox.records.size());
    status.unseen = mailbox.unseen();
    status.recent = int(mailbox.unclaimedRecent.size());
    return status;
}

StoreError MailStore::Private::createWithAncestors(UserMail &user, const QString &name,
                                                   QStringList *created)
{
    QStringList needed;
    for (QString level = name; !level.isEmpty(); level = MailboxPath::parent(level)) {
        if (user.find(level))
            break;
        needed.prepend(level);
    }
    for (const QString &level : std::as_const(needed)) {
        if (StoreError error = storage->checkName(user.address, level))
            return error;
    }
    for (const QString &level : std::as_const(needed)) {
        MailboxIndex mailbox;
        mailbox.name = level;
        mailbox.uidValidity = user.nextUidValidity();
        StoreError error = storage->saveUser(user);
        if (!error)
            error = storage->createMailbox(user.address, mailbox);
        if (error) {
            undoCreate(user, *created);
            created->clear();
            return error;
        }
        user.insert(std::move(mailbox));
        created->append(level);
    }
    return {};
}

void MailStore::Private::undoCreate(UserMail &user, const QStringList &created)
{
    for (auto it = created.crbegin(); it != created.crend(); ++it) {
        if (const MailboxIndex *mailbox = user.find(*it)) {
            storage->deleteMailbox(user.address, *mailbox);
            user.mailboxes.removeIf([&it](const MailboxIndex &m) { return m.name == *it; });
        }
    }
}

StoreError MailStore::Private::copyQuietly(UserMail &user, MailboxIndex &from,
                                           const QList<qsizetype> &positions, MailboxIndex &to,
                                           QList<Uid> *newUids)
{
    QList<NewMessage> copies;
    if (StoreError error = storage->copyMessages(user.address, from, positions, to, &copies))
        return error;
    const qsizetype first = to.records.size();
    for (qsizetype i = 0; i < positions.size(); ++i) {
        const MessageRecord &source = from.records.at(positions.at(i));
        MessageRecord record;
        record.flags = source.flags;
        record.internalDate = source.internalDate;
        record.size = source.size;
        newUids->append(to.appendRecord(std::move(record), copies.at(i).location));
    }
    if (StoreError error = storage->recordAdded(user.address, to, first)) {
        storage->discardMessages(copies);
        QList<qsizetype> added;
        for (qsizetype at = first; at < to.records.size(); ++at)
            added.append(at);
        to.removePositions(added);
        newUids->clear();
        return error;
    }
    return {};
}

void MailStore::Private::flushDeliveries()
{
    flushQueued = false;
    const QList<PendingDelivery> batch = std::exchange(pending, {});
    struct Touched
    {
        UserMail *user;
        MailboxIndex *inbox;
        qsizetype first;
        StoreError error;
    };
    QList<Touched> touched;
    // For each delivery, for each copy: which touched mailbox and which UID.
    QList<QList<std::pair<qsizetype, Uid>>> placed(batch.size());
    for (qsizetype i = 0; i < batch.size(); ++i) {
        for (const NewMessage &copy : batch.at(i).copies) {
            UserMail *user = findUser(copy.user, nullptr);
            MailboxIndex *inbox = user ? user->find(copy.mailbox) : nullptr;
            Q_ASSERT(inbox); // users are never removed, INBOX never deleted
            auto it = std::find_if(touched.begin(), touched.end(),
                                   [inbox](const Touched &t) { return t.inbox == inbox; });
            if (it == touched.end())
                it = touched.insert(touched.end(), { user, inbox, inbox->records.size(), {} });
            MessageRecord record;
            record.internalDate = copy.internalDate;
            record.size = copy.bytes.size();
            placed[i].append({ it - touched.begin(), inbox->appendRecord(record, copy.location) });
        }
    }
    for (Touched &t : touched)
        t.error = storage->recordAdded(t.user->address, *t.inbox, t.first);

    // A delivery with a copy whose index could not be written fails as a whole: its other
    // copies leave the index again before any session heard of them.
    QList<StoreError> outcome(batch.size());
    for (qsizetype i = 0; i < batch.size(); ++i) {
        for (const auto &[which, uid] : placed.at(i)) {
            if (touched.at(which).error) {
                outcome[i] = touched.at(which).error;
                break;
            }
        }
        if (!outcome.at(i))
            continue;
        for (qsizetype j = 0; j < placed.at(i).size(); ++j) {
            const auto &[which, uid] = placed.at(i).at(j);
            Touched &t = touched[which];
            const qsizetype at = t.inbox->indexOf(uid);
            if (t.error) {
                storage->discardMessages({ batch.at(i).copies.at(j) });
            } else {
                QList<qsizetype> removed;
                storage->removeMessages(t.user->address, *t.inbox, { at }, &removed);
            }
            t.inbox->removePositions({ at });
        }
    }
    for (const Touched &t : std::as_const(touched)) {
        QList<Uid> added;
        for (qsizetype at = t.first; at < t.inbox->records.size(); ++at)
            added.append(t.inbox->records.at(at).uid);
        if (!added.isEmpty())
            Q_EMIT q->messagesAdded(t.user->address, t.inbox->name, added);
    }
    for (qsizetype i = 0; i < batch.size(); ++i)
        batch.at(i).done(outcome.at(i));
}

} // namespace magpie::server
