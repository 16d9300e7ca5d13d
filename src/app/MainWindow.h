// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace magpie::app {

class MailSession;

// The three-pane window: folders | message list over message view (DESIGN.md, App).
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(MailSession &session, QWidget *parent = nullptr);
    ~MainWindow() override;

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void setUpActions();
    void restoreWindowState();
    void saveWindowState() const;
    void showAbout();

    MailSession &m_session;
    std::unique_ptr<Ui::MainWindow> m_ui;
};

} // namespace magpie::app
