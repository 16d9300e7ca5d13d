// SPDX-License-Identifier: GPL-3.0-or-later
// magpie's command line (CommandLine): --demo, --profile DIR, --screenshot FILE,
// --screenshots DIR and positional mailto: links and saved message files; anything else
// positional is refused.
#include "app/CommandLine.h"

#include <QDir>
#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie;
using namespace Qt::StringLiterals;
using app::CommandLine;

class TestCommandLine : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void options();
    void nothingGiven();
    void mailto_data();
    void mailto();
    void messageFiles();
    void mixedAndRefused();
};

void TestCommandLine::options()
{
    CommandLine line;
    QVERIFY(line.parser().parse({ u"magpie"_s, u"--demo"_s, u"--profile"_s, u"/tmp/p"_s,
                                  u"--screenshots"_s, u"/tmp/shots"_s }));
    QVERIFY(line.demo());
    QCOMPARE(line.profileDirectory(), u"/tmp/p"_s);
    QCOMPARE(line.screenshotsDirectory(), u"/tmp/shots"_s);
    QCOMPARE(line.screenshotPath(), QString());
    QString error;
    QVERIFY(line.openRequests(&error).isEmpty());
    QVERIFY(error.isEmpty());
}

void TestCommandLine::nothingGiven()
{
    CommandLine line;
    QVERIFY(line.parser().parse({ u"magpie"_s }));
    QVERIFY(!line.demo());
    QCOMPARE(line.profileDirectory(), QString());
    QCOMPARE(line.screenshotPath(), QString());
}

void TestCommandLine::mailto_data()
{
    QTest::addColumn<QString>("argument");
    QTest::addColumn<bool>("accepted");
    QTest::newRow("mailto") << u"mailto:alice@example.com?subject=Hello%20there"_s << true;
    QTest::newRow("upper case scheme") << u"MAILTO:alice@example.com"_s << true;
    QTest::newRow("a file") << u"/etc/passwd"_s << false;
    QTest::newRow("http") << u"https://example.com/"_s << false;
}

void TestCommandLine::mailto()
{
    QFETCH(QString, argument);
    QFETCH(bool, accepted);
    CommandLine line;
    QVERIFY(line.parser().parse({ u"magpie"_s, argument }));
    QString error;
    const app::OpenRequests requests = line.openRequests(&error);
    QCOMPARE(requests.size(), accepted ? 1 : 0);
    QCOMPARE(error.isEmpty(), accepted);
    if (accepted) {
        QCOMPARE(requests.first().kind, app::OpenRequest::Kind::Mailto);
        QCOMPARE(requests.first().target, argument);
    } else {
        QVERIFY(error.contains(argument));
    }
}

// A desktop passes a saved message as a path or (Exec=magpie %u) a file: URL; either way the
// request carries the absolute path. A file is a message by its .eml name or by its content.
void TestCommandLine::messageFiles()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString named = dir.filePath(u"Receipt.EML"_s);
    const QString unnamed = dir.filePath(u"saved-message"_s);
    for (const QString &path : { named, unnamed }) {
        QFile file(path);
        QVERIFY(file.open(QIODevice::WriteOnly));
        file.write("From: Alice <alice@example.com>\r\nTo: bob@example.com\r\n"
                   "Subject: Receipt\r\nMessage-ID: <r1@example.com>\r\n"
                   "Date: Mon, 7 Dec 2026 10:00:00 +0000\r\n\r\nThanks.\r\n");
    }
    CommandLine line;
    QVERIFY(line.parser().parse({ u"magpie"_s, named, QUrl::fromLocalFile(unnamed).toString() }));
    QString error;
    const app::OpenRequests requests = line.openRequests(&error);
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QCOMPARE(requests.size(), 2);
    QCOMPARE(requests.at(0).kind, app::OpenRequest::Kind::MessageFile);
    QCOMPARE(requests.at(0).target, named);
    QCOMPARE(requests.at(1).kind, app::OpenRequest::Kind::MessageFile);
    QCOMPARE(requests.at(1).target, unnamed);
}

// One stray argument refuses the whole command line: nothing is half-opened.
void TestCommandLine::mixedAndRefused()
{
    QTemporaryDir dir;
    QVERIFY(dir.isValid());
    const QString missing = dir.filePath(u"gone.eml"_s);
    CommandLine line;
    QVERIFY(line.parser().parse({ u"magpie"_s, u"mailto:alice@example.com"_s, missing,
                                  u"https://example.com/message.eml"_s }));
    QString error;
    QVERIFY(line.openRequests(&error).isEmpty());
    QVERIFY(error.contains(missing));

    CommandLine remote;
    QVERIFY(remote.parser().parse({ u"magpie"_s, u"https://example.com/message.eml"_s }));
    QVERIFY(remote.openRequests(&error).isEmpty());
    QVERIFY(error.contains(u"https://example.com/message.eml"_s));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
