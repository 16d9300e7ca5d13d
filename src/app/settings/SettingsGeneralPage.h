// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/settings/SettingsPage.h"

#include <memory>

namespace Ui {
class SettingsGeneralPage;
}

namespace magpie::app {

class DefaultMailClient;

// Settings > General: start-up, notifications, layout, language, and making Magpie the
// default mail client. The last is not a preference: it acts on the system at once, when the
// person clicks its button (OK and Cancel do not apply to it), and its state is asked of the
// system when the page is first shown.
class SettingsGeneralPage : public SettingsPage
{
    Q_OBJECT
public:
    explicit SettingsGeneralPage(QWidget *parent = nullptr);
    ~SettingsGeneralPage() override;

    void load(const Preferences &preferences) override;
    void store(Preferences &preferences) const override;

protected:
    void showEvent(QShowEvent *event) override;

private:
    void showDefaultClientState();
    void showDefaultClientProblem(const QString &sentence);

    std::unique_ptr<Ui::SettingsGeneralPage> m_ui;
    DefaultMailClient *m_defaultClient;
};

} // namespace magpie::app
