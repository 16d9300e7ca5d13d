// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/FolderTreeView.h"

#include "app/window/MessageDragData.h"
#include "models/FolderModel.h"

#include <QDragEnterEvent>
#include <QDragMoveEvent>
#include <QDropEvent>
#include <QMimeData>

namespace magpie::app {

using models::FolderModel;

namespace {

// Ctrl held while dropping copies instead of moving.
Qt::DropAction dropAction(const QDropEvent &event)
{
    return event.modifiers().testFlag(Qt::ControlModifier) ? Qt::CopyAction : Qt::MoveAction;
}

} // namespace

FolderTreeView::FolderTreeView(QWidget *parent)
    : QTreeView(parent)
{
    setHeaderHidden(true);
    setUniformRowHeights(true);
    setAcceptDrops(true);
    viewport()->setAcceptDrops(true);
    setDropIndicatorShown(true);
    setDragDropMode(DropOnly);
    setSelectionMode(SingleSelection);
}

qint64 FolderTreeView::currentFolderId() const
{
    return currentIndex().data(FolderModel::FolderIdRole).toLongLong();
}

QString FolderTreeView::currentAccountId() const
{
    return currentIndex().data(FolderModel::AccountIdRole).toString();
}

qint64 FolderTreeView::dropTarget(const QPoint &pos, const MessageDragData &data) const
{
    if (data.isEmpty())
        return 0;
    const QModelIndex index = indexAt(pos);
    if (!index.isValid() || index.data(FolderModel::IsAccountRole).toBool()
        || !index.data(FolderModel::SelectableRole).toBool()
        || index.data(FolderModel::AccountIdRole).toString() != data.accountId)
        return 0;
    const qint64 folderId = index.data(FolderModel::FolderIdRole).toLongLong();
    // Dropping on the folder being shown would move the messages onto themselves.
    if (folderId == currentFolderId() && currentIndex().isValid())
        return 0;
    return folderId;
}

void FolderTreeView::dragEnterEvent(QDragEnterEvent *event)
{
    if (MessageDragData::fromMimeData(event->mimeData()).isEmpty()) {
        event->ignore();
        return;
    }
    // Accept the enter so that move events follow; each move decides per folder.
    event->acceptProposedAction();
}

void FolderTreeView::dragMoveEvent(QDragMoveEvent *event)
{
    const MessageDragData data = MessageDragData::fromMimeData(event->mimeData());
    const QPoint pos = event->position().toPoint();
    if (dropTarget(pos, data) == 0) {
        event->ignore(visualRect(indexAt(pos)));
        return;
    }
    setDirtyRegion(viewport()->rect());
    event->setDropAction(dropAction(*event));
    event->accept(visualRect(indexAt(pos)));
}

void FolderTreeView::dragLeaveEvent(QDragLeaveEvent *event)
{
    viewport()->update();
    event->accept();
}

void FolderTreeView::dropEvent(QDropEvent *event)
{
    const MessageDragData data = MessageDragData::fromMimeData(event->mimeData());
    const qint64 target = dropTarget(event->position().toPoint(), data);
    if (target == 0) {
        event->ignore();
        return;
    }
    const Qt::DropAction action = dropAction(*event);
    event->setDropAction(action);
    event->accept();
    if (action == Qt::CopyAction)
        Q_EMIT messagesDroppedAsCopy(data.messageIds, target);
    else
        Q_EMIT messagesDropped(data.messageIds, target);
}

} // namespace magpie::app
