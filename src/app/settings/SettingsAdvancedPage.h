// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/settings/SettingsPage.h"

#include <memory>

namespace Ui {
class SettingsAdvancedPage;
}

namespace magpie::app {

class MailSession;

// Settings > Advanced: the connection log switch, and the size of the offline cache with a "Clear
// Cache" button that drops every cached message body at once (after asking; headers stay, bodies
// are fetched again when read).
class SettingsAdvancedPage : public SettingsPage
{
    Q_OBJECT
public:
    explicit SettingsAdvancedPage(MailSession &session, QWidget *parent = nullptr);
    ~SettingsAdvancedPage() override;

    void load(const Preferences &preferences) override;
    void store(Preferences &preferences) const override;

    // Reads the cache's size again (the dialog calls it when the page is shown).
    void refreshCacheSize();

private:
    std::unique_ptr<Ui::SettingsAdvancedPage> m_ui;
    MailSession &m_session;
    void clearCache();
};

} // namespace magpie::app
