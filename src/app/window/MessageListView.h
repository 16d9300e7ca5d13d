// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/window/MessageDragData.h"

#include <QTreeView>

#include <functional>

namespace magpie::app {

// The message list: a tree (threads collapse and expand) whose rows carry
// MessageListModel's roles. Dragging selected rows carries their ids (MessageDragData) to the
// folder pane, which moves them there.
class MessageListView : public QTreeView
{
    Q_OBJECT
public:
    explicit MessageListView(QWidget *parent = nullptr);

    // Tells which account a folder belongs to (the drag names the account).
    void setAccountOfFolder(std::function<QString(qint64 folderId)> accountOfFolder);

    // The cache ids of the selected messages, in list order.
    QList<qint64> selectedMessageIds() const;
    qint64 currentMessageId() const;
    // What a drag of the selection carries; empty when nothing is selected or the selection
    // spans accounts (a search across accounts), where no single move is possible.
    MessageDragData dragData() const;

Q_SIGNALS:
    // Enter or a double click on a message: open it in its own window.
    void messageActivated(qint64 messageId);

protected:
    void startDrag(Qt::DropActions supportedActions) override;
    void keyPressEvent(QKeyEvent *event) override;

private:
    std::function<QString(qint64)> m_accountOfFolder;
};

} // namespace magpie::app
