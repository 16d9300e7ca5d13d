// SPDX-License-Identifier: GPL-3.0-or-later
// The three programs answer --version and --help on their own, even with no display;
// magpie-server checks its options, listens, prints its ports and stops on SIGTERM.
#include <QCryptographicHash>
#include <QFile>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QProcessEnvironment>
#include <QRegularExpression>
#include <QTcpServer>
#include <QTcpSocket>
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

// A --port-base whose six ports are free now.
int freePortBase()
{
    for (int attempt = 0; attempt < 50; ++attempt) {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return -1;
        const int base = probe.serverPort() - 525;
        probe.close();
        if (base < 1024 || base + 995 > 65535)
            continue;
        bool allFree = true;
        for (int offset : { 525, 465, 110, 995, 143, 993 }) {
            QTcpServer port;
            allFree = allFree && port.listen(QHostAddress::LocalHost, static_cast<quint16>(base + offset));
        }
        if (allFree)
            return base;
    }
    return -1;
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
    void serverRefusesBadOptions_data();
    void serverRefusesBadOptions();
    void serverStartsAndStopsCleanly();
    void serverReportsAPortInUse();
    void serverPrintsItsCertificate();
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

void TestExecutables::serverRefusesBadOptions_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("mentions");
    QTest::newRow("no store") << QStringList { u"--user"_s, u"a@example.test:pw"_s } << u"--memory"_s;
    QTest::newRow("not loopback") << QStringList { u"--memory"_s, u"--listen"_s, u"0.0.0.0"_s } << u"loopback"_s;
    QTest::newRow("certificate without key") << QStringList { u"--memory"_s, u"--tls-cert"_s, u"c.pem"_s } << u"--tls-key"_s;
    QTest::newRow("bad fault") << QStringList { u"--memory"_s, u"--fault"_s, u"imap:FETCH:explode"_s } << u"explode"_s;
    QTest::newRow("bad message size") << QStringList { u"--memory"_s, u"--max-message-size"_s, u"big"_s } << u"--max-message-size"_s;
    QTest::newRow("no connections") << QStringList { u"--memory"_s, u"--max-connections"_s, u"0"_s } << u"--max-connections"_s;
    QTest::newRow("negative delay") << QStringList { u"--memory"_s, u"--auth-failure-delay"_s, u"-1"_s } << u"--auth-failure-delay"_s;
    QTest::newRow("print-cert in memory") << QStringList { u"--memory"_s, u"--print-cert"_s } << u"--data"_s;
    QTest::newRow("unknown catch-all") << QStringList { u"--memory"_s, u"--catch-all"_s, u"x@example.test"_s } << u"catch-all"_s;
}

void TestExecutables::serverRefusesBadOptions()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, mentions);
    const Run result = run(QString::fromLocal8Bit(MAGPIE_SERVER_BIN), arguments);
    QCOMPARE(result.exitCode, 2);
    QVERIFY2(result.err.contains(mentions), qPrintable(result.err));
    QVERIFY(result.out.isEmpty());
}

void TestExecutables::serverStartsAndStopsCleanly()
{
    const int base = freePortBase();
    QVERIFY(base > 0);
    QTemporaryDir dir;
    QFile users(dir.filePath(u"users"_s));
    QVERIFY(users.open(QIODevice::WriteOnly));
    users.write("# test users\nalice@example.test:secret\n");
    users.close();
    QProcess server;
    server.start(QString::fromLocal8Bit(MAGPIE_SERVER_BIN),
                 { u"--data"_s, dir.path(), u"--port-base"_s, QString::number(base) });
    QByteArray out;
    QVERIFY(QTest::qWaitFor([&] {
        server.waitForReadyRead(100);
        out += server.readAllStandardOutput();
        return out.contains("ready\n") || server.state() == QProcess::NotRunning;
    }, 30000));
    QVERIFY2(out.endsWith("ready\n"), qPrintable(QString::fromLocal8Bit(out + server.readAllStandardError())));
    const QString expected = u"smtp 127.0.0.1:%1\nsubmissions 127.0.0.1:%2\npop3 127.0.0.1:%3\n"
                             "pop3s 127.0.0.1:%4\nimap 127.0.0.1:%5\nimaps 127.0.0.1:%6\nready\n"_s
                                 .arg(base + 525).arg(base + 465).arg(base + 110).arg(base + 995)
                                 .arg(base + 143).arg(base + 993);
    QCOMPARE(QString::fromLocal8Bit(out), expected);
    // It listens: a connection to each port is accepted.
    for (int offset : { 525, 465, 110, 995, 143, 993 }) {
        QTcpSocket socket;
        socket.connectToHost(QHostAddress::LocalHost, static_cast<quint16>(base + offset));
        QVERIFY2(socket.waitForConnected(5000), qPrintable(QString::number(base + offset)));
    }
    // The certificate was made in DIR/tls on this first start.
    QVERIFY(QFile::exists(dir.filePath(u"tls/cert.pem"_s)));
    server.terminate(); // SIGTERM: a clean shutdown
    QVERIFY(server.waitForFinished(10000));
    QCOMPARE(server.exitStatus(), QProcess::NormalExit);
    const QString err = QString::fromLocal8Bit(server.readAllStandardError());
    QVERIFY2(server.exitCode() == 0, qPrintable(err));
    QVERIFY2(err.contains(u"stopped"_s), qPrintable(err));
    QVERIFY2(!err.contains(u"secret"_s), "the password must not be logged");
}

void TestExecutables::serverReportsAPortInUse()
{
    const int base = freePortBase();
    QVERIFY(base > 0);
    QTcpServer squatter;
    QVERIFY(squatter.listen(QHostAddress::LocalHost, static_cast<quint16>(base + 143)));
    const Run result = run(QString::fromLocal8Bit(MAGPIE_SERVER_BIN),
                           { u"--memory"_s, u"--port-base"_s, QString::number(base) });
    QCOMPARE(result.exitCode, 1);
    QVERIFY2(result.err.contains(u"Port %1 (IMAP) is already in use; choose another base with --port-base."_s
                                     .arg(squatter.serverPort())),
             qPrintable(result.err));
    QVERIFY(!result.out.contains(u"ready"_s));
}

void TestExecutables::serverPrintsItsCertificate()
{
    QTemporaryDir dir;
    const Run first = run(QString::fromLocal8Bit(MAGPIE_SERVER_BIN),
                          { u"--data"_s, dir.path(), u"--print-cert"_s });
    QVERIFY2(first.exitCode == 0, qPrintable(first.err));
    const QString certificate = dir.filePath(u"tls/cert.pem"_s);
    const QStringList lines = first.out.split(u'\n', Qt::SkipEmptyParts);
    QCOMPARE(lines.size(), 2);
    QCOMPARE(lines[0], u"certificate "_s + certificate);
    QVERIFY2(QRegularExpression(u"^sha256 [0-9A-F]{2}(:[0-9A-F]{2}){31}$"_s).match(lines[1]).hasMatch(),
             qPrintable(lines[1]));
    // The fingerprint is the SHA-256 of the DER inside the PEM file.
    QFile pem(certificate);
    QVERIFY(pem.open(QIODevice::ReadOnly));
    QByteArray base64;
    for (const QByteArray &line : pem.readAll().split('\n')) {
        if (!line.startsWith("-----"))
            base64 += line.trimmed();
    }
    const QByteArray digest = QCryptographicHash::hash(QByteArray::fromBase64(base64), QCryptographicHash::Sha256);
    QCOMPARE(lines[1], u"sha256 "_s + QString::fromLatin1(digest.toHex(':').toUpper()));
    // Kept: a second run shows the same certificate.
    const Run second = run(QString::fromLocal8Bit(MAGPIE_SERVER_BIN),
                           { u"--data"_s, dir.path(), u"--print-cert"_s });
    QCOMPARE(second.exitCode, 0);
    QCOMPARE(second.out, first.out);
    // An unreadable certificate is a runtime error, not a usage error.
    const Run missing = run(QString::fromLocal8Bit(MAGPIE_SERVER_BIN),
                            { u"--tls-cert"_s, dir.filePath(u"nope.pem"_s), u"--tls-key"_s,
                              dir.filePath(u"nope.key"_s), u"--print-cert"_s });
    QCOMPARE(missing.exitCode, 1);
    QVERIFY2(missing.err.contains(u"nope.pem"_s), qPrintable(missing.err));
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
