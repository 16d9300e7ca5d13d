// SPDX-License-Identifier: GPL-3.0-or-later
// The first test: the demo opens and a message is read. A MailSession on a fresh
// profile starts the demo (the embedded loopback server, seeded from resources/demo), syncs
// it over IMAPS like any account, shows the Inbox with the seeded messages in the models,
// reads a message's source through messageSource()/bodyReady(), and a message sent to the
// demo address through queueForSending() arrives in the demo Inbox.
#include "app/demo/DemoMailbox.h"
#include "app/session/MailSession.h"
#include "mime/Message.h"
#include "models/FolderModel.h"
#include "models/MessageListModel.h"
#include "store/FolderStore.h"
#include "store/MailCache.h"
#include "store/OutboxQueue.h"
#include "sync/AccountSettings.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie;
using namespace Qt::StringLiterals;
using app::DemoMailbox;
using app::MailSession;

namespace {
const QString kDemo = QString::fromLatin1(DemoMailbox::kAccountId);
const QString kAddress = QString::fromLatin1(DemoMailbox::kAddress);
} // namespace

class TestDemoSession : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void demoOpensWithTheSeededInbox();
    void messageSourceIsRead();
    void mailSentToTheDemoAddressArrives();
    void secondStartKeepsTheMailboxAndDoesNotSeedAgain();

private:
    // Opens the session, starts the demo and waits for the first sync of the Inbox.
    void startDemo();
    qint64 inboxId() const;
    int inboxRows();

    std::unique_ptr<QTemporaryDir> m_profile;
    std::unique_ptr<MailSession> m_session;
};

void TestDemoSession::init()
{
    m_profile = std::make_unique<QTemporaryDir>();
    QVERIFY(m_profile->isValid());
    m_session = std::make_unique<MailSession>(m_profile->path());
    const store::StoreError error = m_session->open();
    QVERIFY2(!error, qPrintable(error.message));
}

void TestDemoSession::cleanup()
{
    m_session.reset();
    m_profile.reset();
}

qint64 TestDemoSession::inboxId() const
{
    const auto inbox =
        store::FolderStore(m_session->cache()).folderByPath(kDemo, u"INBOX"_s);
    return inbox ? inbox->id : 0;
}

int TestDemoSession::inboxRows()
{
    models::MessageListModel list(m_session->cache());
    list.setFolder(inboxId());
    return list.rowCount();
}

void TestDemoSession::startDemo()
{
    QSignalSpy finished(m_session.get(), &MailSession::accountSyncFinished);
    const QString error = m_session->startDemo();
    QVERIFY2(error.isEmpty(), qPrintable(error));
    QVERIFY(m_session->demo());
    QVERIFY(m_session->runtime(kDemo));
    m_session->startAccounts();
    // The first pass lists the folders and fetches the Inbox's summaries.
    QTRY_VERIFY_WITH_TIMEOUT(inboxId() != 0 && inboxRows() >= 20, 15000);
}

void TestDemoSession::demoOpensWithTheSeededInbox()
{
    startDemo();
    // The account is saved in the profile (magpie.ini) and shown by the models.
    QCOMPARE(m_session->accounts().size(), 1);
    QCOMPARE(m_session->accounts().first().address, kAddress);
    QVERIFY(sync::AccountSettings(m_session->profile().settingsPath()).account(kDemo));
    QCOMPARE(m_session->accountModel().rowCount(), 1);
    QCOMPARE(m_session->ownAddresses(), QStringList { kAddress });

    const QModelIndex accountRow = m_session->folderModel().indexOfAccount(kDemo);
    QVERIFY(accountRow.isValid());
    QVERIFY(m_session->folderModel().indexOfFolder(inboxId()).isValid());
    // The special folders of the demo are there too (Sent holds the seeded replies).
    QTRY_VERIFY_WITH_TIMEOUT(m_session->folderModel().rowCount(accountRow) >= 5, 10000);

    // The seeded Inbox: subjects in several languages, a thread, attachments.
    models::MessageListModel list(m_session->cache());
    list.setFolder(inboxId());
    QStringList subjects;
    bool attachments = false;
    for (int row = 0; row < list.rowCount(); ++row) {
        subjects << list.index(row, 0).data(models::MessageListModel::SubjectRole).toString();
        attachments = attachments
            || list.index(row, 0).data(models::MessageListModel::HasAttachmentsRole).toBool();
    }
    QVERIFY2(subjects.contains(u"Welcome to Magpie"_s), qPrintable(subjects.join(u", "_s)));
    QVERIFY(subjects.contains(u"Einladung zum Grillfest am Samstag"_s));
    QVERIFY(subjects.contains(u"Привет из Москвы"_s));
    QVERIFY(subjects.contains(u"来週の打ち合わせについて"_s));
    QVERIFY(subjects.contains(u"Compte rendu de la réunion de jeudi"_s));
    QVERIFY(subjects.count(u"Re: Planning the autumn hiking trip"_s) >= 3);
    QVERIFY(attachments);
    // The newest message is recent (the seed moves the dates to today).
    list.sort(models::MessageListModel::DateColumn, Qt::DescendingOrder);
    const QDateTime newest = list.index(0, 0).data(models::MessageListModel::DateRole).toDateTime();
    QVERIFY2(newest.secsTo(QDateTime::currentDateTimeUtc()) < 24 * 3600,
             qPrintable(newest.toString(Qt::ISODate)));
}

void TestDemoSession::messageSourceIsRead()
{
    startDemo();
    models::MessageListModel list(m_session->cache());
    list.setFolder(inboxId());
    qint64 welcome = 0;
    for (int row = 0; row < list.rowCount(); ++row) {
        if (list.index(row, 0).data(models::MessageListModel::SubjectRole).toString()
            == u"Welcome to Magpie"_s)
            welcome = list.messageId(row);
    }
    QVERIFY(welcome != 0);

    // Either the cache has it (prefetched), or the runtime fetches it and bodyReady follows.
    QSignalSpy ready(m_session.get(), &MailSession::bodyReady);
    std::optional<QByteArray> source = m_session->messageSource(welcome);
    if (!source) {
        QTRY_VERIFY_WITH_TIMEOUT(!ready.isEmpty(), 10000);
        QCOMPARE(ready.first().at(0).toLongLong(), welcome);
        QVERIFY(ready.first().at(1).toBool());
        source = m_session->messageSource(welcome);
    }
    QVERIFY(source);
    const mime::Message message(*source);
    QCOMPARE(message.subject(), u"Welcome to Magpie"_s);
    QVERIFY(message.bodyText().contains(u"this is the demo mailbox"_s));

    // A message id nobody has: bodyReady(id, false), later, never a crash.
    ready.clear();
    QVERIFY(!m_session->messageSource(987654321));
    QTRY_VERIFY(!ready.isEmpty());
    QCOMPARE(ready.last().at(1).toBool(), false);
}

void TestDemoSession::mailSentToTheDemoAddressArrives()
{
    startDemo();
    const int before = inboxRows();
    const QByteArray raw = "From: Robin Demo <you@demo.magpie.test>\r\n"
                           "To: Robin Demo <you@demo.magpie.test>\r\n"
                           "Subject: A note to myself\r\n"
                           "Date: Mon, 07 Dec 2026 10:00:00 +0000\r\n"
                           "Message-ID: <note-to-self@demo.magpie.test>\r\n"
                           "MIME-Version: 1.0\r\n"
                           "Content-Type: text/plain; charset=utf-8\r\n\r\n"
                           "Remember the map.\r\n";
    QString error;
    const qint64 id = m_session->queueForSending(kDemo, raw, kAddress, { kAddress }, &error);
    QVERIFY2(id > 0, qPrintable(error));
    QVERIFY(store::OutboxQueue(m_session->cache()).entry(id).has_value());

    // Sent in the background (SMTP submission over TLS), delivered to the demo Inbox, and
    // seen there through IDLE or the next sync.
    auto arrived = [this] {
        models::MessageListModel list(m_session->cache());
        list.setFolder(inboxId());
        for (int row = 0; row < list.rowCount(); ++row) {
            if (list.index(row, 0).data(models::MessageListModel::SubjectRole).toString()
                == u"A note to myself"_s)
                return true;
        }
        return false;
    };
    QTRY_VERIFY_WITH_TIMEOUT(arrived(), 20000);
    QCOMPARE(inboxRows(), before + 1);
    // The outbox is empty once the copy is filed in Sent.
    QTRY_COMPARE_WITH_TIMEOUT(store::OutboxQueue(m_session->cache()).count(kDemo), 0, 10000);

    // Refusals are sentences, and nothing is queued.
    QCOMPARE(m_session->queueForSending(u"nobody"_s, raw, kAddress, { kAddress }, &error), -1);
    QVERIFY(!error.isEmpty());
    QCOMPARE(m_session->queueForSending(kDemo, raw, kAddress, {}, &error), -1);
    QVERIFY(!error.isEmpty());
}

void TestDemoSession::secondStartKeepsTheMailboxAndDoesNotSeedAgain()
{
    startDemo();
    const int seeded = inboxRows();
    m_session.reset();

    // The same profile again: the demo account is in magpie.ini; starting the accounts starts
    // the demo server on new ports with the same mail, and nothing is seeded twice.
    m_session = std::make_unique<MailSession>(m_profile->path());
    QVERIFY(!m_session->open());
    QCOMPARE(m_session->accounts().size(), 1);
    QSignalSpy finished(m_session.get(), &MailSession::accountSyncFinished);
    m_session->startAccounts();
    QVERIFY(m_session->demo());
    QTRY_VERIFY_WITH_TIMEOUT(!finished.isEmpty(), 15000);
    QVERIFY(finished.first().at(1).toBool());
    QCOMPARE(inboxRows(), seeded);
    QCOMPARE(m_session->accounts().size(), 1);
}

QTEST_MAIN(TestDemoSession)
#include "tst_demosession.moc"
