// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/AccountModel.h"

namespace magpie::models {

AccountModel::AccountModel(QObject *parent)
    : QAbstractListModel(parent)
{
}

int AccountModel::rowCount(const QModelIndex &parent) const
{
    return parent.isValid() ? 0 : static_cast<int>(m_accounts.size());
}

QVariant AccountModel::data(const QModelIndex &index, int role) const
{
    if (!checkIndex(index, CheckIndexOption::IndexIsValid | CheckIndexOption::ParentIsInvalid))
        return {};
    const AccountEntry &account = m_accounts.at(index.row());
    switch (role) {
    case Qt::DisplayRole:
        return account.displayName.isEmpty() ? account.address : account.displayName;
    case Qt::ToolTipRole:
        return account.address;
    case IdRole:
        return account.id;
    case AddressRole:
        return account.address;
    default:
        return {};
    }
}

QHash<int, QByteArray> AccountModel::roleNames() const
{
    QHash<int, QByteArray> names = QAbstractListModel::roleNames();
    names.insert(IdRole, "accountId");
    names.insert(AddressRole, "address");
    return names;
}

int AccountModel::rowOf(const QString &id) const
{
    for (int row = 0; row < m_accounts.size(); ++row) {
        if (m_accounts.at(row).id == id)
            return row;
    }
    return -1;
}

void AccountModel::upsert(const AccountEntry &account)
{
    const int row = rowOf(account.id);
    if (row >= 0) {
        m_accounts[row] = account;
        const QModelIndex changed = index(row);
        Q_EMIT dataChanged(changed, changed);
        return;
    }
    const int end = static_cast<int>(m_accounts.size());
    beginInsertRows({}, end, end);
    m_accounts.append(account);
    endInsertRows();
}

bool AccountModel::remove(const QString &id)
{
    const int row = rowOf(id);
    if (row < 0)
        return false;
    beginRemoveRows({}, row, row);
    m_accounts.removeAt(row);
    endRemoveRows();
    return true;
}

} // namespace magpie::models
