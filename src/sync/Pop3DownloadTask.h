// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Credentials.h"
#include "sync/AccountConfig.h"
#include "sync/SyncTask.h"

#include <QDateTime>

#include <functional>
#include <memory>

namespace magpie::store {
class MailCache;
}

namespace magpie::sync {

// Downloads a POP3 account's new mail into its local Inbox (RFC 1939): connect and log in,
// UIDL, RETR of each UIDL not in the ledger (store::Pop3Ledger), the message and its UIDL
// committed in one transaction so a crash between RETR and the save downloads it again
// rather than twice; then, unless "leave on server", DELE of what is safely stored, or with
// "delete after N days" DELE of what was stored that long ago; QUIT commits the deletions
// (RFC 1939 s6). Without UIDL the server cannot be told apart safely and the task stops with
// a clear problem instead of downloading duplicates.
class Pop3DownloadTask : public SyncTask
{
    Q_OBJECT
public:
    Pop3DownloadTask(const AccountConfig &account, const net::Credentials &credentials,
                     store::MailCache &cache, QObject *parent = nullptr);
    ~Pop3DownloadTask() override;

    qint64 downloaded() const;
    qint64 deletedFromServer() const;
    qint64 bytes() const;

    // What "now" is for "delete after N days" and the download time stamps; tests set a
    // fixed clock. Default: the current UTC time.
    void setClock(std::function<QDateTime()> clock);

protected:
    void doStart() override;

private:
    // The steps, in the order they run.
    void logIn();
    void listUniqueIds();
    void listSizes();
    void planDownloads();
    void retrieveNext();
    bool save(const QString &uidl, const QByteArray &raw);
    void deleteDue();
    void quit();
    void sessionClosed(const net::NetError &error);
    void finishDownload();
    void stopWithoutUidl();
    void fail(const net::NetError &error);
    void fail(const store::StoreError &error);
    void reportDownloadProgress(bool saving = false);

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::sync
