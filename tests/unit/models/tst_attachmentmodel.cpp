// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/AttachmentModel.h"

#include "mime/Message.h"
#include "mime/MessagePart.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using magpie::mime::Message;
using magpie::models::AttachmentModel;

namespace {

// A text body, a PNG (base64, 10 bytes decoded), a forwarded message and an inline PDF
// without a name.
const QByteArray mail =
    "From: Alice <alice@example.org>\r\n"
    "To: bob@example.org\r\n"
    "Subject: Files\r\n"
    "MIME-Version: 1.0\r\n"
    "Content-Type: multipart/mixed; boundary=\"b1\"\r\n"
    "\r\n"
    "--b1\r\n"
    "Content-Type: text/plain; charset=utf-8\r\n"
    "\r\n"
    "See attached.\r\n"
    "--b1\r\n"
    "Content-Type: image/png; name=\"dot.png\"\r\n"
    "Content-Disposition: attachment; filename=\"dot.png\"\r\n"
    "Content-Transfer-Encoding: base64\r\n"
    "Content-ID: <dot@example.org>\r\n"
    "\r\n"
    "AAECAwQFBgcI\r\n"
    "CQ==\r\n"
    "--b1\r\n"
    "Content-Type: message/rfc822\r\n"
    "\r\n"
    "Subject: Old news\r\n"
    "\r\n"
    "Hello.\r\n"
    "--b1\r\n"
    "Content-Type: application/pdf\r\n"
    "Content-Disposition: inline\r\n"
    "\r\n"
    "%PDF-1.4\r\n"
    "--b1--\r\n";

} // namespace

class TestAttachmentModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void listsAttachments();
    void estimatesBase64Size_data();
    void estimatesBase64Size();
    void clearsAndResets();
};

void TestAttachmentModel::listsAttachments()
{
    AttachmentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    model.setMessage(std::make_shared<const Message>(mail));
    QCOMPARE(model.rowCount(), 3);

    // In document order (Message::attachments()); the text body is not one.
    const QModelIndex png = model.index(0);
    QCOMPARE(png.data().toString(), QStringLiteral("dot.png"));
    QCOMPARE(png.data(AttachmentModel::FileNameRole).toString(), QStringLiteral("dot.png"));
    QCOMPARE(png.data(AttachmentModel::MimeTypeRole).toString(), QStringLiteral("image/png"));
    QCOMPARE(png.data(AttachmentModel::SizeRole).toLongLong(), 10);
    QCOMPARE(png.data(AttachmentModel::IconNameRole).toString(), QStringLiteral("image-png"));
    QCOMPARE(png.data(AttachmentModel::GenericIconNameRole).toString(), QStringLiteral("image-x-generic"));
    QCOMPARE(png.data(AttachmentModel::ContentIdRole).toString(), QStringLiteral("dot@example.org"));
    QCOMPARE(png.data(AttachmentModel::PartPathRole).toString(), QStringLiteral("2"));
    QCOMPARE(png.data(AttachmentModel::IsInlineRole).toBool(), false);
    QCOMPARE(png.data(AttachmentModel::IsMessageRole).toBool(), false);
    QCOMPARE(model.part(0)->decodedBody().size(), 10);

    const QModelIndex forwarded = model.index(1);
    QCOMPARE(forwarded.data(AttachmentModel::IsMessageRole).toBool(), true);
    QCOMPARE(forwarded.data().toString(), QStringLiteral("Forwarded message"));
    QCOMPARE(forwarded.data(AttachmentModel::MimeTypeRole).toString(), QStringLiteral("message/rfc822"));
    QCOMPARE(forwarded.data(AttachmentModel::PartPathRole).toString(), QStringLiteral("3"));

    const QModelIndex pdf = model.index(2);
    QCOMPARE(pdf.data().toString(), QStringLiteral("Attachment 3"));
    QCOMPARE(pdf.data(AttachmentModel::IsInlineRole).toBool(), true);
    QCOMPARE(pdf.data(AttachmentModel::SizeRole).toLongLong(), qint64(QByteArray("%PDF-1.4").size()));
    QCOMPARE(model.part(3), nullptr);
}

void TestAttachmentModel::estimatesBase64Size_data()
{
    QTest::addColumn<QByteArray>("decoded");
    for (int size : { 0, 1, 2, 3, 4, 57, 58, 1000 })
        QTest::addRow("%d bytes", size) << QByteArray(size, 'x');
}

void TestAttachmentModel::estimatesBase64Size()
{
    QFETCH(QByteArray, decoded);
    QByteArray encoded = decoded.toBase64();
    for (qsizetype at = 76; at < encoded.size(); at += 78)
        encoded.insert(at, "\r\n"); // RFC 2045 s6.8 line length
    const QByteArray raw = "Content-Type: multipart/mixed; boundary=x\r\n\r\n--x\r\n"
                           "Content-Type: application/octet-stream\r\n"
                           "Content-Disposition: attachment; filename=a.bin\r\n"
                           "Content-Transfer-Encoding: base64\r\n\r\n"
        + encoded + "\r\n--x--\r\n";
    const Message message(raw);
    QCOMPARE(message.attachments().size(), 1);
    QCOMPARE(AttachmentModel::estimatedSize(*message.attachments().constFirst()), qint64(decoded.size()));
}

void TestAttachmentModel::clearsAndResets()
{
    AttachmentModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);
    model.setMessage(std::make_shared<const Message>(mail));
    model.setMessage(nullptr);
    QCOMPARE(model.rowCount(), 0);
    QCOMPARE(reset.count(), 2);
    model.setMessage(std::make_shared<const Message>(QByteArray("Subject: plain\r\n\r\nNo files.\r\n")));
    QCOMPARE(model.rowCount(), 0);
}

QTEST_MAIN(TestAttachmentModel)
#include "tst_attachmentmodel.moc"
