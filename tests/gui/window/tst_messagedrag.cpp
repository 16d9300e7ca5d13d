// SPDX-License-Identifier: GPL-3.0-or-later
// Issue 7: "drag a message to another folder and see it moved on the server". The demo
// account (the embedded loopback server) is opened in a real main window; a message is
// dragged from the Inbox list onto the Archive folder with synthesized drag events, and the
// server's own mailboxes are checked.
#include "app/MainWindow.h"
#include "app/Resources.h"
#include "app/demo/DemoMailbox.h"
#include "app/session/MailSession.h"
#include "app/window/FolderTreeView.h"
#include "app/window/MessageDragData.h"
#include "app/window/MessageListView.h"
#include "models/FolderModel.h"
#include "models/MessageListModel.h"
#include "server/MailStore.h"
#include "server/Server.h"
#include "store/FolderRecord.h"

#include <QApplication>
#include <QMimeData>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie;
using namespace Qt::StringLiterals;

class TestMessageDrag : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void draggedMessageIsMovedOnTheServer_data();
    void draggedMessageIsMovedOnTheServer();

private:
    QTemporaryDir m_dir;
};

namespace {
QModelIndex folderWithRole(const models::FolderModel &folders, store::FolderRole role)
{
    for (int a = 0; a < folders.rowCount(); ++a) {
        const QModelIndex account = folders.index(a, 0);
        for (int f = 0; f < folders.rowCount(account); ++f) {
            const QModelIndex folder = folders.index(f, 0, account);
            if (folder.data(models::FolderModel::FolderRoleRole).toInt() == int(role))
                return folder;
        }
    }
    return {};
}

// The server's copy of a message with this Message-ID in `mailbox`, not marked \Deleted.
bool serverHas(const server::MailStore &store, const QString &mailbox, const QByteArray &messageId)
{
    const QString user = QString::fromLatin1(app::DemoMailbox::kAddress);
    const QList<server::MessageRecord> messages = store.messages(user, mailbox);
    for (const server::MessageRecord &record : messages) {
        if (record.hasFlag("\\Deleted"))
            continue;
        if (store.content(user, mailbox, record.uid).contains(messageId))
            return true;
    }
    return false;
}
} // namespace

void TestMessageDrag::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
    QCoreApplication::setOrganizationName(u"MagpieTest"_s);
    QCoreApplication::setApplicationName(u"tst_messagedrag"_s);
    app::initResources();
}

void TestMessageDrag::draggedMessageIsMovedOnTheServer_data()
{
    QTest::addColumn<Qt::KeyboardModifiers>("modifiers");
    QTest::addColumn<bool>("copies");
    QTest::newRow("move") << Qt::KeyboardModifiers(Qt::NoModifier) << false;
    QTest::newRow("copy with Ctrl") << Qt::KeyboardModifiers(Qt::ControlModifier) << true;
}

void TestMessageDrag::draggedMessageIsMovedOnTheServer()
{
    QFETCH(Qt::KeyboardModifiers, modifiers);
    QFETCH(bool, copies);
    const QString profile = u"profile-"_s + QString::fromLatin1(QTest::currentDataTag());
    app::MailSession session(m_dir.filePath(profile));
    QVERIFY(!session.open());
    QCOMPARE(session.startDemo(), QString());
    QVERIFY(session.demo() && session.demo()->server());
    const server::MailStore &serverStore = session.demo()->server()->store();
    session.startAccounts();

    app::MainWindow window(session);
    window.resize(1100, 700);
    window.show();
    QVERIFY(QTest::qWaitForWindowExposed(&window));

    // The first sync lists the folders and fills the Inbox.
    models::FolderModel &folders = session.folderModel();
    QTRY_VERIFY_WITH_TIMEOUT(folderWithRole(folders, store::FolderRole::Archive).isValid(), 20000);
    const QModelIndex inbox = folderWithRole(folders, store::FolderRole::Inbox);
    QVERIFY(inbox.isValid());
    const qint64 inboxId = inbox.data(models::FolderModel::FolderIdRole).toLongLong();
    const qint64 archiveId = folderWithRole(folders, store::FolderRole::Archive)
                                 .data(models::FolderModel::FolderIdRole).toLongLong();
    QVERIFY(window.selectFolder(inboxId));
    QTRY_VERIFY_WITH_TIMEOUT(window.messageListModel().rowCount() > 0, 20000);

    // Pick a message the server has, and select it in the list.
    const auto summary = window.messageListModel().summary(0);
    QVERIFY(summary && !summary->messageId.isEmpty());
    const QByteArray messageId = summary->messageId;
    QVERIFY(serverHas(serverStore, u"INBOX"_s, messageId));
    QVERIFY(!serverHas(serverStore, u"Archive"_s, messageId));
    QVERIFY(window.selectMessage(summary->id));

    // Drag it: what the list puts on the drag, dropped at the Archive row of the folder pane.
    auto *list = window.findChild<app::MessageListView *>(u"messageListView"_s);
    auto *folderView = window.findChild<app::FolderTreeView *>(u"folderView"_s);
    QVERIFY(list && folderView);
    const app::MessageDragData drag = list->dragData();
    QCOMPARE(drag.messageIds, QList<qint64>({ summary->id }));
    QCOMPARE(drag.accountId, QString::fromLatin1(app::DemoMailbox::kAccountId));
    std::unique_ptr<QMimeData> mime(drag.toMimeData());
    const QModelIndex archive = folders.indexOfFolder(archiveId);
    folderView->scrollTo(archive);
    const QPoint target = folderView->visualRect(archive).center();
    QDragEnterEvent enter(target, Qt::MoveAction | Qt::CopyAction, mime.get(), Qt::LeftButton,
                          Qt::NoModifier);
    QApplication::sendEvent(folderView->viewport(), &enter);
    QVERIFY(enter.isAccepted());
    QDragMoveEvent move(target, Qt::MoveAction | Qt::CopyAction, mime.get(), Qt::LeftButton,
                        modifiers);
    QApplication::sendEvent(folderView->viewport(), &move);
    QVERIFY(move.isAccepted());
    QDropEvent drop(QPointF(target), Qt::MoveAction | Qt::CopyAction, mime.get(), Qt::LeftButton,
                    modifiers);
    QApplication::sendEvent(folderView->viewport(), &drop);
    QVERIFY(drop.isAccepted());
    QCOMPARE(drop.dropAction(), copies ? Qt::CopyAction : Qt::MoveAction);

    if (copies) {
        // A copy leaves the original listed, and the server then has it in both folders.
        QVERIFY(window.messageListModel().rowOfMessage(summary->id) >= 0);
        QTRY_VERIFY_WITH_TIMEOUT(serverHas(serverStore, u"Archive"_s, messageId), 20000);
        QVERIFY(serverHas(serverStore, u"INBOX"_s, messageId));
    } else {
        // At once in the window: gone from the Inbox list.
        QCOMPARE(window.messageListModel().rowOfMessage(summary->id), -1);
        // And on the server once the runtime replayed the move.
        QTRY_VERIFY_WITH_TIMEOUT(serverHas(serverStore, u"Archive"_s, messageId), 20000);
        QTRY_VERIFY_WITH_TIMEOUT(!serverHas(serverStore, u"INBOX"_s, messageId), 20000);
    }

    // The Archive folder lists it too.
    QVERIFY(window.selectFolder(archiveId));
    QTRY_VERIFY_WITH_TIMEOUT(
        [&] {
            const models::MessageListModel &model = window.messageListModel();
            for (int row = 0; row < model.rowCount(); ++row) {
                if (model.summary(row) && model.summary(row)->messageId == messageId)
                    return true;
            }
            return false;
        }(),
        20000);
    session.stopAccounts();
}

QTEST_MAIN(TestMessageDrag)
#include "tst_messagedrag.moc"
