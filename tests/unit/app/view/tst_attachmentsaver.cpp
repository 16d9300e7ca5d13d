// SPDX-License-Identifier: GPL-3.0-or-later
// AttachmentSaver: safe file names, never outside the chosen folder, never overwriting.
#include "app/view/AttachmentSaver.h"

#include "mime/Message.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using magpie::app::AttachmentSaver;

namespace {

QByteArray readAll(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

void write(const QString &path, const QByteArray &data)
{
    QFile file(path);
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(data);
}

} // namespace

class TestAttachmentSaver : public QObject
{
    Q_OBJECT

private Q_SLOTS:
    void safeFileName_data()
    {
        QTest::addColumn<QString>("suggested");
        QTest::addColumn<QString>("safe");
        QTest::newRow("ordinary") << u"report.pdf"_s << u"report.pdf"_s;
        QTest::newRow("accents") << u"résumé 2024.pdf"_s << u"résumé 2024.pdf"_s;
        QTest::newRow("traversal") << u"../../evil.sh"_s << u"evil.sh"_s;
        QTest::newRow("windows traversal") << u"..\\..\\evil.bat"_s << u"evil.bat"_s;
        QTest::newRow("absolute") << u"/etc/passwd"_s << u"passwd"_s;
        QTest::newRow("drive") << u"C:\\Windows\\evil.dll"_s << u"evil.dll"_s;
        QTest::newRow("dot dot") << u".."_s << u"fallback"_s;
        QTest::newRow("empty") << QString() << u"fallback"_s;
        QTest::newRow("trailing slash") << u"folder/"_s << u"fallback"_s;
        QTest::newRow("hidden") << u".bashrc"_s << u"bashrc"_s;
        QTest::newRow("reserved characters")
            << u"a:b*c?d\"e<f>g|h.txt"_s << u"a_b_c_d_e_f_g_h.txt"_s;
        QTest::newRow("control characters") << u"a\nb\tc\x01.txt"_s << u"a_b_c_.txt"_s;
        QTest::newRow("bidi override") << u"photo\u202Egpj.exe"_s << u"photo_gpj.exe"_s;
        QTest::newRow("device name") << u"CON.txt"_s << u"_CON.txt"_s;
        QTest::newRow("device name lpt") << u"lpt1"_s << u"_lpt1"_s;
        QTest::newRow("trailing dots") << u"name. . "_s << u"name"_s;
        QTest::newRow("only forbidden") << u"***"_s << u"fallback"_s;
    }

    void safeFileName()
    {
        QFETCH(QString, suggested);
        QFETCH(QString, safe);
        QCOMPARE(AttachmentSaver::safeFileName(suggested, u"fallback"_s), safe);
    }

    void longNamesAreCutKeepingTheSuffix()
    {
        const QString name = AttachmentSaver::safeFileName(QString(300, u'é') + u".pdf"_s, u"x"_s);
        QVERIFY(name.toUtf8().size() <= 200);
        QVERIFY(name.endsWith(u"é.pdf"_s));
    }

    void freePathCountsUp()
    {
        QTemporaryDir folder;
        QCOMPARE(AttachmentSaver::freePath(folder.path(), u"a.txt"_s), folder.filePath(u"a.txt"_s));
        write(folder.filePath(u"a.txt"_s), "1");
        QCOMPARE(AttachmentSaver::freePath(folder.path(), u"a.txt"_s),
                 folder.filePath(u"a (2).txt"_s));
        write(folder.filePath(u"a (2).txt"_s), "2");
        QCOMPARE(AttachmentSaver::freePath(folder.path(), u"a.txt"_s),
                 folder.filePath(u"a (3).txt"_s));
        QCOMPARE(AttachmentSaver::freePath(folder.path(), u"README"_s),
                 folder.filePath(u"README"_s));
    }

    void saveIntoStaysInTheFolder()
    {
        QTemporaryDir root;
        const QString chosen = root.filePath(u"a/b/chosen"_s);
        QVERIFY(QDir().mkpath(chosen));
        QString error;
        const QString path =
            AttachmentSaver::saveInto(chosen, u"../../evil.sh"_s, "#!/bin/sh\n", &error);
        QVERIFY2(!path.isEmpty(), qPrintable(error));
        QCOMPARE(QFileInfo(path).absolutePath(), QFileInfo(chosen).canonicalFilePath());
        QCOMPARE(QFileInfo(path).fileName(), u"evil.sh"_s);
        QVERIFY(!QFile::exists(root.filePath(u"a/evil.sh"_s)));
        QCOMPARE(readAll(path), QByteArray("#!/bin/sh\n"));
    }

    void saveIntoNeverOverwrites()
    {
        QTemporaryDir folder;
        write(folder.filePath(u"notes.txt"_s), "mine");
        QString error;
        const QString path =
            AttachmentSaver::saveInto(folder.path(), u"notes.txt"_s, "theirs", &error);
        QCOMPARE(QFileInfo(path).fileName(), u"notes (2).txt"_s);
        QCOMPARE(readAll(folder.filePath(u"notes.txt"_s)), QByteArray("mine"));
        QCOMPARE(readAll(path), QByteArray("theirs"));
    }

    void saveIntoDoesNotFollowASymlink()
    {
        QTemporaryDir folder;
        QTemporaryDir outside;
        const QString target = outside.filePath(u"victim"_s);
        QVERIFY(QFile::link(target, folder.filePath(u"evil.sh"_s))); // dangling: "exists" is false
        QString error;
        const QString path = AttachmentSaver::saveInto(folder.path(), u"evil.sh"_s, "x", &error);
        QVERIFY2(!path.isEmpty(), qPrintable(error));
        QVERIFY(!QFile::exists(target));
        QCOMPARE(QFileInfo(path).fileName(), u"evil (2).sh"_s);
    }

    void saveIntoAMissingFolderSaysSo()
    {
        QTemporaryDir folder;
        QString error;
        QVERIFY(
            AttachmentSaver::saveInto(folder.filePath(u"gone"_s), u"a"_s, "x", &error).isEmpty());
        QVERIFY(error.contains(u"does not exist"_s));
    }

    void saveAsReplacesWhatThePersonConfirmed()
    {
        QTemporaryDir folder;
        const QString path = folder.filePath(u"x.txt"_s);
        write(path, "old");
        QString error;
        QVERIFY(AttachmentSaver::saveAs(path, "new", &error));
        QCOMPARE(readAll(path), QByteArray("new"));
        QVERIFY(!AttachmentSaver::saveAs(folder.filePath(u"no/such/x.txt"_s), "new", &error));
        QVERIFY(!error.isEmpty());
    }

    void runnable_data()
    {
        QTest::addColumn<QString>("name");
        QTest::addColumn<QByteArray>("data");
        QTest::addColumn<bool>("runnable");
        QTest::newRow("shell script") << u"evil.sh"_s << QByteArray("echo") << true;
        QTest::newRow("exe") << u"Invoice.EXE"_s << QByteArray("x") << true;
        QTest::newRow("desktop") << u"a.desktop"_s << QByteArray("[Desktop Entry]") << true;
        QTest::newRow("shebang in txt")
            << u"notes.txt"_s << QByteArray("#!/bin/sh\nrm -rf ~") << true;
        QTest::newRow("elf without suffix") << u"tool"_s
                                            << QByteArray("\x7f"
                                                          "ELF\x02\x01\x01")
                                            << true;
        QTest::newRow("pdf") << u"a.pdf"_s << QByteArray("%PDF-1.4\n") << false;
        QTest::newRow("text") << u"a.txt"_s << QByteArray("hello") << false;
        QTest::newRow("png") << u"a.png"_s << QByteArray("\x89PNG\r\n\x1a\n") << false;
    }

    void runnable()
    {
        QFETCH(QString, name);
        QFETCH(QByteArray, data);
        QFETCH(bool, runnable);
        QCOMPARE(AttachmentSaver::isRunnable(name, data), runnable);
    }

    void suggestedNames()
    {
        const magpie::mime::Message message(
            "From: a@example.com\r\nContent-Type: multipart/mixed; boundary=b\r\n\r\n"
            "--b\r\nContent-Type: text/plain\r\n\r\nhello\r\n"
            "--b\r\nContent-Type: application/pdf\r\nContent-Disposition: "
            "attachment\r\n\r\n%PDF\r\n"
            "--b\r\nContent-Type: message/rfc822\r\n\r\nSubject: inner\r\n\r\nbody\r\n"
            "--b\r\nContent-Type: text/plain; name=\"../x.txt\"\r\nContent-Disposition: "
            "attachment\r\n\r\nx\r\n"
            "--b--\r\n");
        const QList<const magpie::mime::MessagePart *> parts = message.attachments();
        QCOMPARE(parts.size(), 3);
        QStringList names;
        for (const magpie::mime::MessagePart *part : parts)
            names << AttachmentSaver::suggestedName(*part);
        QVERIFY(names.contains(u"attachment.pdf"_s));
        QVERIFY(names.contains(u"Forwarded message.eml"_s));
        QVERIFY(names.contains(u"../x.txt"_s)); // made safe only when written
        for (const magpie::mime::MessagePart *part : parts) {
            if (part->isMessage())
                QVERIFY(AttachmentSaver::content(*part).startsWith("Subject: inner"));
        }
    }
};

QTEST_GUILESS_MAIN(TestAttachmentSaver)
#include "tst_attachmentsaver.moc"
