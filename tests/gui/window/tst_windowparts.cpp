// SPDX-License-Identifier: GPL-3.0-or-later
// The main window's parts on their own, against a real cache in a temporary folder: drag
// data, the folder pane's drop rules, the quick filter bar, search results as a folder,
// themed icons, message files, the status bar's progress and problems.
#include "app/Resources.h"
#include "app/session/MailSession.h"
#include "app/window/AccountStatusBar.h"
#include "app/window/ConnectionLogDialog.h"
#include "app/window/FolderTreeView.h"
#include "app/window/MessageDragData.h"
#include "app/window/MessageFiles.h"
#include "app/window/QuickFilterBar.h"
#include "app/window/SearchResultsModel.h"
#include "app/window/ThemedIconEngine.h"
#include "models/FolderModel.h"
#include "models/MessageListModel.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/SearchIndexer.h"
#include "sync/LocalOperations.h"

#include <QApplication>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QMimeData>
#include <QPlainTextEdit>
#include <QProgressBar>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace magpie;
using namespace Qt::StringLiterals;

class TestWindowParts : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void dragDataRoundTrips();
    void folderPaneTakesMessagesOnlyOnFoldersOfTheirAccount();
    void quickFilterBarAnnouncesFiltersAndSearches();
    void searchResultsFollowFlagsAndMoves();
    void iconsFollowThePalette();
    void suggestedFileNamesAreSafe_data();
    void suggestedFileNamesAreSafe();
    void messageFilesRoundTrip();
    void statusBarShowsProgressAndTheLastProblem();
    void connectionLogDialogShowsTheLog();

private:
    qint64 addFolder(const QString &account, const QString &path, store::FolderRole role);
    qint64 addMessage(qint64 folderId, quint32 uid, const QString &subject);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::MailCache> m_cache;
};

void TestWindowParts::initTestCase()
{
    app::initResources();
}

void TestWindowParts::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    m_cache = std::make_unique<store::MailCache>();
    QVERIFY(!m_cache->open(m_dir->filePath(u"cache.sqlite"_s)));
}

void TestWindowParts::cleanup()
{
    m_cache.reset();
    m_dir.reset();
}

qint64 TestWindowParts::addFolder(const QString &account, const QString &path, store::FolderRole role)
{
    store::FolderRecord folder;
    folder.accountId = account;
    folder.path = path;
    folder.serverName = path.toUtf8();
    folder.delimiter = u'/';
    folder.role = role;
    const auto saved = store::FolderStore(*m_cache).ensure(folder);
    return saved ? saved->id : 0;
}

qint64 TestWindowParts::addMessage(qint64 folderId, quint32 uid, const QString &subject)
{
    store::MessageSummary summary;
    summary.uid = uid;
    summary.subject = subject;
    summary.from.name = u"Alice Example"_s;
    summary.from.address = u"alice@example.com"_s;
    summary.date = QDateTime::currentDateTimeUtc();
    summary.size = 1234;
    const QList<qint64> ids = store::MessageStore(*m_cache).add(folderId, { summary });
    // In the search index at once, as the desktop client's BackgroundIndexer leaves it.
    store::SearchIndexer(*m_cache).indexAll();
    return ids.isEmpty() ? 0 : ids.constFirst();
}

void TestWindowParts::dragDataRoundTrips()
{
    app::MessageDragData data;
    data.accountId = u"work"_s;
    data.messageIds = { 3, 1, 4 };
    std::unique_ptr<QMimeData> mime(data.toMimeData());
    const app::MessageDragData back = app::MessageDragData::fromMimeData(mime.get());
    QCOMPARE(back.accountId, u"work"_s);
    QCOMPARE(back.messageIds, QList<qint64>({ 3, 1, 4 }));

    // Another program's drop (a file, some text) is not a drag of messages.
    QMimeData text;
    text.setText(u"3,1,4"_s);
    QVERIFY(app::MessageDragData::fromMimeData(&text).isEmpty());
    QMimeData garbage;
    garbage.setData(QString::fromLatin1(app::MessageDragData::kMimeType), "\x01\x02");
    QVERIFY(app::MessageDragData::fromMimeData(&garbage).isEmpty());
}

void TestWindowParts::folderPaneTakesMessagesOnlyOnFoldersOfTheirAccount()
{
    const qint64 inbox = addFolder(u"work"_s, u"INBOX"_s, store::FolderRole::Inbox);
    const qint64 archive = addFolder(u"work"_s, u"Archive"_s, store::FolderRole::Archive);
    const qint64 otherInbox = addFolder(u"home"_s, u"INBOX"_s, store::FolderRole::Inbox);
    const qint64 message = addMessage(inbox, 1, u"Budget"_s);
    QVERIFY(inbox && archive && otherInbox && message);

    models::FolderModel folders(*m_cache);
    folders.upsertAccount({ u"work"_s, u"Work"_s, u"me@work.example"_s });
    folders.upsertAccount({ u"home"_s, u"Home"_s, u"me@home.example"_s });
    app::FolderTreeView view;
    view.setModel(&folders);
    view.expandAll();
    view.resize(300, 400);
    view.show();
    QVERIFY(QTest::qWaitForWindowExposed(&view));
    view.setCurrentIndex(folders.indexOfFolder(inbox));

    app::MessageDragData data;
    data.accountId = u"work"_s;
    data.messageIds = { message };
    std::unique_ptr<QMimeData> mime(data.toMimeData());
    QSignalSpy dropped(&view, &app::FolderTreeView::messagesDropped);

    const auto centre = [&](const QModelIndex &index) { return view.visualRect(index).center(); };
    const auto drop = [&](const QPoint &pos) {
        QDragEnterEvent enter(pos, Qt::MoveAction | Qt::CopyAction, mime.get(), Qt::LeftButton,
                              Qt::NoModifier);
        QApplication::sendEvent(view.viewport(), &enter);
        QDragMoveEvent move(pos, Qt::MoveAction | Qt::CopyAction, mime.get(), Qt::LeftButton,
                            Qt::NoModifier);
        QApplication::sendEvent(view.viewport(), &move);
        const bool accepted = move.isAccepted();
        QDropEvent dropEvent(QPointF(pos), Qt::MoveAction | Qt::CopyAction, mime.get(),
                             Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(view.viewport(), &dropEvent);
        return accepted && dropEvent.isAccepted();
    };

    // Not onto the account row, another account's folder, or the folder they are in.
    QVERIFY(!drop(centre(folders.indexOfAccount(u"work"_s))));
    QVERIFY(!drop(centre(folders.indexOfFolder(otherInbox))));
    QVERIFY(!drop(centre(folders.indexOfFolder(inbox))));
    QCOMPARE(dropped.size(), 0);

    QVERIFY(drop(centre(folders.indexOfFolder(archive))));
    QCOMPARE(dropped.size(), 1);
    QCOMPARE(dropped.at(0).at(0).value<QList<qint64>>(), QList<qint64>({ message }));
    QCOMPARE(dropped.at(0).at(1).toLongLong(), archive);
}

void TestWindowParts::quickFilterBarAnnouncesFiltersAndSearches()
{
    app::QuickFilterBar bar;
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    QSignalSpy filters(&bar, &app::QuickFilterBar::filterChanged);
    QSignalSpy searches(&bar, &app::QuickFilterBar::searchRequested);
    QSignalSpy cleared(&bar, &app::QuickFilterBar::searchCleared);

    auto *unread = bar.findChild<QToolButton *>(u"filterUnread"_s);
    auto *attachments = bar.findChild<QToolButton *>(u"filterAttachments"_s);
    QVERIFY(unread && attachments);
    QTest::mouseClick(unread, Qt::LeftButton);
    QTest::mouseClick(attachments, Qt::LeftButton);
    QCOMPARE(filters.size(), 2);
    const auto filter = filters.last().at(0).value<store::MessageListFilter>();
    QVERIFY(filter.unreadOnly && filter.withAttachmentsOnly && !filter.flaggedOnly);
    QVERIFY(bar.filter() == filter);

    QLineEdit *field = bar.searchField();
    QTest::keyClicks(field, u"from:alice budget"_s);
    QCOMPARE(searches.size(), 0); // typing alone does not search every folder
    QTest::keyClick(field, Qt::Key_Return);
    QCOMPARE(searches.size(), 1);
    QCOMPARE(searches.at(0).at(0).toString(), u"from:alice budget"_s);
    field->clear();
    QCOMPARE(cleared.size(), 1);
}

void TestWindowParts::searchResultsFollowFlagsAndMoves()
{
    const qint64 inbox = addFolder(u"work"_s, u"INBOX"_s, store::FolderRole::Inbox);
    const qint64 archive = addFolder(u"work"_s, u"Archive"_s, store::FolderRole::Archive);
    const qint64 budget = addMessage(inbox, 1, u"Budget 2027"_s);
    const qint64 oldBudget = addMessage(archive, 1, u"Budget 2026"_s);
    addMessage(inbox, 2, u"Lunch on Friday"_s);

    app::SearchResultsModel results(*m_cache);
    QVERIFY(!results.search(u"budget"_s));
    QCOMPARE(results.rowCount(), 2); // across folders
    QCOMPARE(results.columnCount(), int(models::MessageListModel::ColumnCount));
    QList<qint64> ids;
    for (int row = 0; row < results.rowCount(); ++row)
        ids.append(results.index(row, 0).data(models::MessageListModel::MessageIdRole).toLongLong());
    QVERIFY(ids.contains(budget) && ids.contains(oldBudget));

    sync::LocalOperations operations(*m_cache);
    QSignalSpy changed(&results, &QAbstractItemModel::dataChanged);
    QVERIFY(!operations.markFlagged({ budget }, true));
    QVERIFY(changed.size() >= 1);
    const int row = ids.indexOf(budget);
    QVERIFY(results.index(row, 0).data(models::MessageListModel::FlaggedRole).toBool());
    QCOMPARE(results.index(row, models::MessageListModel::FlaggedColumn)
                 .data(models::MessageListModel::IconNameRole).toString(), u"flag"_s);

    // Moved away, the original leaves the results (the copy in Archive is not a search hit
    // until searched again).
    QVERIFY(!operations.move({ budget }, archive));
    for (int r = 0; r < results.rowCount(); ++r)
        QVERIFY(results.index(r, 0).data(models::MessageListModel::MessageIdRole).toLongLong() != budget);
}

void TestWindowParts::iconsFollowThePalette()
{
    const QByteArray svg = "<g stroke=\"#5a6570\"><path stroke=\"#2f7fd0\"/></g>";
    const QByteArray tinted = app::ThemedIconEngine::tinted(svg, QColor(255, 0, 0));
    QVERIFY(tinted.contains("#ff0000"));
    QVERIFY(!tinted.contains("#5a6570"));
    QVERIFY(tinted.contains("#2f7fd0")); // accents stay

    QVERIFY(app::ThemedIconEngine::icon(u"no-such-icon"_s).isNull());
    const QIcon icon = app::ThemedIconEngine::icon(u"write"_s);
    QVERIFY(!icon.isNull());

    const auto strokeLightness = [&] {
        // Crisp at any scale: drawn at the size asked for, not scaled from 24 px.
        const QImage image = icon.pixmap(QSize(64, 64), 2.0).toImage();
        if (image.size() != QSize(128, 128))
            return -1;
        int best = -1;
        int bestAlpha = 0;
        for (int y = 0; y < image.height(); ++y) {
            for (int x = 0; x < image.width(); ++x) {
                const QColor c = image.pixelColor(x, y);
                if (c.alpha() > bestAlpha && c.blue() <= c.red() + 30) { // skip blue accents
                    bestAlpha = c.alpha();
                    best = c.lightness();
                }
            }
        }
        return best;
    };
    const QPalette original = QApplication::palette();
    QPalette dark = original;
    dark.setColor(QPalette::Window, QColor(30, 30, 30));
    dark.setColor(QPalette::WindowText, QColor(240, 240, 240));
    QApplication::setPalette(dark);
    const int onDark = strokeLightness();
    QPalette light = original;
    light.setColor(QPalette::Window, QColor(250, 250, 250));
    light.setColor(QPalette::WindowText, QColor(20, 20, 20));
    QApplication::setPalette(light);
    const int onLight = strokeLightness();
    QApplication::setPalette(original);
    QVERIFY2(onDark > 150, qPrintable(QString::number(onDark)));
    QVERIFY2(onLight >= 0 && onLight < 100, qPrintable(QString::number(onLight)));
}

void TestWindowParts::suggestedFileNamesAreSafe_data()
{
    QTest::addColumn<QString>("subject");
    QTest::addColumn<QString>("fileName");
    QTest::newRow("plain") << u"Re: Budget 2027?"_s << u"Re Budget 2027.eml"_s;
    QTest::newRow("traversal") << u"../../evil"_s << u"evil.eml"_s;
    QTest::newRow("backslashes") << u"..\\..\\win"_s << u"win.eml"_s;
    QTest::newRow("hidden") << u".bashrc"_s << u"bashrc.eml"_s;
    QTest::newRow("control") << u"a\r\nb\tc"_s << u"a b c.eml"_s;
    QTest::newRow("empty") << QString() << u"message.eml"_s;
    QTest::newRow("only dots") << u"..."_s << u"message.eml"_s;
    QTest::newRow("long") << QString(300, u'x') << QString(100, u'x') + u".eml"_s;
}

void TestWindowParts::suggestedFileNamesAreSafe()
{
    QFETCH(QString, subject);
    QFETCH(QString, fileName);
    QCOMPARE(app::MessageFiles::suggestedFileName(subject), fileName);
}

void TestWindowParts::messageFilesRoundTrip()
{
    const QByteArray source = "From: a@example.com\r\nSubject: Hi\r\n\r\nHello\r\n";
    const QString path = m_dir->filePath(u"hi.eml"_s);
    QCOMPARE(app::MessageFiles::write(path, source), QString());
    QByteArray read;
    QString error;
    QVERIFY(app::MessageFiles::read(path, &read, &error));
    QCOMPARE(read, source);

    QVERIFY(!app::MessageFiles::read(m_dir->filePath(u"missing.eml"_s), &read, &error));
    QVERIFY(error.contains(u"missing.eml"_s));
    QFile empty(m_dir->filePath(u"empty.eml"_s));
    QVERIFY(empty.open(QIODevice::WriteOnly));
    empty.close();
    QVERIFY(!app::MessageFiles::read(empty.fileName(), &read, &error));
    QVERIFY(error.contains(u"empty"_s));
    // A folder that does not exist: a sentence, not a crash or a silent loss.
    QVERIFY(!app::MessageFiles::write(m_dir->filePath(u"no/such/dir/x.eml"_s), source).isEmpty());
}

void TestWindowParts::statusBarShowsProgressAndTheLastProblem()
{
    app::MailSession session(m_dir->filePath(u"profile"_s));
    app::AccountStatusBar bar(session);
    bar.show();
    QVERIFY(QTest::qWaitForWindowExposed(&bar));
    auto *progress = bar.findChild<QProgressBar *>(u"syncProgress"_s);
    auto *details = bar.findChild<QToolButton *>(u"problemDetails"_s);
    QVERIFY(progress && details);
    QVERIFY(!progress->isVisible());

    sync::SyncProgress step;
    step.accountId = u"work"_s;
    step.activity = u"Fetching new messages in INBOX"_s;
    step.done = 25;
    step.total = 100;
    Q_EMIT session.accountProgress(step);
    QVERIFY(progress->isVisible());
    QCOMPARE(progress->value(), 25);
    QCOMPARE(progress->maximum(), 100);
    QVERIFY(bar.activityText().contains(u"Fetching new messages in INBOX"_s));
    QVERIFY(bar.isBusy());

    sync::SyncProblem problem;
    problem.accountId = u"work"_s;
    problem.kind = sync::SyncProblem::Kind::Authentication;
    problem.message = u"The server rejected the password."_s;
    Q_EMIT session.accountProblem(problem);
    QVERIFY(bar.problemText().contains(problem.message));
    QVERIFY(details->isVisible());
    QSignalSpy detailsRequested(&bar, &app::AccountStatusBar::detailsRequested);
    QTest::mouseClick(details, Qt::LeftButton);
    QCOMPARE(detailsRequested.size(), 1);
    QCOMPARE(detailsRequested.at(0).at(0).toString(), u"work"_s);

    // A failed pass keeps the problem; a good one clears it and the progress.
    Q_EMIT session.accountSyncFinished(u"work"_s, false);
    QVERIFY(!bar.problemText().isEmpty());
    QVERIFY(!progress->isVisible());
    Q_EMIT session.accountSyncFinished(u"work"_s, true);
    QVERIFY(bar.problemText().isEmpty());
    QVERIFY(!details->isVisible());
    QVERIFY(!bar.isBusy());
}

void TestWindowParts::connectionLogDialogShowsTheLog()
{
    app::ConnectionLogDialog withLog(u"Work"_s, u"C: a1 LOGIN alice ***\nS: a1 OK"_s);
    QVERIFY(withLog.windowTitle().contains(u"Work"_s));
    QCOMPARE(withLog.logText(), u"C: a1 LOGIN alice ***\nS: a1 OK"_s);
    app::ConnectionLogDialog empty(u"Work"_s, QString());
    QVERIFY(!empty.logText().isEmpty()); // says nothing was logged rather than showing nothing
}

QTEST_MAIN(TestWindowParts)
#include "tst_windowparts.moc"
