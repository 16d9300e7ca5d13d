// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/MessageActions.h"

#include "app/compose/ComposerWindow.h"
#include "app/session/MailSession.h"
#include "app/view/MessageView.h"
#include "app/window/MessageFiles.h"
#include "app/window/MessageListView.h"
#include "app/window/MessageSourceDialog.h"
#include "mime/Message.h"
#include "models/FolderModel.h"
#include "models/MessageListModel.h"
#include "store/FolderStore.h"
#include "store/MessageStore.h"
#include "sync/LocalOperations.h"

#include <QMessageBox>
#include <QSet>

namespace magpie::app {

using models::FolderModel;
using models::MessageListModel;

MessageActions::MessageActions(MailSession &session, MessageListView &list, MessageView &view,
                               QWidget *window)
    : QObject(window)
    , m_session(session)
    , m_list(list)
    , m_view(view)
    , m_window(window)
{
}

QString MessageActions::accountOfFolder(qint64 folderId) const
{
    return m_session.folderModel().indexOfFolder(folderId).data(FolderModel::AccountIdRole).toString();
}

QString MessageActions::accountOfMessage(qint64 messageId) const
{
    const auto summary = store::MessageStore(m_session.cache()).message(messageId);
    return summary ? accountOfFolder(summary->folderId) : QString();
}

QString MessageActions::selectionAccountId() const
{
    const QList<qint64> ids = m_list.selectedMessageIds();
    return ids.isEmpty() ? QString() : accountOfMessage(ids.constFirst());
}

void MessageActions::replaySoon(const QList<qint64> &messageIds)
{
    QSet<QString> accounts;
    for (qint64 id : messageIds)
        accounts.insert(accountOfMessage(id));
    for (const QString &account : std::as_const(accounts)) {
        if (sync::AccountRuntime *runtime = m_session.runtime(account))
            runtime->operationsRecorded();
    }
}

void MessageActions::reply(bool all)
{
    const mime::Message *message = m_view.message();
    if (!message)
        return;
    auto *composer = new ComposerWindow(m_session, selectionAccountId());
    composer->startReply(*message, all ? ComposerWindow::ReplyTo::All : ComposerWindow::ReplyTo::Sender);
    composer->show();
}

void MessageActions::forward()
{
    const mime::Message *message = m_view.message();
    if (!message)
        return;
    auto *composer = new ComposerWindow(m_session, selectionAccountId());
    composer->startForward(*message, ComposerWindow::ForwardAs::Inline);
    composer->show();
}

void MessageActions::remove(bool permanently)
{
    const QList<qint64> ids = m_list.selectedMessageIds();
    if (ids.isEmpty())
        return;
    if (permanently) {
        // Shift+Delete skips the Trash: nothing can bring the messages back, so ask.
        const auto answer = QMessageBox::question(
            m_window, tr("Delete Permanently"),
            tr("Delete %n message(s) permanently? They will not be kept in the Trash.", nullptr,
               int(ids.size())),
            QMessageBox::Yes | QMessageBox::Cancel, QMessageBox::Cancel);
        if (answer != QMessageBox::Yes)
            return;
    }
    // The replay needs the accounts before the rows are hidden.
    QSet<QString> accounts;
    for (qint64 id : ids)
        accounts.insert(accountOfMessage(id));
    const store::StoreError error = m_session.operations().remove(ids, permanently);
    if (error) {
        Q_EMIT problem(tr("The messages could not be deleted: %1").arg(error.message));
        return;
    }
    for (const QString &account : std::as_const(accounts)) {
        if (sync::AccountRuntime *runtime = m_session.runtime(account))
            runtime->operationsRecorded();
    }
    Q_EMIT done(tr("%n message(s) deleted.", nullptr, int(ids.size())));
}

void MessageActions::archive()
{
    const QList<qint64> ids = m_list.selectedMessageIds();
    if (ids.isEmpty())
        return;
    const QString account = selectionAccountId();
    const auto folder = store::FolderStore(m_session.cache()).folderByRole(account, store::FolderRole::Archive);
    if (!folder) {
        Q_EMIT problem(tr("This account has no Archive folder. Create one on the server, or "
                          "use Move To."));
        return;
    }
    moveMessages(ids, folder->id);
}

void MessageActions::moveTo(qint64 folderId)
{
    moveMessages(m_list.selectedMessageIds(), folderId);
}

void MessageActions::moveMessages(const QList<qint64> &messageIds, qint64 folderId)
{
    transfer(messageIds, folderId, false);
}

void MessageActions::copyTo(qint64 folderId)
{
    copyMessages(m_list.selectedMessageIds(), folderId);
}

void MessageActions::copyMessages(const QList<qint64> &messageIds, qint64 folderId)
{
    transfer(messageIds, folderId, true);
}

void MessageActions::transfer(const QList<qint64> &messageIds, qint64 folderId, bool copy)
{
    if (messageIds.isEmpty() || folderId <= 0)
        return;
    const QString target = accountOfFolder(folderId);
    for (qint64 id : messageIds) {
        if (accountOfMessage(id) != target) {
            Q_EMIT problem(copy ? tr("Messages can only be copied to a folder of their own account.")
                                : tr("Messages can only be moved to a folder of their own account."));
            return;
        }
    }
    const store::StoreError error = copy ? m_session.operations().copy(messageIds, folderId)
                                         : m_session.operations().move(messageIds, folderId);
    if (error) {
        Q_EMIT problem(copy ? tr("The messages could not be copied: %1").arg(error.message)
                            : tr("The messages could not be moved: %1").arg(error.message));
        return;
    }
    if (sync::AccountRuntime *runtime = m_session.runtime(target))
        runtime->operationsRecorded();
    const QString folderName =
        m_session.folderModel().indexOfFolder(folderId).data(Qt::DisplayRole).toString();
    Q_EMIT done(copy ? tr("%n message(s) copied to %1.", nullptr, int(messageIds.size())).arg(folderName)
                     : tr("%n message(s) moved to %1.", nullptr, int(messageIds.size())).arg(folderName));
}

void MessageActions::markRead(bool read)
{
    const QList<qint64> ids = m_list.selectedMessageIds();
    if (ids.isEmpty())
        return;
    if (const store::StoreError error = m_session.operations().markRead(ids, read)) {
        Q_EMIT problem(tr("The messages could not be marked: %1").arg(error.message));
        return;
    }
    replaySoon(ids);
}

void MessageActions::setFlagged(bool flagged)
{
    const QList<qint64> ids = m_list.selectedMessageIds();
    if (ids.isEmpty())
        return;
    if (const store::StoreError error = m_session.operations().markFlagged(ids, flagged)) {
        Q_EMIT problem(tr("The messages could not be flagged: %1").arg(error.message));
        return;
    }
    replaySoon(ids);
}

void MessageActions::print()
{
    if (!m_view.source().isEmpty())
        MessageFiles::print(m_window, m_view);
}

void MessageActions::saveAs()
{
    if (m_view.source().isEmpty())
        return;
    const mime::Message *message = m_view.message();
    const QString error = MessageFiles::saveAs(m_window, m_view.source(),
                                               message ? message->subject() : QString());
    if (!error.isEmpty())
        Q_EMIT problem(error);
}

void MessageActions::viewSource()
{
    if (m_view.source().isEmpty())
        return;
    const mime::Message *message = m_view.message();
    auto *dialog = new MessageSourceDialog(message ? message->subject() : QString(),
                                           m_view.source(), m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->show();
}

} // namespace magpie::app
