// SPDX-License-Identifier: GPL-3.0-or-later
// The IMAP sync engine against a real Dovecot (../shared/interop/dovecot.sh), once with
// QRESYNC, once with CONDSTORE only and once with neither (AccountConfig's switches): the first
// sync fills the cache; another client (Python's imaplib) flags, deletes and delivers, and the
// resync reflects it by the path the mode calls for (SELECT ... QRESYNC, CHANGEDSINCE, or all
// flags + UID SEARCH ALL); then the folder is deleted and created again, so its UIDVALIDITY
// changes, and the cache is reset and refilled without a duplicate.
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

const QString kUser = u"dana@example.test"_s;
const QString kPassword = u"sync secret"_s;


struct Pass
{
    bool finished = false;
    bool failed = false;
    sync::SyncProblem problem;
    sync::ImapSyncStats stats;
    QString log;
};

} // namespace

class TestDovecotSync : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void syncsAndResyncs_data();
    void syncsAndResyncs();

private:
    sync::AccountConfig account(const QString &mode) const;
    Pass syncOnce(const sync::AccountConfig &account, store::MailCache &cache,
                  const QString &folder);
    // Runs the other client; the UID lists it printed. Fails the test on an error.
    QList<QList<quint32>> other(const QStringList &steps);

    DovecotServer m_dovecot;
};

void TestDovecotSync::initTestCase()
{
    const QString problem = m_dovecot.start(kUser, kPassword);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

sync::AccountConfig TestDovecotSync::account(const QString &mode) const
{
    sync::AccountConfig config;
    config.id = u"dovecot-"_s + mode;
    config.address = kUser;
    config.incomingServer.host = u"127.0.0.1"_s;
    config.incomingServer.port = m_dovecot.imapsPort();
    config.incomingServer.security = net::ServerEndpoint::Security::ImplicitTls;
    config.incomingServer.extraCaCertificates =
        QSslCertificate::fromPath(m_dovecot.certificatePath());
    config.incomingServer.connectTimeoutMs = 5000;
    config.incomingServer.readTimeoutMs = 15000;
    config.incomingUser = kUser;
    config.useQresync = mode == u"qresync"_s;
    config.useCondstore = mode != u"plain"_s;
    return config;
}

Pass TestDovecotSync::syncOnce(const sync::AccountConfig &account, store::MailCache &cache,
                               const QString &folder)
{
    Pass pass;
    net::Credentials credentials;
    credentials.password = kPassword;
    sync::ImapConnectTask connect(account, credentials);
    QSignalSpy connected(&connect, &sync::SyncTask::finished);
    connect.start();
    if (connected.isEmpty() && !connected.wait(20000))
        return pass;
    if (connect.failed()) {
        pass.finished = pass.failed = true;
        pass.problem = connect.problem();
        return pass;
    }
    std::unique_ptr<imap::ImapSession> session = connect.takeSession();
    sync::ImapAccountSyncTask task(account, session.get(), cache);
    task.setPrefetch(false);
    task.setOnlyFolder(folder);
    QSignalSpy finished(&task, &sync::SyncTask::finished);
    task.start();
    pass.finished = !finished.isEmpty() || finished.wait(30000);
    pass.failed = task.failed();
    pass.problem = task.problem();
    pass.stats = task.stats();
    pass.log = logText(*session);
    return pass;
}

QList<QList<quint32>> TestDovecotSync::other(const QStringList &steps)
{
    QString failure;
    const QList<QList<quint32>> lists =
        runOtherImapClient(m_dovecot.imapPort(), kUser, kPassword, steps, &failure);
    [&] { QVERIFY2(failure.isEmpty(), qPrintable(failure)); }();
    return lists;
}

void TestDovecotSync::syncsAndResyncs_data()
{
    QTest::addColumn<QString>("mode");
    QTest::addColumn<QString>("resyncMark"); // what the protocol log of the resync must show
    QTest::addColumn<QStringList>("notInResync");
    // QRESYNC: the SELECT answers flags and expunges, so no flag FETCH and no SEARCH ALL.
    QTest::newRow("QRESYNC") << u"qresync"_s << u"(QRESYNC ("_s
                             << QStringList { u"COUNT) ALL"_s, u"UID SEARCH ALL"_s,
                                              u"(UID FLAGS)"_s };
    QTest::newRow("CONDSTORE") << u"condstore"_s << u"(UID FLAGS) (CHANGEDSINCE "_s
                               << QStringList { u"(QRESYNC"_s };
    QTest::newRow("neither") << u"plain"_s << u"(UID FLAGS)"_s
                             << QStringList { u"CHANGEDSINCE"_s, u"(QRESYNC"_s };
}

void TestDovecotSync::syncsAndResyncs()
{
    QFETCH(QString, mode);
    QFETCH(QString, resyncMark);
    QFETCH(QStringList, notInResync);
    const QString folder = u"Sync-"_s + mode;
    const int initial = 60;
    other({ u"create:"_s + folder, u"append:%1,1,%2"_s.arg(folder).arg(initial) });
    if (QTest::currentTestFailed())
        return;
    QTemporaryDir dir;
    store::MailCache cache;
    QVERIFY(!cache.open(dir.filePath(u"cache.sqlite"_s)));
    const sync::AccountConfig config = account(mode);

    // First sync: everything, in batches (60 with the default batch of 500: one batch).
    const Pass first = syncOnce(config, cache, folder);
    QVERIFY(first.finished);
    QVERIFY2(!first.failed, qPrintable(first.problem.message + u"\n"_s + first.log));
    QCOMPARE(first.stats.newMessages, initial);
    const auto record = store::FolderStore(cache).folderByPath(config.id, folder);
    QVERIFY(record);
    store::MessageStore messages(cache);
    QCOMPARE(messages.count(record->id), initial);
    QCOMPARE(messages.messageByUid(record->id, 7)->subject, u"Message 7"_s);
    const bool modSeqs = mode != u"plain"_s;
    QCOMPARE(store::FolderStore(cache).folder(record->id)->highestModSeq > 0, modSeqs);
    QVERIFY2(first.log.contains(u"ENABLE QRESYNC"_s) == (mode == u"qresync"_s),
             qPrintable(first.log));

    // Another client flags 3 and 4, reads 5, deletes 10 and 11:20, and two messages arrive.
    other({ u"select:"_s + folder, u"flag:3:4"_s, u"seen:5"_s, u"expunge:10,11:20"_s,
            u"append:%1,61,62"_s.arg(folder) });
    const Pass second = syncOnce(config, cache, folder);
    QVERIFY2(!second.failed, qPrintable(second.problem.message + u"\n"_s + second.log));
    QVERIFY2(second.log.contains(resyncMark), qPrintable(second.log));
    for (const QString &absent : std::as_const(notInResync))
        QVERIFY2(!second.log.contains(absent), qPrintable(absent + u"\n"_s + second.log));
    QCOMPARE(second.stats.newMessages, 2);
    QCOMPARE(second.stats.removedMessages, 11);
    QCOMPARE(second.stats.flagChanges, 3);
    const QList<QList<quint32>> server = other({ u"select:"_s + folder, u"uids"_s });
    QCOMPARE(server.size(), 1);
    QCOMPARE(messages.uids(record->id), server.first());
    QVERIFY(messages.messageByUid(record->id, 3)->flags.has(store::MessageFlags::Flagged));
    QVERIFY(messages.messageByUid(record->id, 4)->flags.has(store::MessageFlags::Flagged));
    QVERIFY(messages.messageByUid(record->id, 5)->flags.has(store::MessageFlags::Seen));
    QVERIFY(!messages.messageByUid(record->id, 10));
    QCOMPARE(messages.messageByUid(record->id, 62)->subject, u"Message 62"_s);

    // Nothing changed: nothing fetched, nothing removed; with QRESYNC only the SELECT.
    const Pass unchanged = syncOnce(config, cache, folder);
    QVERIFY2(!unchanged.failed, qPrintable(unchanged.problem.message));
    QCOMPARE(unchanged.stats.newMessages, 0);
    QCOMPARE(unchanged.stats.removedMessages, 0);
    QCOMPARE(unchanged.stats.flagChanges, 0);
    if (mode == u"qresync"_s) {
        const qsizetype select = unchanged.log.indexOf(u"SELECT "_s + folder);
        QVERIFY(select >= 0);
        QVERIFY2(!unchanged.log.mid(select).contains(u"UID "_s), qPrintable(unchanged.log));
    }

    // The folder is deleted and made again: a new UIDVALIDITY (RFC 3501 s2.3.1.1).
    const quint32 oldValidity = store::FolderStore(cache).folder(record->id)->uidValidity;
    other({ u"delete:"_s + folder, u"create:"_s + folder, u"append:%1,500,519"_s.arg(folder) });
    QSignalSpy reset(&cache, &store::MailCache::folderReset);
    const Pass third = syncOnce(config, cache, folder);
    QVERIFY2(!third.failed, qPrintable(third.problem.message + u"\n"_s + third.log));
    const auto after = store::FolderStore(cache).folderByPath(config.id, folder);
    QVERIFY(after);
    QVERIFY(after->uidValidity != oldValidity);
    if (after->id == record->id)
        QCOMPARE(reset.size(), 1);
    QCOMPARE(messages.count(after->id), 20);
    const QList<QList<quint32>> refilled = other({ u"select:"_s + folder, u"uids"_s });
    QCOMPARE(messages.uids(after->id), refilled.first());
    QCOMPARE(messages.messageByUid(after->id, refilled.first().first())->subject, u"Message 500"_s);
}

QTEST_GUILESS_MAIN(TestDovecotSync)
#include "tst_dovecot_sync.moc"
