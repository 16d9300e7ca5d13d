// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/MainWindow.h"
#include "app/Resources.h"
#include "app/Translations.h"
#include "app/session/MailSession.h"
#include "app/view/MessageView.h"

#include <QAction>
#include <QApplication>
#include <QFile>
#include <QMenuBar>
#include <QSettings>
#include <QSplitter>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QToolBar>
#include <QTranslator>
#include <QTreeView>

using magpie::app::MainWindow;
using namespace Qt::StringLiterals;

class TestMainWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void hasThreePanes();
    void hasTheDesignActions_data();
    void hasTheDesignActions();
    void iconsLoadFromResources();
    void remembersGeometryAndSplitters();
    void quitClosesTheWindow();
    void standardShortcuts_data();
    void standardShortcuts();
    void layoutSwitchIsRememberedInPreferences();
    void threadsSwitchIsRemembered();
    void germanAndFrenchTranslationsLoad_data();
    void germanAndFrenchTranslationsLoad();

private:
    QTemporaryDir m_settingsDir;
};

void TestMainWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    // Never read or write the settings of the person running the tests.
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"MagpieTest"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindow"_s);
    magpie::app::initResources();
}

void TestMainWindow::hasThreePanes()
{
    magpie::app::MailSession session(m_settingsDir.filePath(u"profile"_s));
    MainWindow window(session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    auto *folders = window.findChild<QTreeView *>(u"folderView"_s);
    auto *list = window.findChild<QTreeView *>(u"messageListView"_s);
    auto *view = window.findChild<magpie::app::MessageView *>(u"messageView"_s);
    QVERIFY(folders && list && view);
    for (QWidget *pane : { static_cast<QWidget *>(folders), static_cast<QWidget *>(list),
                           static_cast<QWidget *>(view) }) {
        QVERIFY(pane->isVisible());
        QVERIFY2(pane->width() > 50 && pane->height() > 50, qPrintable(pane->objectName()));
    }
    // Folders to the left of the list, the list above the message.
    QVERIFY(folders->mapTo(&window, QPoint()).x() < list->mapTo(&window, QPoint()).x());
    QVERIFY(list->mapTo(&window, QPoint()).y() < view->mapTo(&window, QPoint()).y());
    QVERIFY(window.menuBar()->actions().size() >= 5);
    QVERIFY(window.statusBar()->isVisible());
    QVERIFY(!window.statusBar()->currentMessage().isEmpty());
}

void TestMainWindow::hasTheDesignActions_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<bool>("onToolbar");
    QTest::addColumn<bool>("enabled");
    // DESIGN.md, App: Get mail, Write, Reply, Reply all, Forward, Delete, Move, Search. With
    // no account and no message there is nothing for them to act on: disabled, never a
    // button that does nothing.
    QTest::newRow("get mail") << u"actionGetMail"_s << true << false;
    QTest::newRow("write") << u"actionWrite"_s << true << false;
    QTest::newRow("reply") << u"actionReply"_s << true << false;
    QTest::newRow("reply all") << u"actionReplyAll"_s << true << false;
    QTest::newRow("forward") << u"actionForward"_s << true << false;
    QTest::newRow("delete") << u"actionDelete"_s << true << false;
    QTest::newRow("archive") << u"actionArchive"_s << true << false;
    QTest::newRow("move") << u"actionMove"_s << true << false;
    QTest::newRow("flag") << u"actionFlag"_s << true << false;
    QTest::newRow("search") << u"actionSearch"_s << true << false;
    QTest::newRow("print") << u"actionPrint"_s << false << false;
    QTest::newRow("save as") << u"actionSaveAs"_s << false << false;
    QTest::newRow("view source") << u"actionViewSource"_s << false << false;
    QTest::newRow("open file") << u"actionOpenFile"_s << false << true;
    QTest::newRow("settings") << u"actionSettings"_s << false << true;
    QTest::newRow("quit") << u"actionQuit"_s << false << true;
    QTest::newRow("about") << u"actionAbout"_s << false << true;
}

void TestMainWindow::hasTheDesignActions()
{
    QFETCH(QString, name);
    QFETCH(bool, onToolbar);
    QFETCH(bool, enabled);
    magpie::app::MailSession session(m_settingsDir.filePath(u"profile"_s));
    MainWindow window(session);
    auto *action = window.findChild<QAction *>(name);
    QVERIFY(action);
    QVERIFY(!action->text().isEmpty());
    QCOMPARE(action->isEnabled(), enabled);
    auto *toolBar = window.findChild<QToolBar *>(u"mainToolBar"_s);
    QVERIFY(toolBar);
    QCOMPARE(toolBar->actions().contains(action), onToolbar);
}

void TestMainWindow::iconsLoadFromResources()
{
    const QStringList icons = { u"magpie.svg"_s, u"get-mail.svg"_s, u"write.svg"_s,
                                u"reply.svg"_s, u"reply-all.svg"_s, u"forward.svg"_s,
                                u"delete.svg"_s, u"move.svg"_s, u"search.svg"_s,
                                u"attachment.svg"_s, u"mark-unread.svg"_s, u"save.svg"_s,
                                u"open.svg"_s, u"source.svg"_s, u"mail.svg"_s };
    for (const QString &name : icons) {
        const QIcon icon(u":/icons/"_s + name);
        QVERIFY2(!icon.pixmap(32, 32).isNull(), qPrintable(name));
    }
    magpie::app::MailSession session(m_settingsDir.filePath(u"profile"_s));
    MainWindow window(session);
    QVERIFY(!window.findChild<QAction *>(u"actionGetMail"_s)->icon().isNull());
}

void TestMainWindow::remembersGeometryAndSplitters()
{
    QList<int> folderSizes;
    QList<int> messageSizes;
    {
        magpie::app::MailSession session(m_settingsDir.filePath(u"profile"_s));
        MainWindow window(session);
        window.resize(1000, 700);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        auto *folderSplitter = window.findChild<QSplitter *>(u"folderSplitter"_s);
        auto *messageSplitter = window.findChild<QSplitter *>(u"messageSplitter"_s);
        folderSplitter->setSizes({ 333, 600 });
        messageSplitter->setSizes({ 150, 400 });
        folderSizes = folderSplitter->sizes();
        messageSizes = messageSplitter->sizes();
        QVERIFY(window.close());
    }
    magpie::app::MailSession reopenedSession(m_settingsDir.filePath(u"profile"_s));
    MainWindow reopened(reopenedSession);
    reopened.show();
    QVERIFY(QTest::qWaitForWindowExposed(&reopened));
    QCOMPARE(reopened.size(), QSize(1000, 700));
    QCOMPARE(reopened.findChild<QSplitter *>(u"folderSplitter"_s)->sizes(), folderSizes);
    QCOMPARE(reopened.findChild<QSplitter *>(u"messageSplitter"_s)->sizes(), messageSizes);
}

void TestMainWindow::quitClosesTheWindow()
{
    magpie::app::MailSession session(m_settingsDir.filePath(u"profile"_s));
    MainWindow window(session);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));
    window.findChild<QAction *>(u"actionQuit"_s)->trigger();
    QVERIFY(!window.isVisible());
}

void TestMainWindow::standardShortcuts_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QKeySequence>("shortcut");
    QTest::newRow("write") << u"actionWrite"_s << QKeySequence(QKeySequence::New);
    QTest::newRow("reply") << u"actionReply"_s << QKeySequence(u"Ctrl+R"_s);
    QTest::newRow("reply all") << u"actionReplyAll"_s << QKeySequence(u"Ctrl+Shift+R"_s);
    QTest::newRow("forward") << u"actionForward"_s << QKeySequence(u"Ctrl+L"_s);
    QTest::newRow("delete") << u"actionDelete"_s << QKeySequence(QKeySequence::Delete);
    QTest::newRow("delete for good") << u"actionDeletePermanently"_s << QKeySequence(u"Shift+Del"_s);
    QTest::newRow("print") << u"actionPrint"_s << QKeySequence(QKeySequence::Print);
    QTest::newRow("save") << u"actionSaveAs"_s << QKeySequence(QKeySequence::Save);
    QTest::newRow("open") << u"actionOpenFile"_s << QKeySequence(QKeySequence::Open);
    QTest::newRow("source") << u"actionViewSource"_s << QKeySequence(u"Ctrl+U"_s);
    QTest::newRow("find") << u"actionSearch"_s << QKeySequence(QKeySequence::Find);
}

void TestMainWindow::standardShortcuts()
{
    QFETCH(QString, name);
    QFETCH(QKeySequence, shortcut);
    magpie::app::MailSession session(m_settingsDir.filePath(u"profile"_s));
    MainWindow window(session);
    auto *action = window.findChild<QAction *>(name);
    QVERIFY(action);
    QVERIFY2(action->shortcuts().contains(shortcut), qPrintable(action->shortcut().toString()));
}

void TestMainWindow::layoutSwitchIsRememberedInPreferences()
{
    const QString profile = m_settingsDir.filePath(u"layout-profile"_s);
    {
        magpie::app::MailSession session(profile);
        QVERIFY(!session.open());
        MainWindow window(session);
        auto *splitter = window.findChild<QSplitter *>(u"messageSplitter"_s);
        QCOMPARE(splitter->orientation(), Qt::Vertical); // classic: the message below the list
        window.findChild<QAction *>(u"actionLayoutWide"_s)->trigger();
        QCOMPARE(splitter->orientation(), Qt::Horizontal);
        QCOMPARE(session.preferences().layout, magpie::app::Preferences::Layout::Wide);
        QVERIFY(window.findChild<QAction *>(u"actionLayoutWide"_s)->isChecked());
        QVERIFY(!window.findChild<QAction *>(u"actionLayoutClassic"_s)->isChecked());
    }
    magpie::app::MailSession reopened(profile);
    QVERIFY(!reopened.open());
    MainWindow window(reopened);
    QCOMPARE(window.findChild<QSplitter *>(u"messageSplitter"_s)->orientation(), Qt::Horizontal);
    window.findChild<QAction *>(u"actionLayoutClassic"_s)->trigger();
    QCOMPARE(window.findChild<QSplitter *>(u"messageSplitter"_s)->orientation(), Qt::Vertical);
}

void TestMainWindow::threadsSwitchIsRemembered()
{
    {
        magpie::app::MailSession session(m_settingsDir.filePath(u"profile"_s));
        MainWindow window(session);
        auto *threads = window.findChild<QAction *>(u"actionThreads"_s);
        QVERIFY(threads->isChecked());
        threads->trigger();
        QVERIFY(!window.findChild<QTreeView *>(u"messageListView"_s)->rootIsDecorated());
        QVERIFY(window.close());
    }
    magpie::app::MailSession session(m_settingsDir.filePath(u"profile"_s));
    MainWindow window(session);
    QVERIFY(!window.findChild<QAction *>(u"actionThreads"_s)->isChecked());
    window.findChild<QAction *>(u"actionThreads"_s)->trigger();
    QVERIFY(window.close());
}

void TestMainWindow::germanAndFrenchTranslationsLoad_data()
{
    QTest::addColumn<QString>("locale");
    QTest::addColumn<QString>("getMail");
    QTest::addColumn<QString>("status");
    QTest::newRow("de") << u"de_DE"_s << u"Nachrichten abrufen"_s << u"Es ist noch kein Konto eingerichtet."_s;
    QTest::newRow("fr") << u"fr_FR"_s << u"Relever le courrier"_s << u"Aucun compte n’est encore configuré."_s;
}

void TestMainWindow::germanAndFrenchTranslationsLoad()
{
    QFETCH(QString, locale);
    QFETCH(QString, getMail);
    QFETCH(QString, status);
    QVERIFY(QFile::exists(u":/i18n/magpie_"_s + locale.left(2) + u".qm"_s));
    QVERIFY(magpie::app::installTranslations(qApp, QLocale(locale)));
    magpie::app::MailSession session(m_settingsDir.filePath(u"profile"_s));
    MainWindow window(session);
    QCOMPARE(window.findChild<QAction *>(u"actionGetMail"_s)->text(), getMail);
    QCOMPARE(window.statusBar()->currentMessage(), status);
    // Back to English for whatever runs next: remove every translator installed here.
    const auto translators = qApp->findChildren<QTranslator *>();
    for (QTranslator *translator : translators) {
        QCoreApplication::removeTranslator(translator);
        translator->deleteLater();
    }
    QCoreApplication::processEvents();
    QCoreApplication::sendPostedEvents(nullptr, QEvent::DeferredDelete);
}

QTEST_MAIN(TestMainWindow)
#include "tst_mainwindow.moc"
