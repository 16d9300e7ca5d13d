// SPDX-License-Identifier: GPL-3.0-or-later
// The outbox against servers nobody here wrote: submission to aiosmtpd (STARTTLS, AUTH) and
// the copy filed in Dovecot's Sent folder (SPECIAL-USE, RFC 6154) with \Seen; a copy already
// in Sent (an earlier APPEND whose reply was lost) is found by UID SEARCH HEADER Message-ID
// and not filed again.
#include "DovecotServer.h"
#include "EngineTestSupport.h"
#include "SmtpServerProcess.h"
#include "net/imap/AppendJob.h"
#include "net/imap/FetchJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/LoginJob.h"
#include "net/imap/SelectJob.h"
#include "store/MailCache.h"
#include "store/OutboxQueue.h"
#include "sync/MessageIdSearchJob.h"
#include "sync/OutboxSendTask.h"

#include <QJsonArray>
#include <QSignalSpy>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie;
using namespace Qt::StringLiterals;
using store::OutboxEntry;
using store::OutboxQueue;
using sync::OutboxSendTask;
using testing::DovecotServer;
using testing::openSession;
using testing::runJob;
using testing::SmtpServerProcess;
using State = OutboxEntry::State;

namespace {

const QString kUser = u"alice"_s;
const QString kPassword = u"secret"_s;

QByteArray messageFor(const QByteArray &messageId)
{
    return "From: Alice <alice@example.test>\r\nTo: Bob <bob@example.test>\r\n"
           "Subject: Interop outbox\r\nDate: Sun, 01 Mar 2026 12:00:00 +0000\r\n"
           "Message-ID: " + messageId + "\r\n\r\nHello Bob.\r\n";
}

} // namespace

class TestOutboxInterop : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void submittedAndFiledInDovecotSent();
    void copyAlreadyInSentIsNotFiledAgain();

private:
    net::ServerEndpoint imapEndpoint() const;
    sync::AccountConfig account() const;
    qint64 enqueue(const QByteArray &messageId);
    bool logIn(imap::ImapSession &session);
    bool runPass(OutboxSendTask **done);
    // Messages with this Message-ID in Dovecot's Sent (-1: could not look).
    int copiesInSent(const QByteArray &messageId, bool *seen = nullptr);

    DovecotServer m_dovecot;
    SmtpServerProcess m_smtp;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::MailCache> m_cache;
    std::vector<std::unique_ptr<OutboxSendTask>> m_tasks;
    std::vector<std::unique_ptr<imap::ImapSession>> m_sessions;
};

void TestOutboxInterop::initTestCase()
{
    const QString dovecot = m_dovecot.start(kUser, kPassword);
    QVERIFY2(dovecot.isEmpty(), qPrintable(dovecot));
    const QString smtp = m_smtp.start(SmtpServerProcess::Tls::StartTls, { { kUser, kPassword } });
    QVERIFY2(smtp.isEmpty(), qPrintable(smtp));
}

void TestOutboxInterop::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<store::MailCache>();
    const store::StoreError error = m_cache->open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(!error, qPrintable(error.message));
}

void TestOutboxInterop::cleanup()
{
    m_tasks.clear();
    m_sessions.clear();
    m_cache.reset();
    m_dir.reset();
}

net::ServerEndpoint TestOutboxInterop::imapEndpoint() const
{
    net::ServerEndpoint endpoint;
    endpoint.host = u"127.0.0.1"_s;
    endpoint.port = m_dovecot.imapsPort();
    endpoint.security = net::ServerEndpoint::Security::ImplicitTls;
    endpoint.extraCaCertificates = QSslCertificate::fromPath(m_dovecot.certificatePath());
    endpoint.connectTimeoutMs = 5000;
    endpoint.readTimeoutMs = 15000;
    return endpoint;
}

sync::AccountConfig TestOutboxInterop::account() const
{
    sync::AccountConfig config;
    config.id = u"interop"_s;
    config.address = u"alice@example.test"_s;
    config.incoming = sync::AccountConfig::Incoming::Imap;
    config.incomingServer = imapEndpoint();
    config.incomingUser = kUser;
    config.smtpServer = m_smtp.endpoint();
    config.smtpUser = kUser;
    return config;
}

qint64 TestOutboxInterop::enqueue(const QByteArray &messageId)
{
    OutboxEntry entry;
    entry.accountId = u"interop"_s;
    entry.envelopeFrom = "alice@example.test";
    entry.recipients = { "bob@example.test" };
    entry.raw = messageFor(messageId);
    entry.messageId = messageId;
    entry.subject = u"Interop outbox"_s;
    return OutboxQueue(*m_cache).enqueue(entry);
}

bool TestOutboxInterop::logIn(imap::ImapSession &session)
{
    if (!openSession(session, nullptr, imapEndpoint()))
        return false;
    auto *login = new imap::LoginJob(&session, { kUser, kPassword, {}, {} });
    return runJob(login) && !login->failed();
}

bool TestOutboxInterop::runPass(OutboxSendTask **done)
{
    auto session = std::make_unique<imap::ImapSession>();
    if (!logIn(*session))
        return false;
    auto task = std::make_unique<OutboxSendTask>(account(),
                                                 net::Credentials { kUser, kPassword, {}, {} },
                                                 *m_cache);
    task->setImapSession(session.get());
    QSignalSpy finished(task.get(), &sync::SyncTask::finished);
    task->start();
    const bool ok = finished.wait(30000);
    *done = task.get();
    m_tasks.push_back(std::move(task));
    m_sessions.push_back(std::move(session));
    return ok;
}

int TestOutboxInterop::copiesInSent(const QByteArray &messageId, bool *seen)
{
    imap::ImapSession session;
    if (!logIn(session))
        return -1;
    auto *select = new imap::SelectJob(&session, u"Sent"_s);
    select->setReadOnly(true);
    if (!runJob(select) || select->failed())
        return -1;
    auto *search = new sync::MessageIdSearchJob(&session, messageId);
    if (!runJob(search) || search->failed())
        return -1;
    if (seen && !search->uids().isEmpty()) {
        auto *fetch = new imap::FetchJob(&session);
        fetch->setUids(search->uids());
        fetch->setItems(imap::FetchJob::Item::Flags);
        fetch->setCollectMessages(true);
        if (!runJob(fetch) || fetch->failed() || fetch->messages().isEmpty())
            return -1;
        const imap::FetchedMessage &message = fetch->messages().first();
        *seen = message.flags && message.flags->contains("\\Seen");
    }
    return int(search->uids().count());
}

void TestOutboxInterop::submittedAndFiledInDovecotSent()
{
    const int before = m_smtp.messageCount();
    const QByteArray id = "<interop-once@example.test>";
    const qint64 entry = enqueue(id);
    OutboxSendTask *task = nullptr;
    QVERIFY(runPass(&task));
    QVERIFY2(!task->SyncTask::failed(), qPrintable(task->problem().message + m_smtp.output()));
    QCOMPARE(task->sent(), 1);
    QVERIFY(!OutboxQueue(*m_cache).entry(entry));

    QCOMPARE(m_smtp.messageCount(), before + 1);
    QCOMPARE(m_smtp.message(before + 1), messageFor(id));
    const QJsonObject envelope = m_smtp.envelope(before + 1);
    QCOMPARE(envelope.value(u"mail_from"_s).toString(), u"alice@example.test"_s);
    QCOMPARE(envelope.value(u"rcpt_tos"_s).toArray(), QJsonArray { u"bob@example.test"_s });
    QCOMPARE(envelope.value(u"auth"_s).toString(), kUser);

    bool seen = false;
    QCOMPARE(copiesInSent(id, &seen), 1);
    QVERIFY(seen);
}

void TestOutboxInterop::copyAlreadyInSentIsNotFiledAgain()
{
    const QByteArray id = "<interop-filed-before@example.test>";
    // An earlier pass's APPEND reached Dovecot but its OK did not reach us.
    {
        imap::ImapSession session;
        QVERIFY(logIn(session));
        auto *append = new imap::AppendJob(&session);
        append->setMailbox(u"Sent"_s);
        append->setMessage(messageFor(id));
        append->setFlags({ "\\Seen" });
        QVERIFY(runJob(append));
        QVERIFY2(!append->failed(), qPrintable(append->errorString()));
    }
    // A reply mentioning it in References is another message: it must not count as a copy.
    {
        imap::ImapSession session;
        QVERIFY(logIn(session));
        auto *append = new imap::AppendJob(&session);
        append->setMailbox(u"Sent"_s);
        append->setMessage("From: alice@example.test\r\nSubject: Re\r\nReferences: " + id
                           + "\r\nMessage-ID: <reply@example.test>\r\n\r\nSee above.\r\n");
        QVERIFY(runJob(append));
    }
    QCOMPARE(copiesInSent(id), 1);
    const qint64 entry = enqueue(id);
    QVERIFY(!OutboxQueue(*m_cache).markSending(entry));
    QVERIFY(!OutboxQueue(*m_cache).markSent(entry));

    const int before = m_smtp.messageCount();
    OutboxSendTask *task = nullptr;
    QVERIFY(runPass(&task));
    QVERIFY2(!task->SyncTask::failed(), qPrintable(task->problem().message));
    QCOMPARE(task->sent(), 0);
    QCOMPARE(m_smtp.messageCount(), before); // Sent entries are never submitted again
    QVERIFY(!OutboxQueue(*m_cache).entry(entry));
    QCOMPARE(copiesInSent(id), 1);
}

QTEST_GUILESS_MAIN(TestOutboxInterop)
#include "tst_outbox_interop.moc"
