// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapMailboxView.h"

#include <QTest>

using namespace magpie::server;

namespace {

MessageRecord record(Uid uid, QList<QByteArray> flags = {})
{
    MessageRecord r;
    r.uid = uid;
    r.flags = std::move(flags);
    r.size = 100;
    return r;
}

QList<MessageRecord> records(std::initializer_list<Uid> uids)
{
    QList<MessageRecord> result;
    for (Uid uid : uids)
        result.append(record(uid));
    return result;
}

} // namespace

class TestImapMailboxView : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void sequenceNumbersFollowUids();
    void ownRemovalRenumbersAsItGoes();
    void othersExpungesWaitUntilAllowed();
    void newMessagesAreAnnouncedWithRecent();
    void othersFlagChangesAreAnnouncedOnce();
    void ownFlagChangesAreNotAnnouncedAgain();
    void newKeywordUpdatesFlags();
    void nothingPendingSaysNothing();
};

void TestImapMailboxView::sequenceNumbersFollowUids()
{
    ImapMailboxView view;
    view.reset(records({ 3, 7, 9 }), { 9 });
    QCOMPARE(view.size(), 3);
    QCOMPARE(view.at(2).uid, Uid(7));
    QCOMPARE(view.sequenceOf(9), 3);
    QCOMPARE(view.sequenceOf(8), 0);
    QCOMPARE(view.largestUid(), Uid(9));
    QVERIFY(view.isRecent(9));
    QVERIFY(!view.isRecent(7));
    QCOMPARE(view.fetchFlags(3), QList<QByteArray>({ "\\Recent" }));
    QCOMPARE(view.fetchFlags(1), QList<QByteArray>());
    QCOMPARE(view.flagsResponse(),
             QByteArray("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\r\n"));
}

void TestImapMailboxView::ownRemovalRenumbersAsItGoes()
{
    ImapMailboxView view;
    view.reset(records({ 1, 2, 3, 4, 5, 6 }), {});
    // RFC 3501 s7.4.1's example: removing 3, 4, 5 (and here 1) gives 1, 2, 2, 2.
    QCOMPARE(view.remove({ 1, 3, 4, 5 }),
             QByteArray("* 1 EXPUNGE\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\n* 2 EXPUNGE\r\n"));
    QCOMPARE(view.uids(), QList<Uid>({ 2, 6 }));
    QCOMPARE(view.sequenceOf(6), 2);
    QCOMPARE(view.remove({ 42 }), QByteArray());
}

void TestImapMailboxView::othersExpungesWaitUntilAllowed()
{
    ImapMailboxView view;
    view.reset(records({ 1, 2, 3 }), {});
    view.noteExpunged();
    QVERIFY(view.hasPendingChanges());
    // During FETCH/STORE/SEARCH: nothing said, the message stays as a ghost.
    QCOMPARE(view.synchronize(records({ 1, 3 }), {}, false), QByteArray());
    QCOMPARE(view.size(), 3);
    QVERIFY(view.isExpunged(2));
    QVERIFY(view.hasPendingChanges());
    // New mail meanwhile counts the ghost: EXISTS never goes down before the EXPUNGE.
    view.noteAdded();
    QCOMPARE(view.synchronize(records({ 1, 3, 4 }), {}, false),
             QByteArray("* 4 EXISTS\r\n* 0 RECENT\r\n"));
    // At NOOP: the EXPUNGE, and the numbers close up.
    QCOMPARE(view.synchronize(records({ 1, 3, 4 }), {}, true), QByteArray("* 2 EXPUNGE\r\n"));
    QCOMPARE(view.uids(), QList<Uid>({ 1, 3, 4 }));
    QVERIFY(!view.hasPendingChanges());
}

void TestImapMailboxView::newMessagesAreAnnouncedWithRecent()
{
    ImapMailboxView view;
    view.reset(records({ 1 }), { 1 });
    view.noteAdded();
    QCOMPARE(view.synchronize(records({ 1, 5, 6 }), { 6 }, true),
             QByteArray("* 3 EXISTS\r\n* 2 RECENT\r\n"));
    QVERIFY(view.isRecent(6));
    QVERIFY(!view.isRecent(5));
    // A hint with nothing new behind it says nothing.
    view.noteAdded();
    QCOMPARE(view.synchronize(records({ 1, 5, 6 }), {}, true), QByteArray());
}

void TestImapMailboxView::othersFlagChangesAreAnnouncedOnce()
{
    ImapMailboxView view;
    view.reset(records({ 1, 2, 3 }), { 3 });
    QList<MessageRecord> now = records({ 1, 2, 3 });
    now[2].flags = { "\\Seen" };
    now[0].flags = { "\\Flagged" };
    view.noteFlagsChanged({ 3, 1 });
    QCOMPARE(
        view.synchronize(now, {}, false),
        QByteArray("* 1 FETCH (FLAGS (\\Flagged))\r\n* 3 FETCH (FLAGS (\\Seen \\Recent))\r\n"));
    view.noteFlagsChanged({ 3 });
    QCOMPARE(view.synchronize(now, {}, false), QByteArray());
}

void TestImapMailboxView::ownFlagChangesAreNotAnnouncedAgain()
{
    ImapMailboxView view;
    view.reset(records({ 1, 2 }), {});
    QCOMPARE(view.updateFlags(2, { "\\Deleted" }), QByteArray());
    QList<MessageRecord> now = records({ 1, 2 });
    now[1].flags = { "\\Deleted" };
    view.noteFlagsChanged({ 2 }); // the store's signal for this session's own STORE
    QCOMPARE(view.synchronize(now, {}, true), QByteArray());
    QCOMPARE(view.at(2).flags, QList<QByteArray>({ "\\Deleted" }));
}

void TestImapMailboxView::newKeywordUpdatesFlags()
{
    ImapMailboxView view;
    view.reset({ record(1, { "$Label1" }) }, {});
    QCOMPARE(view.keywords(), QList<QByteArray>({ "$Label1" }));
    QCOMPARE(view.updateFlags(1, { "$label1", "\\Seen" }), QByteArray());
    QCOMPARE(
        view.updateFlags(1, { "$Label1", "Work" }),
        QByteArray("* FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Label1 Work)\r\n"));
}

void TestImapMailboxView::nothingPendingSaysNothing()
{
    ImapMailboxView view;
    view.reset(records({ 1 }), {});
    QVERIFY(!view.hasPendingChanges());
    // Without a hint the store is not even compared.
    QCOMPARE(view.synchronize(records({}), {}, true), QByteArray());
    QCOMPARE(view.size(), 1);
    view.clear();
    QCOMPARE(view.size(), 0);
    QCOMPARE(view.largestUid(), Uid(0));
}

QTEST_GUILESS_MAIN(TestImapMailboxView)
#include "tst_imapmailboxview.moc"
