// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/store/MemoryStorage.h"

namespace magpie::server {

StoreError MemoryStorage::checkName(const QString &, const QString &) const
{
    return {};
}

StoreError MemoryStorage::load(QList<UserMail> *users)
{
    users->clear();
    return {};
}

StoreError MemoryStorage::createUser(const UserMail &)
{
    return {};
}
StoreError MemoryStorage::saveUser(const UserMail &)
{
    return {};
}
StoreError MemoryStorage::createMailbox(const QString &, const MailboxIndex &)
{
    return {};
}

StoreError MemoryStorage::deleteMailbox(const QString &, const MailboxIndex &mailbox)
{
    const QMutexLocker locker(&m_lock);
    for (const QString &location : mailbox.locations)
        m_contents.remove(location);
    return {};
}

StoreError MemoryStorage::renameMailboxes(const QString &,
                                          const QList<std::pair<QString, QString>> &)
{
    return {};
}

QString MemoryStorage::keep(const QByteArray &bytes)
{
    const QString key = u'm' + QString::number(m_nextKey++);
    m_contents.insert(key, bytes);
    return key;
}

StoreError MemoryStorage::writeMessages(QList<NewMessage> *messages)
{
    if (writeHookForTests) {
        if (StoreError error = writeHookForTests(*messages))
            return error;
    }
    const QMutexLocker locker(&m_lock);
    for (NewMessage &message : *messages)
        message.location = keep(message.bytes);
    return {};
}

void MemoryStorage::discardMessages(const QList<NewMessage> &messages)
{
    const QMutexLocker locker(&m_lock);
    for (const NewMessage &message : messages)
        m_contents.remove(message.location);
}

QByteArray MemoryStorage::readMessage(const QString &, const MailboxIndex &mailbox,
                                      qsizetype position, StoreError *) const
{
    const QMutexLocker locker(&m_lock);
    return m_contents.value(mailbox.locations.at(position));
}

StoreError MemoryStorage::copyMessages(const QString &user, const MailboxIndex &from,
                                       const QList<qsizetype> &positions, const MailboxIndex &to,
                                       QList<NewMessage> *copies)
{
    const QMutexLocker locker(&m_lock);
    for (qsizetype at : positions) {
        NewMessage copy;
        copy.user = user;
        copy.mailbox = to.name;
        copy.flags = from.records.at(at).flags;
        copy.internalDate = from.records.at(at).internalDate;
        copy.location = keep(m_contents.value(from.locations.at(at)));
        copies->append(copy);
    }
    return {};
}

StoreError MemoryStorage::recordAdded(const QString &, const MailboxIndex &, qsizetype, bool)
{
    return {};
}

StoreError MemoryStorage::changeFlags(const QString &, MailboxIndex *, const QList<qsizetype> &,
                                      const QList<QList<QByteArray>> &)
{
    return {};
}

StoreError MemoryStorage::removeMessages(const QString &, const MailboxIndex &mailbox,
                                         const QList<qsizetype> &positions,
                                         QList<qsizetype> *removed)
{
    const QMutexLocker locker(&m_lock);
    for (qsizetype at : positions)
        m_contents.remove(mailbox.locations.at(at));
    *removed = positions;
    return {};
}

} // namespace magpie::server
