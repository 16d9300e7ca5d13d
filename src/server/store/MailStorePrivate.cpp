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
    // UIDs reserved for deliveries still being written are not yet anyone's: UIDNEXT moves
    // when messages appear (RFC 3501 s2.3.1.1).
    status.uidNext = mailbox.firstReserved ? mailbox.firstReserved : mailbox.uidNext;
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

void MailStore::Private::arrive(const DeliveryPtr &delivery)
{
    if (delivery->arrived)
        return;
    delivery->written.wait(); // at once, unless settleDeliveries() is waiting for the pool
    delivery->arrived = true;
    if (delivery->error) {
        // Its UIDs are given back as a gap: UIDs must ascend (RFC 3501 s2.3.1.1), not be
        // contiguous, and none of these was ever shown.
        for (const NewMessage &copy : std::as_const(delivery->copies)) {
            const auto found = reserved.find(copy.user);
            if (found != reserved.end()) {
                found->remove(copy.uid);
                if (found->isEmpty())
                    reserved.erase(found);
            }
            updateFirstReserved(copy.user);
        }
        finish(delivery, delivery->error);
    }
    for (const NewMessage &copy : std::as_const(delivery->copies))
        showReady(copy.user);
}

void MailStore::Private::showReady(const QString &user)
{
    const auto found = reserved.find(user);
    if (found == reserved.end())
        return;
    QMap<Uid, DeliveryPtr> &waiting = found.value();
    UserMail *mail = findUser(user, nullptr);
    MailboxIndex *inbox = mail ? mail->find(QStringLiteral("INBOX")) : nullptr;
    Q_ASSERT(inbox); // users are never removed, INBOX never deleted
    const qsizetype first = inbox->records.size();
    QList<DeliveryPtr> complete;
    while (!waiting.isEmpty() && waiting.first()->arrived) {
        const Uid uid = waiting.firstKey();
        const DeliveryPtr delivery = waiting.take(uid);
        for (const NewMessage &copy : std::as_const(delivery->copies)) {
            if (copy.user != user || copy.uid != uid)
                continue;
            MessageRecord record;
            record.uid = uid;
            record.internalDate = copy.internalDate;
            record.size = copy.bytes.size();
            inbox->appendReserved(std::move(record), copy.location);
        }
        if (--delivery->invisible == 0)
            complete.append(delivery);
    }
    if (waiting.isEmpty())
        reserved.erase(found);
    updateFirstReserved(user);
    if (inbox->records.size() == first)
        return;
    // The files' names carry their UIDs and are durable already, so an index record that
    // cannot be written costs nothing a later open does not repair: the delivery stands.
    storage->recordAdded(user, *inbox, first, true);
    QList<Uid> added;
    for (qsizetype at = first; at < inbox->records.size(); ++at)
        added.append(inbox->records.at(at).uid);
    Q_EMIT q->messagesAdded(user, inbox->name, added);
    for (const DeliveryPtr &delivery : std::as_const(complete))
        finish(delivery, {});
}

void MailStore::Private::settleDeliveries(const QString &user, const QString &mailbox)
{
    if (!MailboxPath::isInbox(mailbox))
        return; // deliveries only go to INBOX
    for (;;) {
        const auto found = reserved.constFind(user);
        if (found == reserved.cend())
            return;
        // The lowest is never one that arrived (it would be shown): wait for its files.
        const DeliveryPtr next = found->first();
        arrive(next);
        showReady(user);
    }
}

void MailStore::Private::updateFirstReserved(const QString &user)
{
    UserMail *mail = findUser(user, nullptr);
    MailboxIndex *inbox = mail ? mail->find(QStringLiteral("INBOX")) : nullptr;
    if (!inbox)
        return;
    const auto found = reserved.constFind(user);
    inbox->firstReserved = found == reserved.cend() ? 0 : found->firstKey();
}

void MailStore::Private::finish(const DeliveryPtr &delivery, const StoreError &error)
{
    // `done` always comes from the event loop, never from inside a store call (an APPEND
    // may be what showed this delivery).
    QMetaObject::invokeMethod(
        q, [done = std::move(delivery->done), error] { done(error); }, Qt::QueuedConnection);
}

} // namespace magpie::server
