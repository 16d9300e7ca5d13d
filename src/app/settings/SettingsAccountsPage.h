// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/Preferences.h"
#include "store/SecretStore.h"

#include <QWidget>

#include <functional>
#include <memory>

namespace Ui {
class SettingsAccountsPage;
}

namespace magpie::sync {
struct AccountConfig;
}

namespace magpie::app {

class MailSession;
class SettingsAccountEditor;

// Settings > Accounts: the list of accounts with Add (AccountSetupDialog, which saves the new
// account itself), Remove (asked, then done on Apply or OK like every other change) and an
// editor per account. Nothing reaches the session before apply().
class SettingsAccountsPage : public QWidget
{
    Q_OBJECT
public:
    explicit SettingsAccountsPage(MailSession &session, QWidget *parent = nullptr);
    ~SettingsAccountsPage() override;

    void showAccount(const QString &accountId);
    bool isModified() const;
    // The first problem of any account (that account is shown and the field focused), or "".
    QString validate();

    // Removes the accounts the person removed, saves the changed ones and hands typed
    // passwords to the keychain (MailSession::setPassword). Signatures go into `preferences`,
    // which the dialog saves next. Returns the sentences of what could not be saved. Each
    // password handed over calls `passwordSaved` with the keychain's answer (at once or
    // later), and `*passwordsStarted` says how many were handed over.
    QStringList apply(Preferences &preferences,
                      const std::function<void(const store::SecretResult &)> &passwordSaved,
                      int *passwordsStarted);

Q_SIGNALS:
    void changed();

private:
    SettingsAccountEditor *addEditor(const sync::AccountConfig &account, const QString &signature);
    SettingsAccountEditor *editorAt(int row) const;
    void addAccount();
    void removeAccount();
    void updateButtons();

    std::unique_ptr<Ui::SettingsAccountsPage> m_ui;
    MailSession &m_session;
    QStringList m_removed; // ids removed since the last apply
};

} // namespace magpie::app
