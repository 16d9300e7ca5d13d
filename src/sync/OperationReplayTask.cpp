// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/OperationReplayTask.h"

#include "sync/MessageIdSearchJob.h"
#include "sync/OperationReplayTask_p.h"

#include "net/imap/ExpungeJob.h"
#include "net/imap/FetchJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/SelectJob.h"
#include "net/imap/StoreJob.h"
#include "store/FolderStore.h"
#include "store/MessageStore.h"

#include <QMap>
#include <QSet>

#include <memory>

namespace magpie::sync {

using store::FlagUpdate;
using store::FolderRecord;
using store::LocalState;
using store::MessageFlags;
using store::MessageSummary;
using store::PendingOperation;

OperationReplayTask::OperationReplayTask(const QString &accountId, imap::ImapSession *session,
                                         store::MailCache &cache, QObject *parent)
    : SyncTask(accountId, parent)
    , d(std::make_unique<Private>(this, session, cache))
{ }

OperationReplayTask::~OperationReplayTask() = default;

int OperationReplayTask::replayed() const
{
    return d->replayed;
}

const QList<SyncProblem> &OperationReplayTask::conflicts() const
{
    return d->conflicts;
}

void OperationReplayTask::doStart()
{
    if (!d->session || d->session->state() == imap::ImapSession::State::Disconnected
        || d->session->state() == imap::ImapSession::State::LoggedOut) {
        return finishWithNetError(net::NetError::make(
            net::NetError::Code::ConnectionLost,
            tr("The offline changes wait: there is no connection to the server.")));
    }
    d->queue = store::PendingOperations(d->cache).operations(accountId());
    d->total = int(d->queue.size());
    d->next();
}

OperationReplayTask::Private::Private(OperationReplayTask *task, imap::ImapSession *imapSession,
                                      store::MailCache &mailCache)
    : q(task)
    , session(imapSession)
    , cache(mailCache)
    , folders(mailCache)
    , messages(mailCache)
    , bodies(mailCache)
    , pending(mailCache)
{ }

void OperationReplayTask::Private::next()
{
    if (q->isFinished())
        return;
    if (queue.isEmpty())
        return q->finishWithSuccess();
    op = queue.takeFirst();
    q->reportProgress(tr("Sending changes made offline to the server"), replayed, total);
    switch (op.kind) {
    case PendingOperation::Kind::SetFlag:
    case PendingOperation::Kind::ClearFlag:
        return replayFlags();
    case PendingOperation::Kind::Move:
    case PendingOperation::Kind::Delete:
    case PendingOperation::Kind::Copy:
        return replayMove();
    case PendingOperation::Kind::Expunge:
        return replayExpunge();
    case PendingOperation::Kind::SaveDraft:
        return replayDraft();
    }
    finishOperation(); // a kind this version does not know: nothing it could do
}

void OperationReplayTask::Private::finishOperation()
{
    if (store::StoreError error = pending.remove(op.id))
        return q->finishWithStoreError(error);
    ++replayed;
    next();
}

void OperationReplayTask::Private::conflict(const QString &message)
{
    SyncProblem problem;
    problem.accountId = q->accountId();
    problem.kind = SyncProblem::Kind::Conflict;
    problem.message = message;
    conflicts.append(problem);
    q->reportProgress(message, replayed, total);
    Q_EMIT q->conflictResolved(problem);
}

bool OperationReplayTask::Private::isFatal(const net::NetError &error)
{
    // A refusal belongs to this operation (it is reported and dropped); anything else is about
    // the connection, and the rest of the queue waits for the next pass.
    using Code = net::NetError::Code;
    return error.code != Code::CommandRejected && error.code != Code::InvalidArgument
        && error.code != Code::MessageTooLarge;
}

void OperationReplayTask::Private::stop(const net::NetError &error)
{
    q->finishWithNetError(error);
}

void OperationReplayTask::Private::select(const FolderRecord &folder,
                                          const std::function<void(bool)> &then)
{
    if (session->state() == imap::ImapSession::State::Selected
        && session->selectedMailbox() == folder.path && !session->isReadOnly())
        return then(true);
    auto *job = new imap::SelectJob(session, folder.path);
    run<imap::SelectJob>(job, [this, folder, then](imap::SelectJob *job) {
        if (job->failed()) {
            if (isFatal(job->error()))
                return stop(job->error());
            return then(false);
        }
        // RFC 3501 s2.3.1.1: other UIDs than the cache's; the folder sync resets the folder,
        // and until then no cached UID of it may be used.
        const std::optional<quint32> uidValidity = job->mailbox().uidValidity;
        then(!(folder.uidValidity && uidValidity && *uidValidity != folder.uidValidity));
    });
}

QByteArray OperationReplayTask::Private::flagName(MessageFlags::Flag flag)
{
    MessageFlags flags;
    flags.set(flag);
    const QByteArrayList names = flags.toImap();
    return names.isEmpty() ? QByteArray() : names.first();
}

// --- flags: UID STORE, RFC 3501 s6.4.6; UNCHANGEDSINCE, RFC 7162 s3.1.3 ----------------------

void OperationReplayTask::Private::replayFlags()
{
    const QList<MessageSummary> rows = messages.messages(op.messageIds);
    QMap<qint64, QList<MessageSummary>> groups;
    for (const MessageSummary &row : rows) {
        // uid 0: not on the server yet; its upload carries its flags.
        if (row.uid > 0)
            groups[row.folderId].append(row);
    }
    const qsizetype gone = op.messageIds.size() - rows.size();
    if (gone > 0) {
        conflict(tr("%n message(s) changed offline had been deleted on the server meanwhile; the "
                    "change to them was dropped.",
                    nullptr, int(gone)));
    }
    flagsInFolder(groups.values(), 0);
}

void OperationReplayTask::Private::flagsInFolder(const QList<QList<MessageSummary>> &groups,
                                                 int index)
{
    if (index >= groups.size())
        return finishOperation();
    const std::optional<FolderRecord> folder = folders.folder(groups.at(index).first().folderId);
    if (!folder)
        return flagsInFolder(groups, index + 1);
    select(*folder, [this, groups, index, folder](bool usable) {
        if (!usable) {
            conflict(tr("%1 could not be opened on the server, so flags changed there offline "
                        "were left as the server has them.")
                         .arg(folder->path));
            return flagsInFolder(groups, index + 1);
        }
        // UNCHANGEDSINCE takes one mod-sequence, so messages last seen at different ones go
        // in separate commands (RFC 7162 s3.1.3).
        const bool condStore = session->isEnabled("CONDSTORE") || session->isEnabled("QRESYNC")
            || session->hasCapability("CONDSTORE");
        QMap<quint64, QList<quint32>> batches;
        for (const MessageSummary &row : groups.at(index))
            batches[condStore ? row.modSeq : 0].append(row.uid);
        QList<std::pair<quint64, QList<quint32>>> list;
        for (auto it = batches.cbegin(); it != batches.cend(); ++it)
            list.append({ it.key(), it.value() });
        storeFlags(*folder, list, 0, [this, groups, index] { flagsInFolder(groups, index + 1); });
    });
}

void OperationReplayTask::Private::storeFlags(
    const FolderRecord &folder, const QList<std::pair<quint64, QList<quint32>>> &batches, int index,
    const std::function<void()> &then)
{
    if (index >= batches.size())
        return then();
    const bool on = op.kind == PendingOperation::Kind::SetFlag;
    const quint64 modSeq = batches.at(index).first;
    const QList<quint32> uids = batches.at(index).second;
    auto *job = new imap::StoreJob(session);
    job->setUids(imap::UidSet::fromUids(uids));
    job->setFlags(on ? imap::StoreJob::Mode::Add : imap::StoreJob::Mode::Remove,
                  { flagName(op.flag) });
    if (modSeq > 0)
        job->setUnchangedSince(modSeq);
    // Not .SILENT: the server's FETCH answers say which messages it still has and their flags
    // as they are now (RFC 3501 s6.4.6), which the cache takes.
    auto updates = std::make_shared<QList<imap::FetchedMessage>>();
    QObject::connect(job, &imap::StoreJob::messageUpdated, q,
                     [updates](const imap::FetchedMessage &message) { updates->append(message); });
    run<imap::StoreJob>(
        job, [this, folder, batches, index, then, uids, updates, on, modSeq](imap::StoreJob *job) {
            if (job->failed()) {
                if (isFatal(job->error()))
                    return stop(job->error());
                conflict(tr("The server refused to change the flags of %n message(s) in %1 (%2); "
                            "they stay as the server has them.",
                            nullptr, int(uids.size()))
                             .arg(folder.path, job->errorString()));
                return storeFlags(folder, batches, index + 1, then);
            }
            QSet<quint32> answered;
            QList<FlagUpdate> flagUpdates;
            for (const imap::FetchedMessage &message : std::as_const(*updates)) {
                if (!message.uid)
                    continue;
                answered.insert(message.uid);
                FlagUpdate update;
                update.uid = message.uid;
                update.modSeq = message.modSeq.value_or(0);
                if (message.flags) {
                    update.flags = MessageFlags::fromImap(*message.flags);
                } else if (const auto row = messages.messageByUid(folder.id, message.uid)) {
                    update.flags = row->flags; // only the new MODSEQ came back: our change stands
                } else {
                    continue;
                }
                flagUpdates.append(update);
            }
            if (store::StoreError error = messages.applyFlagUpdates(folder.id, flagUpdates))
                return q->finishWithStoreError(error);

            const imap::UidSet modified = job->modifiedUids();
            int gone = 0;
            for (const quint32 uid : uids) {
                if (!answered.contains(uid) && !modified.contains(uid))
                    ++gone;
            }
            if (gone > 0 && (modSeq > 0 || !answered.isEmpty())) {
                // With UNCHANGEDSINCE the server MUST answer for every message it stored
                // (RFC 7162 s3.1.3); without, RFC 3501 only says SHOULD, so a server that answers
                // for none tells nothing about which are gone.
                conflict(tr("%n message(s) in %1 had been deleted on the server; the flag change "
                            "made offline was dropped for them.",
                            nullptr, gone)
                             .arg(folder.path));
            }
            if (modified.isEmpty())
                return storeFlags(folder, batches, index + 1, then);
            // RFC 7162 s3.1.3: another client changed them since we looked. The server wins; the
            // cache takes its flags now.
            conflict(tr("%n message(s) in %1 were changed by another client meanwhile; their flags "
                        "were left as the server has them instead of being %2.",
                        nullptr, int(modified.count()))
                         .arg(folder.path, on ? tr("set") : tr("cleared")));
            auto *fetch = new imap::FetchJob(session);
            fetch->setUids(modified);
            fetch->setItems(imap::FetchJob::Item::Flags | imap::FetchJob::Item::ModSeq);
            fetch->setCollectMessages(true);
            run<imap::FetchJob>(fetch, [this, folder, batches, index, then](imap::FetchJob *fetch) {
                if (fetch->failed() && isFatal(fetch->error()))
                    return stop(fetch->error());
                QList<FlagUpdate> serverFlags;
                for (const imap::FetchedMessage &message : fetch->messages()) {
                    if (message.uid && message.flags)
                        serverFlags.append({ message.uid, MessageFlags::fromImap(*message.flags),
                                             message.modSeq.value_or(0) });
                }
                if (store::StoreError error = messages.applyFlagUpdates(folder.id, serverFlags))
                    return q->finishWithStoreError(error);
                storeFlags(folder, batches, index + 1, then);
            });
        });
}

// --- deleting for good: STORE \Deleted + UID EXPUNGE of exactly these, RFC 4315 s2.1 -------

void OperationReplayTask::Private::replayExpunge()
{
    const QList<MessageSummary> rows = messages.messages(op.messageIds);
    QList<qint64> neverUploaded;
    QMap<qint64, QList<MessageSummary>> groups;
    for (const MessageSummary &row : rows) {
        if (row.uid == 0)
            neverUploaded.append(row.id);
        else
            groups[row.folderId].append(row);
    }
    // Never on the server: nothing to confirm, the row can go.
    if (!neverUploaded.isEmpty()) {
        if (store::StoreError error = messages.remove(neverUploaded))
            return q->finishWithStoreError(error);
    }
    expungeInFolder(groups.values(), 0);
}

void OperationReplayTask::Private::expungeInFolder(const QList<QList<MessageSummary>> &groups,
                                                   int index)
{
    if (index >= groups.size())
        return finishOperation();
    const QList<MessageSummary> rows = groups.at(index);
    const std::optional<FolderRecord> folder = folders.folder(rows.first().folderId);
    if (!folder)
        return expungeInFolder(groups, index + 1);
    QList<quint32> uidList;
    QList<qint64> ids;
    for (const MessageSummary &row : rows) {
        uidList.append(row.uid);
        ids.append(row.id);
    }
    const imap::UidSet uids = imap::UidSet::fromUids(uidList);
    auto giveBack = [this, ids, folder](const QString &why) {
        // The server keeps them: the person sees them again rather than thinking them gone.
        conflict(tr("%n message(s) deleted offline in %1 could not be deleted on the server "
                    "(%2); they are shown again.",
                    nullptr, int(ids.size()))
                     .arg(folder->path, why));
        return messages.setLocalState(ids, LocalState::Synced);
    };
    select(*folder, [this, groups, index, folder, uids, ids, giveBack](bool usable) {
        if (!usable) {
            if (store::StoreError error = giveBack(tr("the folder could not be opened")))
                return q->finishWithStoreError(error);
            return expungeInFolder(groups, index + 1);
        }
        auto *mark = new imap::StoreJob(session);
        mark->setUids(uids);
        mark->setFlags(imap::StoreJob::Mode::Add, { QByteArrayLiteral("\\Deleted") });
        mark->setSilent(true);
        run<imap::StoreJob>(
            mark, [this, groups, index, folder, uids, ids, giveBack](imap::StoreJob *mark) {
                if (mark->failed()) {
                    if (isFatal(mark->error()))
                        return stop(mark->error());
                    if (store::StoreError error = giveBack(mark->errorString()))
                        return q->finishWithStoreError(error);
                    return expungeInFolder(groups, index + 1);
                }
                if (!session->hasCapability("UIDPLUS")) {
                    // Only a bare EXPUNGE could remove them, and it would take other clients'
                    // deleted mail too (DESIGN.md "Store"): they stay marked and hidden.
                    q->reportProgress(tr("%1 cannot remove only these messages (it lacks UIDPLUS); "
                                         "they stay there, marked as deleted, until the folder is "
                                         "expunged.")
                                          .arg(folder->path));
                    if (store::StoreError error =
                            messages.setFlag(ids, MessageFlags::Deleted, true))
                        return q->finishWithStoreError(error);
                    return expungeInFolder(groups, index + 1);
                }
                auto *expunge = new imap::ExpungeJob(session);
                expunge->setUids(uids);
                run<imap::ExpungeJob>(
                    expunge,
                    [this, groups, index, folder, uids, giveBack](imap::ExpungeJob *expunge) {
                        if (expunge->failed()) {
                            if (isFatal(expunge->error()))
                                return stop(expunge->error());
                            if (store::StoreError error = giveBack(expunge->errorString()))
                                return q->finishWithStoreError(error);
                            return expungeInFolder(groups, index + 1);
                        }
                        if (store::StoreError error =
                                messages.removeUids(folder->id, uids.toList()))
                            return q->finishWithStoreError(error);
                        expungeInFolder(groups, index + 1);
                    });
            });
    });
}

} // namespace magpie::sync
