// SPDX-License-Identifier: GPL-3.0-or-later
// Pop3DownloadTask against a real Dovecot POP3 server (../shared/interop/dovecot.sh), with
// STLS and implicit TLS: messages placed in the Maildir are downloaded byte for byte, once;
// a rerun and a later delivery add only what is new; "leave on server" off and "delete after
// N days" remove from the server only after QUIT, and the ledger then forgets them.
#include "DovecotServer.h"
#include "store/BodyStore.h"
#include "store/MailCache.h"
#include "store/Pop3Ledger.h"
#include "sync/Pop3DownloadTask.h"

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QSignalSpy>
#include <QSqlQuery>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

using magpie::net::Credentials;
using magpie::net::ServerEndpoint;
using magpie::store::BodyStore;
using magpie::store::MailCache;
using magpie::store::Pop3Ledger;
using magpie::sync::AccountConfig;
using magpie::sync::Pop3DownloadTask;
using magpie::testing::DovecotServer;
using namespace Qt::StringLiterals;

Q_DECLARE_METATYPE(ServerEndpoint::Security)

namespace {

const QString kUser = u"dora@example.test"_s;
const QString kPassword = u"pop-download"_s;
const QString kAccount = u"dora-pop"_s;

QByteArray sample(int n)
{
    QByteArray message = "From: Alice <alice@example.test>\r\nTo: dora@example.test\r\nSubject: "
                         "Sample "
        + QByteArray::number(n) + "\r\nMessage-ID: <sample." + QByteArray::number(n)
        + "@example.test>\r\nDate: Mon, 20 May 2024 10:00:00 +0000\r\n\r\nHello.\r\n..dotted\r\n";
    if (n % 3 == 0) { // a larger one, many reads
        for (int i = 0; i < 2000; ++i)
            message += "." + QByteArray::number(i) + " a line of a longer message\r\n";
    }
    return message;
}

} // namespace

class TestDovecotPop3Download : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();
    void downloadsOnce_data();
    void downloadsOnce();
    void leaveOnServerOff();
    void deleteAfterDays();

private:
    void resetMaildir();
    void place(int n); // message n into the Maildir's new/, as a delivery would
    int serverCount() const;
    Pop3DownloadTask *download(ServerEndpoint::Security security, bool leaveOnServer = true,
                               int deleteAfterDays = 0,
                               const QDateTime &now = QDateTime::currentDateTimeUtc());
    QMap<QByteArray, QByteArray> cached(); // Message-ID -> body

    DovecotServer m_dovecot;
    QMap<QByteArray, QByteArray> m_placed; // Message-ID -> bytes
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MailCache> m_cache;
    std::unique_ptr<Pop3DownloadTask> m_task;
};

void TestDovecotPop3Download::initTestCase()
{
    const QString problem = m_dovecot.start(kUser, kPassword);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestDovecotPop3Download::init()
{
    resetMaildir();
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<MailCache>();
    const auto error = m_cache->open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(!error, qPrintable(error.message));
}

void TestDovecotPop3Download::cleanup()
{
    m_task.reset();
    m_cache.reset();
    m_dir.reset();
}

void TestDovecotPop3Download::resetMaildir()
{
    QDir maildir(m_dovecot.mailDirectory(kUser));
    // Dovecot's index would remember an earlier test's messages: start afresh.
    maildir.removeRecursively();
    for (const char *sub : { "cur", "new", "tmp" })
        QVERIFY(maildir.mkpath(QString::fromLatin1(sub)));
    m_placed.clear();
}

void TestDovecotPop3Download::place(int n)
{
    QDir maildir(m_dovecot.mailDirectory(kUser));
    const QByteArray bytes = sample(n);
    // Written in tmp/ and renamed into new/ (the Maildir way), names in delivery order.
    const QString name = u"%1.M%2P1.magpie-test"_s.arg(1700000000 + n).arg(n);
    QFile file(maildir.filePath(u"tmp/"_s + name));
    QVERIFY(file.open(QIODevice::WriteOnly));
    QCOMPARE(file.write(bytes), bytes.size());
    file.close();
    QVERIFY(QFile::rename(file.fileName(), maildir.filePath(u"new/"_s + name)));
    m_placed.insert("<sample." + QByteArray::number(n) + "@example.test>", bytes);
    QProcess chown;
    chown.start(u"chown"_s, { u"-R"_s, u"dovecot:dovecot"_s, m_dovecot.directory() + u"/mail"_s });
    QVERIFY(chown.waitForFinished(10000));
    QCOMPARE(chown.exitCode(), 0);
}

int TestDovecotPop3Download::serverCount() const
{
    QDir maildir(m_dovecot.mailDirectory(kUser));
    return int(QDir(maildir.filePath(u"new"_s)).entryList(QDir::Files).size()
               + QDir(maildir.filePath(u"cur"_s)).entryList(QDir::Files).size());
}

Pop3DownloadTask *TestDovecotPop3Download::download(ServerEndpoint::Security security,
                                                    bool leaveOnServer, int deleteAfterDays,
                                                    const QDateTime &now)
{
    ServerEndpoint endpoint;
    endpoint.host = u"127.0.0.1"_s;
    endpoint.security = security;
    endpoint.port = security == ServerEndpoint::Security::ImplicitTls ? m_dovecot.pop3sPort()
                                                                      : m_dovecot.pop3Port();
    endpoint.extraCaCertificates = QSslCertificate::fromPath(m_dovecot.certificatePath());
    endpoint.connectTimeoutMs = 5000;
    endpoint.readTimeoutMs = 10000;
    AccountConfig account;
    account.id = kAccount;
    account.incoming = AccountConfig::Incoming::Pop3;
    account.incomingServer = endpoint;
    account.incomingUser = kUser;
    account.pop3LeaveOnServer = leaveOnServer;
    account.pop3DeleteAfterDays = deleteAfterDays;
    Credentials credentials;
    credentials.user = kUser;
    credentials.password = kPassword;

    m_task.reset();
    m_task = std::make_unique<Pop3DownloadTask>(account, credentials, *m_cache);
    m_task->setClock([now] { return now; });
    QSignalSpy finished(m_task.get(), &Pop3DownloadTask::finished);
    m_task->start();
    if (!finished.wait(20000))
        qWarning("the download did not finish");
    return m_task.get();
}

QMap<QByteArray, QByteArray> TestDovecotPop3Download::cached()
{
    QMap<QByteArray, QByteArray> bodies;
    QSqlQuery query(m_cache->connection());
    query.exec(u"SELECT m.message_id, b.raw FROM messages m LEFT JOIN bodies b"
               " ON b.message_id = m.id"_s);
    while (query.next()) {
        const QByteArray id = query.value(0).toByteArray();
        if (bodies.contains(id))
            bodies.insert(id + " (again)", query.value(1).toByteArray()); // fails the compare
        else
            bodies.insert(id, query.value(1).toByteArray());
    }
    return bodies;
}

#define VERIFY_DONE(task)                                                                     \
    QVERIFY2((task)->isFinished() && !(task)->failed(), qPrintable((task)->problem().message))

void TestDovecotPop3Download::downloadsOnce_data()
{
    QTest::addColumn<ServerEndpoint::Security>("security");
    QTest::newRow("STLS") << ServerEndpoint::Security::StartTls;
    QTest::newRow("implicit TLS") << ServerEndpoint::Security::ImplicitTls;
}

void TestDovecotPop3Download::downloadsOnce()
{
    QFETCH(ServerEndpoint::Security, security);
    for (int n = 1; n <= 4; ++n)
        place(n);
    auto *task = download(security);
    VERIFY_DONE(task);
    QCOMPARE(task->downloaded(), 4);
    qint64 total = 0;
    for (const QByteArray &bytes : std::as_const(m_placed))
        total += bytes.size();
    QCOMPARE(task->bytes(), total);
    QCOMPARE(cached(), m_placed); // byte for byte, each once

    task = download(security);
    VERIFY_DONE(task);
    QCOMPARE(task->downloaded(), 0);

    place(5);
    task = download(security);
    VERIFY_DONE(task);
    QCOMPARE(task->downloaded(), 1);
    QCOMPARE(cached(), m_placed);
    QCOMPARE(Pop3Ledger(*m_cache).count(kAccount), 5);
    QCOMPARE(serverCount(), 5); // left on the server
}

void TestDovecotPop3Download::leaveOnServerOff()
{
    for (int n = 1; n <= 3; ++n)
        place(n);
    auto *task = download(ServerEndpoint::Security::StartTls, false);
    VERIFY_DONE(task);
    QCOMPARE(task->downloaded(), 3);
    QCOMPARE(task->deletedFromServer(), 3);
    QCOMPARE(serverCount(), 0);
    QCOMPARE(cached(), m_placed);

    place(4);
    task = download(ServerEndpoint::Security::StartTls, false);
    VERIFY_DONE(task);
    QCOMPARE(task->downloaded(), 1);
    QCOMPARE(task->deletedFromServer(), 1);
    QCOMPARE(serverCount(), 0);
    QCOMPARE(cached(), m_placed);
    // Only the last one is still in the ledger: the first three were listed no more.
    QCOMPARE(Pop3Ledger(*m_cache).count(kAccount), 1);
}

void TestDovecotPop3Download::deleteAfterDays()
{
    const QDateTime day0 = QDateTime::currentDateTimeUtc();
    place(1);
    place(2);
    auto *task = download(ServerEndpoint::Security::StartTls, true, 7, day0);
    VERIFY_DONE(task);
    QCOMPARE(task->downloaded(), 2);
    QCOMPARE(task->deletedFromServer(), 0);
    place(3);
    task = download(ServerEndpoint::Security::StartTls, true, 7, day0.addDays(3));
    VERIFY_DONE(task);
    QCOMPARE(task->downloaded(), 1);
    QCOMPARE(task->deletedFromServer(), 0);
    QCOMPARE(serverCount(), 3);

    // A week after the first download: those two go, the third stays.
    task = download(ServerEndpoint::Security::StartTls, true, 7, day0.addDays(7));
    VERIFY_DONE(task);
    QCOMPARE(task->downloaded(), 0);
    QCOMPARE(task->deletedFromServer(), 2);
    QCOMPARE(serverCount(), 1);
    QCOMPARE(cached(), m_placed);
}

QTEST_GUILESS_MAIN(TestDovecotPop3Download)
#include "tst_dovecot_pop3download.moc"
