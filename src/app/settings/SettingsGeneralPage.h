// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/settings/SettingsPage.h"

#include <memory>

namespace Ui {
class SettingsGeneralPage;
}

namespace magpie::app {

// Settings > General: start-up, notifications, layout and language.
class SettingsGeneralPage : public SettingsPage
{
    Q_OBJECT
public:
    explicit SettingsGeneralPage(QWidget *parent = nullptr);
    ~SettingsGeneralPage() override;

    void load(const Preferences &preferences) override;
    void store(Preferences &preferences) const override;

private:
    std::unique_ptr<Ui::SettingsGeneralPage> m_ui;
};

} // namespace magpie::app
