// SPDX-License-Identifier: GPL-3.0-or-later
// The periodic resync of a client that stays connected, against a real Dovecot
// (../shared/interop/dovecot.sh), with QRESYNC and with CONDSTORE only: account passes on one
// session ask for every folder's STATUS with the LIST (LIST-STATUS, RFC 5819) once the
// connection has had its first pass, skip unchanged folders without a SELECT, and poll the
// still-selected folder with NOOP. Another client (Python's imaplib) flags, expunges and
// delivers between passes, and each pass must see it; with nothing changed a pass sends no
// SELECT. A folder sync alone on the still-selected folder hears a change in its NOOP and
// brings it in.
#include "DovecotServer.h"
#include "EngineTestSupport.h"
#include "OtherImapClient.h"

#include "net/imap/ImapJob.h"
#include "net/imap/ImapSession.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "sync/ImapAccountSyncTask.h"
#include "sync/ImapConnectTask.h"
#include "sync/ImapFolderSyncTask.h"

#include <QSignalSpy>
#include <QSslCertificate>
#include <QTemporaryDir>
#include <QTest>

#include <memory>

using namespace magpie;
using magpie::testing::DovecotServer;
using magpie::testing::logText;
using magpie::testing::runOtherImapClient;
using namespace Qt::StringLiterals;

namespace {

const QString kUser = u"erin@example.test"_s;
const QString kPassword = u"resync secret"_s;


} // namespace

class TestDovecotResync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void connectedClientResyncs_data();
    void connectedClientResyncs();

private:
    sync::AccountConfig account(bool qresync) const;
    QList<QList<quint32>> other(const QStringList &steps);

    DovecotServer m_dovecot;
};

void TestDovecotResync::initTestCase()
{
    const QString problem = m_dovecot.start(kUser, kPassword);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

sync::AccountConfig TestDovecotResync::account(bool qresync) const
{
    sync::AccountConfig config;
    config.id = qresync ? u"resync-qresync"_s : u"resync-condstore"_s;
    config.address = kUser;
    config.incomingServer.host = u"127.0.0.1"_s;
    config.incomingServer.port = m_dovecot.imapsPort();
    config.incomingServer.security = net::ServerEndpoint::Security::ImplicitTls;
    config.incomingServer.extraCaCertificates =
        QSslCertificate::fromPath(m_dovecot.certificatePath());
    config.incomingServer.connectTimeoutMs = 5000;
    config.incomingServer.readTimeoutMs = 15000;
    config.incomingUser = kUser;
    config.useQresync = qresync;
    config.useCondstore = true;
    config.useIdle = false;
    return config;
}

QList<QList<quint32>> TestDovecotResync::other(const QStringList &steps)
{
    QString failure;
    const QList<QList<quint32>> lists =
        runOtherImapClient(m_dovecot.imapPort(), kUser, kPassword, steps, &failure);
    [&] { QVERIFY2(failure.isEmpty(), qPrintable(failure)); }();
    return lists;
}

void TestDovecotResync::connectedClientResyncs_data()
{
    QTest::addColumn<bool>("qresync");
    QTest::newRow("QRESYNC") << true;
    QTest::newRow("CONDSTORE") << false;
}

void TestDovecotResync::connectedClientResyncs()
{
    QFETCH(bool, qresync);
    const QString mode = qresync ? u"q"_s : u"c"_s;
    const QString quiet = u"Quiet-"_s + mode; // never changes
    const QString busy = u"Zbusy-"_s + mode;
    other({ u"create:"_s + quiet, u"create:"_s + busy, u"append:%1,1,5"_s.arg(quiet),
            u"append:%1,1,30"_s.arg(busy) });
    if (QTest::currentTestFailed())
        return;
    QTemporaryDir dir;
    store::MailCache cache;
    QVERIFY(!cache.open(dir.filePath(u"cache.sqlite"_s)));
    const sync::AccountConfig config = account(qresync);
    net::Credentials credentials;
    credentials.password = kPassword;
    sync::ImapConnectTask connect(config, credentials);
    QSignalSpy connected(&connect, &sync::SyncTask::finished);
    connect.start();
    QVERIFY(!connected.isEmpty() || connected.wait(20000));
    QVERIFY2(!connect.failed(), qPrintable(connect.problem().message));
    const std::unique_ptr<imap::ImapSession> session = connect.takeSession();
    QVERIFY(session->log());
    session->log()->setEnabled(true);

    // One account pass on the open session: its stats and what it sent.
    qsizetype logStart = 0;
    const auto pass = [&](sync::ImapSyncStats *stats, QString *log) {
        sync::ImapAccountSyncTask task(config, session.get(), cache);
        task.setPrefetch(false);
        QSignalSpy finished(&task, &sync::SyncTask::finished);
        task.start();
        QVERIFY(!finished.isEmpty() || finished.wait(30000));
        QVERIFY2(!task.failed(), qPrintable(task.problem().message));
        *stats = task.stats();
        const QString all = logText(*session);
        *log = all.mid(logStart);
        logStart = all.size();
    };
    sync::ImapSyncStats stats;
    QString log;

    pass(&stats, &log); // the first: everything fetched, every folder SELECTed
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY2(log.contains(u"SELECT "_s + busy), qPrintable(log));
    QVERIFY2(!log.contains(u"STATUS ("_s), qPrintable(log)); // first pass: a plain LIST
    const auto busyRecord = store::FolderStore(cache).folderByPath(config.id, busy);
    const auto quietRecord = store::FolderStore(cache).folderByPath(config.id, quiet);
    QVERIFY(busyRecord && quietRecord);
    const qint64 busyId = busyRecord->id;
    store::MessageStore messages(cache);
    // (The other row's folders are in the same account, so the pass counts those too.)
    QCOMPARE(messages.count(busyId), 30);
    QCOMPARE(messages.count(quietRecord->id), 5);

    // Nothing changed: one LIST with STATUS and a NOOP for the selected folder, no SELECT.
    pass(&stats, &log);
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY2(log.contains(u"STATUS (MESSAGES UIDNEXT UIDVALIDITY HIGHESTMODSEQ)"_s), qPrintable(log));
    QVERIFY2(log.contains(u"NOOP"_s), qPrintable(log));
    QVERIFY2(!log.contains(u"SELECT"_s), qPrintable(log));
    QCOMPARE(stats.newMessages + stats.removedMessages + stats.flagChanges, 0);

    // A flag changed in the selected folder.
    other({ u"select:"_s + busy, u"flag:3"_s });
    pass(&stats, &log);
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(stats.flagChanges, 1);
    QVERIFY(messages.messageByUid(busyId, 3)->flags.has(store::MessageFlags::Flagged));
    QVERIFY2(!log.contains(u"SELECT "_s + quiet), qPrintable(log));

    // Two expunged, then two delivered.
    other({ u"select:"_s + busy, u"expunge:4:5"_s });
    pass(&stats, &log);
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(stats.removedMessages, 2);
    other({ u"append:%1,31,32"_s.arg(busy) });
    pass(&stats, &log);
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(stats.newMessages, 2);
    QCOMPARE(messages.messageByUid(busyId, 32)->subject, u"Message 32"_s);

    // Quiet again: no SELECT (the pass above may have left either folder selected).
    pass(&stats, &log);
    QVERIFY(!QTest::currentTestFailed());
    QVERIFY2(!log.contains(u"SELECT"_s), qPrintable(log));
    QCOMPARE(stats.newMessages + stats.removedMessages + stats.flagChanges, 0);

    // Every pass ended on INBOX, the folder where mail arrives.
    QCOMPARE(session->selectedMailbox(), u"INBOX"_s);

    // The folder sync alone: once to select the busy folder, then again after another client
    // flagged a message: its NOOP hears the change, and the SELECT after it brings it in.
    const auto folderPass = [&](sync::ImapSyncStats *done) {
        sync::ImapFolderSyncTask folderSync(config, session.get(), cache, busyId);
        QSignalSpy folderDone(&folderSync, &sync::SyncTask::finished);
        folderSync.start();
        QVERIFY(!folderDone.isEmpty() || folderDone.wait(30000));
        QVERIFY2(!folderSync.failed(), qPrintable(folderSync.problem().message));
        *done = folderSync.stats();
    };
    folderPass(&stats);
    QVERIFY(!QTest::currentTestFailed());
    QCOMPARE(session->selectedMailbox(), busy);
    logStart = logText(*session).size();
    other({ u"select:"_s + busy, u"flag:7"_s });
    folderPass(&stats);
    QVERIFY(!QTest::currentTestFailed());
    log = logText(*session).mid(logStart);
    QVERIFY2(log.contains(u"NOOP"_s), qPrintable(log));
    QCOMPARE(stats.flagChanges, 1);
    QVERIFY(messages.messageByUid(busyId, 7)->flags.has(store::MessageFlags::Flagged));

    const QList<QList<quint32>> server = other({ u"select:"_s + busy, u"uids"_s });
    QCOMPARE(server.size(), 1);
    QCOMPARE(messages.uids(busyId), server.first());
}

QTEST_GUILESS_MAIN(TestDovecotResync)
#include "tst_dovecot_resync.moc"
