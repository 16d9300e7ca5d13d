// SPDX-License-Identifier: GPL-3.0-or-later
// Offline operations against a real magpie-server process (docs/server.md): changes made with
// no connection are replayed after connecting and the server shows them; with the server's
// fault hooks the connection drops mid-APPEND, right around a MOVE and mid-FETCH literal, and
// after a second pass no message is lost and none is duplicated (counted by Message-ID on the
// server and in the cache).
//
// magpie-server always offers MOVE, so the COPY -> STORE -> UID EXPUNGE path is covered by the
// scripted tests (tst_operationreplay); here the drop around the move is on MOVE itself, both
// after its reply and before it (the server moved the message, the client never heard).
#include "../../unit/sync/OfflineFixture.h"
#include "EngineTestSupport.h"
#include "MagpieServerProcess.h"

#include "net/imap/AppendJob.h"
#include "net/imap/FetchJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/LoginJob.h"
#include "net/imap/SelectJob.h"
#include "store/BodyStore.h"
#include "sync/BodyFetchTask.h"
#include "sync/LocalOperations.h"
#include "sync/MessageIdSearchJob.h"
#include "sync/OperationReplayTask.h"

#include <QSignalSpy>
#include <QTest>

#include <memory>

using magpie::imap::ImapSession;
using magpie::store::FolderRole;
using magpie::store::LocalState;
using magpie::store::MessageFlags;
using magpie::sync::LocalOperations;
using magpie::sync::OperationReplayTask;
using magpie::testing::MagpieServerProcess;
using magpie::testing::openSession;
using magpie::testing::runJob;
using magpie::test::OfflineFixture;

namespace {

const QString kAlice = QStringLiteral("alice@example.test");
const QMap<QString, QString> kUsers { { kAlice, QStringLiteral("secret") } };

// An IMAP session to the server, logged in as alice (STARTTLS, trusting its certificate).
std::unique_ptr<ImapSession> connectAlice(MagpieServerProcess &server)
{
    auto session = std::make_unique<ImapSession>();
    if (!openSession(*session, nullptr, server.endpoint(MagpieServerProcess::Service::Imap)))
        return nullptr;
    auto *login = new magpie::imap::LoginJob(
        session.get(), magpie::net::Credentials { kAlice, kUsers.value(kAlice), {}, {} });
    if (!runJob(login) || login->failed())
        return nullptr;
    return session;
}

// How many messages with this Message-ID the mailbox holds on the server (another session).
int countOnServer(MagpieServerProcess &server, const QString &mailbox, const QByteArray &id)
{
    const std::unique_ptr<ImapSession> session = connectAlice(server);
    if (!session)
        return -1;
    auto *select = new magpie::imap::SelectJob(session.get(), mailbox);
    if (!runJob(select) || select->failed())
        return -1;
    auto *search = new magpie::sync::MessageIdSearchJob(session.get(), id);
    if (!runJob(search) || search->failed())
        return -1;
    return int(search->uids().count());
}

// How many visible rows of the account carry this Message-ID in one folder of the cache.
int countInCache(OfflineFixture &cache, qint64 folderId, const QByteArray &id)
{
    int count = 0;
    const QList<magpie::store::MessageSummary> rows =
        magpie::store::MessageStore(cache.cache).messagesWithMessageId(cache.account,
                                                                        '<' + id + '>');
    for (const magpie::store::MessageSummary &row : rows) {
        if (row.folderId == folderId && row.localState != LocalState::PendingRemoval)
            ++count;
    }
    return count;
}

bool finish(magpie::sync::SyncTask &task)
{
    QSignalSpy finished(&task, &magpie::sync::SyncTask::finished);
    task.start();
    return !finished.isEmpty() || finished.wait(20000);
}

} // namespace

class TestOfflineLoopback : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void changesMadeOfflineReachTheServer();
    void draftUploadDroppedMidAppend();
    void moveDroppedAroundMove_data();
    void moveDroppedAroundMove();
    void bodyFetchDroppedMidLiteral();

private:
    // Starts the server with `faults`, APPENDs `count` messages to INBOX (as another client
    // would have delivered them) and caches them as a sync would have. Returns the ids.
    bool startWith(int count, const QStringList &faults = {}, QList<qint64> *ids = nullptr);
    bool replayOnce(bool expectSuccess);

    std::unique_ptr<MagpieServerProcess> m_server;
    std::unique_ptr<OfflineFixture> m_cache;
    QList<QByteArray> m_messageIds;
};

void TestOfflineLoopback::init()
{
    m_server = std::make_unique<MagpieServerProcess>();
    m_cache = std::make_unique<OfflineFixture>();
    m_messageIds.clear();
}

void TestOfflineLoopback::cleanup()
{
    m_cache.reset();
    m_server.reset();
}

bool TestOfflineLoopback::startWith(int count, const QStringList &faults, QList<qint64> *ids)
{
    QStringList arguments;
    for (const QString &fault : faults)
        arguments << QStringLiteral("--fault") << fault;
    const QString started = m_server->start(kUsers, arguments);
    if (!started.isEmpty()) {
        qWarning("%s", qPrintable(started));
        return false;
    }
    const std::unique_ptr<ImapSession> session = connectAlice(*m_server);
    if (!session)
        return false;
    // The cache's folders with the server's UIDVALIDITY each, as a sync would have stored.
    m_cache->account = QStringLiteral("acct");
    if (m_cache->cache.open(m_cache->dir.filePath(QStringLiteral("cache.sqlite"))))
        return false;
    const QList<std::pair<QString, FolderRole>> folders { { QStringLiteral("INBOX"), FolderRole::Inbox },
                                                          { QStringLiteral("Archive"), FolderRole::Archive },
                                                          { QStringLiteral("Trash"), FolderRole::Trash },
                                                          { QStringLiteral("Drafts"), FolderRole::Drafts } };
    for (const auto &folder : folders) {
        auto *select = new magpie::imap::SelectJob(session.get(), folder.first);
        if (!runJob(select) || select->failed())
            return false;
        const qint64 id = m_cache->addFolder(folder.first, folder.second,
                                             select->mailbox().uidValidity.value_or(0));
        if (folder.second == FolderRole::Inbox)
            m_cache->inbox = id;
        else if (folder.second == FolderRole::Archive)
            m_cache->archive = id;
        else if (folder.second == FolderRole::Trash)
            m_cache->trash = id;
        else
            m_cache->drafts = id;
    }
    for (int i = 0; i < count; ++i) {
        const QByteArray messageId = "offline." + QByteArray::number(i) + "@example.test";
        auto *append = new magpie::imap::AppendJob(session.get());
        append->setMailbox(QStringLiteral("INBOX"));
        append->setMessage(OfflineFixture::rawMessage(messageId, "Message " + QByteArray::number(i)));
        if (!runJob(append) || append->failed() || append->uid() == 0)
            return false;
        m_messageIds.append(messageId);
        const qint64 id = m_cache->addMessage(m_cache->inbox, append->uid(), messageId, 0, 0, true);
        if (ids)
            ids->append(id);
    }
    return true;
}

bool TestOfflineLoopback::replayOnce(bool expectSuccess)
{
    const std::unique_ptr<ImapSession> session = connectAlice(*m_server);
    if (!session)
        return false;
    OperationReplayTask task(m_cache->account, session.get(), m_cache->cache);
    if (!finish(task))
        return false;
    if (expectSuccess && task.failed())
        qWarning("replay failed: %s\n%s", qPrintable(task.problem().message),
                 qPrintable(m_server->log()));
    return task.failed() != expectSuccess;
}

void TestOfflineLoopback::changesMadeOfflineReachTheServer()
{
    QList<qint64> ids;
    QVERIFY(startWith(4, {}, &ids));
    QCOMPARE(ids.size(), 4);

    // Offline: no session at all.
    LocalOperations local(m_cache->cache);
    QVERIFY(!local.markRead({ ids.at(0) }, true));
    QVERIFY(!local.markFlagged({ ids.at(1) }, true));
    QVERIFY(!local.move({ ids.at(2) }, m_cache->archive));
    QVERIFY(!local.remove({ ids.at(3) })); // to Trash
    magpie::store::StoreError error;
    const qint64 draft = local.saveDraft(
        m_cache->account, OfflineFixture::rawMessage("draft.1@example.test", "Plans"), 0, &error);
    QVERIFY2(draft > 0, qPrintable(error.message));
    QCOMPARE(m_cache->pendingCount(), 5);

    QVERIFY(replayOnce(true));
    QCOMPARE(m_cache->pendingCount(), 0);

    QCOMPARE(countOnServer(*m_server, QStringLiteral("INBOX"), m_messageIds.at(2)), 0);
    QCOMPARE(countOnServer(*m_server, QStringLiteral("Archive"), m_messageIds.at(2)), 1);
    QCOMPARE(countOnServer(*m_server, QStringLiteral("INBOX"), m_messageIds.at(3)), 0);
    QCOMPARE(countOnServer(*m_server, QStringLiteral("Trash"), m_messageIds.at(3)), 1);
    QCOMPARE(countOnServer(*m_server, QStringLiteral("Drafts"), "draft.1@example.test"), 1);
    QCOMPARE(countInCache(*m_cache, m_cache->archive, m_messageIds.at(2)), 1);
    QCOMPARE(countInCache(*m_cache, m_cache->inbox, m_messageIds.at(2)), 0);
    QVERIFY(m_cache->message(draft)->uid > 0);

    // The flags as the server has them now.
    const std::unique_ptr<ImapSession> session = connectAlice(*m_server);
    QVERIFY(session);
    auto *select = new magpie::imap::SelectJob(session.get(), QStringLiteral("INBOX"));
    QVERIFY(runJob(select) && !select->failed());
    auto *fetch = new magpie::imap::FetchJob(session.get());
    fetch->setUids(magpie::imap::UidSet::fromUids(
        { m_cache->message(ids.at(0))->uid, m_cache->message(ids.at(1))->uid }));
    fetch->setItems(magpie::imap::FetchJob::Item::Flags);
    fetch->setCollectMessages(true);
    QVERIFY(runJob(fetch) && !fetch->failed());
    QCOMPARE(fetch->messages().size(), 2);
    for (const magpie::imap::FetchedMessage &message : fetch->messages()) {
        const MessageFlags flags = MessageFlags::fromImap(message.flags.value_or(QByteArrayList()));
        if (message.uid == m_cache->message(ids.at(0))->uid)
            QVERIFY(flags.has(MessageFlags::Seen));
        else
            QVERIFY(flags.has(MessageFlags::Flagged));
    }
}

void TestOfflineLoopback::draftUploadDroppedMidAppend()
{
    QVERIFY(startWith(0, { QStringLiteral("imap:APPEND:drop-after-received:60") }));
    const QByteArray messageId = "draft.drop@example.test";
    magpie::store::StoreError error;
    const qint64 draft = LocalOperations(m_cache->cache)
                             .saveDraft(m_cache->account,
                                        OfflineFixture::rawMessage(messageId, "Half sent"), 0,
                                        &error);
    QVERIFY2(draft > 0, qPrintable(error.message));

    QVERIFY(replayOnce(false)); // dropped mid-literal
    QCOMPARE(m_cache->pendingCount(), 1);
    QVERIFY(replayOnce(true));
    QCOMPARE(m_cache->pendingCount(), 0);
    QCOMPARE(countOnServer(*m_server, QStringLiteral("Drafts"), messageId), 1);
    QCOMPARE(countInCache(*m_cache, m_cache->drafts, messageId), 1);
    QVERIFY(m_cache->message(draft)->uid > 0);
}

void TestOfflineLoopback::moveDroppedAroundMove_data()
{
    QTest::addColumn<QString>("fault");
    QTest::addColumn<bool>("firstPassFails");
    // The reply arrived; the drop only hits what comes after (here: nothing, the pass ends).
    QTest::newRow("after reply") << QStringLiteral("imap:UID-MOVE:drop-after-reply") << false;
    // The server moved it but the client never heard: the next pass must not move or upload
    // it again.
    QTest::newRow("before reply") << QStringLiteral("imap:UID-MOVE:drop-before-reply") << true;
}

void TestOfflineLoopback::moveDroppedAroundMove()
{
    QFETCH(QString, fault);
    QFETCH(bool, firstPassFails);
    QList<qint64> ids;
    QVERIFY(startWith(2, { fault }, &ids));
    QCOMPARE(ids.size(), 2);
    QVERIFY(!LocalOperations(m_cache->cache).move(ids, m_cache->archive));

    const bool first = replayOnce(!firstPassFails);
    QVERIFY2(first, qPrintable(m_server->log()));
    QVERIFY(replayOnce(true));
    QCOMPARE(m_cache->pendingCount(), 0);
    for (const QByteArray &messageId : std::as_const(m_messageIds)) {
        QCOMPARE(countOnServer(*m_server, QStringLiteral("INBOX"), messageId), 0);
        QCOMPARE(countOnServer(*m_server, QStringLiteral("Archive"), messageId), 1);
        QCOMPARE(countInCache(*m_cache, m_cache->inbox, messageId), 0);
        QCOMPARE(countInCache(*m_cache, m_cache->archive, messageId), 1);
    }
    QVERIFY(m_server->log().contains(QStringLiteral("fault")));
}

void TestOfflineLoopback::bodyFetchDroppedMidLiteral()
{
    // 250 bytes: past the first message (about 190 bytes with its FETCH line), inside the
    // second one's literal.
    QVERIFY(startWith(0, { QStringLiteral("imap:UID-FETCH:drop-after-bytes:250") }));
    // Messages cached without bodies (a header sync): three, fetched on demand.
    const std::unique_ptr<ImapSession> seeder = connectAlice(*m_server);
    QVERIFY(seeder);
    QList<qint64> ids;
    for (int i = 0; i < 3; ++i) {
        const QByteArray messageId = "body." + QByteArray::number(i) + "@example.test";
        auto *append = new magpie::imap::AppendJob(seeder.get());
        append->setMailbox(QStringLiteral("INBOX"));
        append->setMessage(OfflineFixture::rawMessage(messageId));
        QVERIFY(runJob(append) && !append->failed());
        ids.append(m_cache->addMessage(m_cache->inbox, append->uid(), messageId));
    }
    const auto fetchAll = [this, &ids](bool expectSuccess) {
        const std::unique_ptr<ImapSession> session = connectAlice(*m_server);
        if (!session)
            return false;
        magpie::sync::BodyFetchTask task(m_cache->account, session.get(), m_cache->cache);
        task.setMessages(ids);
        return finish(task) && task.failed() != expectSuccess;
    };
    QVERIFY(fetchAll(false)); // dropped inside the second literal
    QVERIFY(magpie::store::BodyStore(m_cache->cache).hasBody(ids.at(0))); // kept
    QVERIFY(!magpie::store::BodyStore(m_cache->cache).hasBody(ids.at(1)));
    QVERIFY(fetchAll(true));
    for (int i = 0; i < ids.size(); ++i) {
        const QByteArray messageId = "body." + QByteArray::number(i) + "@example.test";
        QCOMPARE(magpie::store::BodyStore(m_cache->cache).body(ids.at(i)).value_or(QByteArray()),
                 OfflineFixture::rawMessage(messageId));
        QCOMPARE(countInCache(*m_cache, m_cache->inbox, messageId), 1);
    }
}

QTEST_GUILESS_MAIN(TestOfflineLoopback)
#include "tst_offline_loopback.moc"
