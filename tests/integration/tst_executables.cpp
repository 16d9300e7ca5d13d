// SPDX-License-Identifier: GPL-3.0-or-later
// The three programs answer --version and --help on their own, even with no display.
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QSet>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;

namespace {
struct Run
{
    int exitCode = -1;
    QString out;
    QString err;
};

Run run(const QString &program, const QStringList &arguments, const QString &platform = {},
        const QByteArray &input = {})
{
    QProcess process;
    // No display of any kind: `magpie --version` must not need one.
    QProcessEnvironment environment = QProcessEnvironment::systemEnvironment();
    environment.remove(u"DISPLAY"_s);
    environment.remove(u"WAYLAND_DISPLAY"_s);
    environment.remove(u"QT_QPA_PLATFORM"_s);
    if (!platform.isEmpty())
        environment.insert(u"QT_QPA_PLATFORM"_s, platform);
    process.setProcessEnvironment(environment);
    process.start(program, arguments);
    if (!input.isNull()) {
        process.write(input);
        process.closeWriteChannel();
    }
    if (!process.waitForFinished(30000)) {
        process.kill();
        process.waitForFinished();
        return {};
    }
    return { process.exitStatus() == QProcess::NormalExit ? process.exitCode() : -1,
             QString::fromLocal8Bit(process.readAllStandardOutput()),
             QString::fromLocal8Bit(process.readAllStandardError()) };
}
} // namespace

class TestExecutables : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void version_data();
    void version();
    void help_data();
    void help();
    void magpieStartsAndPaintsItsWindow();
    void cliRefusesUnknownCommand();
    void serverRefusesBadConfiguration();
    void inspectReadsAFileAndStandardInput();
    void inspectReportsAMissingFile();
    void inspectGivesJsonForANonMessage();
    void inspectFailsWhenItCannotWrite();
};

void TestExecutables::version_data()
{
    QTest::addColumn<QString>("program");
    QTest::addColumn<QString>("name");
    QTest::newRow("magpie") << QString::fromLocal8Bit(MAGPIE_BIN) << u"magpie"_s;
    QTest::newRow("magpie-server") << QString::fromLocal8Bit(MAGPIE_SERVER_BIN) << u"magpie-server"_s;
    QTest::newRow("magpie-cli") << QString::fromLocal8Bit(MAGPIE_CLI_BIN) << u"magpie-cli"_s;
}

void TestExecutables::version()
{
    QFETCH(QString, program);
    QFETCH(QString, name);
    const Run result = run(program, { u"--version"_s });
    QCOMPARE(result.exitCode, 0);
    // The version is the top-level CMake project()'s.
    QCOMPARE(result.out.trimmed(), name + u' ' + QString::fromLatin1(MAGPIE_PROJECT_VERSION));
}

void TestExecutables::help_data()
{
    version_data();
}

void TestExecutables::help()
{
    QFETCH(QString, program);
    QFETCH(QString, name);
    const Run result = run(program, { u"--help"_s });
    QCOMPARE(result.exitCode, 0);
    QVERIFY2(result.out.contains(u"Usage: "_s), qPrintable(result.out + result.err));
    QVERIFY(result.out.contains(u"--version"_s));
}

void TestExecutables::magpieStartsAndPaintsItsWindow()
{
    QTemporaryDir dir;
    const QString png = dir.filePath(u"magpie.png"_s);
    // A private settings folder, so the window opens at its default size.
    qputenv("XDG_CONFIG_HOME", dir.filePath(u"config"_s).toLocal8Bit());
    const Run result = run(QString::fromLocal8Bit(MAGPIE_BIN), { u"--screenshot"_s, png },
                           u"offscreen"_s);
    qunsetenv("XDG_CONFIG_HOME");
    QVERIFY2(result.exitCode == 0, qPrintable(result.err));
    const QImage shot(png);
    QVERIFY(!shot.isNull());
    QVERIFY2(shot.width() >= 800 && shot.height() >= 500,
             qPrintable(u"%1x%2"_s.arg(shot.width()).arg(shot.height())));
    // Not a blank rectangle: menus, toolbar and panes give many distinct colours.
    QSet<QRgb> colours;
    for (int y = 0; y < shot.height(); y += 4) {
        for (int x = 0; x < shot.width(); x += 4)
            colours.insert(shot.pixel(x, y));
    }
    QVERIFY2(colours.size() > 20, qPrintable(QString::number(colours.size())));
}

void TestExecutables::cliRefusesUnknownCommand()
{
    const Run result = run(QString::fromLocal8Bit(MAGPIE_CLI_BIN), { u"frobnicate"_s });
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.err.contains(u"unknown command \"frobnicate\""_s));
}

void TestExecutables::serverRefusesBadConfiguration()
{
    const Run result = run(QString::fromLocal8Bit(MAGPIE_SERVER_BIN),
                           { u"--memory"_s, u"--user"_s, u"not-an-address:pw"_s,
                             u"--port-base"_s, u"70000"_s });
    QCOMPARE(result.exitCode, 2);
    QVERIFY(result.err.contains(u"not-an-address"_s));
    QVERIFY(result.err.contains(u"port base"_s));
    QVERIFY2(!result.err.contains(u"pw"_s), "the password must not be echoed");
}

void TestExecutables::inspectReadsAFileAndStandardInput()
{
    const QByteArray message = "Subject: =?utf-8?Q?Gr=C3=BC=C3=9Fe?=\r\nFrom: Alice <alice@example.com>\r\n"
                               "Date: Sun, 1 Mar 2026 14:05:09 +0100\r\n\r\nHello\r\n";
    QTemporaryDir dir;
    QFile file(dir.filePath(u"m.eml"_s));
    QVERIFY(file.open(QIODevice::WriteOnly));
    file.write(message);
    file.close();
    for (const bool fromStdin : { false, true }) {
        const Run result = fromStdin
            ? run(QString::fromLocal8Bit(MAGPIE_CLI_BIN), { u"inspect"_s, u"-"_s }, {}, message)
            : run(QString::fromLocal8Bit(MAGPIE_CLI_BIN), { u"inspect"_s, file.fileName() });
        QVERIFY2(result.exitCode == 0, qPrintable(result.err));
        const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8()).object();
        QCOMPARE(json.value(u"subject"_s).toString(), QString::fromUtf8("Gr\xc3\xbc\xc3\x9f" "e"));
        QCOMPARE(json.value(u"from"_s).toArray().at(0).toObject().value(u"address"_s).toString(), u"alice@example.com"_s);
        QCOMPARE(json.value(u"date"_s).toString(), u"2026-03-01T14:05:09+01:00"_s);
        QCOMPARE(json.value(u"text"_s).toString(), u"Hello\n"_s);
        QCOMPARE(json.value(u"parts"_s).toArray().size(), 1);
    }
}

void TestExecutables::inspectReportsAMissingFile()
{
    const Run result = run(QString::fromLocal8Bit(MAGPIE_CLI_BIN), { u"inspect"_s, u"/no/such/file.eml"_s });
    QCOMPARE(result.exitCode, 1);
    QVERIFY(result.out.isEmpty());
    QVERIFY2(result.err.contains(u"cannot read /no/such/file.eml"_s), qPrintable(result.err));
}

void TestExecutables::inspectGivesJsonForANonMessage()
{
    const QByteArray png("\x89PNG\r\n\x1a\n\0\0\0\rIHDR", 16);
    const Run result = run(QString::fromLocal8Bit(MAGPIE_CLI_BIN), { u"inspect"_s, u"-"_s }, {}, png);
    QCOMPARE(result.exitCode, 0);
    const QJsonObject json = QJsonDocument::fromJson(result.out.toUtf8()).object();
    QVERIFY(!json.isEmpty());
    QVERIFY(json.value(u"subject"_s).isNull());
    QVERIFY(json.value(u"warnings"_s).toArray().size() >= 1);
}

void TestExecutables::inspectFailsWhenItCannotWrite()
{
    // A full disk must not look like success to a script.
    QProcess process;
    process.setStandardOutputFile(u"/dev/full"_s);
    process.start(QString::fromLocal8Bit(MAGPIE_CLI_BIN), { u"inspect"_s, u"-"_s });
    process.write("Subject: x\r\n\r\nbody\r\n");
    process.closeWriteChannel();
    QVERIFY(process.waitForFinished(30000));
    QCOMPARE(process.exitCode(), 1);
    QVERIFY(process.readAllStandardError().contains("cannot write the result"));
}

QTEST_GUILESS_MAIN(TestExecutables)
#include "tst_executables.moc"
