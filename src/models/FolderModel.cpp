// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/FolderModel.h"

#include "store/FolderStore.h"
#include "store/MailCache.h"

#include <QCollator>
#include <QFont>

#include <algorithm>
#include <functional>

namespace magpie::models {

using store::FolderRecord;
using store::FolderRole;

namespace {

// Where a special folder goes among its siblings; ordinary folders come after all of them.
int rolePlace(FolderRole role)
{
    switch (role) {
    case FolderRole::Inbox:
        return 0;
    case FolderRole::Drafts:
        return 1;
    case FolderRole::Sent:
        return 2;
    case FolderRole::Archive:
        return 3;
    case FolderRole::All:
        return 4;
    case FolderRole::Flagged:
        return 5;
    case FolderRole::Junk:
        return 6;
    case FolderRole::Trash:
        return 7;
    case FolderRole::None:
        break;
    }
    return 8;
}

QString lastElement(const FolderRecord &folder)
{
    if (folder.delimiter.isNull())
        return folder.path;
    return folder.path.section(folder.delimiter, -1);
}

// "a/b" for "a/b/c"; empty at the top.
QString parentPathOf(const QString &path, QChar delimiter)
{
    if (delimiter.isNull())
        return {};
    const qsizetype at = path.lastIndexOf(delimiter);
    return at <= 0 ? QString() : path.left(at);
}

bool sameShown(const FolderRecord &a, const FolderRecord &b)
{
    return a.path == b.path && a.role == b.role && a.selectable == b.selectable
        && a.total == b.total && a.unread == b.unread && a.delimiter == b.delimiter
        && a.local == b.local;
}

// Which of `values` form one longest strictly increasing subsequence.
std::vector<bool> longestIncreasing(const std::vector<int> &values)
{
    std::vector<int> tails;
    std::vector<int> previous(values.size(), -1);
    for (int i = 0; i < int(values.size()); ++i) {
        const auto at = std::lower_bound(tails.begin(), tails.end(), values[size_t(i)],
                                         [&values](int index, int value) {
                                             return values[size_t(index)] < value;
                                         });
        if (at != tails.begin())
            previous[size_t(i)] = *(at - 1);
        if (at == tails.end())
            tails.push_back(i);
        else
            *at = i;
    }
    std::vector<bool> kept(values.size(), false);
    for (int i = tails.empty() ? -1 : tails.back(); i >= 0; i = previous[size_t(i)])
        kept[size_t(i)] = true;
    return kept;
}

} // namespace

int FolderModel::Node::row() const
{
    if (!parent)
        return -1; // accounts: FolderModel::indexOf looks them up
    const auto &siblings = parent->children;
    for (size_t i = 0; i < siblings.size(); ++i) {
        if (siblings[i].get() == this)
            return int(i);
    }
    return -1;
}

FolderModel::FolderModel(store::MailCache &cache, QObject *parent)
    : QAbstractItemModel(parent)
    , m_cache(cache)
{
    connect(&m_cache, &store::MailCache::foldersChanged, this, &FolderModel::reloadAccount);
    connect(&m_cache, &store::MailCache::folderCountsChanged, this,
            &FolderModel::onFolderCountsChanged);
    // A folder's UIDVALIDITY changed: its counts drop to what is cached again.
    connect(&m_cache, &store::MailCache::folderReset, this, &FolderModel::onFolderCountsChanged);
}

FolderModel::~FolderModel() = default;

QString FolderModel::iconName(FolderRole role)
{
    switch (role) {
    case FolderRole::Inbox:
        return QStringLiteral("folder-inbox");
    case FolderRole::Drafts:
        return QStringLiteral("folder-drafts");
    case FolderRole::Sent:
        return QStringLiteral("folder-sent");
    case FolderRole::Trash:
        return QStringLiteral("folder-trash");
    case FolderRole::Junk:
        return QStringLiteral("folder-junk");
    case FolderRole::Archive:
    case FolderRole::All:
        return QStringLiteral("folder-archive");
    case FolderRole::Flagged:
        return QStringLiteral("flag");
    case FolderRole::None:
        break;
    }
    return QStringLiteral("folder");
}

void FolderModel::upsertAccount(const AccountEntry &account)
{
    const QString name = account.displayName.isEmpty() ? account.address : account.displayName;
    if (Node *node = accountNode(account.id)) {
        if (node->accountName != name) {
            node->accountName = name;
            const QModelIndex changed = indexOf(node);
            Q_EMIT dataChanged(changed, changed);
        }
        return;
    }
    auto node = std::make_unique<Node>();
    node->accountId = account.id;
    node->accountName = name;
    node->children = readFolders(account.id);
    for (auto &child : node->children)
        child->parent = node.get();
    const int row = int(m_accounts.size());
    beginInsertRows({}, row, row);
    m_accounts.push_back(std::move(node));
    indexSubtree(m_accounts.back().get());
    endInsertRows();
}

bool FolderModel::removeAccount(const QString &accountId)
{
    for (size_t i = 0; i < m_accounts.size(); ++i) {
        if (m_accounts[i]->accountId != accountId)
            continue;
        beginRemoveRows({}, int(i), int(i));
        unindexSubtree(m_accounts[i].get());
        m_accounts.erase(m_accounts.begin() + qsizetype(i));
        endRemoveRows();
        return true;
    }
    return false;
}

void FolderModel::setAccountModel(AccountModel *accounts)
{
    if (m_accountModel)
        disconnect(m_accountModel, nullptr, this, nullptr);
    m_accountModel = accounts;
    if (!accounts)
        return;
    const auto sync = [this] { syncAccountsFromModel(); };
    connect(accounts, &QAbstractItemModel::rowsInserted, this, sync);
    connect(accounts, &QAbstractItemModel::rowsRemoved, this, sync);
    connect(accounts, &QAbstractItemModel::rowsMoved, this, sync);
    connect(accounts, &QAbstractItemModel::dataChanged, this, sync);
    connect(accounts, &QAbstractItemModel::modelReset, this, sync);
    syncAccountsFromModel();
}

void FolderModel::syncAccountsFromModel()
{
    if (!m_accountModel)
        return;
    QList<AccountEntry> entries;
    for (int row = 0; row < m_accountModel->rowCount(); ++row) {
        const QModelIndex index = m_accountModel->index(row, 0);
        entries.append({ index.data(AccountModel::IdRole).toString(),
                         index.data(Qt::DisplayRole).toString(),
                         index.data(AccountModel::AddressRole).toString() });
    }
    QStringList known;
    for (const AccountEntry &entry : std::as_const(entries))
        known.append(entry.id);
    QStringList gone;
    for (const auto &node : m_accounts) {
        if (!known.contains(node->accountId))
            gone.append(node->accountId);
    }
    for (const QString &id : std::as_const(gone))
        removeAccount(id);
    for (const AccountEntry &entry : std::as_const(entries))
        upsertAccount(entry);
}

std::vector<std::unique_ptr<FolderModel::Node>> FolderModel::readFolders(const QString &accountId) const
{
    const QList<FolderRecord> records = store::FolderStore(m_cache).folders(accountId);
    QHash<QString, Node *> byPath;
    std::vector<std::unique_ptr<Node>> owned;
    owned.reserve(size_t(records.size()));
    for (const FolderRecord &record : records) {
        auto node = std::make_unique<Node>();
        node->accountId = accountId;
        node->folder = record;
        byPath.insert(record.path, node.get());
        owned.push_back(std::move(node));
    }
    std::vector<std::unique_ptr<Node>> top;
    for (auto &node : owned) {
        // The nearest listed ancestor, if any (the server may list "a/b" without "a").
        Node *parent = nullptr;
        for (QString path = parentPathOf(node->folder.path, node->folder.delimiter);
             !path.isEmpty() && !parent; path = parentPathOf(path, node->folder.delimiter))
            parent = byPath.value(path);
        if (parent) {
            node->parent = parent;
            parent->children.push_back(std::move(node));
        } else {
            top.push_back(std::move(node));
        }
    }
    QCollator collator;
    collator.setCaseSensitivity(Qt::CaseInsensitive);
    collator.setNumericMode(true);
    const auto before = [&collator](const std::unique_ptr<Node> &a, const std::unique_ptr<Node> &b) {
        const int placeA = rolePlace(a->folder.role);
        const int placeB = rolePlace(b->folder.role);
        if (placeA != placeB)
            return placeA < placeB;
        const int byName = collator.compare(lastElement(a->folder), lastElement(b->folder));
        if (byName != 0)
            return byName < 0;
        return a->folder.id < b->folder.id;
    };
    std::function<void(std::vector<std::unique_ptr<Node>> &)> sortAll =
        [&](std::vector<std::unique_ptr<Node>> &nodes) {
            std::sort(nodes.begin(), nodes.end(), before);
            for (auto &node : nodes)
                sortAll(node->children);
        };
    sortAll(top);
    return top;
}

void FolderModel::reloadAccount(const QString &accountId)
{
    Node *account = accountNode(accountId);
    if (!account)
        return;
    reconcile(account, readFolders(accountId));
}

void FolderModel::reconcile(Node *current, std::vector<std::unique_ptr<Node>> wanted)
{
    const QModelIndex parentIndex = indexOf(current);
    QHash<qint64, int> wantedPlace;
    for (size_t i = 0; i < wanted.size(); ++i)
        wantedPlace.insert(wanted[i]->folder.id, int(i));

    // Children gone (or moved under another parent), and those a rename moved among their
    // siblings (outside one longest run that kept its order), are removed ...
    auto &children = current->children;
    std::vector<bool> remove(children.size(), false);
    std::vector<int> stayingRows;
    std::vector<int> stayingPlaces;
    for (size_t i = 0; i < children.size(); ++i) {
        const auto it = wantedPlace.constFind(children[i]->folder.id);
        if (it == wantedPlace.constEnd()) {
            remove[i] = true;
        } else {
            stayingRows.push_back(int(i));
            stayingPlaces.push_back(*it);
        }
    }
    if (!std::is_sorted(stayingPlaces.begin(), stayingPlaces.end())) {
        const std::vector<bool> kept = longestIncreasing(stayingPlaces);
        for (size_t i = 0; i < stayingRows.size(); ++i) {
            if (!kept[i])
                remove[size_t(stayingRows[i])] = true;
        }
    }
    for (int row = int(children.size()) - 1; row >= 0;) {
        if (!remove[size_t(row)]) {
            --row;
            continue;
        }
        const int last = row;
        while (row >= 0 && remove[size_t(row)])
            --row;
        const int first = row + 1;
        beginRemoveRows(parentIndex, first, last);
        for (int i = first; i <= last; ++i)
            unindexSubtree(children[size_t(i)].get());
        children.erase(children.begin() + first, children.begin() + last + 1);
        endRemoveRows();
    }

    // ... then the new ones are inserted, each with its subtree, at their places.
    std::vector<bool> inserted(wanted.size(), false);
    size_t i = 0;
    while (i < wanted.size()) {
        if (i < children.size() && children[i]->folder.id == wanted[i]->folder.id) {
            ++i;
            continue;
        }
        const size_t end =
            i < children.size() ? size_t(wantedPlace.value(children[i]->folder.id)) : wanted.size();
        beginInsertRows(parentIndex, int(i), int(end) - 1);
        for (size_t k = i; k < end; ++k) {
            wanted[k]->parent = current;
            indexSubtree(wanted[k].get());
            inserted[k] = true;
            children.insert(children.begin() + qsizetype(k), std::move(wanted[k]));
        }
        endInsertRows();
        i = end;
    }

    // The rows that stayed take the new record (repainting if it shows differently) and
    // their children are brought up to date the same way.
    for (size_t row = 0; row < children.size(); ++row) {
        if (inserted[row])
            continue;
        Node *child = children[row].get();
        const FolderRecord &fresh = wanted[row]->folder;
        if (!sameShown(child->folder, fresh)) {
            child->folder = fresh;
            const QModelIndex changed = indexOf(child);
            Q_EMIT dataChanged(changed, changed);
        } else {
            child->folder = fresh;
        }
        reconcile(child, std::move(wanted[row]->children));
    }
}

void FolderModel::indexSubtree(Node *node)
{
    if (!node->isAccount())
        m_folders.insert(node->folder.id, node);
    for (auto &child : node->children) {
        child->parent = node;
        indexSubtree(child.get());
    }
}

void FolderModel::unindexSubtree(const Node *node)
{
    // A folder moved under another parent may already be indexed at its new place.
    if (!node->isAccount() && m_folders.value(node->folder.id) == node)
        m_folders.remove(node->folder.id);
    for (const auto &child : node->children)
        unindexSubtree(child.get());
}

void FolderModel::onFolderCountsChanged(qint64 folderId)
{
    Node *node = m_folders.value(folderId);
    if (!node)
        return;
    FolderRecord counted = node->folder;
    store::FolderStore(m_cache).countMessages(counted);
    if (counted.total == node->folder.total && counted.unread == node->folder.unread)
        return;
    node->folder.total = counted.total;
    node->folder.unread = counted.unread;
    const QModelIndex changed = indexOf(node);
    Q_EMIT dataChanged(changed, changed,
                       { Qt::DisplayRole, Qt::FontRole, Qt::ToolTipRole, UnreadCountRole,
                         TotalCountRole });
    // The account row shows the sum.
    Node *account = node;
    while (account->parent)
        account = account->parent;
    const QModelIndex accountIndex = indexOf(account);
    Q_EMIT dataChanged(accountIndex, accountIndex, { Qt::FontRole, UnreadCountRole });
}

FolderModel::Node *FolderModel::accountNode(const QString &accountId) const
{
    for (const auto &node : m_accounts) {
        if (node->accountId == accountId)
            return node.get();
    }
    return nullptr;
}

QModelIndex FolderModel::indexOf(const Node *node, int column) const
{
    if (!node)
        return {};
    if (!node->parent) {
        for (size_t i = 0; i < m_accounts.size(); ++i) {
            if (m_accounts[i].get() == node)
                return createIndex(int(i), column, const_cast<Node *>(node));
        }
        return {};
    }
    return createIndex(node->row(), column, const_cast<Node *>(node));
}

FolderModel::Node *FolderModel::nodeOf(const QModelIndex &index) const
{
    return index.isValid() ? static_cast<Node *>(index.internalPointer()) : nullptr;
}

QModelIndex FolderModel::indexOfFolder(qint64 folderId) const
{
    return indexOf(m_folders.value(folderId));
}

QModelIndex FolderModel::indexOfAccount(const QString &accountId) const
{
    return indexOf(accountNode(accountId));
}

QModelIndex FolderModel::index(int row, int column, const QModelIndex &parent) const
{
    if (row < 0 || column != 0)
        return {};
    if (!parent.isValid()) {
        if (size_t(row) >= m_accounts.size())
            return {};
        return createIndex(row, column, m_accounts[size_t(row)].get());
    }
    const Node *node = nodeOf(parent);
    if (!node || parent.column() != 0 || size_t(row) >= node->children.size())
        return {};
    return createIndex(row, column, node->children[size_t(row)].get());
}

QModelIndex FolderModel::parent(const QModelIndex &child) const
{
    const Node *node = nodeOf(child);
    return node ? indexOf(node->parent) : QModelIndex();
}

int FolderModel::rowCount(const QModelIndex &parent) const
{
    if (!parent.isValid())
        return int(m_accounts.size());
    if (parent.column() != 0)
        return 0;
    const Node *node = nodeOf(parent);
    return node ? int(node->children.size()) : 0;
}

int FolderModel::columnCount(const QModelIndex &) const
{
    return 1;
}

bool FolderModel::hasChildren(const QModelIndex &parent) const
{
    return rowCount(parent) > 0;
}

QVariant FolderModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return {};
    const Node *node = nodeOf(index);
    if (node->isAccount()) {
        int unread = 0;
        const std::function<void(const Node *)> add = [&](const Node *n) {
            unread += n->folder.unread;
            for (const auto &child : n->children)
                add(child.get());
        };
        add(node);
        switch (role) {
        case Qt::DisplayRole:
            return node->accountName;
        case Qt::FontRole: {
            QFont font;
            font.setBold(true);
            return font;
        }
        case AccountIdRole:
            return node->accountId;
        case IsAccountRole:
            return true;
        case FolderIdRole:
            return qint64(0);
        case SelectableRole:
            return false;
        case UnreadCountRole:
            return unread;
        case IconNameRole:
            return QStringLiteral("account");
        default:
            return {};
        }
    }
    const FolderRecord &folder = node->folder;
    switch (role) {
    case Qt::DisplayRole:
        // RFC 3501 s5.1: INBOX is the one name with a meaning; show it in the user's words.
        if (folder.role == FolderRole::Inbox && folder.path.compare(QLatin1String("INBOX"), Qt::CaseInsensitive) == 0)
            return tr("Inbox");
        return lastElement(folder);
    case Qt::ToolTipRole:
        return QString(tr("%1: %n unread", nullptr, folder.unread).arg(folder.path)
                       + QStringLiteral(", ") + tr("%n in all", nullptr, folder.total));
    case Qt::FontRole:
        if (folder.unread > 0) {
            QFont font;
            font.setBold(true);
            return font;
        }
        return {};
    case FolderIdRole:
        return folder.id;
    case AccountIdRole:
        return node->accountId;
    case IsAccountRole:
        return false;
    case PathRole:
        return folder.path;
    case FolderRoleRole:
        return int(folder.role);
    case UnreadCountRole:
        return folder.unread;
    case TotalCountRole:
        return folder.total;
    case SelectableRole:
        return folder.selectable;
    case IconNameRole:
        return iconName(folder.role);
    default:
        return {};
    }
}

Qt::ItemFlags FolderModel::flags(const QModelIndex &index) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid))
        return Qt::NoItemFlags;
    const Node *node = nodeOf(index);
    if (!node->isAccount() && !node->folder.selectable)
        return Qt::ItemIsEnabled;
    return Qt::ItemIsEnabled | Qt::ItemIsSelectable;
}

QHash<int, QByteArray> FolderModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractItemModel::roleNames();
    names.insert(FolderIdRole, "folderId");
    names.insert(AccountIdRole, "accountId");
    names.insert(IsAccountRole, "isAccount");
    names.insert(PathRole, "path");
    names.insert(FolderRoleRole, "folderRole");
    names.insert(UnreadCountRole, "unreadCount");
    names.insert(TotalCountRole, "totalCount");
    names.insert(SelectableRole, "selectable");
    names.insert(IconNameRole, "iconName");
    return names;
}

} // namespace magpie::models
