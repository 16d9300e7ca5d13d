// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/window/FolderMenu.h"

#include "app/window/ThemedIconEngine.h"
#include "models/FolderModel.h"

namespace magpie::app {

using models::FolderModel;

FolderMenu::FolderMenu(QAbstractItemModel *folders, QWidget *parent)
    : QMenu(parent)
    , m_folders(folders)
{
    connect(this, &QMenu::aboutToShow, this, &FolderMenu::rebuild);
}

void FolderMenu::setScope(Scope scope)
{
    m_scope = std::move(scope);
}

void FolderMenu::rebuild()
{
    clear();
    if (!m_folders || !m_scope)
        return;
    const auto [accountId, exclude] = m_scope();
    for (int row = 0; row < m_folders->rowCount(); ++row) {
        const QModelIndex account = m_folders->index(row, 0);
        if (account.data(FolderModel::AccountIdRole).toString() == accountId)
            addFolders(this, account, exclude);
    }
    if (isEmpty()) {
        QAction *none = addAction(tr("No other folder"));
        none->setEnabled(false);
    }
}

void FolderMenu::addFolders(QMenu *menu, const QModelIndex &parent, qint64 exclude)
{
    for (int row = 0; row < m_folders->rowCount(parent); ++row) {
        const QModelIndex folder = m_folders->index(row, 0, parent);
        const QString name = folder.data(Qt::DisplayRole).toString();
        const QIcon icon = ThemedIconEngine::icon(folder.data(FolderModel::IconNameRole).toString());
        const qint64 id = folder.data(FolderModel::FolderIdRole).toLongLong();
        const bool selectable = folder.data(FolderModel::SelectableRole).toBool();
        QMenu *target = menu;
        if (m_folders->rowCount(folder) > 0) {
            // A parent folder: a submenu whose first entry is the folder itself.
            target = menu->addMenu(icon, name);
        }
        if (selectable) {
            // Menu text: a literal "&" in a folder name must not become a mnemonic.
            QString text = name;
            text.replace(QLatin1Char('&'), QStringLiteral("&&"));
            QAction *action = target->addAction(icon, text);
            action->setEnabled(id != exclude);
            action->setData(id);
            connect(action, &QAction::triggered, this, [this, id] { Q_EMIT folderChosen(id); });
        }
        if (target != menu) {
            target->addSeparator();
            addFolders(target, folder, exclude);
        }
    }
}

} // namespace magpie::app
