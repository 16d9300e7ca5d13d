// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDialog>

#include <memory>

namespace Ui {
class ConnectionLogDialog;
}

namespace magpie::app {

// The status bar's "Details": an account's redacted connection log
// (MailSession::connectionLog), read-only, with a button to copy it for a bug report.
class ConnectionLogDialog : public QDialog
{
    Q_OBJECT
public:
    ConnectionLogDialog(const QString &accountName, const QString &log, QWidget *parent = nullptr);
    ~ConnectionLogDialog() override;

    QString logText() const;

private:
    std::unique_ptr<Ui::ConnectionLogDialog> m_ui;
};

} // namespace magpie::app
