// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/session/ScreenshotTour.h"

#include "app/MainWindow.h"
#include "models/MessageListModel.h"

#include "app/compose/ComposerWindow.h"
#include "app/session/MailSession.h"
#include "app/settings/SettingsDialog.h"

#include <QCoreApplication>
#include <QDir>
#include <QTimer>
#include <QUrl>
#include <QWidget>

#include <cstdio>
#include <memory>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {
// Long enough for a first sync of the demo and the first paint; short enough for a script.
constexpr int kLongestWaitMs = 8000;
constexpr int kSettleMs = 700; // layouts and lazy models after the data arrived
} // namespace

ScreenshotTour::ScreenshotTour(MailSession &session, QWidget *mainWindow, QObject *parent)
    : QObject(parent)
    , m_session(session)
    , m_mainWindow(mainWindow)
{
}

void ScreenshotTour::whenReady(std::function<void()> then)
{
    auto fired = std::make_shared<bool>(false);
    auto go = [this, fired, then] {
        if (*fired)
            return;
        *fired = true;
        QTimer::singleShot(kSettleMs, this, then);
    };
    if (m_session.accounts().isEmpty()) {
        go();
        return;
    }
    connect(&m_session, &MailSession::accountSyncFinished, this, go);
    QTimer::singleShot(kLongestWaitMs, this, go);
}

bool ScreenshotTour::save(QWidget *widget, const QString &file)
{
    if (!widget)
        return false;
    const bool saved = widget->grab().save(file, "PNG");
    if (!saved)
        std::fprintf(stderr, "magpie: %s\n",
                     qPrintable(tr("Cannot write the screenshot %1.").arg(file)));
    return saved;
}

void ScreenshotTour::finish(bool ok)
{
    QCoreApplication::exit(ok ? 0 : 1);
}

void ScreenshotTour::saveMainWindowTo(const QString &file)
{
    whenReady([this, file] { finish(save(m_mainWindow, file)); });
}

void ScreenshotTour::saveAllInto(const QString &directory)
{
    whenReady([this, directory] {
        const QDir dir(directory);
        if (!QDir().mkpath(directory)) {
            std::fprintf(stderr, "magpie: %s\n",
                         qPrintable(tr("Cannot create the folder %1.").arg(directory)));
            finish(false);
            return;
        }
        // The main window as people see it most: a message open. The newest one (the demo's
        // welcome) is the first row.
        auto *window = qobject_cast<MainWindow *>(m_mainWindow.data());
        if (window && window->messageListModel().rowCount() > 0)
            window->selectMessage(window->messageListModel().messageId(0));
        QTimer::singleShot(kSettleMs, this, [this, dir] { saveOtherWindowsInto(dir); });
    });
}

void ScreenshotTour::saveOtherWindowsInto(const QDir &dir)
{
    {
        bool ok = save(m_mainWindow, dir.filePath(u"main-window.png"_s));

        auto *composer = new ComposerWindow(m_session);
        composer->startFromMailto(QUrl(
            u"mailto:anna.schmidt@beispiel.example?subject=Hiking%20trip%3A%20the%20map"
            u"&body=Hi%20Anna%2C%0A%0AI%27ll%20bring%20the%20map%20and%20a%20compass.%0A%0ARobin"_s));
        composer->resize(760, 560);
        composer->show();
        auto *settings = new SettingsDialog(m_session);
        settings->setAttribute(Qt::WA_DeleteOnClose);
        settings->showPage(SettingsDialog::Page::Accounts);
        settings->resize(780, 560);
        settings->show();
        QTimer::singleShot(kSettleMs, this, [this, dir, ok, composer, settings]() mutable {
            ok = save(composer, dir.filePath(u"composer.png"_s)) && ok;
            ok = save(settings, dir.filePath(u"settings.png"_s)) && ok;
            composer->close();
            settings->close();
            finish(ok);
        });
    }
}

} // namespace magpie::app
