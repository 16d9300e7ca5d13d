// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Database.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace magpie::store {

Database::Database()
    : m_connectionName(QStringLiteral("magpie-store-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

Database::~Database()
{
    close();
}

StoreError Database::fail(StoreError::Code code, const QString &message)
{
    close();
    return { code, message };
}

StoreError Database::open(const QString &path, const QList<Migration> &migrations)
{
    close();
    m_path = path;
    const QFileInfo file(path);
    if (!QDir().mkpath(file.absolutePath()))
        return fail(StoreError::CannotOpen,
                    tr("Magpie cannot create the folder %1 for its mail cache. Check that the "
                       "disk is not full and that you may write there.")
                        .arg(QDir::toNativeSeparators(file.absolutePath())));

    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(path);
    if (!db.open())
        return fail(StoreError::CannotOpen,
                    tr("Magpie cannot open its mail cache %1: %2")
                        .arg(QDir::toNativeSeparators(path), db.lastError().text()));

    QSqlQuery query(db);
    // WAL: the sync thread writes while the views read (DESIGN.md, Store). busy_timeout
    // covers the short moments when a checkpoint holds the lock.
    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !query.next()
        || query.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return fail(StoreError::CannotOpen,
                    tr("Magpie cannot use its mail cache %1: the file system does not support "
                       "SQLite's write-ahead log.")
                        .arg(QDir::toNativeSeparators(path)));
    query.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    query.exec(QStringLiteral("PRAGMA busy_timeout=5000"));
    query.exec(QStringLiteral("PRAGMA synchronous=NORMAL"));
    return migrate(migrations);
}

StoreError Database::migrate(const QList<Migration> &migrations)
{
    const int known = migrations.isEmpty() ? 0 : migrations.constLast().version;
    const int onDisk = schemaVersion();
    if (onDisk > known)
        return fail(StoreError::NewerSchema,
                    tr("The mail cache %1 was written by a newer version of Magpie (schema %2; "
                       "this version knows %3). Update Magpie, or choose another profile.")
                        .arg(QDir::toNativeSeparators(m_path))
                        .arg(onDisk)
                        .arg(known));

    QSqlDatabase db = connection();
    for (const Migration &step : migrations) {
        if (step.version <= onDisk)
            continue;
        if (!db.transaction())
            return fail(StoreError::MigrationFailed, db.lastError().text());
        QSqlQuery query(db);
        for (const QString &statement : step.statements) {
            if (!query.exec(statement)) {
                const QString reason = query.lastError().text();
                db.rollback();
                return fail(StoreError::MigrationFailed,
                            tr("Magpie could not upgrade its mail cache %1 to schema %2 (%3). "
                               "The cache was left as it was.")
                                .arg(QDir::toNativeSeparators(m_path))
                                .arg(step.version)
                                .arg(reason));
            }
        }
        // user_version is part of the same transaction, so the step and the number that says
        // it is done are committed together or not at all.
        if (!query.exec(QStringLiteral("PRAGMA user_version=%1").arg(step.version))
            || !db.commit()) {
            const QString reason = db.lastError().text();
            db.rollback();
            return fail(StoreError::MigrationFailed, reason);
        }
    }
    return {};
}

void Database::close()
{
    if (!QSqlDatabase::contains(m_connectionName))
        return;
    {
        QSqlDatabase db = QSqlDatabase::database(m_connectionName, false);
        db.close();
    }
    QSqlDatabase::removeDatabase(m_connectionName);
}

bool Database::isOpen() const
{
    return QSqlDatabase::contains(m_connectionName) && connection().isOpen();
}

QSqlDatabase Database::connection() const
{
    return QSqlDatabase::database(m_connectionName, false);
}

int Database::schemaVersion() const
{
    QSqlQuery query(connection());
    if (!query.exec(QStringLiteral("PRAGMA user_version")) || !query.next())
        return 0;
    return query.value(0).toInt();
}

QString Database::journalMode() const
{
    QSqlQuery query(connection());
    if (!query.exec(QStringLiteral("PRAGMA journal_mode")) || !query.next())
        return {};
    return query.value(0).toString();
}

} // namespace magpie::store
