// SPDX-License-Identifier: GPL-3.0-or-later
// magpie's command line (CommandLine): --demo, --profile DIR, --screenshot FILE,
// --screenshots DIR and a positional mailto: link; anything else positional is refused.
#include "app/CommandLine.h"

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
    QVERIFY(line.mailto(&error).isEmpty());
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
    const QUrl url = line.mailto(&error);
    QCOMPARE(!url.isEmpty(), accepted);
    QCOMPARE(error.isEmpty(), accepted);
    if (accepted)
        QCOMPARE(url.scheme().toLower(), u"mailto"_s);
    else
        QVERIFY(error.contains(argument));
}

QTEST_GUILESS_MAIN(TestCommandLine)
#include "tst_commandline.moc"
