// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// What the IMAP sync unit tests share: a cache in a temporary folder with one account's
// INBOX, and the server lines of a UID FETCH of new messages as the sync asks for them.

#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "sync/AccountConfig.h"
#include "sync/SyncTask.h"

#include <QByteArray>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QTest>

namespace magpie::test {

inline const QString kAccount = QStringLiteral("acct");

// The item list the sync fetches new messages with (RFC 3501 s6.4.5).
inline QByteArray newMessageItems(bool modSeq)
{
    return modSeq ? QByteArrayLiteral("(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE "
                                      "MODSEQ BODY.PEEK[HEADER.FIELDS (REFERENCES)])")
                  : QByteArrayLiteral("(UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE "
                                      "BODY.PEEK[HEADER.FIELDS (REFERENCES)])");
}

// "S: * n FETCH (...)" for message `uid`: subject "Message <uid>", from Alice, to Bob, sent
// on 2024-01-<uid> (day 1..28), size 1000 + uid. In script notation (\\ for one backslash).
struct ScriptedMessage
{
    quint32 uid = 0;
    QByteArray flags;          // "\\\\Seen" in C++ source for \Seen on the wire
    QByteArray references;     // "<a@x> <b@y>", empty: no References field
    bool attachment = false;
    quint64 modSeq = 0;        // MODSEQ item when > 0

    QByteArray line(quint32 sequenceNumber) const
    {
        const QByteArray n = QByteArray::number(uid);
        const QByteArray day = QByteArray::number(1 + (uid - 1) % 28).rightJustified(2, '0');
        QByteArray structure = attachment
            ? QByteArrayLiteral("((\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 10 1 "
                                "NIL NIL NIL NIL)(\"application\" \"pdf\" (\"name\" \"a.pdf\") NIL "
                                "NIL \"base64\" 100 NIL (\"attachment\" (\"filename\" \"a.pdf\")) "
                                "NIL NIL) \"mixed\" (\"boundary\" \"b\") NIL NIL NIL)")
            : QByteArrayLiteral("(\"text\" \"plain\" (\"charset\" \"utf-8\") NIL NIL \"7bit\" 10 1 "
                                "NIL NIL NIL NIL)");
        const QByteArray header = references.isEmpty()
            ? QByteArray("\r\n")
            : QByteArray("References: " + references + "\r\n\r\n");
        QByteArray escapedHeader = header;
        escapedHeader.replace("\r\n", "\\r\\n");
        QByteArray text = "S: * " + QByteArray::number(sequenceNumber) + " FETCH (UID " + n
            + " FLAGS (" + flags + ") INTERNALDATE \"" + day + "-Jan-2024 10:00:00 +0000\""
            + " RFC822.SIZE " + QByteArray::number(1000 + uid);
        if (modSeq > 0)
            text += " MODSEQ (" + QByteArray::number(modSeq) + ')';
        text += " ENVELOPE (\"" + day + " Jan 2024 09:00:00 +0000\" \"Message " + n
            + "\" ((\"Alice\" NIL \"alice\" \"example.com\")) ((\"Alice\" NIL \"alice\" "
              "\"example.com\")) ((\"Alice\" NIL \"alice\" \"example.com\")) ((NIL NIL \"bob\" "
              "\"example.com\")) NIL NIL NIL \"<"
            + n + "@example.com>\") BODYSTRUCTURE " + structure + " BODY[HEADER.FIELDS (REFERENCES)] {"
            + QByteArray::number(header.size()) + "}\\r\\n" + escapedHeader + ')';
        return text;
    }
};

// A cache with the account's INBOX, optionally holding UIDs from an earlier pass.
class CacheFixture
{
public:
    CacheFixture()
    {
        const store::StoreError error = cache.open(dir.filePath(QStringLiteral("cache.sqlite")));
        if (error)
            qFatal("cannot open the test cache: %s", qPrintable(error.message));
        store::FolderRecord inbox;
        inbox.accountId = kAccount;
        inbox.path = QStringLiteral("INBOX");
        inbox.serverName = "INBOX";
        inbox.delimiter = u'/';
        inbox.role = store::FolderRole::Inbox;
        folderId = store::FolderStore(cache).ensure(inbox)->id;
    }

    // Cached messages with these UIDs (subject "Cached <uid>", no flags) and sync state.
    void seed(const QList<quint32> &uids, quint32 uidValidity, quint32 uidNext, quint64 modSeq)
    {
        QList<store::MessageSummary> summaries;
        for (const quint32 uid : uids) {
            store::MessageSummary summary;
            summary.folderId = folderId;
            summary.uid = uid;
            summary.subject = QStringLiteral("Cached %1").arg(uid);
            summary.date = QDateTime(QDate(2023, 12, 1), QTime(8, 0), Qt::UTC);
            summary.receivedAt = summary.date;
            summary.modSeq = modSeq;
            summaries.append(summary);
        }
        store::StoreError error;
        store::MessageStore(cache).add(folderId, summaries, &error);
        QVERIFY2(!error, qPrintable(error.message));
        QVERIFY(!store::FolderStore(cache).saveSyncState(folderId, uidValidity, uidNext, modSeq));
    }

    QList<quint32> uids() const { return store::MessageStore(const_cast<store::MailCache &>(cache)).uids(folderId); }
    store::FolderRecord folder() const
    {
        return *store::FolderStore(const_cast<store::MailCache &>(cache)).folder(folderId);
    }
    std::optional<store::MessageSummary> message(quint32 uid) const
    {
        return store::MessageStore(const_cast<store::MailCache &>(cache)).messageByUid(folderId, uid);
    }

    static sync::AccountConfig account()
    {
        sync::AccountConfig config;
        config.id = kAccount;
        config.incomingServer.host = QStringLiteral("127.0.0.1");
        return config;
    }

    // Starts `task` and waits for finished(); true when it finished in time.
    static bool run(sync::SyncTask &task, int timeoutMs = 10000)
    {
        QSignalSpy finished(&task, &sync::SyncTask::finished);
        task.start();
        return !finished.isEmpty() || finished.wait(timeoutMs);
    }

    QTemporaryDir dir;
    store::MailCache cache;
    qint64 folderId = 0;
};

} // namespace magpie::test
