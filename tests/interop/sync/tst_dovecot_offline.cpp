// SPDX-License-Identifier: GPL-3.0-or-later
// Offline operations replayed against a real Dovecot (../shared/interop/dovecot.sh, with
// CONDSTORE, UIDPLUS, MOVE, SPECIAL-USE): read, flag, move, delete and a draft made with no
// connection reach the server; and another client deleting or changing messages meanwhile
// ends the server's way without losing the person's copy (RFC 4549 s4.2).
#include "../../unit/sync/OfflineFixture.h"
#include "DovecotServer.h"
#include "EngineTestSupport.h"

#include "net/imap/AppendJob.h"
#include "net/imap/EnableJob.h"
#include "net/imap/ExpungeJob.h"
#include "net/imap/FetchJob.h"
#include "net/imap/ImapSession.h"
#include "net/imap/LoginJob.h"
#include "net/imap/SelectJob.h"
#include "net/imap/StoreJob.h"
#include "sync/LocalOperations.h"
#include "sync/MessageIdSearchJob.h"
#include "sync/OperationReplayTask.h"

#include <QSignalSpy>
#include <QSslCertificate>
#include <QTest>

#include <memory>

using magpie::imap::ImapSession;
using magpie::imap::UidSet;
using magpie::store::FolderRole;
using magpie::store::LocalState;
using magpie::store::MessageFlags;
using magpie::sync::LocalOperations;
using magpie::sync::OperationReplayTask;
using magpie::testing::DovecotServer;
using magpie::testing::openSession;
using magpie::testing::runJob;
using magpie::test::OfflineFixture;

namespace {
const QString kUser = QStringLiteral("offline@example.test");
const QString kPassword = QStringLiteral("s3cret offline");
} // namespace

class TestDovecotOffline : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void init();
    void cleanup();

    void replaysEveryKind();
    void conflictsGoTheServersWay();

private:
    std::unique_ptr<ImapSession> connect(bool condStore = false);
    // APPENDs `count` messages named "<prefix>.N@example.test" to INBOX and caches them with
    // their MODSEQ, as a CONDSTORE sync would have.
    QList<qint64> seed(const QByteArray &prefix, int count);
    bool openCache();
    int countOnServer(const QString &mailbox, const QByteArray &messageId);
    quint32 uidOf(qint64 id) { return m_cache->message(id)->uid; }

    DovecotServer m_dovecot;
    std::unique_ptr<OfflineFixture> m_cache;
};

void TestDovecotOffline::initTestCase()
{
    const QString problem = m_dovecot.start(kUser, kPassword);
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestDovecotOffline::init()
{
    m_cache = std::make_unique<OfflineFixture>();
    QVERIFY(openCache());
}

void TestDovecotOffline::cleanup()
{
    m_cache.reset();
}

std::unique_ptr<ImapSession> TestDovecotOffline::connect(bool condStore)
{
    magpie::net::ServerEndpoint endpoint;
    endpoint.host = QStringLiteral("127.0.0.1");
    endpoint.security = magpie::net::ServerEndpoint::Security::ImplicitTls;
    endpoint.port = m_dovecot.imapsPort();
    endpoint.extraCaCertificates = QSslCertificate::fromPath(m_dovecot.certificatePath());
    endpoint.connectTimeoutMs = 5000;
    endpoint.readTimeoutMs = 15000;
    auto session = std::make_unique<ImapSession>();
    if (!openSession(*session, nullptr, endpoint))
        return nullptr;
    auto *login = new magpie::imap::LoginJob(session.get(),
                                             magpie::net::Credentials { kUser, kPassword, {}, {} });
    if (!runJob(login) || login->failed())
        return nullptr;
    if (condStore) {
        auto *enable = new magpie::imap::EnableJob(session.get(), { "CONDSTORE" });
        if (!runJob(enable) || enable->failed())
            return nullptr;
    }
    return session;
}

bool TestDovecotOffline::openCache()
{
    m_cache->account = QStringLiteral("dovecot");
    if (m_cache->cache.open(m_cache->dir.filePath(QStringLiteral("cache.sqlite"))))
        return false;
    const std::unique_ptr<ImapSession> session = connect();
    if (!session)
        return false;
    const QList<std::pair<QString, FolderRole>> folders {
        { QStringLiteral("INBOX"), FolderRole::Inbox },
        { QStringLiteral("Archive"), FolderRole::Archive },
        { QStringLiteral("Trash"), FolderRole::Trash },
        { QStringLiteral("Drafts"), FolderRole::Drafts },
    };
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
    return true;
}

QList<qint64> TestDovecotOffline::seed(const QByteArray &prefix, int count)
{
    QList<qint64> ids;
    const std::unique_ptr<ImapSession> session = connect(true);
    if (!session)
        return ids;
    for (int i = 0; i < count; ++i) {
        const QByteArray messageId = prefix + '.' + QByteArray::number(i) + "@example.test";
        auto *append = new magpie::imap::AppendJob(session.get());
        append->setMailbox(QStringLiteral("INBOX"));
        append->setMessage(OfflineFixture::rawMessage(messageId));
        if (!runJob(append) || append->failed())
            return {};
        ids.append(m_cache->addMessage(m_cache->inbox, append->uid(), messageId, 0, 0, true));
    }
    auto *select = new magpie::imap::SelectJob(session.get(), QStringLiteral("INBOX"));
    if (!runJob(select) || select->failed())
        return {};
    // The MODSEQ each message has now, as the sync would have stored it.
    QList<quint32> uids;
    for (const qint64 id : std::as_const(ids))
        uids.append(uidOf(id));
    auto *fetch = new magpie::imap::FetchJob(session.get());
    fetch->setUids(UidSet::fromUids(uids));
    fetch->setItems(magpie::imap::FetchJob::Item::Flags | magpie::imap::FetchJob::Item::ModSeq);
    fetch->setCollectMessages(true);
    if (!runJob(fetch) || fetch->failed())
        return {};
    QList<magpie::store::FlagUpdate> updates;
    for (const magpie::imap::FetchedMessage &message : fetch->messages())
        updates.append({ message.uid, MessageFlags::fromImap(message.flags.value_or(QByteArrayList())),
                         message.modSeq.value_or(0) });
    magpie::store::MessageStore(m_cache->cache).applyFlagUpdates(m_cache->inbox, updates);
    return ids;
}

int TestDovecotOffline::countOnServer(const QString &mailbox, const QByteArray &messageId)
{
    const std::unique_ptr<ImapSession> session = connect();
    if (!session)
        return -1;
    auto *select = new magpie::imap::SelectJob(session.get(), mailbox);
    if (!runJob(select) || select->failed())
        return -1;
    auto *search = new magpie::sync::MessageIdSearchJob(session.get(), messageId);
    if (!runJob(search) || search->failed())
        return -1;
    return int(search->uids().count());
}

void TestDovecotOffline::replaysEveryKind()
{
    const QList<qint64> ids = seed("kinds", 4);
    QCOMPARE(ids.size(), 4);
    QVERIFY(m_cache->message(ids.first())->modSeq > 0);

    LocalOperations local(m_cache->cache);
    QVERIFY(!local.markRead({ ids.at(0) }, true));
    QVERIFY(!local.markFlagged({ ids.at(1) }, true));
    QVERIFY(!local.move({ ids.at(2) }, m_cache->archive));
    QVERIFY(!local.remove({ ids.at(3) }));
    magpie::store::StoreError error;
    const qint64 draft = local.saveDraft(
        m_cache->account, OfflineFixture::rawMessage("kinds.draft@example.test", "Plan"), 0, &error);
    QVERIFY2(draft > 0, qPrintable(error.message));

    const std::unique_ptr<ImapSession> session = connect(true);
    QVERIFY(session);
    OperationReplayTask task(m_cache->account, session.get(), m_cache->cache);
    QSignalSpy finished(&task, &OperationReplayTask::finished);
    task.start();
    QVERIFY(finished.wait(30000));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message + u'\n' + session->log()->toText()));
    QVERIFY(task.conflicts().isEmpty());
    QCOMPARE(m_cache->pendingCount(), 0);

    QCOMPARE(countOnServer(QStringLiteral("Archive"), "kinds.2@example.test"), 1);
    QCOMPARE(countOnServer(QStringLiteral("INBOX"), "kinds.2@example.test"), 0);
    QCOMPARE(countOnServer(QStringLiteral("Trash"), "kinds.3@example.test"), 1);
    QCOMPARE(countOnServer(QStringLiteral("INBOX"), "kinds.3@example.test"), 0);
    QCOMPARE(countOnServer(QStringLiteral("Drafts"), "kinds.draft@example.test"), 1);
    QVERIFY(m_cache->message(draft)->uid > 0);
    QVERIFY(!m_cache->message(ids.at(2))); // removed once the server confirmed

    const std::unique_ptr<ImapSession> check = connect();
    QVERIFY(check);
    auto *select = new magpie::imap::SelectJob(check.get(), QStringLiteral("INBOX"));
    QVERIFY(runJob(select) && !select->failed());
    auto *fetch = new magpie::imap::FetchJob(check.get());
    fetch->setUids(UidSet::fromUids({ uidOf(ids.at(0)), uidOf(ids.at(1)) }));
    fetch->setItems(magpie::imap::FetchJob::Item::Flags);
    fetch->setCollectMessages(true);
    QVERIFY(runJob(fetch) && !fetch->failed());
    QCOMPARE(fetch->messages().size(), 2);
    for (const magpie::imap::FetchedMessage &message : fetch->messages()) {
        const MessageFlags flags = MessageFlags::fromImap(message.flags.value_or(QByteArrayList()));
        QVERIFY(flags.has(message.uid == uidOf(ids.at(0)) ? MessageFlags::Seen
                                                          : MessageFlags::Flagged));
    }
}

void TestDovecotOffline::conflictsGoTheServersWay()
{
    const QList<qint64> ids = seed("conflict", 3);
    QCOMPARE(ids.size(), 3);
    LocalOperations local(m_cache->cache);
    QVERIFY(!local.move({ ids.at(0) }, m_cache->archive)); // then deleted by another client
    QVERIFY(!local.markFlagged({ ids.at(1) }, true));     // then deleted by another client
    QVERIFY(!local.markRead({ ids.at(2) }, true));        // then flagged by another client
    const quint32 deletedA = uidOf(ids.at(0));
    const quint32 deletedB = uidOf(ids.at(1));
    const quint32 changed = uidOf(ids.at(2));
    {
        const std::unique_ptr<ImapSession> other = connect();
        QVERIFY(other);
        auto *select = new magpie::imap::SelectJob(other.get(), QStringLiteral("INBOX"));
        QVERIFY(runJob(select) && !select->failed());
        auto *mark = new magpie::imap::StoreJob(other.get());
        mark->setUids(UidSet::fromUids({ deletedA, deletedB }));
        mark->setFlags(magpie::imap::StoreJob::Mode::Add, { "\\Deleted" });
        QVERIFY(runJob(mark) && !mark->failed());
        auto *expunge = new magpie::imap::ExpungeJob(other.get());
        expunge->setUids(UidSet::fromUids({ deletedA, deletedB }));
        QVERIFY(runJob(expunge) && !expunge->failed());
        auto *flag = new magpie::imap::StoreJob(other.get());
        flag->setUids(UidSet::fromUids({ changed }));
        flag->setFlags(magpie::imap::StoreJob::Mode::Add, { "$Important" });
        QVERIFY(runJob(flag) && !flag->failed());
    }

    const std::unique_ptr<ImapSession> session = connect(true);
    QVERIFY(session);
    OperationReplayTask task(m_cache->account, session.get(), m_cache->cache);
    QSignalSpy finished(&task, &OperationReplayTask::finished);
    task.start();
    QVERIFY(finished.wait(30000));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message + u'\n' + session->log()->toText()));
    QCOMPARE(m_cache->pendingCount(), 0);
    // The moved message: the server lost it, Magpie's copy went to Archive, once.
    QCOMPARE(countOnServer(QStringLiteral("Archive"), "conflict.0@example.test"), 1);
    QVERIFY(!m_cache->message(ids.at(0)));
    // The flag change on the deleted one was dropped; the read mark on the changed one was
    // refused by UNCHANGEDSINCE (RFC 7162 s3.1.3) and the server's flags kept.
    const auto third = m_cache->message(ids.at(2));
    QVERIFY(!third->flags.has(MessageFlags::Seen));
    QVERIFY(third->flags.keywords.contains("$Important"));
    QCOMPARE(task.conflicts().size(), 3);
}

QTEST_GUILESS_MAIN(TestDovecotOffline)
#include "tst_dovecot_offline.moc"
