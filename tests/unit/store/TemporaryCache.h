// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageSummary.h"

#include <QTemporaryDir>
#include <QTest>

#include <memory>

// A MailCache on a fresh file in a temporary folder, for the store's unit tests.
struct TemporaryCache
{
    QTemporaryDir dir;
    magpie::store::MailCache cache;

    TemporaryCache()
    {
        const magpie::store::StoreError error = cache.open(path());
        if (error)
            qFatal("cannot open the test cache: %s", qPrintable(error.message));
    }
    QString path() const { return dir.filePath(QStringLiteral("cache.sqlite")); }

    qint64 addFolder(const QString &path, const QString &account = QStringLiteral("acct"))
    {
        magpie::store::FolderRecord folder;
        folder.accountId = account;
        folder.path = path;
        folder.serverName = path.toUtf8();
        folder.delimiter = u'/';
        magpie::store::FolderStore folders(cache);
        const auto added = folders.ensure(folder);
        return added ? added->id : 0;
    }
};

inline magpie::store::MessageSummary makeSummary(quint32 uid, const QString &subject,
                                                 const QString &fromAddress = QStringLiteral("alice@example.com"))
{
    magpie::store::MessageSummary m;
    m.uid = uid;
    m.subject = subject;
    m.from.name = QStringLiteral("Alice Example");
    m.from.address = fromAddress;
    m.to = { { QStringLiteral("Bob"), QStringLiteral("bob@example.org") } };
    m.date = QDateTime::fromMSecsSinceEpoch(1700000000000LL + qint64(uid) * 60000, Qt::UTC);
    m.receivedAt = m.date;
    m.messageId = "<" + QByteArray::number(uid) + "@example.com>";
    m.size = 1000 + uid;
    return m;
}
