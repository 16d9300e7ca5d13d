// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/MainWindow.h"

#include "Version.h"
#include "app/compose/ComposerWindow.h"
#include "app/desktop/AboutDialog.h"
#include "app/session/BackgroundIndexer.h"
#include "app/session/MailSession.h"
#include "app/settings/SettingsDialog.h"
#include "app/view/MessageView.h"
#include "app/window/AccountStatusBar.h"
#include "app/window/ConnectionLogDialog.h"
#include "app/window/FolderDelegate.h"
#include "app/window/FolderMenu.h"
#include "app/window/MessageActions.h"
#include "app/window/MessageFiles.h"
#include "app/window/MessageListDelegate.h"
#include "app/window/MessageReader.h"
#include "app/window/MessageWindow.h"
#include "app/window/NewMailNotifier.h"
#include "app/window/SearchResultsModel.h"
#include "app/window/ThemedIconEngine.h"
#include "models/FolderModel.h"
#include "models/MessageListModel.h"
#include "models/ThreadProxyModel.h"
#include "store/Database.h"
#include "store/FolderRecord.h"
#include "store/MailCache.h"
#include "sync/LocalOperations.h"
#include "ui_MainWindow.h"

#include <QActionGroup>
#include <QApplication>
#include <QCloseEvent>
#include <QFileDialog>
#include <QHeaderView>
#include <QLineEdit>
#include <QMenu>
#include <QMessageBox>
#include <QSettings>
#include <QStandardPaths>
#include <QToolButton>

namespace magpie::app {

using models::FolderModel;
using models::MessageListModel;

namespace {
const QString kGeometryKey = QStringLiteral("MainWindow/geometry");
const QString kStateKey = QStringLiteral("MainWindow/state");
const QString kFolderSplitterKey = QStringLiteral("MainWindow/folderSplitter");
const QString kMessageSplitterKey = QStringLiteral("MainWindow/messageSplitter");
const QString kListHeaderKey = QStringLiteral("MainWindow/listHeader");
const QString kThreadedKey = QStringLiteral("MainWindow/threaded");
const QString kLastFolderKey = QStringLiteral("MainWindow/lastFolder");
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

    m_list = new MessageListModel(m_session.cache(), this);
    m_searchResults = new SearchResultsModel(m_session.cache(), this);
    m_indexer = new BackgroundIndexer(m_session.cache(), this);
    connect(&m_session, &MailSession::accountSyncFinished, m_indexer, &BackgroundIndexer::indexSoon);
    connect(m_indexer, &BackgroundIndexer::pendingChanged, this, &MainWindow::onIndexingProgress);
    m_threads = new models::ThreadProxyModel(this);
    m_threads->setSourceModel(m_list);
    m_actions = new MessageActions(m_session, *m_ui->messageListView, *m_ui->messageView, this);
    m_moveMenu = new FolderMenu(&m_session.folderModel(), this);
    m_moveMenu->setObjectName(QStringLiteral("moveMenu"));
    m_copyMenu = new FolderMenu(&m_session.folderModel(), this);
    m_copyMenu->setObjectName(QStringLiteral("copyMenu"));
    m_accountStatus = new AccountStatusBar(m_session, this);
    statusBar()->addPermanentWidget(m_accountStatus);
    m_notifier = new NewMailNotifier(m_session, this);

    setUpPanes();
    setUpActions();
    setUpIcons();
    connectSession();
    restoreWindowState();
    applyLayout(m_session.preferences().layout);
    statusBar()->showMessage(m_session.accounts().isEmpty() ? tr("No account is set up yet.")
                                                            : tr("Ready"));
    selectInitialFolder();
    updateActions();
}

MainWindow::~MainWindow() = default;

void MainWindow::setUpPanes()
{
    FolderTreeView *folders = m_ui->folderView;
    folders->setModel(&m_session.folderModel());
    folders->setItemDelegate(new FolderDelegate(folders));
    folders->expandToDepth(0);
    connect(&m_session.folderModel(), &QAbstractItemModel::rowsInserted, this,
            [this](const QModelIndex &parent, int first, int last) {
                // A new account (or its first folders): open it, and show its Inbox if
                // nothing is shown yet.
                for (int row = first; row <= last; ++row)
                    m_ui->folderView->expand(m_session.folderModel().index(row, 0, parent));
                QMetaObject::invokeMethod(this, &MainWindow::selectInitialFolder, Qt::QueuedConnection);
            });
    connect(folders->selectionModel(), &QItemSelectionModel::currentChanged, this,
            [this](const QModelIndex &current) { onFolderChosen(current); });
    connect(folders, &FolderTreeView::messagesDropped, m_actions, &MessageActions::moveMessages);
    connect(folders, &FolderTreeView::messagesDroppedAsCopy, m_actions,
            &MessageActions::copyMessages);

    MessageListView *list = m_ui->messageListView;
    list->setModel(m_threads);
    list->setItemDelegate(new MessageListDelegate(list));
    list->setAccountOfFolder([this](qint64 folderId) {
        return m_session.folderModel().indexOfFolder(folderId).data(FolderModel::AccountIdRole).toString();
    });
    QHeaderView *header = list->header();
    header->setStretchLastSection(false);
    header->setSectionsMovable(true);
    header->setSectionResizeMode(QHeaderView::Interactive);
    header->setSectionResizeMode(MessageListModel::SubjectColumn, QHeaderView::Stretch);
    header->resizeSection(MessageListModel::FlaggedColumn, 28);
    header->resizeSection(MessageListModel::AttachmentColumn, 28);
    header->resizeSection(MessageListModel::CorrespondentColumn, 200);
    header->resizeSection(MessageListModel::DateColumn, 110);
    header->resizeSection(MessageListModel::SizeColumn, 70);
    header->setSortIndicator(MessageListModel::DateColumn, Qt::DescendingOrder);
    list->setRootIsDecorated(true);
    list->setContextMenuPolicy(Qt::CustomContextMenu);
    m_reader = new MessageReader(m_session, *list, *m_ui->messageView, *m_actions, this);
    connect(m_reader, &MessageReader::shownMessageChanged, this, &MainWindow::updateActions);
    connect(list->selectionModel(), &QItemSelectionModel::selectionChanged, this,
            &MainWindow::updateActions);
    connect(m_threads, &QAbstractItemModel::dataChanged, this, &MainWindow::updateActions);
    connect(list, &MessageListView::messageActivated, this, &MainWindow::openMessageWindow);
    connect(list, &QWidget::customContextMenuRequested, this, [this](const QPoint &pos) {
        QMenu menu(this);
        menu.addActions({ m_ui->actionReply, m_ui->actionReplyAll, m_ui->actionForward });
        menu.addSeparator();
        menu.addActions({ m_ui->actionMarkRead, m_ui->actionMarkUnread, m_ui->actionFlag });
        menu.addSeparator();
        menu.addActions({ m_ui->actionArchive, m_ui->actionMove, m_ui->actionCopy,
                          m_ui->actionDelete });
        menu.addSeparator();
        menu.addActions({ m_ui->actionSaveAs, m_ui->actionPrint, m_ui->actionViewSource });
        menu.exec(m_ui->messageListView->viewport()->mapToGlobal(pos));
    });

    connect(m_ui->quickFilterBar, &QuickFilterBar::filterChanged, m_list,
            &MessageListModel::setFilter);
    connect(m_ui->quickFilterBar, &QuickFilterBar::searchRequested, this, &MainWindow::search);
    connect(m_ui->quickFilterBar, &QuickFilterBar::searchCleared, this, &MainWindow::clearSearch);

    m_ui->messageView->setPreferences(m_session.preferences());
    connect(m_ui->messageView, &MessageView::composeTo, this, [this](const QString &mailbox) {
        auto *composer = new ComposerWindow(m_session, m_ui->folderView->currentAccountId());
        composer->startTo(mailbox);
        composer->show();
    });
    connect(m_ui->messageView, &MessageView::composeMailto, this, [this](const QUrl &mailto) {
        auto *composer = new ComposerWindow(m_session, m_ui->folderView->currentAccountId());
        if (!composer->startFromMailto(mailto))
            composer->deleteLater(); // not a mailto: link Magpie can read; nothing to write
        else
            composer->show();
    });
    connect(m_ui->messageView, &MessageView::remoteContentAllowedForSender, this,
            [this](const QString &address) {
                Preferences preferences = m_session.preferences();
                const QString lower = address.toLower();
                if (preferences.remoteContentSenders.contains(lower))
                    return;
                preferences.remoteContentSenders.append(lower);
                const QString error = m_session.setPreferences(preferences);
                if (!error.isEmpty())
                    showProblem(error);
            });

    connect(m_accountStatus, &AccountStatusBar::detailsRequested, this,
            &MainWindow::showConnectionLog);
    connect(m_actions, &MessageActions::problem, this, &MainWindow::showProblem);
    connect(m_actions, &MessageActions::done, this,
            [this](const QString &sentence) { statusBar()->showMessage(sentence, 5000); });
}

void MainWindow::setUpActions()
{
    // Platform-standard shortcuts where a standard exists; the rest as Thunderbird has them.
    m_ui->actionWrite->setShortcut(QKeySequence::New);
    m_ui->actionGetMail->setShortcuts({ QKeySequence(QKeySequence::Refresh),
                                        QKeySequence(Qt::CTRL | Qt::Key_T) });
    m_ui->actionReply->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_R));
    m_ui->actionReplyAll->setShortcut(QKeySequence(Qt::CTRL | Qt::SHIFT | Qt::Key_R));
    m_ui->actionForward->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_L));
    m_ui->actionDelete->setShortcut(QKeySequence::Delete);
    m_ui->actionDeletePermanently->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_Delete));
    m_ui->actionArchive->setShortcut(QKeySequence(Qt::Key_A));
    m_ui->actionMarkRead->setShortcut(QKeySequence(Qt::Key_M));
    m_ui->actionMarkUnread->setShortcut(QKeySequence(Qt::SHIFT | Qt::Key_M));
    m_ui->actionFlag->setShortcut(QKeySequence(Qt::Key_S));
    m_ui->actionSearch->setShortcuts({ QKeySequence(QKeySequence::Find),
                                       QKeySequence(Qt::CTRL | Qt::Key_K) });
    m_ui->actionPrint->setShortcut(QKeySequence::Print);
    m_ui->actionSaveAs->setShortcut(QKeySequence::Save);
    m_ui->actionOpenFile->setShortcut(QKeySequence::Open);
    m_ui->actionViewSource->setShortcut(QKeySequence(Qt::CTRL | Qt::Key_U));
    m_ui->actionSettings->setShortcut(QKeySequence::Preferences);
    m_ui->actionQuit->setShortcut(QKeySequence::Quit);

    // Single-key shortcuts (A, M, S) act on the list, not while typing elsewhere.
    for (QAction *action : { m_ui->actionArchive, m_ui->actionMarkRead, m_ui->actionMarkUnread,
                             m_ui->actionFlag, m_ui->actionDelete, m_ui->actionDeletePermanently }) {
        action->setShortcutContext(Qt::WidgetWithChildrenShortcut);
        m_ui->messageListView->addAction(action);
        m_ui->messageView->addAction(action);
    }

    auto *layouts = new QActionGroup(this);
    layouts->addAction(m_ui->actionLayoutClassic);
    layouts->addAction(m_ui->actionLayoutWide);
    m_ui->actionMove->setMenu(m_moveMenu);
    if (auto *button = qobject_cast<QToolButton *>(m_ui->mainToolBar->widgetForAction(m_ui->actionMove)))
        button->setPopupMode(QToolButton::InstantPopup);
    m_ui->actionCopy->setMenu(m_copyMenu);
    const FolderMenu::Scope scope = [this] {
        return qMakePair(m_actions->selectionAccountId(), isShowingSearch() ? 0 : currentFolderId());
    };
    m_moveMenu->setScope(scope);
    m_copyMenu->setScope(scope);
    m_ui->menuView->addAction(m_ui->mainToolBar->toggleViewAction());

    connect(m_ui->actionGetMail, &QAction::triggered, this, &MainWindow::getMail);
    connect(m_ui->actionWrite, &QAction::triggered, this, &MainWindow::writeMessage);
    connect(m_ui->actionReply, &QAction::triggered, m_actions, [this] { m_actions->reply(false); });
    connect(m_ui->actionReplyAll, &QAction::triggered, m_actions, [this] { m_actions->reply(true); });
    connect(m_ui->actionForward, &QAction::triggered, m_actions, &MessageActions::forward);
    connect(m_ui->actionDelete, &QAction::triggered, m_actions, [this] { m_actions->remove(false); });
    connect(m_ui->actionDeletePermanently, &QAction::triggered, m_actions,
            [this] { m_actions->remove(true); });
    connect(m_ui->actionArchive, &QAction::triggered, m_actions, &MessageActions::archive);
    connect(m_moveMenu, &FolderMenu::folderChosen, m_actions, &MessageActions::moveTo);
    connect(m_copyMenu, &FolderMenu::folderChosen, m_actions, &MessageActions::copyTo);
    connect(m_ui->actionMarkRead, &QAction::triggered, m_actions, [this] { m_actions->markRead(true); });
    connect(m_ui->actionMarkUnread, &QAction::triggered, m_actions, [this] {
        m_reader->cancelMarkRead();
        m_actions->markRead(false);
    });
    connect(m_ui->actionFlag, &QAction::triggered, m_actions, &MessageActions::setFlagged);
    connect(m_ui->actionPrint, &QAction::triggered, m_actions, &MessageActions::print);
    connect(m_ui->actionSaveAs, &QAction::triggered, m_actions, &MessageActions::saveAs);
    connect(m_ui->actionViewSource, &QAction::triggered, m_actions, &MessageActions::viewSource);
    connect(m_ui->actionOpenFile, &QAction::triggered, this, &MainWindow::openSavedMessage);
    connect(m_ui->actionSearch, &QAction::triggered, this, [this] {
        QLineEdit *field = m_ui->quickFilterBar->searchField();
        field->setFocus(Qt::ShortcutFocusReason);
        field->selectAll();
    });
    connect(m_ui->actionSettings, &QAction::triggered, this, &MainWindow::openSettings);
    connect(m_ui->actionLayoutClassic, &QAction::triggered, this,
            [this] { setLayoutPreference(Preferences::Layout::Classic); });
    connect(m_ui->actionLayoutWide, &QAction::triggered, this,
            [this] { setLayoutPreference(Preferences::Layout::Wide); });
    connect(m_ui->actionThreads, &QAction::toggled, this, [this](bool threaded) {
        m_threads->setThreaded(threaded);
        m_ui->messageListView->setRootIsDecorated(threaded);
    });
    connect(m_ui->actionQuit, &QAction::triggered, this, &QWidget::close);
    connect(m_ui->actionAbout, &QAction::triggered, this, &MainWindow::showAbout);
    connect(m_ui->actionAboutQt, &QAction::triggered, qApp, &QApplication::aboutQt);
}

void MainWindow::setUpIcons()
{
    // Themed, so they follow a dark palette; the .ui's plain icons are only for Designer.
    const QList<QPair<QAction *, const char *>> icons = {
        { m_ui->actionGetMail, "get-mail" },    { m_ui->actionWrite, "write" },
        { m_ui->actionReply, "reply" },         { m_ui->actionReplyAll, "reply-all" },
        { m_ui->actionForward, "forward" },     { m_ui->actionDelete, "delete" },
        { m_ui->actionArchive, "archive" },     { m_ui->actionMove, "move" },
        { m_ui->actionCopy, "move" },
        { m_ui->actionSearch, "search" },       { m_ui->actionSettings, "settings" },
        { m_ui->actionQuit, "quit" },           { m_ui->actionAbout, "about" },
        { m_ui->actionMarkRead, "mark-read" },  { m_ui->actionMarkUnread, "mark-unread" },
        { m_ui->actionFlag, "flag" },           { m_ui->actionPrint, "print" },
        { m_ui->actionSaveAs, "save" },         { m_ui->actionOpenFile, "open" },
        { m_ui->actionViewSource, "source" },   { m_ui->actionDeletePermanently, "delete" },
    };
    for (const auto &[action, name] : icons) {
        const QIcon icon = ThemedIconEngine::icon(QString::fromLatin1(name));
        if (!icon.isNull())
            action->setIcon(icon);
    }
}

void MainWindow::connectSession()
{
    connect(&m_session, &MailSession::accountsChanged, this, [this] {
        statusBar()->showMessage(m_session.accounts().isEmpty() ? tr("No account is set up yet.")
                                                                : tr("Ready"));
        updateActions();
        selectInitialFolder();
    });
    connect(&m_session, &MailSession::preferencesChanged, this,
            [this](const Preferences &preferences) {
                applyLayout(preferences.layout);
                m_ui->messageView->setPreferences(preferences);
            });
    connect(&m_session.cache(), &store::MailCache::writeFailed, this,
            [this](const store::StoreError &error) { showProblem(error.message); });
    connect(m_list, &MessageListModel::readFailed, this,
            [this](const store::StoreError &error) { showProblem(error.message); });
}

qint64 MainWindow::shownMessageId() const
{
    return m_reader->shownMessageId();
}

qint64 MainWindow::currentFolderId() const
{
    return m_ui->folderView->currentFolderId();
}

bool MainWindow::selectFolder(qint64 folderId)
{
    const QModelIndex index = m_session.folderModel().indexOfFolder(folderId);
    if (!index.isValid() || !index.data(FolderModel::SelectableRole).toBool())
        return false;
    m_ui->folderView->setCurrentIndex(index);
    return currentFolderId() == folderId;
}

void MainWindow::selectInitialFolder()
{
    if (currentFolderId() > 0 || isShowingSearch())
        return;
    const QSettings settings;
    if (m_session.preferences().startUp == Preferences::StartUp::LastFolder
        && selectFolder(settings.value(kLastFolderKey).toLongLong()))
        return;
    // The first account's Inbox.
    const FolderModel &folders = m_session.folderModel();
    for (int a = 0; a < folders.rowCount(); ++a) {
        const QModelIndex account = folders.index(a, 0);
        for (int f = 0; f < folders.rowCount(account); ++f) {
            const QModelIndex folder = folders.index(f, 0, account);
            if (folder.data(FolderModel::FolderRoleRole).toInt() == int(store::FolderRole::Inbox)) {
                selectFolder(folder.data(FolderModel::FolderIdRole).toLongLong());
                return;
            }
        }
    }
}

void MainWindow::onFolderChosen(const QModelIndex &index)
{
    if (!index.isValid() || !index.data(FolderModel::SelectableRole).toBool())
        return;
    const qint64 folderId = index.data(FolderModel::FolderIdRole).toLongLong();
    if (isShowingSearch()) {
        m_ui->quickFilterBar->clearSearch();
        m_searchResults->clear();
        m_threads->setSourceModel(m_list);
    }
    m_list->setFolder(folderId);
    m_reader->reset();
    if (sync::AccountRuntime *runtime =
            m_session.runtime(index.data(FolderModel::AccountIdRole).toString()))
        runtime->setSelectedFolder(folderId);
    QSettings().setValue(kLastFolderKey, folderId);
    setWindowTitle(tr("%1 - Magpie").arg(index.data(Qt::DisplayRole).toString()));
    updateActions();
}

bool MainWindow::selectMessage(qint64 messageId)
{
    const int sourceRow = m_list->rowOfMessage(messageId);
    if (sourceRow < 0 || isShowingSearch())
        return false;
    const QModelIndex index = m_threads->mapFromSource(m_list->index(sourceRow, 0));
    if (!index.isValid())
        return false;
    m_ui->messageListView->scrollTo(index);
    m_ui->messageListView->selectionModel()->setCurrentIndex(
        index, QItemSelectionModel::ClearAndSelect | QItemSelectionModel::Rows);
    return true;
}

void MainWindow::updateActions()
{
    const bool hasAccounts = !m_session.accounts().isEmpty();
    const bool hasSelection = !m_ui->messageListView->selectedMessageIds().isEmpty();
    const bool hasMessage = m_reader->shownMessageId() > 0 && !m_ui->messageView->source().isEmpty();
    m_ui->actionGetMail->setEnabled(hasAccounts);
    m_ui->actionWrite->setEnabled(hasAccounts);
    for (QAction *action : { m_ui->actionReply, m_ui->actionReplyAll, m_ui->actionForward })
        action->setEnabled(hasAccounts && hasMessage);
    for (QAction *action : { m_ui->actionDelete, m_ui->actionDeletePermanently, m_ui->actionArchive,
                             m_ui->actionMove, m_ui->actionCopy, m_ui->actionMarkRead,
                             m_ui->actionMarkUnread, m_ui->actionFlag })
        action->setEnabled(hasSelection);
    for (QAction *action : { m_ui->actionPrint, m_ui->actionSaveAs, m_ui->actionViewSource })
        action->setEnabled(hasMessage);
    m_ui->actionSearch->setEnabled(hasAccounts);
    m_ui->actionSettings->setEnabled(true);
    const QSignalBlocker blocker(m_ui->actionFlag);
    m_ui->actionFlag->setChecked(
        m_ui->messageListView->currentIndex().data(MessageListModel::FlaggedRole).toBool());
}

void MainWindow::search(const QString &text)
{
    const store::StoreError error = m_searchResults->search(text);
    if (error) {
        showProblem(tr("The search failed: %1").arg(error.message));
        return;
    }
    if (m_threads->sourceModel() != m_searchResults)
        m_threads->setSourceModel(m_searchResults);
    {
        // The results are no folder's: nothing in the folder pane is current.
        const QSignalBlocker blocker(m_ui->folderView->selectionModel());
        m_ui->folderView->selectionModel()->clear();
    }
    m_reader->reset();
    showSearchStatus(m_indexer->pending());
    setWindowTitle(tr("Search: %1 - Magpie").arg(text));
    updateActions();
}

void MainWindow::showSearchStatus(int pending)
{
    // Messages the sync stored but the background indexer has not reached yet are not
    // found: say so rather than give a silently short answer (Thunderbird's global search
    // shows its indexing the same way). The search runs again once they are indexed.
    m_searchIncomplete = pending > 0;
    const int count = m_searchResults->rowCount();
    const QString found = tr("%n message(s) found for \"%1\"", nullptr, count).arg(m_searchResults->query());
    if (pending > 0) {
        statusBar()->showMessage(
            found + QLatin1String(" ")
            + tr("(%n message(s) are still being indexed and may be missing; the results will "
                 "update)", nullptr, pending));
    } else {
        statusBar()->showMessage(found);
    }
}

void MainWindow::onIndexingProgress(int pending)
{
    if (!isShowingSearch() || !m_searchIncomplete)
        return;
    if (pending > 0) {
        showSearchStatus(pending);
        return;
    }
    // Everything is indexed now: the same search, complete.
    const QString text = m_searchResults->query();
    const store::StoreError error = m_searchResults->search(text);
    if (error) {
        showProblem(tr("The search failed: %1").arg(error.message));
        return;
    }
    m_reader->reset();
    showSearchStatus(0);
    updateActions();
}

void MainWindow::clearSearch()
{
    if (!isShowingSearch())
        return;
    m_threads->setSourceModel(m_list);
    m_searchResults->clear();
    m_searchIncomplete = false;
    m_reader->reset();
    const QList<qint64> folders = m_list->folders();
    if (!folders.isEmpty())
        selectFolder(folders.constFirst());
    statusBar()->clearMessage();
    updateActions();
}

bool MainWindow::isShowingSearch() const
{
    return m_threads->sourceModel() == m_searchResults;
}

void MainWindow::applyLayout(Preferences::Layout layout)
{
    const bool wide = layout == Preferences::Layout::Wide;
    m_ui->messageSplitter->setOrientation(wide ? Qt::Horizontal : Qt::Vertical);
    m_ui->actionLayoutWide->setChecked(wide);
    m_ui->actionLayoutClassic->setChecked(!wide);
}

void MainWindow::setLayoutPreference(Preferences::Layout layout)
{
    Preferences preferences = m_session.preferences();
    applyLayout(layout);
    if (preferences.layout == layout)
        return;
    preferences.layout = layout;
    const QString error = m_session.setPreferences(preferences);
    if (!error.isEmpty())
        showProblem(error);
}

void MainWindow::getMail()
{
    const QList<sync::AccountConfig> accounts = m_session.accounts();
    for (const sync::AccountConfig &account : accounts) {
        if (sync::AccountRuntime *runtime = m_session.runtime(account.id))
            runtime->syncNow();
    }
}

void MainWindow::writeMessage()
{
    const QString account = m_ui->folderView->currentAccountId();
    auto *composer = new ComposerWindow(m_session, account); // deletes itself when closed
    composer->show();
}

void MainWindow::openSettings()
{
    auto *dialog = new SettingsDialog(m_session, this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::openSavedMessage()
{
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open Saved Message"),
        QStandardPaths::writableLocation(QStandardPaths::DocumentsLocation),
        tr("Mail messages (*.eml);;All files (*)"));
    if (!path.isEmpty())
        openMessageFile(path);
}

void MainWindow::openMessageFile(const QString &path)
{
    QByteArray source;
    QString error;
    if (!MessageFiles::read(path, &source, &error)) {
        QMessageBox::warning(this, tr("Open Saved Message"), error);
        return;
    }
    auto *window = new MessageWindow(m_session, source, this);
    window->show();
}

void MainWindow::openMessageWindow(qint64 messageId)
{
    const std::optional<QByteArray> source = m_session.messageSource(messageId);
    if (!source) {
        statusBar()->showMessage(tr("The message is still being downloaded."), 5000);
        return;
    }
    auto *window = new MessageWindow(m_session, *source, this);
    window->show();
}

void MainWindow::showConnectionLog(const QString &accountId)
{
    const auto account = m_session.account(accountId);
    const QString name = account && !account->displayName.isEmpty() ? account->displayName : accountId;
    auto *dialog = new ConnectionLogDialog(name, m_session.connectionLog(accountId), this);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->open();
}

void MainWindow::showProblem(const QString &sentence)
{
    statusBar()->showMessage(sentence, 15000);
}

void MainWindow::restoreWindowState()
{
    const QSettings settings;
    restoreGeometry(settings.value(kGeometryKey).toByteArray());
    restoreState(settings.value(kStateKey).toByteArray());
    m_ui->folderSplitter->restoreState(settings.value(kFolderSplitterKey).toByteArray());
    m_ui->messageSplitter->restoreState(settings.value(kMessageSplitterKey).toByteArray());
    m_ui->messageListView->header()->restoreState(settings.value(kListHeaderKey).toByteArray());
    m_ui->actionThreads->setChecked(settings.value(kThreadedKey, true).toBool());
}

void MainWindow::saveWindowState() const
{
    QSettings settings;
    settings.setValue(kGeometryKey, saveGeometry());
    settings.setValue(kStateKey, saveState());
    settings.setValue(kFolderSplitterKey, m_ui->folderSplitter->saveState());
    settings.setValue(kMessageSplitterKey, m_ui->messageSplitter->saveState());
    settings.setValue(kListHeaderKey, m_ui->messageListView->header()->saveState());
    settings.setValue(kThreadedKey, m_ui->actionThreads->isChecked());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    saveWindowState();
    event->accept();
}

void MainWindow::changeEvent(QEvent *event)
{
    if (event->type() == QEvent::LanguageChange) {
        m_ui->retranslateUi(this);
    } else if (event->type() == QEvent::PaletteChange
               || event->type() == QEvent::ApplicationPaletteChange) {
        // The themed icons read the palette when painted: repaint with the new colours.
        m_ui->folderView->viewport()->update();
        m_ui->messageListView->viewport()->update();
        m_ui->mainToolBar->update();
    }
    QMainWindow::changeEvent(event);
}

void MainWindow::showAbout()
{
    // The SQLite version is the store's to tell (the widgets run no SQL); the dialog is modal
    // and short-lived, so it is built afresh each time with the current TLS state.
    AboutDialog dialog(BuildInformation::current(store::Database::sqliteLibraryVersion()), this);
    dialog.exec();
}

} // namespace magpie::app
