// SPDX-License-Identifier: GPL-3.0-or-later
#include "MessageJobDialogue.h"

#include "net/imap/FetchJob.h"

#include <QSignalSpy>
#include <QTest>

using magpie::imap::FetchedMessage;
using magpie::imap::FetchJob;
using magpie::imap::ImapSession;
using magpie::imap::UidSet;
using magpie::net::NetError;
using magpie::test::MessageJobDialogue;
using Opening = MessageJobDialogue::Opening;

Q_DECLARE_METATYPE(FetchJob::Items)

class TestImapFetchJob : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void commandFor_data();
    void commandFor();
    void deliversEachMessageAsItArrives();
    void skipsTheLastMessageOfAnOpenRange();
    void literalSplitAcrossReads();
    void hugeLiteral();
    void nilEnvelope();
    void unsolicitedResponsesDuringFetch();
    void malformedLineFailsTheJobNotTheSession();
    void undecodableFetchFailsTheJob();
    void changedSinceWithVanished();
    void collectMergesSplitResponses();
    void bySequenceNumber();
    void sequenceFetchNeedsItems();
    void emptySetSendsNothing();
    void refusedBeforeSending_data();
    void refusedBeforeSending();
    void noResponseNamesTheMailbox();
};

void TestImapFetchJob::commandFor_data()
{
    QTest::addColumn<QByteArray>("capabilities");
    QTest::addColumn<FetchJob::Items>("items");
    QTest::addColumn<QByteArrayList>("sections"); // "section" or "section<origin.length>"
    QTest::addColumn<quint64>("changedSince");
    QTest::addColumn<QByteArray>("command");

    using Item = FetchJob::Item;
    QTest::newRow("flags") << QByteArray() << FetchJob::Items(Item::Flags) << QByteArrayList()
                           << quint64(0) << QByteArray("UID FETCH 1:3,7 (UID FLAGS)");
    QTest::newRow("summary")
        << QByteArray()
        << (Item::Flags | Item::Envelope | Item::BodyStructure | Item::Size | Item::InternalDate)
        << QByteArrayList() << quint64(0)
        << QByteArray(
               "UID FETCH 1:3,7 (UID FLAGS INTERNALDATE RFC822.SIZE ENVELOPE BODYSTRUCTURE)");
    QTest::newRow("body sections")
        << QByteArray() << FetchJob::Items()
        << QByteArrayList { "", "header.fields (Subject From)", "1.2<0.1024>", "2.MIME", "TEXT" }
        << quint64(0)
        << QByteArray("UID FETCH 1:3,7 (UID BODY.PEEK[] BODY.PEEK[HEADER.FIELDS (SUBJECT FROM)] "
                      "BODY.PEEK[1.2]<0.1024> BODY.PEEK[2.MIME] BODY.PEEK[TEXT])");
    QTest::newRow("header fields not")
        << QByteArray() << FetchJob::Items(Item::Size)
        << QByteArrayList { "HEADER.FIELDS.NOT (Received)" } << quint64(0)
        << QByteArray("UID FETCH 1:3,7 (UID RFC822.SIZE BODY.PEEK[HEADER.FIELDS.NOT (RECEIVED)])");
    QTest::newRow("modseq, changed since")
        << QByteArray("CONDSTORE") << (Item::Flags | Item::ModSeq) << QByteArrayList()
        << quint64(720162338)
        << QByteArray("UID FETCH 1:3,7 (UID FLAGS MODSEQ) (CHANGEDSINCE 720162338)");
}

void TestImapFetchJob::commandFor()
{
    QFETCH(QByteArray, capabilities);
    QFETCH(FetchJob::Items, items);
    QFETCH(QByteArrayList, sections);
    QFETCH(quint64, changedSince);
    QFETCH(QByteArray, command);

    MessageJobDialogue dialogue(MessageJobDialogue::opening(capabilities)
                                << "C: a3 " + command << "S: a3 OK Fetch completed");
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::fromUids({ 1, 2, 3, 7 }));
    job->setItems(items);
    for (const QByteArray &section : sections) {
        const qsizetype angle = section.indexOf('<');
        if (angle < 0) {
            job->addBodySection(section);
        } else {
            const QList<QByteArray> partial = section.mid(angle + 1).chopped(1).split('.');
            job->addBodySection(section.left(angle), partial.at(0).toULongLong(),
                                partial.at(1).toULongLong());
        }
    }
    job->setChangedSince(changedSince);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
}

void TestImapFetchJob::deliversEachMessageAsItArrives()
{
    MessageJobDialogue dialogue(
        MessageJobDialogue::opening({})
        << "C: a3 UID FETCH 4:6 (UID FLAGS RFC822.SIZE)"
        << "S: * 1 FETCH (UID 4 FLAGS (\\Seen) RFC822.SIZE 1200)"
        << "S: * 2 FETCH (UID 5 FLAGS () RFC822.SIZE 80)"
        << "S: * 3 FETCH (FLAGS (\\Answered $Forwarded) UID 6 RFC822.SIZE 4096)"
        << "S: a3 OK Fetch completed");
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::range(4, 6));
    job->setItems(FetchJob::Item::Flags | FetchJob::Item::Size);
    QSignalSpy fetched(job, &FetchJob::messageFetched);
    QSignalSpy sessionFetched(&dialogue.session, &ImapSession::messageFetched);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));

    QCOMPARE(fetched.size(), 3);
    QCOMPARE(job->fetchedCount(), quint64(3));
    QVERIFY(job->messages().isEmpty()); // not collected unless asked
    QCOMPARE(sessionFetched.size(), 0); // the job's, not unsolicited
    const auto message = [&](int i) { return fetched.at(i).at(0).value<FetchedMessage>(); };
    QCOMPARE(message(0).uid, 4u);
    QCOMPARE(message(0).sequenceNumber, 1u);
    QCOMPARE(message(0).flags.value_or(QByteArrayList()), QByteArrayList { "\\Seen" });
    QCOMPARE(message(0).size.value_or(0), quint64(1200));
    QVERIFY(message(1).flags);
    QCOMPARE(*message(1).flags, QByteArrayList());
    QCOMPARE(message(2).uid, 6u);
    QCOMPARE(message(2).flags.value_or(QByteArrayList()),
             (QByteArrayList { "\\Answered", "$Forwarded" }));
    QVERIFY(!message(2).envelope);
}

// "UID FETCH 9:*" in a mailbox whose highest UID is 8 returns message 8 (RFC 3501 s6.4.8):
// not one the caller asked for.
void TestImapFetchJob::skipsTheLastMessageOfAnOpenRange()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}) << "C: a3 UID FETCH 9:* (UID FLAGS)"
                                                                << "S: * 5 FETCH (UID 8 FLAGS ())"
                                                                << "S: a3 OK Fetch completed");
    auto *job = dialogue.make<FetchJob>();
    job->setUidsFrom(9);
    job->setItems(FetchJob::Item::Flags);
    QSignalSpy fetched(job, &FetchJob::messageFetched);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(!job->failed());
    QCOMPARE(fetched.size(), 0);
}

void TestImapFetchJob::literalSplitAcrossReads()
{
    const QByteArray header = "Subject: Lunch\r\nFrom: bob@example.com\r\n\r\n";
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID FETCH 12 (UID BODY.PEEK[HEADER])"
                                << "S~ * 1 FETCH (UID 12 BODY[HEADER] {"
                                    + QByteArray::number(header.size()) + "}\\r"
                                << "S~ \\nSubject: Lun"
                                << "S~ ch\\r\\nFrom: bob@exam"
                                << "S~ ple.com\\r\\n\\r"
                                << "S~ \\n"
                                << "S: )"
                                << "S~ a3 OK Fetch"
                                << "S: completed");
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::fromUids({ 12 }));
    job->addBodySection("HEADER");
    job->setCollectMessages(true);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->messages().size(), 1);
    QCOMPARE(job->messages().at(0).sections.value("HEADER"), header);
}

void TestImapFetchJob::hugeLiteral()
{
    // 20 MiB of message, with line ends, made here rather than stored.
    QByteArray body;
    body.reserve(20 << 20);
    const QByteArray line = "All work and no play makes Jack a dull boy. 0123456789 abcdefghij\r\n";
    while (body.size() + line.size() <= (20 << 20))
        body += line;
    body += QByteArray((20 << 20) - body.size(), 'x');
    QCOMPARE(body.size(), 20 << 20);

    MessageJobDialogue dialogue(
        MessageJobDialogue::opening({})
        << "C: a3 UID FETCH 77 (UID RFC822.SIZE BODY.PEEK[])"
        << "S: * 9 FETCH (UID 77 RFC822.SIZE 20971520 BODY[] {20971520}\\r\\n" + body + ")"
        << "S: a3 OK Fetch completed");
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::fromUids({ 77 }));
    job->setItems(FetchJob::Item::Size);
    job->addBodySection("");
    QByteArray received;
    connect(job, &FetchJob::messageFetched, this,
            [&received](const FetchedMessage &message) { received = message.sections.value(""); });
    job->start();
    QVERIFY2(dialogue.finish(job, 30000), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(received.size(), body.size());
    QVERIFY(received == body);
}

void TestImapFetchJob::nilEnvelope()
{
    MessageJobDialogue dialogue(
        MessageJobDialogue::opening({})
        << "C: a3 UID FETCH 3 (UID ENVELOPE)"
        << "S: * 2 FETCH (UID 3 ENVELOPE (NIL NIL NIL NIL NIL NIL NIL NIL NIL NIL))"
        << "S: a3 OK Fetch completed");
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::fromUids({ 3 }));
    job->setItems(FetchJob::Item::Envelope);
    job->setCollectMessages(true);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->messages().size(), 1);
    const auto &envelope = job->messages().at(0).envelope;
    QVERIFY(envelope);
    QVERIFY(!envelope->date.isValid());
    QVERIFY(envelope->subject.isEmpty());
    QVERIFY(envelope->from.isEmpty());
    QVERIFY(envelope->to.isEmpty());
    QVERIFY(envelope->messageId.isEmpty());
}

// UID FETCH may see expunges and new mail (RFC 3501 s7.4.1 forbids EXPUNGE only during
// FETCH by sequence number); a flag change elsewhere comes as a FETCH the job did not ask for.
void TestImapFetchJob::unsolicitedResponsesDuringFetch()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID FETCH 10:11 (UID FLAGS)"
                                << "S: * 1 FETCH (UID 10 FLAGS (\\Seen))"
                                << "S: * 4 EXPUNGE"
                                << "S: * 7 EXISTS"
                                << "S: * 3 FETCH (UID 30 FLAGS (\\Flagged))"
                                << "S: * 2 FETCH (UID 11 FLAGS ())"
                                << "S: a3 OK Fetch completed");
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::range(10, 11));
    job->setItems(FetchJob::Item::Flags);
    QSignalSpy fetched(job, &FetchJob::messageFetched);
    QSignalSpy expunged(&dialogue.session, &ImapSession::expunged);
    QSignalSpy exists(&dialogue.session, &ImapSession::existsChanged);
    QSignalSpy elsewhere(&dialogue.session, &ImapSession::messageFetched);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(fetched.size(), 2);
    QCOMPARE(fetched.at(1).at(0).value<FetchedMessage>().uid, 11u);
    QCOMPARE(expunged.size(), 1);
    QCOMPARE(expunged.at(0).at(0).toUInt(), 4u);
    QVERIFY(!exists.isEmpty());
    QCOMPARE(exists.last().at(0).toUInt(), 7u);
    QCOMPARE(elsewhere.size(), 1);
    QCOMPARE(elsewhere.at(0).at(0).value<FetchedMessage>().uid, 30u);
}

void TestImapFetchJob::malformedLineFailsTheJobNotTheSession()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID FETCH 1:2 (UID FLAGS)"
                                << "S: * 1 FETCH (UID 1 FLAGS (\\Seen))"
                                << "S: * 2 FETCH (UID 2 FLAGS (\\Seen \"unterminated"
                                << "S: a3 OK Fetch completed"
                                << "C: a4 UID FETCH 2 (UID FLAGS)"
                                << "S: * 2 FETCH (UID 2 FLAGS (\\Seen))"
                                << "S: a4 OK Fetch completed");
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::range(1, 2));
    job->setItems(FetchJob::Item::Flags);
    auto *again = dialogue.make<FetchJob>();
    again->setUids(UidSet::fromUids({ 2 }));
    again->setItems(FetchJob::Item::Flags);
    QSignalSpy fetchedAgain(again, &FetchJob::messageFetched);
    job->start();
    again->start();
    QVERIFY2(dialogue.finish(again), qPrintable(dialogue.failure));
    QVERIFY(job->isFinished());
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::ProtocolViolation);
    QVERIFY2(!job->errorString().isEmpty(), "the error says what happened");
    QVERIFY2(!again->failed(), qPrintable(again->errorString()));
    QCOMPARE(fetchedAgain.size(), 1);
    QVERIFY(dialogue.session.isOpen());
}

// A response that parses but is not what RFC 3501 s7.4.2 allows (an ENVELOPE of two numbers).
void TestImapFetchJob::undecodableFetchFailsTheJob()
{
    MessageJobDialogue dialogue(
        MessageJobDialogue::opening({})
        << "C: a3 UID FETCH 1:2 (UID ENVELOPE)"
        << "S: * 1 FETCH (UID 1 ENVELOPE (1 2))"
        << "S: * 2 FETCH (UID 2 ENVELOPE (NIL \"Hello\" NIL NIL NIL NIL NIL NIL NIL NIL))"
        << "S: a3 OK Fetch completed");
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::range(1, 2));
    job->setItems(FetchJob::Item::Envelope);
    QSignalSpy fetched(job, &FetchJob::messageFetched);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::ProtocolViolation);
    QVERIFY2(job->errorString().startsWith(
                 QStringLiteral("Fetching messages from INBOX failed: the server "
                                "sent a response Magpie cannot read")),
             qPrintable(job->errorString()));
    QCOMPARE(fetched.size(), 1); // the good one still arrives
    QCOMPARE(fetched.at(0).at(0).value<FetchedMessage>().envelope->subject,
             QStringLiteral("Hello"));
}

// RFC 7162 s3.2.6: VANISHED (EARLIER) lists the UIDs expunged since the mod-sequence.
void TestImapFetchJob::changedSinceWithVanished()
{
    MessageJobDialogue dialogue(
        MessageJobDialogue::opening("ENABLE CONDSTORE QRESYNC", Opening::LoginEnableSelect)
            << "C: a4 UID FETCH 300:500 (UID FLAGS MODSEQ) (CHANGEDSINCE 12345 VANISHED)"
            << "S: * VANISHED (EARLIER) 300:310,405,411"
            << "S: * 1 FETCH (UID 404 MODSEQ (65402) FLAGS (\\Seen))"
            << "S: * 2 FETCH (UID 406 MODSEQ (75403) FLAGS (\\Deleted))"
            << "S: * VANISHED 499"
            << "S: a4 OK Conditional UID FETCH completed",
        Opening::LoginEnableSelect);
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::range(300, 500));
    job->setItems(FetchJob::Item::Flags | FetchJob::Item::ModSeq);
    job->setChangedSince(12345);
    job->setVanished(true);
    QSignalSpy vanished(job, &FetchJob::vanished);
    QSignalSpy fetched(job, &FetchJob::messageFetched);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(vanished.size(), 1);
    QCOMPARE(job->vanishedUids().toImap(), QByteArray("300:310,405,411")); // not 499: expunged now
    QCOMPARE(fetched.size(), 2);
    QCOMPARE(fetched.at(0).at(0).value<FetchedMessage>().modSeq.value_or(0), quint64(65402));
}

void TestImapFetchJob::collectMergesSplitResponses()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID FETCH 5:6 (UID FLAGS RFC822.SIZE)"
                                << "S: * 1 FETCH (UID 5 RFC822.SIZE 100)"
                                << "S: * 2 FETCH (UID 6 FLAGS () RFC822.SIZE 200)"
                                << "S: * 1 FETCH (UID 5 FLAGS (\\Seen))"
                                << "S: a3 OK Fetch completed");
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::range(5, 6));
    job->setItems(FetchJob::Item::Flags | FetchJob::Item::Size);
    job->setCollectMessages(true);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(job->fetchedCount(), quint64(3));
    QCOMPARE(job->messages().size(), 2);
    QCOMPARE(job->messages().at(0).uid, 5u);
    QCOMPARE(job->messages().at(0).size.value_or(0), quint64(100));
    QCOMPARE(job->messages().at(0).flags.value_or(QByteArrayList()), QByteArrayList { "\\Seen" });
}

void TestImapFetchJob::bySequenceNumber()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}) << "C: a3 FETCH 1:2 (UID FLAGS)"
                                                                << "S: * 1 FETCH (UID 10 FLAGS ())"
                                                                << "S: * 2 FETCH (UID 11 FLAGS ())"
                                                                << "S: a3 OK Fetch completed");
    auto *job = dialogue.make<FetchJob>();
    job->setSequenceNumbers(UidSet::range(1, 2));
    job->setItems(FetchJob::Item::Flags | FetchJob::Item::Uid);
    QSignalSpy fetched(job, &FetchJob::messageFetched);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY2(!job->failed(), qPrintable(job->errorString()));
    QCOMPARE(fetched.size(), 2);
    QCOMPARE(fetched.at(1).at(0).value<FetchedMessage>().sequenceNumber, 2u);
}

void TestImapFetchJob::sequenceFetchNeedsItems()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}));
    auto *job = dialogue.make<FetchJob>();
    job->setSequenceNumbers(UidSet::range(1, 2));
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->errorString(),
             QStringLiteral("Fetching messages from INBOX: nothing to fetch was chosen."));
}

void TestImapFetchJob::emptySetSendsNothing()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({}));
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet());
    job->setItems(FetchJob::Item::Flags);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(!job->failed());
    QVERIFY(!dialogue.server.clientBytes().contains("FETCH"));
}

void TestImapFetchJob::refusedBeforeSending_data()
{
    QTest::addColumn<QByteArray>("capabilities");
    QTest::addColumn<QByteArray>("section");
    QTest::addColumn<quint64>("changedSince");
    QTest::addColumn<bool>("vanished");
    QTest::addColumn<QString>("error");

    QTest::newRow("CHANGEDSINCE without CONDSTORE")
        << QByteArray() << QByteArray() << quint64(5) << false
        << QStringLiteral(
               "Fetching messages from INBOX needs the server to keep modification sequences "
               "(CONDSTORE, RFC 7162), and it does not.");
    QTest::newRow("VANISHED without QRESYNC enabled")
        << QByteArray("CONDSTORE QRESYNC") << QByteArray() << quint64(5) << true
        << QStringLiteral(
               "Fetching messages from INBOX: asking which messages vanished needs QRESYNC "
               "enabled first.");
    QTest::newRow("section with a CRLF")
        << QByteArray() << QByteArray("HEADER.FIELDS (SUBJECT)]\r\na9 DELETE INBOX") << quint64(0)
        << false
        << QStringLiteral(
               "Fetching messages from INBOX: \"HEADER.FIELDS (SUBJECT)]\r\na9 DELETE INBOX\" "
               "is not a part of a message that IMAP can fetch.");
    QTest::newRow("section zero") << QByteArray() << QByteArray("0.1") << quint64(0) << false
                                  << QStringLiteral(
                                         "Fetching messages from INBOX: \"0.1\" is not a part "
                                         "of a message that IMAP can fetch.");
    QTest::newRow("MIME of the whole message")
        << QByteArray() << QByteArray("MIME") << quint64(0) << false
        << QStringLiteral(
               "Fetching messages from INBOX: \"MIME\" is not a part of a message that IMAP "
               "can fetch.");
}

void TestImapFetchJob::refusedBeforeSending()
{
    QFETCH(QByteArray, capabilities);
    QFETCH(QByteArray, section);
    QFETCH(quint64, changedSince);
    QFETCH(bool, vanished);
    QFETCH(QString, error);

    MessageJobDialogue dialogue(MessageJobDialogue::opening(capabilities));
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::fromUids({ 1 }));
    job->setItems(FetchJob::Item::Flags);
    if (!section.isNull())
        job->addBodySection(section);
    job->setChangedSince(changedSince);
    job->setVanished(vanished);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::InvalidArgument);
    QCOMPARE(job->errorString(), error);
}

void TestImapFetchJob::noResponseNamesTheMailbox()
{
    MessageJobDialogue dialogue(MessageJobDialogue::opening({})
                                << "C: a3 UID FETCH 1 (UID FLAGS)"
                                << "S: a3 NO [SERVERBUG] The index is corrupt");
    auto *job = dialogue.make<FetchJob>();
    job->setUids(UidSet::fromUids({ 1 }));
    job->setItems(FetchJob::Item::Flags);
    job->start();
    QVERIFY2(dialogue.finish(job), qPrintable(dialogue.failure));
    QVERIFY(job->failed());
    QCOMPARE(job->error().code, NetError::Code::CommandRejected);
    QVERIFY2(job->errorString().startsWith(QStringLiteral("Fetching messages from INBOX failed")),
             qPrintable(job->errorString()));
    QVERIFY2(job->errorString().contains(QStringLiteral("The index is corrupt")),
             qPrintable(job->errorString()));
}

QTEST_GUILESS_MAIN(TestImapFetchJob)
#include "tst_imapfetchjob.moc"
