// SPDX-License-Identifier: GPL-3.0-or-later
// magpie-cli against servers nobody here wrote: `check` against a real Dovecot (IMAP and
// POP3, implicit TLS and STARTTLS) and `send` through a real aiosmtpd submission server
// (STARTTLS or implicit TLS, AUTH required), asserting what aiosmtpd stored. The output of
// both commands is printed (qInfo), as a person would see it.
#include "CliProcesses.h"
#include "DovecotServer.h"

#include <QCryptographicHash>
#include <QDeadlineTimer>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QSslCertificate>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QTest>

using namespace Qt::StringLiterals;
using magpie::testing::CliRun;
using magpie::testing::DovecotServer;
using magpie::testing::runCli;

namespace {
const QString kUser = u"alice@example.test"_s;
const QString kPassword = u"wonderland"_s;
const QString kTestCertificate = QStringLiteral(MAGPIE_TEST_DATA_DIR "/tls/localhost.crt");
const QString kTestKey = QStringLiteral(MAGPIE_TEST_DATA_DIR "/tls/localhost.key");

// ../shared/interop/smtp-server.py (aiosmtpd) on a free port, stopped with this object.
class Aiosmtpd
{
public:
    ~Aiosmtpd()
    {
        if (m_process.state() != QProcess::NotRunning) {
            m_process.kill();
            m_process.waitForFinished();
        }
    }
    // With `implicitTls` no --user: aiosmtpd counts only STARTTLS as TLS, so with the shared
    // script it would never offer AUTH over implicit TLS; the message then goes without AUTH.
    QString start(bool implicitTls)
    {
        QTcpServer probe;
        if (!probe.listen(QHostAddress::LocalHost, 0))
            return u"no free port"_s;
        m_port = probe.serverPort();
        probe.close();
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        QStringList arguments { QStringLiteral(MAGPIE_INTEROP_DIR) + u"/smtp-server.py"_s,
                                u"--port"_s,
                                QString::number(m_port),
                                u"--dir"_s,
                                m_dir.path(),
                                u"--tls-cert"_s,
                                kTestCertificate,
                                u"--tls-key"_s,
                                kTestKey };
        if (implicitTls)
            arguments << u"--implicit-tls"_s;
        else
            arguments << u"--user"_s << kUser + u':' + kPassword;
        m_process.start(u"/usr/bin/python3"_s, arguments);
        QByteArray out;
        const QDeadlineTimer deadline(30000);
        while (!out.contains("ready") && m_process.state() != QProcess::NotRunning
               && !deadline.hasExpired()) {
            m_process.waitForReadyRead(100);
            out += m_process.readAll();
        }
        if (!out.contains("ready"))
            return u"smtp-server.py did not start (is python3-aiosmtpd installed?): "_s
                + QString::fromLocal8Bit(out);
        return {};
    }
    quint16 port() const { return m_port; }
    QString stored(const QString &name) const { return m_dir.filePath(name); }

private:
    QProcess m_process;
    QTemporaryDir m_dir;
    quint16 m_port = 0;
};

QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// What a person would have seen in a terminal (the password given in the environment).
void show(const QStringList &arguments, const CliRun &run, bool withPassword = true)
{
    qInfo().noquote() << u"\n$ "_s + (withPassword ? u"MAGPIE_PASSWORD=... "_s : QString())
            + u"magpie-cli "_s + magpie::testing::shellQuoted(arguments) + u'\n' + run.out + run.err
            + u"(exit status %1)"_s.arg(run.exitCode);
}
} // namespace

class TestCliInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void checksDovecot_data();
    void checksDovecot();
    void refusesDovecotsCertificateUntilTrusted();
    void sendsThroughAiosmtpd_data();
    void sendsThroughAiosmtpd();
    void aiosmtpdRefusesAWrongPassword();

private:
    DovecotServer m_dovecot;
};

void TestCliInterop::initTestCase()
{
    const QString problem = m_dovecot.start(kUser, kPassword);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    // One message in alice's INBOX, so that POP3 has something to count.
    const QString maildir = m_dovecot.mailDirectory(kUser);
    for (const QString &folder : { u"cur"_s, u"new"_s, u"tmp"_s })
        QVERIFY(QDir().mkpath(maildir + u'/' + folder));
    QFile message(maildir + u"/cur/1700000000.M1P1.magpie:2,S"_s);
    QVERIFY(message.open(QIODevice::WriteOnly));
    message.write(
        "From: Bob <bob@example.test>\r\nTo: alice@example.test\r\nSubject: Hello\r\n"
        "Date: Sun, 1 Mar 2026 14:05:09 +0100\r\nMessage-ID: <1@example.test>\r\n\r\nHi Alice\r\n");
    message.close();
    QProcess chown;
    chown.start(u"chown"_s, { u"-R"_s, u"dovecot:dovecot"_s, m_dovecot.mailDirectory(QString()) });
    QVERIFY(chown.waitForFinished(10000));
    QCOMPARE(chown.exitCode(), 0);
}

void TestCliInterop::checksDovecot_data()
{
    QTest::addColumn<QString>("url");
    QTest::addColumn<QStringList>("expected");
    const QString user = u"alice%40example.test@localhost:"_s;
    const QStringList imap { u"Capabilities: IMAP4"_s,
                             u"Login: accepted for alice@example.test"_s,
                             u"  INBOX\n"_s,
                             u"\\Sent"_s,
                             u"\\Drafts"_s,
                             u"\\Trash"_s,
                             u"\\Junk"_s };
    const QStringList pop3 { u"Capabilities: "_s, u"Login: accepted for alice@example.test"_s,
                             u"Messages: 1 ("_s };
    QTest::newRow("imaps") << u"imaps://"_s + user + QString::number(m_dovecot.imapsPort()) << imap;
    QTest::newRow("imap STARTTLS")
        << u"imap://"_s + user + QString::number(m_dovecot.imapPort()) + u"?starttls=required"_s
        << imap;
    QTest::newRow("pop3s") << u"pop3s://"_s + user + QString::number(m_dovecot.pop3sPort()) << pop3;
    QTest::newRow("pop3 STLS") << u"pop3://"_s + user + QString::number(m_dovecot.pop3Port())
            + u"?starttls=required"_s
                               << pop3;
}

void TestCliInterop::checksDovecot()
{
    QFETCH(QString, url);
    QFETCH(QStringList, expected);
    const QStringList arguments { u"check"_s, url, u"--cafile"_s, m_dovecot.certificatePath() };
    const CliRun run = runCli(arguments, kPassword);
    show(arguments, run);
    QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
    QVERIFY2(run.out.contains(u"\nTLS: TLS 1."_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"Certificate: "_s) && run.out.contains(u"localhost"_s),
             qPrintable(run.out));
    for (const QString &text : std::as_const(expected))
        QVERIFY2(run.out.contains(text), qPrintable(text + u" is missing from:\n"_s + run.out));
}

void TestCliInterop::refusesDovecotsCertificateUntilTrusted()
{
    const QString url =
        u"imaps://alice%40example.test@localhost:"_s + QString::number(m_dovecot.imapsPort());
    const CliRun untrusted = runCli({ u"check"_s, url }, kPassword);
    show({ u"check"_s, url }, untrusted);
    QCOMPARE(untrusted.exitCode, 1);
    QVERIFY2(untrusted.err.contains(u"self-signed"_s, Qt::CaseInsensitive),
             qPrintable(untrusted.err));
    // The fingerprint in the sentence is the one to pin.
    const QList<QSslCertificate> certificate =
        QSslCertificate::fromPath(m_dovecot.certificatePath());
    QCOMPARE(certificate.size(), 1);
    const QString fingerprint = QString::fromLatin1(
        certificate.first().digest(QCryptographicHash::Sha256).toHex(':').toUpper());
    QVERIFY2(untrusted.err.contains(fingerprint), qPrintable(untrusted.err));
    const CliRun pinned = runCli({ u"check"_s, url, u"--pin"_s, fingerprint }, kPassword);
    QVERIFY2(pinned.exitCode == 0, qPrintable(pinned.all()));
    QVERIFY2(pinned.out.contains(u"(trusted because it matches --pin)"_s), qPrintable(pinned.out));
}

void TestCliInterop::sendsThroughAiosmtpd_data()
{
    QTest::addColumn<bool>("implicitTls");
    QTest::newRow("STARTTLS") << false;
    QTest::newRow("implicit TLS") << true;
}

void TestCliInterop::sendsThroughAiosmtpd()
{
    QFETCH(bool, implicitTls);
    Aiosmtpd server;
    const QString problem = server.start(implicitTls);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));

    QTemporaryDir files;
    const QString attachmentPath = files.filePath(u"notes.txt"_s);
    QFile attachment(attachmentPath);
    QVERIFY(attachment.open(QIODevice::WriteOnly));
    attachment.write("first line\n.\nlast line\n");
    attachment.close();

    const QString url = implicitTls
        ? QString(u"smtps://localhost:"_s + QString::number(server.port()))
        : QString(u"smtp://alice%40example.test@localhost:"_s + QString::number(server.port())
                  + u"?starttls=required"_s);
    const QStringList arguments { u"send"_s,
                                  u"--smtp"_s,
                                  url,
                                  u"--cafile"_s,
                                  kTestCertificate,
                                  u"--from"_s,
                                  u"Alice <alice@example.test>"_s,
                                  u"--to"_s,
                                  u"bob@example.org"_s,
                                  u"--cc"_s,
                                  u"carol@example.org"_s,
                                  u"--bcc"_s,
                                  u"dave@example.org"_s,
                                  u"--subject"_s,
                                  u"Notes from the meeting"_s,
                                  u"--body"_s,
                                  u"Hello,\nthe notes are attached.\n"_s,
                                  u"--attach"_s,
                                  attachmentPath };
    const CliRun run = runCli(arguments, implicitTls ? QString() : kPassword);
    show(arguments, run, !implicitTls);
    QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
    QVERIFY2(
        run.out.contains(u"Accepted: bob@example.org, carol@example.org, dave@example.org\n"_s),
        qPrintable(run.out));
    QVERIFY2(run.out.contains(u"Server: 250 2.0.0 Ok: queued as 1\n"_s), qPrintable(run.out));

    // aiosmtpd's record of the envelope: who logged in, from, and every recipient once.
    const QJsonObject envelope =
        QJsonDocument::fromJson(readFile(server.stored(u"1.json"_s))).object();
    if (implicitTls)
        QVERIFY(envelope.value(u"auth"_s).isNull());
    else
        QCOMPARE(envelope.value(u"auth"_s).toString(), kUser);
    QCOMPARE(envelope.value(u"mail_from"_s).toString(), u"alice@example.test"_s);
    QCOMPARE(envelope.value(u"rcpt_tos"_s).toArray(),
             QJsonArray({ u"bob@example.org"_s, u"carol@example.org"_s, u"dave@example.org"_s }));

    // The message as stored, read back by magpie-cli inspect.
    const CliRun inspected = runCli({ u"inspect"_s, server.stored(u"1.eml"_s) });
    QCOMPARE(inspected.exitCode, 0);
    const QJsonObject message = QJsonDocument::fromJson(inspected.out.toUtf8()).object();
    QCOMPARE(message.value(u"subject"_s).toString(), u"Notes from the meeting"_s);
    QCOMPARE(message.value(u"text"_s).toString(), u"Hello,\nthe notes are attached.\n"_s);
    QCOMPARE(message.value(u"cc"_s).toArray().at(0).toObject().value(u"address"_s).toString(),
             u"carol@example.org"_s);
    const QJsonArray attachments = message.value(u"attachments"_s).toArray();
    QCOMPARE(attachments.size(), 1);
    QCOMPARE(attachments.at(0).toObject().value(u"filename"_s).toString(), u"notes.txt"_s);
    QCOMPARE(attachments.at(0).toObject().value(u"content_type"_s).toString(), u"text/plain"_s);
    QVERIFY(!readFile(server.stored(u"1.eml"_s)).contains("dave@example.org")); // Bcc stays out
}

void TestCliInterop::aiosmtpdRefusesAWrongPassword()
{
    Aiosmtpd server;
    const QString problem = server.start(false);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    const CliRun run = runCli({ u"send"_s, u"--smtp"_s,
                                u"smtp://alice%40example.test@localhost:"_s
                                    + QString::number(server.port()) + u"?starttls=required"_s,
                                u"--cafile"_s, kTestCertificate, u"--from"_s, kUser, u"--to"_s,
                                u"bob@example.org"_s },
                              u"not-it"_s);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"refused the password for alice@example.test"_s),
             qPrintable(run.err));
    QVERIFY(!QFile::exists(server.stored(u"1.eml"_s)));
}

QTEST_GUILESS_MAIN(TestCliInterop)
#include "tst_cli_interop.moc"
