// SPDX-License-Identifier: GPL-3.0-or-later
// Two IMAP sessions on one store: each keeps its own sequence numbers, and hears of the
// other's changes only where RFC 3501 s5.2, s5.5 and s7.4.1 allow; \Recent goes to one
// session; IDLE (RFC 2177) pushes what happens meanwhile, SMTP-like delivery included.
#include "Dialogue.h"

#include "server/imap/ImapSession.h"

#include <QSignalSpy>
#include <QTest>

using namespace magpie::server;
using namespace magpie::server::testing;

namespace {

const QString kAlice = QStringLiteral("alice@example.test");
const QString kInbox = QStringLiteral("INBOX");

const QByteArray kMessage = "From: Bob <bob@example.test>\r\n"
                            "Subject: Hello\r\n"
                            "\r\n"
                            "Hi Alice.\r\n";

Uid seed(ServerFixture &fixture, const QString &mailbox, QList<QByteArray> flags = {})
{
    StoreError error;
    return fixture.store->append(kAlice, mailbox, kMessage, flags,
                                 QDateTime(QDate(2024, 1, 2), QTime(3, 4, 5), Qt::UTC), &error);
}

// A session logged in as alice, `command` (a SELECT, say) run and its answer read.
struct Client
{
    Client(ServerFixture &fixture, const QByteArray &command = {})
        : session(fixture.context, transport)
    {
        session.start();
        session.receive("l LOGIN alice@example.test secret\r\n");
        if (!command.isEmpty())
            session.receive(QByteArray("s " + command + "\r\n"));
        transport.take();
    }
    bool play(const QByteArray &script) { return replay(session, transport, script); }
    // What the session pushes without being asked (IDLE): waits for it.
    bool pushed(const QByteArray &expected)
    {
        [&] {
            QTRY_COMPARE_WITH_TIMEOUT(QString::fromUtf8(transport.written),
                                      QString::fromUtf8(expected), 2000);
        }();
        transport.take();
        return !QTest::currentTestFailed();
    }

    FakeTransport transport;
    ImapSession session;
};

} // namespace

class TestImapSessionConcurrent : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void othersExpungeWaitsForAllowedPoint();
    void ghostContentIsServedFromTheCache();
    void othersFlagChangesAreAnnounced();
    void recentGoesToOneSession();
    void newMailIsAnnouncedAfterFetch();
    void idleSeesOthersAndDelivery();
    void idleEndsWithBadOnAnythingButDone();
    void idleBeforeSelect();
    void mailboxDeletedUnderTheSession();
    void mailboxDeletedDuringIdle();
};

void TestImapSessionConcurrent::othersExpungeWaitsForAllowedPoint()
{
    ServerFixture fixture;
    seed(fixture, kInbox);
    seed(fixture, kInbox);
    seed(fixture, kInbox);
    Client a(fixture, "SELECT INBOX");
    Client b(fixture, "SELECT INBOX");
    QVERIFY(a.play("C: a1 STORE 2 +FLAGS.SILENT (\\Deleted)\n"
                   "S: a1 OK STORE completed\n"
                   "C: a2 EXPUNGE\n"
                   "S: * 2 EXPUNGE\n"
                   "S: a2 OK EXPUNGE completed"));
    // RFC 3501 s7.4.1: never during FETCH, STORE or SEARCH; B's numbers stay as they were.
    QVERIFY(b.play(
        "C: b1 FETCH 1:3 UID\n"
        "S: * 1 FETCH (UID 1)\n"
        "S: * 2 FETCH (UID 2)\n"
        "S: * 3 FETCH (UID 3)\n"
        "S: b1 OK FETCH completed\n"
        "C: b2 SEARCH ALL\n"
        "S: * SEARCH 1 2 3\n"
        "S: b2 OK SEARCH completed\n"
        "C: b3 STORE 3 +FLAGS (\\Seen)\n"
        "S: * 3 FETCH (FLAGS (\\Seen))\n"
        "S: b3 OK STORE completed\n"
        "C: b4 COPY 2:3 Trash\n"
        "S: b4 OK [COPYUID "
        + QByteArray::number(fixture.store->status(kAlice, QStringLiteral("Trash"))->uidValidity)
        + " 3 1] COPY completed\n"
          // NOOP is where it is told, and the numbers close up.
          "C: b5 NOOP\n"
          "S: * 2 EXPUNGE\n"
          "S: b5 OK NOOP completed\n"
          "C: b6 FETCH 1:* UID\n"
          "S: * 1 FETCH (UID 1)\n"
          "S: * 2 FETCH (UID 3)\n"
          "S: b6 OK FETCH completed"));
    // A UID command may hear of it (RFC 9051 s7.5.1).
    // A, meanwhile, hears of B's STORE.
    QVERIFY(a.play("C: a3 STORE 1 +FLAGS.SILENT (\\Deleted)\n"
                   "S: * 2 FETCH (FLAGS (\\Seen \\Recent))\n"
                   "S: a3 OK STORE completed\n"
                   "C: a4 EXPUNGE\nS: * 1 EXPUNGE\nS: a4 OK EXPUNGE completed"));
    QVERIFY(b.play("C: b7 UID FETCH 3 UID\n"
                   "S: * 2 FETCH (UID 3)\n"
                   "S: * 1 EXPUNGE\n"
                   "S: b7 OK FETCH completed"));
}

void TestImapSessionConcurrent::ghostContentIsServedFromTheCache()
{
    ServerFixture fixture;
    seed(fixture, kInbox);
    seed(fixture, kInbox);
    Client a(fixture, "SELECT INBOX");
    Client b(fixture, "SELECT INBOX");
    QVERIFY(
        b.play("C: b1 FETCH 2 ENVELOPE\n"
               "S: * 2 FETCH (ENVELOPE (NIL \"Hello\" ((\"Bob\" NIL \"bob\" \"example.test\")) "
               "((\"Bob\" NIL \"bob\" \"example.test\")) ((\"Bob\" NIL \"bob\" \"example.test\")) "
               "NIL NIL NIL NIL NIL))\n"
               "S: b1 OK FETCH completed"));
    QVERIFY(a.play("C: a1 STORE 2 +FLAGS.SILENT (\\Deleted)\nS: a1 OK STORE completed\n"
                   "C: a2 EXPUNGE\nS: * 2 EXPUNGE\nS: a2 OK EXPUNGE completed"));
    // What the view and the cache still hold is served; the content itself is gone, and
    // RFC 3501 s7.4.1 lets the server say NO for it.
    QVERIFY(b.play(
        "C: b2 FETCH 2 (UID RFC822.SIZE ENVELOPE)\n"
        "S: * 2 FETCH (UID 2 RFC822.SIZE "
        + QByteArray::number(kMessage.size())
        + " ENVELOPE (NIL \"Hello\" ((\"Bob\" NIL \"bob\" \"example.test\")) "
          "((\"Bob\" NIL \"bob\" \"example.test\")) ((\"Bob\" NIL \"bob\" \"example.test\")) "
          "NIL NIL NIL NIL NIL))\n"
          "S: b2 OK FETCH completed\n"
          "C: b3 FETCH 1:2 BODY.PEEK[TEXT]\n"
          "S: * 1 FETCH (BODY[TEXT] {11}\n"
          "S: Hi Alice.\n"
          "S: )\n"
          "S: b3 NO [EXPUNGEISSUED] Some of the requested messages were expunged by another "
          "session.\n"
          "C: b4 NOOP\n"
          "S: * 2 EXPUNGE\n"
          "S: b4 OK NOOP completed"));
}

void TestImapSessionConcurrent::othersFlagChangesAreAnnounced()
{
    ServerFixture fixture;
    seed(fixture, kInbox);
    seed(fixture, kInbox);
    Client a(fixture, "SELECT INBOX");
    Client b(fixture, "SELECT INBOX");
    // .SILENT only spares the session that stored the FETCH responses (RFC 3501 s6.4.6); a
    // new keyword still extends its FLAGS.
    QVERIFY(a.play("C: a1 STORE 1:2 +FLAGS.SILENT (\\Flagged $Work)\n"
                   "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)\n"
                   "S: a1 OK STORE completed\n"
                   "C: a2 NOOP\nS: a2 OK NOOP completed"));
    QVERIFY(b.play("C: b1 NOOP\n"
                   "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft $Work)\n"
                   "S: * 1 FETCH (FLAGS (\\Flagged $Work))\n"
                   "S: * 2 FETCH (FLAGS (\\Flagged $Work))\n"
                   "S: b1 OK NOOP completed\n"
                   "C: b2 NOOP\n"
                   "S: b2 OK NOOP completed"));
    // Changes that cancel out before B hears of them say nothing.
    QVERIFY(a.play("C: a3 STORE 1 -FLAGS.SILENT (\\Flagged)\nS: a3 OK STORE completed\n"
                   "C: a4 STORE 1 +FLAGS.SILENT (\\Flagged)\nS: a4 OK STORE completed"));
    QVERIFY(b.play("C: b3 CHECK\nS: b3 OK CHECK completed"));
}

void TestImapSessionConcurrent::recentGoesToOneSession()
{
    ServerFixture fixture;
    seed(fixture, kInbox);
    seed(fixture, kInbox);
    Client a(fixture);
    Client b(fixture);
    QVERIFY(a.play("C: a1 SELECT INBOX\n"
                   "S: * FLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft)\n"
                   "S: * OK [PERMANENTFLAGS (\\Answered \\Flagged \\Deleted \\Seen \\Draft \\*)] "
                   "Flags permitted.\n"
                   "S: * 2 EXISTS\n"
                   "S: * 2 RECENT\n"
                   "S: * OK [UNSEEN 1] First unseen.\n"
                   "S: * OK [UIDVALIDITY "
                   + QByteArray::number(fixture.store->status(kAlice, kInbox)->uidValidity)
                   + "] UIDs valid\n"
                     "S: * OK [UIDNEXT 3] Predicted next UID\n"
                     "S: a1 OK [READ-WRITE] SELECT completed"));
    b.session.receive("b1 SELECT INBOX\r\n");
    QVERIFY(b.transport.take().contains("* 0 RECENT\r\n"));
    seed(fixture, kInbox);
    // Whoever hears of the new message first owns its \Recent (RFC 3501 s2.3.2).
    QVERIFY(b.play("C: b2 NOOP\n"
                   "S: * 3 EXISTS\n"
                   "S: * 1 RECENT\n"
                   "S: b2 OK NOOP completed\n"
                   "C: b3 SEARCH RECENT\n"
                   "S: * SEARCH 3\n"
                   "S: b3 OK SEARCH completed"));
    QVERIFY(a.play("C: a2 NOOP\n"
                   "S: * 3 EXISTS\n"
                   "S: * 2 RECENT\n"
                   "S: a2 OK NOOP completed\n"
                   "C: a3 FETCH 1:* FLAGS\n"
                   "S: * 1 FETCH (FLAGS (\\Recent))\n"
                   "S: * 2 FETCH (FLAGS (\\Recent))\n"
                   "S: * 3 FETCH (FLAGS ())\n"
                   "S: a3 OK FETCH completed"));
}

void TestImapSessionConcurrent::newMailIsAnnouncedAfterFetch()
{
    ServerFixture fixture;
    seed(fixture, kInbox, { "\\Seen" });
    Client b(fixture, "SELECT INBOX");
    seed(fixture, kInbox);
    // RFC 3501 s7.3.1: EXISTS may follow any command, FETCH included.
    QVERIFY(b.play("C: b1 FETCH 1 FLAGS\n"
                   "S: * 1 FETCH (FLAGS (\\Seen \\Recent))\n"
                   "S: * 2 EXISTS\n"
                   "S: * 2 RECENT\n"
                   "S: b1 OK FETCH completed"));
}

void TestImapSessionConcurrent::idleSeesOthersAndDelivery()
{
    ServerFixture fixture;
    seed(fixture, kInbox);
    seed(fixture, kInbox);
    Client a(fixture);
    Client b(fixture, "SELECT INBOX");
    QVERIFY(b.play("C: b1 IDLE\nS: + idling"));

    // APPEND by another session.
    QVERIFY(a.play("C: a1 APPEND INBOX {" + QByteArray::number(kMessage.size())
                   + "+}\n"
                     "C: "
                   + QByteArray(kMessage).chopped(2).replace("\r\n", "\nC: ")
                   + "\n"
                     "C: \n"
                     "S: a1 OK [APPENDUID "
                   + QByteArray::number(fixture.store->status(kAlice, kInbox)->uidValidity)
                   + " 3] APPEND completed"));
    QVERIFY(b.pushed("* 3 EXISTS\r\n* 3 RECENT\r\n"));

    // SMTP delivery.
    bool delivered = false;
    fixture.store->deliver({ kAlice }, kMessage,
                           [&](const StoreError &error) { delivered = !error; });
    QVERIFY(b.pushed("* 4 EXISTS\r\n* 4 RECENT\r\n"));
    QVERIFY(delivered);

    // Flags and expunges.
    a.session.receive("a2 SELECT INBOX\r\n");
    a.transport.take();
    QVERIFY(a.play("C: a3 STORE 1 +FLAGS.SILENT (\\Seen)\nS: a3 OK STORE completed"));
    QVERIFY(b.pushed("* 1 FETCH (FLAGS (\\Seen \\Recent))\r\n"));
    QVERIFY(a.play("C: a4 STORE 2 +FLAGS.SILENT (\\Deleted)\nS: a4 OK STORE completed\n"
                   "C: a5 EXPUNGE\nS: * 2 EXPUNGE\nS: a5 OK EXPUNGE completed"));
    QVERIFY(b.pushed("* 2 FETCH (FLAGS (\\Deleted \\Recent))\r\n* 2 EXPUNGE\r\n"));

    QVERIFY(b.play("C: DONE\nS: b1 OK IDLE terminated\n"
                   "C: b2 FETCH 1:* UID\n"
                   "S: * 1 FETCH (UID 1)\n"
                   "S: * 2 FETCH (UID 3)\n"
                   "S: * 3 FETCH (UID 4)\n"
                   "S: b2 OK FETCH completed"));
}

void TestImapSessionConcurrent::idleEndsWithBadOnAnythingButDone()
{
    ServerFixture fixture;
    Client b(fixture, "SELECT INBOX");
    QVERIFY(b.play("C: b1 IDLE\nS: + idling\n"
                   "C: b2 NOOP\n"
                   "S: b1 BAD Expected DONE to end IDLE.\n"
                   "C: b3 IDLE\nS: + idling\n"
                   "C: done\n"
                   "S: b3 OK IDLE terminated"));
}

void TestImapSessionConcurrent::idleBeforeSelect()
{
    ServerFixture fixture;
    Client b(fixture);
    QVERIFY(b.play("C: b1 IDLE\nS: + idling"));
    seed(fixture, kInbox);
    QTest::qWait(20);
    QVERIFY(b.play("C: DONE\nS: b1 OK IDLE terminated"));
}

void TestImapSessionConcurrent::mailboxDeletedUnderTheSession()
{
    ServerFixture fixture;
    QVERIFY(!fixture.store->createMailbox(kAlice, QStringLiteral("Lists")));
    Client a(fixture);
    Client b(fixture, "SELECT Lists");
    QSignalSpy finished(&b.session, &ProtocolSession::finished);
    QVERIFY(a.play("C: a1 DELETE Lists\nS: a1 OK DELETE completed"));
    QVERIFY(b.play("C: b1 NOOP\n"
                   "S: * BYE The selected mailbox was deleted or renamed by another session."));
    QVERIFY(b.transport.closed);
    QCOMPARE(finished.size(), 1);
}

void TestImapSessionConcurrent::mailboxDeletedDuringIdle()
{
    ServerFixture fixture;
    QVERIFY(!fixture.store->createMailbox(kAlice, QStringLiteral("Lists")));
    Client a(fixture);
    Client b(fixture, "SELECT Lists");
    QVERIFY(b.play("C: b1 IDLE\nS: + idling"));
    QVERIFY(a.play("C: a1 RENAME Lists Old\nS: a1 OK RENAME completed"));
    QVERIFY(b.pushed("* BYE The selected mailbox was deleted or renamed by another session.\r\n"));
    QVERIFY(b.transport.closed);
}

QTEST_GUILESS_MAIN(TestImapSessionConcurrent)
#include "tst_imapsessionconcurrent.moc"
