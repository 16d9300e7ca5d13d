// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageSummary.h"
#include "store/StoreError.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDateTime>
#include <QList>
#include <QSet>
#include <QString>
#include <QStringList>

#include <optional>

namespace magpie::store {

class MailCache;

// The POP3 unique-ids (RFC 1939 s7, UIDL) of every message an account has downloaded
// (schema: pop3_uidls), so that nothing is downloaded twice (DESIGN.md, data-safety rules).
//
// The rule this class keeps: a UIDL is recorded in the same transaction as the message it
// names (saveDownloaded()). A crash before that commit leaves neither, so the next run
// downloads the message again; a crash after it leaves both, so it is never downloaded
// again. Rows outlive the local message (the person may delete it; the server still has it)
// and go only when the server no longer lists the UIDL (forgetAbsent()).
class Pop3Ledger
{
    Q_DECLARE_TR_FUNCTIONS(magpie::store::Pop3Ledger)
public:
    struct Entry
    {
        QString uidl;
        qint64 messageId = 0; // the cached message it became (may have been deleted since)
        QDateTime downloadedAt;
        bool deletedFromServer = false; // DELE confirmed by QUIT's +OK (RFC 1939 s6)
    };

    // When to delete downloaded mail from the server (AccountConfig's POP3 settings).
    struct DeletionPolicy
    {
        bool leaveOnServer = true; // false: delete everything already stored
        int deleteAfterDays = 0;   // with leaveOnServer: delete this long after download
    };

    explicit Pop3Ledger(MailCache &cache);

    bool known(const QString &accountId, const QString &uidl) const;
    // Every UIDL recorded for the account (one query instead of one per message).
    QSet<QString> knownUidls(const QString &accountId) const;
    std::optional<Entry> entry(const QString &accountId, const QString &uidl) const;
    QList<Entry> entries(const QString &accountId) const; // by UIDL
    int count(const QString &accountId) const;

    // Records `uidl` as downloaded into message `messageId`. Meant to run inside the
    // WriteTransaction that stores the message; a UIDL already recorded is refused (so a
    // bug elsewhere can never file a second copy: the whole transaction rolls back).
    StoreError record(const QString &accountId, const QString &uidl, qint64 messageId,
                      const QDateTime &downloadedAt);

    // Stores a downloaded message as one all-or-nothing change: the summary into
    // `folderId` (its pop3Uidl set to `uidl`), the raw bytes as its body, and the UIDL.
    // Returns the new message id, or 0 with `error` set (nothing was kept).
    qint64 saveDownloaded(const QString &accountId, const QString &uidl, qint64 folderId,
                          const MessageSummary &summary, const QByteArray &raw,
                          const QDateTime &downloadedAt, StoreError *error = nullptr);

    // Of the UIDLs the server lists now, those the policy says to delete: all recorded ones
    // when not leaving mail on the server, else those downloaded at least deleteAfterDays
    // before `now` (none when that is 0). Only recorded UIDLs are ever named, so nothing
    // that is not safely stored here is deleted. In the order of `onServer`.
    QStringList dueForDeletion(const QString &accountId, const QStringList &onServer,
                               const DeletionPolicy &policy, const QDateTime &now) const;

    // After QUIT's +OK: the server removed these (RFC 1939 s6, UPDATE state).
    StoreError markDeleted(const QString &accountId, const QStringList &uidls);

    // Drops the rows whose UIDL is not in `onServer`, a complete UIDL listing of this
    // session (the server removed the message: by our DELE or another client's), so the
    // table does not grow forever. Returns how many went through `forgotten`.
    StoreError forgetAbsent(const QString &accountId, const QStringList &onServer,
                            int *forgotten = nullptr);

private:
    MailCache &m_cache;
};

} // namespace magpie::store
