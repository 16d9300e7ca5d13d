// SPDX-License-Identifier: GPL-3.0-or-later
// The main window on the demo account (the embedded loopback server): the Inbox is listed,
// a message is shown and marked read, the quick filter narrows the list, a search shows
// results from every folder, flagging and deleting go through to the server.
#include "app/MainWindow.h"
#include "app/Resources.h"
#include "app/demo/DemoMailbox.h"
#include "app/session/MailSession.h"
#include "app/view/MessageView.h"
#include "app/window/MessageListView.h"
#include "app/window/QuickFilterBar.h"
#include "mime/Message.h"
#include "models/FolderModel.h"
#include "models/MessageListModel.h"
#include "server/MailStore.h"
#include "server/Server.h"
#include "store/FolderRecord.h"

#include <QAction>
#include <QLineEdit>
#include <QSettings>
#include <QStatusBar>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace magpie;
using namespace Qt::StringLiterals;
using models::MessageListModel;

class TestMainWindowDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void inboxIsListedAndAMessageIsRead();
    void quickFilterNarrowsTheList();
    void searchShowsResultsFromEveryFolder();
    void flagAndDeleteReachTheServer();

private:
    qint64 folderId(store::FolderRole role) const;
    bool serverFlagged(const QByteArray &messageId, QByteArrayView flag) const;
    bool serverHas(const QString &mailbox, const QByteArray &messageId) const;

    QTemporaryDir m_dir;
    std::unique_ptr<app::MailSession> m_session;
    std::unique_ptr<app::MainWindow> m_window;
};

void TestMainWindowDemo::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
    QCoreApplication::setOrganizationName(u"MagpieTest"_s);
    QCoreApplication::setApplicationName(u"tst_mainwindowdemo"_s);
    app::initResources();
}

void TestMainWindowDemo::init()
{
    // One profile for all the test functions: the demo is seeded once.
    m_session = std::make_unique<app::MailSession>(m_dir.filePath(u"profile"_s));
    QVERIFY(!m_session->open());
    QCOMPARE(m_session->startDemo(), QString());
    m_session->startAccounts();
    m_window = std::make_unique<app::MainWindow>(*m_session);
    m_window->resize(1100, 700);
    m_window->show();
    QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
    QTRY_VERIFY_WITH_TIMEOUT(folderId(store::FolderRole::Inbox) > 0, 20000);
    QVERIFY(m_window->selectFolder(folderId(store::FolderRole::Inbox)));
    QTRY_VERIFY_WITH_TIMEOUT(m_window->messageListModel().rowCount() >= 5, 20000);
}

void TestMainWindowDemo::cleanup()
{
    if (m_session)
        m_session->stopAccounts();
    m_window.reset();
    m_session.reset();
}

qint64 TestMainWindowDemo::folderId(store::FolderRole role) const
{
    const models::FolderModel &folders = m_session->folderModel();
    for (int a = 0; a < folders.rowCount(); ++a) {
        const QModelIndex account = folders.index(a, 0);
        for (int f = 0; f < folders.rowCount(account); ++f) {
            const QModelIndex folder = folders.index(f, 0, account);
            if (folder.data(models::FolderModel::FolderRoleRole).toInt() == int(role))
                return folder.data(models::FolderModel::FolderIdRole).toLongLong();
        }
    }
    return 0;
}

bool TestMainWindowDemo::serverHas(const QString &mailbox, const QByteArray &messageId) const
{
    const server::MailStore &store = m_session->demo()->server()->store();
    const QString user = QString::fromLatin1(app::DemoMailbox::kAddress);
    const QList<server::MessageRecord> messages = store.messages(user, mailbox);
    for (const server::MessageRecord &record : messages) {
        // The Message-ID field itself: replies name it too, in References.
        if (!record.hasFlag("\\Deleted")
            && store.content(user, mailbox, record.uid).toLower().contains(QByteArray("message-id: " + messageId.toLower())))
            return true;
    }
    return false;
}

bool TestMainWindowDemo::serverFlagged(const QByteArray &messageId, QByteArrayView flag) const
{
    const server::MailStore &store = m_session->demo()->server()->store();
    const QString user = QString::fromLatin1(app::DemoMailbox::kAddress);
    const QList<server::MessageRecord> messages = store.messages(user, u"INBOX"_s);
    for (const server::MessageRecord &record : messages) {
        if (store.content(user, u"INBOX"_s, record.uid).toLower().contains(QByteArray("message-id: " + messageId.toLower())))
            return record.hasFlag(flag);
    }
    return false;
}

void TestMainWindowDemo::inboxIsListedAndAMessageIsRead()
{
    const MessageListModel &list = m_window->messageListModel();
    // Find an unread message, select it: it is shown, and marked read (at once by default).
    int unreadRow = -1;
    for (int row = 0; row < list.rowCount() && unreadRow < 0; ++row) {
        if (list.index(row, 0).data(MessageListModel::UnreadRole).toBool())
            unreadRow = row;
    }
    QVERIFY2(unreadRow >= 0, "the demo Inbox starts with unread mail");
    const auto summary = list.summary(unreadRow);
    QVERIFY(summary);
    QVERIFY(m_window->selectMessage(summary->id));
    auto *view = m_window->findChild<app::MessageView *>(u"messageView"_s);
    QTRY_VERIFY_WITH_TIMEOUT(!view->source().isEmpty(), 20000);
    QVERIFY(view->source().contains(summary->messageId));
    if (view->message()) // the parsed message, once MessageView parses
        QCOMPARE(view->message()->subject(), summary->subject);
    QCOMPARE(m_window->shownMessageId(), summary->id);
    QTRY_VERIFY_WITH_TIMEOUT(!list.index(list.rowOfMessage(summary->id), 0)
                                  .data(MessageListModel::UnreadRole).toBool(), 5000);
    QTRY_VERIFY_WITH_TIMEOUT(serverFlagged(summary->messageId, "\\Seen"), 20000);
    // With a message shown, the message actions are there.
    for (const QString &name : { u"actionReply"_s, u"actionForward"_s, u"actionPrint"_s,
                                 u"actionSaveAs"_s, u"actionViewSource"_s, u"actionDelete"_s })
        QVERIFY2(m_window->findChild<QAction *>(name)->isEnabled(), qPrintable(name));
}

void TestMainWindowDemo::quickFilterNarrowsTheList()
{
    const MessageListModel &list = m_window->messageListModel();
    const int all = list.rowCount();
    auto *attachments = m_window->findChild<QToolButton *>(u"filterAttachments"_s);
    QVERIFY(attachments);
    QTest::mouseClick(attachments, Qt::LeftButton);
    QVERIFY(list.filter().withAttachmentsOnly);
    QVERIFY(list.rowCount() > 0);
    QVERIFY(list.rowCount() < all);
    for (int row = 0; row < list.rowCount(); ++row)
        QVERIFY(list.index(row, 0).data(MessageListModel::HasAttachmentsRole).toBool());
    QTest::mouseClick(attachments, Qt::LeftButton);
    QCOMPARE(list.rowCount(), all);
}

void TestMainWindowDemo::searchShowsResultsFromEveryFolder()
{
    const MessageListModel &list = m_window->messageListModel();
    const auto summary = list.summary(0);
    QVERIFY(summary && !summary->subject.isEmpty());
    // A word of the first message's subject.
    const QStringList words = summary->subject.split(u' ', Qt::SkipEmptyParts);
    QString word;
    for (const QString &w : words) {
        if (w.size() >= 4 && w.at(0).isLetter()) {
            word = w;
            break;
        }
    }
    QVERIFY2(!word.isEmpty(), qPrintable(summary->subject));
    auto *bar = m_window->findChild<app::QuickFilterBar *>(u"quickFilterBar"_s);
    QTest::keyClicks(bar->searchField(), word);
    QTest::keyClick(bar->searchField(), Qt::Key_Return);
    QVERIFY(m_window->isShowingSearch());
    auto *view = m_window->findChild<app::MessageListView *>(u"messageListView"_s);
    QAbstractItemModel *shown = view->model();
    auto found = [&] {
        for (int row = 0; row < shown->rowCount(); ++row) {
            if (shown->index(row, 0).data(MessageListModel::MessageIdRole).toLongLong() == summary->id)
                return true;
        }
        return false;
    };
    // The sync may still be running or its messages waiting for the background indexer:
    // then the status bar says so, and the results update once they are indexed.
    QTRY_VERIFY_WITH_TIMEOUT(found(), 20000);
    QVERIFY(m_window->statusBar()->currentMessage().contains(word));
    QVERIFY2(!m_window->statusBar()->currentMessage().contains(u"indexed"_s),
             qPrintable(m_window->statusBar()->currentMessage()));
    // Clearing the field goes back to the folder.
    bar->searchField()->clear();
    QVERIFY(!m_window->isShowingSearch());
    QCOMPARE(m_window->currentFolderId(), folderId(store::FolderRole::Inbox));
}

void TestMainWindowDemo::flagAndDeleteReachTheServer()
{
    const MessageListModel &list = m_window->messageListModel();
    const auto summary = list.summary(list.rowCount() - 1);
    QVERIFY(summary);
    QVERIFY(m_window->selectMessage(summary->id));
    auto *flag = m_window->findChild<QAction *>(u"actionFlag"_s);
    QVERIFY(flag->isEnabled());
    flag->trigger();
    QVERIFY(list.index(list.rowOfMessage(summary->id), 0).data(MessageListModel::FlaggedRole).toBool());
    QTRY_VERIFY_WITH_TIMEOUT(serverFlagged(summary->messageId, "\\Flagged"), 20000);

    m_window->findChild<QAction *>(u"actionDelete"_s)->trigger();
    QCOMPARE(list.rowOfMessage(summary->id), -1); // gone from the list at once
    QTRY_VERIFY_WITH_TIMEOUT(serverHas(u"Trash"_s, summary->messageId), 20000);
    QTRY_VERIFY_WITH_TIMEOUT(!serverHas(u"INBOX"_s, summary->messageId), 20000);
}

QTEST_MAIN(TestMainWindowDemo)
#include "tst_mainwindowdemo.moc"
