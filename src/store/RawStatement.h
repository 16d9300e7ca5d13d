// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// A statement on SQLite's own API for the store's bulk loops (MessageStore::add,
// SearchIndexer::indexPending), used only where MAGPIE_SQLITE_DIRECT is on
// (src/store/CMakeLists.txt says when that is sound). Not part of the store's interface.
#ifdef MAGPIE_SQLITE_DIRECT

#include <QByteArray>
#include <QDateTime>
#include <QSqlDatabase>
#include <QSqlDriver>
#include <QSqlError>
#include <QString>
#include <QVariant>

#include <sqlite3.h>

#include <algorithm>
#include <array>

namespace magpie::store {

// The connection's own SQLite handle, or null when the driver is not QSQLITE or
// MAGPIE_SQLITE_DIRECT=0 is set. Safe to use because MAGPIE_SQLITE_DIRECT is only on where the
// QSQLITE plugin runs on the system's libsqlite3, which is the copy linked here: the handle
// and the sqlite3_* functions belong to one library, its one set of globals and mutexes.
// Statements on it run inside the WriteTransaction QtSql began on the same handle, on this
// thread, and are finalized before the caller returns.
inline sqlite3 *sqliteHandle(const QSqlDatabase &db)
{
    static const bool disabled = qEnvironmentVariable("MAGPIE_SQLITE_DIRECT") == QLatin1String("0");
    if (disabled || !db.driver())
        return nullptr;
    const QVariant handle = db.driver()->handle();
    if (!handle.isValid() || qstrcmp(handle.typeName(), "sqlite3*") != 0)
        return nullptr;
    return *static_cast<sqlite3 *const *>(handle.constData());
}

// For the loops where QtSql's per-value cost shows: a first sync inserts 100,000 rows of 20
// values, and QSqlQuery::bindValue builds a QVariant, a placeholder name and a hash entry for
// each, then converts every string to UTF-16 for SQLite to convert back. Here values go
// straight in, strings as UTF-8.
class RawStatement
{
public:
    RawStatement(sqlite3 *db, const char *sql)
        : m_db(db)
    {
        m_rc = sqlite3_prepare_v2(db, sql, -1, &m_statement, nullptr);
    }
    ~RawStatement() { sqlite3_finalize(m_statement); }
    RawStatement(const RawStatement &) = delete;
    RawStatement &operator=(const RawStatement &) = delete;

    bool prepared() const { return m_rc == SQLITE_OK && m_statement; }
    void bindInt(int column, qint64 value) { sqlite3_bind_int64(m_statement, column, value); }
    void bindNull(int column) { sqlite3_bind_null(m_statement, column); }
    // A null QString is NULL, as QtSql binds it; the UTF-8 is kept until the next row.
    void bindText(int column, const QString &text)
    {
        if (text.isNull())
            return bindNull(column);
        QByteArray &utf8 = m_keep[std::size_t(column) % m_keep.size()];
        utf8 = text.toUtf8();
        sqlite3_bind_text(m_statement, column, utf8.isEmpty() ? "" : utf8.constData(),
                          int(utf8.size()), SQLITE_STATIC);
    }
    // Bytes meant as UTF-8 (null: NULL), bound as bindText(QString::fromUtf8(bytes)) would
    // bind them. ASCII, which a Message-ID, a References list or a keyword nearly always is,
    // goes in as it is, without the trip through UTF-16 and back; anything else takes that
    // trip, so malformed sequences are stored as they always were.
    void bindUtf8(int column, const QByteArray &bytes)
    {
        if (bytes.isNull())
            return bindNull(column);
        if (!std::all_of(bytes.cbegin(), bytes.cend(), [](char c) { return uchar(c) < 0x80; }))
            return bindText(column, QString::fromUtf8(bytes));
        QByteArray &kept = m_keep[std::size_t(column) % m_keep.size()];
        kept = bytes;
        sqlite3_bind_text(m_statement, column, kept.isEmpty() ? "" : kept.constData(),
                          int(kept.size()), SQLITE_STATIC);
    }
    void bindDate(int column, const QDateTime &date)
    {
        if (date.isValid())
            bindInt(column, date.toMSecsSinceEpoch());
        else
            bindNull(column);
    }
    // Runs the statement once; false on an error, which error() then describes.
    bool step()
    {
        m_rc = sqlite3_step(m_statement);
        sqlite3_reset(m_statement);
        return m_rc == SQLITE_DONE || m_rc == SQLITE_ROW;
    }
    // Whether the last step() returned a row.
    bool gotRow() const { return m_rc == SQLITE_ROW; }

    // Stepping through a result set: next() is true while there is a row, whose columns
    // the accessors below read (numbered from 0, as SQLite does); finish() resets it.
    // ok() says whether the rows ended without an error.
    bool next()
    {
        m_rc = sqlite3_step(m_statement);
        return m_rc == SQLITE_ROW;
    }
    bool ok() const { return m_rc == SQLITE_ROW || m_rc == SQLITE_DONE; }
    void finish() { sqlite3_reset(m_statement); }
    bool isNull(int column) const { return sqlite3_column_type(m_statement, column) == SQLITE_NULL; }
    qint64 intAt(int column) const { return sqlite3_column_int64(m_statement, column); }
    // The column's text (null for NULL), as QtSql would read it.
    QString textAt(int column) const
    {
        const auto *text = reinterpret_cast<const char *>(sqlite3_column_text(m_statement, column));
        if (!text)
            return {};
        return QString::fromUtf8(text, sqlite3_column_bytes(m_statement, column));
    }

    // In QtSql's terms, so MailCache::errorFrom() tells a full disk or damage as it does
    // for every other statement.
    QSqlError error() const
    {
        return QSqlError(QString(), QString::fromUtf8(sqlite3_errmsg(m_db)),
                         QSqlError::StatementError, QString::number(sqlite3_extended_errcode(m_db)));
    }

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_statement = nullptr;
    int m_rc = SQLITE_OK;
    std::array<QByteArray, 24> m_keep;
};

} // namespace magpie::store

#endif // MAGPIE_SQLITE_DIRECT
