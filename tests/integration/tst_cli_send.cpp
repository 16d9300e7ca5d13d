// SPDX-License-Identifier: GPL-3.0-or-later
// `magpie-cli send` as a user runs it, through a real magpie-server process, checked by what
// arrives in the recipients' Maildirs (read back with `magpie-cli inspect`).
#include "CliProcesses.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace Qt::StringLiterals;
using magpie::testing::CliRun;
using magpie::testing::runCli;
using magpie::testing::ServerProcess;

namespace {
QByteArray readFile(const QString &path)
{
    QFile file(path);
    return file.open(QIODevice::ReadOnly) ? file.readAll() : QByteArray();
}

// The header block of a stored message, whichever line ends the Maildir keeps.
QByteArray headerOf(const QByteArray &message)
{
    const qsizetype crlf = message.indexOf("\r\n\r\n");
    return message.left(crlf >= 0 ? crlf : message.indexOf("\n\n"));
}
} // namespace

class TestCliSend : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void sendsAMessageWithAnAttachment_data();
    void sendsAMessageWithAnAttachment();
    void keepsBccOutOfTheHeader();
    void readsTheTextFromStandardInput();
    void reportsPartialAcceptance();
    void failsWhenEveryRecipientIsRefused();
    void failsOnAWrongPassword();
    void refusesLineBreaksInAddresses();
    void refusesBadCommandLines_data();
    void refusesBadCommandLines();
    void logHoldsNeitherPasswordNorContent();

private:
    QString smtpsUrl(const QString &user = u"alice%40example.test"_s) const;
    QStringList trust() const { return { u"--cafile"_s, m_server->certificatePath() }; }
    QJsonObject inspect(const QString &file) const;

    std::unique_ptr<ServerProcess> m_server;
    QTemporaryDir m_files;
};

QString TestCliSend::smtpsUrl(const QString &user) const
{
    return u"smtps://"_s + user + u"@localhost:"_s
        + QString::number(m_server->port(u"submissions"_s));
}

QJsonObject TestCliSend::inspect(const QString &file) const
{
    const CliRun run = runCli({ u"inspect"_s, file });
    return QJsonDocument::fromJson(run.out.toUtf8()).object();
}

// A fresh server (and so empty Maildirs) for each test.
void TestCliSend::init()
{
    m_server = std::make_unique<ServerProcess>();
    const QString problem = m_server->start();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestCliSend::sendsAMessageWithAnAttachment_data()
{
    QTest::addColumn<QString>("how");
    QTest::newRow("smtps") << u"smtps"_s;
    QTest::newRow("smtp STARTTLS") << u"starttls"_s;
}

void TestCliSend::sendsAMessageWithAnAttachment()
{
    QFETCH(QString, how);
    const QString url = how == u"smtps" ? smtpsUrl()
                                        : u"smtp://alice%40example.test@localhost:"_s
            + QString::number(m_server->port(u"smtp"_s)) + u"?starttls=required"_s;
    // A small PDF: the content type comes from the name and the bytes.
    const QString pdfPath = m_files.filePath(u"report 2026.pdf"_s);
    QFile pdf(pdfPath);
    QVERIFY(pdf.open(QIODevice::WriteOnly));
    const QByteArray pdfBytes = "%PDF-1.4\n" + QByteArray(3000, 'x') + "\n%%EOF\n";
    pdf.write(pdfBytes);
    pdf.close();
    const QString subject = QString::fromUtf8("Gr\xc3\xbc\xc3\x9f"
                                              "e und der Bericht");

    const CliRun run = runCli(
        QStringList { u"send"_s, u"--smtp"_s, url, u"--from"_s, u"Alice <alice@example.test>"_s,
                      u"--to"_s, u"Bob <bob@example.test>"_s, u"--subject"_s, subject, u"--body"_s,
                      u"Hello Bob,\nhere it is.\n.\nAlice"_s, u"--attach"_s, pdfPath }
            + trust(),
        u"secret"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.all() + m_server->log()));
    QVERIFY2(run.err.isEmpty(), qPrintable(run.err));
    QVERIFY2(run.out.contains(u"Accepted: bob@example.test\n"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"\nServer: 250 "_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"Message-ID: <"_s), qPrintable(run.out));

    const QStringList delivered = m_server->inboxFiles(u"bob@example.test"_s);
    QCOMPARE(delivered.size(), 1);
    QVERIFY(m_server->inboxFiles(u"alice@example.test"_s).isEmpty());
    const QJsonObject message = inspect(delivered.first());
    QCOMPARE(message.value(u"subject"_s).toString(), subject);
    QCOMPARE(message.value(u"from"_s).toArray().at(0).toObject().value(u"address"_s).toString(),
             u"alice@example.test"_s);
    QCOMPARE(message.value(u"to"_s).toArray().at(0).toObject().value(u"name"_s).toString(),
             u"Bob"_s);
    // The lone "." line survived dot-stuffing on the way.
    // (The line end before the MIME boundary belongs to the boundary, RFC 2046 s5.1.1.)
    QCOMPARE(message.value(u"text"_s).toString(), u"Hello Bob,\nhere it is.\n.\nAlice"_s);
    const QJsonArray attachments = message.value(u"attachments"_s).toArray();
    QCOMPARE(attachments.size(), 1);
    QCOMPARE(attachments.at(0).toObject().value(u"filename"_s).toString(), u"report 2026.pdf"_s);
    QCOMPARE(attachments.at(0).toObject().value(u"content_type"_s).toString(),
             u"application/pdf"_s);
    QCOMPARE(attachments.at(0).toObject().value(u"size"_s).toInt(), pdfBytes.size());
    // The Message-ID printed is the one delivered.
    QVERIFY2(
        run.out.contains(u"Message-ID: <"_s + message.value(u"message_id"_s).toString() + u">\n"_s),
        qPrintable(run.out));

    // And bob can see it with check.
    const CliRun check = runCli(QStringList { u"check"_s,
                                              u"pop3s://bob%40example.test@localhost:"_s
                                                  + QString::number(m_server->port(u"pop3s"_s)) }
                                    + trust(),
                                u"hunter2"_s);
    QVERIFY2(check.exitCode == 0, qPrintable(check.all()));
    QVERIFY2(check.out.contains(u"Messages: 1 ("_s), qPrintable(check.out));
}

void TestCliSend::keepsBccOutOfTheHeader()
{
    const CliRun run = runCli(
        QStringList { u"send"_s, u"--smtp"_s, smtpsUrl(), u"--from"_s, u"alice@example.test"_s,
                      u"--to"_s, u"bob@example.test"_s, u"--bcc"_s, u"alice@example.test"_s,
                      u"--subject"_s, u"Minutes"_s, u"--body"_s, u"See you."_s }
            + trust(),
        u"secret"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
    QVERIFY2(run.out.contains(u"Accepted: bob@example.test, alice@example.test\n"_s),
             qPrintable(run.out));
    const QStringList toBob = m_server->inboxFiles(u"bob@example.test"_s);
    const QStringList toAlice = m_server->inboxFiles(u"alice@example.test"_s);
    QCOMPARE(toBob.size(), 1);
    QCOMPARE(toAlice.size(), 1);
    const QByteArray header = headerOf(readFile(toAlice.first()));
    QVERIFY2(!header.contains("Bcc"), header.constData());
    QVERIFY2(!header.contains("To: alice"), header.constData());
}

void TestCliSend::readsTheTextFromStandardInput()
{
    const QByteArray text = "Line one\nLine two, with \xc3\xa9\n";
    const CliRun run = runCli(QStringList { u"send"_s, u"--smtp"_s, smtpsUrl(), u"--from"_s,
                                            u"alice@example.test"_s, u"--to"_s,
                                            u"bob@example.test"_s, u"--body-file"_s, u"-"_s }
                                  + trust(),
                              u"secret"_s, text);
    QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
    const QStringList delivered = m_server->inboxFiles(u"bob@example.test"_s);
    QCOMPARE(delivered.size(), 1);
    QCOMPARE(inspect(delivered.first()).value(u"text"_s).toString(), QString::fromUtf8(text));

    // Text that is not UTF-8 is refused rather than guessed.
    const CliRun latin1 = runCli(QStringList { u"send"_s, u"--smtp"_s, smtpsUrl(), u"--from"_s,
                                               u"alice@example.test"_s, u"--to"_s,
                                               u"bob@example.test"_s, u"--body-file"_s, u"-"_s }
                                     + trust(),
                                 u"secret"_s, QByteArray("caf\xe9\n"));
    QCOMPARE(latin1.exitCode, 2);
    QVERIFY2(latin1.err.contains(u"UTF-8"_s), qPrintable(latin1.err));
}

void TestCliSend::reportsPartialAcceptance()
{
    const CliRun run =
        runCli(QStringList { u"send"_s, u"--smtp"_s, smtpsUrl(), u"--from"_s,
                             u"alice@example.test"_s, u"--to"_s,
                             u"bob@example.test, nobody@example.test"_s, u"--subject"_s, u"Hi"_s }
                   + trust(),
               u"secret"_s);
    QCOMPARE(run.exitCode, 3);
    QVERIFY2(run.out.contains(u"Refused: nobody@example.test: 550 5.1.1"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"Accepted: bob@example.test\n"_s), qPrintable(run.out));
    QVERIFY2(run.out.contains(u"\nServer: 250 "_s), qPrintable(run.out));
    QVERIFY2(run.err.contains(u"refused 1 of 2 recipients"_s), qPrintable(run.err));
    QCOMPARE(m_server->inboxFiles(u"bob@example.test"_s).size(), 1);
}

void TestCliSend::failsWhenEveryRecipientIsRefused()
{
    const CliRun run = runCli(QStringList { u"send"_s, u"--smtp"_s, smtpsUrl(), u"--from"_s,
                                            u"alice@example.test"_s, u"--to"_s,
                                            u"nobody@example.test"_s, u"--subject"_s, u"Hi"_s }
                                  + trust(),
                              u"secret"_s);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.out.contains(u"Refused: nobody@example.test: 550 5.1.1"_s), qPrintable(run.out));
    QVERIFY2(!run.out.contains(u"Server: 250"_s), qPrintable(run.out));
    QVERIFY2(run.err.contains(u"nobody@example.test"_s), qPrintable(run.err));
}

void TestCliSend::failsOnAWrongPassword()
{
    const CliRun run =
        runCli(QStringList { u"send"_s, u"--smtp"_s, smtpsUrl(), u"--from"_s,
                             u"alice@example.test"_s, u"--to"_s, u"bob@example.test"_s }
                   + trust(),
               u"wrong"_s);
    QCOMPARE(run.exitCode, 1);
    QVERIFY2(run.err.contains(u"refused the password for alice@example.test"_s),
             qPrintable(run.err));
    QVERIFY(m_server->inboxFiles(u"bob@example.test"_s).isEmpty());
}

void TestCliSend::refusesLineBreaksInAddresses()
{
    // An attempt to smuggle a second RCPT: refused before anything is sent.
    const CliRun run = runCli(QStringList { u"send"_s, u"--smtp"_s, smtpsUrl(), u"--from"_s,
                                            u"alice@example.test>\r\nRCPT TO:<bob@example.test"_s,
                                            u"--to"_s, u"bob@example.test"_s }
                                  + trust(),
                              u"secret"_s);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(u"--from contains a line break"_s), qPrintable(run.err));
    QVERIFY(m_server->inboxFiles(u"bob@example.test"_s).isEmpty());
    QVERIFY2(!m_server->log().contains(u"login"_s), "nothing may reach the server");
}

void TestCliSend::refusesBadCommandLines_data()
{
    QTest::addColumn<QStringList>("arguments");
    QTest::addColumn<QString>("message");
    const QString url = u"smtps://alice%40example.test@localhost:1"_s;
    QTest::newRow("no --smtp") << QStringList { u"--from"_s, u"a@example.test"_s, u"--to"_s,
                                                u"b@example.test"_s }
                               << u"--smtp"_s;
    QTest::newRow("no --from") << QStringList { u"--smtp"_s, url, u"--to"_s, u"b@example.test"_s }
                               << u"--from"_s;
    QTest::newRow("no recipient") << QStringList { u"--smtp"_s, url, u"--from"_s,
                                                   u"a@example.test"_s }
                                  << u"recipient"_s;
    QTest::newRow("IMAP URL") << QStringList { u"--smtp"_s, u"imaps://localhost"_s,
                                               u"--from"_s, u"a@example.test"_s,
                                               u"--to"_s,   u"b@example.test"_s }
                              << u"smtp://"_s;
    QTest::newRow("two bodies") << QStringList {
        u"--smtp"_s,         url,         u"--from"_s, u"a@example.test"_s, u"--to"_s,
        u"b@example.test"_s, u"--body"_s, u"x"_s,      u"--body-file"_s,    u"/dev/null"_s
    } << u"not both"_s;
    QTest::newRow("missing attachment") << QStringList {
        u"--smtp"_s,         url,           u"--from"_s,           u"a@example.test"_s, u"--to"_s,
        u"b@example.test"_s, u"--attach"_s, u"/no/such/file.pdf"_s
    } << u"/no/such/file.pdf"_s;
    QTest::newRow("not an address")
        << QStringList { u"--smtp"_s, url, u"--from"_s, u"a@example.test"_s, u"--to"_s, u"bob"_s }
        << u"bob"_s;
    QTest::newRow("recipient with a line break")
        << QStringList { u"--smtp"_s, url,
                         u"--from"_s, u"a@example.test"_s,
                         u"--to"_s,   u"b@example.test\nRCPT TO:<eve@example.test>"_s }
        << u"--to contains a line break"_s;
    // (A NUL cannot be passed in argv at all.)
    QTest::newRow("Bcc with a bare CR") << QStringList { u"--smtp"_s, url,
                                                         u"--from"_s, u"a@example.test"_s,
                                                         u"--to"_s,   u"b@example.test"_s,
                                                         u"--bcc"_s,  u"eve@example.test\rDATA"_s }
                                        << u"--bcc contains a line break"_s;
    QTest::newRow("subject with a line break")
        << QStringList { u"--smtp"_s,    url,
                         u"--from"_s,    u"a@example.test"_s,
                         u"--to"_s,      u"b@example.test"_s,
                         u"--subject"_s, u"Hi\r\nBcc: eve@example.test"_s }
        << u"line break"_s;
}

void TestCliSend::refusesBadCommandLines()
{
    QFETCH(QStringList, arguments);
    QFETCH(QString, message);
    const CliRun run = runCli(QStringList { u"send"_s } + arguments, u"secret"_s);
    QCOMPARE(run.exitCode, 2);
    QVERIFY2(run.err.contains(message), qPrintable(run.err));
    QVERIFY(run.out.isEmpty());
}

void TestCliSend::logHoldsNeitherPasswordNorContent()
{
    const QString body = u"The secret plan is in the attachment."_s;
    const CliRun run =
        runCli(QStringList { u"send"_s, u"--smtp"_s, smtpsUrl(), u"--from"_s,
                             u"alice@example.test"_s, u"--to"_s, u"bob@example.test"_s,
                             u"--subject"_s, u"Plan"_s, u"--body"_s, body, u"--log"_s }
                   + trust(),
               u"secret"_s);
    QVERIFY2(run.exitCode == 0, qPrintable(run.all()));
    const qsizetype logStart = run.out.indexOf(u"Protocol log:\n"_s);
    QVERIFY2(logStart > 0, qPrintable(run.out));
    const QString log = run.out.mid(logStart);
    QVERIFY2(log.contains(u"MAIL FROM:<alice@example.test>"_s), qPrintable(log));
    QVERIFY2(log.contains(u"RCPT TO:<bob@example.test>"_s), qPrintable(log));
    QVERIFY2(log.contains(u"<redacted>"_s), qPrintable(log));
    QVERIFY2(!run.all().contains(u"secret"_s), qPrintable(run.all()));
    QVERIFY2(!run.all().contains(u"secret plan"_s), qPrintable(run.all()));
    const QByteArray plain = QByteArray("\0alice@example.test\0secret", 26).toBase64();
    QVERIFY(!run.all().contains(QString::fromLatin1(plain)));
}

QTEST_GUILESS_MAIN(TestCliSend)
#include "tst_cli_send.moc"
