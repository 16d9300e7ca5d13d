// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "models/AccountModel.h"
#include "store/FolderRecord.h"

#include <QAbstractItemModel>
#include <QHash>
#include <QPointer>

#include <memory>
#include <vector>

namespace magpie::store {
class MailCache;
}

namespace magpie::models {

// The folder tree of the folder pane: each account a root, its folders nested by path and
// hierarchy delimiter ("Lists/Qt" under "Lists"), with unread counts. Read from the cache
// (FolderStore) and kept current by its signals: foldersChanged re-reads one account and
// turns the difference into row removals, insertions and dataChanged (a rename or a move
// under another parent is a removal and an insertion); folderCountsChanged repaints one
// row. Never reset by a sync.
//
// Order among siblings: the special folders first (Inbox, Drafts, Sent, Archive, Junk,
// Trash, ...), then the others by name. A folder whose parent is not in the list (a server
// may list "a/b" without "a") is shown under its nearest listed ancestor.
class FolderModel : public QAbstractItemModel
{
    Q_OBJECT
public:
    enum Role {
        FolderIdRole = Qt::UserRole + 1, // qint64; 0 for an account row
        AccountIdRole,                   // QString
        IsAccountRole,                   // bool
        PathRole,                        // "Lists/Qt"
        FolderRoleRole,                  // int, store::FolderRole
        UnreadCountRole,                 // int
        TotalCountRole,                  // int
        SelectableRole,                  // bool: false for \Noselect parents and accounts
        IconNameRole,                    // "folder-inbox", "folder", "account" ...
    };

    explicit FolderModel(store::MailCache &cache, QObject *parent = nullptr);
    ~FolderModel() override;

    // The accounts shown, in this order (usually the AccountModel's). Adding an account
    // reads its folders; a known id only renames the row.
    void upsertAccount(const AccountEntry &account);
    bool removeAccount(const QString &accountId);
    // Follows an AccountModel: its rows become (and stay) this model's roots.
    void setAccountModel(AccountModel *accounts);

    QModelIndex index(int row, int column, const QModelIndex &parent = {}) const override;
    QModelIndex parent(const QModelIndex &child) const override;
    int rowCount(const QModelIndex &parent = {}) const override;
    int columnCount(const QModelIndex &parent = {}) const override;
    bool hasChildren(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    Qt::ItemFlags flags(const QModelIndex &index) const override;
    QHash<int, QByteArray> roleNames() const override;

    QModelIndex indexOfFolder(qint64 folderId) const;
    QModelIndex indexOfAccount(const QString &accountId) const;
    static QString iconName(store::FolderRole role);

private:
    struct Node
    {
        QString accountId;
        QString accountName; // account rows only
        store::FolderRecord folder; // folder rows only (folder.id != 0)
        Node *parent = nullptr;
        std::vector<std::unique_ptr<Node>> children;

        bool isAccount() const { return folder.id == 0; }
        int row() const;
    };

    QModelIndex indexOf(const Node *node, int column = 0) const;
    Node *nodeOf(const QModelIndex &index) const;
    Node *accountNode(const QString &accountId) const;
    // Builds the account's folder tree as it is in the cache now (children sorted).
    std::vector<std::unique_ptr<Node>> readFolders(const QString &accountId) const;
    void reloadAccount(const QString &accountId);
    void reconcile(Node *current, std::vector<std::unique_ptr<Node>> wanted);
    void indexSubtree(Node *node);
    void unindexSubtree(const Node *node);
    void onFolderCountsChanged(qint64 folderId);
    void syncAccountsFromModel();

    store::MailCache &m_cache;
    std::vector<std::unique_ptr<Node>> m_accounts;
    QHash<qint64, Node *> m_folders; // folder id -> its row
    QPointer<AccountModel> m_accountModel;
};

} // namespace magpie::models
