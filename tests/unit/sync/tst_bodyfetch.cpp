// SPDX-License-Identifier: GPL-3.0-or-later
// BodyFetchTask against byte-exact scripted servers: bodies on demand and the prefetch policy.
#include "MessageJobDialogue.h"
#include "OfflineFixture.h"

#include "sync/BodyFetchTask.h"

#include <QSignalSpy>
#include <QTest>

using magpie::store::BodyStore;
using magpie::sync::BodyFetchTask;
using magpie::test::MessageJobDialogue;
using magpie::test::OfflineFixture;
using Opening = MessageJobDialogue::Opening;

namespace {

QByteArrayList selectInbox(const QByteArray &tag)
{
    return { "C: " + tag + " SELECT INBOX", "S: * 3 EXISTS",
             "S: * OK [UIDVALIDITY 1700000000] UIDs valid",
             "S: " + tag + " OK [READ-WRITE] Selected" };
}

QByteArray fetched(int number, quint32 uid, const QByteArray &raw)
{
    return "S: * " + QByteArray::number(number) + " FETCH (UID " + QByteArray::number(uid)
        + " BODY[] {" + QByteArray::number(raw.size()) + "}";
}

bool run(MessageJobDialogue &dialogue, BodyFetchTask &task, QString *failure)
{
    QSignalSpy finished(&task, &BodyFetchTask::finished);
    task.start();
    if (finished.isEmpty() && !finished.wait(5000)) {
        *failure = QStringLiteral("the task did not finish; server: ") + dialogue.server.failure();
        return false;
    }
    if (!dialogue.server.waitForScript(5000)) {
        *failure = dialogue.server.failure();
        return false;
    }
    return true;
}

} // namespace

class TestBodyFetch : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();

    void onDemand();
    void alreadySelectedAndCachedSkipped();
    void dropMidLiteralKeepsWhatArrived();
    void prefetchRecentWithoutBody();
    void uidValidityChangedFetchesNothing();

private:
    std::unique_ptr<OfflineFixture> m_cache;
};

void TestBodyFetch::init()
{
    m_cache = std::make_unique<OfflineFixture>();
    const QString problem = m_cache->open();
    QVERIFY2(problem.isEmpty(), qPrintable(problem));
}

void TestBodyFetch::cleanup()
{
    m_cache.reset();
}

void TestBodyFetch::onDemand()
{
    const qint64 a = m_cache->addMessage(m_cache->inbox, 4, "a@x");
    const qint64 b = m_cache->addMessage(m_cache->inbox, 5, "b@x");
    const QByteArray rawA = OfflineFixture::rawMessage("a@x", "First");
    const QByteArray rawB = OfflineFixture::rawMessage("b@x", "Second");
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS", Opening::Login)
                                << selectInbox("a2") << "C: a3 UID FETCH 4:5 (UID BODY.PEEK[])"
                                << fetched(1, 4, rawA) << "S~ " + rawA << "S: )"
                                << fetched(2, 5, rawB) << "S~ " + rawB << "S: )"
                                << "S: a3 OK Fetch completed");
    BodyFetchTask task(m_cache->account, &dialogue.session, m_cache->cache);
    task.setMessages({ a, b });
    QString failure;
    QVERIFY2(run(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(task.fetched(), 2);
    QCOMPARE(BodyStore(m_cache->cache).body(a).value_or(QByteArray()), rawA);
    QCOMPARE(BodyStore(m_cache->cache).body(b).value_or(QByteArray()), rawB);
    QVERIFY(m_cache->message(a)->hasBody);
}

void TestBodyFetch::alreadySelectedAndCachedSkipped()
{
    const qint64 a = m_cache->addMessage(m_cache->inbox, 4, "a@x", 0, 0, true); // has its body
    const qint64 b = m_cache->addMessage(m_cache->inbox, 6, "b@x");
    const QByteArray rawB = OfflineFixture::rawMessage("b@x");
    // INBOX is selected already (LoginSelect): no second SELECT.
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS")
                                << "C: a3 UID FETCH 6 (UID BODY.PEEK[])" << fetched(2, 6, rawB)
                                << "S~ " + rawB << "S: )" << "S: a3 OK Fetch completed");
    QVERIFY(QTest::qWaitFor([&] { return dialogue.session.state()
                                         == magpie::imap::ImapSession::State::Selected; }));
    BodyFetchTask task(m_cache->account, &dialogue.session, m_cache->cache);
    task.setMessages({ a, b });
    QString failure;
    QVERIFY2(run(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(task.fetched(), 1);
}

void TestBodyFetch::dropMidLiteralKeepsWhatArrived()
{
    const qint64 a = m_cache->addMessage(m_cache->inbox, 4, "a@x");
    const qint64 b = m_cache->addMessage(m_cache->inbox, 5, "b@x");
    const QByteArray rawA = OfflineFixture::rawMessage("a@x");
    const QByteArray rawB = OfflineFixture::rawMessage("b@x");
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS", Opening::Login)
                                << selectInbox("a2") << "C: a3 UID FETCH 4:5 (UID BODY.PEEK[])"
                                << fetched(1, 4, rawA) << "S~ " + rawA << "S: )"
                                << fetched(2, 5, rawB) << "S~ " + rawB.left(20) << "CLOSE");
    BodyFetchTask task(m_cache->account, &dialogue.session, m_cache->cache);
    task.setMessages({ a, b });
    QString failure;
    QVERIFY2(run(dialogue, task, &failure), qPrintable(failure));
    QVERIFY(task.failed());
    QVERIFY(task.problem().willRetry);
    QCOMPARE(task.fetched(), 1);
    QVERIFY(BodyStore(m_cache->cache).hasBody(a)); // saved as it arrived
    QVERIFY(!BodyStore(m_cache->cache).hasBody(b)); // never half a body
}

void TestBodyFetch::prefetchRecentWithoutBody()
{
    // Recent (the fixture's received time is an hour ago) without body: 4 and 7; 5 has one;
    // 6 is old.
    m_cache->addMessage(m_cache->inbox, 4, "a@x");
    m_cache->addMessage(m_cache->inbox, 5, "b@x", 0, 0, true);
    const qint64 old = m_cache->addMessage(m_cache->inbox, 6, "c@x");
    m_cache->addMessage(m_cache->inbox, 7, "d@x");
    {
        magpie::store::MessageSummary summary = *m_cache->message(old);
        summary.receivedAt = QDateTime::currentDateTimeUtc().addDays(-40);
        summary.date = summary.receivedAt;
        magpie::store::MessageStore(m_cache->cache).add(m_cache->inbox, { summary });
    }
    const QByteArray rawA = OfflineFixture::rawMessage("a@x");
    const QByteArray rawD = OfflineFixture::rawMessage("d@x");
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS", Opening::Login)
                                << selectInbox("a2") << "C: a3 UID FETCH 4,7 (UID BODY.PEEK[])"
                                << fetched(4, 7, rawD) << "S~ " + rawD << "S: )"
                                << fetched(1, 4, rawA) << "S~ " + rawA << "S: )"
                                << "S: a3 OK Fetch completed");
    BodyFetchTask task(m_cache->account, &dialogue.session, m_cache->cache);
    task.setPrefetch(m_cache->inbox, 14);
    QString failure;
    QVERIFY2(run(dialogue, task, &failure), qPrintable(failure));
    QVERIFY2(!task.failed(), qPrintable(task.problem().message));
    QCOMPARE(task.fetched(), 2);
    QVERIFY(!BodyStore(m_cache->cache).hasBody(old));
}

void TestBodyFetch::uidValidityChangedFetchesNothing()
{
    const qint64 a = m_cache->addMessage(m_cache->inbox, 4, "a@x");
    MessageJobDialogue dialogue(MessageJobDialogue::opening("UIDPLUS", Opening::Login)
                                << "C: a2 SELECT INBOX" << "S: * 3 EXISTS"
                                << "S: * OK [UIDVALIDITY 1800000000] UIDs valid"
                                << "S: a2 OK [READ-WRITE] Selected");
    BodyFetchTask task(m_cache->account, &dialogue.session, m_cache->cache);
    task.setMessages({ a });
    QString failure;
    QVERIFY2(run(dialogue, task, &failure), qPrintable(failure));
    QVERIFY(!task.failed());
    QCOMPARE(task.fetched(), 0);
    QVERIFY(!BodyStore(m_cache->cache).hasBody(a));
}

QTEST_GUILESS_MAIN(TestBodyFetch)
#include "tst_bodyfetch.moc"
