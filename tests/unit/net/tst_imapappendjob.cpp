// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageJobDialogue.h"

#include "net/imap/AppendJob.h"
#include "net/imap/NoopJob.h"

#include <QTest>
#include <QTimeZone>

using magpie::imap::AppendJob;
using magpie::net::NetError;
using magpie::test::MessageJobDialogue;

namespace {

const QByteArray kMessage =
    "From: alice@example.com\r\nTo: bob@example.com\r\nSubject: Lunch\r\n\r\n"
    "Noon at the usual place?\r\n";

QDateTime march5()
{
    return QDateTime(QDate(2026, 3, 5), QTime(14, 3, 7), QTimeZone(3600));
}

} // namespace

class TestImapAppendJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void dateTime_data();
    void dateTime();
    void synchronizingLiteral();
    void literalPlus();
    void noFlagsNoDate();
    void utf8MailboxName();
    void refusedBeforeTheLiteral();
    void missingFolder();
    void largeMessage();
    void nulBytesWithBinary();
    void nulBytesWithoutBinary();
    void refusedBeforeSending_data();
    void refusedBeforeSending();
};

void TestImapAppendJob::dateTime_data()
{
    QTest::addColumn<QDateTime>("date");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("one-digit day, east")
        << march5() << QByteArray("\" 5-Mar-2026 14:03:07 +0100\"");
    QTest::newRow("two-digit day, west")
        << QDateTime(QDate(1996, 12, 17), QTime(23, 59, 0), QTimeZone(-(3 * 3600 + 30 * 60)))
        << QByteArray("\"17-Dec-1996 23:59:00 -0330\"");
    QTest::newRow("UTC") << QDateTime(QDate(2000, 1, 1), QTime(0, 0, 0), QTimeZone::utc())
                         << QByteArray("\" 1-Jan-2000 00:00:00 +0000\"");
}

void TestImapAppendJob::dateTime()
{
    QFETCH(QDateTime, date);
    QFETCH(QByteArray, text);
    QCOMPARE(AppendJob::imapDateTime(date), text);
}

// RFC 3501 s6.3.11 example: the message waits for the server's "+".
void TestImapAppendJob::synchronizingLiteral()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS")
                                << "C: a3 APPEND Sent (\\Seen) \" 5-Mar-2026 14:03:07 +0100\" {"
                                    + QByteArray::number(kMessage.size()) + "}"
                                << "S: + Ready for literal data"
                                << "C~ " + kMessage << "C: "
                                << "S: a3 OK [APPENDUID 38505 3955] APPEND completed");
    auto *job = dialogue.make<AppendJob>();
    job->setMailbox(QStringLiteral("Sent"));
    job->setMessage(kMessage);
    job->setFlags({ "\\Seen" });
    job->setInternalDate(march5());
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->uidValidity(), 38505u);
    QCOMPARE(job->uid(), 3955u);
    QVERIFY(!job->mailboxMissing());
}

// RFC 7888: "{n+}" and the message in the same write, no "+" awaited.
void TestImapAppendJob::literalPlus()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("LITERAL+")
                                << "C~ a3 APPEND Drafts (\\Draft $Pending) {"
                                    + QByteArray::number(kMessage.size()) + "+}\r\n" + kMessage
                                << "C: "
                                << "S: a3 OK APPEND completed");
    auto *job = dialogue.make<AppendJob>();
    job->setMailbox(QStringLiteral("Drafts"));
    job->setMessage(kMessage);
    job->setFlags({ "\\Draft", "$Pending" });
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->uid(), 0u); // no UIDPLUS, no APPENDUID
}

void TestImapAppendJob::noFlagsNoDate()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}, MessageJobDialogue::Opening::Login)
                                    << "C: a2 APPEND INBOX {" + QByteArray::number(kMessage.size())
                                        + "}"
                                    << "S: + go ahead"
                                    << "C~ " + kMessage << "C: "
                                    << "S: a2 OK APPEND completed",
                                MessageJobDialogue::Opening::Login);
    auto *job = dialogue.make<AppendJob>();
    job->setMailbox(QStringLiteral("INBOX"));
    job->setMessage(kMessage);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
}

void TestImapAppendJob::utf8MailboxName()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("LITERAL+")
                                << "C~ a3 APPEND Entw&APw-rfe {"
                                    + QByteArray::number(kMessage.size()) + "+}\r\n" + kMessage
                                << "C: "
                                << "S: a3 OK APPEND completed");
    auto *job = dialogue.make<AppendJob>();
    job->setMailbox(QString::fromUtf8("Entw\xc3\xbcrfe"));
    job->setMessage(kMessage);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
}

// The server may refuse instead of sending "+" (RFC 3501 s7.5): the message is not sent.
void TestImapAppendJob::refusedBeforeTheLiteral()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 APPEND Sent {" + QByteArray::number(kMessage.size()) + "}"
                                << "S: a3 NO [OVERQUOTA] Mailbox is full"
                                << "C: a4 NOOP"
                                << "S: a4 OK NOOP completed");
    auto *job = dialogue.make<AppendJob>();
    job->setMailbox(QStringLiteral("Sent"));
    job->setMessage(kMessage);
    job->start();
    auto *noop = new magpie::imap::NoopJob(&dialogue.session);
    noop->setAutoDelete(false);
    noop->start();
    QVERIFY2(dialogue.finish(noop), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->errorString(),
             QString::fromUtf8("Saving the message in Sent failed: the server answered "
                               "\xe2\x80\x9c[OVERQUOTA] Mailbox is full\xe2\x80\x9d."));
    QVERIFY(!dialogue.server.clientBytes().contains("Noon at the usual place"));
}

void TestImapAppendJob::missingFolder()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("LITERAL+")
                                << "C~ a3 APPEND Sent {" + QByteArray::number(kMessage.size())
                                    + "+}\r\n" + kMessage
                                << "C: "
                                << "S: a3 NO [TRYCREATE] Mailbox does not exist");
    auto *job = dialogue.make<AppendJob>();
    job->setMailbox(QStringLiteral("Sent"));
    job->setMessage(kMessage);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QVERIFY(job->mailboxMissing());
    QCOMPARE(job->error().code, NetError::Code::CommandRejected);
    QCOMPARE(
        job->errorString(),
        QString::fromUtf8(
            "Saving the message in Sent failed: the server answered \xe2\x80\x9c[TRYCREATE] "
            "Mailbox does not exist\xe2\x80\x9d. The folder Sent does not exist on the server."));
}

void TestImapAppendJob::largeMessage()
{
    QByteArray message = "Subject: Holiday photos\r\nContent-Type: text/plain\r\n\r\n";
    const QByteArray line =
        "Lorem ipsum dolor sit amet, consectetur adipiscing elit 0123456789\r\n";
    while (message.size() < (8 << 20))
        message += line;
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS")
                                << "C: a3 APPEND Sent {" + QByteArray::number(message.size()) + "}"
                                << "S: + Ready for literal data"
                                << "C~ " + message << "C: "
                                << "S: a3 OK [APPENDUID 7 12] APPEND completed");
    auto *job = dialogue.make<AppendJob>();
    job->setMailbox(QStringLiteral("Sent"));
    job->setMessage(message);
    job->start();
    QVERIFY2(dialogue.finish(job, 30000), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->uid(), 12u);
}

// RFC 3516 s4.4: with BINARY a message may hold NUL bytes, sent as literal8 "~{n}".
void TestImapAppendJob::nulBytesWithBinary()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("BINARY")
                                << "C: a3 APPEND Sent ~{5}"
                                << "S: + Ready for literal data"
                                << "C: a\\0b\\0c"
                                << "S: a3 OK APPEND completed");
    auto *job = dialogue.make<AppendJob>();
    job->setMailbox(QStringLiteral("Sent"));
    job->setMessage(QByteArray("a\0b\0c", 5));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
}

void TestImapAppendJob::nulBytesWithoutBinary()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}));
    auto *job = dialogue.make<AppendJob>();
    job->setMailbox(QStringLiteral("Sent"));
    job->setMessage(QByteArray("a\0b\0c", 5));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::InvalidArgument);
    QVERIFY2(job->errorString().contains(QStringLiteral("NUL")), qPrintable(job->errorString()));
    QVERIFY(!dialogue.server.clientBytes().contains("APPEND"));
}

void TestImapAppendJob::refusedBeforeSending_data()
{
    QTest::addColumn<QString>("mailbox");
    QTest::addColumn<QByteArray>("message");
    QTest::addColumn<QByteArrayList>("flags");
    QTest::addColumn<QString>("error");
    QTest::newRow("no folder") << QString() << kMessage << QByteArrayList()
                               << QStringLiteral("Saving a message needs a folder to save it in.");
    QTest::newRow("empty message")
        << QStringLiteral("Sent") << QByteArray() << QByteArrayList()
        << QStringLiteral("Saving the message in Sent failed: the message is empty.");
    QTest::newRow("flag with a line break")
        << QStringLiteral("Sent") << kMessage << QByteArrayList { "\\Seen)\r\na9 LOGOUT" }
        << QStringLiteral(
               "\"\\Seen)\r\na9 LOGOUT\" cannot be used as a message flag: a flag is one word "
               "without spaces, quotes or brackets.");
}

void TestImapAppendJob::refusedBeforeSending()
{
    QFETCH(QString, mailbox);
    QFETCH(QByteArray, message);
    QFETCH(QByteArrayList, flags);
    QFETCH(QString, error);
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}));
    auto *job = dialogue.make<AppendJob>();
    job->setMailbox(mailbox);
    job->setMessage(message);
    job->setFlags(flags);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::InvalidArgument);
    QCOMPARE(job->errorString(), error);
}

QTEST_GUILESS_MAIN(TestImapAppendJob)
#include "tst_imapappendjob.moc"
