// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/setup/MailServerProposal.h"
#include "sync/AccountConfig.h"

#include <QCoreApplication>
#include <QString>

#include <optional>

class QWidget;
namespace Ui {
class AccountSetupDialog;
}

namespace magpie::app {

// The fields of ui/AccountSetupDialog.ui as an account: filled from a proposal, read back with
// inline validation (a sentence and the field to fix), and the customary port kept in step
// with the protocol and security. No network and no saving here: AccountSetupDialog does that.
class AccountSetupForm
{
    Q_DECLARE_TR_FUNCTIONS(magpie::app::AccountSetupForm)
public:
    explicit AccountSetupForm(Ui::AccountSetupDialog &ui);

    struct Problem
    {
        QWidget *field = nullptr;
        QString text;
    };

    // Puts the proposal's servers and user names in the form.
    void fill(const MailServerProposal &proposal);
    // The account as the form shows it (no id, no pins), or std::nullopt and `problem`.
    std::optional<sync::AccountConfig> read(Problem *problem) const;
    // After the protocol or security of one side changed: a customary port follows (993 <->
    // 143, ...); a port the person chose stays. True when the choice is "no encryption".
    bool followPort(bool smtp);

    static bool looksLikeAddress(const QString &address);
    static bool hasControlCharacter(const QString &text);

private:
    Ui::AccountSetupDialog &m_ui;
};

} // namespace magpie::app
