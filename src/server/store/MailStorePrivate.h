// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"
#include "server/store/MailStorage.h"
#include "server/store/MailboxIndex.h"

#include <QHash>
#include <QMap>
#include <QThreadPool>

#include <future>
#include <memory>

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
    // One deliver() call: its copies (one per recipient's INBOX, each with a reserved UID)
    // are written on the pool, then become visible in UID order on the store's thread.
    struct Delivery
    {
        QList<NewMessage> copies; // the pool's until `written` is set, then the store's
        DeliveryDone done;
        StoreError error; // set by the pool before `written`
        std::promise<void> finished; // set by the pool once the files are durable (or not)
        std::shared_future<void> written = finished.get_future().share();
        bool arrived = false; // the store's thread has taken in the outcome
        qsizetype invisible = 0; // copies not yet in their mailbox's index
    };
    using DeliveryPtr = std::shared_ptr<Delivery>;

    MailStore *q = nullptr;
    std::unique_ptr<MailStorage> storage;
    QHash<QString, UserMail> users; // by lower-cased address
    // Per user: the UIDs reserved in INBOX for deliveries not yet visible, ascending.
    QHash<QString, QMap<Uid, DeliveryPtr>> reserved;
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
    // Takes in a delivery whose files are written (or failed): a failed one gives back its
    // UIDs; then every mailbox it went to shows what is now ready, in UID order.
    void arrive(const DeliveryPtr &delivery);
    // Makes the user's INBOX show every delivered copy whose lower reserved UIDs are all
    // shown or given back: one index write and one messagesAdded for all of them.
    void showReady(const QString &user);
    // Before the store's thread adds messages to `mailbox` itself (APPEND, COPY, MOVE,
    // RENAME INBOX), waits for the deliveries in flight to it and shows them, so that the
    // new messages get UIDs above theirs and appear after them.
    void settleDeliveries(const QString &user, const QString &mailbox);
    void updateFirstReserved(const QString &user);
    void finish(const DeliveryPtr &delivery, const StoreError &error);

    // Internal dates have whole seconds: INTERNALDATE (RFC 3501 s9 date-time) shows no less,
    // and a Maildir keeps them as a file's modification time.
    static QDateTime wholeSeconds(const QDateTime &when);
    static QList<Uid> uidsAt(const MailboxIndex &mailbox, const QList<qsizetype> &positions);
};

} // namespace magpie::server
