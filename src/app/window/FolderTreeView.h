// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QTreeView>

namespace magpie::app {

struct MessageDragData;

// The folder pane: accounts as roots, their folders under them (models::FolderModel), with
// unread counts. Messages dragged from the list can be dropped on a folder of their own
// account; the window moves them, or copies them when Ctrl is held (as in Thunderbird and
// file managers) (LocalOperations, replayed to the server).
class FolderTreeView : public QTreeView
{
    Q_OBJECT
public:
    explicit FolderTreeView(QWidget *parent = nullptr);

    qint64 currentFolderId() const;
    QString currentAccountId() const;
    // The folder a drop at `pos` (viewport coordinates) would go to, or 0 when messages of
    // `data` cannot go there (an account row, a \Noselect folder, another account, the
    // folder they are in).
    qint64 dropTarget(const QPoint &pos, const MessageDragData &data) const;

Q_SIGNALS:
    void messagesDropped(const QList<qint64> &messageIds, qint64 targetFolderId);
    void messagesDroppedAsCopy(const QList<qint64> &messageIds, qint64 targetFolderId);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dragMoveEvent(QDragMoveEvent *event) override;
    void dragLeaveEvent(QDragLeaveEvent *event) override;
    void dropEvent(QDropEvent *event) override;
};

} // namespace magpie::app
