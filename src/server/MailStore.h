// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QHash>
#include <QList>
#include <QObject>
#include <QString>
#include <QStringList>

#include <functional>
#include <memory>
#include <optional>

namespace magpie::server {

using Uid = quint32;

// Folders every new user gets (RFC 6154 special-use attributes), besides INBOX.
enum class SpecialUse { None, Drafts, Sent, Trash, Junk, Archive };

// One message as a mailbox holds it. Flags are IMAP flags as the client wrote them: system
// flags ("\\Seen", "\\Answered", "\\Flagged", "\\Deleted", "\\Draft") and keywords. \Recent
// is not a stored flag: see MailStore::claimRecent(). The list is in one order on every
// backend and after restarts: \Answered \Flagged \Deleted \Seen \Draft (spelled so), then
// $Forwarded, then other keywords in the order first set (each keeps its first spelling).
// The store drops \Recent, other backslash flags and non-atoms from what it is given.
struct MessageRecord
{
    Uid uid = 0;
    QList<QByteArray> flags;
    QDateTime internalDate; // UTC; when the message arrived (RFC 3501 s2.3.3)
    qint64 size = 0;        // RFC822.SIZE: the stored bytes, which always have CRLF line ends

    bool hasFlag(QByteArrayView flag) const; // case-insensitive, as IMAP compares flags
};

struct MailboxStatus
{
    QString name; // Unicode, "/" between levels, "INBOX" always spelled so
    SpecialUse specialUse = SpecialUse::None;
    bool subscribed = false;
    quint32 uidValidity = 0;
    Uid uidNext = 1;
    int messages = 0;
    int unseen = 0;
    int recent = 0; // messages not yet claimed as \Recent by any session
};

// Why a store operation failed: a code for the session (it picks the protocol's reply) and a
// sentence for a person (it goes into the reply text and the log).
struct StoreError
{
    enum Code {
        None,
        NoSuchUser,
        NoSuchMailbox,
        AlreadyExists,
        InvalidName,     // empty, a bad component, or one the store cannot keep on disk
        Forbidden,       // INBOX cannot be deleted, a mailbox cannot move under itself ...
        NoSuchMessage,   // a UID that is not (or no longer) in the mailbox
        TooBig,          // over the message size limit
        DiskFull,        // ENOSPC / EDQUOT: nothing was written
        Io,              // any other failed read or write: nothing was changed
    };
    Code code = None;
    QString message;

    explicit operator bool() const { return code != None; }
    static StoreError make(Code code, const QString &message) { return { code, message }; }
};

enum class FlagOperation { Replace, Add, Remove }; // STORE FLAGS, +FLAGS, -FLAGS

// The loopback server's mail: users, their mailboxes and messages, kept in Maildirs (which
// other programs can read) or only in memory. Everything runs on the thread that owns the
// store, except the slow part of delivery (writing and syncing files), which runs in a
// thread pool so that several SMTP sessions are durable at once.
//
// Data safety: a call that reports success has put the change on disk (file written, fsync'd,
// renamed into place, directory fsync'd); a call that fails has changed nothing that any
// session can see. UIDs and UIDVALIDITY survive restarts and are never reused (RFC 3501
// s2.3.1.1).
//
// Names: Unicode, "/" separates levels, "INBOX" is case-insensitive and always reported as
// "INBOX" (also as the first level: "inbox/x" is "INBOX/x"); one trailing "/" is dropped.
// Refused (InvalidName): empty levels, control characters, "*" and "%". Sessions decode
// modified UTF-7 before calling. User addresses are compared lower-cased; signals carry the
// lower-cased address and the canonical mailbox name.
//
// Errors: NoSuchUser, NoSuchMailbox, AlreadyExists, InvalidName, Forbidden, NoSuchMessage
// (content()), DiskFull, Io. The store never checks sizes (TooBig is the sessions' to use).
class MailStore : public QObject
{
    Q_OBJECT
public:
    ~MailStore() override;

    static std::unique_ptr<MailStore> openMemory();
    // Opens (creating when absent) DIR, with one Maildir per user under it.
    static std::unique_ptr<MailStore> openMaildir(const QString &dir, StoreError *error);

    // Creates the user's INBOX and the special-use folders Drafts, Sent, Trash, Junk and
    // Archive (all subscribed) when the user is new; an existing user's mail is left as it is.
    StoreError addUser(const QString &address);
    bool hasUser(const QString &address) const;

    // --- mailboxes (all sorted by name, INBOX first)
    QList<MailboxStatus> mailboxes(const QString &user) const;
    std::optional<MailboxStatus> status(const QString &user, const QString &mailbox) const;
    StoreError createMailbox(const QString &user, const QString &mailbox);
    // Missing parents are created too (RFC 3501 s6.3.3); CREATE does not subscribe.
    // Deleting a mailbox with children is refused (RFC 3501 s6.3.4 lets a server do that);
    // its subscription stays (RFC 3501 s6.3.6).
    StoreError deleteMailbox(const QString &user, const QString &mailbox);
    // Renaming INBOX moves its messages into the new mailbox and leaves INBOX empty
    // (RFC 3501 s6.3.5): they get new UIDs there, INBOX keeps its UIDVALIDITY and UIDNEXT,
    // INBOX's children stay, and messagesExpunged is emitted for INBOX. Other mailboxes keep
    // their UIDVALIDITY and UIDs; children and subscriptions move with their parent; missing
    // parents of the new name are created.
    StoreError renameMailbox(const QString &user, const QString &from, const QString &to);
    // Subscribing needs an existing mailbox; unsubscribing works for a subscribed name whose
    // mailbox is gone.
    StoreError setSubscribed(const QString &user, const QString &mailbox, bool subscribed);

    // --- messages
    // Every message, in UID order. Cheap to call: the list is implicitly shared.
    QList<MessageRecord> messages(const QString &user, const QString &mailbox) const;
    std::optional<MessageRecord> message(const QString &user, const QString &mailbox, Uid uid) const;
    // The message's bytes exactly as stored (CRLF line ends).
    QByteArray content(const QString &user, const QString &mailbox, Uid uid,
                       StoreError *error = nullptr) const;

    // SMTP delivery: the message goes into each user's INBOX. `done` is called on the store's
    // thread once every copy is durable, or with the error that stopped it (then no copy is
    // visible). Messages must already have CRLF line ends. `done` always comes later from the
    // event loop, never from inside deliver(); messagesAdded is emitted before it. Repeated
    // users get one copy; an unknown user fails the whole delivery (NoSuchUser).
    using DeliveryDone = std::function<void(const StoreError &)>;
    void deliver(const QStringList &users, const QByteArray &message, DeliveryDone done);

    // IMAP APPEND: durable before it returns. Returns the new UID, or 0 and the error. An
    // invalid internalDate means now; internal dates have whole seconds.
    Uid append(const QString &user, const QString &mailbox, const QByteArray &message,
               const QList<QByteArray> &flags, const QDateTime &internalDate, StoreError *error);

    // Changes flags of those `uids` that exist; the others are ignored, as RFC 3501 s6.4.6
    // wants for UID STORE. Returns the UIDs whose flags actually changed, ascending (and
    // flagsChanged is emitted for exactly those).
    QList<Uid> setFlags(const QString &user, const QString &mailbox, const QList<Uid> &uids,
                        FlagOperation operation, const QList<QByteArray> &flags,
                        StoreError *error = nullptr);

    // COPY (and MOVE = copy, then expunge of exactly the source UIDs, as one step). On
    // success `newUids` holds, in the order of `uids` that existed, the destination UIDs
    // (UIDPLUS, RFC 4315 s3), and `copiedUids` the source UIDs they came from. Copies keep
    // flags and internal date (RFC 3501 s6.4.7) and are \Recent. No UID existing is success
    // with empty lists. MOVE emits messagesAdded (destination), then messagesExpunged.
    StoreError copy(const QString &user, const QString &from, const QList<Uid> &uids,
                    const QString &to, QList<Uid> *copiedUids, QList<Uid> *newUids);
    StoreError move(const QString &user, const QString &from, const QList<Uid> &uids,
                    const QString &to, QList<Uid> *movedUids, QList<Uid> *newUids);

    // Removes exactly `uids` (those that exist), whatever their flags. Returns the UIDs
    // removed, ascending.
    QList<Uid> expunge(const QString &user, const QString &mailbox, const QList<Uid> &uids,
                       StoreError *error = nullptr);

    // \Recent (RFC 3501 s2.3.2): a message is recent for exactly one session, the first
    // that claims it. Returns the UIDs this caller now owns as recent. New messages (delivered,
    // appended, copied) start unclaimed. Claims are not kept over a restart: a reopened
    // Maildir counts the messages still in new/ as unclaimed.
    QList<Uid> claimRecent(const QString &user, const QString &mailbox);

    // POP3 maildrop lock (RFC 1939 s8): one POP3 session per user at a time. False when
    // another session holds it, or the user is unknown.
    bool lockMaildrop(const QString &user);
    void unlockMaildrop(const QString &user);

Q_SIGNALS:
    // Emitted after a change is durable, for the sessions that show the mailbox (IMAP IDLE,
    // EXISTS/EXPUNGE/FETCH announcements).
    void messagesAdded(const QString &user, const QString &mailbox, const QList<Uid> &uids);
    void flagsChanged(const QString &user, const QString &mailbox, const QList<Uid> &uids);
    void messagesExpunged(const QString &user, const QString &mailbox, const QList<Uid> &uids);
    // A mailbox was created, deleted or renamed; sessions that had it selected must notice.
    void mailboxesChanged(const QString &user);

private:
    class Private;
    explicit MailStore(std::unique_ptr<Private> d);
    std::unique_ptr<Private> d;
};

} // namespace magpie::server
