// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include <memory>

namespace magpie::store {
struct SecretResult;
}

namespace magpie::app {

class MailSession;

// Settings (DESIGN.md, App; issue 7 "Settings dialog"): pages Accounts, General, Reading,
// Composing, Privacy & Security, Advanced. Everything is validated inline with a message a
// person can act on; OK saves and closes, Apply saves and stays, Cancel forgets every change
// made since the last Apply. Passwords go only to the keychain, through MailSession.
class SettingsDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Page { Accounts, General, Reading, Composing, Privacy, Advanced };

    explicit SettingsDialog(MailSession &session, QWidget *parent = nullptr);
    ~SettingsDialog() override;

    void showPage(Page page);
    // Accounts page with this account selected.
    void showAccount(const QString &accountId);

    // Saves what changed, as Apply does. Returns false, with the problem shown in the
    // dialog, when a field is invalid or the session could not save.
    bool apply();

    void accept() override; // OK: apply, then close once the keychain has the passwords

Q_SIGNALS:
    // Every change was saved (after Apply or OK, once the keychain answered too).
    void applied();

private:
    void updateButtons();
    void showMessage(const QString &message, bool problem);
    void passwordSaved(const store::SecretResult &result);
    void finishSaving();

    struct Private;
    std::unique_ptr<Private> d;
};

} // namespace magpie::app
