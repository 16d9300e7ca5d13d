// SPDX-License-Identifier: GPL-3.0-or-later
// MessageView as a person uses it: headers, HTML or plain text, remote content blocked then
// shown once (against a real HTTP server on 127.0.0.1), cid: images, local files never read,
// links shown before they open, printing. Attachments: tst_attachmentbar.
#include "app/view/MessageView.h"

#include "mime/Message.h"

#include <QAbstractItemModel>
#include <QApplication>
#include <QBuffer>
#include <QDesktopServices>
#include <QFile>
#include <QFileInfo>
#include <QImage>
#include <QLabel>
#include <QMessageBox>
#include <QNetworkProxy>
#include <QPrinter>
#include <QPushButton>
#include <QSignalSpy>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTemporaryDir>
#include <QTest>
#include <QTextBrowser>
#include <QTextDocument>

using namespace Qt::StringLiterals;
using magpie::app::MessageView;
using magpie::app::Preferences;

namespace {

QByteArray pngBytes(int width, int height, QColor color)
{
    QImage image(width, height, QImage::Format_RGB32);
    image.fill(color);
    QByteArray data;
    QBuffer buffer(&data);
    buffer.open(QIODevice::WriteOnly);
    image.save(&buffer, "PNG");
    return data;
}

// A web server that serves one image and counts who asked: the tracker of a newsletter.
class ImageServer : public QTcpServer
{
public:
    ImageServer()
    {
        connect(this, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *socket = nextPendingConnection()) {
                socket->setParent(this);
                connect(socket, &QTcpSocket::readyRead, socket, [this, socket] {
                    m_buffers[socket] += socket->readAll();
                    if (!m_buffers[socket].contains("\r\n\r\n"))
                        return;
                    ++requests;
                    const QByteArray body = pngBytes(7, 5, Qt::red);
                    socket->write("HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: "
                                  + QByteArray::number(body.size())
                                  + "\r\nConnection: close\r\n\r\n" + body);
                    socket->disconnectFromHost();
                });
            }
        });
    }
    QString url(const QString &path) const
    {
        return u"http://127.0.0.1:"_s + QString::number(serverPort()) + path;
    }
    int requests = 0;

private:
    QHash<QTcpSocket *, QByteArray> m_buffers;
};

// Stands in for the desktop's browser and file opener (QDesktopServices::setUrlHandler).
class UrlOpener : public QObject
{
    Q_OBJECT
public:
    QList<QUrl> opened;
public Q_SLOTS:
    void openUrl(const QUrl &url) { opened << url; }
};

QByteArray htmlMessage(const QString &html,
                       const QByteArray &from = "Newsletter <news@shop.example>")
{
    return "From: " + from
        + "\r\nTo: reader@example.com\r\nSubject: Offers\r\n"
          "MIME-Version: 1.0\r\nContent-Type: text/html; charset=utf-8\r\n\r\n"
        + html.toUtf8() + "\r\n";
}

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

QTextBrowser *body(MessageView &view)
{
    return view.findChild<QTextBrowser *>(u"messageBody"_s);
}

QWidget *remoteBar(MessageView &view)
{
    return view.findChild<QWidget *>(u"remoteContentBar"_s);
}

bool imageShown(MessageView &view, const QString &url)
{
    const QVariant resource =
        body(view)->document()->resource(QTextDocument::ImageResource, QUrl(url));
    return resource.canConvert<QImage>() && !resource.value<QImage>().isNull();
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

class TestMessageView : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void initTestCase()
    {
        // The test talks to 127.0.0.1 only, whatever proxy the machine has.
        QNetworkProxy::setApplicationProxy(QNetworkProxy::NoProxy);
        QDesktopServices::setUrlHandler(u"http"_s, &m_opener, "openUrl");
        QDesktopServices::setUrlHandler(u"https"_s, &m_opener, "openUrl");
        QDesktopServices::setUrlHandler(u"file"_s, &m_opener, "openUrl");
    }

    void cleanupTestCase()
    {
        QDesktopServices::unsetUrlHandler(u"http"_s);
        QDesktopServices::unsetUrlHandler(u"https"_s);
        QDesktopServices::unsetUrlHandler(u"file"_s);
    }

    void init() { m_opener.opened.clear(); }

    void placeholderThenMessage()
    {
        MessageView view;
        view.showPlaceholder(u"Downloading the message..."_s);
        QCOMPARE(view.findChild<QLabel *>(u"placeholder"_s)->text(),
                 u"Downloading the message..."_s);
        QVERIFY(!view.message());
        view.showMessage("Subject: x\r\n\r\nhello\r\n");
        QVERIFY(view.message());
        QCOMPARE(view.source(), QByteArray("Subject: x\r\n\r\nhello\r\n"));
        view.clear();
        QVERIFY(!view.message());
        QVERIFY(view.source().isEmpty());
        view.showMessage(QByteArray("\x00\xff<html>\r\n--garbage", 17)); // shown, never refused
        QVERIFY(view.message());
    }

    void headerBlockComposesToAnAddress()
    {
        MessageView view;
        QSignalSpy compose(&view, &MessageView::composeTo);
        view.showMessage("From: =?utf-8?q?Ana=C3=AFs?= <anais@example.fr>\r\nTo: Bob "
                         "<bob@example.com>, carol@example.com\r\n"
                         "Cc: dave@example.com\r\nDate: Mon, 7 Dec 2026 10:00:00 +0000\r\nSubject: "
                         "=?utf-8?q?R=C3=A9union?=\r\n\r\nBonjour\r\n");
        QCOMPARE(view.findChild<QLabel *>(u"subject"_s)->text(), u"Réunion"_s);
        auto *fields = view.findChild<QLabel *>(u"headerFields"_s);
        const QString text = fields->text();
        QVERIFY(text.contains(u"Anaïs &lt;anais@example.fr&gt;"_s));
        QVERIFY(text.contains(u"carol@example.com"_s));
        QVERIFY(text.contains(u"dave@example.com"_s));
        QVERIFY(text.contains(u"2026"_s));
        Q_EMIT fields->linkActivated(u"mailbox:0"_s);
        Q_EMIT fields->linkActivated(u"mailbox:2"_s);
        QCOMPARE(compose.size(), 2);
        QCOMPARE(compose.at(0).at(0).toString(), u"Anaïs <anais@example.fr>"_s);
        QCOMPARE(compose.at(1).at(0).toString(), u"carol@example.com"_s);
    }

    void headerFieldsAreTextNotMarkup()
    {
        MessageView view;
        view.showMessage("From: \"<img src=http://x.example/t.png>\" <a@example.com>\r\n"
                         "Subject: <b>not bold</b>\r\n\r\nx\r\n");
        QCOMPARE(view.findChild<QLabel *>(u"subject"_s)->text(), u"<b>not bold</b>"_s);
        QCOMPARE(view.findChild<QLabel *>(u"subject"_s)->textFormat(), Qt::PlainText);
        const QString fields = view.findChild<QLabel *>(u"headerFields"_s)->text();
        QVERIFY(fields.contains(u"&lt;img src=http://x.example/t.png&gt;"_s));
        QVERIFY(!fields.contains(u"<img"_s));
    }

    void htmlOrPlainTextPerPreference()
    {
        const QByteArray message = "From: a@example.com\r\nSubject: alt\r\nMIME-Version: 1.0\r\n"
                                   "Content-Type: multipart/alternative; boundary=b\r\n\r\n"
                                   "--b\r\nContent-Type: text/plain\r\n\r\nplain version\r\n"
                                   "--b\r\nContent-Type: text/html\r\n\r\n<p><b>html</b> "
                                   "version<script>document.write('x')</script></p>\r\n"
                                   "--b--\r\n";
        MessageView view;
        view.showMessage(message);
        QVERIFY(body(view)->toPlainText().contains(u"html version"_s));
        QVERIFY(!body(view)->toPlainText().contains(u"document.write"_s));
        Preferences preferences;
        preferences.preferHtml = false;
        view.setPreferences(preferences);
        QVERIFY(body(view)->toPlainText().contains(u"plain version"_s));
        // Only HTML and plain text preferred: its text, no markup.
        view.showMessage(htmlMessage(u"<p>only <i>html</i></p>"_s));
        QCOMPARE(body(view)->toPlainText().trimmed(), u"only html"_s);
    }

    void inlineTextPartsFollowTheBody()
    {
        MessageView view;
        view.showMessage(
            "From: a@example.com\r\nSubject: list\r\nMIME-Version: 1.0\r\n"
            "Content-Type: multipart/mixed; boundary=m\r\n\r\n"
            "--m\r\nContent-Type: text/plain\r\n\r\nThe message.\r\n"
            "--m\r\nContent-Type: text/plain\r\nContent-Disposition: inline\r\n\r\nList footer\r\n"
            "--m\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nInner text\r\n"
            "--m--\r\n");
        const QString text = body(view)->toPlainText();
        QVERIFY(text.contains(u"The message."_s));
        QVERIFY(text.contains(u"List footer"_s));
        QVERIFY(!text.contains(u"Inner text"_s)); // an enclosed message is an attachment
    }

    // Issue 7: "remote content blocked then shown once".
    void remoteContentBlockedThenShownOnce()
    {
        ImageServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const QString pixel = server.url(u"/open.png?user=reader"_s);
        const QByteArray message = htmlMessage(u"<p>Sale!</p><img src=\""_s + pixel + u"\">"_s);

        MessageView view;
        view.resize(600, 400);
        view.show();
        view.showMessage(message);
        QVERIFY(remoteBar(view)->isVisible());
        QVERIFY(!body(view)->toHtml().contains(pixel));
        QTest::qWait(200); // a request would have arrived by now
        QCOMPARE(server.requests, 0);
        QVERIFY(!imageShown(view, pixel));

        QSignalSpy shown(&view, &MessageView::messageShown);
        QTest::mouseClick(view.findChild<QPushButton *>(u"showRemoteContentOnce"_s),
                          Qt::LeftButton);
        QTRY_COMPARE(server.requests, 1);
        QVERIFY(!remoteBar(view)->isVisible());
        QTRY_VERIFY(imageShown(view, pixel));
        QVERIFY(body(view)->toHtml().contains(pixel));
        QTRY_VERIFY(shown.size() >= 2); // laid out again once the image arrived

        // Once means once: the same message shown again is blocked again.
        view.showMessage(message);
        QVERIFY(remoteBar(view)->isVisible());
        QTest::qWait(200);
        QCOMPARE(server.requests, 1);
        QVERIFY(!imageShown(view, pixel));
    }

    void remoteContentAlwaysForThisSender()
    {
        ImageServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        const QString image = server.url(u"/logo.png"_s);
        const QByteArray message = htmlMessage(u"<img src=\""_s + image + u"\">"_s);
        MessageView view;
        view.show();
        QSignalSpy allowed(&view, &MessageView::remoteContentAllowedForSender);
        view.showMessage(message);
        auto *always = view.findChild<QPushButton *>(u"allowRemoteContentForSender"_s);
        QVERIFY(always->text().contains(u"news@shop.example"_s));
        QTest::mouseClick(always, Qt::LeftButton);
        QCOMPARE(allowed.size(), 1);
        QCOMPARE(allowed.at(0).at(0).toString(), u"news@shop.example"_s);
        QTRY_COMPARE(server.requests, 1);
        QTRY_VERIFY(imageShown(view, image));

        // Another view with that preference saved shows it at once; another sender is blocked.
        Preferences preferences;
        preferences.remoteContentSenders = { u"news@shop.example"_s };
        MessageView second;
        second.setPreferences(preferences);
        second.show();
        second.showMessage(message);
        QVERIFY(!remoteBar(second)->isVisible());
        QTRY_COMPARE(server.requests, 2);
        second.showMessage(
            htmlMessage(u"<img src=\""_s + image + u"\">"_s, "Other <other@spam.example>"));
        QVERIFY(remoteBar(second)->isVisible());
    }

    void remoteContentAllowedByPreference()
    {
        ImageServer server;
        QVERIFY(server.listen(QHostAddress::LocalHost));
        Preferences preferences;
        preferences.blockRemoteContent = false;
        MessageView view;
        view.setPreferences(preferences);
        view.showMessage(htmlMessage(u"<img src=\""_s + server.url(u"/a.png"_s) + u"\">"_s));
        QVERIFY(!remoteBar(view)->isVisible());
        QTRY_COMPARE(server.requests, 1);
    }

    void cidImagesComeFromTheMessage()
    {
        const QByteArray logo = pngBytes(16, 9, Qt::blue);
        const QByteArray message = "From: a@example.com\r\nSubject: logo\r\nMIME-Version: 1.0\r\n"
                                   "Content-Type: multipart/related; boundary=r\r\n\r\n"
                                   "--r\r\nContent-Type: text/html\r\n\r\n<p>Logo:</p><img "
                                   "src=\"cid:logo@example.com\">\r\n"
                                   "--r\r\nContent-Type: image/png\r\nContent-ID: "
                                   "<logo@example.com>\r\nContent-Transfer-Encoding: base64\r\n\r\n"
            + logo.toBase64() + "\r\n--r--\r\n";
        MessageView view;
        view.showMessage(message);
        QVERIFY(!remoteBar(view)->isVisible());
        const QVariant resource = body(view)->document()->resource(QTextDocument::ImageResource,
                                                                   QUrl(u"cid:logo@example.com"_s));
        QCOMPARE(resource.value<QImage>().size(), QSize(16, 9));
        QVERIFY(!view.findChild<QWidget *>(u"attachmentBar"_s)
                     ->isVisibleTo(&view)); // inline, not a file
    }

    void localFilesAreNeverRead()
    {
        QTemporaryDir folder;
        const QString secret = folder.filePath(u"secret.png"_s);
        QFile file(secret);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write(pngBytes(3, 3, Qt::green));
        file.close();
        MessageView view;
        view.showMessage(
            htmlMessage(u"<img src=\"file://"_s + secret + u"\"><img src=\"secret.png\">"_s));
        QVERIFY(!remoteBar(view)->isVisible());
        QTextDocument *document = body(view)->document();
        // Even a name that reached the document would not be read from the disk.
        QVERIFY(
            document->resource(QTextDocument::ImageResource, QUrl::fromLocalFile(secret)).isNull());
        QVERIFY(document->resource(QTextDocument::ImageResource, QUrl(secret)).isNull());
        QVERIFY(!body(view)->toHtml().contains(u"secret.png"_s));
    }

    void linksShowTheirTargetBeforeOpening()
    {
        MessageView view;
        view.show();
        view.showMessage(htmlMessage(
            u"<a href=\"https://bank.example.evil.example/login\">https://bank.example/</a>"_s));
        QTextBrowser *browser = body(view);
        const QUrl target(u"https://bank.example.evil.example/login"_s);

        Q_EMIT browser->highlighted(target);
        auto *hover = view.findChild<QLabel *>(u"linkTarget"_s);
        QVERIFY(hover->isVisible());
        QCOMPARE(hover->text(), target.toDisplayString());

        Q_EMIT browser->anchorClicked(target);
        auto *box = waitForDialog<QMessageBox>(view, u"linkConfirmation"_s);
        QVERIFY(box);
        QVERIFY(box->informativeText().contains(u"bank.example.evil.example"_s));
        QVERIFY(m_opener.opened.isEmpty());
        box->button(QMessageBox::Cancel)->click();
        QTest::qWait(50);
        QVERIFY(m_opener.opened.isEmpty());

        Q_EMIT browser->anchorClicked(target);
        box = waitForDialog<QMessageBox>(view, u"linkConfirmation"_s);
        QVERIFY(box);
        box->button(QMessageBox::Open)->click();
        QTRY_COMPARE(m_opener.opened, QList<QUrl> { target });

        // An internationalized name is shown in its ASCII form too.
        Q_EMIT browser->anchorClicked(QUrl(u"https://pаypal.example/"_s)); // Cyrillic "а"
        box = waitForDialog<QMessageBox>(view, u"linkConfirmation"_s);
        QVERIFY(box);
        QVERIFY(box->informativeText().contains(u"xn--"_s));
        box->button(QMessageBox::Cancel)->click();
    }

    void otherLinksNeverOpen()
    {
        MessageView view;
        view.show();
        view.showMessage(htmlMessage(u"<p>x</p>"_s));
        QSignalSpy mailto(&view, &MessageView::composeMailto);
        Q_EMIT body(view)->anchorClicked(QUrl(u"file:///etc/passwd"_s));
        Q_EMIT body(view)->anchorClicked(QUrl(u"javascript:alert(1)"_s));
        QTest::qWait(50);
        QVERIFY(!view.findChild<QMessageBox *>());
        QVERIFY(m_opener.opened.isEmpty());
        const QUrl address(u"mailto:sales@shop.example?subject=Order"_s);
        Q_EMIT body(view)->anchorClicked(address);
        QCOMPARE(mailto.size(), 1);
        QCOMPARE(mailto.at(0).at(0).toUrl(), address);

        Preferences preferences;
        preferences.confirmLinkTargets = false;
        view.setPreferences(preferences);
        Q_EMIT body(view)->anchorClicked(QUrl(u"https://example.com/"_s));
        QCOMPARE(m_opener.opened, QList<QUrl> { QUrl(u"https://example.com/"_s) });
    }

    void printsToPdf()
    {
        QTemporaryDir folder;
        MessageView view;
        view.showMessage(withAttachments());
        QPrinter printer(QPrinter::HighResolution);
        printer.setOutputFormat(QPrinter::PdfFormat);
        printer.setOutputFileName(folder.filePath(u"message.pdf"_s));
        view.print(&printer);
        QVERIFY(readAll(folder.filePath(u"message.pdf"_s)).startsWith("%PDF"));
    }

private:
    UrlOpener m_opener;
};

QTEST_MAIN(TestMessageView)
#include "tst_messageview.moc"
