// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/Database.h"
#include "store/Profile.h"
#include "store/StoreError.h"

#include <QList>
#include <QObject>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

#include <functional>
#include <vector>

namespace magpie::store {

// The mail cache of one profile (DESIGN.md, "Store"): the SQLite file opened at the current
// schema, and the change signals that keep the models current without resets. The table
// classes (FolderStore, MessageStore, BodyStore, SearchIndex, PendingOperations,
// OutboxQueue, Pop3Ledger, MessageListQuery) are light objects made over a MailCache when
// needed; every write they make is announced through the signals below, after its commit.
//
// One MailCache per thread that uses it (a QSqlDatabase connection belongs to its thread).
// The sync engine and the models share the GUI thread's one, so signals are direct.
class MailCache : public QObject
{
    Q_OBJECT
public:
    explicit MailCache(QObject *parent = nullptr);
    ~MailCache() override;

    StoreError open(const Profile &profile);
    StoreError open(const QString &path); // tests and benchmarks
    void close();
    bool isOpen() const;
    QString path() const;

    QSqlDatabase connection() const;
    Database &database() { return m_database; }

    // A failed statement's QSqlError as a StoreError with a sentence for a person:
    // SQLITE_FULL -> DiskFull ("The disk holding ... is full ..."), CORRUPT/NOTADB -> Corrupt,
    // READONLY/PERM -> ReadOnly, else Failed with SQLite's own words. `what` says what was
    // being done, "saving 200 message summaries".
    // DiskFull, Corrupt and ReadOnly errors are also announced through writeFailed, once the
    // outermost WriteTransaction has rolled back (so the data is as before when it arrives).
    StoreError errorFrom(const QSqlError &error, const QString &what) const;

    // Emits `signal(args...)` now, or, while a WriteTransaction is open, once the outermost
    // one has committed; dropped if the transaction (or the savepoint it was queued in) is
    // rolled back. So a caller that wraps several table writes in its own transaction
    // announces them only when they are really in the file (the models rely on it). Inside a
    // transaction begun with plain SQL rather than a WriteTransaction, signals go out at the
    // end of the outermost WriteTransaction, before that plain transaction commits.
    template<typename Signal, typename... Args>
    void emitCommitted(Signal signal, Args... args)
    {
        whenCommitted([this, signal, args...] { (this->*signal)(args...); });
    }
    void whenCommitted(std::function<void()> emission);

    // PRAGMA quick_check over the whole file (Database::checkIntegrity says why open() does
    // not run it).
    StoreError checkIntegrity() const;

Q_SIGNALS:
    // Emitted after the commit that made the change; ids are MessageSummary::id.
    void foldersChanged(const QString &accountId);      // added, removed, renamed, role
    void folderCountsChanged(qint64 folderId);          // total / unread may have changed
    void messagesAdded(qint64 folderId, const QList<qint64> &ids);
    void messagesChanged(qint64 folderId, const QList<qint64> &ids); // flags, preview, state
    void messagesRemoved(qint64 folderId, const QList<qint64> &ids);
    void folderReset(qint64 folderId); // UIDVALIDITY changed: every message of it is gone
    void outboxChanged();
    void pendingOperationsChanged(const QString &accountId);
    // A write failed (disk full, corruption): for the status bar. The data is as before.
    void writeFailed(const magpie::store::StoreError &error);

private:
    friend class WriteTransaction;
    void announceFailure(const StoreError &error) const;

    Database m_database;
    int m_transactionDepth = 0; // WriteTransactions open on this connection
    mutable StoreError m_pendingFailure;
    std::vector<std::function<void()>> m_pendingSignals; // queued by emitCommitted
};

// BEGIN IMMEDIATE ... COMMIT as a scope, nestable (inner scopes are SAVEPOINTs). Destroyed
// without commit(): rolled back, so an early return leaves the cache as it was. IMMEDIATE
// takes the write lock at the start, so a transaction that reads before it writes never
// fails half-way because another connection wrote meanwhile (SQLITE_BUSY_SNAPSHOT). Inside
// a transaction begun otherwise (QSqlDatabase::transaction()), it nests as a SAVEPOINT.
// Signals emitted after an inner commit() arrive before the outer transaction commits.
class WriteTransaction
{
public:
    explicit WriteTransaction(MailCache &cache);
    ~WriteTransaction();
    WriteTransaction(const WriteTransaction &) = delete;
    WriteTransaction &operator=(const WriteTransaction &) = delete;

    StoreError begun() const { return m_beginError; } // check before writing
    StoreError commit();

private:
    void end(); // rolls back

    MailCache &m_cache;
    QString m_savepoint; // empty for the outermost BEGIN IMMEDIATE
    std::size_t m_signalMark = 0; // signals queued before this transaction began
    StoreError m_beginError;
    bool m_done = false;
};

} // namespace magpie::store
