// SPDX-License-Identifier: GPL-3.0-or-later
// Pop3DownloadTask against byte-exact scripted POP3 servers: new mail, nothing new, "leave on
// server" off (DELE + QUIT), delete after N days, no UIDL, a connection dropped mid-RETR or
// before QUIT's answer (each followed by the run that completes it: every message once).
#include "ScriptedServer.h"
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "store/Pop3Ledger.h"
#include "sync/Pop3DownloadTask.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using magpie::net::Credentials;
using magpie::net::ServerEndpoint;
using magpie::store::BodyStore;
using magpie::store::FolderRole;
using magpie::store::FolderStore;
using magpie::store::MailCache;
using magpie::store::MessageStore;
using magpie::store::MessageSummary;
using magpie::store::Pop3Ledger;
using magpie::sync::AccountConfig;
using magpie::sync::Pop3DownloadTask;
using magpie::sync::SyncProblem;
using magpie::sync::SyncProgress;
using magpie::test::ScriptedServer;
using namespace Qt::StringLiterals;

namespace {

const QString accountId = u"pop"_s;
const QDateTime now = QDateTime(QDate(2024, 5, 20), QTime(12, 0), Qt::UTC);

// A message as its lines; on the wire each ends in CRLF, and so do the bytes stored.
QByteArrayList messageLines(const QByteArray &name)
{
    return { "From: Alice Example <alice@example.test>", "To: bob@example.test",
             "Cc: carol@example.test", "Subject: " + name,
             "Date: Mon, 20 May 2024 10:00:00 +0000", "Message-ID: <" + name + "@example.test>",
             "References: <earlier@example.test>", "", "Hello from " + name + ".", "Bye." };
}

QByteArray messageBytes(const QByteArray &name)
{
    return messageLines(name).join("\r\n") + "\r\n";
}

QByteArrayList opening(const QByteArrayList &capabilities = { "UIDL", "USER", "TOP" })
{
    QByteArrayList script { "S: +OK POP3 ready", "C: CAPA", "S: +OK Capability list follows" };
    for (const QByteArray &capability : capabilities)
        script += "S: " + capability;
    script += QByteArrayList { "S: .", "C: USER alice", "S: +OK", "C: PASS secret",
                               "S: +OK Logged in" };
    return script;
}

struct OnServer
{
    QByteArray uidl;
    QByteArray name; // the message's subject, see messageBytes()
};

// UIDL and LIST of `messages`, numbered from 1.
QByteArrayList listings(const QList<OnServer> &messages)
{
    QByteArrayList script { "C: UIDL", "S: +OK" };
    for (qsizetype i = 0; i < messages.size(); ++i)
        script += "S: " + QByteArray::number(i + 1) + ' ' + messages.at(i).uidl;
    script += QByteArrayList { "S: .", "C: LIST", "S: +OK" };
    for (qsizetype i = 0; i < messages.size(); ++i)
        script += "S: " + QByteArray::number(i + 1) + ' '
            + QByteArray::number(messageBytes(messages.at(i).name).size());
    script += "S: .";
    return script;
}

QByteArrayList retrieve(int number, const QByteArray &name)
{
    QByteArrayList script { "C: RETR " + QByteArray::number(number), "S: +OK message follows" };
    for (const QByteArray &line : messageLines(name))
        script += "S: " + line;
    script += "S: .";
    return script;
}

const QByteArrayList quit { "C: QUIT", "S: +OK Bye", "EXPECT-CLOSE" };

} // namespace

class TestPop3Download : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void newMail();
    void nothingNew();
    void leaveOnServerOff();
    void deleteAfterDays();
    void noUidl_data();
    void noUidl();
    void droppedMidRetrieve();
    void quitUnansweredKeepsDeletionsForNextTime();
    void refusedRetrieveSkipsOnlyThatMessage();
    void unparsableMessageIsStoredRaw();
    void repeatedUidlDownloadedOnce();
    void forgetsUidlsNoLongerOnServer();

private:
    // Runs one download against `script`; the task is kept for inspection until the next.
    Pop3DownloadTask *run(const QByteArrayList &script, bool leaveOnServer = true,
                          int deleteAfterDays = 0, const QDateTime &clock = now);
    QList<MessageSummary> inbox();
    int messageCount();

    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MailCache> m_cache;
    std::unique_ptr<ScriptedServer> m_server;
    std::unique_ptr<Pop3DownloadTask> m_task;
    QList<SyncProgress> m_progress;
    QString m_scriptFailure;
};

void TestPop3Download::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<MailCache>();
    const auto error = m_cache->open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(!error, qPrintable(error.message));
}

void TestPop3Download::cleanup()
{
    m_task.reset();
    m_server.reset();
    m_cache.reset();
    m_dir.reset();
}

Pop3DownloadTask *TestPop3Download::run(const QByteArrayList &script, bool leaveOnServer,
                                        int deleteAfterDays, const QDateTime &clock)
{
    m_task.reset();
    m_server = std::make_unique<ScriptedServer>(script);
    AccountConfig account;
    account.id = accountId;
    account.incoming = AccountConfig::Incoming::Pop3;
    account.incomingServer = m_server->endpoint(ServerEndpoint::Security::Plaintext);
    account.incomingUser = u"alice"_s;
    account.pop3LeaveOnServer = leaveOnServer;
    account.pop3DeleteAfterDays = deleteAfterDays;
    Credentials credentials;
    credentials.user = u"alice"_s;
    credentials.password = u"secret"_s;

    m_task = std::make_unique<Pop3DownloadTask>(account, credentials, *m_cache);
    m_task->setClock([clock] { return clock; });
    m_progress.clear();
    connect(m_task.get(), &Pop3DownloadTask::progress, this,
            [this](const SyncProgress &progress) { m_progress.append(progress); });
    QSignalSpy finished(m_task.get(), &Pop3DownloadTask::finished);
    m_task->start();
    if (!finished.wait(10000))
        qWarning("the download did not finish");
    m_scriptFailure = m_server->waitForScript() ? QString() : m_server->failure();
    return m_task.get();
}

QList<MessageSummary> TestPop3Download::inbox()
{
    const auto folder = FolderStore(*m_cache).folderByRole(accountId, FolderRole::Inbox);
    if (!folder)
        return {};
    QList<qint64> ids;
    QSqlQuery query(m_cache->connection());
    query.prepare(u"SELECT id FROM messages WHERE folder_id = ? ORDER BY id"_s);
    query.addBindValue(folder->id);
    query.exec();
    while (query.next())
        ids.append(query.value(0).toLongLong());
    return MessageStore(*m_cache).messages(ids);
}

int TestPop3Download::messageCount()
{
    QSqlQuery query(m_cache->connection());
    if (!query.exec(u"SELECT COUNT(*) FROM messages"_s) || !query.next())
        return -1;
    return query.value(0).toInt();
}

#define VERIFY_SUCCESS(task)                                                                  \
    do {                                                                                      \
        QVERIFY2(m_scriptFailure.isEmpty(), qPrintable(m_scriptFailure));                     \
        QVERIFY2(!(task)->failed(), qPrintable((task)->problem().message));                   \
    } while (false)

void TestPop3Download::newMail()
{
    auto *task = run(opening() + listings({ { "uid-a", "first" }, { "uid-b", "second" } })
                     + retrieve(1, "first") + retrieve(2, "second") + quit);
    VERIFY_SUCCESS(task);
    QCOMPARE(task->downloaded(), 2);
    QCOMPARE(task->deletedFromServer(), 0);
    QCOMPARE(task->bytes(), messageBytes("first").size() + messageBytes("second").size());

    const auto folder = FolderStore(*m_cache).folderByRole(accountId, FolderRole::Inbox);
    QVERIFY(folder);
    QVERIFY(folder->local);
    const QList<MessageSummary> messages = inbox();
    QCOMPARE(messages.size(), 2);
    const MessageSummary &first = messages.at(0);
    QCOMPARE(first.subject, u"first"_s);
    QCOMPARE(first.from.address, u"alice@example.test"_s);
    QCOMPARE(first.from.name, u"Alice Example"_s);
    QCOMPARE(first.to.value(0).address, u"bob@example.test"_s);
    QCOMPARE(first.cc.value(0).address, u"carol@example.test"_s);
    QCOMPARE(first.messageId, QByteArray("<first@example.test>"));
    QCOMPARE(first.references, QList<QByteArray>({ "<earlier@example.test>" }));
    QCOMPARE(first.inReplyTo, QByteArray());
    QCOMPARE(first.date, QDateTime(QDate(2024, 5, 20), QTime(10, 0), Qt::UTC));
    QCOMPARE(first.size, quint64(messageBytes("first").size()));
    QCOMPARE(first.pop3Uidl, u"uid-a"_s);
    QVERIFY(!first.flags.has(magpie::store::MessageFlags::Seen));
    QCOMPARE(BodyStore(*m_cache).body(first.id).value_or(QByteArray()), messageBytes("first"));
    QCOMPARE(BodyStore(*m_cache).body(messages.at(1).id).value_or(QByteArray()),
             messageBytes("second"));

    Pop3Ledger ledger(*m_cache);
    QCOMPARE(ledger.knownUidls(accountId), QSet<QString>({ u"uid-a"_s, u"uid-b"_s }));
    QCOMPARE(ledger.entry(accountId, u"uid-b"_s)->messageId, messages.at(1).id);
    QCOMPARE(ledger.entry(accountId, u"uid-b"_s)->downloadedAt, now);

    // Progress: bytes of the new messages, ending complete.
    QVERIFY(!m_progress.isEmpty());
    const SyncProgress last = m_progress.constLast();
    QCOMPARE(last.accountId, accountId);
    QCOMPARE(last.done, task->bytes());
    QCOMPARE(last.total, task->bytes());
    const bool sawSecond = std::any_of(m_progress.cbegin(), m_progress.cend(),
                                       [](const SyncProgress &p) {
                                           return p.activity.contains(u"message 2 of 2"_s);
                                       });
    QVERIFY(sawSecond);
}

void TestPop3Download::nothingNew()
{
    const QList<OnServer> mail { { "uid-a", "first" }, { "uid-b", "second" } };
    VERIFY_SUCCESS(run(opening() + listings(mail) + retrieve(1, "first") + retrieve(2, "second")
                       + quit));
    auto *task = run(opening() + listings(mail) + quit);
    VERIFY_SUCCESS(task);
    QCOMPARE(task->downloaded(), 0);
    QCOMPARE(task->bytes(), 0);
    QCOMPARE(messageCount(), 2);
}

void TestPop3Download::leaveOnServerOff()
{
    // uid-a came last time (leaving it on the server then); now the policy is off: the new
    // uid-b is downloaded, then both are deleted, and counted so only after QUIT's +OK.
    VERIFY_SUCCESS(run(opening() + listings({ { "uid-a", "first" } }) + retrieve(1, "first")
                       + quit));
    auto *task = run(opening() + listings({ { "uid-a", "first" }, { "uid-b", "second" } })
                         + retrieve(2, "second")
                         + QByteArrayList { "C: DELE 1", "S: +OK", "C: DELE 2", "S: +OK" }
                         + quit,
                     false);
    VERIFY_SUCCESS(task);
    QCOMPARE(task->downloaded(), 1);
    QCOMPARE(task->deletedFromServer(), 2);
    QCOMPARE(messageCount(), 2);
    Pop3Ledger ledger(*m_cache);
    QVERIFY(ledger.entry(accountId, u"uid-a"_s)->deletedFromServer);
    QVERIFY(ledger.entry(accountId, u"uid-b"_s)->deletedFromServer);

    // Next time the server no longer lists them: forgotten, nothing downloaded.
    VERIFY_SUCCESS(run(opening() + listings({}) + quit, false));
    QCOMPARE(ledger.count(accountId), 0);
    QCOMPARE(messageCount(), 2);
}

void TestPop3Download::deleteAfterDays()
{
    Pop3Ledger ledger(*m_cache);
    QVERIFY(!ledger.record(accountId, u"uid-old"_s, 0, now.addDays(-8)));
    QVERIFY(!ledger.record(accountId, u"uid-week"_s, 0, now.addDays(-7)));
    QVERIFY(!ledger.record(accountId, u"uid-new"_s, 0, now.addDays(-6)));
    auto *task = run(opening()
                         + listings({ { "uid-new", "n" }, { "uid-old", "o" }, { "uid-week", "w" } })
                         + QByteArrayList { "C: DELE 2", "S: +OK", "C: DELE 3", "S: +OK" } + quit,
                     true, 7);
    VERIFY_SUCCESS(task);
    QCOMPARE(task->downloaded(), 0);
    QCOMPARE(task->deletedFromServer(), 2);
    QVERIFY(!ledger.entry(accountId, u"uid-new"_s)->deletedFromServer);
    QVERIFY(ledger.entry(accountId, u"uid-old"_s)->deletedFromServer);

    // The same mail a day earlier: nothing is old enough yet but uid-old.
    QVERIFY(!ledger.forgetAbsent(accountId, {}));
    QVERIFY(!ledger.record(accountId, u"uid-old"_s, 0, now.addDays(-8)));
    QVERIFY(!ledger.record(accountId, u"uid-week"_s, 0, now.addDays(-7)));
    task = run(opening() + listings({ { "uid-old", "o" }, { "uid-week", "w" } })
                   + QByteArrayList { "C: DELE 1", "S: +OK" } + quit,
               true, 7, now.addDays(-1));
    VERIFY_SUCCESS(task);
    QCOMPARE(task->deletedFromServer(), 1);
}

void TestPop3Download::noUidl_data()
{
    QTest::addColumn<QByteArrayList>("script");
    // CAPA without UIDL (RFC 2449 s6.8): not even asked.
    QTest::newRow("not in CAPA") << opening({ "USER", "TOP" }) + quit;
    // No CAPA at all (a plain RFC 1939 server): asked, and refused.
    QTest::newRow("no CAPA, UIDL refused")
        << QByteArrayList { "S: +OK POP3 ready", "C: CAPA", "S: -ERR unknown command",
                            "C: USER alice", "S: +OK", "C: PASS secret", "S: +OK",
                            "C: UIDL", "S: -ERR unknown command" }
            + quit;
}

void TestPop3Download::noUidl()
{
    QFETCH(QByteArrayList, script);
    auto *task = run(script);
    QVERIFY2(m_scriptFailure.isEmpty(), qPrintable(m_scriptFailure));
    QVERIFY(task->failed());
    QCOMPARE(task->problem().kind, SyncProblem::Kind::Server);
    QVERIFY(!task->problem().willRetry);
    QVERIFY2(task->problem().message.contains(u"does not support UIDL"_s),
             qPrintable(task->problem().message));
    QCOMPARE(task->problem().accountId, accountId);
    QCOMPARE(messageCount(), 0);
}

void TestPop3Download::droppedMidRetrieve()
{
    const QList<OnServer> mail { { "uid-a", "first" }, { "uid-b", "second" } };
    QByteArrayList cutOff = retrieve(2, "second").mid(0, 5);
    cutOff += "CLOSE";
    auto *task = run(opening() + listings(mail) + retrieve(1, "first") + cutOff);
    QVERIFY2(m_scriptFailure.isEmpty(), qPrintable(m_scriptFailure));
    QVERIFY(task->failed());
    QCOMPARE(task->problem().kind, SyncProblem::Kind::Network);
    QVERIFY(task->problem().willRetry);
    QCOMPARE(task->downloaded(), 1);
    QCOMPARE(messageCount(), 1);
    QVERIFY(!Pop3Ledger(*m_cache).known(accountId, u"uid-b"_s));

    task = run(opening() + listings(mail) + retrieve(2, "second") + quit);
    VERIFY_SUCCESS(task);
    QCOMPARE(task->downloaded(), 1);
    const QList<MessageSummary> messages = inbox();
    QCOMPARE(messages.size(), 2);
    QCOMPARE(messages.at(0).pop3Uidl, u"uid-a"_s);
    QCOMPARE(messages.at(1).pop3Uidl, u"uid-b"_s);
    QCOMPARE(BodyStore(*m_cache).body(messages.at(1).id).value_or(QByteArray()),
             messageBytes("second"));
}

void TestPop3Download::quitUnansweredKeepsDeletionsForNextTime()
{
    const QList<OnServer> mail { { "uid-a", "first" } };
    auto *task = run(opening() + listings(mail) + retrieve(1, "first")
                         + QByteArrayList { "C: DELE 1", "S: +OK", "C: QUIT", "CLOSE" },
                     false);
    QVERIFY2(m_scriptFailure.isEmpty(), qPrintable(m_scriptFailure));
    QVERIFY(task->failed());
    QVERIFY(task->problem().willRetry);
    QVERIFY2(task->problem().message.contains(u"next time"_s),
             qPrintable(task->problem().message));
    QCOMPARE(task->downloaded(), 1);
    QCOMPARE(task->deletedFromServer(), 0);
    Pop3Ledger ledger(*m_cache);
    QVERIFY(!ledger.entry(accountId, u"uid-a"_s)->deletedFromServer);

    // The server never entered its UPDATE state: the message is still there, known (not
    // downloaded again) and deleted this time.
    task = run(opening() + listings(mail) + QByteArrayList { "C: DELE 1", "S: +OK" } + quit,
               false);
    VERIFY_SUCCESS(task);
    QCOMPARE(task->downloaded(), 0);
    QCOMPARE(task->deletedFromServer(), 1);
    QVERIFY(ledger.entry(accountId, u"uid-a"_s)->deletedFromServer);
    QCOMPARE(messageCount(), 1);
}

void TestPop3Download::refusedRetrieveSkipsOnlyThatMessage()
{
    auto *task = run(opening() + listings({ { "uid-a", "first" }, { "uid-b", "second" } })
                         + QByteArrayList { "C: RETR 1", "S: -ERR [SYS/TEMP] cannot read it" }
                         + retrieve(2, "second") + QByteArrayList { "C: DELE 2", "S: +OK" }
                         + quit,
                     false);
    QVERIFY2(m_scriptFailure.isEmpty(), qPrintable(m_scriptFailure));
    // Only the stored one is deleted; the refusal is reported, to be retried next time.
    QCOMPARE(task->deletedFromServer(), 1);
    QVERIFY2(task->problem().message.contains(u"cannot read it"_s),
             qPrintable(task->problem().message));
    QVERIFY(task->failed());
    QVERIFY(task->problem().willRetry);
    QCOMPARE(task->downloaded(), 1);
    QVERIFY(!Pop3Ledger(*m_cache).known(accountId, u"uid-a"_s));
    QVERIFY(Pop3Ledger(*m_cache).known(accountId, u"uid-b"_s));
}

void TestPop3Download::unparsableMessageIsStoredRaw()
{
    const QByteArray garbage = "\x01\x02 not a header at all\r\n\xff\xfe\r\n";
    auto *task = run(opening()
                     + QByteArrayList { "C: UIDL", "S: +OK", "S: 1 junk", "S: .", "C: LIST",
                                        "S: +OK", "S: 1 26", "S: .", "C: RETR 1", "S: +OK",
                                        "S: \\x01\\x02 not a header at all", "S: \\xff\\xfe",
                                        "S: ." }
                     + quit);
    VERIFY_SUCCESS(task);
    const QList<MessageSummary> messages = inbox();
    QCOMPARE(messages.size(), 1);
    QCOMPARE(BodyStore(*m_cache).body(messages.at(0).id).value_or(QByteArray()), garbage);
    QCOMPARE(messages.at(0).date, now); // no Date: the download time
}

void TestPop3Download::repeatedUidlDownloadedOnce()
{
    auto *task = run(opening() + listings({ { "uid-a", "first" }, { "uid-a", "second" } })
                     + retrieve(1, "first") + quit);
    VERIFY_SUCCESS(task);
    QCOMPARE(task->downloaded(), 1);
    QCOMPARE(messageCount(), 1);
}

void TestPop3Download::forgetsUidlsNoLongerOnServer()
{
    Pop3Ledger ledger(*m_cache);
    QVERIFY(!ledger.record(accountId, u"uid-gone"_s, 0, now.addDays(-1)));
    QVERIFY(!ledger.record(accountId, u"uid-a"_s, 0, now.addDays(-1)));
    VERIFY_SUCCESS(run(opening() + listings({ { "uid-a", "first" } }) + quit));
    QCOMPARE(ledger.knownUidls(accountId), QSet<QString>({ u"uid-a"_s }));
}

QTEST_GUILESS_MAIN(TestPop3Download)
#include "tst_pop3download.moc"
