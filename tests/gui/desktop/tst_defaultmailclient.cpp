// SPDX-License-Identifier: GPL-3.0-or-later
// Settings > General > Default mail client (issue 8) on a freedesktop system, with the real
// xdg-mime from xdg-utils in a private XDG_CONFIG_HOME / XDG_DATA_HOME holding the desktop file
// the packages install (installer/linux/org.magpiemail.Magpie.desktop) and another mail
// program's. XDG_CURRENT_DESKTOP is X-Generic, so xdg-mime takes its generic path: it writes
// $XDG_CONFIG_HOME/mimeapps.list and answers from the mimeapps.list files. xdg-mime only
// reports a desktop file whose Exec program is on PATH, so a bin/ folder on PATH holds a
// `magpie` (a link to `true`: nothing is started, xdg-mime only looks it up).
#include "app/desktop/DefaultMailClient.h"
#include "app/settings/SettingsGeneralPage.h"

#include <QCoreApplication>
#include <QDir>
#include <QFile>
#include <QLabel>
#include <QLocale>
#include <QPushButton>
#include <QScopeGuard>
#include <QSignalSpy>
#include <QStandardPaths>
#include <QTemporaryDir>
#include <QTest>

using magpie::app::DefaultMailClient;
using magpie::app::SettingsGeneralPage;
using namespace Qt::StringLiterals;

namespace {

// xdg-mime is a shell script (about 0.3 s a run here); a loaded machine may take longer.
constexpr int kXdgMimeWait = 20000;

bool writeFile(const QString &path, const QByteArray &contents)
{
    QFile file(path);
    return file.open(QIODevice::WriteOnly | QIODevice::Truncate) && file.write(contents) >= 0;
}

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

} // namespace

class TestDefaultMailClient : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanupTestCase();
    void reportsNoProgram();
    void declaredProgramIsTheFallback();
    void namesAnotherProgram();
    void namesItInThePersonsLanguage();
    void clickMakesMagpieTheDefault();
    void nothingHappensUntilTheClick();
    void missingDesktopFileIsExplained();
    void missingXdgMimeIsExplained();
    void changeThatDoesNotHoldIsReported();

private:
    QString mimeappsList() const { return m_root.filePath(u"config/mimeapps.list"_s); }
    QString exampleDesktopFile() const
    {
        return m_root.filePath(u"data/applications/example-mailer.desktop"_s);
    }
    QString magpieDesktopFile() const
    {
        return m_root.filePath(u"data/applications/org.magpiemail.Magpie.desktop"_s);
    }
    static QLabel *stateLabel(SettingsGeneralPage &page)
    {
        return page.findChild<QLabel *>(u"defaultClientState"_s);
    }
    static QLabel *problemLabel(SettingsGeneralPage &page)
    {
        return page.findChild<QLabel *>(u"defaultClientProblem"_s);
    }
    static QPushButton *button(SettingsGeneralPage &page)
    {
        return page.findChild<QPushButton *>(u"makeDefaultButton"_s);
    }

    QTemporaryDir m_root;
    QByteArray m_path;
};

void TestDefaultMailClient::initTestCase()
{
    QVERIFY(m_root.isValid());
    // The real tool or nothing: CI installs xdg-utils (scripts/deps.sh).
    if (QStandardPaths::findExecutable(u"xdg-mime"_s).isEmpty())
        QFAIL("xdg-mime is not installed (Debian package xdg-utils); scripts/deps.sh installs it");
    for (const QString &dir :
         { u"config"_s, u"data/applications"_s, u"system-data"_s, u"system-config"_s, u"bin"_s }) {
        QVERIFY(QDir(m_root.path()).mkpath(dir));
    }
    QVERIFY(
        QFile::link(QStandardPaths::findExecutable(u"true"_s), m_root.filePath(u"bin/magpie"_s)));
    QVERIFY(QFile::link(QStandardPaths::findExecutable(u"true"_s),
                        m_root.filePath(u"bin/example-mailer"_s)));
    // Only this test's folders: the machine's own mimeapps.list and mimeinfo.cache files
    // must not answer for it.
    qputenv("XDG_CONFIG_HOME", QFile::encodeName(m_root.filePath(u"config"_s)));
    qputenv("XDG_DATA_HOME", QFile::encodeName(m_root.filePath(u"data"_s)));
    qputenv("XDG_DATA_DIRS", QFile::encodeName(m_root.filePath(u"system-data"_s)));
    qputenv("XDG_CONFIG_DIRS", QFile::encodeName(m_root.filePath(u"system-config"_s)));
    qputenv("XDG_CURRENT_DESKTOP", "X-Generic");
    qunsetenv("KDE_FULL_SESSION");
    qunsetenv("GNOME_DESKTOP_SESSION_ID");
    m_path = qgetenv("PATH");
    qputenv("PATH", QFile::encodeName(m_root.filePath(u"bin"_s)) + ':' + m_path);
}

void TestDefaultMailClient::init()
{
    qputenv("PATH", QFile::encodeName(m_root.filePath(u"bin"_s)) + ':' + m_path);
    QFile::remove(mimeappsList());
    QFile::remove(magpieDesktopFile());
    // Without MimeType: xdg-mime's last resort (no mimeapps.list names a program) is the
    // first desktop file that declares the type, which only declaredProgramIsTheFallback
    // wants to see.
    QVERIFY(writeFile(exampleDesktopFile(),
                      "[Desktop Entry]\nType=Application\n"
                      "Name=Example Mailer\nName[de]=Beispiel-Mailer\n"
                      "Exec=example-mailer %u\n"));
    QVERIFY(QFile::copy(
        QStringLiteral(MAGPIE_TEST_DATA_DIR "/../../installer/linux/org.magpiemail.Magpie.desktop"),
        magpieDesktopFile()));
}

void TestDefaultMailClient::cleanupTestCase()
{
    qputenv("PATH", m_path);
}

void TestDefaultMailClient::reportsNoProgram()
{
    // No mimeapps.list and no desktop file that declares mailto: (Magpie's declares it once
    // installer/linux adds its MimeType line).
    QVERIFY(QFile::remove(magpieDesktopFile()));
    SettingsGeneralPage page;
    page.show();
    QTRY_COMPARE_WITH_TIMEOUT(stateLabel(page)->text(),
                              u"No program is set to handle mail links."_s, kXdgMimeWait);
    QVERIFY(button(page)->isEnabled());
}

void TestDefaultMailClient::declaredProgramIsTheFallback()
{
    QVERIFY(QFile::remove(magpieDesktopFile()));
    QVERIFY(writeFile(exampleDesktopFile(),
                      "[Desktop Entry]\nType=Application\n"
                      "Name=Example Mailer\nExec=example-mailer %u\n"
                      "MimeType=x-scheme-handler/mailto;\n"));
    SettingsGeneralPage page;
    page.show();
    QTRY_COMPARE_WITH_TIMEOUT(stateLabel(page)->text(),
                              u"Another program handles mail links (Example Mailer)."_s,
                              kXdgMimeWait);
}

void TestDefaultMailClient::namesAnotherProgram()
{
    QVERIFY(writeFile(mimeappsList(),
                      "[Default Applications]\n"
                      "x-scheme-handler/mailto=example-mailer.desktop\n"));
    SettingsGeneralPage page;
    page.show();
    QTRY_COMPARE_WITH_TIMEOUT(stateLabel(page)->text(),
                              u"Another program handles mail links (Example Mailer)."_s,
                              kXdgMimeWait);
    QVERIFY(button(page)->isEnabled());
    QVERIFY(problemLabel(page)->isHidden());
}

void TestDefaultMailClient::namesItInThePersonsLanguage()
{
    // The desktop file's Name[de] for a German locale (Desktop Entry spec, localized keys).
    QVERIFY(writeFile(mimeappsList(),
                      "[Default Applications]\n"
                      "x-scheme-handler/mailto=example-mailer.desktop\n"));
    QLocale::setDefault(QLocale(QLocale::German, QLocale::Germany));
    const auto restore = qScopeGuard([] { QLocale::setDefault(QLocale::c()); });
    SettingsGeneralPage page;
    page.show();
    QTRY_VERIFY_WITH_TIMEOUT(stateLabel(page)->text().startsWith(u"Another program"_s),
                             kXdgMimeWait);
    QCOMPARE(stateLabel(page)->text(), u"Another program handles mail links (Beispiel-Mailer)."_s);
}

void TestDefaultMailClient::clickMakesMagpieTheDefault()
{
    QVERIFY(writeFile(mimeappsList(),
                      "[Default Applications]\n"
                      "x-scheme-handler/mailto=example-mailer.desktop\n"
                      "text/html=example-browser.desktop\n"));
    SettingsGeneralPage page;
    page.show();
    QTRY_VERIFY_WITH_TIMEOUT(stateLabel(page)->text().startsWith(u"Another program"_s),
                             kXdgMimeWait);
    QTest::mouseClick(button(page), Qt::LeftButton);
    QTRY_COMPARE_WITH_TIMEOUT(stateLabel(page)->text(), u"Magpie is your default mail client."_s,
                              kXdgMimeWait);
    QVERIFY(!button(page)->isEnabled());
    QVERIFY(problemLabel(page)->isHidden());

    // What xdg-mime wrote: Magpie for both types, the other association left alone.
    const QByteArray written = readFile(mimeappsList());
    QVERIFY2(written.contains("\nx-scheme-handler/mailto=org.magpiemail.Magpie.desktop\n"),
             written.constData());
    QVERIFY2(written.contains("\nmessage/rfc822=org.magpiemail.Magpie.desktop\n"),
             written.constData());
    QVERIFY2(!written.contains("example-mailer"), written.constData());
    QVERIFY2(written.contains("\ntext/html=example-browser.desktop\n"), written.constData());

    // A page opened later finds the same answer.
    SettingsGeneralPage again;
    again.show();
    QTRY_COMPARE_WITH_TIMEOUT(stateLabel(again)->text(), u"Magpie is your default mail client."_s,
                              kXdgMimeWait);
}

void TestDefaultMailClient::nothingHappensUntilTheClick()
{
    // Opening the page only asks; it never writes the person's associations.
    QVERIFY(QFile::remove(magpieDesktopFile()));
    SettingsGeneralPage page;
    page.show();
    QTRY_COMPARE_WITH_TIMEOUT(stateLabel(page)->text(),
                              u"No program is set to handle mail links."_s, kXdgMimeWait);
    QVERIFY(!QFile::exists(mimeappsList()));
    // Nor does a client that was never asked to.
    DefaultMailClient client;
    QSignalSpy changed(&client, &DefaultMailClient::stateChanged);
    QCOMPARE(client.state(), DefaultMailClient::State::Unknown);
    QCoreApplication::processEvents();
    QCOMPARE(changed.count(), 0);
}

void TestDefaultMailClient::missingDesktopFileIsExplained()
{
    QVERIFY(QFile::remove(magpieDesktopFile()));
    SettingsGeneralPage page;
    page.show();
    QTRY_COMPARE_WITH_TIMEOUT(stateLabel(page)->text(),
                              u"No program is set to handle mail links."_s, kXdgMimeWait);
    QTest::mouseClick(button(page), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!problemLabel(page)->isHidden(), kXdgMimeWait);
    QVERIFY2(
        problemLabel(page)->text().contains(u"org.magpiemail.Magpie.desktop is not installed"_s),
        qPrintable(problemLabel(page)->text()));
    QTRY_COMPARE_WITH_TIMEOUT(stateLabel(page)->text(),
                              u"No program is set to handle mail links."_s, kXdgMimeWait);
    // A mail link must never point at a program the desktop cannot start.
    QVERIFY(!QFile::exists(mimeappsList()));
}

void TestDefaultMailClient::missingXdgMimeIsExplained()
{
    // A PATH without xdg-utils (only this test's bin/, which has no xdg-mime).
    qputenv("PATH", QFile::encodeName(m_root.filePath(u"bin"_s)));
    SettingsGeneralPage page;
    page.show();
    QTRY_VERIFY_WITH_TIMEOUT(stateLabel(page)->text().startsWith(u"Cannot tell"_s), kXdgMimeWait);
    QVERIFY2(stateLabel(page)->text().contains(u"Install the xdg-utils package"_s),
             qPrintable(stateLabel(page)->text()));
    QTest::mouseClick(button(page), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!problemLabel(page)->isHidden(), kXdgMimeWait);
    QVERIFY2(problemLabel(page)->text().contains(u"xdg-mime is not installed"_s),
             qPrintable(problemLabel(page)->text()));
}

void TestDefaultMailClient::changeThatDoesNotHoldIsReported()
{
    // A desktop-specific list outranks mimeapps.list (freedesktop mime-apps spec: the
    // $desktop-mimeapps.list of XDG_CURRENT_DESKTOP comes first), and xdg-mime writes only
    // mimeapps.list: the change "succeeds" and the desktop still names the other program.
    const QString desktopList = m_root.filePath(u"config/x-generic-mimeapps.list"_s);
    QVERIFY(writeFile(desktopList,
                      "[Default Applications]\n"
                      "x-scheme-handler/mailto=example-mailer.desktop\n"));
    SettingsGeneralPage page;
    page.show();
    QTRY_VERIFY_WITH_TIMEOUT(stateLabel(page)->text().startsWith(u"Another program"_s),
                             kXdgMimeWait);
    QTest::mouseClick(button(page), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!problemLabel(page)->isHidden(), kXdgMimeWait);
    QVERIFY2(problemLabel(page)->text().contains(u"still names Example Mailer"_s),
             qPrintable(problemLabel(page)->text()));
    QCOMPARE(stateLabel(page)->text(), u"Another program handles mail links (Example Mailer)."_s);
    QVERIFY(readFile(mimeappsList()).contains("x-scheme-handler/mailto=org.magpiemail.Magpie"));
    QVERIFY(QFile::remove(desktopList));
}

QTEST_MAIN(TestDefaultMailClient)
#include "tst_defaultmailclient.moc"
