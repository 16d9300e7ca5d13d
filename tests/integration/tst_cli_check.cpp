// SPDX-License-Identifier: GPL-3.0-or-later
// `magpie-cli check` as a user runs it, against a real magpie-server process: the three
// protocols over implicit TLS and STARTTLS, certificates trusted by --cafile or --pin or not
// at all, refused passwords, and a protocol log without secrets.
#include "CliProcesses.h"

#include <QTcpServer>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using magpie::testing::CliRun;
using magpie::testing::runCli;
using magpie::testing::ServerProcess;

namespace {
const QString kAlice = u"alice%40example.test"_s;
} // namespace

class TestCliCheck : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void succeedsWithTheServersCertificate_data();
    void succeedsWithTheServersCertificate();
    void refusesAnUntrustedCertificate_data();
    void refusesAnUntrustedCertificate();
    void acceptsAPinnedCertificate_data();
    void acceptsAPinnedCertificate();
    void refusesAWrongPin();
    void reportsAWrongPassword_data();
    void reportsAWrongPassword();
    void logHoldsNoPassword_data();
    void logHoldsNoPassword();
    void looksWithoutLoggingIn();
    void warnsAboutPlaintext();
    void needsAPasswordFromSomewhere();
    void reportsAServerThatIsNotThere();
    void refusesBadCommandLines_data();
    void refusesBadCommandLines();

private:
    QString url(const QString &scheme, const QString &service, const QString &user = kAlice,
                const QString &query = {}) const;
    void addProtocolRows();

    std::unique_ptr<ServerProcess> m_server;
};

QString TestCliCheck::url(const QString &scheme, const QString &service, const QString &user,
                          const QString &query) const
{
    return scheme + u"://"_s + (user.isEmpty() ? QString() : user + u'@') + u"localhost:"_s
        + QString::number(m_server->port(service)) + query;
}

void TestCliCheck::initTestCase()
{
    m_server = std::make_unique<ServerProcess>();
    const QString problem = m_server->start();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    QVERIFY(!m_server->fingerprint().isEmpty());
}

// scheme, service (magpie-server's name for the port), query, what only that protocol shows
void TestCliCheck::addProtocolRows()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QStringList>("expected");
    const QStringList imap { u"Capabilities: IMAP4"_s,
                             u"Folders ("_s,
                             u"  INBOX\n"_s,
                             u"\\Sent"_s,
                             u"\\Drafts"_s,
                             u"\\Trash"_s,
                             u"\\Junk"_s,
                             u"\\Archive"_s };
    const QStringList pop3 { u"Greeting: "_s, u"Capabilities: "_s, u"Messages: 0 (0 bytes)"_s };
    const QStringList smtp { u"Greeting: 220"_s, u"Capabilities: "_s, u"PIPELINING"_s, u"SIZE"_s };
    QTest::newRow("imaps") << u"imaps"_s << u"imaps"_s << QString() << imap;
    QTest::newRow("imap STARTTLS") << u"imap"_s << u"imap"_s << u"?starttls=required"_s << imap;
    QTest::newRow("pop3s") << u"pop3s"_s << u"pop3s"_s << QString() << pop3;
    QTest::newRow("pop3 STLS") << u"pop3"_s << u"pop3"_s << u"?starttls=required"_s << pop3;
    QTest::newRow("smtps") << u"smtps"_s << u"submissions"_s << QString() << smtp;
    QTest::newRow("smtp STARTTLS") << u"smtp"_s << u"smtp"_s << u"?starttls=required"_s << smtp;
}

void TestCliCheck::succeedsWithTheServersCertificate_data()
{
    addProtocolRows();
}

void TestCliCheck::succeedsWithTheServersCertificate()
{
    QFETCH(QString, scheme);
    QFETCH(QString, service);
    QFETCH(QString, query);
    QFETCH(QStringList, expected);
    const CliRun run = runCli({ u"check"_s, url(scheme, service, kAlice, query), u"--cafile"_s,
                                m_server->certificatePath() },
                              u"secret"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err)); // no warning: TLS all the way
    const QString port = QString::number(m_server->port(service));
    QVERIFY2(run.out.startsWith(u"Connected to localhost:"_s + port), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"\nTLS: TLS 1."_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"Certificate: "_s) && run.out.contains(u"localhost"_s),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(u"SHA-256: "_s + m_server->fingerprint() + u'\n'),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(u"Login: accepted for alice@example.test"_s), qPrintable(run.out));
    for (const QString &text : std::as_const(expected))
        QVERIFY2(run.out.contains(text), qPrintable(text + u" is missing from:\n"_s + run.out));
    QVERIFY(!run.out.contains(u"Protocol log"_s)); // only with --log
}

void TestCliCheck::refusesAnUntrustedCertificate_data()
{
    addProtocolRows();
}

void TestCliCheck::refusesAnUntrustedCertificate()
{
    QFETCH(QString, scheme);
    QFETCH(QString, service);
    QFETCH(QString, query);
    const CliRun run = runCli({ u"check"_s, url(scheme, service, kAlice, query) }, u"secret"_s);
    QCOMPARE(run.exitCode, 1);
    // The reason, with the fingerprint so that a person can compare it and --pin it.
    QVERIFY2(run.err.startsWith(u"magpie-cli check: "_s), qPrintable(run.err));
    QVERIFY2(run.err.contains(u"self-signed"_s, Qt::CaseInsensitive), qPrintable(run.err));
    QVERIFY2(run.err.contains(m_server->fingerprint()), qPrintable(run.err));
    QVERIFY2(!run.out.contains(u"Login"_s), qPrintable(run.out));
}

void TestCliCheck::acceptsAPinnedCertificate_data()
{
    QTest::addColumn<QString>("scheme");
    QTest::addColumn<QString>("service");
    QTest::addColumn<QString>("query");
    QTest::addColumn<QString>("pinForm"); // how the fingerprint is written
    QTest::newRow("imaps, AB:CD form") << u"imaps"_s << u"imaps"_s << QString() << u"colons"_s;
    QTest::newRow("imap STARTTLS, bare hex")
        << u"imap"_s << u"imap"_s << u"?starttls=required"_s << u"hex"_s;
    QTest::newRow("pop3s, lower case") << u"pop3s"_s << u"pop3s"_s << QString() << u"lower"_s;
    QTest::newRow("smtp STARTTLS, colons")
        << u"smtp"_s << u"smtp"_s << u"?starttls=required"_s << u"colons"_s;
}

void TestCliCheck::acceptsAPinnedCertificate()
{
    QFETCH(QString, scheme);
    QFETCH(QString, service);
    QFETCH(QString, query);
    QFETCH(QString, pinForm);
    QString pin = m_server->fingerprint();
    if (pinForm == u"hex")
        pin.remove(u':');
    else if (pinForm == u"lower")
        pin = pin.toLower();
    const CliRun run =
        runCli({ u"check"_s, url(scheme, service, kAlice, query), u"--pin"_s, pin }, u"secret"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
    QVERIFY2(run.out.contains(u"SHA-256: "_s + m_server->fingerprint()
                              + u" (trusted because it matches --pin)"_s),
             qPrintable(run.out));
    QVERIFY2(run.out.contains(u"Login: accepted for alice@example.test"_s), qPrintable(run.out));
}

void TestCliCheck::refusesAWrongPin()
{
    const QString wrong = u"00:"_s.repeated(31) + u"00"_s;
    const CliRun run =
        runCli({ u"check"_s, url(u"imaps"_s, u"imaps"_s), u"--pin"_s, wrong }, u"secret"_s);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(m_server->fingerprint()), qPrintable(run.err));
    QVERIFY2(!run.out.contains(u"Login"_s), qPrintable(run.out));
}

void TestCliCheck::reportsAWrongPassword_data()
{
    addProtocolRows();
}

void TestCliCheck::reportsAWrongPassword()
{
    QFETCH(QString, scheme);
    QFETCH(QString, service);
    QFETCH(QString, query);
    const CliRun run = runCli({ u"check"_s, url(scheme, service, kAlice, query), u"--cafile"_s,
                                m_server->certificatePath() },
                              u"not-the-password"_s);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains(u"\nLogin: refused\n"_s), qPrintable(run.out));
    // The engine's sentence names the account and says what happened.
    QVERIFY2(run.err.contains(u"refused the password for alice@example.test"_s),
             qPrintable(run.err));
    QVERIFY(!run.all().contains(u"not-the-password"_s));
    QVERIFY(!run.out.contains(u"Folders"_s));
}

void TestCliCheck::logHoldsNoPassword_data()
{
    addProtocolRows();
}

void TestCliCheck::logHoldsNoPassword()
{
    QFETCH(QString, scheme);
    QFETCH(QString, service);
    QFETCH(QString, query);
    const QString password = u"secret"_s;
    const CliRun run = runCli({ u"check"_s, url(scheme, service, kAlice, query), u"--cafile"_s,
                                m_server->certificatePath(), u"--log"_s },
                              password);
    QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
    const qsizetype logStart = run.out.indexOf(u"Protocol log:\n"_s);
    QVERIFY2(logStart > 0, qPrintable(run.out));
    const QString log = run.out.mid(logStart);
    QVERIFY2(log.contains(u"C: "_s) && log.contains(u"S: "_s), qPrintable(log));
    QVERIFY2(log.contains(u"<redacted>"_s), qPrintable(log));
    // Neither the password nor any encoding of it that a login could carry.
    const QByteArray plain = QByteArray("\0alice@example.test\0", 20) + password.toUtf8();
    for (const QString &secret : { password, QString::fromLatin1(plain.toBase64()),
                                   QString::fromLatin1(password.toUtf8().toBase64()) })
        QVERIFY2(!run.all().contains(secret),
                 qPrintable(u"found "_s + secret + u" in:\n"_s + run.all()));
}

void TestCliCheck::looksWithoutLoggingIn()
{
    const CliRun run = runCli({ u"check"_s, url(u"smtps"_s, u"submissions"_s, QString()),
                                u"--cafile"_s, m_server->certificatePath() });
    QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
    QVERIFY2(run.out.contains(u"Login: not tried (no user in the URL)"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"AUTH"_s), qPrintable(run.out));
}

void TestCliCheck::warnsAboutPlaintext()
{
    ServerProcess server;
    const QString problem = server.start({ u"--allow-plaintext-auth"_s });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const QString plainUrl =
        u"imap://"_s + kAlice + u"@localhost:"_s + QString::number(server.port(u"imap"_s));
    const CliRun run = runCli({ u"check"_s, plainUrl }, u"secret"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
    QVERIFY2(run.err.contains(u"is not encrypted"_s), qPrintable(run.err));
    QVERIFY2(
        run.out.contains(u"TLS: none, the connection is not encrypted (plaintext was chosen"_s),
        qPrintable(run.out));
    QVERIFY2(run.out.contains(u"Login: accepted for alice@example.test"_s), qPrintable(run.out));
}

void TestCliCheck::needsAPasswordFromSomewhere()
{
    // No MAGPIE_PASSWORD and no terminal to ask on.
    const CliRun run = runCli(
        { u"check"_s, url(u"imaps"_s, u"imaps"_s), u"--cafile"_s, m_server->certificatePath() });
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"MAGPIE_PASSWORD"_s), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());

    // A token variable that is not set is said so.
    const CliRun token = runCli({ u"check"_s, url(u"imaps"_s, u"imaps"_s), u"--oauth-token-env"_s,
                                  u"MAGPIE_TEST_NO_SUCH_TOKEN"_s });
    QCOMPARE(token.exitCode, 1);
    QVERIFY2(token.err.contains(u"MAGPIE_TEST_NO_SUCH_TOKEN"_s), qPrintable(token.err));
}

void TestCliCheck::reportsAServerThatIsNotThere()
{
    // A port nobody listens on: taken and released.
    quint16 port = 0;
    {
        QTcpServer probe;
        QVERIFY(probe.listen(QHostAddress::LocalHost, 0));
        port = probe.serverPort();
    }
    const CliRun run = runCli({ u"check"_s, u"imaps://127.0.0.1:"_s + QString::number(port) });
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.startsWith(u"magpie-cli check: "_s) && run.err.contains(QString::number(port)),
             qPrintable(run.err));
}

void TestCliCheck::refusesBadCommandLines_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    QTest::newRow("no URL") << QStringList { u"check"_s } << u"url"_s;
    QTest::newRow("http URL") << QStringList { u"check"_s, u"http://localhost"_s } << u"imap://"_s;
    QTest::newRow("password in URL")
        << QStringList { u"check"_s, u"imaps://alice:pw@localhost"_s } << u"MAGPIE_PASSWORD"_s;
    QTest::newRow("bad pin") << QStringList { u"check"_s, u"imaps://localhost"_s, u"--pin"_s,
                                              u"12:34"_s }
                             << u"--pin"_s;
    QTest::newRow("missing cafile")
        << QStringList { u"check"_s, u"imaps://localhost"_s, u"--cafile"_s, u"/no/such/ca.pem"_s }
        << u"/no/such/ca.pem"_s;
    QTest::newRow("bad timeout") << QStringList { u"check"_s, u"imaps://localhost"_s,
                                                  u"--timeout"_s, u"soon"_s }
                                 << u"--timeout"_s;
}

void TestCliCheck::refusesBadCommandLines()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const CliRun run = runCli(arguments, u"secret"_s);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

QTEST_GUILESS_MAIN(TestCliCheck)
#include "tst_cli_check.moc"
