// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ImapFolderSyncTask.h"
#include "sync/ImapFolderSyncTask_p.h"

#include "net/imap/SearchJob.h"
#include "store/FolderStore.h"
#include "sync/ImapSummaryReader.h"

#include <algorithm>
#include <utility>

namespace magpie::sync {

namespace {

constexpr quint32 highestPossibleUid = 0xffffffffU; // RFC 3501 s2.3.1.1: 32-bit

// The set's UIDs that the cache can hold: nothing above the highest cached UID is expanded,
// so a VANISHED (EARLIER) over a long-gone range costs nothing.
QList<quint32> clippedUids(const UidSet &set, quint32 highestCached)
{
    QList<quint32> uids;
    for (const auto &[first, last] : set.ranges()) {
        if (first > highestCached)
            break;
        const quint32 end = qMin(last, highestCached);
        for (quint32 uid = first;; ++uid) {
            uids.append(uid);
            if (uid == end)
                break;
        }
    }
    return uids;
}

FlagUpdate flagUpdateFrom(const FetchedMessage &message)
{
    return FlagUpdate { message.uid, store::MessageFlags::fromImap(*message.flags),
                        message.modSeq.value_or(0) };
}

} // namespace


ImapFolderSyncTask::ImapFolderSyncTask(const AccountConfig &account, imap::ImapSession *session,
                                       store::MailCache &cache, qint64 folderId, QObject *parent)
    : SyncTask(account.id, parent)
    , d(std::make_unique<Private>(this, cache, folderId))
{
    d->account = account;
    d->session = session;
    d->stats.folders = 1;
    // Counted from the cache's own report of the rows that really changed or went.
    connect(&cache, &store::MailCache::messagesChanged, this,
            [this](qint64 folder, const QList<qint64> &ids) {
                if (d->counting && folder == d->folderId)
                    d->stats.flagChanges += ids.size();
            });
    connect(&cache, &store::MailCache::messagesRemoved, this,
            [this](qint64 folder, const QList<qint64> &ids) {
                if (d->counting && folder == d->folderId)
                    d->stats.removedMessages += ids.size();
            });
}

ImapFolderSyncTask::~ImapFolderSyncTask() = default;

void ImapFolderSyncTask::setBatchSize(int messages)
{
    d->batchSize = qMax(1, messages);
}

void ImapFolderSyncTask::setListedStatus(const imap::MailboxStatus &status)
{
    d->listed = status;
}

const ImapSyncStats &ImapFolderSyncTask::stats() const
{
    return d->stats;
}

void ImapFolderSyncTask::doStart()
{
    d->start();
}

void ImapFolderSyncTask::Private::start()
{
    const auto record = store::FolderStore(cache).folderWithoutCounts(folderId);
    if (!record) {
        return q->finishWithStoreError(
            { store::StoreError::NotFound,
              ImapFolderSyncTask::tr(
                  "The folder to bring up to date is no longer in the cache.") });
    }
    folder = *record;
    if (!folder.selectable || folder.local)
        return q->finishWithSuccess(); // a \Noselect parent holds no messages
    if (!session || !session->isOpen())
        return failNotConnected();
    if (net::Connection *connection = session->connection()) {
        QObject::connect(connection, &net::Connection::received, q,
                         [this](const QByteArray &bytes) { stats.bytes += bytes.size(); });
    }
    qresync = account.useQresync && session->isEnabled("QRESYNC");
    condStore = qresync
        || (account.useCondstore
            && (session->isEnabled("CONDSTORE") || session->hasCapability("CONDSTORE")));
    if (canPoll())
        return poll();
    if (unchangedByListedStatus())
        return q->finishWithSuccess(); // nothing to do, and nothing sent
    select();
}

void ImapFolderSyncTask::Private::select()
{
    report(ImapFolderSyncTask::tr("Opening %1").arg(path()));
    auto *job = new imap::SelectJob(session, folder.path);
    // RFC 7162 s3.2.5: with what the cache knows the SELECT itself answers which messages
    // vanished and which flags changed; known-uids are left out so an unchanged folder costs
    // no read of its UIDs (the server then reports within 1:UIDNEXT-1).
    qresyncSelect = qresync && folder.uidValidity > 0 && folder.highestModSeq > 0;
    if (qresyncSelect)
        job->setQResync(folder.uidValidity, folder.highestModSeq);
    QObject::connect(job, &net::Job::finished, q, [this, job](net::Job *) {
        if (q->isFinished())
            return;
        if (job->failed())
            return q->finishWithNetError(job->error());
        afterSelect(job->mailbox());
    });
    job->start();
}

void ImapFolderSyncTask::Private::afterSelect(const imap::SelectedMailbox &mailbox)
{
    selected = mailbox;
    if (!selected.uidValidity || *selected.uidValidity == 0) {
        return q->finishWithNetError(net::NetError::make(
            net::NetError::Code::ProtocolViolation,
            ImapFolderSyncTask::tr("The server did not say which UIDs are valid in %1 "
                                   "(UIDVALIDITY, RFC 3501 s2.3.1.1), so Magpie cannot keep it "
                                   "offline.")
                .arg(path())));
    }
    const quint32 uidValidity = *selected.uidValidity;
    store::FolderStore folders(cache);
    store::MessageStore messages(cache);
    if (folder.uidValidity != uidValidity) {
        // RFC 3501 s2.3.1.1 / RFC 4549 s4.1: every cached UID of the folder is meaningless now.
        // The first sync of a folder has nothing to drop; it only records the value, before any
        // message, so an interrupted first sync is never mistaken for a valid cache.
        const bool firstSync = folder.uidValidity == 0 && messages.highestUid(folderId) == 0;
        const store::StoreError error = firstSync
            ? folders.saveSyncState(folderId, uidValidity, 0, 0)
            : folders.resetFolder(folderId, uidValidity);
        if (failIf(error))
            return;
        folder.uidValidity = uidValidity;
        folder.uidNext = 0;
        folder.highestModSeq = 0;
        qresyncSelect = false; // the server ignored our state (RFC 7162 s3.2.5)
    }
    highestBefore = messages.highestUid(folderId);
    watchSession();

    if (qresyncSelect) {
        // RFC 7162 s3.2.5.1: VANISHED (EARLIER) and the FETCHes of changed flags.
        removeUids(clippedUids(selected.vanished, highestBefore));
        if (q->isFinished())
            return;
        QList<FlagUpdate> updates;
        updates.reserve(selected.changed.size());
        for (const FetchedMessage &message : std::as_const(selected.changed)) {
            if (message.uid && message.flags && message.uid <= highestBefore)
                updates.append(flagUpdateFrom(message));
        }
        applyFlags(updates);
        if (q->isFinished())
            return;
    }
    findNewMessages();
}

void ImapFolderSyncTask::Private::watchSession()
{
    // While the folder is selected the server may tell of changes other clients make
    // (RFC 3501 s7.4.1, RFC 7162 s3.2.10): those with UIDs are applied at once.
    QObject::connect(session, &imap::ImapSession::vanished, q,
                     [this](const UidSet &uids, bool earlier) {
                         if (earlier || q->isFinished())
                             return;
                         const QList<quint32> gone = clippedUids(uids, highestKnown());
                         afterWrites([this, gone] { removeUids(gone); });
                     });
    QObject::connect(session, &imap::ImapSession::messageFetched, q,
                     [this](const FetchedMessage &message) {
                         if (q->isFinished())
                             return;
                         if (message.uid && message.flags) {
                             const FlagUpdate update = flagUpdateFrom(message);
                             afterWrites([this, update] { applyFlags({ update }); });
                         }
                         else if (message.flags)
                             unaccounted = true;
                     });
    // New mail announced after the SELECT is above the UIDNEXT this pass saves, and an
    // EXPUNGE names no UID: both are left to the next pass, which must then not take the
    // NOOP shortcut.
    QObject::connect(session, &imap::ImapSession::existsChanged, q, [this](quint32) {
        unaccounted = true;
    });
    QObject::connect(session, &imap::ImapSession::expunged, q, [this](quint32) {
        unaccounted = true;
    });
}

void ImapFolderSyncTask::Private::findNewMessages()
{
    // UIDs only grow (RFC 3501 s2.3.1.1): an unchanged UIDNEXT means nothing arrived, and with
    // QRESYNC the SELECT was the only round trip.
    const quint32 serverUidNext = selected.uidNext.value_or(0);
    if (selected.exists == 0
        || (folder.uidNext > 0 && serverUidNext > 0 && serverUidNext <= folder.uidNext))
        return checkFlagsAndExpunges();
    // Everything from the UIDNEXT saved by the last complete pass: an interrupted pass saved
    // none, so what it missed is found again here (RFC 4549 s4.3), and what it did fetch is
    // subtracted below.
    const quint32 from = qMax<quint32>(folder.uidNext, 1);
    report(ImapFolderSyncTask::tr("Looking for new messages in %1").arg(path()));
    auto *search = new imap::SearchJob(session);
    search->setCriteria(imap::SearchCriteria::uids(UidSet::range(from, highestPossibleUid)));
    QObject::connect(search, &net::Job::finished, q, [this, search, from](net::Job *) {
        if (q->isFinished())
            return;
        if (search->failed())
            return q->finishWithNetError(search->error());
        QList<quint32> found = search->uids().toList();
        if (highestBefore >= from) {
            // Part of this range is cached already (an interrupted pass): fetch only the rest.
            const QList<quint32> cached = store::MessageStore(cache).uids(folderId);
            QList<quint32> rest;
            rest.reserve(found.size());
            auto it = std::lower_bound(cached.cbegin(), cached.cend(), from);
            for (const quint32 uid : std::as_const(found)) {
                while (it != cached.cend() && *it < uid)
                    ++it;
                if (it == cached.cend() || *it != uid)
                    rest.append(uid);
            }
            found = std::move(rest);
        }
        missing = std::move(found);
        fetchNewMessages();
    });
    search->start();
}

void ImapFolderSyncTask::Private::fetchNewMessages()
{
    nextBatchEnd = missing.size();
    if (missing.isEmpty())
        return checkFlagsAndExpunges();
    report(ImapFolderSyncTask::tr("Fetching new messages in %1").arg(path()), 0, missing.size());
    // More than one batch: the batches are written on a thread of their own, so reading and
    // parsing the next batch overlaps writing this one (SummaryWriter says why).
    if (missing.size() > batchSize) {
        writer = std::make_unique<SummaryWriter>(cache);
        QObject::connect(writer.get(), &SummaryWriter::written, q,
                         [this](quint64, const QList<qint64> &) { onBatchWritten(); });
        QObject::connect(writer.get(), &SummaryWriter::failed, q,
                         [this](quint64, const store::StoreError &error) {
                             writing.clear();
                             whenDrained = nullptr;
                             failIf(error);
                         });
    }
    // Two UID FETCHes pipelined (RFC 3501 s5.5; ImapSession sends the second before the
    // first completes): the server starts on the next batch as soon as it finished one, and
    // never waits for the client's parsing or for the disk.
    fillPipeline();
}

void ImapFolderSyncTask::Private::fillPipeline()
{
    // At most two FETCHes in flight, and no more while four batches wait for the cache: a
    // server faster than the disk must not fill the memory with summaries.
    constexpr std::size_t inFlightLimit = 2;
    constexpr qsizetype backlogLimit = 4;
    while (inFlight.size() < inFlightLimit && nextBatchEnd > 0
           && ready.size() + qsizetype(writing.size()) < backlogLimit)
        queueNextBatch();
}

void ImapFolderSyncTask::Private::queueNextBatch()
{
    if (nextBatchEnd <= 0)
        return;
    const qsizetype begin = qMax<qsizetype>(0, nextBatchEnd - batchSize);
    const UidSet uids = UidSet::fromUids(missing.mid(begin, nextBatchEnd - begin));
    const qsizetype expected = nextBatchEnd - begin;
    nextBatchEnd = begin;

    auto batch = std::make_shared<Batch>();
    batch->summaries.reserve(expected);
    auto *job = new FetchJob(session);
    batch->job = job;
    job->setUids(uids);
    FetchJob::Items items = FetchJob::Item::Flags | FetchJob::Item::InternalDate
        | FetchJob::Item::Size | FetchJob::Item::Envelope | FetchJob::Item::BodyStructure;
    if (condStore)
        items |= FetchJob::Item::ModSeq;
    job->setItems(items);
    job->addBodySection(ImapSummaryReader::referencesSection());
    Batch *raw = batch.get();
    QObject::connect(job, &FetchJob::messageFetched, q, [this, raw](const FetchedMessage &message) {
        if (message.envelope) {
            raw->summaries.append(ImapSummaryReader::read(message, folderId));
        } else if (message.flags) {
            // A flag change of a message of the batch that another client made meanwhile
            // (RFC 3501 s7.4.2 allows it at any time): applied after the batch is stored.
            raw->lateFlags.append(flagUpdateFrom(message));
        }
    });
    QObject::connect(job, &net::Job::finished, q,
                     [this, job](net::Job *) { onBatchFinished(job); });
    inFlight.push_back(batch);
    job->start();
}

void ImapFolderSyncTask::Private::onBatchFinished(FetchJob *job)
{
    if (q->isFinished())
        return;
    const auto done = std::find_if(inFlight.begin(), inFlight.end(),
                                   [job](const std::shared_ptr<Batch> &b) { return b->job == job; });
    if (done == inFlight.end())
        return;
    (*done)->fetched = true;
    (*done)->error = job->failed() ? job->error() : net::NetError::none();
    // The FETCHes are pipelined (RFC 3501 s5.5) and a server may complete them in any order;
    // batches are stored in the order they were asked for all the same.
    while (!inFlight.empty() && inFlight.front()->fetched) {
        std::shared_ptr<Batch> batch = inFlight.front();
        inFlight.pop_front();
        ready.append(batch);
        if (batch->error.isError()) {
            // Keep what did arrive: the next pass fetches only the rest (RFC 4549 s4.3).
            const net::NetError error = batch->error;
            fetchFailed = true;
            for (const auto &waiting : inFlight) {
                // Sent or not, its answer is no longer wanted: the session skips a deleted
                // job and ignores the completion of one it had sent.
                delete waiting->job.data();
                // What waited for the dropped batches waits for this one, which is kept.
                batch->after.insert(batch->after.end(), waiting->after.begin(),
                                    waiting->after.end());
            }
            inFlight.clear();
            if (!flushReady())
                return;
            return afterAllStored([this, error] { q->finishWithNetError(error); });
        }
    }
    fillPipeline();
    postFlush();
}

void ImapFolderSyncTask::Private::postFlush()
{
    if (flushPosted)
        return;
    flushPosted = true;
    // The next FETCH was queued above, so the session's queued call that sends it runs
    // before this one: the server streams the next batch while the cache is written. (Posted
    // twice so that holds whichever order the session posts in.)
    QMetaObject::invokeMethod(
        q,
        [this] {
            QMetaObject::invokeMethod(
                q,
                [this] {
                    flushPosted = false;
                    if (q->isFinished() || !flushReady())
                        return;
                    if (inFlight.empty() && nextBatchEnd <= 0 && !fetchFailed)
                        afterAllStored([this] { finishNewMessages(); });
                },
                Qt::QueuedConnection);
        },
        Qt::QueuedConnection);
}

bool ImapFolderSyncTask::Private::flushReady()
{
    store::MessageStore messages(cache);
    while (!ready.isEmpty()) {
        const std::shared_ptr<Batch> batch = ready.takeFirst();
        if (writer) {
            // Handed over; onBatchWritten() carries on once it is committed. A batch without
            // new summaries (only late flags) waits for the ones before it all the same.
            if (!batch->summaries.isEmpty()) {
                // The summaries go to the writer's thread, which frees them there too.
                batch->handedOver = batch->summaries.size();
                writing.push_back(batch);
                writer->write(folderId, std::exchange(batch->summaries, {}), 0);
            } else if (!writing.empty()) {
                std::vector<std::function<void()>> &after = writing.back()->after;
                if (!batch->lateFlags.isEmpty()) {
                    const QList<FlagUpdate> late = batch->lateFlags;
                    after.push_back([this, late] { applyFlags(late); });
                }
                after.insert(after.end(), batch->after.begin(), batch->after.end());
            } else {
                if (!batch->lateFlags.isEmpty())
                    applyFlags(batch->lateFlags);
                if (!runAfter(*batch))
                    return false;
            }
            continue;
        }
        if (!batch->summaries.isEmpty()) {
            store::StoreError error;
            messages.add(folderId, batch->summaries, &error);
            if (failIf(error))
                return false;
            stored += batch->summaries.size();
            stats.newMessages += batch->summaries.size();
        }
        if (!batch->lateFlags.isEmpty())
            applyFlags(batch->lateFlags);
        if (!runAfter(*batch))
            return false;
        report(ImapFolderSyncTask::tr("Fetching new messages in %1").arg(path()), stored,
               missing.size());
    }
    return true;
}

void ImapFolderSyncTask::Private::onBatchWritten()
{
    if (q->isFinished() || writing.empty())
        return;
    const std::shared_ptr<Batch> batch = writing.front();
    writing.pop_front();
    stored += batch->handedOver;
    stats.newMessages += batch->handedOver;
    if (!batch->lateFlags.isEmpty())
        applyFlags(batch->lateFlags);
    if (!runAfter(*batch))
        return;
    report(ImapFolderSyncTask::tr("Fetching new messages in %1").arg(path()), stored,
           missing.size());
    fillPipeline();
    if (writing.empty() && whenDrained) {
        const std::function<void()> next = std::move(whenDrained);
        whenDrained = nullptr;
        next();
    }
}

void ImapFolderSyncTask::Private::afterWrites(std::function<void()> work)
{
    // In the order the server said it: after every batch asked for before it is stored (the
    // news may be about a message of any of them; a batch moves from inFlight to ready to
    // writing, so the newest of these is the last one asked for).
    if (!inFlight.empty())
        inFlight.back()->after.push_back(std::move(work));
    else if (!ready.isEmpty())
        ready.constLast()->after.push_back(std::move(work));
    else if (!writing.empty())
        writing.back()->after.push_back(std::move(work));
    else
        work();
}

bool ImapFolderSyncTask::Private::runAfter(Batch &batch)
{
    std::vector<std::function<void()>> after;
    after.swap(batch.after);
    for (const std::function<void()> &work : after) {
        if (q->isFinished())
            return false;
        work();
    }
    return !q->isFinished();
}

void ImapFolderSyncTask::Private::afterAllStored(std::function<void()> next)
{
    if (writing.empty())
        next();
    else
        whenDrained = std::move(next);
}

void ImapFolderSyncTask::Private::finishNewMessages()
{
    if (newMessagesDone || q->isFinished())
        return;
    newMessagesDone = true;
    if (writer)
        stats.writerCpuMs += writer->cpuMs();
    writer.reset(); // idle now: its thread and connection are not needed any more
    checkFlagsAndExpunges();
}

void ImapFolderSyncTask::Private::checkFlagsAndExpunges()
{
    if (q->isFinished())
        return;
    // Nothing was cached before this pass, or QRESYNC's SELECT already said it all.
    if (highestBefore == 0 || qresyncSelect)
        return saveState();
    const bool modSeqs = condStore && selected.highestModSeq && !selected.noModSeq;
    if (modSeqs && folder.highestModSeq > 0) {
        // RFC 7162 s3.1.4: only what changed since the last pass; nothing when HIGHESTMODSEQ
        // did not move.
        if (*selected.highestModSeq == folder.highestModSeq)
            return findExpunged();
        return fetchFlags(folder.highestModSeq);
    }
    fetchFlags(0);
}

void ImapFolderSyncTask::Private::fetchFlags(quint64 changedSince)
{
    report(ImapFolderSyncTask::tr("Checking for changed flags in %1").arg(path()));
    auto *job = new FetchJob(session);
    job->setUids(UidSet::range(1, highestBefore));
    job->setItems(FetchJob::Item::Flags);
    if (changedSince > 0)
        job->setChangedSince(changedSince);
    auto updates = std::make_shared<QList<FlagUpdate>>();
    QObject::connect(job, &FetchJob::messageFetched, q, [updates](const FetchedMessage &message) {
        if (message.flags)
            updates->append(flagUpdateFrom(message));
    });
    QObject::connect(job, &net::Job::finished, q, [this, job, updates](net::Job *) {
        if (q->isFinished())
            return;
        if (job->failed())
            return q->finishWithNetError(job->error());
        applyFlags(*updates);
        if (!q->isFinished())
            findExpunged();
    });
    job->start();
}

void ImapFolderSyncTask::Private::findExpunged()
{
    // Without QRESYNC the only way to learn what was expunged is the list of what is left
    // (RFC 4549 s4.3.2): every cached UID the server no longer has is gone.
    report(ImapFolderSyncTask::tr("Checking for deleted messages in %1").arg(path()));
    auto *search = new imap::SearchJob(session);
    search->setCriteria(imap::SearchCriteria::all());
    QObject::connect(search, &net::Job::finished, q, [this, search](net::Job *) {
        if (q->isFinished())
            return;
        if (search->failed())
            return q->finishWithNetError(search->error());
        const UidSet &onServer = search->uids();
        QList<quint32> gone;
        const QList<quint32> cached = store::MessageStore(cache).uids(folderId);
        for (const quint32 uid : cached) {
            if (!onServer.contains(uid))
                gone.append(uid);
        }
        removeUids(gone);
        if (!q->isFinished())
            saveState();
    });
    search->start();
}

void ImapFolderSyncTask::Private::saveState()
{
    if (q->isFinished())
        return;
    // Last of all (RFC 4549 s4.3): a pass that stops before this point is redone from the
    // previous state, so no message is ever skipped.
    const bool modSeqs = condStore && selected.highestModSeq && !selected.noModSeq;
    const quint64 highestModSeq = modSeqs ? *selected.highestModSeq : 0;
    quint32 uidNext = selected.uidNext.value_or(0);
    if (uidNext == 0) {
        const quint32 highest = store::MessageStore(cache).highestUid(folderId);
        uidNext = highest > 0 ? highest + 1 : 0;
    }
    const quint32 uidValidity = *selected.uidValidity;
    if (uidNext != folder.uidNext || highestModSeq != folder.highestModSeq
        || uidValidity != folder.uidValidity) {
        if (failIf(store::FolderStore(cache).saveSyncState(folderId, uidValidity, uidNext,
                                                           highestModSeq)))
            return;
    }
    folder.uidValidity = uidValidity;
    folder.uidNext = uidNext;
    folder.highestModSeq = highestModSeq;
    markInStep();
    q->finishWithSuccess();
}

void ImapFolderSyncTask::Private::applyFlags(const QList<FlagUpdate> &updates)
{
    if (updates.isEmpty())
        return;
    counting = true;
    const store::StoreError error = store::MessageStore(cache).applyFlagUpdates(folderId, updates);
    counting = false;
    failIf(error);
}

void ImapFolderSyncTask::Private::removeUids(const QList<quint32> &uids)
{
    if (uids.isEmpty())
        return;
    counting = true;
    const store::StoreError error = store::MessageStore(cache).removeUids(folderId, uids);
    counting = false;
    failIf(error);
}

} // namespace magpie::sync
