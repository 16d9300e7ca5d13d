// SPDX-License-Identifier: GPL-3.0-or-later
// The test: compose with two files dropped on the composer (synthesized drop events
// with file URLs), send, and see the message arrive in the demo account's Inbox list: the
// whole path through the outbox, SMTP submission to the embedded server, delivery, and the
// IMAP sync back into the cache and the list model.
#include "app/compose/ComposerWindow.h"
#include "app/compose/ComposerBody.h"
#include "app/demo/DemoMailbox.h"
#include "app/session/MailSession.h"
#include "models/MessageListModel.h"
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/OutboxQueue.h"

#include <QAction>
#include <QApplication>
#include <QLineEdit>
#include <QListView>
#include <QMimeData>
#include <QPointer>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using magpie::app::ComposerWindow;
using magpie::app::DemoMailbox;
using magpie::app::MailSession;
using namespace magpie;
using namespace Qt::StringLiterals;

class TestComposerSendDemo : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void twoDroppedFilesArriveInTheInbox();

private:
    QTemporaryDir m_dir;
};

void TestComposerSendDemo::initTestCase()
{
    QVERIFY(m_dir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_dir.filePath(u"settings"_s));
    QCoreApplication::setOrganizationName(u"MagpieTest"_s);
    QCoreApplication::setApplicationName(u"tst_composersend_demo"_s);
}

static void dropFiles(QWidget *target, const QList<QUrl> &files)
{
    QMimeData data;
    data.setUrls(files);
    const QPoint where = target->rect().center();
    QDragEnterEvent enter(where, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDropEvent drop(QPointF(where), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &drop);
    QVERIFY(drop.isAccepted());
}

static int rowWithSubject(models::MessageListModel &model, const QString &subject)
{
    while (model.canFetchMore({}))
        model.fetchMore({});
    for (int row = 0; row < model.rowCount(); ++row) {
        if (model.index(row, 0).data(models::MessageListModel::SubjectRole).toString() == subject)
            return row;
    }
    return -1;
}

void TestComposerSendDemo::twoDroppedFilesArriveInTheInbox()
{
    MailSession session(m_dir.filePath(u"profile"_s));
    const store::StoreError opened = session.open();
    QVERIFY2(opened.code == store::StoreError::None, qPrintable(opened.message));
    const QString demoError = session.startDemo();
    QVERIFY2(demoError.isEmpty(), qPrintable(demoError));
    const QString accountId = QString::fromLatin1(DemoMailbox::kAccountId);
    QVERIFY(session.account(accountId));

    session.startAccounts();
    // The first pass lists the folders and fetches the Inbox's summaries.
    std::optional<store::FolderRecord> inbox;
    QTRY_VERIFY_WITH_TIMEOUT(
        (inbox = store::FolderStore(session.cache()).folderByPath(accountId, u"INBOX"_s)).has_value(), 15000);
    if (sync::AccountRuntime *runtime = session.runtime(accountId))
        runtime->setSelectedFolder(inbox->id); // watched with IDLE, as when the person looks at it
    models::MessageListModel list(session.cache());
    list.setFolder(inbox->id);
    QTRY_VERIFY_WITH_TIMEOUT(list.rowCount() >= 20, 15000);

    QFile report(m_dir.filePath(u"report.pdf"_s));
    QVERIFY(report.open(QIODevice::WriteOnly));
    report.write("%PDF-1.4\n% two dropped files\n%%EOF\n");
    report.close();
    QFile notes(m_dir.filePath(u"notes.txt"_s));
    QVERIFY(notes.open(QIODevice::WriteOnly));
    notes.write("Bring the slides.\n");
    notes.close();

    QPointer<ComposerWindow> composer = new ComposerWindow(session, accountId);
    composer->show();
    QVERIFY(QTest::qWaitForWindowExposed(composer.data()));
    QSignalSpy queued(composer.data(), &ComposerWindow::queued);
    const QString subject = u"Two files for the demo %1"_s.arg(QDateTime::currentMSecsSinceEpoch());
    composer->findChild<QLineEdit *>(u"toEdit"_s)->setText(QString::fromLatin1(DemoMailbox::kAddress));
    composer->findChild<QLineEdit *>(u"subjectEdit"_s)->setText(subject);
    auto *body = composer->findChild<app::ComposerBody *>(u"bodyEdit"_s);
    body->setPlainText(u"Both files are attached."_s);
    // One file on the text, one on the window itself.
    dropFiles(body->viewport(), { QUrl::fromLocalFile(report.fileName()) });
    dropFiles(composer.data(), { QUrl::fromLocalFile(notes.fileName()) });
    QCOMPARE(composer->findChild<QListView *>(u"attachmentList"_s)->model()->rowCount(), 2);

    composer->findChild<QAction *>(u"actionSend"_s)->trigger();
    QTRY_COMPARE(queued.count(), 1);
    QTRY_VERIFY(!composer);

    // Sent in the background, delivered to the demo Inbox, and synced into the list.
    QTRY_VERIFY_WITH_TIMEOUT(rowWithSubject(list, subject) >= 0, 25000);
    const int row = rowWithSubject(list, subject);
    QVERIFY(list.index(row, 0).data(models::MessageListModel::HasAttachmentsRole).toBool()
            || list.index(row, 0).data(models::MessageListModel::SizeRole).toULongLong() > 100);
    QCOMPARE(list.index(row, 0).data(models::MessageListModel::SenderAddressRole).toString(),
             QString::fromLatin1(DemoMailbox::kAddress));
    QTRY_COMPARE_WITH_TIMEOUT(store::OutboxQueue(session.cache()).count(accountId), 0, 15000);

    // The message as it arrived holds both files.
    const qint64 messageId = list.index(row, 0).data(models::MessageListModel::MessageIdRole).toLongLong();
    QSignalSpy bodies(&session, &MailSession::bodyReady);
    std::optional<QByteArray> source = session.messageSource(messageId);
    if (!source) {
        QTRY_VERIFY_WITH_TIMEOUT(!bodies.isEmpty(), 15000);
        source = session.messageSource(messageId);
    }
    QVERIFY(source);
    QVERIFY(source->contains("report.pdf"));
    QVERIFY(source->contains("notes.txt"));

    session.stopAccounts();
}

QTEST_MAIN(TestComposerSendDemo)
#include "tst_composersend_demo.moc"
