// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageJobDialogue.h"

#include "net/imap/CopyJob.h"
#include "net/imap/CopyUid.h"
#include "net/imap/MoveJob.h"

#include <QSignalSpy>
#include <QTest>

using magpie::imap::CopyJob;
using magpie::imap::CopyUid;
using magpie::imap::ImapSession;
using magpie::imap::MoveJob;
using magpie::imap::ResponseCode;
using magpie::imap::UidSet;
using magpie::net::NetError;
using magpie::test::MessageJobDialogue;

using Pairs = QList<std::pair<quint32, quint32>>;

class TestImapCopyMoveJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void copyUid_data();
    void copyUid();

    void copyReportsCopyUid();
    void copyToMissingFolder();
    void copyWithoutUidPlus();
    void mailboxNameWithLineBreak();

    void moveWithMove();
    void moveCopyUidInTaggedOk();
    void moveFallbackWithUidPlus();
    void moveFallbackWithoutUidPlus();
    void moveFallbackOneMessageWithoutUidPlus();
    void moveFallbackCopyFailsTouchesNothing();
    void moveFallbackStoreFails();
    void moveFallbackExpungeFails();
    void moveRefused();
};

void TestImapCopyMoveJob::copyUid_data()
{
    QTest::addColumn<QByteArray>("name");
    QTest::addColumn<QByteArray>("arguments");
    QTest::addColumn<quint64>("limit");
    QTest::addColumn<bool>("valid");
    QTest::addColumn<quint32>("uidValidity");
    QTest::addColumn<Pairs>("pairs");

    QTest::newRow("RFC 4315 example")
        << QByteArray("COPYUID") << QByteArray("38505 304,319:320 3956:3958") << quint64(10) << true
        << 38505u << Pairs { { 304, 3956 }, { 319, 3957 }, { 320, 3958 } };
    QTest::newRow("written order kept")
        << QByteArray("COPYUID") << QByteArray("7 5,3 10:11") << quint64(10) << true << 7u
        << Pairs { { 5, 10 }, { 3, 11 } };
    QTest::newRow("range written backwards")
        << QByteArray("COPYUID") << QByteArray("7 2:1 20:21") << quint64(10) << true << 7u
        << Pairs { { 1, 20 }, { 2, 21 } };
    QTest::newRow("single") << QByteArray("COPYUID") << QByteArray(" 1 4 9 ") << quint64(1) << true
                            << 1u << Pairs { { 4, 9 } };
    QTest::newRow("sizes differ") << QByteArray("COPYUID") << QByteArray("7 1:3 10:11")
                                  << quint64(10) << false << 0u << Pairs();
    QTest::newRow("beyond the limit")
        << QByteArray("COPYUID") << QByteArray("7 1:4294967295 1:4294967295") << quint64(3) << false
        << 0u << Pairs();
    QTest::newRow("zero UID") << QByteArray("COPYUID") << QByteArray("7 0 5") << quint64(3) << false
                              << 0u << Pairs();
    QTest::newRow("zero UIDVALIDITY")
        << QByteArray("COPYUID") << QByteArray("0 1 5") << quint64(3) << false << 0u << Pairs();
    QTest::newRow("garbage") << QByteArray("COPYUID") << QByteArray("7 a b") << quint64(3) << false
                             << 0u << Pairs();
    QTest::newRow("overflow") << QByteArray("COPYUID") << QByteArray("7 4294967296 1") << quint64(3)
                              << false << 0u << Pairs();
    QTest::newRow("missing set") << QByteArray("COPYUID") << QByteArray("7 1") << quint64(3)
                                 << false << 0u << Pairs();
    QTest::newRow("other code") << QByteArray("APPENDUID") << QByteArray("7 1 2") << quint64(3)
                                << false << 0u << Pairs();
}

void TestImapCopyMoveJob::copyUid()
{
    QFETCH(QByteArray, name);
    QFETCH(QByteArray, arguments);
    QFETCH(quint64, limit);
    QFETCH(bool, valid);
    QFETCH(quint32, uidValidity);
    QFETCH(Pairs, pairs);

    ResponseCode code;
    code.name = name;
    code.rawArguments = arguments;
    const std::optional<CopyUid> copyUid = CopyUid::fromCode(code, limit);
    QCOMPARE(bool(copyUid), valid);
    if (!copyUid)
        return;
    QCOMPARE(copyUid->uidValidity, uidValidity);
    QCOMPARE(copyUid->pairs, pairs);
    QCOMPARE(copyUid->destinationOf(pairs.first().first), pairs.first().second);
    QCOMPARE(copyUid->destinationOf(999999), 0u);
}

void TestImapCopyMoveJob::copyReportsCopyUid()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS")
                                << "C: a3 UID COPY 304,319:320 Archive"
                                << "S: a3 OK [COPYUID 38505 304,319:320 3956:3958] Done");
    auto *job = dialogue.make<CopyJob>();
    job->setUids(UidSet::fromUids({ 304, 319, 320 }));
    job->setDestination(QStringLiteral("Archive"));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QVERIFY(job->copyUid());
    QCOMPARE(job->copyUid()->uidValidity, 38505u);
    QCOMPARE(job->copyUid()->destinationOf(319), 3957u);
    QCOMPARE(job->copyUid()->destinationUids().toImap(), QByteArray("3956:3958"));
}

void TestImapCopyMoveJob::copyToMissingFolder()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS")
                                << "C: a3 UID COPY 1:2 \"Old mail\""
                                << "S: a3 NO [TRYCREATE] Mailbox doesn't exist: Old mail");
    auto *job = dialogue.make<CopyJob>();
    job->setUids(UidSet::range(1, 2));
    job->setDestination(QStringLiteral("Old mail"));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QVERIFY(job->destinationMissing());
    QVERIFY(!job->copyUid());
    QCOMPARE(
        job->errorString(),
        QString::fromUtf8(
            "Copying 2 messages to Old mail failed: the server answered \xe2\x80\x9c[TRYCREATE] "
            "Mailbox doesn't exist: Old mail\xe2\x80\x9d. The folder Old mail does not exist "
            "on the server."));
}

void TestImapCopyMoveJob::copyWithoutUidPlus()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}) << "C: a3 UID COPY 5 INBOX"
                                                                << "S: a3 OK Copy completed");
    auto *job = dialogue.make<CopyJob>();
    job->setUids(UidSet::fromUids({ 5 }));
    job->setDestination(QStringLiteral("inbox"));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QVERIFY(!job->copyUid());
}

// A mailbox name cannot end the command line: modified UTF-7 (RFC 3501 s5.1.3) encodes CR and
// LF like any other character outside printable ASCII.
void TestImapCopyMoveJob::mailboxNameWithLineBreak()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS MOVE")
                                << "C: a3 UID MOVE 5 \"x&AA0ACg-a9 DELETE INBOX\""
                                << "S: a3 NO [TRYCREATE] No such mailbox");
    auto *job = dialogue.make<MoveJob>();
    job->setUids(UidSet::fromUids({ 5 }));
    job->setDestination(QStringLiteral("x\r\na9 DELETE INBOX"));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QVERIFY(job->destinationMissing());
}

// RFC 6851 s4.3: COPYUID in an untagged OK, then the expunges, then the tagged OK.
void TestImapCopyMoveJob::moveWithMove()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS MOVE")
                                << "C: a3 UID MOVE 42:44 Archive"
                                << "S: * OK [COPYUID 432432 42:44 11:13] Moved UIDs."
                                << "S: * 2 EXPUNGE"
                                << "S: * 2 EXPUNGE"
                                << "S: * 2 EXPUNGE"
                                << "S: a3 OK Move completed");
    auto *job = dialogue.make<MoveJob>();
    job->setUids(UidSet::range(42, 44));
    job->setDestination(QStringLiteral("Archive"));
    QSignalSpy expunged(&dialogue.session, &ImapSession::expunged);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QVERIFY(job->copied());
    QVERIFY(!job->originalsLeftDeleted());
    QVERIFY(job->notice().isEmpty());
    QVERIFY(job->copyUid());
    QCOMPARE(job->copyUid()->uidValidity, 432432u);
    QCOMPARE(job->copyUid()->destinationOf(44), 13u);
    QCOMPARE(expunged.size(), 3);
}

void TestImapCopyMoveJob::moveCopyUidInTaggedOk()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS MOVE")
                                << "C: a3 UID MOVE 7 Archive"
                                << "S: * 1 EXPUNGE"
                                << "S: a3 OK [COPYUID 9 7 100] Move completed");
    auto *job = dialogue.make<MoveJob>();
    job->setUids(UidSet::fromUids({ 7 }));
    job->setDestination(QStringLiteral("Archive"));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->copyUid().value_or(CopyUid()).destinationOf(7), 100u);
}

void TestImapCopyMoveJob::moveFallbackWithUidPlus()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS")
                                << "C: a3 UID COPY 4,8:9 Archive"
                                << "S: a3 OK [COPYUID 38505 4,8:9 20:22] Copy completed"
                                << "C: a4 UID STORE 4,8:9 +FLAGS.SILENT (\\Deleted)"
                                << "S: a4 OK Store completed"
                                << "C: a5 UID EXPUNGE 4,8:9"
                                << "S: * 3 EXPUNGE"
                                << "S: * 3 EXPUNGE"
                                << "S: * 2 EXPUNGE"
                                << "S: a5 OK Expunge completed");
    auto *job = dialogue.make<MoveJob>();
    job->setUids(UidSet::fromUids({ 4, 8, 9 }));
    job->setDestination(QStringLiteral("Archive"));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QVERIFY(job->copied());
    QVERIFY(!job->originalsLeftDeleted());
    QCOMPARE(job->copyUid().value_or(CopyUid()).destinationOf(9), 22u);
}

// Without UIDPLUS only a bare EXPUNGE could remove them, which would take other clients'
// \Deleted mail too (DESIGN.md "Store"): none is sent.
void TestImapCopyMoveJob::moveFallbackWithoutUidPlus()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID COPY 4,8:9 Archive"
                                << "S: a3 OK Copy completed"
                                << "C: a4 UID STORE 4,8:9 +FLAGS.SILENT (\\Deleted)"
                                << "S: a4 OK Store completed");
    auto *job = dialogue.make<MoveJob>();
    job->setUids(UidSet::fromUids({ 4, 8, 9 }));
    job->setDestination(QStringLiteral("Archive"));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QVERIFY(job->copied());
    QVERIFY(job->originalsLeftDeleted());
    QVERIFY(!job->copyUid());
    QCOMPARE(job->notice(),
             QStringLiteral(
                 "3 messages were copied to Archive and marked as deleted in INBOX. The server "
                 "cannot remove only these (it lacks UIDPLUS), so they stay in INBOX, marked as "
                 "deleted, until the folder is expunged."));
    QVERIFY(!dialogue.server.clientBytes().contains("EXPUNGE"));
}

void TestImapCopyMoveJob::moveFallbackOneMessageWithoutUidPlus()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID COPY 4 Archive"
                                << "S: a3 OK Copy completed"
                                << "C: a4 UID STORE 4 +FLAGS.SILENT (\\Deleted)"
                                << "S: a4 OK Store completed");
    auto *job = dialogue.make<MoveJob>();
    job->setUids(UidSet::fromUids({ 4 }));
    job->setDestination(QStringLiteral("Archive"));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->originalsLeftDeleted());
    QCOMPARE(job->notice(),
             QStringLiteral(
                 "The message was copied to Archive and marked as deleted in INBOX. The server "
                 "cannot remove only this one (it lacks UIDPLUS), so it stays in INBOX, marked as "
                 "deleted, until the folder is expunged."));
}

void TestImapCopyMoveJob::moveFallbackCopyFailsTouchesNothing()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS")
                                << "C: a3 UID COPY 1:3 Archive"
                                << "S: a3 NO [OVERQUOTA] Quota exceeded");
    auto *job = dialogue.make<MoveJob>();
    job->setUids(UidSet::range(1, 3));
    job->setDestination(QStringLiteral("Archive"));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QVERIFY(!job->copied());
    QVERIFY(!job->originalsLeftDeleted());
    QCOMPARE(job->error().code, NetError::Code::CommandRejected);
    QCOMPARE(job->errorString(),
             QString::fromUtf8("Moving 3 messages to Archive failed: the server answered "
                               "\xe2\x80\x9c[OVERQUOTA] Quota exceeded\xe2\x80\x9d."));
    QVERIFY(!dialogue.server.clientBytes().contains("STORE"));
}

void TestImapCopyMoveJob::moveFallbackStoreFails()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS")
                                << "C: a3 UID COPY 1:3 Archive"
                                << "S: a3 OK Copy completed"
                                << "C: a4 UID STORE 1:3 +FLAGS.SILENT (\\Deleted)"
                                << "S: a4 NO Permission denied");
    auto *job = dialogue.make<MoveJob>();
    job->setUids(UidSet::range(1, 3));
    job->setDestination(QStringLiteral("Archive"));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QVERIFY(job->copied());
    QVERIFY(!job->originalsLeftDeleted());
    QCOMPARE(job->errorString(),
             QString::fromUtf8(
                 "Moving 3 messages to Archive: they were copied, but marking the originals in "
                 "INBOX as deleted failed: the server answered \xe2\x80\x9cPermission "
                 "denied\xe2\x80\x9d."));
}

void TestImapCopyMoveJob::moveFallbackExpungeFails()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS")
                                << "C: a3 UID COPY 2 Archive"
                                << "S: a3 OK Copy completed"
                                << "C: a4 UID STORE 2 +FLAGS.SILENT (\\Deleted)"
                                << "S: a4 OK Store completed"
                                << "C: a5 UID EXPUNGE 2"
                                << "S: a5 NO Expunge failed");
    auto *job = dialogue.make<MoveJob>();
    job->setUids(UidSet::fromUids({ 2 }));
    job->setDestination(QStringLiteral("Archive"));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QVERIFY(job->copied());
    QVERIFY(job->originalsLeftDeleted());
    QVERIFY2(job->errorString().startsWith(
                 QStringLiteral("Moving 1 message to Archive: it was copied and "
                                "marked as deleted in INBOX, but removing it")),
             qPrintable(job->errorString()));
}

void TestImapCopyMoveJob::moveRefused()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening("MOVE"));
    auto *job = dialogue.make<MoveJob>();
    job->setUids(UidSet::fromUids({ 2 }));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::InvalidArgument);
}

QTEST_GUILESS_MAIN(TestImapCopyMoveJob)
#include "tst_imapcopymovejob.moc"
