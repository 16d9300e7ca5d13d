// SPDX-License-Identifier: GPL-3.0-or-later
// The composer on its own (no server): drops, reply quoting, mailto, the attachment reminder,
// drafts and queueing into the outbox through a real MailSession.
#include "app/compose/AddressLineEdit.h"
#include "app/compose/ComposerBody.h"
#include "app/compose/ComposerWindow.h"
#include "app/compose/OutgoingAttachments.h"
#include "app/session/MailSession.h"
#include "mime/Message.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/OutboxQueue.h"

#include <QAction>
#include <QApplication>
#include <QListView>
#include <QMessageBox>
#include <QMimeData>
#include <QPointer>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using magpie::app::ComposerWindow;
using magpie::app::MailSession;
using namespace magpie;
using namespace Qt::StringLiterals;

class TestComposerWindow : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void filesDroppedAnywhereAreAttached();
    void replyQuoting_data();
    void replyQuoting();
    void mailtoFillsTheFields();
    void clickedAddressStartsOneLineTo();
    void forgottenAttachmentAsks();
    void sendQueuesInTheOutbox();
    void draftsAutosaveAndGoOnSend();

private:
    ComposerWindow *open(const QString &accountId = {});
    void addAccount();
    QString writeFile(const QString &name, const QByteArray &data);
    void drop(QWidget *target, const QList<QUrl> &files);

    QTemporaryDir m_settingsDir;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MailSession> m_session;
};

void TestComposerWindow::initTestCase()
{
    QVERIFY(m_settingsDir.isValid());
    QSettings::setDefaultFormat(QSettings::IniFormat);
    QSettings::setPath(QSettings::IniFormat, QSettings::UserScope, m_settingsDir.path());
    QCoreApplication::setOrganizationName(u"MagpieTest"_s);
    QCoreApplication::setApplicationName(u"tst_composerwindow"_s);
}

void TestComposerWindow::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_session = std::make_unique<MailSession>(m_dir->filePath(u"profile"_s));
    const store::StoreError error = m_session->open();
    QVERIFY2(error.code == store::StoreError::None, qPrintable(error.message));
}

void TestComposerWindow::cleanup()
{
    // Windows still open (a failed test) go before the session they use.
    // Guarded: deleting one window deletes its own top-level children (completer popups).
    QList<QPointer<ComposerWindow>> composers;
    const QList<QWidget *> windows = QApplication::topLevelWidgets();
    for (QWidget *window : windows) {
        if (auto *composer = qobject_cast<ComposerWindow *>(window))
            composers.append(composer);
    }
    for (const QPointer<ComposerWindow> &composer : std::as_const(composers))
        delete composer.data();
    m_session.reset();
    m_dir.reset();
}

ComposerWindow *TestComposerWindow::open(const QString &accountId)
{
    auto *composer = new ComposerWindow(*m_session, accountId);
    composer->show();
    if (!QTest::qWaitForWindowExposed(composer))
        return nullptr;
    return composer;
}

void TestComposerWindow::addAccount()
{
    sync::AccountConfig account;
    account.id = u"work"_s;
    account.displayName = u"Work"_s;
    account.identityName = u"Alice Example"_s;
    account.address = u"alice@example.com"_s;
    account.incomingServer.host = u"127.0.0.1"_s;
    account.incomingServer.port = 1;
    account.incomingUser = u"alice"_s;
    account.smtpServer.host = u"127.0.0.1"_s;
    account.smtpServer.port = 1;
    account.smtpUser = u"alice"_s;
    const QString error = m_session->saveAccount(account);
    QVERIFY2(error.isEmpty(), qPrintable(error));
}

QString TestComposerWindow::writeFile(const QString &name, const QByteArray &data)
{
    QFile file(m_dir->filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(data);
    return file.fileName();
}

// What a file manager does: enter, move, drop, with text/uri-list data.
void TestComposerWindow::drop(QWidget *target, const QList<QUrl> &files)
{
    QMimeData data;
    data.setUrls(files);
    const QPoint where = target->rect().center();
    QDragEnterEvent enter(where, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &enter);
    QVERIFY(enter.isAccepted());
    QDragMoveEvent move(where, Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &move);
    QVERIFY(move.isAccepted());
    QDropEvent dropped(QPointF(where), Qt::CopyAction, &data, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(target, &dropped);
    QVERIFY(dropped.isAccepted());
}

void TestComposerWindow::filesDroppedAnywhereAreAttached()
{
    QPointer<ComposerWindow> composer = open();
    QVERIFY(composer);
    auto *to = composer->findChild<magpie::app::AddressLineEdit *>(u"toEdit"_s);
    auto *body = composer->findChild<magpie::app::ComposerBody *>(u"bodyEdit"_s);
    auto *list = composer->findChild<QListView *>(u"attachmentList"_s);
    QVERIFY(to && body && list);
    const QString first = writeFile(u"plan.txt"_s, "the plan\n");
    const QString second = writeFile(u"photo.png"_s, QByteArray("\x89PNG\r\n\x1a\n", 8) + QByteArray(40, 'x'));

    drop(to, { QUrl::fromLocalFile(first) });
    drop(body->viewport(), { QUrl::fromLocalFile(second) });
    QCOMPARE(list->model()->rowCount(), 2);
    QVERIFY(list->isVisible());
    // The fields did not take the paths as text.
    QCOMPARE(to->text(), QString());
    QVERIFY(!body->toPlainText().contains(u"photo.png"_s));
    QCOMPARE(list->model()->index(0, 0).data(magpie::app::OutgoingAttachments::PathRole).toString(), first);

    // Removing one by the action.
    list->setCurrentIndex(list->model()->index(0, 0));
    auto *remove = composer->findChild<QAction *>(u"actionRemoveAttachment"_s);
    QVERIFY(remove->isEnabled());
    remove->trigger();
    QCOMPARE(list->model()->rowCount(), 1);
    QCOMPARE(list->model()->index(0, 0).data(magpie::app::OutgoingAttachments::PathRole).toString(), second);

    // Text still drops as text.
    QMimeData text;
    text.setText(u"plain words"_s);
    QDropEvent dropped(QPointF(5, 5), Qt::CopyAction, &text, Qt::LeftButton, Qt::NoModifier);
    QApplication::sendEvent(composer.data(), &dropped);
    QCOMPARE(list->model()->rowCount(), 1);
}

void TestComposerWindow::replyQuoting_data()
{
    QTest::addColumn<bool>("above");
    QTest::newRow("below the quote") << false;
    QTest::newRow("above the quote") << true;
}

void TestComposerWindow::replyQuoting()
{
    QFETCH(bool, above);
    addAccount();
    app::Preferences preferences = m_session->preferences();
    preferences.quoting = above ? app::Preferences::Quoting::ReplyAboveQuote
                                : app::Preferences::Quoting::ReplyBelowQuote;
    preferences.signatures.insert(u"work"_s, u"Alice, Example Ltd"_s);
    QVERIFY(m_session->setPreferences(preferences).isEmpty());

    const mime::Message original(
        "From: Bob Builder <bob@example.org>\r\n"
        "To: Alice Example <alice@example.com>, carol@example.net\r\n"
        "Subject: Re: Plans for Friday\r\n"
        "Date: Fri, 02 Jan 2026 10:00:00 +0000\r\n"
        "Message-ID: <plans-2@example.org>\r\n"
        "References: <plans-1@example.org>\r\n"
        "Content-Type: text/plain; charset=utf-8\r\n"
        "\r\n"
        "Shall we meet at noon?\r\n"
        "> Friday works for me.\r\n");
    QPointer<ComposerWindow> composer = open();
    QVERIFY(composer);
    composer->startReply(original, ComposerWindow::ReplyTo::All);

    auto *to = composer->findChild<QLineEdit *>(u"toEdit"_s);
    auto *subject = composer->findChild<QLineEdit *>(u"subjectEdit"_s);
    auto *body = composer->findChild<magpie::app::ComposerBody *>(u"bodyEdit"_s);
    QCOMPARE(subject->text(), u"Re: Plans for Friday"_s);
    // Reply all: the sender and the other recipient, never oneself.
    QCOMPARE(to->text(), u"Bob Builder <bob@example.org>, carol@example.net"_s);
    const QString text = body->toPlainText();
    QVERIFY2(text.contains(u"Bob Builder wrote:\n> Shall we meet at noon?\n>> Friday works for me.\n"_s),
             qPrintable(text));
    const int quoteAt = int(text.indexOf(u"> Shall we meet"_s));
    const int signatureAt = int(text.indexOf(u"-- \nAlice, Example Ltd"_s));
    QVERIFY(signatureAt >= 0);
    const int cursor = body->textCursor().position();
    if (above) {
        QCOMPARE(cursor, 0);
        QVERIFY(signatureAt < quoteAt);
    } else {
        QVERIFY(cursor > quoteAt);
        QVERIFY(cursor <= signatureAt);
        QVERIFY(signatureAt > quoteAt);
    }
    // Typing goes where the cursor is, and the reply keeps the thread.
    QTest::keyClicks(body, u"Noon is fine."_s);
    QVERIFY(body->toPlainText().contains(above ? u"Noon is fine.\n"_s : u"for me.\n\nNoon is fine."_s));
}

void TestComposerWindow::mailtoFillsTheFields()
{
    QPointer<ComposerWindow> composer = open();
    QVERIFY(composer);
    QVERIFY(!composer->startFromMailto(QUrl(u"https://example.com"_s)));
    QVERIFY(composer->startFromMailto(
        QUrl(u"mailto:alice@example.com?subject=Hello%20there&cc=bob@example.org&body=Line%201%0D%0ALine%202&X-Evil=1"_s)));
    QCOMPARE(composer->findChild<QLineEdit *>(u"toEdit"_s)->text(), u"alice@example.com"_s);
    QCOMPARE(composer->findChild<QLineEdit *>(u"ccEdit"_s)->text(), u"bob@example.org"_s);
    QCOMPARE(composer->findChild<QLineEdit *>(u"subjectEdit"_s)->text(), u"Hello there"_s);
    QVERIFY(composer->findChild<magpie::app::ComposerBody *>(u"bodyEdit"_s)->toPlainText().startsWith(u"Line 1\nLine 2"_s));
    QVERIFY(composer->windowTitle().contains(u"Hello there"_s));
}

void TestComposerWindow::clickedAddressStartsOneLineTo()
{
    QPointer<ComposerWindow> composer = open();
    QVERIFY(composer);
    // What the message view's header block hands over, display name and all; a line break
    // in it (a hostile header) must not reach the field.
    composer->startTo(u"Alice Example <alice@example.com>\r\nBcc: eve@example.net"_s);
    const QString to = composer->findChild<QLineEdit *>(u"toEdit"_s)->text();
    QVERIFY2(to.startsWith(u"Alice Example <alice@example.com>"_s), qPrintable(to));
    QVERIFY(!to.contains(u'\r') && !to.contains(u'\n'));
    QVERIFY(composer->findChild<QLineEdit *>(u"subjectEdit"_s)->hasFocus()
            || !composer->isActiveWindow());
}

void TestComposerWindow::forgottenAttachmentAsks()
{
    addAccount();
    QPointer<ComposerWindow> composer = open(u"work"_s);
    QVERIFY(composer);
    QSignalSpy queued(composer.data(), &ComposerWindow::queued);
    composer->findChild<QLineEdit *>(u"toEdit"_s)->setText(u"bob@example.org"_s);
    composer->findChild<magpie::app::ComposerBody *>(u"bodyEdit"_s)->setPlainText(u"Hi Bob, the contract is attached."_s);
    composer->findChild<QAction *>(u"actionSend"_s)->trigger();
    QMessageBox *box = nullptr;
    QTRY_VERIFY((box = composer->findChild<QMessageBox *>(u"attachmentReminder"_s)) && box->isVisible());
    QVERIFY(box->text().contains(u"attached"_s));
    box->button(QMessageBox::Cancel)->click();
    QVERIFY(composer);
    QCOMPARE(queued.count(), 0);
    QCOMPARE(store::OutboxQueue(m_session->cache()).count(), 0);

    // "Send Anyway" sends.
    composer->findChild<QAction *>(u"actionSend"_s)->trigger();
    QTRY_VERIFY((box = composer->findChild<QMessageBox *>(u"attachmentReminder"_s)) && box->isVisible());
    box->findChild<QPushButton *>(u"sendAnyway"_s)->click();
    QTRY_COMPARE(queued.count(), 1);
    QTRY_VERIFY(!composer);
}

void TestComposerWindow::sendQueuesInTheOutbox()
{
    addAccount();
    QPointer<ComposerWindow> composer = open(u"work"_s);
    QVERIFY(composer);
    QSignalSpy queued(composer.data(), &ComposerWindow::queued);
    composer->findChild<QLineEdit *>(u"toEdit"_s)->setText(u"Bob <bob@example.org>, carol@example.net"_s);
    composer->findChild<QLineEdit *>(u"bccEdit"_s)->setText(u"dave@example.com"_s);
    composer->findChild<QLineEdit *>(u"subjectEdit"_s)->setText(u"Two files"_s);
    composer->findChild<magpie::app::ComposerBody *>(u"bodyEdit"_s)->setPlainText(u"Here they are."_s);
    composer->attachFiles({ QUrl::fromLocalFile(writeFile(u"a.txt"_s, "alpha\n")),
                            QUrl::fromLocalFile(writeFile(u"b.txt"_s, "beta\n")) });

    // A bad address stops the send with a sentence, and nothing is queued.
    composer->findChild<QLineEdit *>(u"ccEdit"_s)->setText(u"not-an-address"_s);
    composer->findChild<QAction *>(u"actionSend"_s)->trigger();
    QMessageBox *problem = nullptr;
    QTRY_VERIFY((problem = composer->findChild<QMessageBox *>(u"composerProblem"_s)) && problem->isVisible());
    QVERIFY(problem->text().contains(u"not-an-address"_s));
    problem->accept();
    QCOMPARE(store::OutboxQueue(m_session->cache()).count(), 0);
    composer->findChild<QLineEdit *>(u"ccEdit"_s)->clear();

    composer->findChild<QAction *>(u"actionSend"_s)->trigger();
    QTRY_COMPARE(queued.count(), 1);
    QTRY_VERIFY(!composer); // closed at once; sending runs in the background

    const auto entry = store::OutboxQueue(m_session->cache()).entry(queued.first().first().toLongLong());
    QVERIFY(entry);
    QCOMPARE(entry->accountId, u"work"_s);
    QCOMPARE(entry->envelopeFrom, QByteArray("alice@example.com"));
    QCOMPARE(entry->recipients,
             (QList<QByteArray> { "bob@example.org", "carol@example.net", "dave@example.com" }));
    QVERIFY(!entry->raw.contains("dave@example.com"));
    const mime::Message sent(entry->raw);
    QCOMPARE(sent.subject(), u"Two files"_s);
    QCOMPARE(sent.attachments().size(), 2);
    QCOMPARE(sent.attachments().at(1)->decodedBody(), QByteArray("beta\n"));
}

void TestComposerWindow::draftsAutosaveAndGoOnSend()
{
    addAccount();
    store::FolderRecord drafts;
    drafts.accountId = u"work"_s;
    drafts.path = u"Drafts"_s;
    drafts.serverName = "Drafts";
    drafts.role = store::FolderRole::Drafts;
    const auto folder = store::FolderStore(m_session->cache()).ensure(drafts);
    QVERIFY(folder);
    app::Preferences preferences = m_session->preferences();
    preferences.draftAutosaveSeconds = 1;
    QVERIFY(m_session->setPreferences(preferences).isEmpty());

    QPointer<ComposerWindow> composer = open(u"work"_s);
    QVERIFY(composer);
    QSignalSpy saved(composer.data(), &ComposerWindow::draftSaved);
    QSignalSpy queued(composer.data(), &ComposerWindow::queued);
    composer->findChild<QLineEdit *>(u"subjectEdit"_s)->setText(u"Unfinished"_s);
    QVERIFY(saved.wait(3000));
    store::MessageStore messages(m_session->cache());
    // What the Drafts folder shows (FolderRecord::total: the rows a person sees).
    auto shown = [this, &folder] { return store::FolderStore(m_session->cache()).folder(folder->id)->total; };
    QCOMPARE(shown(), 1);
    const auto first = messages.message(saved.last().first().toLongLong());
    QVERIFY(first);
    QCOMPARE(first->subject, u"Unfinished"_s);
    QCOMPARE(first->folderId, folder->id);

    // Nothing changed: no new save. A change: the new version replaces the old one.
    QTest::qWait(1300);
    QCOMPARE(saved.count(), 1);
    composer->findChild<QLineEdit *>(u"subjectEdit"_s)->setText(u"Nearly finished"_s);
    QVERIFY(saved.wait(3000));
    QCOMPARE(shown(), 1);
    const auto second = messages.message(saved.last().first().toLongLong());
    QVERIFY(second);
    QCOMPARE(second->subject, u"Nearly finished"_s);
    QCOMPARE(second->messageId, first->messageId); // the same message, saved again

    composer->findChild<QLineEdit *>(u"toEdit"_s)->setText(u"bob@example.org"_s);
    composer->findChild<QAction *>(u"actionSend"_s)->trigger();
    QTRY_COMPARE(queued.count(), 1);
    QCOMPARE(shown(), 0); // sent: the draft is gone
    const auto entry = store::OutboxQueue(m_session->cache()).entry(queued.first().first().toLongLong());
    QVERIFY(entry);
    QCOMPARE(entry->messageId, first->messageId);
}

QTEST_MAIN(TestComposerWindow)
#include "tst_composerwindow.moc"
