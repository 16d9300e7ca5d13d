// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/settings/SettingsPage.h"

#include <memory>

namespace Ui {
class SettingsPrivacyPage;
}

namespace magpie::app {

// Settings > Privacy & Security: links shown before opening, address completion, the senders whose
// remote content is allowed, and where passwords are kept.
class SettingsPrivacyPage : public SettingsPage
{
    Q_OBJECT
public:
    explicit SettingsPrivacyPage(bool keychainAvailable, QWidget *parent = nullptr);
    ~SettingsPrivacyPage() override;

    void load(const Preferences &preferences) override;
    void store(Preferences &preferences) const override;

private:
    std::unique_ptr<Ui::SettingsPrivacyPage> m_ui;
};

} // namespace magpie::app
