// SPDX-License-Identifier: GPL-3.0-or-later
// A mail cache in a temporary folder for the model tests. Folders and messages go in through
// FolderStore and MessageStore, as the sync engine writes them, so the models see the
// store's own change signals; insert() is raw SQL without a signal, for bulk data.
#pragma once

#include "store/FolderRecord.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/MessageSummary.h"
#include "store/SummaryColumns.h"

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
        store::FolderRecord folder;
        folder.accountId = accountId;
        folder.path = path;
        folder.serverName = path.toUtf8();
        folder.delimiter = delimiter;
        folder.role = role;
        store::StoreError error;
        const auto added = store::FolderStore(cache).ensure(folder, &error);
        if (!added)
            qFatal("cannot add a folder: %s", qPrintable(error.message));
        return added->id;
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

    // A sync batch: MessageStore::add, which announces the rows after its commit.
    QList<qint64> add(qint64 folderId, const QList<TestMessage> &messages)
    {
        QList<store::MessageSummary> summaries;
        for (const TestMessage &message : messages) {
            store::MessageSummary summary;
            summary.uid = ++m_uid;
            summary.flags.bits = message.flags;
            summary.localState = store::LocalState(message.localState);
            summary.date = QDateTime::fromMSecsSinceEpoch(message.dateMs, Qt::UTC);
            summary.from = { message.fromName, message.fromAddress };
            summary.to = store::SummaryColumns::decodeMailboxes(message.to);
            summary.subject = message.subject;
            summary.messageId = message.messageId.toUtf8();
            summary.inReplyTo = message.inReplyTo.toUtf8();
            summary.references = store::SummaryColumns::decodeReferences(message.references);
            summary.size = message.size;
            summary.hasAttachments = message.attachments;
            summaries.append(summary);
        }
        store::StoreError error;
        const QList<qint64> ids = store::MessageStore(cache).add(folderId, summaries, &error);
        if (error)
            qFatal("cannot add messages: %s", qPrintable(error.message));
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

    // A flag change from the server (FETCH FLAGS), as the sync applies it.
    void setFlags(qint64 folderId, qint64 id, quint32 flags)
    {
        const auto message = store::MessageStore(cache).message(id);
        if (!message)
            qFatal("no message %lld", id);
        store::FlagUpdate update;
        update.uid = message->uid;
        update.flags.bits = flags;
        if (store::MessageStore(cache).applyFlagUpdates(folderId, { update }))
            qFatal("cannot change flags");
    }

    // Expunged on the server.
    void remove(qint64 folderId, const QList<qint64> &ids)
    {
        Q_UNUSED(folderId)
        if (store::MessageStore(cache).remove(ids))
            qFatal("cannot remove messages");
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
