// SPDX-License-Identifier: GPL-3.0-or-later
// SCAFFOLD: the settings helper replaces this.
#include "app/settings/SettingsDialog.h"

namespace magpie::app {

struct SettingsDialog::Private
{
};

SettingsDialog::SettingsDialog(MailSession &, QWidget *parent)
    : QDialog(parent)
    , d(std::make_unique<Private>())
{
}
SettingsDialog::~SettingsDialog() = default;
void SettingsDialog::showPage(Page) { }
void SettingsDialog::showAccount(const QString &) { }

} // namespace magpie::app
