// SPDX-License-Identifier: GPL-3.0-or-later
// sync::OutboxSendTask against the scripted SMTP server, byte-exact: what each reply (or
// silence) does to an outbox entry. 250 -> Sent; 4xx -> Queued with RetrySchedule's next
// attempt; 5xx -> Failed with the server's words; the connection dropped before the final
// dot -> Queued, after it -> Unconfirmed and never sent again by the next pass; an entry a
// crash left Sending -> sent; some recipients refused -> Sent with a note; one entry failing
// does not stop the next. (Filing in Sent is covered by tests/integration and interop.)
#include "ImapDialogue.h"
#include "ScriptedServer.h"
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/OutboxQueue.h"
#include "sync/OutboxSendTask.h"
#include "sync/RetrySchedule.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie;
using store::OutboxEntry;
using store::OutboxQueue;
using sync::OutboxSendTask;
using sync::SyncProblem;
using test::ScriptedServer;
using State = OutboxEntry::State;
using Security = net::ServerEndpoint::Security;

namespace {

const QDateTime kNow = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);
const QByteArray kRaw = "From: alice@example.test\r\nTo: bob@example.test\r\n"
                        "Subject: Lunch\r\nMessage-ID: <lunch@example.test>\r\n\r\nNoon?\r\n";

QByteArrayList opening(bool pipelining = false)
{
    return { "S: 220 smtp.example.test ESMTP",
             "C: EHLO [127.0.0.1]",
             pipelining ? "S: 250-smtp.example.test\\r\\n250-PIPELINING\\r\\n250 8BITMIME"
                        : "S: 250-smtp.example.test\\r\\n250 8BITMIME" };
}

const QByteArrayList kQuit { "C: QUIT", "S: 221 Bye", "EXPECT-CLOSE" };

QByteArray escaped(const QByteArray &bytes)
{
    QByteArray out = bytes;
    out.replace('\\', "\\\\").replace('\r', "\\r").replace('\n', "\\n");
    return out;
}

// MAIL, RCPT, DATA one at a time, then the content and its dot.
QByteArrayList transaction(const QByteArrayList &recipients = { "bob@example.test" },
                           const QByteArray &raw = kRaw)
{
    QByteArrayList lines { "C: MAIL FROM:<alice@example.test>", "S: 250 2.1.0 Ok" };
    for (const QByteArray &recipient : recipients)
        lines << "C: RCPT TO:<" + recipient + ">" << "S: 250 2.1.5 Ok";
    lines << "C: DATA" << "S: 354 Go ahead" << "C~ " + escaped(raw) + ".\\r\\n";
    return lines;
}

} // namespace

class TestOutboxSend : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void sentOnAccepted();
    void temporaryRefusalQueuesForRetry_data();
    void temporaryRefusalQueuesForRetry();
    void permanentRefusalFailsWithServerWords();
    void droppedBeforeFinalDotIsRetried();
    void droppedAfterFinalDotIsUnconfirmedAndNotResent();
    void crashLeftSendingIsSent();
    void unconfirmedIsRecordedBeforeTheDot();
    void someRecipientsRefused();
    void oneFailureDoesNotStopTheNext();
    void connectionRefusedCountsAnAttemptForEach();
    void nothingDueConnectsNowhere();
    void pop3AccountFilesInLocalSent();
    void imapFilingAppendsOnlyWhenNoCopy_data();
    void imapFilingAppendsOnlyWhenNoCopy();

private:
    sync::AccountConfig account(quint16 smtpPort) const;
    qint64 enqueue(const QString &subject = QStringLiteral("Lunch"),
                   const QList<QByteArray> &recipients = { "bob@example.test" });
    // Runs a pass to its end; the task stays alive (its session may still be quitting).
    bool run(OutboxSendTask &task);

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::MailCache> m_cache;
};

void TestOutboxSend::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<store::MailCache>();
    const store::StoreError error = m_cache->open(m_dir->filePath(QStringLiteral("c.sqlite")));
    QVERIFY2(!error, qPrintable(error.message));
}

void TestOutboxSend::cleanup()
{
    m_cache.reset();
    m_dir.reset();
}

sync::AccountConfig TestOutboxSend::account(quint16 smtpPort) const
{
    sync::AccountConfig config;
    config.id = QStringLiteral("acct");
    config.address = QStringLiteral("alice@example.test");
    config.incoming = sync::AccountConfig::Incoming::Imap;
    config.incomingServer.host = QStringLiteral("127.0.0.1");
    config.smtpServer.host = QStringLiteral("127.0.0.1");
    config.smtpServer.port = smtpPort;
    config.smtpServer.security = Security::Plaintext;
    config.smtpServer.connectTimeoutMs = 3000;
    config.smtpServer.readTimeoutMs = 3000;
    return config;
}

qint64 TestOutboxSend::enqueue(const QString &subject, const QList<QByteArray> &recipients)
{
    OutboxEntry entry;
    entry.accountId = QStringLiteral("acct");
    entry.envelopeFrom = "alice@example.test";
    entry.recipients = recipients;
    entry.raw = kRaw;
    entry.messageId = "<lunch@example.test>";
    entry.subject = subject;
    entry.createdAt = kNow.addSecs(-10);
    return OutboxQueue(*m_cache).enqueue(entry);
}

bool TestOutboxSend::run(OutboxSendTask &task)
{
    task.setNow(kNow);
    QSignalSpy finished(&task, &sync::SyncTask::finished);
    task.start();
    return finished.wait(10000);
}

void TestOutboxSend::sentOnAccepted()
{
    const qint64 id = enqueue();
    ScriptedServer server(opening() + transaction() + QByteArrayList { "S: 250 2.0.0 queued as 7" }
                          + kQuit);
    OutboxSendTask task(account(server.port()), {}, *m_cache);
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    QVERIFY2(!task.SyncTask::failed(), qPrintable(task.problem().message));
    QCOMPARE(task.sent(), 1);
    QCOMPARE(task.failed(), 0);
    const OutboxEntry entry = *OutboxQueue(*m_cache).entry(id);
    // Without an IMAP session it waits in Sent to be filed by a later pass.
    QCOMPARE(entry.state, State::Sent);
    QVERIFY(entry.lastError.isEmpty());
}

void TestOutboxSend::temporaryRefusalQueuesForRetry_data()
{
    QTest::addColumn<int>("attemptsBefore");
    QTest::addColumn<int>("minutes");
    QTest::newRow("first") << 0 << 1;
    QTest::newRow("second") << 1 << 5;
    QTest::newRow("third") << 2 << 15;
    QTest::newRow("fifth") << 4 << 60;
}

void TestOutboxSend::temporaryRefusalQueuesForRetry()
{
    QFETCH(int, attemptsBefore);
    QFETCH(int, minutes);
    const qint64 id = enqueue();
    if (attemptsBefore > 0)
        QVERIFY(!OutboxQueue(*m_cache).markQueuedForRetry(id, QStringLiteral("earlier"),
                                                           attemptsBefore, kNow));
    ScriptedServer server(opening()
                          + QByteArrayList { "C: MAIL FROM:<alice@example.test>",
                                             "S: 451 4.3.0 Try later" }
                          + kQuit);
    OutboxSendTask task(account(server.port()), {}, *m_cache);
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    const OutboxEntry entry = *OutboxQueue(*m_cache).entry(id);
    QCOMPARE(entry.state, State::Queued);
    QCOMPARE(entry.attempts, attemptsBefore + 1);
    QCOMPARE(entry.nextAttempt, kNow.addSecs(minutes * 60));
    QCOMPARE(entry.nextAttempt, sync::RetrySchedule::nextAttempt(kNow, attemptsBefore + 1));
    QVERIFY2(entry.lastError.contains(u"451 4.3.0 Try later"), qPrintable(entry.lastError));
    QVERIFY(task.SyncTask::failed());
    QVERIFY(task.problem().willRetry);
    QCOMPARE(task.failed(), 0);
    // Not due before its time.
    QVERIFY(OutboxQueue(*m_cache).due(QStringLiteral("acct"), kNow.addSecs(minutes * 60 - 1))
                .isEmpty());
}

void TestOutboxSend::permanentRefusalFailsWithServerWords()
{
    const qint64 id = enqueue();
    ScriptedServer server(opening()
                          + QByteArrayList { "C: MAIL FROM:<alice@example.test>", "S: 250 Ok",
                                             "C: RCPT TO:<bob@example.test>",
                                             "S: 550 5.1.1 No such user", "C: RSET",
                                             "S: 250 Ok" }
                          + kQuit);
    OutboxSendTask task(account(server.port()), {}, *m_cache);
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    const OutboxEntry entry = *OutboxQueue(*m_cache).entry(id);
    QCOMPARE(entry.state, State::Failed);
    QVERIFY2(entry.lastError.contains(u"550 5.1.1 No such user"), qPrintable(entry.lastError));
    QCOMPARE(entry.raw, kRaw); // kept for the person to edit or retry
    QCOMPARE(task.failed(), 1);
    QVERIFY(task.SyncTask::failed());
    QVERIFY(!task.problem().willRetry);
    QCOMPARE(task.problem().kind, SyncProblem::Kind::Server);
    QVERIFY(task.problem().message.contains(u"No such user"));
}

void TestOutboxSend::droppedBeforeFinalDotIsRetried()
{
    const qint64 id = enqueue();
    ScriptedServer server(opening()
                          + QByteArrayList { "C: MAIL FROM:<alice@example.test>", "S: 250 Ok",
                                             "C: RCPT TO:<bob@example.test>", "S: 250 Ok",
                                             "C: DATA", "CLOSE" });
    OutboxSendTask task(account(server.port()), {}, *m_cache);
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    const OutboxEntry entry = *OutboxQueue(*m_cache).entry(id);
    QCOMPARE(entry.state, State::Queued);
    QCOMPARE(entry.attempts, 1);
    QCOMPARE(entry.nextAttempt, kNow.addSecs(60));
    QVERIFY(task.problem().willRetry);
}

void TestOutboxSend::droppedAfterFinalDotIsUnconfirmedAndNotResent()
{
    const qint64 id = enqueue();
    ScriptedServer server(opening() + transaction() + QByteArrayList { "CLOSE" });
    OutboxSendTask task(account(server.port()), {}, *m_cache);
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    OutboxEntry entry = *OutboxQueue(*m_cache).entry(id);
    QCOMPARE(entry.state, State::Unconfirmed);
    QVERIFY2(entry.lastError.contains(u"may or may not have been delivered"),
             qPrintable(entry.lastError));
    QVERIFY(entry.lastError.contains(u"will not send it again"));
    QCOMPARE(task.failed(), 1);
    QVERIFY(!task.problem().willRetry);

    // The next pass, much later, leaves it alone: it does not even connect (port 1 would
    // fail the pass).
    OutboxSendTask next(account(1), {}, *m_cache);
    next.setNow(kNow.addDays(1));
    QSignalSpy finished(&next, &sync::SyncTask::finished);
    next.start();
    QVERIFY(finished.wait(5000));
    QVERIFY2(!next.SyncTask::failed(), qPrintable(next.problem().message));
    QCOMPARE(next.sent(), 0);
    entry = *OutboxQueue(*m_cache).entry(id);
    QCOMPARE(entry.state, State::Unconfirmed);
}

void TestOutboxSend::crashLeftSendingIsSent()
{
    const qint64 id = enqueue();
    QVERIFY(!OutboxQueue(*m_cache).markSending(id)); // the program died during an attempt
    ScriptedServer server(opening() + transaction() + QByteArrayList { "S: 250 2.0.0 queued" }
                          + kQuit);
    OutboxSendTask task(account(server.port()), {}, *m_cache);
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    QCOMPARE(OutboxQueue(*m_cache).entry(id)->state, State::Sent);
    QCOMPARE(task.sent(), 1);
}

void TestOutboxSend::unconfirmedIsRecordedBeforeTheDot()
{
    // What a crash at each moment would leave: Sending up to the dot, Unconfirmed from the
    // dot to the reply, then Sent.
    const qint64 id = enqueue();
    QByteArrayList script = opening();
    script << "C: MAIL FROM:<alice@example.test>" << "S: 250 Ok"
           << "C: RCPT TO:<bob@example.test>" << "S: 250 Ok" << "C: DATA" << "S: 354 Go ahead"
           << "C~ " + escaped(kRaw) << "C~ .\\r\\n" << "WAIT 100" << "S: 250 Ok";
    script += kQuit;
    ScriptedServer server(script);
    QList<State> states;
    connect(m_cache.get(), &store::MailCache::outboxChanged, this,
            [&] { states.append(OutboxQueue(*m_cache).entry(id)->state); });
    OutboxSendTask task(account(server.port()), {}, *m_cache);
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    QCOMPARE(states, (QList<State> { State::Sending, State::Unconfirmed, State::Sent }));
}

void TestOutboxSend::someRecipientsRefused()
{
    const qint64 id = enqueue(QStringLiteral("Lunch"), { "bob@example.test", "nobody@example.test" });
    QByteArrayList script = opening();
    script << "C: MAIL FROM:<alice@example.test>" << "S: 250 Ok"
           << "C: RCPT TO:<bob@example.test>" << "S: 250 Ok"
           << "C: RCPT TO:<nobody@example.test>" << "S: 550 5.1.1 No such user"
           << "C: DATA" << "S: 354 Go ahead" << "C~ " + escaped(kRaw) + ".\\r\\n"
           << "S: 250 Ok";
    script += kQuit;
    ScriptedServer server(script);
    OutboxSendTask task(account(server.port()), {}, *m_cache);
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    const OutboxEntry entry = *OutboxQueue(*m_cache).entry(id);
    // Delivered to bob: sending again would give him a second copy.
    QCOMPARE(entry.state, State::Sent);
    QVERIFY2(entry.lastError.contains(u"bob@example.test"), qPrintable(entry.lastError));
    QVERIFY(entry.lastError.contains(u"nobody@example.test (550 5.1.1 No such user)"));
    QCOMPARE(task.sent(), 1);
    QVERIFY(task.SyncTask::failed());
    QVERIFY(!task.problem().willRetry);
    QVERIFY(task.problem().message.contains(u"nobody@example.test"));
}

void TestOutboxSend::oneFailureDoesNotStopTheNext()
{
    const qint64 first = enqueue(QStringLiteral("one"));
    const qint64 second = enqueue(QStringLiteral("two"));
    QByteArrayList script = opening();
    script << "C: MAIL FROM:<alice@example.test>" << "S: 554 5.7.1 Not you";
    script << "C: RSET" << "S: 250 Ok"; // the second transaction starts clean
    script += transaction();
    script << "S: 250 Ok";
    script += kQuit;
    ScriptedServer server(script);
    OutboxSendTask task(account(server.port()), {}, *m_cache);
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    QCOMPARE(OutboxQueue(*m_cache).entry(first)->state, State::Failed);
    QCOMPARE(OutboxQueue(*m_cache).entry(second)->state, State::Sent);
    QCOMPARE(task.sent(), 1);
    QCOMPARE(task.failed(), 1);
}

void TestOutboxSend::connectionRefusedCountsAnAttemptForEach()
{
    const qint64 first = enqueue(QStringLiteral("one"));
    const qint64 second = enqueue(QStringLiteral("two"));
    OutboxSendTask task(account(1), {}, *m_cache); // nothing listens on port 1
    QVERIFY(run(task));
    QVERIFY(task.SyncTask::failed());
    QCOMPARE(task.problem().kind, SyncProblem::Kind::Network);
    QVERIFY(task.problem().willRetry);
    for (const qint64 id : { first, second }) {
        const OutboxEntry entry = *OutboxQueue(*m_cache).entry(id);
        QCOMPARE(entry.state, State::Queued);
        QCOMPARE(entry.attempts, 1);
        QCOMPARE(entry.nextAttempt, kNow.addSecs(60));
        QVERIFY(!entry.lastError.isEmpty());
    }
}

void TestOutboxSend::nothingDueConnectsNowhere()
{
    const qint64 id = enqueue();
    QVERIFY(!OutboxQueue(*m_cache).markQueuedForRetry(id, QStringLiteral("451"), 1,
                                                       kNow.addSecs(60)));
    OutboxSendTask task(account(1), {}, *m_cache);
    QVERIFY(run(task));
    QVERIFY2(!task.SyncTask::failed(), qPrintable(task.problem().message));
    QCOMPARE(OutboxQueue(*m_cache).entry(id)->attempts, 1);
}

void TestOutboxSend::pop3AccountFilesInLocalSent()
{
    const qint64 id = enqueue();
    ScriptedServer server(opening() + transaction() + QByteArrayList { "S: 250 2.0.0 queued" }
                          + kQuit);
    sync::AccountConfig config = account(server.port());
    config.incoming = sync::AccountConfig::Incoming::Pop3;
    QSignalSpy added(m_cache.get(), &store::MailCache::messagesAdded);
    OutboxSendTask task(config, {}, *m_cache);
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(server);
    QVERIFY2(!task.SyncTask::failed(), qPrintable(task.problem().message));
    QVERIFY(!OutboxQueue(*m_cache).entry(id)); // filed, so gone

    const std::optional<store::FolderRecord> sent =
        store::FolderStore(*m_cache).folderByRole(QStringLiteral("acct"), store::FolderRole::Sent);
    QVERIFY(sent);
    QVERIFY(sent->local);
    QCOMPARE(added.count(), 1);
    const QList<qint64> ids = added.first().at(1).value<QList<qint64>>();
    QCOMPARE(ids.size(), 1);
    const std::optional<store::MessageSummary> summary = store::MessageStore(*m_cache).message(ids.first());
    QVERIFY(summary);
    QCOMPARE(summary->folderId, sent->id);
    QCOMPARE(summary->subject, QStringLiteral("Lunch"));
    QCOMPARE(summary->messageId, QByteArray("<lunch@example.test>"));
    QCOMPARE(summary->from.address, QStringLiteral("alice@example.test"));
    QVERIFY(summary->flags.has(store::MessageFlags::Seen));
    QCOMPARE(store::BodyStore(*m_cache).body(ids.first()), std::optional<QByteArray>(kRaw));
}

void TestOutboxSend::imapFilingAppendsOnlyWhenNoCopy_data()
{
    QTest::addColumn<QString>("roleFolder"); // the cache's folder with the Sent role, if any
    QTest::addColumn<QByteArray>("examined");
    QTest::addColumn<QByteArray>("searchResult");
    QTest::addColumn<bool>("appends");
    QTest::newRow("no copy yet") << QString() << QByteArray("Sent") << QByteArray("* SEARCH")
                                 << true;
    QTest::newRow("a copy is there") << QString() << QByteArray("Sent")
                                     << QByteArray("* SEARCH 4") << false;
    QTest::newRow("Sent folder by role") << QStringLiteral("Sent Items")
                                         << QByteArray("\"Sent Items\"")
                                         << QByteArray("* SEARCH") << true;
}

void TestOutboxSend::imapFilingAppendsOnlyWhenNoCopy()
{
    QFETCH(QString, roleFolder);
    QFETCH(QByteArray, examined);
    QFETCH(QByteArray, searchResult);
    QFETCH(bool, appends);
    if (!roleFolder.isEmpty()) {
        store::FolderRecord sent;
        sent.accountId = QStringLiteral("acct");
        sent.path = roleFolder;
        sent.serverName = roleFolder.toUtf8();
        sent.role = store::FolderRole::Sent;
        QVERIFY(store::FolderStore(*m_cache).ensure(sent));
    }
    const qint64 id = enqueue();
    QVERIFY(!OutboxQueue(*m_cache).markSending(id));
    QVERIFY(!OutboxQueue(*m_cache).markSent(id)); // accepted by an earlier pass

    QByteArrayList script { "S: * OK [CAPABILITY IMAP4rev1] hi", "C: a1 LOGIN alice secret",
                            "S: a1 OK [CAPABILITY IMAP4rev1] done", "C: a2 EXAMINE " + examined, "S: * 3 EXISTS",
                            "S: * OK [UIDVALIDITY 7] ok", "S: a2 OK [READ-ONLY] done",
                            "C: a3 UID SEARCH HEADER \"Message-ID\" \"<lunch@example.test>\"",
                            "S: " + searchResult, "S: a3 OK done" };
    if (appends) {
        script << "C: a4 APPEND " + examined + " (\\\\Seen) {"
                      + QByteArray::number(kRaw.size()) + "}"
               << "S: + go" << "C~ " + escaped(kRaw) << "C: " << "S: a4 OK done";
    }
    test::ImapDialogue dialogue(script);
    QVERIFY(dialogue.open());
    QVERIFY(dialogue.login());
    OutboxSendTask task(account(1), {}, *m_cache); // nothing due: no SMTP
    task.setImapSession(&dialogue.session);
    QVERIFY(run(task));
    MAGPIE_VERIFY_SCRIPT(dialogue.server);
    QVERIFY2(!task.SyncTask::failed(), qPrintable(task.problem().message));
    QVERIFY(!OutboxQueue(*m_cache).entry(id));
}

QTEST_GUILESS_MAIN(TestOutboxSend)
#include "tst_outboxsend.moc"
