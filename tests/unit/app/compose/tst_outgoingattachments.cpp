// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/compose/OutgoingAttachments.h"

#include <QAbstractItemModelTester>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using magpie::app::OutgoingAttachments;
using namespace Qt::StringLiterals;

class TestOutgoingAttachments : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void addsFilesWithSizeAndType();
    void refusesFoldersAndRemoteUrls();
    void sameFileOnce();
    void removes();
    void keepsWhatWasAttached();

private:
    QString write(const QString &name, const QByteArray &data);
    std::unique_ptr<QTemporaryDir> m_dir;
};

QString TestOutgoingAttachments::write(const QString &name, const QByteArray &data)
{
    QFile file(m_dir->filePath(name));
    if (!file.open(QIODevice::WriteOnly))
        return {};
    file.write(data);
    return file.fileName();
}

void TestOutgoingAttachments::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
}

void TestOutgoingAttachments::addsFilesWithSizeAndType()
{
    OutgoingAttachments model;
    QAbstractItemModelTester tester(&model);
    const QString text = write(u"notes.txt"_s, "hello\n");
    const QString pdf = write(u"report.pdf"_s, "%PDF-1.4\n%\xe2\xe3\xcf\xd3\n");
    const QStringList problems = model.addFiles({ QUrl::fromLocalFile(text), QUrl::fromLocalFile(pdf) });
    QVERIFY2(problems.isEmpty(), qPrintable(problems.join(u'\n')));
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(model.attachments().at(0).fileName, u"notes.txt"_s);
    QCOMPARE(model.attachments().at(0).contentType, QByteArray("text/plain"));
    QCOMPARE(model.attachments().at(1).contentType, QByteArray("application/pdf"));
    QCOMPARE(model.index(0).data(OutgoingAttachments::SizeRole).toLongLong(), 6);
    QVERIFY(model.index(0).data().toString().startsWith(u"notes.txt ("_s));
    QCOMPARE(model.index(1).data(OutgoingAttachments::PathRole).toString(), pdf);
    QCOMPARE(model.totalBytes(), 6 + 15);
}

void TestOutgoingAttachments::refusesFoldersAndRemoteUrls()
{
    OutgoingAttachments model;
    QVERIFY(QDir(m_dir->path()).mkdir(u"folder"_s));
    const QStringList problems = model.addFiles(
        { QUrl::fromLocalFile(m_dir->filePath(u"folder"_s)), QUrl(u"https://example.com/a.pdf"_s),
          QUrl::fromLocalFile(m_dir->filePath(u"missing.txt"_s)) });
    QCOMPARE(problems.size(), 3);
    QVERIFY(problems.at(0).contains(u"is a folder"_s));
    QVERIFY(problems.at(1).contains(u"not a file on this computer"_s));
    QVERIFY(problems.at(2).contains(u"could not be read"_s));
    QCOMPARE(model.rowCount(), 0);
}

void TestOutgoingAttachments::sameFileOnce()
{
    OutgoingAttachments model;
    const QString text = write(u"a.txt"_s, "a");
    model.addFiles({ QUrl::fromLocalFile(text) });
    model.addFiles({ QUrl::fromLocalFile(text) });
    QCOMPARE(model.rowCount(), 1);
}

void TestOutgoingAttachments::removes()
{
    OutgoingAttachments model;
    QAbstractItemModelTester tester(&model);
    model.addFiles({ QUrl::fromLocalFile(write(u"a.txt"_s, "a")), QUrl::fromLocalFile(write(u"b.txt"_s, "b")) });
    model.add({ u"forwarded.eml"_s, "message/rfc822", "Subject: x\r\n\r\nx\r\n", {}, {} });
    QCOMPARE(model.rowCount(), 3);
    model.remove(0);
    QCOMPARE(model.attachments().at(0).fileName, u"b.txt"_s);
    QCOMPARE(model.index(1).data(OutgoingAttachments::PathRole).toString(), QString());
    model.remove(7); // out of range: nothing
    QCOMPARE(model.rowCount(), 2);
    // Removed, a file can be attached again.
    model.addFiles({ QUrl::fromLocalFile(m_dir->filePath(u"a.txt"_s)) });
    QCOMPARE(model.rowCount(), 3);
}

void TestOutgoingAttachments::keepsWhatWasAttached()
{
    OutgoingAttachments model;
    const QString path = write(u"draft.txt"_s, "first version");
    model.addFiles({ QUrl::fromLocalFile(path) });
    QVERIFY(QFile::remove(path));
    QCOMPARE(model.attachments().at(0).data, QByteArray("first version"));
}

QTEST_MAIN(TestOutgoingAttachments)
#include "tst_outgoingattachments.moc"
