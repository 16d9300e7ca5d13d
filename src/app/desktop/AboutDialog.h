// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/desktop/BuildInformation.h"

#include <QDialog>

#include <memory>

namespace Ui {
class AboutDialog;
}

namespace magpie::app {

// Help > About: the application's icon, version and licence; the build information with a
// button that copies it for a bug report; and the licences of what Magpie ships with (its
// icons, from resources/icons/LICENSE.md, and the libraries it links: Qt, QtKeychain, SQLite,
// OpenSSL through Qt).
class AboutDialog : public QDialog
{
    Q_OBJECT
public:
    explicit AboutDialog(const BuildInformation &build, QWidget *parent = nullptr);
    ~AboutDialog() override;

    // What "Copy Build Information" puts on the clipboard.
    QString buildText() const;

private:
    void showLicences();

    std::unique_ptr<Ui::AboutDialog> m_ui;
    BuildInformation m_build;
};

} // namespace magpie::app
