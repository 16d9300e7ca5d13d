// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QMainWindow>

#include <memory>

namespace Ui {
class MessageWindow;
}

namespace magpie::app {

class MailSession;
class MessageView;

// One message in a window of its own: a .eml file opened with File > Open, or a message
// opened from the list with Enter or a double click. Reply, Reply All and Forward open a
// composer; Save As, Print and View Source work as in the main window. Deletes itself when
// closed.
class MessageWindow : public QMainWindow
{
    Q_OBJECT
public:
    MessageWindow(MailSession &session, const QByteArray &source, QWidget *parent = nullptr);
    ~MessageWindow() override;

    MessageView *messageView() const;

private:
    void reply(bool all);
    void forward();

    MailSession &m_session;
    std::unique_ptr<Ui::MessageWindow> m_ui;
};

} // namespace magpie::app
