// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageJobDialogue.h"

#include "net/imap/StoreJob.h"

#include <QSignalSpy>
#include <QTest>

using magpie::imap::FetchedMessage;
using magpie::imap::StoreJob;
using magpie::imap::UidSet;
using magpie::net::NetError;
using magpie::test::MessageJobDialogue;

Q_DECLARE_METATYPE(StoreJob::Mode)

class TestImapStoreJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void command_data();
    void command();
    void reportsTheNewFlags();
    void unchangedSinceReportsModified();
    void modifiedWithNo();
    void invalidFlagRefused_data();
    void invalidFlagRefused();
    void unchangedSinceNeedsCondStore();
    void noResponseNamed();
};

void TestImapStoreJob::command_data()
{
    QTest::addColumn<StoreJob::Mode>("mode");
    QTest::addColumn<QByteArrayList>("flags");
    QTest::addColumn<bool>("silent");
    QTest::addColumn<quint64>("unchangedSince");
    QTest::addColumn<QByteArray>("command");

    QTest::newRow("add") << StoreJob::Mode::Add << QByteArrayList { "\\Seen" } << false
                         << quint64(0) << QByteArray("UID STORE 4,7:9 +FLAGS (\\Seen)");
    QTest::newRow("remove silently")
        << StoreJob::Mode::Remove << QByteArrayList { "\\Flagged", "$Important" } << true
        << quint64(0) << QByteArray("UID STORE 4,7:9 -FLAGS.SILENT (\\Flagged $Important)");
    QTest::newRow("replace with nothing")
        << StoreJob::Mode::Replace << QByteArrayList() << true << quint64(0)
        << QByteArray("UID STORE 4,7:9 FLAGS.SILENT ()");
    QTest::newRow("unchanged since")
        << StoreJob::Mode::Add << QByteArrayList { "\\Deleted" } << true << quint64(12121230045)
        << QByteArray("UID STORE 4,7:9 (UNCHANGEDSINCE 12121230045) +FLAGS.SILENT (\\Deleted)");
}

void TestImapStoreJob::command()
{
    QFETCH(StoreJob::Mode, mode);
    QFETCH(QByteArrayList, flags);
    QFETCH(bool, silent);
    QFETCH(quint64, unchangedSince);
    QFETCH(QByteArray, command);

    MessageJobDialogue dialogue(MessageJobDialogue::opening("CONDSTORE")
                                << "C: a3 " + command << "S: a3 OK Store completed");
    auto *job = dialogue.make<StoreJob>();
    job->setUids(UidSet::fromUids({ 4, 7, 8, 9 }));
    job->setFlags(mode, flags);
    job->setSilent(silent);
    job->setUnchangedSince(unchangedSince);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QVERIFY(job->modifiedUids().isEmpty());
}

void TestImapStoreJob::reportsTheNewFlags()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID STORE 4 +FLAGS (\\Seen)"
                                << "S: * 2 FETCH (FLAGS (\\Seen \\Answered) UID 4)"
                                << "S: * 3 FETCH (FLAGS (\\Flagged) UID 5)" // someone else's change
                                << "S: a3 OK Store completed");
    auto *job = dialogue.make<StoreJob>();
    job->setUids(UidSet::fromUids({ 4 }));
    job->setFlags(StoreJob::Mode::Add, { "\\Seen" });
    QSignalSpy updated(job, &StoreJob::messageUpdated);
    QSignalSpy elsewhere(&dialogue.session, &magpie::imap::ImapSession::messageFetched);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(updated.size(), 1);
    const auto message = updated.at(0).at(0).value<FetchedMessage>();
    QCOMPARE(message.uid, 4u);
    QCOMPARE(message.flags.value_or(QByteArrayList()), (QByteArrayList { "\\Seen", "\\Answered" }));
    QCOMPARE(elsewhere.size(), 1);
}

// RFC 7162 s3.1.3 example 5.
void TestImapStoreJob::unchangedSinceReportsModified()
{
    MessageJobDialogue dialogue(
        MessageJobDialogue::opening("CONDSTORE")
        << "C: a3 UID STORE 7,9,11 (UNCHANGEDSINCE 320162338) +FLAGS.SILENT (\\Deleted)"
        << "S: * 5 FETCH (MODSEQ (320162350) UID 11)"
        << "S: a3 OK [MODIFIED 7,9] Conditional STORE failed");
    auto *job = dialogue.make<StoreJob>();
    job->setUids(UidSet::fromUids({ 7, 9, 11 }));
    job->setFlags(StoreJob::Mode::Add, { "\\Deleted" });
    job->setSilent(true);
    job->setUnchangedSince(320162338);
    QSignalSpy updated(job, &StoreJob::messageUpdated);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->modifiedUids().toImap(), QByteArray("7,9"));
    QCOMPARE(updated.size(), 1);
    QCOMPARE(updated.at(0).at(0).value<FetchedMessage>().modSeq.value_or(0), quint64(320162350));
}

// RFC 7162 s3.1.3 example 6: NO [MODIFIED] when some messages are gone as well.
void TestImapStoreJob::modifiedWithNo()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("CONDSTORE")
                                << "C: a3 UID STORE 1:7 (UNCHANGEDSINCE 320172338) +FLAGS (\\Seen)"
                                << "S: * 1 FETCH (UID 1 MODSEQ (320172342) FLAGS (\\Seen))"
                                << "S: a3 NO [MODIFIED 2] Some of the messages no longer exist.");
    auto *job = dialogue.make<StoreJob>();
    job->setUids(UidSet::range(1, 7));
    job->setFlags(StoreJob::Mode::Add, { "\\Seen" });
    job->setUnchangedSince(320172338);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->modifiedUids().toImap(), QByteArray("2"));
}

void TestImapStoreJob::invalidFlagRefused_data()
{
    QTest::addColumn<QByteArray>("flag");
    QTest::newRow("CRLF and a command") << QByteArray("\\Seen)\r\na9 DELETE INBOX\r\n");
    QTest::newRow("space") << QByteArray("Two words");
    QTest::newRow("parenthesis") << QByteArray("a(b");
    QTest::newRow("quote") << QByteArray("\"Seen\"");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("lone backslash") << QByteArray("\\");
    QTest::newRow("Recent") << QByteArray("\\Recent");
    QTest::newRow("8-bit") << QByteArray("Wichtig\xc3\xa4");
}

void TestImapStoreJob::invalidFlagRefused()
{
    QFETCH(QByteArray, flag);
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}));
    auto *job = dialogue.make<StoreJob>();
    job->setUids(UidSet::fromUids({ 1 }));
    job->setFlags(StoreJob::Mode::Add, { "\\Seen", flag });
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::InvalidArgument);
    QVERIFY2(job->errorString().contains(QStringLiteral("cannot be used as a message flag")),
             qPrintable(job->errorString()));
}

void TestImapStoreJob::unchangedSinceNeedsCondStore()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}));
    auto *job = dialogue.make<StoreJob>();
    job->setUids(UidSet::fromUids({ 1 }));
    job->setFlags(StoreJob::Mode::Add, { "\\Seen" });
    job->setUnchangedSince(5);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->errorString(),
             QStringLiteral(
                 "Changing the flags of 1 message in INBOX only where nothing changed needs the "
                 "server to keep modification sequences (CONDSTORE, RFC 7162), and it does not."));
}

void TestImapStoreJob::noResponseNamed()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID STORE 1:3 +FLAGS (\\Deleted)"
                                << "S: a3 NO [READ-ONLY] Mailbox is read-only");
    auto *job = dialogue.make<StoreJob>();
    job->setUids(UidSet::range(1, 3));
    job->setFlags(StoreJob::Mode::Add, { "\\Deleted" });
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::CommandRejected);
    QVERIFY2(job->errorString().startsWith(
                 QStringLiteral("Changing the flags of 3 messages in INBOX failed")),
             qPrintable(job->errorString()));
    QVERIFY2(job->errorString().contains(QStringLiteral("Mailbox is read-only")),
             qPrintable(job->errorString()));
}

QTEST_GUILESS_MAIN(TestImapStoreJob)
#include "tst_imapstorejob.moc"
