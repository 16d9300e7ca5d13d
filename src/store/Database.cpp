// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Database.h"

#include <QDir>
#include <QFileInfo>
#include <QSqlError>
#include <QSqlQuery>
#include <QUuid>

namespace magpie::store {

namespace {

StoreError storeError(StoreError::Code code, const QString &message)
{
    return { code, message };
}

} // namespace

Database::Database()
    : m_connectionName(QStringLiteral("magpie-store-") + QUuid::createUuid().toString(QUuid::WithoutBraces))
{
}

Database::~Database()
{
    close();
}

QString Database::sqliteLibraryVersion()
{
    const QString name = QStringLiteral("magpie-sqlite-version-") + QUuid::createUuid().toString(QUuid::WithoutBraces);
    QString version;
    {
        QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), name);
        db.setDatabaseName(QStringLiteral(":memory:"));
        if (db.open()) {
            QSqlQuery query(db);
            if (query.exec(QStringLiteral("SELECT sqlite_version()")) && query.next())
                version = query.value(0).toString();
        }
        db.close();
    }
    QSqlDatabase::removeDatabase(name);
    return version;
}

StoreError Database::fail(StoreError::Code code, const QString &message)
{
    close();
    return { code, message };
}

StoreError Database::errorFrom(const QSqlError &error, const QString &what, const QString &path)
{
    // SQLite's primary result codes (https://sqlite.org/rescode.html); QtSql reports the
    // extended code as text, whose low byte is the primary one.
    bool numeric = false;
    const int extended = error.nativeErrorCode().toInt(&numeric);
    const int primary = numeric ? (extended & 0xff) : -1;
    const QString file = QDir::toNativeSeparators(path);
    enum { SqliteFull = 13, SqliteCorrupt = 11, SqliteNotADb = 26, SqliteReadOnly = 8,
           SqlitePerm = 3, SqliteCantOpen = 14, SqliteIoErr = 10 };
    switch (primary) {
    case SqliteFull:
        return { StoreError::DiskFull,
                 tr("Magpie could not finish %1: the disk holding %2 is full. Nothing was "
                    "lost; free some space and Magpie will carry on.")
                     .arg(what, file) };
    case SqliteCorrupt:
    case SqliteNotADb:
        return { StoreError::Corrupt,
                 tr("Magpie could not finish %1: its mail cache %2 is damaged (%3). The file "
                    "was left as it is; close Magpie and move it aside to have it rebuilt "
                    "from the server.")
                     .arg(what, file, error.databaseText()) };
    case SqliteReadOnly:
    case SqlitePerm:
    case SqliteCantOpen:
        return { StoreError::ReadOnly,
                 tr("Magpie could not finish %1: it may not write to its mail cache %2. Check "
                    "the file's permissions.")
                     .arg(what, file) };
    case SqliteIoErr:
        return { StoreError::Failed,
                 tr("Magpie could not finish %1: reading or writing %2 failed (%3). Check the "
                    "disk.")
                     .arg(what, file, error.databaseText()) };
    default:
        return { StoreError::Failed,
                 tr("Magpie could not finish %1 in its mail cache %2: %3")
                     .arg(what, file, error.text()) };
    }
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

    // The connection's handles (QSqlDatabase copies, queries) must be gone before a
    // failure closes it, so the work is done in a function of its own.
    if (StoreError error = openConnection(path))
        return fail(error.code, error.message);
    return migrate(migrations);
}

StoreError Database::openConnection(const QString &path)
{
    QSqlDatabase db = QSqlDatabase::addDatabase(QStringLiteral("QSQLITE"), m_connectionName);
    db.setDatabaseName(path);
    if (!db.open())
        return { StoreError::CannotOpen, tr("Magpie cannot open its mail cache %1: %2")
                                             .arg(QDir::toNativeSeparators(path), db.lastError().text()) };

    const QString opening = tr("opening the mail cache");
    // Damage and trouble reading are said as such; anything else means it cannot be opened.
    auto failure = [&](const QSqlError &sqlError) {
        StoreError error = errorFrom(sqlError, opening, path);
        if (error.code == StoreError::Failed)
            error.code = StoreError::CannotOpen;
        return error;
    };
    QSqlQuery query(db);
    // The first read of the file: a damaged header (SQLITE_NOTADB) shows here, before anything
    // is written. The schema table is page 1, so reading it also finds a damaged first page.
    // Neither writes to the file, so a damaged cache is left exactly as it was.
    if (!query.exec(QStringLiteral("SELECT count(*) FROM sqlite_schema")))
        return failure(query.lastError());
    query.finish();
    // WAL: the sync thread writes while the views read (DESIGN.md, Store).
    if (!query.exec(QStringLiteral("PRAGMA journal_mode=WAL")) || !query.next())
        return failure(query.lastError());
    if (query.value(0).toString().compare(QLatin1String("wal"), Qt::CaseInsensitive) != 0)
        return { StoreError::CannotOpen,
                 tr("Magpie cannot use its mail cache %1: the file system does not support "
                    "SQLite's write-ahead log.")
                     .arg(QDir::toNativeSeparators(path)) };
    query.finish();
    query.exec(QStringLiteral("PRAGMA foreign_keys=ON"));
    // busy_timeout covers the short moments when a checkpoint or another writer holds the
    // lock. synchronous=FULL, not NORMAL: in WAL mode NORMAL may lose the last commits on a
    // power cut, and some commits are promises made to a server (a POP3 message saved before
    // its DELE, an outbox entry marked Unconfirmed before DATA's final dot), so a commit must
    // be on disk when it returns. The sync commits per batch, so the fsyncs stay few.
    query.exec(QStringLiteral("PRAGMA busy_timeout=5000"));
    query.exec(QStringLiteral("PRAGMA synchronous=FULL"));
    return {};
}

StoreError Database::migrate(const QList<Migration> &migrations)
{
    if (StoreError error = applyMigrations(migrations))
        return fail(error.code, error.message);
    return {};
}

StoreError Database::applyMigrations(const QList<Migration> &migrations)
{
    const int known = migrations.isEmpty() ? 0 : migrations.constLast().version;
    const int onDisk = schemaVersion();
    if (onDisk < 0)
        return storeError(StoreError::Corrupt,
                    tr("Magpie cannot read the schema version of its mail cache %1; the file "
                       "may be damaged. It was left as it is.")
                        .arg(QDir::toNativeSeparators(m_path)));
    if (onDisk > known)
        return storeError(StoreError::NewerSchema,
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
            return storeError(StoreError::MigrationFailed, db.lastError().text());
        QSqlQuery query(db);
        for (const QString &statement : step.statements) {
            if (!query.exec(statement)) {
                const QSqlError sqlError = query.lastError();
                db.rollback();
                const StoreError mapped = errorFrom(sqlError, tr("upgrading it"), m_path);
                // A full disk or damage is said as such; anything else is a failed step.
                if (mapped.code == StoreError::DiskFull || mapped.code == StoreError::Corrupt)
                    return storeError(mapped.code, mapped.message);
                return storeError(StoreError::MigrationFailed,
                            tr("Magpie could not upgrade its mail cache %1 to schema %2 (%3). "
                               "The cache was left as it was.")
                                .arg(QDir::toNativeSeparators(m_path))
                                .arg(step.version)
                                .arg(sqlError.text()));
            }
        }
        // user_version is part of the same transaction, so the step and the number that says
        // it is done are committed together or not at all.
        if (!query.exec(QStringLiteral("PRAGMA user_version=%1").arg(step.version))
            || !db.commit()) {
            const QSqlError sqlError = query.lastError().isValid() ? query.lastError() : db.lastError();
            db.rollback();
            const StoreError mapped = errorFrom(sqlError, tr("upgrading it"), m_path);
            return storeError(mapped.code == StoreError::Failed ? StoreError::MigrationFailed : mapped.code,
                        mapped.message);
        }
    }
    return {};
}

StoreError Database::checkIntegrity() const
{
    QSqlQuery query(connection());
    const QString what = tr("checking the mail cache");
    if (!query.exec(QStringLiteral("PRAGMA quick_check(1)")))
        return errorFrom(query.lastError(), what, m_path);
    if (!query.next())
        return {};
    const QString verdict = query.value(0).toString();
    if (verdict == QLatin1String("ok"))
        return {};
    return { StoreError::Corrupt,
             tr("Magpie's mail cache %1 is damaged (%2). Close Magpie and move the file aside "
                "to have it rebuilt from the server; mail waiting in the outbox is in it too, "
                "so keep the old file until that mail is sent.")
                 .arg(QDir::toNativeSeparators(m_path), verdict) };
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
        return -1;
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
