// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/MessageListView.h"

#include "app/window/ThemedIconEngine.h"
#include "models/MessageListModel.h"

#include <QDrag>
#include <QHeaderView>
#include <QKeyEvent>
#include <QMimeData>
#include <QPainter>

#include <algorithm>

namespace magpie::app {

using models::MessageListModel;

MessageListView::MessageListView(QWidget *parent)
    : QTreeView(parent)
{
    setSelectionMode(ExtendedSelection);
    setSelectionBehavior(SelectRows);
    setDragEnabled(true);
    setDragDropMode(DragOnly);
    setUniformRowHeights(true);
    setAllColumnsShowFocus(true);
    setSortingEnabled(true);
    setExpandsOnDoubleClick(false);
    connect(this, &QAbstractItemView::doubleClicked, this, [this](const QModelIndex &index) {
        const qint64 id = index.siblingAtColumn(0).data(MessageListModel::MessageIdRole).toLongLong();
        if (id > 0)
            Q_EMIT messageActivated(id);
    });
}

void MessageListView::setAccountOfFolder(std::function<QString(qint64)> accountOfFolder)
{
    m_accountOfFolder = std::move(accountOfFolder);
}

QList<qint64> MessageListView::selectedMessageIds() const
{
    if (!selectionModel())
        return {};
    QModelIndexList rows = selectionModel()->selectedRows(0);
    // Selection order is click order; the list's order is what people expect.
    std::sort(rows.begin(), rows.end(), [this](const QModelIndex &a, const QModelIndex &b) {
        return visualRect(a).y() < visualRect(b).y();
    });
    QList<qint64> ids;
    for (const QModelIndex &row : std::as_const(rows)) {
        const qint64 id = row.data(MessageListModel::MessageIdRole).toLongLong();
        if (id > 0 && !ids.contains(id))
            ids.append(id);
    }
    return ids;
}

qint64 MessageListView::currentMessageId() const
{
    const QModelIndex current = currentIndex();
    return current.isValid()
        ? current.siblingAtColumn(0).data(MessageListModel::MessageIdRole).toLongLong()
        : 0;
}

MessageDragData MessageListView::dragData() const
{
    MessageDragData data;
    if (!selectionModel() || !m_accountOfFolder)
        return data;
    const QModelIndexList rows = selectionModel()->selectedRows(0);
    for (const QModelIndex &row : rows) {
        const qint64 id = row.data(MessageListModel::MessageIdRole).toLongLong();
        const QString account =
            m_accountOfFolder(row.data(MessageListModel::FolderIdRole).toLongLong());
        if (id <= 0 || account.isEmpty())
            continue;
        if (data.accountId.isEmpty())
            data.accountId = account;
        else if (data.accountId != account)
            return {};
        if (!data.messageIds.contains(id))
            data.messageIds.append(id);
    }
    return data;
}

void MessageListView::startDrag(Qt::DropActions)
{
    // The models do not offer drags themselves (they know no MIME types); the view builds the
    // drag from the selection instead.
    const MessageDragData data = dragData();
    if (data.isEmpty())
        return;
    auto *drag = new QDrag(this);
    drag->setMimeData(data.toMimeData());
    const QIcon icon = ThemedIconEngine::icon(QStringLiteral("mail"));
    if (!icon.isNull())
        drag->setPixmap(icon.pixmap(32, 32, QIcon::Normal));
    drag->exec(Qt::MoveAction | Qt::CopyAction, Qt::MoveAction);
}

void MessageListView::keyPressEvent(QKeyEvent *event)
{
    if ((event->key() == Qt::Key_Return || event->key() == Qt::Key_Enter)
        && state() != EditingState) {
        const qint64 id = currentMessageId();
        if (id > 0) {
            Q_EMIT messageActivated(id);
            event->accept();
            return;
        }
    }
    QTreeView::keyPressEvent(event);
}

} // namespace magpie::app
