// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ImapAccountSyncTask.h"

#include "net/imap/ImapJob.h"
#include "net/imap/ImapSession.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "sync/BodyFetchTask.h"
#include "sync/ImapFolderListTask.h"
#include "sync/ImapFolderSyncTask.h"
#include "sync/OperationReplayTask.h"

#include <QPointer>

#include <algorithm>
#include <memory>

namespace magpie::sync {

struct ImapAccountSyncTask::Private
{
    ImapAccountSyncTask *q;
    AccountConfig account;
    QPointer<imap::ImapSession> session;
    store::MailCache &cache;
    QString onlyFolder;
    bool prefetch = true;
    ImapSyncStats stats;

    QList<store::FolderRecord> folders; // to sync, in order
    QHash<QString, imap::MailboxStatus> listed; // by path, from LIST-STATUS
    bool backToInbox = false; // the pass ended by selecting INBOX again
    qsizetype next = 0;
    qsizetype nextPrefetch = 0;
    std::optional<SyncProblem> firstFolderProblem;
    std::unique_ptr<SyncTask> current;

    Private(ImapAccountSyncTask *task, store::MailCache &mailCache)
        : q(task)
        , cache(mailCache)
    { }

    bool connectionGone() const { return !session || !session->isOpen(); }
    // Runs `task` as the current step; `done` gets it when it finished.
    template<typename Task, typename Done> void run(std::unique_ptr<Task> task, Done done)
    {
        Task *raw = task.get();
        QObject::connect(raw, &SyncTask::progress, q, &SyncTask::progress);
        QObject::connect(raw, &SyncTask::finished, q, [this, raw, done](SyncTask *) {
            // The step is deleted from the event loop: we are inside its signal now.
            std::unique_ptr<SyncTask> finished = std::move(current);
            done(raw);
            if (finished)
                finished.release()->deleteLater();
        });
        current = std::move(task);
        raw->start();
    }
    // A step failed: the pass ends when the connection is gone, else it is reported and the
    // pass goes on. True when the pass goes on.
    bool carryOn(const SyncTask *task, const QString &what)
    {
        if (!task->failed())
            return true;
        if (connectionGone()) {
            q->finishWithProblem(task->problem());
            return false;
        }
        const QString why = task->problem().message;
        q->reportProgress(why.isEmpty() ? ImapAccountSyncTask::tr("%1 failed.").arg(what)
                                        : ImapAccountSyncTask::tr("%1 failed: %2").arg(what, why));
        return true;
    }

    void replay();
    void listFolders();
    void syncNextFolder();
    void prefetchNext();
    bool shouldReturnToInbox() const;
    void finish();
};

ImapAccountSyncTask::ImapAccountSyncTask(const AccountConfig &account, imap::ImapSession *session,
                                         store::MailCache &cache, QObject *parent)
    : SyncTask(account.id, parent)
    , d(std::make_unique<Private>(this, cache))
{
    d->account = account;
    d->session = session;
}

ImapAccountSyncTask::~ImapAccountSyncTask() = default;

void ImapAccountSyncTask::setOnlyFolder(const QString &path)
{
    d->onlyFolder = path;
}

void ImapAccountSyncTask::setPrefetch(bool prefetch)
{
    d->prefetch = prefetch;
}

const ImapSyncStats &ImapAccountSyncTask::stats() const
{
    return d->stats;
}

void ImapAccountSyncTask::doStart()
{
    if (d->connectionGone()) {
        return finishWithNetError(net::NetError::make(
            net::NetError::Code::ConnectionLost,
            tr("Magpie is not connected to %1.").arg(d->account.incomingServer.host)));
    }
    if (net::Connection *connection = d->session->connection()) {
        connect(connection, &net::Connection::received, this,
                [this](const QByteArray &bytes) { d->stats.bytes += bytes.size(); });
    }
    d->replay();
}

void ImapAccountSyncTask::Private::replay()
{
    // RFC 4549 s4.2: what was done offline goes to the server before anything is read back,
    // so the resync sees the person's changes rather than undoing them.
    q->reportProgress(ImapAccountSyncTask::tr("Sending changes made offline"));
    run(std::make_unique<OperationReplayTask>(account.id, session, cache), [this](SyncTask *task) {
        if (carryOn(task, ImapAccountSyncTask::tr("Sending changes made offline")))
            listFolders();
    });
}

void ImapAccountSyncTask::Private::listFolders()
{
    auto list = std::make_unique<ImapFolderListTask>(account.id, session, cache);
    // Every folder's STATUS with the LIST (RFC 5819): an unchanged folder then costs no
    // command at all (ImapFolderSyncTask::setListedStatus). Not on the first pass of a
    // connection: with nothing selected yet the server opens every folder for the STATUS
    // (Dovecot: ~0.2 s for 100,000 messages), and those that changed are SELECTed after it
    // anyway; on later passes the selected folder's status is at hand, and a periodic check
    // of an unchanged account is one LIST and one NOOP.
    const bool modSeqs = (account.useQresync && session->isEnabled("QRESYNC"))
        || (account.useCondstore && session->isEnabled("CONDSTORE"));
    list->setAskStatus(modSeqs && session->state() == imap::ImapSession::State::Selected);
    run(std::move(list), [this](SyncTask *task) {
        if (task->failed())
            return q->finishWithProblem(task->problem());
        listed = static_cast<ImapFolderListTask *>(task)->statuses();
        const QList<store::FolderRecord> all = static_cast<ImapFolderListTask *>(task)->folders();
        folders.clear();
        for (const store::FolderRecord &folder : all) {
            if (!folder.selectable || folder.local)
                continue;
            if (!onlyFolder.isEmpty()) {
                const bool inbox = folder.role == store::FolderRole::Inbox
                    && onlyFolder.compare(QLatin1StringView("INBOX"), Qt::CaseInsensitive) == 0;
                if (!inbox && folder.path != onlyFolder)
                    continue;
            }
            // INBOX first: it is what the person looks at (RFC 4549 s4.3 leaves the order to
            // the client).
            if (folder.role == store::FolderRole::Inbox)
                folders.prepend(folder);
            else
                folders.append(folder);
        }
        if (!onlyFolder.isEmpty() && folders.isEmpty()) {
            SyncProblem problem;
            problem.kind = SyncProblem::Kind::Server;
            problem.message =
                ImapAccountSyncTask::tr("There is no folder “%1” on %2 that can hold messages.")
                    .arg(onlyFolder, account.incomingServer.host);
            return q->finishWithProblem(problem);
        }
        syncNextFolder();
    });
}

void ImapAccountSyncTask::Private::syncNextFolder()
{
    if (next >= folders.size()) {
        nextPrefetch = 0;
        return prefetchNext();
    }
    const store::FolderRecord &folder = folders.at(next++);
    const QString path = folder.path;
    auto sync = std::make_unique<ImapFolderSyncTask>(account, session, cache, folder.id);
    if (const auto status = listed.constFind(path); status != listed.constEnd())
        sync->setListedStatus(*status);
    run(std::move(sync), [this, path](SyncTask *task) {
            const ImapSyncStats &done = static_cast<ImapFolderSyncTask *>(task)->stats();
            stats.folders += 1;
            stats.newMessages += done.newMessages;
            stats.flagChanges += done.flagChanges;
            stats.removedMessages += done.removedMessages;
            stats.writerCpuMs += done.writerCpuMs;
            if (task->failed() && !firstFolderProblem)
                firstFolderProblem = task->problem();
            if (carryOn(task, ImapAccountSyncTask::tr("Bringing %1 up to date").arg(path)))
                syncNextFolder();
        });
}

void ImapAccountSyncTask::Private::prefetchNext()
{
    // The offline policy: bodies of recent mail, folder by folder (INBOX first), after every
    // summary is in so the lists fill first.
    if (!prefetch || account.prefetchDays <= 0 || nextPrefetch >= folders.size())
        return finish();
    const store::FolderRecord &folder = folders.at(nextPrefetch++);
    const QString path = folder.path;
    auto task = std::make_unique<BodyFetchTask>(account.id, session, cache);
    task->setPrefetch(folder.id, account.prefetchDays);
    q->reportProgress(
        ImapAccountSyncTask::tr("Downloading recent messages in %1 for offline use").arg(path), 0,
        0, path);
    run(std::move(task), [this, path](SyncTask *task) {
        stats.bodiesFetched += static_cast<BodyFetchTask *>(task)->fetched();
        if (carryOn(task, ImapAccountSyncTask::tr("Downloading recent messages in %1").arg(path)))
            prefetchNext();
    });
}

bool ImapAccountSyncTask::Private::shouldReturnToInbox() const
{
    // The folder left selected is the one the next pass can check with a NOOP, and whose
    // STATUS the next LIST-STATUS gets without the server opening it again (Dovecot: ~0.2 s for
    // 100,000 messages, every pass). INBOX is where mail arrives and usually the biggest, so a
    // pass that SELECTed other folders ends by selecting INBOX again -- only where that pays:
    // CONDSTORE/QRESYNC in use and LIST-STATUS offered.
    if (backToInbox || connectionGone() || !session->hasCapability("LIST-STATUS"))
        return false;
    const bool modSeqs = (account.useQresync && session->isEnabled("QRESYNC"))
        || (account.useCondstore && session->isEnabled("CONDSTORE"));
    if (!modSeqs || session->selectedMailbox() == QLatin1StringView("INBOX"))
        return false;
    return std::any_of(folders.cbegin(), folders.cend(), [](const store::FolderRecord &folder) {
        return folder.role == store::FolderRole::Inbox && folder.path == QLatin1StringView("INBOX");
    });
}

void ImapAccountSyncTask::Private::finish()
{
    if (shouldReturnToInbox()) {
        backToInbox = true;
        const auto inbox = std::find_if(folders.cbegin(), folders.cend(), [](const store::FolderRecord &f) {
            return f.path == QLatin1StringView("INBOX");
        });
        run(std::make_unique<ImapFolderSyncTask>(account, session, cache, inbox->id),
            [this](SyncTask *task) {
                const ImapSyncStats &done = static_cast<ImapFolderSyncTask *>(task)->stats();
                stats.newMessages += done.newMessages;
                stats.flagChanges += done.flagChanges;
                stats.removedMessages += done.removedMessages;
                stats.writerCpuMs += done.writerCpuMs;
                if (carryOn(task, ImapAccountSyncTask::tr("Bringing INBOX up to date")))
                    finish();
            });
        return;
    }
    // Every folder had its turn; one that failed makes the pass count as failed, so the
    // caller shows (and retries) it.
    if (firstFolderProblem)
        return q->finishWithProblem(*firstFolderProblem);
    q->reportProgress(ImapAccountSyncTask::tr("Up to date"), stats.folders, stats.folders);
    q->finishWithSuccess();
}

} // namespace magpie::sync
