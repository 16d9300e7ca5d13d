// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/MailCache.h"

#include "store/Schema.h"

#include <QDir>
#include <QSqlQuery>
#include <QUuid>

namespace magpie::store {

MailCache::MailCache(QObject *parent)
    : QObject(parent)
{
}

MailCache::~MailCache() = default;

StoreError MailCache::open(const Profile &profile)
{
    return open(profile.cachePath());
}

StoreError MailCache::open(const QString &path)
{
    return m_database.open(path, Schema::migrations());
}

void MailCache::close()
{
    m_database.close();
}

bool MailCache::isOpen() const
{
    return m_database.isOpen();
}

QString MailCache::path() const
{
    return connection().databaseName();
}

QSqlDatabase MailCache::connection() const
{
    return m_database.connection();
}

StoreError MailCache::errorFrom(const QSqlError &error, const QString &what) const
{
    // SQLite's primary result codes (https://sqlite.org/rescode.html); QtSql reports the
    // extended code as text, whose low byte is the primary one.
    bool numeric = false;
    const int extended = error.nativeErrorCode().toInt(&numeric);
    const int primary = numeric ? (extended & 0xff) : -1;
    const QString file = QDir::toNativeSeparators(path());
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

WriteTransaction::WriteTransaction(MailCache &cache)
    : m_cache(cache)
    // A SAVEPOINT outside any transaction opens one (deferred; the first write takes the
    // lock), and inside one it nests, so helpers can use a WriteTransaction whether or not
    // their caller already holds one.
    , m_savepoint(QStringLiteral("w") + QUuid::createUuid().toString(QUuid::Id128))
{
    QSqlQuery query(m_cache.connection());
    if (!query.exec(QStringLiteral("SAVEPOINT ") + m_savepoint))
        m_beginError = m_cache.errorFrom(query.lastError(), MailCache::tr("starting a change"));
}

WriteTransaction::~WriteTransaction()
{
    if (m_done || m_beginError)
        return;
    QSqlQuery query(m_cache.connection());
    query.exec(QStringLiteral("ROLLBACK TO ") + m_savepoint);
    query.exec(QStringLiteral("RELEASE ") + m_savepoint);
}

StoreError WriteTransaction::commit()
{
    if (m_beginError)
        return m_beginError;
    if (m_done)
        return {};
    QSqlQuery query(m_cache.connection());
    if (!query.exec(QStringLiteral("RELEASE ") + m_savepoint)) {
        const StoreError error =
            m_cache.errorFrom(query.lastError(), MailCache::tr("saving a change"));
        // The destructor rolls back what the failed commit left.
        return error;
    }
    m_done = true;
    return {};
}

} // namespace magpie::store
