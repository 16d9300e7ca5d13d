// SPDX-License-Identifier: GPL-3.0-or-later
// MailStore's contract, checked on both backends (every test runs once per backend row).
#include "StoreFixture.h"

#include "server/store/MemoryStorage.h"

#include <QSemaphore>
#include <QSignalSpy>
#include <QTest>

#include <atomic>
#include <chrono>
#include <thread>

using namespace magpie::server;
using namespace magpie::server::test;
using namespace Qt::StringLiterals;

namespace {

QStringList names(const QList<MailboxStatus> &list)
{
    QStringList result;
    for (const MailboxStatus &status : list)
        result << status.name;
    return result;
}

QList<Uid> uidsOf(const QList<MessageRecord> &records)
{
    QList<Uid> result;
    for (const MessageRecord &record : records)
        result << record.uid;
    return result;
}

QList<Uid> spiedUids(const QSignalSpy &spy, int index)
{
    return spy.at(index).at(2).value<QList<Uid>>();
}

// Holds back the memory backend's write of sampleMessage(0) until released, and counts the
// other writes; fails it instead when `fail` is set. Undone (and released) when it goes.
struct WriteGate
{
    explicit WriteGate(bool fail = false)
    {
        MemoryStorage::writeHookForTests = [this, fail](const QList<NewMessage> &messages) {
            if (messages.first().bytes == sampleMessage(0)) {
                if (fail)
                    return StoreError::make(StoreError::Io, u"held write fails"_s);
                gate.acquire();
            } else {
                ++others;
            }
            return StoreError();
        };
    }
    ~WriteGate()
    {
        gate.release(100);
        MemoryStorage::writeHookForTests = {};
    }
    QSemaphore gate;
    std::atomic<int> others { 0 };
};

QList<Uid> allSpied(const QSignalSpy &spy)
{
    QList<Uid> all;
    for (int i = 0; i < spy.size(); ++i)
        all += spiedUids(spy, i);
    return all;
}

} // namespace

class TestMailStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void newUserHasSpecialFolders_data() { backends(); }
    void newUserHasSpecialFolders();
    void refusesUnusableUsers_data() { backends(); }
    void refusesUnusableUsers();
    void normalizesMailboxNames_data();
    void normalizesMailboxNames();
    void createsAncestors_data() { backends(); }
    void createsAncestors();
    void deleteRules_data() { backends(); }
    void deleteRules();
    void uidValidityNeverReused_data() { backends(); }
    void uidValidityNeverReused();
    void renameMovesChildren_data() { backends(); }
    void renameMovesChildren();
    void renameRules_data() { backends(); }
    void renameRules();
    void renameInbox_data() { backends(); }
    void renameInbox();
    void subscriptions_data() { backends(); }
    void subscriptions();
    void appendKeepsBytesFlagsAndDate_data() { backends(); }
    void appendKeepsBytesFlagsAndDate();
    void appendToMissingMailbox_data() { backends(); }
    void appendToMissingMailbox();
    void deliverToSeveralUsers_data() { backends(); }
    void deliverToSeveralUsers();
    void deliverToUnknownUserDeliversNothing_data() { backends(); }
    void deliverToUnknownUserDeliversNothing();
    void manyDeliveriesGetAscendingUids_data() { backends(); }
    void manyDeliveriesGetAscendingUids();
    void deliveriesShowInUidOrder();
    void appendWaitsForDeliveriesInFlight();
    void failedDeliveryLeavesAGap();
    void setFlags_data();
    void setFlags();
    void setFlagsSignalsOnlyChanges_data() { backends(); }
    void setFlagsSignalsOnlyChanges();
    void copyMapsUids_data() { backends(); }
    void copyMapsUids();
    void moveExpungesExactlyTheSources_data() { backends(); }
    void moveExpungesExactlyTheSources();
    void expungeRemovesExactlyTheUids_data() { backends(); }
    void expungeRemovesExactlyTheUids();
    void recentBelongsToOneClaimer_data() { backends(); }
    void recentBelongsToOneClaimer();
    void statusCounts_data() { backends(); }
    void statusCounts();
    void maildropLock_data() { backends(); }
    void maildropLock();

private:
    static void backends()
    {
        addBackendColumn();
        for (const QString &backend : kBackends)
            QTest::newRow(qPrintable(backend)) << backend;
    }
};

void TestMailStore::newUserHasSpecialFolders()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QVERIFY(f.store);
    QVERIFY(f.store->hasUser(u"Alice@Example.TEST"_s));
    QVERIFY(!f.store->hasUser(u"carol@example.test"_s));
    const QList<MailboxStatus> list = f.store->mailboxes(kAlice);
    QCOMPARE(
        names(list),
        QStringList({ u"INBOX"_s, u"Archive"_s, u"Drafts"_s, u"Junk"_s, u"Sent"_s, u"Trash"_s }));
    const QList<SpecialUse> uses = { SpecialUse::None, SpecialUse::Archive, SpecialUse::Drafts,
                                     SpecialUse::Junk, SpecialUse::Sent,    SpecialUse::Trash };
    QSet<quint32> validities;
    for (qsizetype i = 0; i < list.size(); ++i) {
        QCOMPARE(list.at(i).specialUse, uses.at(i));
        QVERIFY(list.at(i).subscribed);
        QCOMPARE(list.at(i).messages, 0);
        QCOMPARE(list.at(i).uidNext, Uid(1));
        QVERIFY(list.at(i).uidValidity > 0);
        validities.insert(list.at(i).uidValidity);
    }
    QCOMPARE(validities.size(), list.size());

    // Adding an existing user again leaves its mail alone.
    QVERIFY(f.append(u"INBOX"_s, sampleMessage(1)));
    QVERIFY(!f.store->addUser(u"ALICE@example.test"_s));
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->messages, 1);
    QCOMPARE(f.store->mailboxes(u"nobody@example.test"_s).size(), 0);
}

void TestMailStore::refusesUnusableUsers()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    for (const QString &bad :
         { u""_s, u".hidden@example.test"_s, u"a/b@example.test"_s, u"tab\t@example.test"_s }) {
        QCOMPARE(f.store->addUser(bad).code, StoreError::InvalidName);
        QVERIFY(!f.store->hasUser(bad));
    }
}

void TestMailStore::normalizesMailboxNames_data()
{
    addBackendColumn();
    QTest::addColumn<QString>("given");
    QTest::addColumn<QString>("stored"); // empty: refused as InvalidName
    const QList<std::pair<const char *, std::pair<QString, QString>>> rows = {
        { "plain", { u"Work"_s, u"Work"_s } },
        { "trailing delimiter", { u"Work/"_s, u"Work"_s } },
        { "inbox child", { u"inbox/Old"_s, u"INBOX/Old"_s } },
        { "unicode", { u"Entwürfe/日本"_s, u"Entwürfe/日本"_s } },
        { "dots and ampersand", { u"a.b & c"_s, u"a.b & c"_s } },
        { "empty level", { u"a//b"_s, QString() } },
        { "leading delimiter", { u"/a"_s, QString() } },
        { "only delimiter", { u"/"_s, QString() } },
        { "wildcard star", { u"a*"_s, QString() } },
        { "wildcard percent", { u"a%b"_s, QString() } },
        { "control", { u"a\nb"_s, QString() } },
    };
    for (const QString &backend : kBackends) {
        for (const auto &[row, names] : rows)
            QTest::addRow("%s %s", qPrintable(backend), row)
                << backend << names.first << names.second;
    }
}

void TestMailStore::normalizesMailboxNames()
{
    QFETCH(QString, backend);
    QFETCH(QString, given);
    QFETCH(QString, stored);
    StoreFixture f(backend);
    const StoreError error = f.store->createMailbox(kAlice, given);
    if (stored.isEmpty()) {
        QCOMPARE(error.code, StoreError::InvalidName);
        QVERIFY(!error.message.isEmpty());
        QCOMPARE(f.store->mailboxes(kAlice).size(), 6);
        return;
    }
    QVERIFY2(!error, qPrintable(error.message));
    QVERIFY(names(f.store->mailboxes(kAlice)).contains(stored));
    QCOMPARE(f.store->status(kAlice, given)->name, stored);
    if (f.maildir) { // the name survives the trip to disk and back
        f.open();
        QVERIFY(names(f.store->mailboxes(kAlice)).contains(stored));
    }
}

void TestMailStore::createsAncestors()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QSignalSpy changed(f.store.get(), &MailStore::mailboxesChanged);
    QVERIFY(!f.store->createMailbox(kAlice, u"Work/2024/Q1"_s));
    QCOMPARE(changed.size(), 1);
    QCOMPARE(changed.at(0).at(0).toString(), kAlice);
    const QStringList all = names(f.store->mailboxes(kAlice));
    QVERIFY(all.contains(u"Work"_s));
    QVERIFY(all.contains(u"Work/2024"_s));
    QVERIFY(all.contains(u"Work/2024/Q1"_s));
    QVERIFY(!f.store->status(kAlice, u"Work"_s)->subscribed); // CREATE does not subscribe
    QCOMPARE(f.store->createMailbox(kAlice, u"Work/2024"_s).code, StoreError::AlreadyExists);
    QCOMPARE(f.store->createMailbox(kAlice, u"inbox"_s).code, StoreError::AlreadyExists);
    QCOMPARE(f.store->createMailbox(u"nobody@example.test"_s, u"x"_s).code, StoreError::NoSuchUser);
    QCOMPARE(changed.size(), 1);
    // Other users do not see it.
    QVERIFY(!names(f.store->mailboxes(kBob)).contains(u"Work"_s));
}

void TestMailStore::deleteRules()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QVERIFY(!f.store->createMailbox(kAlice, u"Work/Old"_s));
    QVERIFY(f.append(u"Work/Old"_s, sampleMessage(1)));
    QSignalSpy changed(f.store.get(), &MailStore::mailboxesChanged);
    QCOMPARE(f.store->deleteMailbox(kAlice, u"INBOX"_s).code, StoreError::Forbidden);
    QCOMPARE(f.store->deleteMailbox(kAlice, u"Work"_s).code, StoreError::Forbidden);
    QCOMPARE(f.store->deleteMailbox(kAlice, u"Nothing"_s).code, StoreError::NoSuchMailbox);
    QCOMPARE(changed.size(), 0);
    QVERIFY(!f.store->deleteMailbox(kAlice, u"Work/Old"_s));
    QVERIFY(!f.store->deleteMailbox(kAlice, u"Work"_s));
    QVERIFY(!f.store->deleteMailbox(kAlice, u"Trash"_s)); // special-use folders may go
    QCOMPARE(changed.size(), 3);
    QCOMPARE(names(f.store->mailboxes(kAlice)),
             QStringList({ u"INBOX"_s, u"Archive"_s, u"Drafts"_s, u"Junk"_s, u"Sent"_s }));
    QVERIFY(f.store->messages(kAlice, u"Work/Old"_s).isEmpty());
    if (f.maildir) {
        f.open();
        QCOMPARE(names(f.store->mailboxes(kAlice)),
                 QStringList({ u"INBOX"_s, u"Archive"_s, u"Drafts"_s, u"Junk"_s, u"Sent"_s }));
    }
}

void TestMailStore::uidValidityNeverReused()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QSet<quint32> seen;
    for (const MailboxStatus &status : f.store->mailboxes(kAlice))
        seen.insert(status.uidValidity);
    quint32 last = 0;
    for (int round = 0; round < 3; ++round) {
        QVERIFY(!f.store->createMailbox(kAlice, u"Again"_s));
        QVERIFY(f.append(u"Again"_s, sampleMessage(round)));
        const quint32 validity = f.store->status(kAlice, u"Again"_s)->uidValidity;
        QVERIFY(!seen.contains(validity));
        QVERIFY(validity > last);
        seen.insert(validity);
        last = validity;
        QVERIFY(!f.store->deleteMailbox(kAlice, u"Again"_s));
        if (f.maildir)
            f.open(); // the counter survives a restart too
    }
}

void TestMailStore::renameMovesChildren()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QVERIFY(!f.store->createMailbox(kAlice, u"Work/Old"_s));
    QVERIFY(!f.store->setSubscribed(kAlice, u"Work/Old"_s, true));
    const Uid uid = f.append(u"Work/Old"_s, sampleMessage(1), { "\\Seen" });
    const MailboxStatus before = *f.store->status(kAlice, u"Work/Old"_s);
    QSignalSpy changed(f.store.get(), &MailStore::mailboxesChanged);
    QVERIFY(!f.store->renameMailbox(kAlice, u"Work"_s, u"Jobs/Past"_s));
    QCOMPARE(changed.size(), 1);
    const QStringList all = names(f.store->mailboxes(kAlice));
    QVERIFY(!all.contains(u"Work"_s));
    QVERIFY(!all.contains(u"Work/Old"_s));
    QVERIFY(all.contains(u"Jobs"_s)); // the new parent is made
    QVERIFY(all.contains(u"Jobs/Past"_s));
    const MailboxStatus after = *f.store->status(kAlice, u"Jobs/Past/Old"_s);
    QCOMPARE(after.uidValidity, before.uidValidity);
    QCOMPARE(after.uidNext, before.uidNext);
    QVERIFY(after.subscribed);
    QCOMPARE(f.store->content(kAlice, u"Jobs/Past/Old"_s, uid), sampleMessage(1));
    QVERIFY(f.store->message(kAlice, u"Jobs/Past/Old"_s, uid)->hasFlag("\\seen"));
    if (f.maildir) {
        f.open();
        QCOMPARE(f.store->content(kAlice, u"Jobs/Past/Old"_s, uid), sampleMessage(1));
        QVERIFY(f.store->status(kAlice, u"Jobs/Past/Old"_s)->subscribed);
        QCOMPARE(f.store->status(kAlice, u"Jobs/Past/Old"_s)->uidValidity, before.uidValidity);
    }
}

void TestMailStore::renameRules()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QVERIFY(!f.store->createMailbox(kAlice, u"A/B"_s));
    QSignalSpy changed(f.store.get(), &MailStore::mailboxesChanged);
    QCOMPARE(f.store->renameMailbox(kAlice, u"A"_s, u"A/B/C"_s).code, StoreError::Forbidden);
    QCOMPARE(f.store->renameMailbox(kAlice, u"A"_s, u"Sent"_s).code, StoreError::AlreadyExists);
    QCOMPARE(f.store->renameMailbox(kAlice, u"A"_s, u"inbox"_s).code, StoreError::AlreadyExists);
    QCOMPARE(f.store->renameMailbox(kAlice, u"Nope"_s, u"X"_s).code, StoreError::NoSuchMailbox);
    QCOMPARE(f.store->renameMailbox(kAlice, u"A"_s, u"X//Y"_s).code, StoreError::InvalidName);
    QCOMPARE(changed.size(), 0);
    QVERIFY(names(f.store->mailboxes(kAlice)).contains(u"A/B"_s));
}

void TestMailStore::renameInbox()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QVERIFY(!f.store->createMailbox(kAlice, u"INBOX/Keep"_s));
    const Uid first = f.append(u"INBOX"_s, sampleMessage(1), { "\\Flagged", "$Label1" });
    const Uid second = f.append(u"INBOX"_s, sampleMessage(2));
    const MailboxStatus inboxBefore = *f.store->status(kAlice, u"INBOX"_s);
    QSignalSpy expunged(f.store.get(), &MailStore::messagesExpunged);
    QVERIFY(!f.store->renameMailbox(kAlice, u"INBOX"_s, u"Old Inbox"_s));
    // RFC 3501 s6.3.5: the messages move, INBOX stays, empty, and so do its children.
    const MailboxStatus inboxAfter = *f.store->status(kAlice, u"INBOX"_s);
    QCOMPARE(inboxAfter.messages, 0);
    QCOMPARE(inboxAfter.uidValidity, inboxBefore.uidValidity);
    QCOMPARE(inboxAfter.uidNext, inboxBefore.uidNext); // its UIDs are not handed out again
    QVERIFY(f.store->status(kAlice, u"INBOX/Keep"_s));
    QCOMPARE(expunged.size(), 1);
    QCOMPARE(spiedUids(expunged, 0), QList<Uid>({ first, second }));
    const QList<MessageRecord> moved = f.store->messages(kAlice, u"Old Inbox"_s);
    QCOMPARE(moved.size(), 2);
    QCOMPARE(f.store->content(kAlice, u"Old Inbox"_s, moved.at(0).uid), sampleMessage(1));
    QCOMPARE(moved.at(0).flags, QList<QByteArray>({ "\\Flagged", "$Label1" }));
    QCOMPARE(f.store->content(kAlice, u"Old Inbox"_s, moved.at(1).uid), sampleMessage(2));
    // INBOX may also move below itself (RFC 3501 s6.3.5 example: RENAME INBOX INBOX/old).
    QVERIFY(!f.store->renameMailbox(kAlice, u"Old Inbox"_s, u"Older"_s));
    QVERIFY(f.append(u"INBOX"_s, sampleMessage(5)));
    QVERIFY(!f.store->renameMailbox(kAlice, u"inbox"_s, u"INBOX/Keep/Old"_s));
    QCOMPARE(f.store->messages(kAlice, u"INBOX/Keep/Old"_s).size(), 1);
    QCOMPARE(f.store->content(kAlice, u"INBOX/Keep/Old"_s, 1), sampleMessage(5));
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->messages, 0);
    QCOMPARE(f.store->messages(kAlice, u"Older"_s).size(), 2);
    // New mail still arrives in INBOX, with a fresh UID.
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(3)));
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ second + 2 }));
    if (f.maildir) {
        f.open();
        QCOMPARE(f.store->messages(kAlice, u"Older"_s).size(), 2);
        QCOMPARE(f.store->content(kAlice, u"INBOX/Keep/Old"_s, 1), sampleMessage(5));
        QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ second + 2 }));
    }
}

void TestMailStore::subscriptions()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QVERIFY(!f.store->createMailbox(kAlice, u"Lists"_s));
    QVERIFY(!f.store->setSubscribed(kAlice, u"Lists"_s, true));
    QVERIFY(!f.store->setSubscribed(kAlice, u"Lists"_s, true)); // twice is fine
    QVERIFY(f.store->status(kAlice, u"Lists"_s)->subscribed);
    QVERIFY(!f.store->setSubscribed(kAlice, u"Junk"_s, false));
    QVERIFY(!f.store->status(kAlice, u"Junk"_s)->subscribed);
    QCOMPARE(f.store->setSubscribed(kAlice, u"Nope"_s, true).code, StoreError::NoSuchMailbox);
    QCOMPARE(f.store->setSubscribed(kAlice, u"Nope"_s, false).code, StoreError::NoSuchMailbox);
    // RFC 3501 s6.3.6: deleting a mailbox keeps its subscription, which can still be removed.
    QVERIFY(!f.store->deleteMailbox(kAlice, u"Lists"_s));
    QVERIFY(!f.store->createMailbox(kAlice, u"Lists"_s));
    QVERIFY(f.store->status(kAlice, u"Lists"_s)->subscribed);
    QVERIFY(!f.store->deleteMailbox(kAlice, u"Lists"_s));
    QVERIFY(!f.store->setSubscribed(kAlice, u"Lists"_s, false));
    QVERIFY(!f.store->createMailbox(kAlice, u"Lists"_s));
    QVERIFY(!f.store->status(kAlice, u"Lists"_s)->subscribed);
    QCOMPARE(f.store->setSubscribed(kAlice, u"lists"_s, true).code, // names are case-sensitive
             StoreError::NoSuchMailbox);
    if (f.maildir) {
        QVERIFY(!f.store->setSubscribed(kAlice, u"Lists"_s, true));
        f.open();
        QVERIFY(f.store->status(kAlice, u"Lists"_s)->subscribed);
        QVERIFY(!f.store->status(kAlice, u"Junk"_s)->subscribed);
        QVERIFY(f.store->status(kAlice, u"INBOX"_s)->subscribed);
    }
}

void TestMailStore::appendKeepsBytesFlagsAndDate()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    const QDateTime date = QDateTime(QDate(2021, 3, 4), QTime(5, 6, 7, 890), Qt::UTC);
    const QByteArray bytes = sampleMessage(7) + QByteArray("\x00\xff\r\n", 4);
    StoreError error;
    const Uid uid =
        f.store->append(kAlice, u"Drafts"_s, bytes,
                        { "\\draft", "\\Recent", "\\Seen", "Work", "$forwarded" }, date, &error);
    QVERIFY2(!error, qPrintable(error.message));
    QCOMPARE(uid, Uid(1));
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.at(0).at(0).toString(), kAlice);
    QCOMPARE(added.at(0).at(1).toString(), u"Drafts"_s);
    QCOMPARE(spiedUids(added, 0), QList<Uid>({ uid }));
    const auto check = [&] {
        const std::optional<MessageRecord> record = f.store->message(kAlice, u"Drafts"_s, uid);
        QVERIFY(record);
        QCOMPARE(record->uid, uid);
        QCOMPARE(record->size, qint64(bytes.size()));
        QCOMPARE(record->internalDate, QDateTime(QDate(2021, 3, 4), QTime(5, 6, 7), Qt::UTC));
        // Canonical order and spelling; \Recent is not stored.
        QCOMPARE(record->flags, QList<QByteArray>({ "\\Seen", "\\Draft", "$Forwarded", "Work" }));
        QCOMPARE(f.store->content(kAlice, u"Drafts"_s, uid), bytes);
        QCOMPARE(f.store->status(kAlice, u"Drafts"_s)->uidNext, uid + 1);
    };
    check();
    if (f.maildir) {
        f.open();
        check();
    }
    StoreError missing;
    QVERIFY(f.store->content(kAlice, u"Drafts"_s, uid + 1, &missing).isEmpty());
    QCOMPARE(missing.code, StoreError::NoSuchMessage);
}

void TestMailStore::appendToMissingMailbox()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    StoreError error;
    QCOMPARE(f.store->append(kAlice, u"Nope"_s, sampleMessage(1), {}, {}, &error), Uid(0));
    QCOMPARE(error.code, StoreError::NoSuchMailbox);
    QCOMPARE(f.store->append(u"carol@x"_s, u"INBOX"_s, sampleMessage(1), {}, {}, &error), Uid(0));
    QCOMPARE(error.code, StoreError::NoSuchUser);
    QCOMPARE(added.size(), 0);
}

void TestMailStore::deliverToSeveralUsers()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    bool finished = false;
    StoreError result = StoreError::make(StoreError::Io, u"not called"_s);
    const QDateTime before = QDateTime::currentDateTimeUtc().addSecs(-1);
    f.store->deliver({ kAlice, u"BOB@example.test"_s, kAlice }, sampleMessage(1),
                     [&](const StoreError &error) {
                         finished = true;
                         result = error;
                     });
    QVERIFY(!finished); // never from inside deliver()
    QTRY_VERIFY(finished);
    QVERIFY2(!result, qPrintable(result.message));
    QCOMPARE(added.size(), 2);
    QStringList who;
    for (int i = 0; i < added.size(); ++i) {
        who << added.at(i).at(0).toString();
        QCOMPARE(added.at(i).at(1).toString(), u"INBOX"_s);
        QCOMPARE(spiedUids(added, i), QList<Uid>({ 1 }));
    }
    who.sort();
    QCOMPARE(who, QStringList({ kAlice, kBob })); // once each, though alice was named twice
    for (const QString &user : { kAlice, kBob }) {
        const QList<MessageRecord> inbox = f.store->messages(user, u"INBOX"_s);
        QCOMPARE(inbox.size(), 1);
        QVERIFY(inbox.at(0).flags.isEmpty());
        QVERIFY(inbox.at(0).internalDate >= before);
        QVERIFY(inbox.at(0).internalDate <= QDateTime::currentDateTimeUtc());
        QCOMPARE(f.store->content(user, u"INBOX"_s, 1), sampleMessage(1));
        QCOMPARE(f.store->status(user, u"INBOX"_s)->recent, 1);
    }
}

void TestMailStore::deliverToUnknownUserDeliversNothing()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    const StoreError error = f.deliver({ kAlice, u"carol@example.test"_s }, sampleMessage(1));
    QCOMPARE(error.code, StoreError::NoSuchUser);
    QVERIFY(error.message.contains(u"carol@example.test"_s));
    QCOMPARE(f.deliver({}, sampleMessage(1)).code, StoreError::NoSuchUser);
    QCOMPARE(added.size(), 0);
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->messages, 0);
}

void TestMailStore::manyDeliveriesGetAscendingUids()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    const int count = 40;
    int finished = 0;
    for (int i = 0; i < count; ++i) {
        f.store->deliver({ kAlice }, sampleMessage(i), [&](const StoreError &error) {
            QVERIFY(!error);
            ++finished;
        });
    }
    // An APPEND while deliveries are in flight waits for them: its UID comes after theirs,
    // and they are visible when it returns.
    const Uid appended = f.append(u"INBOX"_s, sampleMessage(1000));
    QCOMPARE(appended, Uid(count + 1));
    QCOMPARE(f.store->messages(kAlice, u"INBOX"_s).size(), count + 1);
    QTRY_COMPARE(finished, count);
    const QList<MessageRecord> inbox = f.store->messages(kAlice, u"INBOX"_s);
    QCOMPARE(inbox.size(), count + 1);
    QList<Uid> signalled;
    for (int i = 0; i < added.size(); ++i)
        signalled += spiedUids(added, i);
    QCOMPARE(signalled, uidsOf(inbox)); // each announced once, ascending
    QSet<QByteArray> bodies;
    for (const MessageRecord &record : inbox) {
        QCOMPARE(record.uid, Uid(&record - inbox.constData() + 1));
        bodies.insert(f.store->content(kAlice, u"INBOX"_s, record.uid));
    }
    QCOMPARE(bodies.size(), count + 1);
    QVERIFY(bodies.contains(f.store->content(kAlice, u"INBOX"_s, appended)));
    if (f.maildir) {
        f.open();
        QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), uidsOf(inbox));
    }
}

void TestMailStore::deliveriesShowInUidOrder()
{
    // The first delivery's write is held back while four later ones finish: none of them
    // may show before it, since a session that saw UID 2 must never see UID 1 appear.
    StoreFixture f(u"memory"_s);
    WriteGate held;
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    int finished = 0;
    for (int i = 0; i < 5; ++i) {
        f.store->deliver({ kAlice }, sampleMessage(i), [&](const StoreError &error) {
            QVERIFY(!error);
            ++finished;
        });
    }
    QVERIFY(QTest::qWaitFor([&] { return held.others == 4; }, 10000));
    QTest::qWait(100); // their completions reach the store's thread
    QCOMPARE(added.size(), 0);
    QCOMPARE(finished, 0);
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->messages, 0);
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->uidNext, Uid(1)); // nothing shown yet
    held.gate.release();
    QTRY_COMPARE(finished, 5);
    QCOMPARE(allSpied(added), QList<Uid>({ 1, 2, 3, 4, 5 }));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, 1), sampleMessage(0));
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->uidNext, Uid(6));
}

void TestMailStore::appendWaitsForDeliveriesInFlight()
{
    StoreFixture f(u"memory"_s);
    WriteGate held;
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    int finished = 0;
    for (int i = 0; i < 3; ++i) {
        f.store->deliver({ kAlice }, sampleMessage(i), [&](const StoreError &error) {
            QVERIFY(!error);
            ++finished;
        });
    }
    QVERIFY(QTest::qWaitFor([&] { return held.others == 2; }, 10000));
    // The APPEND blocks until the held write goes on, which another thread allows later.
    std::thread releaser([&held] {
        std::this_thread::sleep_for(std::chrono::milliseconds(100));
        held.gate.release();
    });
    const Uid appended = f.append(u"INBOX"_s, sampleMessage(100));
    releaser.join();
    QCOMPARE(appended, Uid(4));
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ 1, 2, 3, 4 }));
    QCOMPARE(allSpied(added), QList<Uid>({ 1, 2, 3, 4 })); // the deliveries were shown first
    QCOMPARE(spiedUids(added, added.size() - 1), QList<Uid>({ 4 }));
    QCOMPARE(finished, 0); // `done` still comes from the event loop
    QTRY_COMPARE(finished, 3);
    // A COPY into INBOX waits the same way.
    f.store->deliver({ kAlice }, sampleMessage(7), [&](const StoreError &) { ++finished; });
    QList<Uid> copied;
    QVERIFY(!f.store->copy(kAlice, u"INBOX"_s, { 4 }, u"INBOX"_s, nullptr, &copied));
    QCOMPARE(copied, QList<Uid>({ 6 }));
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ 1, 2, 3, 4, 5, 6 }));
    QTRY_COMPARE(finished, 4);
}

void TestMailStore::failedDeliveryLeavesAGap()
{
    StoreFixture f(u"memory"_s);
    WriteGate failing(true);
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    StoreError first, second;
    int finished = 0;
    f.store->deliver({ kAlice, kBob }, sampleMessage(0), [&](const StoreError &error) {
        first = error;
        ++finished;
    });
    f.store->deliver({ kAlice }, sampleMessage(1), [&](const StoreError &error) {
        second = error;
        ++finished;
    });
    QTRY_COMPARE(finished, 2);
    QCOMPARE(first.code, StoreError::Io);
    QVERIFY(!second);
    // UID 1 was reserved for the failed delivery and is never shown nor reused.
    QCOMPARE(allSpied(added), QList<Uid>({ 2 }));
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ 2 }));
    QVERIFY(f.store->messages(kBob, u"INBOX"_s).isEmpty());
    QCOMPARE(f.append(u"INBOX"_s, sampleMessage(2)), Uid(3));
}

void TestMailStore::setFlags_data()
{
    addBackendColumn();
    QTest::addColumn<int>("operation");
    QTest::addColumn<QList<QByteArray>>("flags");
    QTest::addColumn<QList<QByteArray>>("expected");
    using F = QList<QByteArray>;
    // Every message starts with \Seen and $Label1.
    const QList<std::tuple<const char *, FlagOperation, F, F>> rows = {
        { "add", FlagOperation::Add, F { "\\Deleted", "\\answered" },
          F { "\\Answered", "\\Deleted", "\\Seen", "$Label1" } },
        { "add keyword", FlagOperation::Add, F { "Later", "$Forwarded" },
          F { "\\Seen", "$Forwarded", "$Label1", "Later" } },
        { "add present", FlagOperation::Add, F { "\\SEEN", "$label1" }, F { "\\Seen", "$Label1" } },
        { "remove", FlagOperation::Remove, F { "\\seen" }, F { "$Label1" } },
        { "remove keyword", FlagOperation::Remove, F { "$LABEL1" }, F { "\\Seen" } },
        { "replace", FlagOperation::Replace, F { "\\Flagged", "x" }, F { "\\Flagged", "x" } },
        { "replace with nothing", FlagOperation::Replace, F {}, F {} },
        { "recent ignored", FlagOperation::Add, F { "\\Recent" }, F { "\\Seen", "$Label1" } },
        { "all system flags", FlagOperation::Replace,
          F { "\\Draft", "\\Seen", "\\Deleted", "\\Flagged", "\\Answered" },
          F { "\\Answered", "\\Flagged", "\\Deleted", "\\Seen", "\\Draft" } },
    };
    for (const QString &backend : kBackends) {
        for (const auto &[row, operation, flags, expected] : rows)
            QTest::addRow("%s %s", qPrintable(backend), row)
                << backend << int(operation) << flags << expected;
    }
}

void TestMailStore::setFlags()
{
    QFETCH(QString, backend);
    QFETCH(int, operation);
    QFETCH(QList<QByteArray>, flags);
    QFETCH(QList<QByteArray>, expected);
    StoreFixture f(backend);
    const QList<QByteArray> initial = { "\\Seen", "$Label1" };
    const Uid a = f.append(u"INBOX"_s, sampleMessage(1), initial);
    const Uid b = f.append(u"INBOX"_s, sampleMessage(2), initial);
    const Uid untouched = f.append(u"INBOX"_s, sampleMessage(3), initial);
    StoreError error;
    const QList<Uid> changed = f.store->setFlags(kAlice, u"INBOX"_s, { b, 99, a },
                                                 FlagOperation(operation), flags, &error);
    QVERIFY2(!error, qPrintable(error.message));
    const bool changes = expected != initial;
    QCOMPARE(changed, changes ? QList<Uid>({ a, b }) : QList<Uid>());
    const auto check = [&] {
        QCOMPARE(f.store->message(kAlice, u"INBOX"_s, a)->flags, expected);
        QCOMPARE(f.store->message(kAlice, u"INBOX"_s, b)->flags, expected);
        QCOMPARE(f.store->message(kAlice, u"INBOX"_s, untouched)->flags, initial);
        QCOMPARE(f.store->content(kAlice, u"INBOX"_s, a), sampleMessage(1));
    };
    check();
    if (f.maildir) {
        f.open();
        check();
    }
}

void TestMailStore::setFlagsSignalsOnlyChanges()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    const Uid a = f.append(u"INBOX"_s, sampleMessage(1), { "\\Seen" });
    const Uid b = f.append(u"INBOX"_s, sampleMessage(2));
    QSignalSpy spy(f.store.get(), &MailStore::flagsChanged);
    QCOMPARE(f.store->setFlags(kAlice, u"INBOX"_s, { a, b }, FlagOperation::Add, { "\\Seen" }),
             QList<Uid>({ b }));
    QCOMPARE(spy.size(), 1);
    QCOMPARE(spiedUids(spy, 0), QList<Uid>({ b }));
    QCOMPARE(f.store->setFlags(kAlice, u"INBOX"_s, { a, b }, FlagOperation::Add, { "\\Seen" }),
             QList<Uid>());
    QCOMPARE(spy.size(), 1);
    StoreError error;
    QVERIFY(
        f.store->setFlags(kAlice, u"Nope"_s, { a }, FlagOperation::Add, { "x" }, &error).isEmpty());
    QCOMPARE(error.code, StoreError::NoSuchMailbox);
}

void TestMailStore::copyMapsUids()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    const QDateTime date(QDate(2020, 1, 2), QTime(3, 4, 5), Qt::UTC);
    const Uid a = f.append(u"INBOX"_s, sampleMessage(1), { "\\Seen", "Work" }, date);
    const Uid b = f.append(u"INBOX"_s, sampleMessage(2), {}, date);
    const Uid c = f.append(u"INBOX"_s, sampleMessage(3), { "\\Flagged" }, date);
    QVERIFY(f.append(u"Archive"_s, sampleMessage(9)) == 1);
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    QSignalSpy expunged(f.store.get(), &MailStore::messagesExpunged);
    QList<Uid> copied, fresh;
    QVERIFY(!f.store->copy(kAlice, u"INBOX"_s, { c, 77, a }, u"Archive"_s, &copied, &fresh));
    QCOMPARE(copied, QList<Uid>({ c, a }));
    QCOMPARE(fresh, QList<Uid>({ 2, 3 }));
    QCOMPARE(added.size(), 1);
    QCOMPARE(added.at(0).at(1).toString(), u"Archive"_s);
    QCOMPARE(spiedUids(added, 0), fresh);
    QCOMPARE(expunged.size(), 0);
    QCOMPARE(f.store->messages(kAlice, u"INBOX"_s).size(), 3);
    const auto check = [&] {
        const std::optional<MessageRecord> copyOfC = f.store->message(kAlice, u"Archive"_s, 2);
        QVERIFY(copyOfC);
        QCOMPARE(copyOfC->flags, QList<QByteArray>({ "\\Flagged" }));
        QCOMPARE(copyOfC->internalDate, date); // RFC 3501 s6.4.7
        QCOMPARE(f.store->content(kAlice, u"Archive"_s, 2), sampleMessage(3));
        QCOMPARE(f.store->message(kAlice, u"Archive"_s, 3)->flags,
                 QList<QByteArray>({ "\\Seen", "Work" }));
        QCOMPARE(f.store->content(kAlice, u"Archive"_s, 3), sampleMessage(1));
    };
    check();
    // The copy is a message of its own.
    f.store->setFlags(kAlice, u"Archive"_s, { 3 }, FlagOperation::Replace, {});
    QCOMPARE(f.store->message(kAlice, u"INBOX"_s, a)->flags,
             QList<QByteArray>({ "\\Seen", "Work" }));
    QCOMPARE(f.store->expunge(kAlice, u"INBOX"_s, { c }), QList<Uid>({ c }));
    QCOMPARE(f.store->content(kAlice, u"Archive"_s, 2), sampleMessage(3));
    // Into the same mailbox, and of nothing.
    QVERIFY(!f.store->copy(kAlice, u"INBOX"_s, { b }, u"INBOX"_s, &copied, &fresh));
    QCOMPARE(fresh, QList<Uid>({ c + 1 }));
    QCOMPARE(f.store->content(kAlice, u"INBOX"_s, c + 1), sampleMessage(2));
    QVERIFY(!f.store->copy(kAlice, u"INBOX"_s, { 500 }, u"Archive"_s, &copied, &fresh));
    QVERIFY(copied.isEmpty());
    QVERIFY(fresh.isEmpty());
    QCOMPARE(f.store->copy(kAlice, u"INBOX"_s, { a }, u"Nope"_s, &copied, &fresh).code,
             StoreError::NoSuchMailbox);
    if (f.maildir) {
        f.open();
        QCOMPARE(f.store->message(kAlice, u"Archive"_s, 2)->internalDate, date);
        QCOMPARE(f.store->content(kAlice, u"Archive"_s, 2), sampleMessage(3));
        QCOMPARE(f.store->content(kAlice, u"INBOX"_s, c + 1), sampleMessage(2));
    }
}

void TestMailStore::moveExpungesExactlyTheSources()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    const Uid a = f.append(u"INBOX"_s, sampleMessage(1), { "\\Deleted" });
    const Uid b = f.append(u"INBOX"_s, sampleMessage(2), { "\\Deleted" });
    const Uid c = f.append(u"INBOX"_s, sampleMessage(3), { "\\Seen" });
    QSignalSpy added(f.store.get(), &MailStore::messagesAdded);
    QSignalSpy expunged(f.store.get(), &MailStore::messagesExpunged);
    QList<Uid> moved, fresh;
    QVERIFY(!f.store->move(kAlice, u"INBOX"_s, { c, a }, u"Trash"_s, &moved, &fresh));
    QCOMPARE(moved, QList<Uid>({ c, a }));
    QCOMPARE(fresh, QList<Uid>({ 1, 2 }));
    // b is \Deleted too but was not named: it stays (the reason MOVE exists, RFC 6851).
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ b }));
    QCOMPARE(f.store->content(kAlice, u"Trash"_s, 1), sampleMessage(3));
    QCOMPARE(f.store->message(kAlice, u"Trash"_s, 2)->flags, QList<QByteArray>({ "\\Deleted" }));
    QCOMPARE(added.size(), 1);
    QCOMPARE(spiedUids(added, 0), fresh);
    QCOMPARE(expunged.size(), 1);
    QCOMPARE(expunged.at(0).at(1).toString(), u"INBOX"_s);
    QCOMPARE(spiedUids(expunged, 0), QList<Uid>({ a, c }));
    if (f.maildir) {
        f.open();
        QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ b }));
        QCOMPARE(uidsOf(f.store->messages(kAlice, u"Trash"_s)), QList<Uid>({ 1, 2 }));
        QCOMPARE(f.store->content(kAlice, u"Trash"_s, 2), sampleMessage(1));
    }
}

void TestMailStore::expungeRemovesExactlyTheUids()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    for (int i = 1; i <= 4; ++i)
        f.append(u"INBOX"_s, sampleMessage(i));
    QSignalSpy expunged(f.store.get(), &MailStore::messagesExpunged);
    QCOMPARE(f.store->expunge(kAlice, u"INBOX"_s, { 4, 2, 9, 2 }), QList<Uid>({ 2, 4 }));
    QCOMPARE(expunged.size(), 1);
    QCOMPARE(spiedUids(expunged, 0), QList<Uid>({ 2, 4 }));
    QCOMPARE(uidsOf(f.store->messages(kAlice, u"INBOX"_s)), QList<Uid>({ 1, 3 }));
    QCOMPARE(f.store->expunge(kAlice, u"INBOX"_s, { 2 }), QList<Uid>());
    QCOMPARE(expunged.size(), 1);
    StoreError error;
    QVERIFY(f.store->content(kAlice, u"INBOX"_s, 2, &error).isEmpty());
    QCOMPARE(error.code, StoreError::NoSuchMessage);
    // An expunged UID is never handed out again, even after a restart.
    QCOMPARE(f.store->expunge(kAlice, u"INBOX"_s, { 1, 3 }), QList<Uid>({ 1, 3 }));
    if (f.maildir)
        f.open();
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->uidNext, Uid(5));
    QCOMPARE(f.append(u"INBOX"_s, sampleMessage(5)), Uid(5));
}

void TestMailStore::recentBelongsToOneClaimer()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(1)));
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(2)));
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->recent, 2);
    QCOMPARE(f.store->claimRecent(kAlice, u"INBOX"_s), QList<Uid>({ 1, 2 }));
    QCOMPARE(f.store->claimRecent(kAlice, u"inbox"_s), QList<Uid>());
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->recent, 0);
    QVERIFY(!f.deliver({ kAlice }, sampleMessage(3)));
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->recent, 1);
    f.store->expunge(kAlice, u"INBOX"_s, { 3 });
    QCOMPARE(f.store->status(kAlice, u"INBOX"_s)->recent, 0);
    QCOMPARE(f.store->claimRecent(kAlice, u"INBOX"_s), QList<Uid>());
    QCOMPARE(f.store->claimRecent(kAlice, u"Nope"_s), QList<Uid>());
}

void TestMailStore::statusCounts()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    f.append(u"Sent"_s, sampleMessage(1), { "\\Seen" });
    f.append(u"Sent"_s, sampleMessage(2));
    f.append(u"Sent"_s, sampleMessage(3), { "\\Flagged" });
    const MailboxStatus status = *f.store->status(kAlice, u"Sent"_s);
    QCOMPARE(status.name, u"Sent"_s);
    QCOMPARE(status.specialUse, SpecialUse::Sent);
    QCOMPARE(status.messages, 3);
    QCOMPARE(status.unseen, 2);
    QCOMPARE(status.uidNext, Uid(4));
    QVERIFY(!f.store->status(kAlice, u"Nope"_s));
    QVERIFY(!f.store->status(u"carol@example.test"_s, u"INBOX"_s));
}

void TestMailStore::maildropLock()
{
    QFETCH(QString, backend);
    StoreFixture f(backend);
    QVERIFY(f.store->lockMaildrop(kAlice));
    QVERIFY(!f.store->lockMaildrop(u"ALICE@example.test"_s));
    QVERIFY(f.store->lockMaildrop(kBob));
    QVERIFY(!f.store->lockMaildrop(u"carol@example.test"_s));
    f.store->unlockMaildrop(kAlice);
    QVERIFY(f.store->lockMaildrop(kAlice));
}

QTEST_GUILESS_MAIN(TestMailStore)
#include "tst_mailstore.moc"
