// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/FolderStore.h"

#include "store/MailCache.h"

#include <QHash>
#include <QSet>
#include <QSqlQuery>

namespace magpie::store {

namespace {

const QString folderColumns = QStringLiteral(
    "id, account_id, name, server_name, delimiter, role, selectable, local, uid_validity,"
    " uid_next, highest_modseq");

// INBOX first (RFC 3501 s5.1: its name is case-insensitive), then by path.
const QString folderOrder = QStringLiteral(
    " ORDER BY (role = 1 OR upper(name) = 'INBOX') DESC, name");

FolderRecord readFolder(const QSqlQuery &query)
{
    FolderRecord folder;
    folder.id = query.value(0).toLongLong();
    folder.accountId = query.value(1).toString();
    folder.path = query.value(2).toString();
    folder.serverName = query.value(3).toByteArray();
    const QString delimiter = query.value(4).toString();
    folder.delimiter = delimiter.isEmpty() ? QChar() : delimiter.at(0);
    folder.role = FolderRole(query.value(5).toInt());
    folder.selectable = query.value(6).toBool();
    folder.local = query.value(7).toBool();
    folder.uidValidity = quint32(query.value(8).toLongLong());
    folder.uidNext = quint32(query.value(9).toLongLong());
    folder.highestModSeq = quint64(query.value(10).toLongLong());
    return folder;
}

QVariant delimiterValue(QChar delimiter)
{
    return delimiter.isNull() ? QVariant(QMetaType::fromType<QString>()) : QVariant(QString(delimiter));
}

QVariant serverNameValue(const FolderRecord &folder)
{
    return folder.serverName.isNull() ? QVariant(QMetaType::fromType<QByteArray>())
                                      : QVariant(folder.serverName);
}

} // namespace

FolderStore::FolderStore(MailCache &cache)
    : m_cache(cache)
{
}

QList<FolderRecord> FolderStore::folders(const QString &accountId) const
{
    QList<FolderRecord> list;
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT ") + folderColumns
                  + QStringLiteral(" FROM folders WHERE account_id = ?") + folderOrder);
    query.addBindValue(accountId);
    if (!query.exec())
        return list;
    while (query.next())
        list.append(readFolder(query));
    for (FolderRecord &folder : list)
        countMessages(folder);
    return list;
}

std::optional<FolderRecord> FolderStore::folder(qint64 id) const
{
    std::optional<FolderRecord> record = folderWithoutCounts(id);
    if (record)
        countMessages(*record);
    return record;
}

std::optional<FolderRecord> FolderStore::folderWithoutCounts(qint64 id) const
{
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT ") + folderColumns + QStringLiteral(" FROM folders WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next())
        return std::nullopt;
    return readFolder(query);
}

std::optional<FolderRecord> FolderStore::folderByPath(const QString &accountId,
                                                      const QString &path) const
{
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral("SELECT ") + folderColumns
                  + QStringLiteral(" FROM folders WHERE account_id = ? AND name = ?"));
    query.addBindValue(accountId);
    query.addBindValue(path);
    if (!query.exec() || !query.next())
        return std::nullopt;
    FolderRecord record = readFolder(query);
    countMessages(record);
    return record;
}

std::optional<FolderRecord> FolderStore::folderByRole(const QString &accountId,
                                                      FolderRole role) const
{
    QSqlQuery query(m_cache.connection());
    // Several folders may claim a role (two \Sent); the first by path wins, steadily.
    query.prepare(QStringLiteral("SELECT ") + folderColumns
                  + QStringLiteral(" FROM folders WHERE account_id = ? AND role = ?") + folderOrder
                  + QStringLiteral(" LIMIT 1"));
    query.addBindValue(accountId);
    query.addBindValue(int(role));
    if (!query.exec() || !query.next())
        return std::nullopt;
    FolderRecord record = readFolder(query);
    countMessages(record);
    return record;
}

QStringList FolderStore::accountIds() const
{
    QStringList ids;
    QSqlQuery query(m_cache.connection());
    if (!query.exec(QStringLiteral("SELECT DISTINCT account_id FROM folders ORDER BY account_id")))
        return ids;
    while (query.next())
        ids.append(query.value(0).toString());
    return ids;
}

void FolderStore::countMessages(FolderRecord &folder) const
{
    // Counted from the cache so they agree with the message list; rows pending removal are
    // hidden there, so not counted. The WHERE terms match the partial indexes
    // messages_listed and messages_unread word for word (Schema.cpp), so both counts read
    // an index, never the table.
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral(
        "SELECT (SELECT count(*) FROM messages WHERE folder_id = ? AND local_state <> 1),"
        " (SELECT count(*) FROM messages WHERE folder_id = ? AND (flags & 1) = 0 AND local_state <> 1)"));
    query.addBindValue(folder.id);
    query.addBindValue(folder.id);
    if (!query.exec() || !query.next())
        return;
    folder.total = query.value(0).toInt();
    folder.unread = query.value(1).toInt();
}

namespace {

enum class KeepLocalCopies { No, Yes };

// Deletes the messages of the folder with their bodies and search entries (the FTS table has
// no foreign key, so its rows go first, by the keys messages.search_key holds). With
// KeepLocalCopies::Yes the rows that exist only here (uid 0, PendingUpload: a draft saved
// offline, the copy an offline move put here) stay: they are the person's mail, not a copy
// of the server's, and the replay still has to upload them (DESIGN.md, data safety).
bool deleteFolderMessages(QSqlQuery &query, qint64 folderId, KeepLocalCopies keep = KeepLocalCopies::No)
{
    const QString rows = keep == KeepLocalCopies::Yes
        ? QStringLiteral("SELECT id FROM messages WHERE folder_id = ? AND NOT (uid = 0 AND local_state = 2)")
        : QStringLiteral("SELECT id FROM messages WHERE folder_id = ?");
    const QString keys = keep == KeepLocalCopies::Yes
        ? QStringLiteral("SELECT search_key FROM messages"
                         " WHERE folder_id = ? AND NOT (uid = 0 AND local_state = 2)")
        : QStringLiteral("SELECT search_key FROM messages WHERE folder_id = ?");
    query.prepare(QStringLiteral("DELETE FROM message_text WHERE rowid IN (") + keys + QLatin1Char(')'));
    query.addBindValue(folderId);
    if (!query.exec())
        return false;
    query.prepare(QStringLiteral("DELETE FROM bodies WHERE message_id IN (") + rows + QLatin1Char(')'));
    query.addBindValue(folderId);
    if (!query.exec())
        return false;
    query.prepare(QStringLiteral("DELETE FROM messages WHERE id IN (") + rows + QLatin1Char(')'));
    query.addBindValue(folderId);
    return query.exec();
}

} // namespace

StoreError FolderStore::reconcile(const QString &accountId, const QList<FolderRecord> &serverFolders)
{
    const QList<FolderRecord> existing = [&] {
        QList<FolderRecord> list;
        QSqlQuery query(m_cache.connection());
        query.prepare(QStringLiteral("SELECT ") + folderColumns
                      + QStringLiteral(" FROM folders WHERE account_id = ?"));
        query.addBindValue(accountId);
        if (query.exec()) {
            while (query.next())
                list.append(readFolder(query));
        }
        return list;
    }();
    QHash<QString, FolderRecord> byPath;
    for (const FolderRecord &folder : existing)
        byPath.insert(folder.path, folder);

    WriteTransaction transaction(m_cache);
    if (StoreError error = transaction.begun())
        return error;
    const QString what = MailCache::tr("saving the folder list");
    QSqlQuery query(m_cache.connection());
    bool changed = false;
    QSet<QString> seen;
    for (const FolderRecord &folder : serverFolders) {
        if (seen.contains(folder.path))
            continue; // a LIST answer naming a mailbox twice
        seen.insert(folder.path);
        const auto found = byPath.constFind(folder.path);
        if (found == byPath.constEnd()) {
            query.prepare(QStringLiteral(
                "INSERT INTO folders (account_id, name, server_name, delimiter, role, selectable,"
                " local) VALUES (?, ?, ?, ?, ?, ?, 0)"));
            query.addBindValue(accountId);
            query.addBindValue(folder.path);
            query.addBindValue(serverNameValue(folder));
            query.addBindValue(delimiterValue(folder.delimiter));
            query.addBindValue(int(folder.role));
            query.addBindValue(folder.selectable ? 1 : 0);
            if (!query.exec())
                return m_cache.errorFrom(query.lastError(), what);
            changed = true;
            continue;
        }
        const FolderRecord &old = *found;
        // A local folder with the same path as a server one stays as it is (POP3 accounts
        // have no server folders; this only guards against a confused caller).
        if (old.local)
            continue;
        if (old.serverName == folder.serverName && old.delimiter == folder.delimiter
            && old.role == folder.role && old.selectable == folder.selectable)
            continue;
        query.prepare(QStringLiteral("UPDATE folders SET server_name = ?, delimiter = ?, role = ?,"
                                     " selectable = ? WHERE id = ?"));
        query.addBindValue(serverNameValue(folder));
        query.addBindValue(delimiterValue(folder.delimiter));
        query.addBindValue(int(folder.role));
        query.addBindValue(folder.selectable ? 1 : 0);
        query.addBindValue(old.id);
        if (!query.exec())
            return m_cache.errorFrom(query.lastError(), what);
        changed = true;
    }
    for (const FolderRecord &old : existing) {
        if (old.local || seen.contains(old.path))
            continue;
        // Gone from the server (deleted or renamed by another client): its cache goes too.
        if (!deleteFolderMessages(query, old.id))
            return m_cache.errorFrom(query.lastError(), what);
        query.prepare(QStringLiteral("DELETE FROM folders WHERE id = ?"));
        query.addBindValue(old.id);
        if (!query.exec())
            return m_cache.errorFrom(query.lastError(), what);
        changed = true;
    }
    if (StoreError error = transaction.commit())
        return error;
    if (changed)
        m_cache.emitCommitted(&MailCache::foldersChanged, accountId);
    return {};
}

std::optional<FolderRecord> FolderStore::ensure(const FolderRecord &folder, StoreError *error)
{
    if (auto existing = folderByPath(folder.accountId, folder.path))
        return existing;
    WriteTransaction transaction(m_cache);
    StoreError failure = transaction.begun();
    qint64 id = 0;
    if (!failure) {
        QSqlQuery query(m_cache.connection());
        query.prepare(QStringLiteral(
            "INSERT INTO folders (account_id, name, server_name, delimiter, role, selectable,"
            " local, uid_validity, uid_next, highest_modseq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        query.addBindValue(folder.accountId);
        query.addBindValue(folder.path);
        query.addBindValue(serverNameValue(folder));
        query.addBindValue(delimiterValue(folder.delimiter));
        query.addBindValue(int(folder.role));
        query.addBindValue(folder.selectable ? 1 : 0);
        query.addBindValue(folder.local ? 1 : 0);
        query.addBindValue(qlonglong(folder.uidValidity));
        query.addBindValue(qlonglong(folder.uidNext));
        query.addBindValue(qlonglong(folder.highestModSeq));
        if (!query.exec())
            failure = m_cache.errorFrom(query.lastError(), MailCache::tr("adding the folder %1").arg(folder.path));
        else
            id = query.lastInsertId().toLongLong();
    }
    if (!failure)
        failure = transaction.commit();
    if (failure) {
        if (error)
            *error = failure;
        return std::nullopt;
    }
    m_cache.emitCommitted(&MailCache::foldersChanged, folder.accountId);
    return this->folder(id);
}

StoreError FolderStore::saveSyncState(qint64 folderId, quint32 uidValidity, quint32 uidNext,
                                      quint64 highestModSeq)
{
    WriteTransaction transaction(m_cache);
    if (StoreError error = transaction.begun())
        return error;
    QSqlQuery query(m_cache.connection());
    query.prepare(QStringLiteral(
        "UPDATE folders SET uid_validity = ?, uid_next = ?, highest_modseq = ? WHERE id = ?"));
    query.addBindValue(qlonglong(uidValidity));
    query.addBindValue(qlonglong(uidNext));
    query.addBindValue(qlonglong(highestModSeq));
    query.addBindValue(folderId);
    if (!query.exec())
        return m_cache.errorFrom(query.lastError(), MailCache::tr("saving a folder's sync state"));
    if (query.numRowsAffected() == 0)
        return { StoreError::NotFound, MailCache::tr("The folder is no longer in the mail cache.") };
    return transaction.commit();
}

StoreError FolderStore::resetFolder(qint64 folderId, quint32 newUidValidity)
{
    WriteTransaction transaction(m_cache);
    if (StoreError error = transaction.begun())
        return error;
    const QString what = MailCache::tr("emptying a folder whose UIDVALIDITY changed");
    QSqlQuery query(m_cache.connection());
    if (!deleteFolderMessages(query, folderId, KeepLocalCopies::Yes))
        return m_cache.errorFrom(query.lastError(), what);
    // The old UIDNEXT and HIGHESTMODSEQ describe UIDs that no longer mean anything
    // (RFC 3501 s2.3.1.1; RFC 7162 s3.1.2.1): the next sync starts from nothing.
    query.prepare(QStringLiteral(
        "UPDATE folders SET uid_validity = ?, uid_next = 0, highest_modseq = 0 WHERE id = ?"));
    query.addBindValue(qlonglong(newUidValidity));
    query.addBindValue(folderId);
    if (!query.exec())
        return m_cache.errorFrom(query.lastError(), what);
    if (query.numRowsAffected() == 0)
        return { StoreError::NotFound, MailCache::tr("The folder is no longer in the mail cache.") };
    if (StoreError error = transaction.commit())
        return error;
    m_cache.emitCommitted(&MailCache::folderReset, folderId);
    m_cache.emitCommitted(&MailCache::folderCountsChanged, folderId);
    return {};
}

StoreError FolderStore::remove(qint64 folderId)
{
    const std::optional<FolderRecord> record = folder(folderId);
    if (!record)
        return { StoreError::NotFound, MailCache::tr("The folder is no longer in the mail cache.") };
    WriteTransaction transaction(m_cache);
    if (StoreError error = transaction.begun())
        return error;
    const QString what = MailCache::tr("removing the folder %1").arg(record->path);
    QSqlQuery query(m_cache.connection());
    if (!deleteFolderMessages(query, folderId))
        return m_cache.errorFrom(query.lastError(), what);
    query.prepare(QStringLiteral("DELETE FROM folders WHERE id = ?"));
    query.addBindValue(folderId);
    if (!query.exec())
        return m_cache.errorFrom(query.lastError(), what);
    if (StoreError error = transaction.commit())
        return error;
    m_cache.emitCommitted(&MailCache::foldersChanged, record->accountId);
    return {};
}

} // namespace magpie::store
