// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/Migration.h"
#include "store/StoreError.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
#include <QSqlError>
#include <QString>

namespace magpie::store {

// One SQLite connection to the cache file, for the thread that opened it. Opening puts the file
// in WAL mode (readers never block the writer) and brings the schema up to date, each
// migration in its own transaction so a failure leaves the last good version readable.
class Database
{
    Q_DECLARE_TR_FUNCTIONS(magpie::store::Database)
public:
    Database();
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    // Opens (creating if needed) the cache at `path` and applies `migrations` that are newer
    // than the file's schema version.
    StoreError open(const QString &path, const QList<Migration> &migrations);
    void close();

    bool isOpen() const;
    // PRAGMA user_version; -1 when it cannot be read (a damaged file).
    int schemaVersion() const;
    QString journalMode() const;
    QSqlDatabase connection() const;

    // SQLite's full page-by-page check (PRAGMA quick_check). Not run by open(): it reads the
    // whole file, about a second for a 100,000-message cache on a cold disk (see
    // bench_search's figures), too slow for every start. For a "Check the cache" action and
    // after an error that hinted at damage. Returns Corrupt with SQLite's first finding.
    StoreError checkIntegrity() const;

    // The version of the SQLite library QtSql's QSQLITE driver runs on ("3.40.1"; not
    // libsqlite3's on Windows/macOS, where the plugin has SQLite compiled in), for Help >
    // About. Asked on a private in-memory connection, removed afterwards; empty when the
    // driver is missing or the query fails.
    static QString sqliteLibraryVersion();

    // A failed statement's QSqlError as a StoreError with a sentence for a person, naming
    // the file at `path` and what was being done (MailCache::errorFrom uses it).
    static StoreError errorFrom(const QSqlError &error, const QString &what, const QString &path);

private:
    StoreError openConnection(const QString &path);
    StoreError migrate(const QList<Migration> &migrations);
    StoreError applyMigrations(const QList<Migration> &migrations);
    StoreError fail(StoreError::Code code, const QString &message);

    QString m_connectionName;
    QString m_path;
};

} // namespace magpie::store
