// SPDX-License-Identifier: GPL-3.0-or-later
// The outbox table (store::OutboxQueue): entries committed at once and surviving a reopen
// (a crash), what is due when, every state change and the person's retry/discard, and
// outboxChanged() after each commit.
#include "store/MailCache.h"
#include "store/OutboxQueue.h"

#include <QSignalSpy>
#include <QSqlQuery>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie::store;
using State = OutboxEntry::State;

namespace {

const QDateTime kT0 = QDateTime(QDate(2026, 3, 1), QTime(12, 0), Qt::UTC);

OutboxEntry message(const QString &account, const QString &subject)
{
    OutboxEntry entry;
    entry.accountId = account;
    entry.envelopeFrom = "alice@example.test";
    entry.recipients = { "bob@example.test", "carol@example.test" };
    entry.raw = "From: alice@example.test\r\nSubject: " + subject.toUtf8() + "\r\n\r\nHi.\r\n";
    entry.messageId = "<" + subject.toUtf8() + "@example.test>";
    entry.subject = subject;
    entry.createdAt = kT0;
    return entry;
}

} // namespace

class TestOutboxQueue : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void enqueueCommitsAndSurvivesReopen();
    void enqueueRefusesLineBreaksInAddresses();
    void entriesPerAccountAndAll();
    void dueHonoursNextAttemptAndCrashLeftSending();
    void stateChanges();
    void markSendingRefusesWhatIsNotWaiting();
    void retryNowOnlyForFailedAndUnconfirmed_data();
    void retryNowOnlyForFailedAndUnconfirmed();
    void discardAndRemove();
    void signalAfterCommitOnly();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MailCache> m_cache;
    QString path() const { return m_dir->filePath(QStringLiteral("cache.sqlite")); }
};

void TestOutboxQueue::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    m_cache = std::make_unique<MailCache>();
    const StoreError error = m_cache->open(path());
    QVERIFY2(!error, qPrintable(error.message));
}

void TestOutboxQueue::cleanup()
{
    m_cache.reset();
    m_dir.reset();
}

void TestOutboxQueue::enqueueCommitsAndSurvivesReopen()
{
    OutboxQueue queue(*m_cache);
    QSignalSpy changed(m_cache.get(), &MailCache::outboxChanged);
    OutboxEntry written = message(QStringLiteral("a1"), QStringLiteral("Hello"));
    written.state = State::Failed; // ignored: a new entry is Queued
    written.attempts = 7;
    StoreError error;
    const qint64 id = queue.enqueue(written, &error);
    QVERIFY2(id > 0, qPrintable(error.message));
    QCOMPARE(changed.count(), 1);

    // A second connection (another process after a crash) sees it at once: committed.
    m_cache.reset();
    MailCache reopened;
    QVERIFY(!reopened.open(path()));
    const std::optional<OutboxEntry> read = OutboxQueue(reopened).entry(id);
    QVERIFY(read);
    QCOMPARE(read->id, id);
    QCOMPARE(read->accountId, written.accountId);
    QCOMPARE(read->envelopeFrom, written.envelopeFrom);
    QCOMPARE(read->recipients, written.recipients);
    QCOMPARE(read->raw, written.raw);
    QCOMPARE(read->messageId, written.messageId);
    QCOMPARE(read->subject, written.subject);
    QCOMPARE(read->state, State::Queued);
    QCOMPARE(read->attempts, 0);
    QCOMPARE(read->createdAt, kT0);
    QCOMPARE(read->nextAttempt, kT0); // due at once
    QVERIFY(read->lastError.isEmpty());
    m_cache = std::make_unique<MailCache>();
    QVERIFY(!m_cache->open(path()));
}

void TestOutboxQueue::enqueueRefusesLineBreaksInAddresses()
{
    OutboxQueue queue(*m_cache);
    OutboxEntry bad = message(QStringLiteral("a1"), QStringLiteral("x"));
    bad.recipients = { "bob@example.test\r\nRCPT TO:<eve@example.test>" };
    StoreError error;
    QCOMPARE(queue.enqueue(bad, &error), 0);
    QCOMPARE(error.code, StoreError::Failed);
    QVERIFY(error.message.contains(u"line break"));
    QCOMPARE(queue.count(), 0);
}

void TestOutboxQueue::entriesPerAccountAndAll()
{
    OutboxQueue queue(*m_cache);
    const qint64 a = queue.enqueue(message(QStringLiteral("a1"), QStringLiteral("one")));
    const qint64 b = queue.enqueue(message(QStringLiteral("a2"), QStringLiteral("two")));
    const qint64 c = queue.enqueue(message(QStringLiteral("a1"), QStringLiteral("three")));
    QList<qint64> ids;
    for (const OutboxEntry &entry : queue.entries(QStringLiteral("a1")))
        ids.append(entry.id);
    QCOMPARE(ids, (QList<qint64> { a, c }));
    ids.clear();
    for (const OutboxEntry &entry : queue.entries())
        ids.append(entry.id);
    QCOMPARE(ids, (QList<qint64> { a, b, c }));
    QCOMPARE(queue.count(QStringLiteral("a2")), 1);
    QCOMPARE(queue.count(), 3);
}

void TestOutboxQueue::dueHonoursNextAttemptAndCrashLeftSending()
{
    OutboxQueue queue(*m_cache);
    const QString account = QStringLiteral("a1");
    const qint64 now = queue.enqueue(message(account, QStringLiteral("now")));
    const qint64 later = queue.enqueue(message(account, QStringLiteral("later")));
    const qint64 crashed = queue.enqueue(message(account, QStringLiteral("crashed")));
    const qint64 unconfirmed = queue.enqueue(message(account, QStringLiteral("unconfirmed")));
    const qint64 failed = queue.enqueue(message(account, QStringLiteral("failed")));
    const qint64 sent = queue.enqueue(message(account, QStringLiteral("sent")));
    queue.enqueue(message(QStringLiteral("other"), QStringLiteral("other account")));
    QVERIFY(!queue.markQueuedForRetry(later, QStringLiteral("451"), 2, kT0.addSecs(300)));
    QVERIFY(!queue.markSending(crashed)); // and then the program died
    QVERIFY(!queue.markSending(unconfirmed));
    QVERIFY(!queue.markUnconfirmed(unconfirmed, QStringLiteral("lost after the dot")));
    QVERIFY(!queue.markFailed(failed, QStringLiteral("550")));
    QVERIFY(!queue.markSent(sent));

    const auto dueIds = [&](const QDateTime &at) {
        QList<qint64> ids;
        for (const OutboxEntry &entry : queue.due(account, at))
            ids.append(entry.id);
        return ids;
    };
    QCOMPARE(dueIds(kT0), (QList<qint64> { now, crashed }));
    QCOMPARE(dueIds(kT0.addSecs(299)), (QList<qint64> { now, crashed }));
    QCOMPARE(dueIds(kT0.addSecs(300)), (QList<qint64> { now, later, crashed }));
    // Nothing is due before its creation time either (queued "now" at kT0).
    QCOMPARE(dueIds(kT0.addSecs(-1)), (QList<qint64> { crashed }));

    QCOMPARE(queue.nextDue(account), kT0); // "now" is due since kT0
    QVERIFY(!queue.remove(now));
    QCOMPARE(queue.nextDue(account), kT0.addSecs(300));
    QVERIFY(!queue.nextDue(QStringLiteral("nobody")));

    const QList<OutboxEntry> filing = queue.awaitingFiling(account);
    QCOMPARE(filing.size(), 1);
    QCOMPARE(filing.first().id, sent);
}

void TestOutboxQueue::stateChanges()
{
    OutboxQueue queue(*m_cache);
    const qint64 id = queue.enqueue(message(QStringLiteral("a1"), QStringLiteral("s")));
    QVERIFY(!queue.markSending(id));
    QCOMPARE(queue.entry(id)->state, State::Sending);

    const QDateTime next = kT0.addSecs(60);
    QVERIFY(!queue.markQueuedForRetry(id, QStringLiteral("The server said 451."), 1, next));
    OutboxEntry entry = *queue.entry(id);
    QCOMPARE(entry.state, State::Queued);
    QCOMPARE(entry.attempts, 1);
    QCOMPARE(entry.nextAttempt, next);
    QCOMPARE(entry.lastError, QStringLiteral("The server said 451."));

    QVERIFY(!queue.markSending(id));
    QVERIFY(!queue.markFailed(id, QStringLiteral("The server refused bob: 550.")));
    entry = *queue.entry(id);
    QCOMPARE(entry.state, State::Failed);
    QCOMPARE(entry.lastError, QStringLiteral("The server refused bob: 550."));
    QCOMPARE(entry.attempts, 1);

    QVERIFY(!queue.markUnconfirmed(id, QStringLiteral("lost")));
    QCOMPARE(queue.entry(id)->state, State::Unconfirmed);

    QVERIFY(!queue.markSent(id, QStringLiteral("carol was refused")));
    entry = *queue.entry(id);
    QCOMPARE(entry.state, State::Sent);
    QCOMPARE(entry.lastError, QStringLiteral("carol was refused"));

    QCOMPARE(queue.markSent(4242).code, StoreError::NotFound);
}

void TestOutboxQueue::markSendingRefusesWhatIsNotWaiting()
{
    OutboxQueue queue(*m_cache);
    const qint64 id = queue.enqueue(message(QStringLiteral("a1"), QStringLiteral("s")));
    QVERIFY(!queue.markFailed(id, QStringLiteral("550")));
    QCOMPARE(queue.markSending(id).code, StoreError::NotFound);
    QCOMPARE(queue.entry(id)->state, State::Failed);
    QVERIFY(!queue.discard(id));
    QCOMPARE(queue.markSending(id).code, StoreError::NotFound);
}

void TestOutboxQueue::retryNowOnlyForFailedAndUnconfirmed_data()
{
    QTest::addColumn<int>("state");
    QTest::addColumn<bool>("allowed");
    QTest::newRow("Failed") << int(State::Failed) << true;
    QTest::newRow("Unconfirmed") << int(State::Unconfirmed) << true;
    QTest::newRow("Queued") << int(State::Queued) << false;
    QTest::newRow("Sending") << int(State::Sending) << false;
    QTest::newRow("Sent") << int(State::Sent) << false;
}

void TestOutboxQueue::retryNowOnlyForFailedAndUnconfirmed()
{
    QFETCH(int, state);
    QFETCH(bool, allowed);
    OutboxQueue queue(*m_cache);
    const qint64 id = queue.enqueue(message(QStringLiteral("a1"), QStringLiteral("r")));
    QVERIFY(!queue.markQueuedForRetry(id, QStringLiteral("451"), 3, kT0.addSecs(900)));
    switch (State(state)) {
    case State::Failed:
        QVERIFY(!queue.markFailed(id, QStringLiteral("550")));
        break;
    case State::Unconfirmed:
        QVERIFY(!queue.markUnconfirmed(id, QStringLiteral("lost")));
        break;
    case State::Sending:
        QVERIFY(!queue.markSending(id));
        break;
    case State::Sent:
        QVERIFY(!queue.markSent(id));
        break;
    case State::Queued:
        break;
    }
    const QDateTime now = kT0.addSecs(10);
    const StoreError error = queue.retryNow(id, now);
    QCOMPARE(!error, allowed);
    const OutboxEntry entry = *queue.entry(id);
    if (allowed) {
        QCOMPARE(entry.state, State::Queued);
        QCOMPARE(entry.attempts, 0);
        QCOMPARE(entry.nextAttempt, now);
        QVERIFY(entry.lastError.isEmpty());
        QCOMPARE(queue.due(QStringLiteral("a1"), now).size(), 1);
    } else {
        QCOMPARE(error.code, StoreError::NotFound);
        QCOMPARE(int(entry.state), state);
    }
}

void TestOutboxQueue::discardAndRemove()
{
    OutboxQueue queue(*m_cache);
    const qint64 sending = queue.enqueue(message(QStringLiteral("a1"), QStringLiteral("x")));
    const qint64 queued = queue.enqueue(message(QStringLiteral("a1"), QStringLiteral("y")));
    QVERIFY(!queue.markSending(sending));
    const StoreError busy = queue.discard(sending);
    QCOMPARE(busy.code, StoreError::Failed);
    QVERIFY(busy.message.contains(u"being sent"));
    QVERIFY(queue.entry(sending));
    QVERIFY(!queue.discard(queued));
    QVERIFY(!queue.entry(queued));
    QCOMPARE(queue.discard(queued).code, StoreError::NotFound);
    QVERIFY(!queue.remove(sending)); // the engine removes in any state
    QCOMPARE(queue.count(), 0);
    QCOMPARE(queue.remove(sending).code, StoreError::NotFound);
}

void TestOutboxQueue::signalAfterCommitOnly()
{
    OutboxQueue queue(*m_cache);
    const qint64 id = queue.enqueue(message(QStringLiteral("a1"), QStringLiteral("x")));
    QSignalSpy changed(m_cache.get(), &MailCache::outboxChanged);
    // Every slot reads the committed change.
    connect(m_cache.get(), &MailCache::outboxChanged, this, [&] {
        MailCache other;
        QVERIFY(!other.open(path()));
        QCOMPARE(OutboxQueue(other).entry(id)->state, State::Sending);
    });
    QVERIFY(!queue.markSending(id));
    QCOMPARE(changed.count(), 1);
    disconnect(m_cache.get(), &MailCache::outboxChanged, this, nullptr);
    // A failed write announces nothing.
    QVERIFY(queue.markSent(id + 100));
    QCOMPARE(changed.count(), 1);
}

QTEST_GUILESS_MAIN(TestOutboxQueue)
#include "tst_outboxqueue.moc"
