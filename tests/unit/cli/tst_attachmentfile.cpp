// SPDX-License-Identifier: GPL-3.0-or-later
// `send --attach FILE`: the file's bytes, its name without the folder, a content type guessed
// from name and contents, and clear errors for what cannot be attached.
#include "cli/AttachmentFile.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using magpie::cli::AttachmentFile;

class TestAttachmentFile : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void guessesTheContentType_data();
    void guessesTheContentType();
    void refusesWhatCannotBeRead();

private:
    QTemporaryDir m_dir;
};

void TestAttachmentFile::guessesTheContentType_data()
{
    QTest::addColumn<QString>("name");
    QTest::addColumn<QByteArray>("data");
    QTest::addColumn<QByteArray>("contentType");
    QTest::newRow("pdf") << u"report 2026.pdf"_s << QByteArray("%PDF-1.4\n%%EOF\n")
                         << QByteArray("application/pdf");
    QTest::newRow("png") << u"photo.png"_s << QByteArray("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16)
                         << QByteArray("image/png");
    QTest::newRow("text") << u"notes.txt"_s << QByteArray("hello\n") << QByteArray("text/plain");
    QTest::newRow("pdf without its extension")
        << u"scan"_s << QByteArray("%PDF-1.7\n%%EOF\n") << QByteArray("application/pdf");
    QTest::newRow("unknown bytes") << u"blob"_s << QByteArray("\x01\x02\x03\xff\xfe\x00\x01", 7)
                                   << QByteArray("application/octet-stream");
    QTest::newRow("empty file") << u"empty.dat"_s << QByteArray()
                                << QByteArray("application/octet-stream");
    QTest::newRow("empty text file") << u"empty.txt"_s << QByteArray() << QByteArray("text/plain");
    QTest::newRow("Unicode name") << QString::fromUtf8("R\xc3\xa9sum\xc3\xa9.txt")
                                  << QByteArray("cv\n") << QByteArray("text/plain");
}

void TestAttachmentFile::guessesTheContentType()
{
    QFETCH(QString, name);
    QFETCH(QByteArray, data);
    QFETCH(QByteArray, contentType);
    const QString path = m_dir.filePath(name);
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
    file.close();
    QString error;
    const auto attachment = AttachmentFile::read(path, &error);
    QVERIFY2(attachment.has_value(), qPrintable(error));
    QCOMPARE(attachment->fileName, name); // without the folder
    QCOMPARE(attachment->data, data);
    QCOMPARE(attachment->contentType, contentType);
    QVERIFY(attachment->contentId.isEmpty());
}

void TestAttachmentFile::refusesWhatCannotBeRead()
{
    QString error;
    QVERIFY(!AttachmentFile::read(m_dir.filePath(u"missing.pdf"_s), &error));
    QVERIFY2(error.startsWith(u"Cannot attach "_s) && error.contains(u"missing.pdf"_s),
             qPrintable(error));

    QVERIFY(QDir(m_dir.path()).mkdir(u"folder"_s));
    QVERIFY(!AttachmentFile::read(m_dir.filePath(u"folder"_s), &error));
    QVERIFY2(error.contains(u"is a folder"_s), qPrintable(error));
}

QTEST_GUILESS_MAIN(TestAttachmentFile)
#include "tst_attachmentfile.moc"
