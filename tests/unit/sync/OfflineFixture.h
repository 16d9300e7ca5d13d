// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// A mail cache in a temporary folder with one IMAP account ("acct": INBOX, Archive, Trash,
// Drafts) and helpers to put messages in it as a sync would: what the offline-operation tests
// (unit and integration) start from.

#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/PendingOperations.h"

#include <QByteArray>
#include <QDateTime>
#include <QString>
#include <QTemporaryDir>

namespace magpie::test {

class OfflineFixture
{
public:
    static constexpr quint32 kInboxValidity = 1700000000; // MessageJobDialogue's SELECT INBOX
    static constexpr quint32 kOtherValidity = 1700000001;

    // Empty when all went well, else what failed.
    QString open(const QString &accountId = QStringLiteral("acct"))
    {
        account = accountId;
        if (!dir.isValid())
            return QStringLiteral("no temporary folder");
        if (const store::StoreError error = cache.open(dir.filePath(QStringLiteral("cache.sqlite"))))
            return error.message;
        inbox = addFolder(QStringLiteral("INBOX"), store::FolderRole::Inbox, kInboxValidity);
        archive = addFolder(QStringLiteral("Archive"), store::FolderRole::Archive, kOtherValidity);
        trash = addFolder(QStringLiteral("Trash"), store::FolderRole::Trash, kOtherValidity);
        drafts = addFolder(QStringLiteral("Drafts"), store::FolderRole::Drafts, kOtherValidity);
        if (!inbox || !archive || !trash || !drafts)
            return QStringLiteral("the folders could not be added");
        return {};
    }

    qint64 addFolder(const QString &path, store::FolderRole role, quint32 uidValidity)
    {
        store::FolderRecord record;
        record.accountId = account;
        record.path = path;
        record.serverName = path.toUtf8();
        record.delimiter = u'/';
        record.role = role;
        store::FolderStore folders(cache);
        const std::optional<store::FolderRecord> added = folders.ensure(record);
        if (!added)
            return 0;
        folders.saveSyncState(added->id, uidValidity, 100, 0);
        return added->id;
    }

    static QByteArray rawMessage(const QByteArray &messageId, const QByteArray &subject = "Hello")
    {
        return "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: " + subject
            + "\r\nDate: Tue, 3 Mar 2026 10:00:00 +0000\r\nMessage-ID: <" + messageId
            + ">\r\n\r\nHi Alice.\r\n";
    }

    // A message as a sync would have cached it; with `body` its raw bytes too.
    qint64 addMessage(qint64 folderId, quint32 uid, const QByteArray &messageId,
                      quint32 flagBits = 0, quint64 modSeq = 0, bool body = false)
    {
        store::MessageSummary summary;
        summary.folderId = folderId;
        summary.uid = uid;
        summary.flags.bits = flagBits;
        summary.modSeq = modSeq;
        summary.date = QDateTime(QDate(2026, 3, 3), QTime(10, 0), Qt::UTC);
        summary.receivedAt = QDateTime::currentDateTimeUtc().addSecs(-3600);
        summary.from = mime::Mailbox { QStringLiteral("Bob"), QStringLiteral("bob@example.test") };
        summary.subject = QStringLiteral("Hello");
        summary.messageId = '<' + messageId + '>';
        summary.size = quint64(rawMessage(messageId).size());
        store::StoreError error;
        const QList<qint64> ids = store::MessageStore(cache).add(folderId, { summary }, &error);
        if (error || ids.size() != 1)
            return 0;
        if (body && store::BodyStore(cache).save(ids.first(), rawMessage(messageId)))
            return 0;
        return ids.first();
    }

    std::optional<store::MessageSummary> message(qint64 id)
    {
        return store::MessageStore(cache).message(id);
    }
    int pendingCount() { return store::PendingOperations(cache).count(account); }
    QList<store::MessageSummary> inFolder(qint64 folderId)
    {
        QList<store::MessageSummary> list;
        store::MessageStore messages(cache);
        // Every row of the folder, whatever its state: ids are small in these tests.
        for (qint64 id = 1; id < 200; ++id) {
            if (const auto row = messages.message(id); row && row->folderId == folderId)
                list.append(*row);
        }
        return list;
    }

    QTemporaryDir dir;
    store::MailCache cache;
    QString account;
    qint64 inbox = 0;
    qint64 archive = 0;
    qint64 trash = 0;
    qint64 drafts = 0;
};

} // namespace magpie::test
