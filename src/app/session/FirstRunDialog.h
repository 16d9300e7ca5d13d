// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class FirstRunDialog;
}

namespace magpie::app {

class AccountSetupDialog;
class MailSession;

// The first-run page (issue 7, "Demo mode"): shown when the profile has no account. "Try
// Magpie with a local demo mailbox" starts the demo (MailSession::startDemo) and accepts;
// "Add an account..." opens AccountSetupDialog and accepts once it saved an account. Close
// (Escape) rejects: Magpie then opens without an account, as Thunderbird does.
class FirstRunDialog : public QDialog
{
    Q_OBJECT
public:
    enum class Choice { None, Demo, Account };

    explicit FirstRunDialog(MailSession &session, QWidget *parent = nullptr);
    ~FirstRunDialog() override;

    Choice choice() const { return m_choice; }
    // The account setup dialog while it is open (tests answer it), else nullptr.
    AccountSetupDialog *setupDialog() const;

private:
    void startDemo();
    void addAccount();

    MailSession &m_session;
    std::unique_ptr<Ui::FirstRunDialog> m_ui;
    Choice m_choice = Choice::None;
};

} // namespace magpie::app
