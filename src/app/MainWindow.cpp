// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/MainWindow.h"

#include "Version.h"
#include "ui_MainWindow.h"

#include <QApplication>
#include <QCloseEvent>
#include <QMessageBox>
#include <QSettings>

namespace magpie::app {

namespace {
const QString kGeometryKey = QStringLiteral("MainWindow/geometry");
const QString kStateKey = QStringLiteral("MainWindow/state");
const QString kFolderSplitterKey = QStringLiteral("MainWindow/folderSplitter");
const QString kMessageSplitterKey = QStringLiteral("MainWindow/messageSplitter");
} // namespace

MainWindow::MainWindow(MailSession &session, QWidget *parent)
    : QMainWindow(parent)
    , m_session(session)
    , m_ui(std::make_unique<Ui::MainWindow>())
{
    m_ui->setupUi(this);
    setWindowIcon(QIcon(QStringLiteral(":/icons/magpie.svg")));
    m_ui->folderSplitter->setStretchFactor(0, 0);
    m_ui->folderSplitter->setStretchFactor(1, 1);
    m_ui->folderSplitter->setSizes({ 240, 860 });
    m_ui->messageSplitter->setSizes({ 300, 420 });
    setUpActions();
    restoreWindowState();
    statusBar()->showMessage(tr("No account is set up yet."));
}

MainWindow::~MainWindow() = default;

void MainWindow::setUpActions()
{
    // Platform-standard shortcuts where a standard exists; the rest as Thunderbird has them.
    m_ui->actionWrite->setShortcut(QKeySequence::New);
    m_ui->actionGetMail->setShortcut(QKeySequence::Refresh);
    m_ui->actionReply->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_ui->actionReplyAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_ui->actionForward->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_ui->actionDelete->setShortcut(QKeySequence::Delete);
    m_ui->actionArchive->setShortcut(QKeySequence(Qt::Key_A));
    m_ui->actionSearch->setShortcut(QKeySequence::Find);
    m_ui->actionSettings->setShortcut(QKeySequence::Preferences);
    m_ui->actionQuit->setShortcut(QKeySequence::Quit);

    // Mail actions wait for the account runtime and the models; until they are wired they
    // stay disabled rather than doing nothing when clicked.
    const QList<QAction *> notYetWired = {
        m_ui->actionGetMail, m_ui->actionWrite,   m_ui->actionReply,
        m_ui->actionReplyAll, m_ui->actionForward, m_ui->actionDelete,
        m_ui->actionArchive, m_ui->actionMove,    m_ui->actionSearch,
        m_ui->actionSettings,
    };
    for (QAction *action : notYetWired)
        action->setEnabled(false);

    m_ui->menuView->addAction(m_ui->mainToolBar->toggleViewAction());
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->actionAboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::restoreWindowState()
{
    const QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
    m_ui->folderSplitter->restoreState(settings.value(kFolderSplitterKey).toByteArray());
    m_ui->messageSplitter->restoreState(settings.value(kMessageSplitterKey).toByteArray());
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kFolderSplitterKey, m_ui->folderSplitter->saveState());
    settings.setValue(kMessageSplitterKey, m_ui->messageSplitter->saveState());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange)
        m_ui->retranslateUi(this);
    QMainWindow::changeEvent(event);
}

void MainWindow::showAbout()
{
    QMessageBox::about(
        this, tr("About Magpie"),
        tr("<h3>Magpie %1</h3>"
           "<p>A desktop mail client with its own IMAP, POP3 and SMTP engines.</p>"
           "<p>Built with Qt %2, running on Qt %3.</p>"
           "<p>Magpie is free software under the GNU General Public License, version 3 or "
           "later. Its icons were drawn for Magpie and share that licence.</p>")
            .arg(QString::fromLatin1(kVersion), QString::fromLatin1(QT_VERSION_STR),
                 QString::fromLatin1(qVersion())));
}

} // namespace magpie::app
