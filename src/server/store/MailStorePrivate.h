// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"
#include "server/store/MailStorage.h"
#include "server/store/MailboxIndex.h"

#include <QHash>
#include <QThreadPool>

namespace magpie::server {

// MailStore's state and the steps its public calls share; the storage backend below it.
class MailStore::Private
{
public:
    struct Place
    {
        UserMail *user = nullptr;
        MailboxIndex *mailbox = nullptr;
        QString name; // normalized
    };
    struct PendingDelivery
    {
        QList<NewMessage> copies;
        DeliveryDone done;
    };

    MailStore *q = nullptr;
    std::unique_ptr<MailStorage> storage;
    QHash<QString, UserMail> users; // by lower-cased address
    QList<PendingDelivery> pending;
    bool flushQueued = false;
    // Declared last, so it is destroyed (waiting for running writes) before the storage.
    QThreadPool pool;

    UserMail *findUser(const QString &address, StoreError *error);
    // The user and (when it exists) the mailbox; `error` says what is missing.
    Place locate(const QString &address, const QString &mailbox, StoreError *error);
    const MailboxIndex *findMailbox(const QString &address, const QString &mailbox) const;
    MailboxStatus statusOf(const UserMail &user, const MailboxIndex &mailbox) const;

    // Creates `name` (already normalized, not existing) with its missing ancestors, as
    // RFC 3501 s6.3.3 asks. `created` lists what was made, for undoing.
    StoreError createWithAncestors(UserMail &user, const QString &name, QStringList *created);
    void undoCreate(UserMail &user, const QStringList &created);
    // COPY's work without signals (MOVE and RENAME INBOX emit their own).
    StoreError copyQuietly(UserMail &user, MailboxIndex &from, const QList<qsizetype> &positions,
                           MailboxIndex &to, QList<Uid> *newUids);
    // Gives the deliveries whose files are written their UIDs, with one index write per
    // mailbox for all of them, then tells their senders and the sessions.
    void flushDeliveries();

    // Internal dates have whole seconds: INTERNALDATE (RFC 3501 s9 date-time) shows no less,
    // and a Maildir keeps them as a file's modification time.
    static QDateTime wholeSeconds(const QDateTime &when);
    static QList<Uid> uidsAt(const MailboxIndex &mailbox, const QList<qsizetype> &positions);
};

} // namespace magpie::server
