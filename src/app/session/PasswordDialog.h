// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/session/MailSession.h"

#include <QDialog>

#include <memory>

namespace Ui {
class PasswordDialog;
}

namespace magpie::app {

// Asks for an account's password when the keychain has none, has no keychain, or the server
// refused the one it had (MailSession::PasswordPrompt). Says why it asks, for which account
// and server, and offers to remember the password in the system keychain (only there; the
// box is off and says why when there is no keychain).
class PasswordDialog : public QDialog
{
    Q_OBJECT
public:
    PasswordDialog(const sync::AccountConfig &account, sync::AccountRuntime::Secret which,
                   const QString &reason, bool keychainAvailable, QWidget *parent = nullptr);
    ~PasswordDialog() override;

    QString password() const;
    bool remember() const;

    // The prompt the app installs: a window-modal dialog per question, opened with open() so
    // the event loop (and the other accounts) keep running while it waits.
    static MailSession::PasswordPrompt prompt(MailSession &session);

private:
    std::unique_ptr<Ui::PasswordDialog> m_ui;
};

} // namespace magpie::app
