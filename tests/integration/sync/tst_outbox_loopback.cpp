// SPDX-License-Identifier: GPL-3.0-or-later
// The outbox (store::OutboxQueue + sync::OutboxSendTask) against a real magpie-server
// process: a message sent arrives in the recipient's INBOX once and one copy is filed in
// Sent, also when the server fails on purpose (docs/server.md, "Fault injection"): the
// reply to DATA lost (Unconfirmed, nothing sent twice), a 451 to MAIL (sent by a later
// pass, once), a 550 to RCPT (Failed, message kept), APPEND dropped while filing (the next
// pass files exactly one copy, the Message-ID check).
#include "EngineTestSupport.h"
#include "MagpieServerProcess.h"
#include "net/imap/ImapSession.h"
#include "net/imap/LoginJob.h"
#include "net/imap/SelectJob.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/OutboxQueue.h"
#include "sync/MessageIdSearchJob.h"
#include "sync/OutboxSendTask.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie;
using namespace Qt::StringLiterals;
using store::OutboxEntry;
using store::OutboxQueue;
using sync::OutboxSendTask;
using testing::MagpieServerProcess;
using testing::openSession;
using testing::runJob;
using Service = MagpieServerProcess::Service;
using State = OutboxEntry::State;

namespace {

const QString kAlice = u"alice@example.test"_s;
const QString kBob = u"bob@example.test"_s;
const QMap<QString, QString> kUsers { { kAlice, u"secret"_s }, { kBob, u"hunter2"_s } };

QByteArray messageFor(const QByteArray &messageId)
{
    return "From: Alice <alice@example.test>\r\nTo: Bob <bob@example.test>\r\n"
           "Subject: Outbox test\r\nDate: Sun, 01 Mar 2026 12:00:00 +0000\r\n"
           "Message-ID: " + messageId + "\r\n\r\nHello Bob.\r\n";
}

} // namespace

class TestOutboxLoopback : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void sentOnceAndFiledOnce();
    void replyToDataLostIsUnconfirmedAndNotDuplicated();
    void temporaryRefusalThenOneDelivery();
    void recipientRefusedFailsKeepingTheMessage();
    void appendDropped_data();
    void appendDropped();

private:
    QString startServer(const QStringList &faults = {});
    sync::AccountConfig account() const;
    qint64 enqueue(const QByteArray &messageId);
    // One pass of the task, with a logged-in IMAP session for alice when `withImap`.
    bool runPass(const QDateTime &now, bool withImap = true, OutboxSendTask **done = nullptr);
    // How many messages with this Message-ID `user` has in `mailbox` (-1: could not look).
    int copies(const QString &user, const QString &mailbox, const QByteArray &messageId);

    std::unique_ptr<MagpieServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::MailCache> m_cache;
    std::vector<std::unique_ptr<OutboxSendTask>> m_tasks;
    std::vector<std::unique_ptr<imap::ImapSession>> m_sessions;
};

void TestOutboxLoopback::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<store::MailCache>();
    const store::StoreError error = m_cache->open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(!error, qPrintable(error.message));
}

void TestOutboxLoopback::cleanup()
{
    m_tasks.clear();
    m_sessions.clear();
    m_cache.reset();
    m_dir.reset();
    m_server.reset();
}

QString TestOutboxLoopback::startServer(const QStringList &faults)
{
    m_server = std::make_unique<MagpieServerProcess>();
    QStringList arguments;
    for (const QString &fault : faults)
        arguments << u"--fault"_s << fault;
    return m_server->start(kUsers, arguments);
}

sync::AccountConfig TestOutboxLoopback::account() const
{
    sync::AccountConfig config;
    config.id = u"alice"_s;
    config.address = kAlice;
    config.incoming = sync::AccountConfig::Incoming::Imap;
    config.incomingServer = m_server->endpoint(Service::Imaps);
    config.incomingUser = kAlice;
    config.smtpServer = m_server->endpoint(Service::Submissions);
    config.smtpUser = kAlice;
    return config;
}

qint64 TestOutboxLoopback::enqueue(const QByteArray &messageId)
{
    OutboxEntry entry;
    entry.accountId = u"alice"_s;
    entry.envelopeFrom = kAlice.toUtf8();
    entry.recipients = { kBob.toUtf8() };
    entry.raw = messageFor(messageId);
    entry.messageId = messageId;
    entry.subject = u"Outbox test"_s;
    return OutboxQueue(*m_cache).enqueue(entry);
}

bool TestOutboxLoopback::runPass(const QDateTime &now, bool withImap, OutboxSendTask **done)
{
    const sync::AccountConfig config = account();
    auto task = std::make_unique<OutboxSendTask>(
        config, net::Credentials { kAlice, kUsers.value(kAlice), {}, {} }, *m_cache);
    if (withImap) {
        auto session = std::make_unique<imap::ImapSession>();
        if (!openSession(*session, nullptr, config.incomingServer))
            return false;
        auto *login = new imap::LoginJob(session.get(), { kAlice, kUsers.value(kAlice), {}, {} });
        if (!runJob(login) || login->failed())
            return false;
        task->setImapSession(session.get());
        m_sessions.push_back(std::move(session));
    }
    task->setNow(now);
    QSignalSpy finished(task.get(), &sync::SyncTask::finished);
    task->start();
    const bool ok = finished.wait(20000);
    if (done)
        *done = task.get();
    m_tasks.push_back(std::move(task));
    return ok;
}

int TestOutboxLoopback::copies(const QString &user, const QString &mailbox,
                               const QByteArray &messageId)
{
    imap::ImapSession session;
    if (!openSession(session, nullptr, m_server->endpoint(Service::Imaps)))
        return -1;
    auto *login = new imap::LoginJob(&session, { user, kUsers.value(user), {}, {} });
    if (!runJob(login) || login->failed())
        return -1;
    auto *select = new imap::SelectJob(&session, mailbox);
    select->setReadOnly(true);
    if (!runJob(select) || select->failed())
        return -1;
    auto *search = new sync::MessageIdSearchJob(&session, messageId);
    if (!runJob(search) || search->failed())
        return -1;
    return int(search->uids().count());
}

void TestOutboxLoopback::sentOnceAndFiledOnce()
{
    const QString started = startServer();
    QVERIFY2(started.isEmpty(), qPrintable(started));
    // The cache knows the Sent folder by its role (RFC 6154), as a sync would have left it.
    store::FolderRecord sent;
    sent.accountId = u"alice"_s;
    sent.path = u"Sent"_s;
    sent.serverName = "Sent";
    sent.role = store::FolderRole::Sent;
    QVERIFY(store::FolderStore(*m_cache).ensure(sent));

    const QByteArray id = "<once@example.test>";
    const qint64 entry = enqueue(id);
    OutboxSendTask *task = nullptr;
    QVERIFY(runPass(QDateTime::currentDateTimeUtc(), true, &task));
    QVERIFY2(!task->SyncTask::failed(), qPrintable(task->problem().message + m_server->log()));
    QCOMPARE(task->sent(), 1);
    QVERIFY(!OutboxQueue(*m_cache).entry(entry)); // filed, so gone from the outbox
    QCOMPARE(copies(kBob, u"INBOX"_s, id), 1);
    QCOMPARE(copies(kAlice, u"Sent"_s, id), 1);
}

void TestOutboxLoopback::replyToDataLostIsUnconfirmedAndNotDuplicated()
{
    const QString started = startServer({ u"smtp:DATA:drop-before-reply"_s });
    QVERIFY2(started.isEmpty(), qPrintable(started));
    const QByteArray id = "<lost-reply@example.test>";
    const qint64 entry = enqueue(id);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(runPass(now));
    QCOMPARE(OutboxQueue(*m_cache).entry(entry)->state, State::Unconfirmed);
    // The server did store it: that is why it must not go again on its own.
    QCOMPARE(copies(kBob, u"INBOX"_s, id), 1);

    OutboxSendTask *task = nullptr;
    QVERIFY(runPass(now.addSecs(3600), true, &task));
    QCOMPARE(task->sent(), 0);
    QCOMPARE(OutboxQueue(*m_cache).entry(entry)->state, State::Unconfirmed);
    QCOMPARE(copies(kBob, u"INBOX"_s, id), 1);
    QCOMPARE(copies(kAlice, u"Sent"_s, id), 0);
}

void TestOutboxLoopback::temporaryRefusalThenOneDelivery()
{
    const QString started = startServer({ u"smtp:MAIL:reply:451 4.3.0 Try later"_s });
    QVERIFY2(started.isEmpty(), qPrintable(started));
    const QByteArray id = "<later@example.test>";
    const qint64 entry = enqueue(id);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    QVERIFY(runPass(now));
    const OutboxEntry queued = *OutboxQueue(*m_cache).entry(entry);
    QCOMPARE(queued.state, State::Queued);
    QCOMPARE(queued.attempts, 1);
    QCOMPARE(queued.nextAttempt, now.addSecs(60));
    QVERIFY2(queued.lastError.contains(u"451 4.3.0 Try later"), qPrintable(queued.lastError));
    QCOMPARE(copies(kBob, u"INBOX"_s, id), 0);

    // Too early: nothing happens.
    OutboxSendTask *task = nullptr;
    QVERIFY(runPass(now.addSecs(30), true, &task));
    QCOMPARE(task->sent(), 0);
    QCOMPARE(OutboxQueue(*m_cache).entry(entry)->state, State::Queued);
    // Due: sent and filed, once.
    QVERIFY(runPass(now.addSecs(61), true, &task));
    QVERIFY2(!task->SyncTask::failed(), qPrintable(task->problem().message));
    QCOMPARE(task->sent(), 1);
    QVERIFY(!OutboxQueue(*m_cache).entry(entry));
    QCOMPARE(copies(kBob, u"INBOX"_s, id), 1);
    QCOMPARE(copies(kAlice, u"Sent"_s, id), 1);
}

void TestOutboxLoopback::recipientRefusedFailsKeepingTheMessage()
{
    const QString started = startServer({ u"smtp:RCPT:reply:550 5.1.1 No such user"_s });
    QVERIFY2(started.isEmpty(), qPrintable(started));
    const QByteArray id = "<refused@example.test>";
    const qint64 entry = enqueue(id);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    OutboxSendTask *task = nullptr;
    QVERIFY(runPass(now, true, &task));
    const OutboxEntry failed = *OutboxQueue(*m_cache).entry(entry);
    QCOMPARE(failed.state, State::Failed);
    QVERIFY2(failed.lastError.contains(u"550 5.1.1 No such user"), qPrintable(failed.lastError));
    QCOMPARE(failed.raw, messageFor(id));
    QCOMPARE(task->failed(), 1);
    QVERIFY(!task->problem().willRetry);
    // Never retried on its own.
    QVERIFY(runPass(now.addDays(1), true, &task));
    QCOMPARE(OutboxQueue(*m_cache).entry(entry)->state, State::Failed);
    QCOMPARE(copies(kBob, u"INBOX"_s, id), 0);
    QCOMPARE(copies(kAlice, u"Sent"_s, id), 0);
}

void TestOutboxLoopback::appendDropped_data()
{
    QTest::addColumn<QString>("fault");
    // Mid-literal: the server never stored it.
    QTest::newRow("drop-after-received") << u"imap:APPEND:drop-after-received:60"_s;
    // Stored, and the OK lost: only the Message-ID check keeps a second copy out.
    QTest::newRow("drop-before-reply") << u"imap:APPEND:drop-before-reply"_s;
}

void TestOutboxLoopback::appendDropped()
{
    QFETCH(QString, fault);
    const QString started = startServer({ fault });
    QVERIFY2(started.isEmpty(), qPrintable(started));
    const QByteArray id = "<filed-once@example.test>";
    const qint64 entry = enqueue(id);
    const QDateTime now = QDateTime::currentDateTimeUtc();
    OutboxSendTask *task = nullptr;
    QVERIFY(runPass(now, true, &task));
    QCOMPARE(task->sent(), 1);
    QVERIFY2(m_server->log().contains(u"fault injected"), qPrintable(m_server->log()));
    // Sent, not yet filed for sure: kept.
    QCOMPARE(OutboxQueue(*m_cache).entry(entry)->state, State::Sent);

    QVERIFY(runPass(now.addSecs(5), true, &task));
    QVERIFY2(!task->SyncTask::failed(), qPrintable(task->problem().message));
    QCOMPARE(task->sent(), 0);
    QVERIFY(!OutboxQueue(*m_cache).entry(entry));
    QCOMPARE(copies(kAlice, u"Sent"_s, id), 1);
    QCOMPARE(copies(kBob, u"INBOX"_s, id), 1);
}

QTEST_GUILESS_MAIN(TestOutboxLoopback)
#include "tst_outbox_loopback.moc"
