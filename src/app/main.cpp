// SPDX-License-Identifier: GPL-3.0-or-later
// magpie: the desktop mail client.
#include "Version.h"
#include "app/CommandLine.h"
#include "app/MainWindow.h"
#include "app/Resources.h"
#include "app/Translations.h"
#include "app/compose/ComposerWindow.h"
#include "app/session/FirstRunDialog.h"
#include "app/session/MailSession.h"
#include "app/session/PasswordDialog.h"
#include "app/session/ScreenshotTour.h"
#include "store/Profile.h"

#include <QApplication>
#include <QIcon>
#include <QMessageBox>
#include <QTimer>

#include <cstdio>

namespace {
void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Magpie"));
    QCoreApplication::setOrganizationDomain(QString::fromLatin1(magpie::kOrganizationDomain));
    QCoreApplication::setApplicationName(QStringLiteral("magpie"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(magpie::kVersion));
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
    installTranslations(&app);
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/icons/magpie.svg")));

    CommandLine commandLine;
    commandLine.parser().process(app);
    const QString screenshot = commandLine.screenshotPath();
    const QString screenshots = commandLine.screenshotsDirectory();
    const bool interactive = screenshot.isEmpty() && screenshots.isEmpty();
    QString mailtoError;
    const QUrl mailto = commandLine.mailto(&mailtoError);
    if (!mailtoError.isEmpty())
        return failStart(mailtoError, false);

    // --profile DIR, else MAGPIE_PROFILE, else the platform's data folder (store::Profile).
    MailSession session(magpie::store::Profile::directoryFor(commandLine.profileDirectory()));
    if (const magpie::store::StoreError error = session.open())
        return failStart(error.message, interactive);
    session.setPasswordPrompt(PasswordDialog::prompt(session));

    if (commandLine.demo()) {
        const QString error = session.startDemo();
        if (!error.isEmpty())
            return failStart(error, interactive);
    } else if (session.accounts().isEmpty() && interactive && mailto.isEmpty()) {
        // First run: the demo or a real account; closing it opens Magpie without one.
        FirstRunDialog firstRun(session);
        firstRun.exec(); // a modal dialog the person sees, before any window exists
    }

    MainWindow window(session);
    window.show();
    // Connect once the window is on screen: the first paint never waits for the network.
    QTimer::singleShot(0, &session, [&session] { session.startAccounts(); });

    if (!mailto.isEmpty()) {
        auto *composer = new ComposerWindow(session);
        if (!composer->startFromMailto(mailto)) {
            delete composer;
            QMessageBox::warning(
                &window,
                QCoreApplication::translate("magpie::app::main", "Cannot write to this link"),
                QCoreApplication::translate("magpie::app::main",
                                            "%1 is not a mailto: link Magpie understands.")
                    .arg(mailto.toDisplayString()));
        } else {
            composer->show();
        }
    }

    ScreenshotTour tour(session, &window);
    if (!screenshots.isEmpty())
        tour.saveAllInto(screenshots);
    else if (!screenshot.isEmpty())
        tour.saveMainWindowTo(screenshot);
    return app.exec();
}
