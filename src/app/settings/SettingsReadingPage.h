// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/settings/SettingsPage.h"

#include <memory>

namespace Ui {
class SettingsReadingPage;
}

namespace magpie::app {

// Settings > Reading: HTML or plain text, remote content, when a shown message is marked read.
class SettingsReadingPage : public SettingsPage
{
    Q_OBJECT
public:
    explicit SettingsReadingPage(QWidget *parent = nullptr);
    ~SettingsReadingPage() override;

    void load(const Preferences &preferences) override;
    void store(Preferences &preferences) const override;

private:
    std::unique_ptr<Ui::SettingsReadingPage> m_ui;
};

} // namespace magpie::app
