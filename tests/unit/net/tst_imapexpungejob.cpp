// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageJobDialogue.h"

#include "net/imap/ExpungeJob.h"

#include <QSignalSpy>
#include <QTest>

using magpie::imap::ExpungeJob;
using magpie::imap::ImapSession;
using magpie::imap::UidSet;
using magpie::net::NetError;
using magpie::test::MessageJobDialogue;

class TestImapExpungeJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void collectsExpunges();
    void collectsVanished();
    void refusedWithoutUidPlus();
    void noResponseNamed();
};

// RFC 4315 s2.1 example.
void TestImapExpungeJob::collectsExpunges()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS")
                                << "C: a3 UID EXPUNGE 3000:3002"
                                << "S: * 3 EXPUNGE"
                                << "S: * 3 EXPUNGE"
                                << "S: * 3 EXPUNGE"
                                << "S: a3 OK UID EXPUNGE completed");
    auto *job = dialogue.make<ExpungeJob>();
    job->setUids(UidSet::range(3000, 3002));
    QSignalSpy expunged(&dialogue.session, &ImapSession::expunged);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->expungedSequenceNumbers(), (QList<quint32> { 3, 3, 3 }));
    QVERIFY(job->vanishedUids().isEmpty());
    QCOMPARE(expunged.size(), 3); // the session tells the rest of the program as well
}

// With QRESYNC enabled the server reports VANISHED instead (RFC 7162 s3.2.10).
void TestImapExpungeJob::collectsVanished()
{
    MessageJobDialogue dialogue(
        MessageJobDialogue::opening("UIDPLUS ENABLE CONDSTORE QRESYNC",
                                    MessageJobDialogue::Opening::LoginEnableSelect)
            << "C: a4 UID EXPUNGE 41,43:45"
            << "S: * VANISHED 41,43:45"
            << "S: a4 OK UID EXPUNGE completed",
        MessageJobDialogue::Opening::LoginEnableSelect);
    auto *job = dialogue.make<ExpungeJob>();
    job->setUids(UidSet::fromUids({ 41, 43, 44, 45 }));
    QSignalSpy vanished(&dialogue.session, &ImapSession::vanished);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->vanishedUids().toImap(), QByteArray("41,43:45"));
    QVERIFY(job->expungedSequenceNumbers().isEmpty());
    QCOMPARE(vanished.size(), 1);
}

// A bare EXPUNGE would also remove what other clients marked \Deleted (DESIGN.md "Store").
void TestImapExpungeJob::refusedWithoutUidPlus()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}));
    auto *job = dialogue.make<ExpungeJob>();
    job->setUids(UidSet::range(1, 2));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::InvalidArgument);
    QCOMPARE(job->errorString(),
             QStringLiteral(
                 "Removing 2 deleted messages from INBOX is not possible: the server cannot remove "
                 "only chosen messages (it lacks UIDPLUS), and removing all deleted messages would "
                 "also take those other programs marked as deleted."));
    QVERIFY(!dialogue.server.clientBytes().contains("EXPUNGE"));
}

void TestImapExpungeJob::noResponseNamed()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS")
                                << "C: a3 UID EXPUNGE 9"
                                << "S: a3 NO [READ-ONLY] Mailbox is read-only");
    auto *job = dialogue.make<ExpungeJob>();
    job->setUids(UidSet::fromUids({ 9 }));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(
        job->errorString(),
        QString::fromUtf8("Removing 1 deleted message from INBOX failed: the server "
                          "answered \xe2\x80\x9c[READ-ONLY] Mailbox is read-only\xe2\x80\x9d."));
}

QTEST_GUILESS_MAIN(TestImapExpungeJob)
#include "tst_imapexpungejob.moc"
