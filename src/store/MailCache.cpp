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
    const StoreError mapped = Database::errorFrom(error, what, path());
    if (mapped.code == StoreError::DiskFull || mapped.code == StoreError::Corrupt
        || mapped.code == StoreError::ReadOnly)
        announceFailure(mapped);
    return mapped;
}

StoreError MailCache::checkIntegrity() const
{
    return m_database.checkIntegrity();
}

void MailCache::whenCommitted(std::function<void()> emission)
{
    if (m_transactionDepth > 0)
        m_pendingSignals.push_back(std::move(emission));
    else
        emission();
}

void MailCache::announceFailure(const StoreError &error) const
{
    // Inside a transaction the rollback is still to come: the outermost WriteTransaction
    // emits the failure when it has ended.
    if (m_transactionDepth > 0) {
        if (!m_pendingFailure)
            m_pendingFailure = error;
        return;
    }
    Q_EMIT const_cast<MailCache *>(this)->writeFailed(error);
}

WriteTransaction::WriteTransaction(MailCache &cache)
    : m_cache(cache)
    , m_signalMark(cache.m_pendingSignals.size())
{
    QSqlQuery query(m_cache.connection());
    if (m_cache.m_transactionDepth == 0) {
        if (query.exec(QStringLiteral("BEGIN IMMEDIATE"))) {
            ++m_cache.m_transactionDepth;
            return;
        }
        // Already inside a transaction someone began with plain SQL: nest in it instead.
        // Anything else (the file is locked, read-only, damaged) is the error to report.
        if (!query.lastError().databaseText().contains(QLatin1String("within a transaction"))) {
            m_beginError = m_cache.errorFrom(query.lastError(), MailCache::tr("starting a change"));
            return;
        }
    }
    m_savepoint = QStringLiteral("w") + QUuid::createUuid().toString(QUuid::Id128);
    if (!query.exec(QStringLiteral("SAVEPOINT ") + m_savepoint)) {
        m_beginError = m_cache.errorFrom(query.lastError(), MailCache::tr("starting a change"));
        return;
    }
    ++m_cache.m_transactionDepth;
}

WriteTransaction::~WriteTransaction()
{
    if (m_done || m_beginError)
        return;
    end();
}

void WriteTransaction::end()
{
    // Rolls back. After SQLITE_FULL or an I/O error SQLite may already have rolled the whole
    // transaction back on its own; then these statements fail, harmlessly.
    QSqlQuery query(m_cache.connection());
    if (m_savepoint.isEmpty()) {
        query.exec(QStringLiteral("ROLLBACK"));
    } else {
        query.exec(QStringLiteral("ROLLBACK TO ") + m_savepoint);
        query.exec(QStringLiteral("RELEASE ") + m_savepoint);
    }
    m_done = true;
    // What was announced inside is undone with it.
    if (m_cache.m_pendingSignals.size() > m_signalMark)
        m_cache.m_pendingSignals.resize(m_signalMark);
    if (--m_cache.m_transactionDepth == 0 && m_cache.m_pendingFailure) {
        const StoreError failure = m_cache.m_pendingFailure;
        m_cache.m_pendingFailure = {};
        Q_EMIT m_cache.writeFailed(failure);
    }
}

StoreError WriteTransaction::commit()
{
    if (m_beginError)
        return m_beginError;
    if (m_done)
        return {};
    QSqlQuery query(m_cache.connection());
    const QString statement = m_savepoint.isEmpty() ? QStringLiteral("COMMIT")
                                                    : QStringLiteral("RELEASE ") + m_savepoint;
    if (!query.exec(statement)) {
        const StoreError error = m_cache.errorFrom(query.lastError(), MailCache::tr("saving a change"));
        end();
        return error;
    }
    m_done = true;
    if (--m_cache.m_transactionDepth > 0)
        return {};
    // Outermost commit: the changes are in the file; now tell. A slot may write again (its
    // own transactions start from depth 0), so the queue is taken first.
    std::vector<std::function<void()>> queued;
    queued.swap(m_cache.m_pendingSignals);
    // A failure inside that the caller handled (and committed the rest) is still told.
    if (m_cache.m_pendingFailure) {
        const StoreError failure = m_cache.m_pendingFailure;
        m_cache.m_pendingFailure = {};
        Q_EMIT m_cache.writeFailed(failure);
    }
    for (const std::function<void()> &emission : queued)
        emission();
    return {};
}

} // namespace magpie::store
