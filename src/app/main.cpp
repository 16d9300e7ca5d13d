// SPDX-License-Identifier: GPL-3.0-or-later
// magpie: the desktop mail client.
#include "Version.h"
#include "app/CommandLine.h"
#include "app/MainWindow.h"
#include "app/Resources.h"
#include "app/Translations.h"
#include "app/session/MailSession.h"
#include "store/Profile.h"

#include <QApplication>
#include <QIcon>
#include <QTimer>

namespace {
void describeApplication()
{
    QCoreApplication::setOrganizationName(QStringLiteral("Magpie"));
    QCoreApplication::setOrganizationDomain(QString::fromLatin1(magpie::kOrganizationDomain));
    QCoreApplication::setApplicationName(QStringLiteral("magpie"));
    QCoreApplication::setApplicationVersion(QString::fromLatin1(magpie::kVersion));
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

    // SCAFFOLD: the session helper makes this the real start-up (--profile, --demo, first run).
    MailSession session(magpie::store::Profile::directoryFor());
    session.open();
    MainWindow window(session);
    window.show();
    const QString screenshot = commandLine.screenshotPath();
    if (!screenshot.isEmpty()) {
        // Once the first frame is painted: save what a person would see, then leave.
        QTimer::singleShot(1000, &window, [&window, &screenshot] {
            const bool saved = window.grab().save(screenshot, "PNG");
            if (!saved)
                qCritical("magpie: cannot write the screenshot to %s", qPrintable(screenshot));
            QCoreApplication::exit(saved ? 0 : 1);
        });
    }
    return app.exec();
}
