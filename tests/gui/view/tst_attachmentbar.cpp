// SPDX-License-Identifier: GPL-3.0-or-later
// The attachments of a message in MessageView: listed with size and icon, opened through a
// read-only temporary copy (programs never), saved ("../../evil.sh" stays in the chosen
// folder, nothing is overwritten silently), saved all, and dragged out as files.
#include "app/view/AttachmentBar.h"
#include "app/view/MessageView.h"

#include <QAbstractItemModel>
#include <QDesktopServices>
#include <QDir>
#include <QFile>
#include <QFileDialog>
#include <QFileInfo>
#include <QIcon>
#include <QLabel>
#include <QListView>
#include <QMessageBox>
#include <QMimeData>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>
#include <QToolButton>

using namespace Qt::StringLiterals;
using magpie::app::MessageView;

namespace {

// Stands in for the desktop's file opener (QDesktopServices::setUrlHandler).
class UrlOpener : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void openUrl(const QUrl &url) { opened << url; }
};

QByteArray withAttachments()
{
    return "From: Alice <alice@example.com>\r\nTo: bob@example.com\r\nSubject: Files\r\n"
           "MIME-Version: 1.0\r\nContent-Type: multipart/mixed; boundary=xyz\r\n\r\n"
           "--xyz\r\nContent-Type: text/plain\r\n\r\nTwo files.\r\n"
           "--xyz\r\nContent-Type: application/x-sh\r\n"
           "Content-Disposition: attachment; filename=\"../../evil.sh\"\r\n\r\n#!/bin/sh\necho "
           "pwned\r\n"
           "--xyz\r\nContent-Type: text/plain; name=\"notes.txt\"\r\nContent-Disposition: "
           "attachment\r\n"
           "Content-Transfer-Encoding: base64\r\n\r\n"
        + QByteArray("Hello notes").toBase64()
        + "\r\n"
          "--xyz--\r\n";
}

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

template<typename T> T *waitForDialog(QWidget &parent, const QString &name)
{
    T *found = nullptr;
    [&] { QTRY_VERIFY((found = parent.findChild<T *>(name)) && found->isVisible()); }();
    return found;
}

} // namespace

class TestAttachmentBar : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase() { QDesktopServices::setUrlHandler(u"file"_s, &m_opener, "openUrl"); }
    void cleanupTestCase() { QDesktopServices::unsetUrlHandler(u"file"_s); }
    void init() { m_opener.opened.clear(); }

    void attachmentsListedWithSizeAndIcon()
    {
        MessageView view;
        view.show();
        view.showMessage(withAttachments());
        QVERIFY(view.findChild<QWidget *>(u"attachmentBar"_s)->isVisible());
        auto *list = view.findChild<QListView *>(u"attachmentList"_s);
        QAbstractItemModel *model = list->model();
        QCOMPARE(model->rowCount(), 2);
        QVERIFY(model->index(0, 0).data().toString().startsWith(u"../../evil.sh ("_s));
        QVERIFY(model->index(1, 0).data().toString().startsWith(u"notes.txt ("_s));
        QVERIFY(!model->index(1, 0).data(Qt::DecorationRole).value<QIcon>().isNull());
        QVERIFY(view.findChild<QLabel *>(u"attachmentSummary"_s)->text().contains(u"2"_s));
        view.showMessage("Subject: none\r\n\r\nno files\r\n");
        QVERIFY(!view.findChild<QWidget *>(u"attachmentBar"_s)->isVisible());
    }

    // Issue 7: "saving an attachment named ../../evil.sh stays in the chosen folder".
    void savingEvilNameStaysInTheChosenFolder()
    {
        QTemporaryDir root;
        const QString chosen = root.filePath(u"downloads/chosen"_s);
        QVERIFY(QDir().mkpath(chosen));
        MessageView view;
        view.show();
        view.showMessage(withAttachments());
        auto *bar = view.findChild<magpie::app::AttachmentBar *>();
        QSignalSpy saved(bar, &magpie::app::AttachmentBar::saved);

        bar->saveAttachment(0);
        auto *dialog = waitForDialog<QFileDialog>(view, u"saveAttachmentDialog"_s);
        QVERIFY(dialog);
        dialog->setDirectory(chosen);
        QCOMPARE(dialog->selectedFiles().value(0), QDir(chosen).filePath(u"evil.sh"_s));
        QMetaObject::invokeMethod(dialog, "accept"); // OK, as the person would press it
        QTRY_COMPARE(saved.size(), 1);
        const QString path = saved.at(0).at(0).toStringList().value(0);
        QCOMPARE(QFileInfo(path).absolutePath(), QFileInfo(chosen).absoluteFilePath());
        QCOMPARE(readAll(path), QByteArray("#!/bin/sh\necho pwned"));
        QVERIFY(!QFile::exists(root.filePath(u"evil.sh"_s)));
        QVERIFY(!QFile::exists(QDir(chosen).filePath(u"../../evil.sh"_s)));

        // Save all into the same folder: nothing is replaced, the copy gets a new name.
        QTest::mouseClick(view.findChild<QToolButton *>(u"saveAllAttachments"_s), Qt::LeftButton);
        auto *folderDialog = waitForDialog<QFileDialog>(view, u"saveAllAttachmentsDialog"_s);
        QVERIFY(folderDialog);
        Q_EMIT folderDialog->fileSelected(chosen); // what choosing the folder and OK does
        folderDialog->close();
        QTRY_COMPARE(saved.size(), 2);
        const QStringList all = saved.at(1).at(0).toStringList();
        QCOMPARE(all.size(), 2);
        QCOMPARE(QFileInfo(all.at(0)).fileName(), u"evil (2).sh"_s);
        QCOMPARE(QFileInfo(all.at(1)).fileName(), u"notes.txt"_s);
        for (const QString &written : all)
            QCOMPARE(QFileInfo(written).absolutePath(), QFileInfo(chosen).canonicalFilePath());
        QCOMPARE(readAll(path), QByteArray("#!/bin/sh\necho pwned"));
        QCOMPARE(readAll(all.at(1)), QByteArray("Hello notes"));
        QCOMPARE(QDir(root.path()).entryList(QDir::Files).size(), 0);
    }

    void openingUsesATemporaryCopyAndNeverRunsPrograms()
    {
        MessageView view;
        view.show();
        view.showMessage(withAttachments());
        auto *bar = view.findChild<magpie::app::AttachmentBar *>();
        bar->openAttachment(1);
        QCOMPARE(m_opener.opened.size(), 1);
        const QString copy = m_opener.opened.at(0).toLocalFile();
        QCOMPARE(QFileInfo(copy).fileName(), u"notes.txt"_s);
        QCOMPARE(readAll(copy), QByteArray("Hello notes"));
        QVERIFY(!(QFileInfo(copy).permissions() & QFileDevice::WriteOwner));

        bar->openAttachment(0); // a shell script: refused with a reason
        auto *box = waitForDialog<QMessageBox>(view, u"attachmentError"_s);
        QVERIFY(box);
        QVERIFY(box->text().contains(u"evil.sh"_s));
        QCOMPARE(m_opener.opened.size(), 1);
        box->accept();
    }

    void draggingOutCarriesFiles()
    {
        MessageView view;
        view.showMessage(withAttachments());
        auto *list = view.findChild<QListView *>(u"attachmentList"_s);
        QAbstractItemModel *model = list->model();
        QVERIFY(model->flags(model->index(1, 0)) & Qt::ItemIsDragEnabled);
        const std::unique_ptr<QMimeData> data(
            model->mimeData({ model->index(0, 0), model->index(1, 0) }));
        QVERIFY(data);
        QVERIFY(data->hasUrls());
        const QList<QUrl> urls = data->urls();
        QCOMPARE(urls.size(), 2);
        QCOMPARE(QFileInfo(urls.at(0).toLocalFile()).fileName(), u"evil.sh"_s);
        QCOMPARE(readAll(urls.at(1).toLocalFile()), QByteArray("Hello notes"));
        QVERIFY(!(QFileInfo(urls.at(0).toLocalFile()).permissions() & QFileDevice::ExeOwner));
    }

private:
    UrlOpener m_opener;
};

QTEST_MAIN(TestAttachmentBar)
#include "tst_attachmentbar.moc"
