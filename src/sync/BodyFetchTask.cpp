// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/BodyFetchTask.h"

#include "net/imap/FetchJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/SelectJob.h"
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"

#include <QHash>
#include <QMap>
#include <QPointer>

namespace magpie::sync {

using store::FolderRecord;
using store::MessageSummary;

namespace {
// UIDs per UID FETCH: small enough that progress moves and a cancelled prefetch stops soon,
// large enough that the round trips do not dominate.
constexpr qsizetype kBatch = 50;
} // namespace

struct BodyFetchTask::Private
{
    Private(imap::ImapSession *imapSession, store::MailCache &mailCache)
        : session(imapSession)
        , cache(mailCache)
    {
    }

    QPointer<imap::ImapSession> session;
    store::MailCache &cache;
    QList<qint64> messageIds;
    qint64 prefetchFolder = 0;
    int prefetchDays = 0;
    int prefetchLimit = 0;
    qint64 fetched = 0;
    qint64 total = 0;

    // The work: per folder, the UIDs to fetch and which cache row each is.
    struct FolderWork
    {
        FolderRecord folder;
        QList<quint32> uids;
        QHash<quint32, qint64> ids;
    };
    QList<FolderWork> work;
    int folderIndex = 0;
    qsizetype uidIndex = 0;
};

BodyFetchTask::BodyFetchTask(const QString &accountId, imap::ImapSession *session,
                             store::MailCache &cache, QObject *parent)
    : SyncTask(accountId, parent)
    , d(std::make_unique<Private>(session, cache))
{
}

BodyFetchTask::~BodyFetchTask() = default;

void BodyFetchTask::setMessages(const QList<qint64> &messageIds)
{
    d->messageIds = messageIds;
    d->prefetchFolder = 0;
}

void BodyFetchTask::setPrefetch(qint64 folderId, int days, int limit)
{
    d->prefetchFolder = folderId;
    d->prefetchDays = days;
    d->prefetchLimit = limit;
    d->messageIds.clear();
}

qint64 BodyFetchTask::fetched() const
{
    return d->fetched;
}

void BodyFetchTask::doStart()
{
    if (!d->session || d->session->state() == imap::ImapSession::State::Disconnected
        || d->session->state() == imap::ImapSession::State::LoggedOut) {
        return finishWithNetError(net::NetError::make(
            net::NetError::Code::ConnectionLost,
            tr("Messages cannot be downloaded: there is no connection to the server.")));
    }
    store::FolderStore folders(d->cache);
    store::MessageStore messages(d->cache);
    if (d->prefetchFolder > 0) {
        // The offline policy: bodies of what arrived in the last N days, newest first.
        const std::optional<FolderRecord> folder = folders.folder(d->prefetchFolder);
        if (folder && folder->selectable && !folder->local) {
            const QDateTime since =
                QDateTime::currentDateTimeUtc().addDays(-qMax(0, d->prefetchDays));
            Private::FolderWork work { *folder, {}, {} };
            work.uids = messages.uidsWithoutBody(folder->id, since, d->prefetchLimit);
            for (const quint32 uid : std::as_const(work.uids)) {
                if (const auto row = messages.messageByUid(folder->id, uid))
                    work.ids.insert(uid, row->id);
            }
            if (!work.uids.isEmpty())
                d->work.append(work);
        }
    } else {
        QMap<qint64, Private::FolderWork> byFolder;
        const QList<MessageSummary> rows = messages.messages(d->messageIds);
        for (const MessageSummary &row : rows) {
            if (row.uid == 0 || row.hasBody)
                continue; // not on the server, or already here
            if (!byFolder.contains(row.folderId)) {
                const std::optional<FolderRecord> folder = folders.folder(row.folderId);
                if (!folder || folder->local)
                    continue;
                byFolder.insert(row.folderId, { *folder, {}, {} });
            }
            Private::FolderWork &work = byFolder[row.folderId];
            work.uids.append(row.uid);
            work.ids.insert(row.uid, row.id);
        }
        d->work = byFolder.values();
    }
    for (const Private::FolderWork &work : std::as_const(d->work))
        d->total += work.uids.size();
    nextFolder();
}

void BodyFetchTask::nextFolder()
{
    if (d->folderIndex >= d->work.size())
        return finishWithSuccess();
    const FolderRecord folder = d->work.at(d->folderIndex).folder;
    d->uidIndex = 0;
    if (d->session->state() == imap::ImapSession::State::Selected
        && d->session->selectedMailbox() == folder.path)
        return nextBatch();
    // SELECT, not EXAMINE: a sync or replay that follows on this session may STORE here, and
    // it sees the folder as selected already. BODY.PEEK leaves \Seen alone either way.
    auto *select = new imap::SelectJob(d->session, folder.path);
    connect(select, &net::Job::finished, this, [this, select, folder] {
        if (isFinished())
            return;
        if (select->failed())
            return finishWithNetError(select->error());
        const std::optional<quint32> uidValidity = select->mailbox().uidValidity;
        if (folder.uidValidity && uidValidity && *uidValidity != folder.uidValidity) {
            // RFC 3501 s2.3.1.1: the cached UIDs name other messages now. The folder's sync
            // resets it; fetching by them would file wrong bodies.
            reportProgress(tr("%1 changed on the server; its messages are downloaded after "
                              "the next sync.")
                               .arg(folder.path),
                           d->fetched, d->total, folder.path);
            ++d->folderIndex;
            return nextFolder();
        }
        nextBatch();
    });
    select->start();
}

void BodyFetchTask::nextBatch()
{
    const Private::FolderWork &work = d->work.at(d->folderIndex);
    if (d->uidIndex >= work.uids.size()) {
        ++d->folderIndex;
        return nextFolder();
    }
    const QList<quint32> batch = work.uids.mid(d->uidIndex, kBatch);
    d->uidIndex += batch.size();
    reportProgress(tr("Downloading messages in %1").arg(work.folder.path), d->fetched, d->total,
                   work.folder.path);
    auto *fetch = new imap::FetchJob(d->session);
    fetch->setUids(imap::UidSet::fromUids(batch));
    fetch->addBodySection(QByteArray()); // BODY.PEEK[]: the whole message, \Seen untouched
    // Saved as each message arrives, so a dropped connection keeps what came before it.
    connect(fetch, &imap::FetchJob::messageFetched, this,
            [this](const imap::FetchedMessage &message) {
                if (isFinished())
                    return;
                const Private::FolderWork &work = d->work.at(d->folderIndex);
                const auto body = message.sections.constFind(QByteArray());
                const qint64 id = work.ids.value(message.uid);
                if (!message.uid || id == 0 || body == message.sections.cend())
                    return;
                if (const store::StoreError error = store::BodyStore(d->cache).save(id, *body))
                    return finishWithStoreError(error);
                ++d->fetched;
            });
    connect(fetch, &net::Job::finished, this, [this, fetch] {
        if (isFinished())
            return;
        if (fetch->failed())
            return finishWithNetError(fetch->error());
        nextBatch();
    });
    fetch->start();
}

} // namespace magpie::sync
