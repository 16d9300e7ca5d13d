// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/settings/SettingsPage.h"

#include <memory>

namespace Ui {
class SettingsComposingPage;
}

namespace magpie::app {

// Settings > Composing: format, quoting, draft autosave and spelling (signatures are per account,
// on the Accounts page).
class SettingsComposingPage : public SettingsPage
{
    Q_OBJECT
public:
    explicit SettingsComposingPage(QWidget *parent = nullptr);
    ~SettingsComposingPage() override;

    void load(const Preferences &preferences) override;
    void store(Preferences &preferences) const override;

private:
    std::unique_ptr<Ui::SettingsComposingPage> m_ui;
};

} // namespace magpie::app
