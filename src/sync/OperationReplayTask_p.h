// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

// OperationReplayTask's inner state, shared by its two source files: OperationReplayTask.cpp
// (the queue, flags, deleting for good) and OperationReplayMoves.cpp (moves and drafts).

#include "sync/OperationReplayTask.h"

#include "net/Job.h"
#include "store/BodyStore.h"
#include "store/FolderRecord.h"
#include "store/FolderStore.h"
#include "store/MessageStore.h"
#include "store/MessageSummary.h"
#include "store/PendingOperations.h"

#include <QCoreApplication>
#include <QList>
#include <QPointer>

#include <functional>
#include <optional>
#include <utility>

namespace magpie::imap {
class ImapSession;
}

namespace magpie::sync {

struct OperationReplayTask::Private
{
    Q_DECLARE_TR_FUNCTIONS(magpie::sync::OperationReplayTask)
public:
    Private(OperationReplayTask *task, imap::ImapSession *imapSession, store::MailCache &mailCache);

    // One message of a move: the original and the copy the target shows meanwhile.
    struct MovePair
    {
        std::optional<store::MessageSummary> source;
        std::optional<store::MessageSummary> copy;
        bool present = false; // the original is still in the source folder on the server
        quint32 targetUid = 0; // known to be in the target with this UID
    };

    void next();
    void finishOperation();
    void conflict(const QString &message);
    void stop(const net::NetError &error);
    static bool isFatal(const net::NetError &error);
    static QByteArray flagName(store::MessageFlags::Flag flag);

    // Runs `job` and calls `done` with it when it finished (unless the task ended meanwhile).
    template<typename JobType> void run(JobType *job, const std::function<void(JobType *)> &done)
    {
        QObject::connect(job, &net::Job::finished, q, [this, job, done] {
            if (!q->isFinished())
                done(job);
        });
        job->start();
    }
    // SELECT unless the folder is selected (read-write) already; `then(false)` when the server
    // refused, or its UIDVALIDITY is not the cache's (RFC 3501 s2.3.1.1).
    void select(const store::FolderRecord &folder, const std::function<void(bool)> &then);

    void replayFlags();
    void flagsInFolder(const QList<QList<store::MessageSummary>> &groups, int index);
    void storeFlags(const store::FolderRecord &folder,
                    const QList<std::pair<quint64, QList<quint32>>> &batches, int index,
                    const std::function<void()> &then);

    void replayExpunge();
    void expungeInFolder(const QList<QList<store::MessageSummary>> &groups, int index);

    void replayMove();
    void moveFindPresent();
    void copyOnServer(const QList<quint32> &uids);
    void moveCheckTarget();
    void moveSearchTarget(int index);
    void moveUploadMissing(int index);
    void moveOnServer();
    void moveRemoveCopied();
    void moveFinish();
    void moveGiveUp(const QString &why);
    store::StoreError settleCopy(const MovePair &pair, quint32 targetUid);

    void replayDraft();
    void draftUpload(const store::MessageSummary &draft);
    void draftUploaded(const store::MessageSummary &draft, quint32 uid, quint32 uidValidity);
    void draftRemoveReplaced();

    OperationReplayTask *q;
    QPointer<imap::ImapSession> session;
    store::MailCache &cache;
    store::FolderStore folders;
    store::MessageStore messages;
    store::BodyStore bodies;
    store::PendingOperations pending;

    QList<store::PendingOperation> queue;
    int total = 0;
    int replayed = 0;
    QList<SyncProblem> conflicts;

    store::PendingOperation op;
    // Moves
    std::optional<store::FolderRecord> source;
    std::optional<store::FolderRecord> target;
    QList<MovePair> pairs;
};

} // namespace magpie::sync
