// SPDX-License-Identifier: GPL-3.0-or-later
// SCAFFOLD: the account-setup helper replaces this.
#include "app/setup/AccountSetupDialog.h"

namespace magpie::app {

struct AccountSetupDialog::Private
{
    sync::AccountConfig account;
};

AccountSetupDialog::AccountSetupDialog(MailSession &, QWidget *parent)
    : QDialog(parent)
    , d(std::make_unique<Private>())
{
}
AccountSetupDialog::~AccountSetupDialog() = default;
sync::AccountConfig AccountSetupDialog::account() const { return d->account; }

} // namespace magpie::app
