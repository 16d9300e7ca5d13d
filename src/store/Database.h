// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/Migration.h"
#include "store/StoreError.h"

#include <QCoreApplication>
#include <QList>
#include <QSqlDatabase>
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
    int schemaVersion() const;
    QString journalMode() const;
    QSqlDatabase connection() const;

private:
    StoreError migrate(const QList<Migration> &migrations);
    StoreError fail(StoreError::Code code, const QString &message);

    QString m_connectionName;
    QString m_path;
};

} // namespace magpie::store
