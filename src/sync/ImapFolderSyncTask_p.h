// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once
// ImapFolderSyncTask's state, shared by ImapFolderSyncTask.cpp (the pass) and
// ImapFolderSyncShortcuts.cpp (the NOOP and LIST-STATUS shortcuts for unchanged folders).

#include "net/imap/FetchJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/SelectJob.h"
#include "net/imap/StatusJob.h"
#include "store/FolderRecord.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "sync/ImapAccountSyncTask.h"
#include "sync/ImapFolderSyncTask.h"
#include "sync/SummaryWriter.h"

#include <QPointer>

#include <deque>
#include <functional>
#include <memory>
#include <optional>

namespace magpie::sync {

using imap::FetchedMessage;
using imap::FetchJob;
using imap::UidSet;
using store::FlagUpdate;
using store::MessageSummary;

struct ImapFolderSyncTask::Private
{
    // One UID FETCH of new messages: what it has delivered so far.
    struct Batch
    {
        QPointer<FetchJob> job;
        bool fetched = false; // its UID FETCH completed
        net::NetError error; // how it failed, if it did
        QList<MessageSummary> summaries;
        QList<FlagUpdate> lateFlags; // flag-only FETCHes for UIDs of the batch
        qsizetype handedOver = 0; // summaries given to the SummaryWriter
        // Work that must see this batch in the cache (SummaryWriter): run once it is.
        std::vector<std::function<void()>> after;
    };

    ImapFolderSyncTask *q;
    AccountConfig account;
    QPointer<imap::ImapSession> session;
    store::MailCache &cache;
    const qint64 folderId;
    int batchSize = 500;
    ImapSyncStats stats;

    store::FolderRecord folder;
    std::optional<imap::MailboxStatus> listed; // from the account's LIST-STATUS
    bool qresync = false; // QRESYNC enabled and allowed
    bool condStore = false; // CONDSTORE (or QRESYNC) usable and allowed
    bool qresyncSelect = false; // the SELECT carried our known state (RFC 7162 s3.2.5)
    imap::SelectedMailbox selected;
    quint32 highestBefore = 0; // highest cached UID before this pass fetched anything
    bool counting = false; // the cache's change signals now are this task's flag/expunge work
    // The server told of a change this pass did not apply (new mail arriving meanwhile, an
    // EXPUNGE by sequence number): the folder must not be marked in step at the end.
    bool unaccounted = false;

    // New messages, ascending; batches are taken from the top (newest first).
    QList<quint32> missing;
    qsizetype nextBatchEnd = 0;
    qint64 stored = 0;
    std::deque<std::shared_ptr<Batch>> inFlight;
    QList<std::shared_ptr<Batch>> ready;
    bool flushPosted = false;
    bool fetchFailed = false; // a batch failed: the pass ends with its error once stored
    // A big first sync writes its batches on a thread of its own (SummaryWriter); `writing`
    // are the batches handed to it, oldest first, whose commit has not been reported yet.
    std::unique_ptr<SummaryWriter> writer;
    std::deque<std::shared_ptr<Batch>> writing;
    std::function<void()> whenDrained; // the pass's next step, waiting for `writing`
    bool newMessagesDone = false;

    Private(ImapFolderSyncTask *task, store::MailCache &mailCache, qint64 id)
        : q(task)
        , cache(mailCache)
        , folderId(id)
    { }

    QString path() const { return folder.path; }
    // The highest UID the cache may hold during this pass.
    quint32 highestKnown() const
    {
        return qMax(highestBefore, missing.isEmpty() ? 0U : missing.constLast());
    }
    void report(const QString &activity, qint64 done = 0, qint64 total = 0)
    {
        q->reportProgress(activity, done, total, folder.path);
    }
    bool failIf(const store::StoreError &error)
    {
        if (!error)
            return false;
        q->finishWithStoreError(error);
        return true;
    }
    void failNotConnected()
    {
        q->finishWithNetError(net::NetError::make(
            net::NetError::Code::ConnectionLost,
            ImapFolderSyncTask::tr("Magpie is not connected to the mail server, so %1 cannot be "
                                   "brought up to date.")
                .arg(folder.path)));
    }

    void start();
    QByteArray inStepMark() const;
    bool canPoll() const;
    bool unchangedByListedStatus() const;
    void poll();
    void markInStep();
    void select();
    void afterSelect(const imap::SelectedMailbox &mailbox);
    void watchSession();
    void findNewMessages();
    void fetchNewMessages();
    void queueNextBatch();
    void onBatchFinished(FetchJob *job);
    void fillPipeline();
    void postFlush();
    bool flushReady();
    void onBatchWritten();
    void afterWrites(std::function<void()> work);
    bool runAfter(Batch &batch);
    void afterAllStored(std::function<void()> next);
    void finishNewMessages();
    void checkFlagsAndExpunges();
    void fetchFlags(quint64 changedSince);
    void findExpunged();
    void saveState();
    void applyFlags(const QList<FlagUpdate> &updates);
    void removeUids(const QList<quint32> &uids);
};

} // namespace magpie::sync
