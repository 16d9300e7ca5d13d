// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QObject>
#include <QPointer>

class QSystemTrayIcon;
class QWidget;

namespace magpie::app {

class MailSession;

// New-mail notifications through the system tray (QSystemTrayIcon) where the desktop has
// one, per Preferences::notifyNewMail. Clicking the icon or the notification brings the main
// window forward. Without a tray nothing is shown (the folder pane's counts still tell).
class NewMailNotifier : public QObject
{
    Q_OBJECT
public:
    NewMailNotifier(MailSession &session, QWidget *window);
    ~NewMailNotifier() override;

    bool hasTrayIcon() const { return m_tray != nullptr; }
    // The last notification's text (tests; the tray may be missing offscreen).
    QString lastNotification() const { return m_lastNotification; }

Q_SIGNALS:
    void notified(const QString &title, const QString &text);

private:
    void onNewMail(const QString &accountId, qint64 folderId, int count);
    void raiseWindow();

    MailSession &m_session;
    QPointer<QWidget> m_window;
    QSystemTrayIcon *m_tray = nullptr; // child of this
    QString m_lastNotification;
};

} // namespace magpie::app
