// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDir>
#include <QObject>
#include <QPointer>
#include <QString>

#include <functional>

class QWidget;

namespace magpie::app {

class MailSession;

// `magpie --screenshot FILE` and `--screenshots DIR` (scripts/screenshots.sh, README): once
// the accounts had their first sync (or after a few seconds without one), saves what a person
// would see, then quits with 0, or 1 when a picture could not be written. DIR gets
// main-window.png, composer.png (a reply being written) and settings.png.
class ScreenshotTour : public QObject
{
    Q_OBJECT
public:
    ScreenshotTour(MailSession &session, QWidget *mainWindow, QObject *parent = nullptr);

    void saveMainWindowTo(const QString &file);
    void saveAllInto(const QString &directory);

private:
    void saveOtherWindowsInto(const QDir &dir);
    void whenReady(std::function<void()> then);
    bool save(QWidget *widget, const QString &file);
    void finish(bool ok);

    MailSession &m_session;
    QPointer<QWidget> m_mainWindow;
    bool m_started = false;
};

} // namespace magpie::app
