// SPDX-License-Identifier: GPL-3.0-or-later
// The IMAP sync engine (ImapConnectTask + ImapAccountSyncTask) against a real magpie-server
// process (no CONDSTORE/QRESYNC there: the plain resync path): messages appended by another
// client are synced into a temporary cache with their fields; another client's deletes and
// flags show after a resync; a connection dropped inside a FETCH literal
// (--fault imap:UID-FETCH:drop-after-bytes:N) fails the pass as a network problem and the
// next pass ends with every message exactly once.
#include "EngineTestSupport.h"
#include "MagpieServerProcess.h"

#include "net/imap/AppendJob.h"
#include "net/imap/ExpungeJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/LoginJob.h"
#include "net/imap/SelectJob.h"
#include "net/imap/StoreJob.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/MessageStore.h"
#include "sync/ImapAccountSyncTask.h"
#include "sync/ImapConnectTask.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTimeZone>
#include <QTest>

#include <memory>

using namespace magpie;
using magpie::testing::MagpieServerProcess;
using magpie::testing::logText;
using magpie::testing::openSession;
using magpie::testing::runJob;
using namespace Qt::StringLiterals;

namespace {

const QString kAlice = u"alice@example.test"_s;
const QMap<QString, QString> kUsers { { kAlice, u"secret"_s } };

// Message `i`: a References field long enough that most of a FETCH response is literals.
QByteArray message(int i)
{
    QByteArray references;
    for (int r = 0; r < 12; ++r)
        references += " <thread-" + QByteArray::number(i) + '-' + QByteArray::number(r)
            + "@example.test>";
    return "From: Alice Example <alice@example.test>\r\n"
           "To: Bob <bob@example.test>\r\n"
           "Subject: Message "
        + QByteArray::number(i)
        + "\r\n"
          "Date: Mon, 01 Jan 2024 10:"
        + QByteArray::number(10 + i % 50)
        + ":00 +0000\r\n"
          "Message-ID: <msg-"
        + QByteArray::number(i)
        + "@example.test>\r\n"
          "References:"
        + references
        + "\r\n"
          "\r\n"
          "Body of message "
        + QByteArray::number(i) + "\r\n";
}

// What an account pass reports, run on a fresh connection.
struct Pass
{
    bool finished = false;
    bool failed = false;
    sync::SyncProblem problem;
    sync::ImapSyncStats stats;
    QString log;
};

class TestImapSyncLoopback : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void syncFillsTheCache();
    void anotherClientDeletesAndFlags();
    void droppedInsideFetchLiteralLosesNothing();

private:
    sync::AccountConfig account() const;
    Pass syncOnce(int timeoutMs = 30000);
    // Another client: alice logged in and INBOX selected.
    std::unique_ptr<imap::ImapSession> otherClient();
    QList<quint32> appendMessages(imap::ImapSession &session, int first, int count);
    std::optional<store::FolderRecord> inbox();

    std::unique_ptr<MagpieServerProcess> m_server;
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<store::MailCache> m_cache;
};

void TestImapSyncLoopback::init()
{
    m_cache.reset();
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<store::MailCache>();
    const store::StoreError error = m_cache->open(m_dir->filePath(u"cache.sqlite"_s));
    QVERIFY2(!error, qPrintable(error.message));
    m_server = std::make_unique<MagpieServerProcess>();
}

sync::AccountConfig TestImapSyncLoopback::account() const
{
    sync::AccountConfig config;
    config.id = u"loopback"_s;
    config.address = kAlice;
    config.incomingServer = m_server->endpoint(MagpieServerProcess::Service::Imaps);
    config.incomingUser = kAlice;
    return config;
}

Pass TestImapSyncLoopback::syncOnce(int timeoutMs)
{
    Pass pass;
    net::Credentials credentials;
    credentials.password = kUsers.value(kAlice);
    sync::ImapConnectTask connect(account(), credentials);
    QSignalSpy connected(&connect, &sync::SyncTask::finished);
    connect.start();
    if (connected.isEmpty() && !connected.wait(timeoutMs))
        return pass;
    if (connect.failed()) {
        pass.finished = true;
        pass.failed = true;
        pass.problem = connect.problem();
        return pass;
    }
    std::unique_ptr<imap::ImapSession> session = connect.takeSession();
    sync::ImapAccountSyncTask task(account(), session.get(), *m_cache);
    task.setPrefetch(false);
    QSignalSpy finished(&task, &sync::SyncTask::finished);
    task.start();
    pass.finished = !finished.isEmpty() || finished.wait(timeoutMs);
    pass.failed = task.failed();
    pass.problem = task.problem();
    pass.stats = task.stats();
    pass.log = logText(*session);
    return pass;
}

std::unique_ptr<imap::ImapSession> TestImapSyncLoopback::otherClient()
{
    auto session = std::make_unique<imap::ImapSession>();
    net::NetError closed;
    if (!openSession(*session, &closed, m_server->endpoint(MagpieServerProcess::Service::Imaps)))
        return {};
    net::Credentials credentials { kAlice, kUsers.value(kAlice), {}, {} };
    auto *login = new imap::LoginJob(session.get(), credentials);
    if (!runJob(login) || login->failed())
        return {};
    auto *select = new imap::SelectJob(session.get(), u"INBOX"_s);
    if (!runJob(select) || select->failed())
        return {};
    return session;
}

QList<quint32> TestImapSyncLoopback::appendMessages(imap::ImapSession &session, int first,
                                                    int count)
{
    QList<quint32> uids;
    for (int i = first; i < first + count; ++i) {
        auto *append = new imap::AppendJob(&session);
        append->setMailbox(u"INBOX"_s);
        append->setMessage(message(i));
        if (i % 3 == 0)
            append->setFlags({ "\\Seen" });
        if (!runJob(append) || append->failed())
            return {};
        uids.append(append->uid());
    }
    return uids;
}

std::optional<store::FolderRecord> TestImapSyncLoopback::inbox()
{
    return store::FolderStore(*m_cache).folderByRole(u"loopback"_s, store::FolderRole::Inbox);
}

void TestImapSyncLoopback::syncFillsTheCache()
{
    const QString problem = m_server->start(kUsers);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    auto other = otherClient();
    QVERIFY(other);
    const QList<quint32> uids = appendMessages(*other, 1, 30);
    QCOMPARE(uids.size(), 30);

    const Pass pass = syncOnce();
    QVERIFY(pass.finished);
    QVERIFY2(!pass.failed, qPrintable(pass.problem.message + u"\n"_s + pass.log));
    QCOMPARE(pass.stats.newMessages, 30);
    QVERIFY(pass.stats.folders >= 1);

    const auto folder = inbox();
    QVERIFY(folder);
    store::MessageStore messages(*m_cache);
    QCOMPARE(messages.uids(folder->id), uids);
    QVERIFY(folder->uidValidity > 0);
    QCOMPARE(folder->uidNext, uids.constLast() + 1);
    const auto third = messages.messageByUid(folder->id, uids.at(2));
    QVERIFY(third);
    QCOMPARE(third->subject, u"Message 3"_s);
    QCOMPARE(third->from.address, kAlice);
    QCOMPARE(third->from.name, u"Alice Example"_s);
    QCOMPARE(third->messageId, QByteArray("<msg-3@example.test>"));
    QCOMPARE(third->references.size(), 12);
    QCOMPARE(third->references.first(), QByteArray("<thread-3-0@example.test>"));
    QVERIFY(third->flags.has(store::MessageFlags::Seen));
    QVERIFY(!messages.messageByUid(folder->id, uids.at(3))->flags.has(store::MessageFlags::Seen));
    QCOMPARE(third->size, quint64(message(3).size()));
    QCOMPARE(third->date, QDateTime(QDate(2024, 1, 1), QTime(10, 13), Qt::UTC));
    // The folders of a new user are listed with their roles.
    QVERIFY(store::FolderStore(*m_cache).folderByRole(u"loopback"_s, store::FolderRole::Sent));

    // Nothing changed: a second pass adds nothing and removes nothing.
    const Pass again = syncOnce();
    QVERIFY2(!again.failed, qPrintable(again.problem.message));
    QCOMPARE(again.stats.newMessages, 0);
    QCOMPARE(again.stats.removedMessages, 0);
    QCOMPARE(messages.count(folder->id), 30);
}

void TestImapSyncLoopback::anotherClientDeletesAndFlags()
{
    const QString problem = m_server->start(kUsers);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    auto other = otherClient();
    QVERIFY(other);
    const QList<quint32> uids = appendMessages(*other, 1, 10);
    QCOMPARE(uids.size(), 10);
    const Pass first = syncOnce();
    QVERIFY2(!first.failed, qPrintable(first.problem.message + u"\n"_s + first.log));

    // Meanwhile: the other client flags one, deletes two (UID EXPUNGE, RFC 4315) and a new
    // message arrives.
    auto *flag = new imap::StoreJob(other.get());
    flag->setUids(imap::UidSet::fromUids({ uids.at(1) }));
    flag->setFlags(imap::StoreJob::Mode::Add, { "\\Flagged" });
    QVERIFY(runJob(flag) && !flag->failed());
    auto *unseen = new imap::StoreJob(other.get());
    unseen->setUids(imap::UidSet::fromUids({ uids.at(2) }));
    unseen->setFlags(imap::StoreJob::Mode::Remove, { "\\Seen" });
    QVERIFY(runJob(unseen) && !unseen->failed());
    const imap::UidSet gone = imap::UidSet::fromUids({ uids.at(4), uids.at(9) });
    auto *remove = new imap::StoreJob(other.get());
    remove->setUids(gone);
    remove->setFlags(imap::StoreJob::Mode::Add, { "\\Deleted" });
    QVERIFY(runJob(remove) && !remove->failed());
    auto *expunge = new imap::ExpungeJob(other.get());
    expunge->setUids(gone);
    QVERIFY2(runJob(expunge) && !expunge->failed(), qPrintable(expunge->errorString()));
    const QList<quint32> added = appendMessages(*other, 11, 1);
    QCOMPARE(added.size(), 1);

    const Pass second = syncOnce();
    QVERIFY2(!second.failed, qPrintable(second.problem.message + u"\n"_s + second.log));
    QCOMPARE(second.stats.newMessages, 1);
    QCOMPARE(second.stats.removedMessages, 2);
    QVERIFY(second.stats.flagChanges >= 2);

    const auto folder = inbox();
    QVERIFY(folder);
    store::MessageStore messages(*m_cache);
    QList<quint32> expected = uids;
    expected.removeAll(uids.at(4));
    expected.removeAll(uids.at(9));
    expected.append(added);
    QCOMPARE(messages.uids(folder->id), expected);
    QVERIFY(messages.messageByUid(folder->id, uids.at(1))->flags.has(store::MessageFlags::Flagged));
    QVERIFY(!messages.messageByUid(folder->id, uids.at(2))->flags.has(store::MessageFlags::Seen));
    QCOMPARE(messages.messageByUid(folder->id, added.first())->subject, u"Message 11"_s);
}

void TestImapSyncLoopback::droppedInsideFetchLiteralLosesNothing()
{
    // Each FETCH response is about 1 KB, most of it the References literal: 6000 bytes in is
    // inside the sixth or seventh message's literal.
    const QString problem =
        m_server->start(kUsers, { u"--fault"_s, u"imap:UID-FETCH:drop-after-bytes:6000"_s });
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
    auto other = otherClient();
    QVERIFY(other);
    const QList<quint32> uids = appendMessages(*other, 1, 40);
    QCOMPARE(uids.size(), 40);

    const Pass broken = syncOnce();
    QVERIFY(broken.finished);
    QVERIFY2(broken.failed, qPrintable(broken.log));
    QCOMPARE(broken.problem.kind, sync::SyncProblem::Kind::Network);
    QVERIFY(broken.problem.willRetry);
    QVERIFY2(m_server->log().contains(u"fault"_s), qPrintable(m_server->log()));
    const auto folder = inbox();
    QVERIFY(folder);
    store::MessageStore messages(*m_cache);
    const int kept = messages.count(folder->id);
    QVERIFY2(kept > 0 && kept < 40, qPrintable(QString::number(kept)));
    // What arrived before the drop was kept, each message complete.
    const QList<quint32> partial = messages.uids(folder->id);
    for (const quint32 uid : partial) {
        QVERIFY(uids.contains(uid));
        QCOMPARE(messages.messageByUid(folder->id, uid)->references.size(), 12);
    }

    const Pass resumed = syncOnce();
    QVERIFY2(!resumed.failed, qPrintable(resumed.problem.message + u"\n"_s + resumed.log));
    QCOMPARE(resumed.stats.newMessages, 40 - kept);
    QCOMPARE(messages.uids(folder->id), uids); // each once, none missing
    QCOMPARE(messages.count(folder->id), 40);
    QCOMPARE(store::FolderStore(*m_cache).folder(folder->id)->uidNext, uids.constLast() + 1);
}

} // namespace

QTEST_GUILESS_MAIN(TestImapSyncLoopback)
#include "tst_imapsync_loopback.moc"
