// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "sync/AccountConfig.h"

#include <QWidget>

#include <memory>

namespace Ui {
class SettingsAccountEditor;
}
class QLabel;
class QLineEdit;

namespace magpie::app {

// The fields of one account on Settings > Accounts (issue 7): identity name, address and
// signature; the incoming IMAP or POP3 server and the outgoing SMTP server with host, port,
// security, user name, password and a trusted certificate's fingerprint; POP3's
// leave-on-server options; the check interval and offline download period. Each field is
// checked as it is typed and its message shown under it. Passwords typed here are handed to
// the dialog, which passes them to MailSession::setPassword (the keychain); never stored here.
class SettingsAccountEditor : public QWidget
{
    Q_OBJECT
public:
    SettingsAccountEditor(const sync::AccountConfig &account, const QString &signature,
                          bool keychainAvailable, QWidget *parent = nullptr);
    ~SettingsAccountEditor() override;

    QString accountId() const;
    // What the list shows: the account's name, or its address.
    QString title() const;

    // The saved account with the fields applied (meaningful when validate() found nothing).
    // Settings the dialog does not show (extra CA certificates, time-outs, protocol
    // extensions) are kept as they were.
    sync::AccountConfig account() const;
    QString signature() const;
    // Passwords typed since the last save; empty: keep the one the keychain has.
    QString incomingPassword() const;
    QString smtpPassword() const;

    bool isModified() const;
    // Only the account's settings (not its signature or passwords) differ from the saved ones:
    // saving them remakes the account's runtime, which reconnects.
    bool settingsModified() const;
    // Checks every field and shows each problem under its field. Returns the first problem,
    // or an empty string; with `focusProblem` its tab is shown and its field focused.
    QString validate(bool focusProblem);
    // The dialog saved the account: this is the new state Cancel returns to.
    void markSaved(const sync::AccountConfig &account, const QString &signature);

    static bool sameSettings(const sync::AccountConfig &a, const sync::AccountConfig &b);

Q_SIGNALS:
    void changed();

private:
    void load(const sync::AccountConfig &account, const QString &signature);
    void protocolChanged();
    void securityChanged(QLineEdit *port, int index, int &lastIndex, bool smtp);
    struct FieldCheck;
    QList<FieldCheck> fieldChecks() const;
    // Shows the problem of one field (or hides its message); returns it.
    QString check(const FieldCheck &field);

    std::unique_ptr<Ui::SettingsAccountEditor> m_ui;
    sync::AccountConfig m_saved;
    QString m_savedSignature;
    int m_incomingSecurity = 0; // the combos' previous indexes, to move default ports along
    int m_smtpSecurity = 0;
    int m_protocol = 0;
};

} // namespace magpie::app
