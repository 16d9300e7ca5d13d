// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/Preferences.h"

#include <QMainWindow>
#include <QPointer>

#include <memory>

namespace Ui {
class MainWindow;
}

namespace magpie::models {
class MessageListModel;
class ThreadProxyModel;
} // namespace magpie::models

namespace magpie::app {

class AccountStatusBar;
class BackgroundIndexer;
class FolderMenu;
class MailSession;
class MessageActions;
class MessageReader;
class NewMailNotifier;
class SearchResultsModel;

// The three-pane window: folders | message list over (classic) or beside (wide) the message
// view (DESIGN.md, App; issue 7 "Main window"). It shows what the models hold and turns the
// person's actions into LocalOperations, runtime requests and windows; it speaks no protocol.
class MainWindow : public QMainWindow
{
    Q_OBJECT
public:
    explicit MainWindow(MailSession &session, QWidget *parent = nullptr);
    ~MainWindow() override;

    // Shows this folder's messages (also what clicking it in the folder pane does).
    bool selectFolder(qint64 folderId);
    qint64 currentFolderId() const;
    // Shows the message with this cache id when it is in the list.
    bool selectMessage(qint64 messageId);
    qint64 shownMessageId() const;
    // Shows a saved message file (.eml) in its own window; a warning names what went wrong.
    void openMessageFile(const QString &path);
    // Searches every folder; the results replace the list until clearSearch().
    void search(const QString &text);
    void clearSearch();
    bool isShowingSearch() const;

    models::MessageListModel &messageListModel() const { return *m_list; }
    AccountStatusBar &accountStatus() const { return *m_accountStatus; }
    NewMailNotifier &notifier() const { return *m_notifier; }

protected:
    void closeEvent(QCloseEvent *event) override;
    void changeEvent(QEvent *event) override;

private:
    void setUpActions();
    void setUpIcons();
    void setUpPanes();
    void connectSession();
    void restoreWindowState();
    void saveWindowState() const;
    void showAbout();
    void applyLayout(Preferences::Layout layout);
    void setLayoutPreference(Preferences::Layout layout);
    void onFolderChosen(const QModelIndex &index);
    void updateActions();
    void selectInitialFolder();
    void openSavedMessage();
    void openMessageWindow(qint64 messageId);
    void showConnectionLog(const QString &accountId);
    void getMail();
    void writeMessage();
    void openSettings();
    void showProblem(const QString &sentence);
    void showSearchStatus(int pending);
    void onIndexingProgress(int pending);

    MailSession &m_session;
    std::unique_ptr<Ui::MainWindow> m_ui;
    models::MessageListModel *m_list = nullptr;     // child of this
    SearchResultsModel *m_searchResults = nullptr;  // child of this
    models::ThreadProxyModel *m_threads = nullptr;  // child of this
    MessageActions *m_actions = nullptr;            // child of this
    FolderMenu *m_moveMenu = nullptr;               // child of this
    FolderMenu *m_copyMenu = nullptr;               // child of this
    AccountStatusBar *m_accountStatus = nullptr;    // in the status bar
    NewMailNotifier *m_notifier = nullptr;          // child of this
    MessageReader *m_reader = nullptr;              // child of this
    BackgroundIndexer *m_indexer = nullptr;         // child of this
    bool m_searchIncomplete = false; // the results were read while messages were still pending
};

} // namespace magpie::app
