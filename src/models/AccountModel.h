// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QAbstractListModel>
#include <QList>
#include <QString>

namespace magpie::models {

// What the account list shows of one account.
struct AccountEntry
{
    QString id;          // stable key, also used by the store and the keychain
    QString displayName; // "Work", "Alice Example"
    QString address;     // alice@example.com
};

// The configured accounts, one row each, in the order the user gave them.
class AccountModel : public QAbstractListModel
{
    Q_OBJECT
public:
    enum Role {
        IdRole = Qt::UserRole + 1,
        AddressRole,
    };

    explicit AccountModel(QObject *parent = nullptr);

    int rowCount(const QModelIndex &parent = {}) const override;
    QVariant data(const QModelIndex &index, int role = Qt::DisplayRole) const override;
    QHash<int, QByteArray> roleNames() const override;

    // Adds the account, or updates it in place when its id is known (rows keep their place,
    // so a view's selection survives an edit in Settings).
    void upsert(const AccountEntry &account);
    bool remove(const QString &id);
    int rowOf(const QString &id) const;

private:
    QList<AccountEntry> m_accounts;
};

} // namespace magpie::models
