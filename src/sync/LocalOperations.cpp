// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/LocalOperations.h"

#include "mime/Message.h"
#include "mime/MessageIds.h"
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"

#include <QMap>
#include <QSet>

namespace magpie::sync {

using store::FolderRecord;
using store::FolderRole;
using store::FolderStore;
using store::LocalState;
using store::MessageStore;
using store::MessageSummary;
using store::PendingOperation;
using store::PendingOperations;
using store::StoreError;
using store::WriteTransaction;

namespace {

// Messages grouped by folder, each group in the order asked for: one operation per source
// folder, so its replay selects that folder once.
QMap<qint64, QList<MessageSummary>> byFolder(const QList<MessageSummary> &messages)
{
    QMap<qint64, QList<MessageSummary>> groups;
    for (const MessageSummary &message : messages)
        groups[message.folderId].append(message);
    return groups;
}

QList<qint64> idsOf(const QList<MessageSummary> &messages)
{
    QList<qint64> ids;
    ids.reserve(messages.size());
    for (const MessageSummary &message : messages)
        ids.append(message.id);
    return ids;
}

QList<quint32> uidsOf(const QList<MessageSummary> &messages)
{
    QList<quint32> uids;
    uids.reserve(messages.size());
    for (const MessageSummary &message : messages)
        uids.append(message.uid);
    return uids;
}

StoreError notFound(const QString &message)
{
    return { StoreError::NotFound, message };
}

} // namespace

LocalOperations::LocalOperations(store::MailCache &cache)
    : m_cache(cache)
{ }

store::StoreError LocalOperations::markRead(const QList<qint64> &messageIds, bool read)
{
    return changeFlag(messageIds, store::MessageFlags::Seen, read);
}

store::StoreError LocalOperations::markFlagged(const QList<qint64> &messageIds, bool flagged)
{
    return changeFlag(messageIds, store::MessageFlags::Flagged, flagged);
}

StoreError LocalOperations::changeFlag(const QList<qint64> &messageIds,
                                       store::MessageFlags::Flag flag, bool on)
{
    MessageStore messages(m_cache);
    FolderStore folders(m_cache);
    // Messages on their way out are left alone: the change would be replayed on a message
    // the person no longer sees.
    QList<MessageSummary> wanted;
    const QList<MessageSummary> found = messages.messages(messageIds);
    for (const MessageSummary &message : found) {
        if (message.localState != LocalState::PendingRemoval)
            wanted.append(message);
    }
    if (wanted.isEmpty())
        return {};

    WriteTransaction transaction(m_cache);
    if (StoreError error = transaction.begun())
        return error;
    if (StoreError error = messages.setFlag(idsOf(wanted), flag, on))
        return error;
    PendingOperations pending(m_cache);
    QSet<QString> accounts;
    const QMap<qint64, QList<MessageSummary>> groups = byFolder(wanted);
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        const std::optional<FolderRecord> folder = folders.folder(it.key());
        if (!folder || folder->local)
            continue; // a POP3 account's local folders have no server to tell
        PendingOperation operation;
        operation.accountId = folder->accountId;
        operation.kind = on ? PendingOperation::Kind::SetFlag : PendingOperation::Kind::ClearFlag;
        operation.flag = flag;
        operation.folderId = folder->id;
        operation.messageIds = idsOf(it.value());
        operation.uids = uidsOf(it.value());
        StoreError error;
        pending.insert(operation, &error);
        if (error)
            return error;
        accounts.insert(folder->accountId);
    }
    if (StoreError error = transaction.commit())
        return error;
    for (const QString &account : std::as_const(accounts))
        pending.announce(account);
    return {};
}

store::StoreError LocalOperations::move(const QList<qint64> &messageIds, qint64 targetFolderId)
{
    return transfer(messageIds, targetFolderId, PendingOperation::Kind::Move);
}

store::StoreError LocalOperations::copy(const QList<qint64> &messageIds, qint64 targetFolderId)
{
    return transfer(messageIds, targetFolderId, PendingOperation::Kind::Copy);
}

store::StoreError LocalOperations::transfer(const QList<qint64> &messageIds, qint64 targetFolderId,
                                            PendingOperation::Kind kind)
{
    const bool copying = kind == PendingOperation::Kind::Copy;
    FolderStore folders(m_cache);
    const std::optional<FolderRecord> target = folders.folder(targetFolderId);
    if (!target) {
        return notFound(copying ? tr("The folder to copy the messages to is no longer there.")
                                : tr("The folder to move the messages to is no longer there."));
    }
    if (!target->selectable) {
        return { StoreError::Failed,
                 (copying ? tr("Messages cannot be copied to %1: it only holds other folders.")
                          : tr("Messages cannot be moved to %1: it only holds other folders."))
                     .arg(target->path) };
    }
    MessageStore messages(m_cache);
    QList<MessageSummary> chosen;
    const QList<MessageSummary> found = messages.messages(messageIds);
    for (const MessageSummary &message : found) {
        if (message.localState == LocalState::PendingRemoval || message.folderId == targetFolderId)
            continue;
        const std::optional<FolderRecord> source = folders.folder(message.folderId);
        if (source && source->accountId == target->accountId)
            chosen.append(message);
    }
    if (chosen.isEmpty())
        return {};
    WriteTransaction transaction(m_cache);
    if (StoreError error = transaction.begun())
        return error;
    QList<PendingOperation> recorded;
    if (StoreError error = relocate(chosen, kind, targetFolderId, recorded))
        return error;
    if (StoreError error = transaction.commit())
        return error;
    PendingOperations(m_cache).announce(target->accountId);
    return {};
}

store::StoreError LocalOperations::remove(const QList<qint64> &messageIds, bool permanently)
{
    FolderStore folders(m_cache);
    MessageStore messages(m_cache);
    // Per account: to its Trash, or for good when already there, asked for, or when the
    // account has no Trash (RFC 6154 \Trash; nothing to move to).
    QMap<QString, QList<MessageSummary>> toTrash;
    QList<MessageSummary> forGood;
    QMap<QString, qint64> trashOf;
    const QList<MessageSummary> found = messages.messages(messageIds);
    for (const MessageSummary &message : found) {
        if (message.localState == LocalState::PendingRemoval)
            continue;
        const std::optional<FolderRecord> folder = folders.folder(message.folderId);
        if (!folder)
            continue;
        if (!trashOf.contains(folder->accountId)) {
            const std::optional<FolderRecord> trash =
                folders.folderByRole(folder->accountId, FolderRole::Trash);
            trashOf.insert(folder->accountId, trash ? trash->id : 0);
        }
        const qint64 trash = trashOf.value(folder->accountId);
        if (permanently || trash == 0 || trash == folder->id)
            forGood.append(message);
        else
            toTrash[folder->accountId].append(message);
    }
    if (forGood.isEmpty() && toTrash.isEmpty())
        return {};

    WriteTransaction transaction(m_cache);
    if (StoreError error = transaction.begun())
        return error;
    QList<PendingOperation> recorded;
    for (auto it = toTrash.cbegin(); it != toTrash.cend(); ++it) {
        if (StoreError error = relocate(it.value(), PendingOperation::Kind::Delete,
                                        trashOf.value(it.key()), recorded))
            return error;
    }
    if (StoreError error = expunge(forGood, recorded))
        return error;
    if (StoreError error = transaction.commit())
        return error;
    QSet<QString> accounts;
    for (const PendingOperation &operation : std::as_const(recorded))
        accounts.insert(operation.accountId);
    for (const QString &account : std::as_const(accounts))
        PendingOperations(m_cache).announce(account);
    return {};
}

StoreError LocalOperations::relocate(const QList<MessageSummary> &moving,
                                     PendingOperation::Kind kind, qint64 targetFolderId,
                                     QList<PendingOperation> &recorded)
{
    FolderStore folders(m_cache);
    MessageStore messages(m_cache);
    store::BodyStore bodies(m_cache);
    PendingOperations pending(m_cache);
    const QMap<qint64, QList<MessageSummary>> groups = byFolder(moving);
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        const std::optional<FolderRecord> source = folders.folder(it.key());
        if (!source)
            continue;
        // The copies the target shows until the server confirmed: not on the server yet.
        QList<MessageSummary> copies = it.value();
        for (MessageSummary &copy : copies) {
            copy.id = 0;
            copy.folderId = targetFolderId;
            copy.uid = 0;
            copy.modSeq = 0;
            copy.localState = LocalState::PendingUpload;
        }
        StoreError error;
        const QList<qint64> copyIds = messages.add(targetFolderId, copies, &error);
        if (error)
            return error;
        if (copyIds.size() != copies.size())
            return { StoreError::Failed,
                     tr("Magpie could not add the messages to %1.").arg(source->path) };
        if ((error = messages.setLocalState(copyIds, LocalState::PendingUpload)))
            return error;
        // The body goes with the copy: if the server loses the original before the replay,
        // this is the person's copy that gets uploaded (RFC 4549 s4.2 conflicts).
        for (qsizetype i = 0; i < it.value().size(); ++i) {
            if (!it.value().at(i).hasBody)
                continue;
            const std::optional<QByteArray> raw = bodies.body(it.value().at(i).id);
            if (raw && (error = bodies.save(copyIds.at(i), *raw)))
                return error;
        }
        // A copy leaves the originals as they are; a move hides them until the server
        // confirmed.
        if (kind != PendingOperation::Kind::Copy
            && (error = messages.setLocalState(idsOf(it.value()), LocalState::PendingRemoval)))
            return error;

        PendingOperation operation;
        operation.accountId = source->accountId;
        operation.kind = kind;
        operation.folderId = source->id;
        operation.targetFolderId = targetFolderId;
        operation.messageIds = idsOf(it.value());
        operation.uids = uidsOf(it.value());
        operation.relatedIds = copyIds;
        operation.id = pending.insert(operation, &error);
        if (error)
            return error;
        recorded.append(operation);
    }
    return {};
}

StoreError LocalOperations::expunge(const QList<MessageSummary> &messages,
                                    QList<PendingOperation> &recorded)
{
    FolderStore folders(m_cache);
    MessageStore store(m_cache);
    PendingOperations pending(m_cache);
    const QMap<qint64, QList<MessageSummary>> groups = byFolder(messages);
    for (auto it = groups.cbegin(); it != groups.cend(); ++it) {
        const std::optional<FolderRecord> folder = folders.folder(it.key());
        if (!folder)
            continue;
        if (folder->local) {
            // A POP3 account's own folders: no server holds these rows, so they go now.
            if (StoreError error = store.remove(idsOf(it.value())))
                return error;
            continue;
        }
        if (StoreError error = store.setLocalState(idsOf(it.value()), LocalState::PendingRemoval))
            return error;
        PendingOperation operation;
        operation.accountId = folder->accountId;
        operation.kind = PendingOperation::Kind::Expunge;
        operation.folderId = folder->id;
        operation.messageIds = idsOf(it.value());
        operation.uids = uidsOf(it.value());
        StoreError error;
        operation.id = pending.insert(operation, &error);
        if (error)
            return error;
        recorded.append(operation);
    }
    return {};
}

qint64 LocalOperations::saveDraft(const QString &accountId, const QByteArray &raw, qint64 replacing,
                                  store::StoreError *error)
{
    auto fail = [error](const StoreError &failure) {
        if (error)
            *error = failure;
        return qint64(0);
    };
    FolderStore folders(m_cache);
    std::optional<FolderRecord> drafts = folders.folderByRole(accountId, FolderRole::Drafts);
    if (!drafts)
        drafts = folders.folderByPath(accountId, QStringLiteral("Drafts"));
    if (!drafts)
        return fail(notFound(tr("The draft could not be saved: the account has no Drafts "
                                "folder. Choose one in Settings > Accounts.")));

    // The summary the list shows, from the draft's own header fields.
    const mime::Message message(raw);
    MessageSummary summary;
    summary.folderId = drafts->id;
    summary.localState = LocalState::PendingUpload;
    summary.flags.set(store::MessageFlags::Draft);
    summary.flags.set(store::MessageFlags::Seen);
    summary.subject = message.subject();
    const QList<mime::Mailbox> from = message.addresses("From");
    if (!from.isEmpty())
        summary.from = from.first();
    summary.to = message.addresses("To");
    summary.cc = message.addresses("Cc");
    summary.receivedAt = QDateTime::currentDateTimeUtc();
    summary.date = message.date().value_or(summary.receivedAt).toUTC();
    summary.messageId = mime::MessageIds::bracketed(message.messageId());
    summary.inReplyTo = mime::MessageIds::bracketed(message.inReplyTo());
    const QList<QByteArray> references = message.references();
    for (const QByteArray &reference : references)
        summary.references.append(mime::MessageIds::bracketed(reference));
    summary.size = quint64(raw.size());

    MessageStore messages(m_cache);
    PendingOperations pending(m_cache);
    WriteTransaction transaction(m_cache);
    if (StoreError failure = transaction.begun())
        return fail(failure);
    StoreError failure;
    const QList<qint64> ids = messages.add(drafts->id, { summary }, &failure);
    if (failure)
        return fail(failure);
    if (ids.size() != 1)
        return fail({ StoreError::Failed, tr("The draft could not be saved in the cache.") });
    const qint64 id = ids.first();
    if ((failure = messages.setLocalState({ id }, LocalState::PendingUpload)))
        return fail(failure);
    if ((failure = store::BodyStore(m_cache).save(id, raw)))
        return fail(failure);

    PendingOperation operation;
    operation.accountId = accountId;
    operation.kind = PendingOperation::Kind::SaveDraft;
    operation.folderId = drafts->id;
    operation.messageIds = { id };
    operation.uids = { 0 };
    if (replacing > 0) {
        if (const std::optional<MessageSummary> previous = messages.message(replacing)) {
            // The previous version stays (hidden) until the new one is on the server; then the
            // replay deletes it there. One never uploaded hands over what it was to replace,
            // and its own upload is skipped (RFC 4549 s4.2: only the last version matters).
            if ((failure = messages.setLocalState({ replacing }, LocalState::PendingRemoval)))
                return fail(failure);
            operation.relatedIds.append(replacing);
            const QList<PendingOperation> queued = pending.operations(accountId);
            for (const PendingOperation &earlier : queued) {
                if (earlier.kind == PendingOperation::Kind::SaveDraft
                    && earlier.messageIds.value(0) == replacing)
                    operation.relatedIds.append(earlier.relatedIds);
            }
        }
    }
    pending.insert(operation, &failure);
    if (failure)
        return fail(failure);
    if ((failure = transaction.commit()))
        return fail(failure);
    pending.announce(accountId);
    return id;
}

} // namespace magpie::sync
