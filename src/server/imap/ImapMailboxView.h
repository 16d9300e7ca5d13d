// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"

#include <QByteArray>
#include <QList>
#include <QSet>

namespace magpie::server {

// One session's picture of its selected mailbox: the messages in sequence-number order
// (message n is at(n)), their flags as last told to the client, and which of them are
// \Recent for this session.
//
// The store changes under the view whenever another session (or SMTP delivery) acts; the
// view only notes that something happened and catches up in synchronize(), which the session
// calls where RFC 3501 lets it tell the client: EXISTS after any command, FETCH FLAGS after
// any command, EXPUNGE only when the client cannot be confused by shifted sequence numbers
// (RFC 3501 s5.5 and s7.4.1: never while answering FETCH, STORE or SEARCH). A message that
// another session expunged stays in the view until then, with the data it had (a "ghost").
class ImapMailboxView
{
public:
    // Starts showing a mailbox: `records` in UID order; `recent` the UIDs this session owns as
    // \Recent (MailStore::claimRecent).
    void reset(const QList<MessageRecord> &records, const QList<Uid> &recent);
    void clear();

    qsizetype size() const { return m_records.size(); }
    // 1-based, 1 <= sequence <= size().
    const MessageRecord &at(qsizetype sequence) const { return m_records.at(sequence - 1); }
    // The UIDs in sequence-number order (ascending), for UID sets.
    const QList<Uid> &uids() const { return m_uids; }
    // 0 when the UID is not in the view.
    qsizetype sequenceOf(Uid uid) const;
    Uid largestUid() const { return m_uids.isEmpty() ? 0 : m_uids.constLast(); }
    bool isRecent(Uid uid) const { return m_recent.contains(uid); }
    qsizetype recentCount() const { return m_recent.size(); }
    // Known to be gone from the store, not yet announced.
    bool isExpunged(Uid uid) const { return m_expunged.contains(uid); }
    // The message's flags for a FETCH response: the stored ones, plus \Recent when it is
    // recent for this session (RFC 3501 s2.3.2).
    QList<QByteArray> fetchFlags(qsizetype sequence) const;

    // "* FLAGS (...)" (RFC 3501 s7.2.6): the system flags and every keyword in use.
    QByteArray flagsResponse() const;
    // The keywords known to the client, for PERMANENTFLAGS.
    QList<QByteArray> keywords() const { return m_keywords; }

    // Hints from the store's signals: what the next synchronize() must look at.
    void noteAdded() { m_addedPending = true; }
    void noteExpunged() { m_expungePending = true; }
    void noteFlagsChanged(const QList<Uid> &uids);
    bool hasPendingChanges() const;
    bool hasAdditionsPending() const { return m_addedPending; }

    // This session's own changes, which it announces itself.
    // The new flags of a message (after STORE, or \Seen set by FETCH); returns "* FLAGS ..."
    // when they hold a keyword the client has not been told of, else nothing.
    QByteArray updateFlags(Uid uid, const QList<QByteArray> &flags);
    // Removes `uids` (ascending; this session's EXPUNGE, MOVE, CLOSE) and returns the
    // "* n EXPUNGE" responses, each number as it is when that response is read.
    QByteArray remove(const QList<Uid> &uids);

    // Brings the view up to the store's `current` records (UID order), taking `newlyRecent` as
    // this session's \Recent, and returns the untagged responses that tell the client:
    // EXPUNGE (only when `announceExpunges`), "* FLAGS" for new keywords, EXISTS and RECENT,
    // then FETCH (FLAGS ...) for messages whose flags others changed.
    QByteArray synchronize(const QList<MessageRecord> &current, const QList<Uid> &newlyRecent,
                           bool announceExpunges);

private:
    bool learnKeywords(const QList<QByteArray> &flags);

    QList<MessageRecord> m_records;
    QList<Uid> m_uids; // m_records' UIDs, for UID sets and binary search
    QSet<Uid> m_recent;
    QSet<Uid> m_expunged;
    QSet<Uid> m_flagsPending;
    QList<QByteArray> m_keywords;
    Uid m_highestUid = 0; // the largest UID ever shown: anything above it is new
    bool m_addedPending = false;
    bool m_expungePending = false;
};

} // namespace magpie::server
