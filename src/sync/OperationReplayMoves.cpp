// SPDX-License-Identifier: GPL-3.0-or-later
// OperationReplayTask: moves (and deleting to Trash) and drafts. See OperationReplayTask.h.
#include "sync/OperationReplayTask_p.h"

#include "sync/MessageIdSearchJob.h"

#include "net/imap/AppendJob.h"
#include "net/imap/CopyJob.h"
#include "net/imap/ExpungeJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/MoveJob.h"
#include "net/imap/SearchJob.h"
#include "net/imap/StoreJob.h"

#include <QMap>

namespace magpie::sync {

using store::FolderRecord;
using store::LocalState;
using store::MessageFlags;
using store::MessageSummary;
using store::PendingOperation;
using store::StoreError;

// --- moves: MOVE, else COPY -> STORE \Deleted -> UID EXPUNGE (net's MoveJob) -------------------
//
// In order: find which originals the server still has (UID SEARCH UID); for the others, and
// for all of them when an earlier attempt may have reached the server, look in the target by
// Message-ID; upload the cached copy of any that the server lost and the target lacks
// (RFC 4549 s4.2: the server wins, the person's copy is kept); MOVE the rest; remove from the
// source the originals whose copy the target already has. Each step writes to the cache what
// the server confirmed, so a pass cut short leaves the next one less to do.
//
// A copy (Kind::Copy) takes the same path with UID COPY instead of MOVE (RFC 3501 s6.4.7,
// COPYUID from RFC 4315 s3) and never removes anything from the source.

void OperationReplayTask::Private::replayMove()
{
    source = folders.folder(op.folderId);
    target = folders.folder(op.targetFolderId);
    pairs.clear();
    for (qsizetype i = 0; i < op.messageIds.size(); ++i) {
        MovePair pair;
        pair.source = messages.message(op.messageIds.at(i));
        if (pair.source && (pair.source->folderId != op.folderId || pair.source->uid == 0))
            pair.source.reset(); // nothing of it on the server to move
        pair.copy = messages.message(op.relatedIds.value(i));
        if (pair.copy && pair.copy->uid > 0)
            pair.targetUid = pair.copy->uid; // an earlier pass got this far
        pairs.append(pair);
    }
    if (!target || !target->selectable) {
        return moveGiveUp(tr("the folder %1 is no longer on the server")
                              .arg(target ? target->path : tr("they were moved to")));
    }
    if (StoreError error = pending.noteAttempt(op.id))
        return q->finishWithStoreError(error);
    moveFindPresent();
}

void OperationReplayTask::Private::moveGiveUp(const QString &why)
{
    // Server wins: the originals show where they were, the copies go.
    QList<qint64> originals;
    QList<qint64> copies;
    for (const MovePair &pair : std::as_const(pairs)) {
        if (pair.source)
            originals.append(pair.source->id);
        if (pair.copy && pair.copy->uid == 0)
            copies.append(pair.copy->id);
    }
    if (op.kind == PendingOperation::Kind::Copy) {
        conflict(tr("%n message(s) copied offline could not be copied on the server (%1); the "
                    "copies were taken back.",
                    nullptr, int(op.messageIds.size()))
                     .arg(why));
    } else {
        conflict(tr("%n message(s) moved offline could not be moved on the server (%1); they "
                    "are shown where they were.",
                    nullptr, int(op.messageIds.size()))
                     .arg(why));
    }
    if (!originals.isEmpty()) {
        if (StoreError error = messages.setLocalState(originals, LocalState::Synced))
            return q->finishWithStoreError(error);
    }
    if (!copies.isEmpty()) {
        if (StoreError error = messages.remove(copies))
            return q->finishWithStoreError(error);
    }
    finishOperation();
}

void OperationReplayTask::Private::moveFindPresent()
{
    QList<quint32> uids;
    for (const MovePair &pair : std::as_const(pairs)) {
        if (pair.source)
            uids.append(pair.source->uid);
    }
    if (uids.isEmpty() || !source)
        return moveCheckTarget();
    select(*source, [this, uids](bool usable) {
        if (!usable)
            return moveCheckTarget(); // none of the cached UIDs can be trusted there
        auto *search = new imap::SearchJob(session);
        search->setCriteria(imap::SearchCriteria::uids(imap::UidSet::fromUids(uids)));
        run<imap::SearchJob>(search, [this](imap::SearchJob *search) {
            if (search->failed() && isFatal(search->error()))
                return stop(search->error());
            // A refused search counts as "gone": the replay then looks for them in the target
            // and uploads the cached copy, which may duplicate but never loses a message.
            for (MovePair &pair : pairs)
                pair.present = pair.source && search->uids().contains(pair.source->uid);
            moveCheckTarget();
        });
    });
}

void OperationReplayTask::Private::moveCheckTarget()
{
    bool needed = false;
    for (const MovePair &pair : std::as_const(pairs)) {
        if (pair.targetUid == 0 && pair.copy && !pair.copy->messageId.isEmpty()
            && (!pair.present || op.attempts > 0))
            needed = true;
    }
    if (!needed)
        return moveUploadMissing(0);
    select(*target, [this](bool usable) {
        if (!usable)
            return moveGiveUp(tr("%1 could not be opened").arg(target->path));
        moveSearchTarget(0);
    });
}

void OperationReplayTask::Private::moveSearchTarget(int index)
{
    while (index < pairs.size()) {
        const MovePair &pair = pairs.at(index);
        if (pair.targetUid == 0 && pair.copy && !pair.copy->messageId.isEmpty()
            && (!pair.present || op.attempts > 0))
            break;
        ++index;
    }
    if (index >= pairs.size())
        return moveUploadMissing(0);
    auto *search = new MessageIdSearchJob(session, pairs.at(index).copy->messageId);
    run<MessageIdSearchJob>(search, [this, index](MessageIdSearchJob *search) {
        if (search->failed() && isFatal(search->error()))
            return stop(search->error());
        if (!search->failed() && !search->uids().isEmpty()) {
            // The move (or an upload) reached the server before: the newest match is it.
            const quint32 uid = search->uids().ranges().constLast().second;
            pairs[index].targetUid = uid;
            if (StoreError error = settleCopy(pairs.at(index), uid))
                return q->finishWithStoreError(error);
        }
        moveSearchTarget(index + 1);
    });
}

StoreError OperationReplayTask::Private::settleCopy(const MovePair &pair, quint32 targetUid)
{
    if (!pair.copy)
        return {};
    if (targetUid == 0) {
        // The server has it but did not say under which UID: the target's sync brings it.
        return messages.remove({ pair.copy->id });
    }
    if (StoreError error = messages.setUid(pair.copy->id, targetUid))
        return error;
    // A copy deleted again meanwhile stays hidden: its own operation comes next.
    if (pair.copy->localState != LocalState::PendingUpload)
        return {};
    return messages.setLocalState({ pair.copy->id }, LocalState::Synced);
}

void OperationReplayTask::Private::moveUploadMissing(int index)
{
    while (index < pairs.size() && (pairs.at(index).present || pairs.at(index).targetUid > 0))
        ++index;
    if (index >= pairs.size())
        return moveOnServer();
    const MovePair pair = pairs.at(index);
    std::optional<QByteArray> raw;
    if (pair.copy)
        raw = bodies.body(pair.copy->id);
    if (!raw) {
        // Another client deleted it on the server and Magpie never had its body: nothing left
        // to keep.
        conflict(tr("A message moved or copied offline to %1 had been deleted on the server by "
                    "another client, and Magpie had no copy of it to upload.")
                     .arg(target->path));
        QList<qint64> rows;
        if (pair.copy)
            rows.append(pair.copy->id);
        if (pair.source && op.kind != PendingOperation::Kind::Copy)
            rows.append(pair.source->id);
        if (!rows.isEmpty()) {
            if (StoreError error = messages.remove(rows))
                return q->finishWithStoreError(error);
        }
        pairs[index].source.reset();
        return moveUploadMissing(index + 1);
    }
    auto *append = new imap::AppendJob(session);
    append->setMailbox(target->path);
    append->setMessage(*raw);
    MessageFlags flags = pair.copy->flags;
    flags.set(MessageFlags::Deleted, false);
    append->setFlags(flags.toImap());
    append->setInternalDate(pair.copy->receivedAt);
    run<imap::AppendJob>(append, [this, index](imap::AppendJob *append) {
        const MovePair &pair = pairs.at(index);
        if (append->failed()) {
            if (isFatal(append->error()))
                return stop(append->error());
            conflict(tr("A message moved or copied offline had been deleted on the server by "
                        "another client, and uploading Magpie's copy to %1 failed (%2); the "
                        "copy is kept in %1 on this computer only.")
                         .arg(target->path, append->errorString()));
            pairs[index].targetUid = 0;
            return moveUploadMissing(index + 1);
        }
        conflict(tr("A message moved or copied offline had been deleted on the server by "
                    "another client; Magpie uploaded its copy to %1.")
                     .arg(target->path));
        const bool sameUids =
            append->uidValidity() == target->uidValidity || target->uidValidity == 0;
        const quint32 uid = sameUids ? append->uid() : 0;
        if (StoreError error = settleCopy(pair, uid))
            return q->finishWithStoreError(error);
        // A copy's original is not ours to remove: the source's sync sees it gone.
        if (pair.source && op.kind != PendingOperation::Kind::Copy) {
            if (StoreError error = messages.remove({ pair.source->id }))
                return q->finishWithStoreError(error);
        }
        pairs[index].source.reset();
        moveUploadMissing(index + 1);
    });
}

void OperationReplayTask::Private::moveOnServer()
{
    QList<quint32> uids;
    for (const MovePair &pair : std::as_const(pairs)) {
        if (pair.present && pair.targetUid == 0)
            uids.append(pair.source->uid);
    }
    if (uids.isEmpty())
        return moveRemoveCopied();
    if (op.kind == PendingOperation::Kind::Copy)
        return copyOnServer(uids);
    select(*source, [this, uids](bool usable) {
        if (!usable)
            return moveGiveUp(tr("%1 could not be opened").arg(source->path));
        auto *move = new imap::MoveJob(session);
        move->setUids(imap::UidSet::fromUids(uids));
        move->setDestination(target->path);
        run<imap::MoveJob>(move, [this, uids](imap::MoveJob *move) {
            if (move->copied()) {
                // The target holds them now, whatever happened after (RFC 6851 s3.3 /
                // RFC 4315 COPYUID): the copies take their UIDs.
                for (MovePair &pair : pairs) {
                    if (!pair.present || pair.targetUid != 0)
                        continue;
                    const quint32 uid =
                        move->copyUid() ? move->copyUid()->destinationOf(pair.source->uid) : 0;
                    if (StoreError error = settleCopy(pair, uid))
                        return q->finishWithStoreError(error);
                    pair.targetUid = uid;
                }
            }
            if (move->failed()) {
                if (isFatal(move->error()))
                    return stop(move->error()); // the next pass finds what was done
                if (!move->copied())
                    return moveGiveUp(move->errorString());
                // Copied, but the originals could not be removed: the next pass retries that
                // part (it finds the copies in the target by Message-ID).
                return stop(move->error());
            }
            if (move->originalsLeftDeleted()) {
                // No MOVE, no UIDPLUS: the originals stay on the server marked \Deleted; the
                // rows stay hidden until the folder's sync sees them gone.
                q->reportProgress(move->notice(), replayed, total);
                return moveFinish();
            }
            QList<quint32> moved;
            for (const MovePair &pair : std::as_const(pairs)) {
                if (pair.present && uids.contains(pair.source->uid))
                    moved.append(pair.source->uid);
            }
            if (StoreError error = messages.removeUids(source->id, moved))
                return q->finishWithStoreError(error);
            for (MovePair &pair : pairs) {
                if (pair.present && uids.contains(pair.source->uid))
                    pair.source.reset();
            }
            moveRemoveCopied();
        });
    });
}

void OperationReplayTask::Private::copyOnServer(const QList<quint32> &uids)
{
    select(*source, [this, uids](bool usable) {
        if (!usable)
            return moveGiveUp(tr("%1 could not be opened").arg(source->path));
        auto *copy = new imap::CopyJob(session);
        copy->setUids(imap::UidSet::fromUids(uids));
        copy->setDestination(target->path);
        run<imap::CopyJob>(copy, [this](imap::CopyJob *copy) {
            if (copy->failed()) {
                if (isFatal(copy->error()))
                    return stop(copy->error()); // the next pass looks in the target first
                return moveGiveUp(copy->errorString());
            }
            // COPYUID names the copies' UIDs (RFC 4315 s3); without it the target's sync
            // brings them and the placeholders go.
            for (MovePair &pair : pairs) {
                if (!pair.present || pair.targetUid != 0)
                    continue;
                const quint32 uid =
                    copy->copyUid() ? copy->copyUid()->destinationOf(pair.source->uid) : 0;
                if (StoreError error = settleCopy(pair, uid))
                    return q->finishWithStoreError(error);
                pair.targetUid = uid;
            }
            finishOperation();
        });
    });
}

void OperationReplayTask::Private::moveRemoveCopied()
{
    if (op.kind == PendingOperation::Kind::Copy)
        return finishOperation(); // the originals stay where they are
    // Originals still in the source whose copy is in the target already (an earlier attempt
    // copied them): only these UIDs are expunged (RFC 4315 s2.1), never a bare EXPUNGE.
    QList<quint32> uids;
    for (const MovePair &pair : std::as_const(pairs)) {
        if (pair.present && pair.source && pair.targetUid > 0)
            uids.append(pair.source->uid);
    }
    if (uids.isEmpty())
        return moveFinish();
    select(*source, [this, uids](bool usable) {
        if (!usable)
            return moveFinish();
        auto *mark = new imap::StoreJob(session);
        mark->setUids(imap::UidSet::fromUids(uids));
        mark->setFlags(imap::StoreJob::Mode::Add, { QByteArrayLiteral("\\Deleted") });
        mark->setSilent(true);
        run<imap::StoreJob>(mark, [this, uids](imap::StoreJob *mark) {
            if (mark->failed()) {
                if (isFatal(mark->error()))
                    return stop(mark->error());
                return moveFinish();
            }
            if (!session->hasCapability("UIDPLUS"))
                return moveFinish();
            auto *expunge = new imap::ExpungeJob(session);
            expunge->setUids(imap::UidSet::fromUids(uids));
            run<imap::ExpungeJob>(expunge, [this, uids](imap::ExpungeJob *expunge) {
                if (expunge->failed()) {
                    if (isFatal(expunge->error()))
                        return stop(expunge->error());
                    return moveFinish();
                }
                if (StoreError error = messages.removeUids(source->id, uids))
                    return q->finishWithStoreError(error);
                for (MovePair &pair : pairs) {
                    if (pair.present && pair.source && uids.contains(pair.source->uid))
                        pair.source.reset();
                }
                moveFinish();
            });
        });
    });
}

void OperationReplayTask::Private::moveFinish()
{
    if (op.kind == PendingOperation::Kind::Copy)
        return finishOperation();
    // Originals the server no longer has, now safely in the target: their rows can go.
    QList<qint64> rows;
    for (const MovePair &pair : std::as_const(pairs)) {
        if (pair.source && !pair.present && pair.targetUid > 0)
            rows.append(pair.source->id);
    }
    if (!rows.isEmpty()) {
        if (StoreError error = messages.remove(rows))
            return q->finishWithStoreError(error);
    }
    finishOperation();
}

// --- drafts: APPEND (RFC 3501 s6.3.11, APPENDUID RFC 4315 s3), then the old version goes ----

void OperationReplayTask::Private::replayDraft()
{
    const std::optional<MessageSummary> draft = messages.message(op.messageIds.value(0));
    if (!draft)
        return draftRemoveReplaced(); // discarded before it reached the server
    if (draft->uid > 0)
        return draftRemoveReplaced(); // uploaded by an earlier attempt
    if (draft->localState == LocalState::PendingRemoval) {
        // Saved again since (the newer version's operation took over what this one was to
        // replace) or deleted: uploading this version would only be undone.
        return finishOperation();
    }
    const std::optional<FolderRecord> folder = folders.folder(draft->folderId);
    if (!folder) {
        conflict(tr("A draft could not be uploaded: its folder is no longer there."));
        return finishOperation();
    }
    if (StoreError error = pending.noteAttempt(op.id))
        return q->finishWithStoreError(error);
    if (op.attempts == 0 || draft->messageId.isEmpty())
        return draftUpload(*draft);
    // An earlier attempt may have reached the server (the connection dropped before the
    // answer): look before uploading a second copy.
    select(*folder, [this, draft](bool usable) {
        if (!usable)
            return draftUpload(*draft);
        auto *search = new MessageIdSearchJob(session, draft->messageId);
        run<MessageIdSearchJob>(search, [this, draft](MessageIdSearchJob *search) {
            if (search->failed() && isFatal(search->error()))
                return stop(search->error());
            if (search->failed() || search->uids().isEmpty())
                return draftUpload(*draft);
            const std::optional<FolderRecord> folder = folders.folder(draft->folderId);
            draftUploaded(*draft, search->uids().ranges().constLast().second,
                          folder ? folder->uidValidity : 0);
        });
    });
}

void OperationReplayTask::Private::draftUpload(const MessageSummary &draft)
{
    const std::optional<FolderRecord> folder = folders.folder(draft.folderId);
    const std::optional<QByteArray> raw = bodies.body(draft.id);
    if (!folder || !raw) {
        conflict(tr("A draft could not be uploaded: its text is no longer in the cache."));
        return finishOperation();
    }
    auto *append = new imap::AppendJob(session);
    append->setMailbox(folder->path);
    append->setMessage(*raw);
    append->setFlags(draft.flags.toImap());
    run<imap::AppendJob>(append, [this, draft, folder](imap::AppendJob *append) {
        if (append->failed()) {
            if (isFatal(append->error()))
                return stop(append->error());
            conflict(tr("The draft “%1” could not be saved on the server (%2); it is kept on "
                        "this computer.")
                         .arg(draft.subject, append->errorString()));
            return finishOperation();
        }
        draftUploaded(draft, append->uid(), append->uidValidity());
    });
}

void OperationReplayTask::Private::draftUploaded(const MessageSummary &draft, quint32 uid,
                                                 quint32 uidValidity)
{
    const std::optional<FolderRecord> folder = folders.folder(draft.folderId);
    const bool known = uid > 0 && folder
        && (uidValidity == 0 || folder->uidValidity == 0 || uidValidity == folder->uidValidity);
    if (known) {
        if (StoreError error = messages.setUid(draft.id, uid))
            return q->finishWithStoreError(error);
        if (StoreError error = messages.setLocalState({ draft.id }, LocalState::Synced))
            return q->finishWithStoreError(error);
    } else if (StoreError error = messages.remove({ draft.id })) {
        // The server did not say its UID: the folder's sync brings the draft back from there.
        return q->finishWithStoreError(error);
    }
    draftRemoveReplaced();
}

void OperationReplayTask::Private::draftRemoveReplaced()
{
    // The versions this one replaces: never uploaded ones just go; uploaded ones are deleted
    // on the server first (STORE \Deleted + UID EXPUNGE of exactly them).
    QList<qint64> local;
    QMap<qint64, QList<quint32>> onServer;
    const QList<MessageSummary> replaced = messages.messages(op.relatedIds);
    for (const MessageSummary &row : replaced) {
        if (row.uid == 0)
            local.append(row.id);
        else
            onServer[row.folderId].append(row.uid);
    }
    if (!local.isEmpty()) {
        if (StoreError error = messages.remove(local))
            return q->finishWithStoreError(error);
    }
    if (onServer.isEmpty())
        return finishOperation();
    const qint64 folderId = onServer.firstKey();
    const QList<quint32> uids = onServer.first();
    const std::optional<FolderRecord> folder = folders.folder(folderId);
    if (!folder)
        return finishOperation();
    // One folder per pass through here: relatedIds lose the ones dealt with.
    auto afterwards = [this, uids, folderId] {
        const QList<MessageSummary> rows = messages.messages(op.relatedIds);
        QList<qint64> rest;
        for (const MessageSummary &row : rows) {
            if (!(row.folderId == folderId && uids.contains(row.uid)))
                rest.append(row.id);
        }
        op.relatedIds = rest;
        draftRemoveReplaced();
    };
    select(*folder, [this, folder, uids, afterwards](bool usable) {
        if (!usable)
            return afterwards();
        auto *mark = new imap::StoreJob(session);
        mark->setUids(imap::UidSet::fromUids(uids));
        mark->setFlags(imap::StoreJob::Mode::Add, { QByteArrayLiteral("\\Deleted") });
        mark->setSilent(true);
        run<imap::StoreJob>(mark, [this, folder, uids, afterwards](imap::StoreJob *mark) {
            if (mark->failed() && isFatal(mark->error()))
                return stop(mark->error());
            if (mark->failed() || !session->hasCapability("UIDPLUS")) {
                // Left on the server (marked \Deleted when that worked): hidden here until
                // the folder is expunged by someone.
                if (StoreError error = messages.setFlag(op.relatedIds, MessageFlags::Deleted, true))
                    return q->finishWithStoreError(error);
                return afterwards();
            }
            auto *expunge = new imap::ExpungeJob(session);
            expunge->setUids(imap::UidSet::fromUids(uids));
            run<imap::ExpungeJob>(
                expunge, [this, folder, uids, afterwards](imap::ExpungeJob *expunge) {
                    if (expunge->failed() && isFatal(expunge->error()))
                        return stop(expunge->error());
                    if (!expunge->failed()) {
                        if (StoreError error = messages.removeUids(folder->id, uids))
                            return q->finishWithStoreError(error);
                    }
                    afterwards();
                });
        });
    });
}

} // namespace magpie::sync
