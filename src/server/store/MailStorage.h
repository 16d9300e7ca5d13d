// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"
#include "server/store/MailboxIndex.h"

#include <QList>
#include <QString>

#include <utility>

namespace magpie::server {

// A message on its way into a mailbox: what to write, and (once written) where it went.
struct NewMessage
{
    QString user;
    QString mailbox;
    QByteArray bytes;
    QList<QByteArray> flags; // canonical (MessageFlags)
    QDateTime internalDate; // whole seconds, UTC
    QString location; // filled in by MailStorage::writeMessages
    // The UID MailStore reserved for a delivery (0: none yet). The backend keeps it with the
    // file (a Maildir writes it into the name), so that it is durable when the file is.
    Uid uid = 0;
};

// Where MailStore keeps what its in-memory index describes: the bytes of each message and
// everything that must survive a restart. MailStore decides (names, UIDs, flags, signals); a
// backend only makes the decision durable. Every call is all or nothing: an error means the
// backend changed nothing that the index (or a later open) would see, unless it says so.
// Only writeMessages() may run off the store's thread.
class MailStorage
{
public:
    virtual ~MailStorage() = default;

    // InvalidName when the backend cannot keep a mailbox of this (already normalized) name,
    // e.g. one too long for a directory name.
    virtual StoreError checkName(const QString &user, const QString &mailbox) const = 0;
    // Every user the backend already holds, with their mailboxes and messages.
    virtual StoreError load(QList<UserMail> *users) = 0;
    // A new user with the mailboxes already in `user` (INBOX and the special-use ones).
    virtual StoreError createUser(const UserMail &user) = 0;
    // The user's own state: the last UIDVALIDITY handed out and the subscriptions.
    virtual StoreError saveUser(const UserMail &user) = 0;

    virtual StoreError createMailbox(const QString &user, const MailboxIndex &mailbox) = 0;
    virtual StoreError deleteMailbox(const QString &user, const MailboxIndex &mailbox) = 0;
    // Renames each (from, to) pair: a mailbox and the ones below it.
    virtual StoreError renameMailboxes(const QString &user,
                                       const QList<std::pair<QString, QString>> &renames) = 0;

    // Writes each message durably and sets its location. Thread-safe: deliveries call it from
    // a thread pool. Either every message is written or none is.
    virtual StoreError writeMessages(QList<NewMessage> *messages) = 0;
    // Takes back messages that writeMessages() wrote but the index never took.
    virtual void discardMessages(const QList<NewMessage> &messages) = 0;
    virtual QByteArray readMessage(const QString &user, const MailboxIndex &mailbox,
                                   qsizetype position, StoreError *error) const = 0;
    // Copies the messages at `positions` of `from` into `to` with the same flags and internal
    // date; returns their locations in `to` (the index takes them in afterwards).
    virtual StoreError copyMessages(const QString &user, const MailboxIndex &from,
                                    const QList<qsizetype> &positions, const MailboxIndex &to,
                                    QList<NewMessage> *copies) = 0;

    // Records, after MailStore appended them to `mailbox`, the records from `first` on.
    // `uidsDurable`: writeMessages() already made their UIDs durable (deliveries), so the
    // record only saves the next open some work and need not wait for the disk.
    virtual StoreError recordAdded(const QString &user, const MailboxIndex &mailbox,
                                   qsizetype first, bool uidsDurable = false) = 0;
    // Gives the messages at `positions` their `newFlags`, updating `mailbox->locations`.
    virtual StoreError changeFlags(const QString &user, MailboxIndex *mailbox,
                                   const QList<qsizetype> &positions,
                                   const QList<QList<QByteArray>> &newFlags) = 0;
    // Removes the messages at `positions`. On error `*removed` holds those that are gone
    // anyway (they must leave the index too).
    virtual StoreError removeMessages(const QString &user, const MailboxIndex &mailbox,
                                      const QList<qsizetype> &positions,
                                      QList<qsizetype> *removed) = 0;
};

} // namespace magpie::server
