// SPDX-License-Identifier: GPL-3.0-or-later
// magpie: the desktop mail client.
#include "Version.h"
#include "app/CommandLine.h"
#include "app/MainWindow.h"
#include "app/Resources.h"
#include "app/Translations.h"
#include "app/compose/ComposerWindow.h"
#include "app/demo/DemoMailbox.h"
#include "app/instance/OpenEventFilter.h"
#include "app/instance/RunningInstance.h"
#include "app/session/FirstRunDialog.h"
#include "app/session/MailSession.h"
#include "app/session/PasswordDialog.h"
#include "app/session/ScreenshotTour.h"
#include "store/Profile.h"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>
#include <QTimer>
#include <QUrl>

#include <cstdio>

namespace {
void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Magpie"));
    QCoreApplication::setOrganizationDomain(QString::fromLatin1(magpie::kOrganizationDomain));
    QCoreApplication::setApplicationName(QStringLiteral("magpie"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(magpie::kVersion));
}

// What the desktop asked for: a composer per mailto: link, a message window per file.
void openRequested(const magpie::app::OpenRequests &requests, magpie::app::MainWindow &window,
                   magpie::app::MailSession &session)
{
    using namespace magpie::app;
    for (const OpenRequest &request : requests) {
        if (request.kind == OpenRequest::Kind::MessageFile) {
            window.openMessageFile(request.target);
            continue;
        }
        auto *composer = new ComposerWindow(session);
        if (composer->startFromMailto(QUrl(request.target, QUrl::StrictMode))) {
            composer->show();
            continue;
        }
        delete composer;
        QMessageBox::warning(
            &window, QCoreApplication::translate("magpie::app::main", "Cannot write to this link"),
            QCoreApplication::translate("magpie::app::main",
                                        "%1 is not a mailto: link Magpie understands.")
                .arg(request.target));
    }
}

// A start-up failure: on the terminal for scripts, and in a box for a person.
int failStart(const QString &message, bool interactive)
{
    std::fprintf(stderr, "magpie: %s\n", qPrintable(message));
    if (interactive)
        QMessageBox::critical(nullptr, QCoreApplication::translate("magpie::app::main", "Magpie cannot start"), message);
    return 1;
}
} // namespace

int main(int argc, char *argv[])
{
    using namespace magpie::app;

    if (CommandLine::asksOnlyForText(argc, argv)) {
        QCoreApplication app(argc, argv);
        describeApplication();
        installTranslations(&app);
        CommandLine commandLine;
        commandLine.parser().process(app); // prints and exits
        return 0;
    }

    QApplication app(argc, argv);
    describeApplication();
    QGuiApplication::setDesktopFileName(QStringLiteral("org.magpiemail.Magpie"));
    initResources();
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/magpie.svg")));

    CommandLine commandLine;
    commandLine.parser().process(app);
    const QString screenshot = commandLine.screenshotPath();
    const QString screenshots = commandLine.screenshotsDirectory();
    const bool interactive = screenshot.isEmpty() && screenshots.isEmpty();
    QString argumentError;
    const OpenRequests requests = commandLine.openRequests(&argumentError);
    if (!argumentError.isEmpty())
        return failStart(argumentError, false);

    // --profile DIR, else MAGPIE_PROFILE, else the platform's data folder (store::Profile).
    const QString profileDirectory =
        magpie::store::Profile::directoryFor(commandLine.profileDirectory());
    // A Magpie already running on this profile takes the links and files, and this one quits.
    RunningInstance instance(profileDirectory);
    QString instanceError;
    switch (instance.claim(&instanceError)) {
    case RunningInstance::Role::Secondary: {
        int exitCode = 0;
        QObject::connect(&instance, &RunningInstance::forwarded, &app,
                         [&exitCode, interactive](const QString &error) {
                             if (!error.isEmpty())
                                 exitCode = failStart(error, interactive);
                             QCoreApplication::quit();
                         });
        instance.forward(requests);
        app.exec();
        return exitCode;
    }
    case RunningInstance::Role::Failed:
        return failStart(instanceError, interactive);
    case RunningInstance::Role::Primary:
        break;
    }
    MailSession session(profileDirectory);
    const magpie::store::StoreError openError = session.open();
    // The language chosen in Settings > General, else the system's (read with the profile).
    const QString language = session.preferences().language;
    installTranslations(&app, language.isEmpty() ? QLocale() : QLocale(language));
    if (openError)
        return failStart(openError.message, interactive);
    session.setPasswordPrompt(PasswordDialog::prompt(session));

    if (commandLine.demo()) {
        const QString error = session.startDemo();
        if (!error.isEmpty())
            return failStart(error, interactive);
    } else if (session.accounts().isEmpty() && interactive && requests.isEmpty()) {
        // First run: the demo or a real account; closing it opens Magpie without one.
        FirstRunDialog firstRun(session);
        firstRun.exec(); // a modal dialog the person sees, before any window exists
    }

    MainWindow window(session);
    window.show();
    // Connect once the window is on screen: the first paint never waits for the network.
    // "Check for new mail at start-up" off: nothing connects until Get mail, but the demo's
    // server must run for that to work.
    QTimer::singleShot(0, &session, [&session] {
        if (session.preferences().checkMailAtStartUp)
            session.startAccounts();
        else if (session.account(QString::fromLatin1(DemoMailbox::kAccountId)) && !session.demo())
            session.startDemo();
    });

    openRequested(requests, window, session);
    // A later start, or (macOS) an open event: bring the window forward, then open what it asked.
    const auto openLater = [&window, &session](const OpenRequests &later) {
        window.setWindowState(window.windowState() & ~Qt::WindowMinimized);
        window.show();
        window.raise();
        window.activateWindow();
        openRequested(later, window, session);
    };
    QObject::connect(&instance, &RunningInstance::openRequested, &window, openLater);
    OpenEventFilter openEvents;
    app.installEventFilter(&openEvents);
    QObject::connect(&openEvents, &OpenEventFilter::openRequested, &window, openLater);

    ScreenshotTour tour(session, &window);
    if (!screenshots.isEmpty())
        tour.saveAllInto(screenshots);
    else if (!screenshot.isEmpty())
        tour.saveMainWindowTo(screenshot);
    return app.exec();
}
