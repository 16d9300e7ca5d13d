// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/store/MailStorage.h"

#include <QCoreApplication>
#include <QHash>
#include <QMutex>

#include <memory>

namespace magpie::server {

// Keeps each user's mail in a Maildir++ directory under the store's directory (DIR/<address>/),
// readable by other Maildir programs: INBOX in cur/ new/ tmp/ of that directory, other
// mailboxes in ".Level1.Level2" directories beside them (MaildirName), system flags in the file
// names' info (MaildirFlags), UIDs and keywords in each folder's UidList, and the user's
// UIDVALIDITY counter and subscriptions in "magpie-user".
//
// A message is written to tmp/, fsync'd, renamed into new/ or cur/, and the directory fsync'd
// before the call returns; a failure removes what was written. Content is read from the file
// when asked for; only the index is in memory.
class MaildirStorage final : public MailStorage
{
public:
    // Fails when another store (another magpie-server) has DIR open: two writers would hand
    // out the same UIDs.
    static std::unique_ptr<MailStorage> open(const QString &dir, StoreError *error);
    ~MaildirStorage() override;

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

    // The log is folded into the list once it is larger than this (bytes).
    static constexpr qint64 kLogLimit = 256 * 1024;

private:
    MaildirStorage(const QString &root, int lock);
    QString userDirectory(const QString &user) const;
    QString folderOf(const QString &user, const QString &mailbox) const;
    StoreError buildFolder(const QString &directory, const MailboxIndex &mailbox,
                           bool isInbox) const;
    StoreError appendToLog(const QString &user, const MailboxIndex &mailbox,
                           const QByteArray &records, bool sync = true);
    StoreError loadUser(const QString &address, UserMail *user);

    QString m_root;
    int m_lock = -1; // the open, flock()ed DIR/.magpie-store.lock
    QHash<QString, qint64> m_logSizes; // by folder directory

    Q_DECLARE_TR_FUNCTIONS(magpie::server::MaildirStorage) // last: it ends in "private:"
};

} // namespace magpie::server
