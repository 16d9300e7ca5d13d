// SPDX-License-Identifier: GPL-3.0-or-later
// Help > About (issue 8): the version and the Qt versions are shown, "Copy Build Information"
// puts them (and the rest of the build information) on the clipboard, the icons' licence
// statement (resources/icons/LICENSE.md) and the components' licences are shown, and Help >
// About in the main window opens this dialog with the SQLite version the store reports.
#include "BuildInfo.h"
#include "Version.h"
#include "app/MainWindow.h"
#include "app/Resources.h"
#include "app/desktop/AboutDialog.h"
#include "app/desktop/BuildInformation.h"
#include "app/session/MailSession.h"

#include <QAction>
#include <QApplication>
#include <QClipboard>
#include <QFile>
#include <QLabel>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRegularExpression>
#include <QSettings>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTimer>

using magpie::app::AboutDialog;
using magpie::app::BuildInformation;
using namespace Qt::StringLiterals;

class TestAboutDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void showsTheVersionAndQt();
    void copiesTheBuildInformation();
    void showsTheLicences();
    void helpAboutOpensTheDialog();

private:
    template<typename T> static T *child(QWidget &dialog, const QString &name)
    {
        auto *widget = dialog.findChild<T *>(name);
        if (!widget)
            qFatal("AboutDialog has no child %s", qPrintable(name));
        return widget;
    }

    QTemporaryDir m_settingsDir;
};

void TestAboutDialog::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    magpie::app::initResources();
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QSettings::setDefaultFormat(QSettings::IniFormat);
}

void TestAboutDialog::showsTheVersionAndQt()
{
    AboutDialog dialog(BuildInformation::current(u"3.40.1"_s));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    const QString version = QString::fromLatin1(magpie::kVersion);
    QVERIFY2(child<QLabel>(dialog, u"titleLabel"_s)->text().contains(version),
             qPrintable(child<QLabel>(dialog, u"titleLabel"_s)->text()));
    QVERIFY(!child<QLabel>(dialog, u"iconLabel"_s)->pixmap().isNull());
    const QString shown = child<QPlainTextEdit>(dialog, u"buildText"_s)->toPlainText();
    QVERIFY2(shown.contains(version), qPrintable(shown));
    QVERIFY2(shown.contains(QString::fromLatin1(qVersion())), qPrintable(shown));
    QVERIFY2(shown.contains(QString::fromLatin1(QT_VERSION_STR)), qPrintable(shown));
    QVERIFY2(shown.contains(u"3.40.1"_s), qPrintable(shown));
}

void TestAboutDialog::copiesTheBuildInformation()
{
    AboutDialog dialog(BuildInformation::current(u"3.40.1"_s));
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QGuiApplication::clipboard()->setText(u"something else"_s);
    QTest::mouseClick(child<QPushButton>(dialog, u"copyButton"_s), Qt::LeftButton);

    const QString copied = QGuiApplication::clipboard()->text();
    QCOMPARE(copied, dialog.buildText());
    QVERIFY2(copied.contains(u": "_s + QString::fromLatin1(magpie::kVersion) + u'\n'),
             qPrintable(copied));
    QVERIFY2(copied.contains(QString::fromLatin1(qVersion())), qPrintable(copied));
    QVERIFY2(copied.contains(QString::fromLatin1(QT_VERSION_STR)), qPrintable(copied));
    QVERIFY2(copied.contains(QSysInfo::buildCpuArchitecture()), qPrintable(copied));
    QVERIFY2(copied.contains(u"3.40.1"_s), qPrintable(copied));
#if defined(__GNUC__) && !defined(__clang__)
    QVERIFY2(copied.contains(u"GCC "_s + QString::fromLatin1(__VERSION__)), qPrintable(copied));
#endif
    // Built from a git checkout, the commit is part of it; from a tarball there is none.
    const QString commit = QString::fromLatin1(magpie::kGitCommit);
    if (!commit.isEmpty())
        QVERIFY2(copied.contains(u"Git commit: "_s + commit + u'\n'), qPrintable(copied));
}

void TestAboutDialog::showsTheLicences()
{
    AboutDialog dialog(BuildInformation::current(u"3.40.1"_s));
    const QString shown = child<QTextBrowser>(dialog, u"componentsText"_s)->toPlainText();
    // The statement as resources/icons/LICENSE.md has it, read here from the source tree.
    QFile iconsLicence(QStringLiteral(MAGPIE_TEST_DATA_DIR "/../../resources/icons/LICENSE.md"));
    QVERIFY(iconsLicence.open(QIODevice::ReadOnly));
    const QString statement = QString::fromUtf8(iconsLicence.readAll());
    const QString firstSentence = statement.section(u"\n\n"_s, 1, 1).simplified();
    QVERIFY(firstSentence.startsWith(u"The icons in this directory"_s));
    QVERIFY2(shown.simplified().contains(firstSentence), qPrintable(shown));
    QVERIFY2(shown.contains(u"write.svg"_s), qPrintable(shown));
    for (const QString &expected : { u"GPL-3.0-or-later"_s, u"LGPL-3.0"_s, u"QtKeychain"_s,
                                     u"BSD-3-Clause"_s, u"public domain"_s, u"Apache-2.0"_s }) {
        QVERIFY2(shown.contains(expected), qPrintable(expected));
    }
    const QString gpl = child<QPlainTextEdit>(dialog, u"licenceText"_s)->toPlainText();
    QVERIFY(gpl.contains(u"GNU GENERAL PUBLIC LICENSE"_s));
    QVERIFY(gpl.contains(u"Version 3, 29 June 2007"_s));
}

void TestAboutDialog::helpAboutOpensTheDialog()
{
    magpie::app::MailSession session(m_settingsDir.filePath(u"profile"_s));
    magpie::app::MainWindow window(session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    QString seen;
    // exec() runs its own loop: look at the dialog from inside it, then close it.
    QTimer::singleShot(0, this, [&seen] {
        for (QWidget *widget : QApplication::topLevelWidgets()) {
            if (auto *about = qobject_cast<AboutDialog *>(widget); about && about->isVisible()) {
                seen = about->buildText();
                about->reject();
            }
        }
    });
    window.findChild<QAction *>(u"actionAbout"_s)->trigger();
    QVERIFY2(seen.contains(QString::fromLatin1(magpie::kVersion)), qPrintable(seen));
    // The SQLite line comes from the store's QSQLITE driver, so it is a real version.
    static const QRegularExpression sqlite(u"SQLite: 3\\.\\d+\\.\\d+"_s);
    QVERIFY2(sqlite.match(seen).hasMatch(), qPrintable(seen));
}

QTEST_MAIN(TestAboutDialog)
#include "tst_aboutdialog.moc"
