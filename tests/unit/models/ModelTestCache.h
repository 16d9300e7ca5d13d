// SPDX-License-Identifier: GPL-3.0-or-later
// A mail cache in a temporary folder for the model tests, and quick ways to put folders and
// messages in it the way the sync engine would (rows, then the change signal).
#pragma once

#include "store/FolderRecord.h"
#include "store/MailCache.h"
#include "store/MessageSummary.h"

#include <QDateTime>
#include <QSqlError>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

namespace magpie::testing {

struct TestMessage
{
    QString subject;
    QString fromName;
    QString fromAddress = QStringLiteral("someone@example.org");
    qint64 dateMs = 0;
    quint32 flags = 0;
    quint64 size = 1000;
    bool attachments = false;
    QString messageId;
    QString inReplyTo;
    QString references;
    QString to; // "name\x1faddress"
    int localState = 0;
};

class ModelTestCache
{
public:
    ModelTestCache()
    {
        const store::StoreError error = cache.open(dir.filePath(QStringLiteral("cache.sqlite")));
        if (error)
            qFatal("cannot open the test cache: %s", qPrintable(error.message));
    }

    qint64 addFolder(const QString &accountId, const QString &path,
                     store::FolderRole role = store::FolderRole::None, QChar delimiter = u'/')
    {
        QSqlQuery query(cache.connection());
        query.prepare(QStringLiteral("INSERT INTO folders (account_id, name, delimiter, role)"
                                     " VALUES (?, ?, ?, ?)"));
        query.addBindValue(accountId);
        query.addBindValue(path);
        query.addBindValue(QString(delimiter));
        query.addBindValue(int(role));
        if (!query.exec())
            qFatal("cannot add a folder: %s", qPrintable(query.lastError().text()));
        return query.lastInsertId().toLongLong();
    }

    // Inserts without any signal: callers announce what they want, as the store would.
    qint64 insert(qint64 folderId, const TestMessage &message)
    {
        QSqlQuery query(cache.connection());
        query.prepare(QStringLiteral(
            "INSERT INTO messages (folder_id, uid, flags, local_state, date, from_name,"
            " from_address, to_list, subject, message_id, in_reply_to, refs, size,"
            " has_attachments) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"));
        query.addBindValue(folderId);
        query.addBindValue(++m_uid);
        query.addBindValue(message.flags);
        query.addBindValue(message.localState);
        query.addBindValue(message.dateMs);
        query.addBindValue(message.fromName);
        query.addBindValue(message.fromAddress);
        query.addBindValue(message.to);
        query.addBindValue(message.subject);
        query.addBindValue(message.messageId);
        query.addBindValue(message.inReplyTo);
        query.addBindValue(message.references);
        query.addBindValue(message.size);
        query.addBindValue(message.attachments ? 1 : 0);
        if (!query.exec())
            qFatal("cannot add a message: %s", qPrintable(query.lastError().text()));
        return query.lastInsertId().toLongLong();
    }

    // Inserts and announces, as a sync batch does.
    QList<qint64> add(qint64 folderId, const QList<TestMessage> &messages)
    {
        QList<qint64> ids;
        for (const TestMessage &message : messages)
            ids.append(insert(folderId, message));
        Q_EMIT cache.messagesAdded(folderId, ids);
        Q_EMIT cache.folderCountsChanged(folderId);
        return ids;
    }

    void exec(const QString &sql, const QVariantList &values = {})
    {
        QSqlQuery query(cache.connection());
        query.prepare(sql);
        for (const QVariant &value : values)
            query.addBindValue(value);
        if (!query.exec())
            qFatal("statement failed: %s", qPrintable(query.lastError().text()));
    }

    void setFlags(qint64 folderId, qint64 id, quint32 flags)
    {
        exec(QStringLiteral("UPDATE messages SET flags = ? WHERE id = ?"), { flags, id });
        Q_EMIT cache.messagesChanged(folderId, { id });
        Q_EMIT cache.folderCountsChanged(folderId);
    }

    void remove(qint64 folderId, const QList<qint64> &ids)
    {
        for (qint64 id : ids)
            exec(QStringLiteral("DELETE FROM messages WHERE id = ?"), { id });
        Q_EMIT cache.messagesRemoved(folderId, ids);
        Q_EMIT cache.folderCountsChanged(folderId);
    }

    static qint64 day(int n) // a fixed date n days after 2024-01-01 UTC, in ms
    {
        return QDateTime(QDate(2024, 1, 1), QTime(12, 0), Qt::UTC).addDays(n).toMSecsSinceEpoch();
    }

    QTemporaryDir dir;
    store::MailCache cache;

private:
    quint32 m_uid = 0;
};

} // namespace magpie::testing
