// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMenu>
#include <QPointer>

#include <functional>

class QAbstractItemModel;

namespace magpie::app {

// "Move To" as a menu of the account's folders, nested as in the folder pane and built from
// models::FolderModel each time it opens (folders come and go with syncs). Folders that
// cannot hold messages (\Noselect) are shown only as submenus; the folder the messages are
// in is disabled.
class FolderMenu : public QMenu
{
    Q_OBJECT
public:
    FolderMenu(QAbstractItemModel *folders, QWidget *parent = nullptr);

    // Which account's folders to offer, and which folder to leave out (0: none). Asked each
    // time the menu opens.
    using Scope = std::function<QPair<QString, qint64>()>;
    void setScope(Scope scope);

Q_SIGNALS:
    void folderChosen(qint64 folderId);

private:
    void rebuild();
    void addFolders(QMenu *menu, const QModelIndex &parent, qint64 exclude);

    QPointer<QAbstractItemModel> m_folders;
    Scope m_scope;
};

} // namespace magpie::app
