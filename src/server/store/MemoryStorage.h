// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/store/MailStorage.h"

#include <QHash>
#include <QMutex>

#include <functional>

namespace magpie::server {

// Keeps message bytes in memory (magpie-server --memory, tests). Nothing survives the
// process; nothing here can fail.
class MemoryStorage final : public MailStorage
{
public:
    StoreError checkName(const QString &user, const QString &mailbox) const override;
    StoreError load(QList<UserMail> *users) override;
    StoreError createUser(const UserMail &user) override;
    StoreError saveUser(const UserMail &user) override;
    StoreError createMailbox(const QString &user, const MailboxIndex &mailbox) override;
    StoreError deleteMailbox(const QString &user, const MailboxIndex &mailbox) override;
    StoreError renameMailboxes(const QString &user,
                               const QList<std::pair<QString, QString>> &renames) override;
    StoreError writeMessages(QList<NewMessage> *messages) override;
    void discardMessages(const QList<NewMessage> &messages) override;
    QByteArray readMessage(const QString &user, const MailboxIndex &mailbox, qsizetype position,
                           StoreError *error) const override;
    StoreError copyMessages(const QString &user, const MailboxIndex &from,
                            const QList<qsizetype> &positions, const MailboxIndex &to,
                            QList<NewMessage> *copies) override;
    StoreError recordAdded(const QString &user, const MailboxIndex &mailbox, qsizetype first,
                           bool uidsDurable = false) override;
    StoreError changeFlags(const QString &user, MailboxIndex *mailbox,
                           const QList<qsizetype> &positions,
                           const QList<QList<QByteArray>> &newFlags) override;
    StoreError removeMessages(const QString &user, const MailboxIndex &mailbox,
                              const QList<qsizetype> &positions,
                              QList<qsizetype> *removed) override;

    // For tests of delivery order: called on the pool thread before each writeMessages();
    // it may hold the write back (wait) or fail it (return an error). Set it only while no
    // delivery is under way.
    using WriteHook = std::function<StoreError(const QList<NewMessage> &messages)>;
    static inline WriteHook writeHookForTests;

private:
    QString keep(const QByteArray &bytes); // with m_lock held

    mutable QMutex m_lock; // writeMessages() runs on pool threads
    QHash<QString, QByteArray> m_contents;
    quint64 m_nextKey = 1;
};

} // namespace magpie::server
