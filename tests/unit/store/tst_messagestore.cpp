// SPDX-License-Identifier: GPL-3.0-or-later
#include "TemporaryCache.h"

#include "store/BodyStore.h"
#include "store/MessageStore.h"
#include "store/SearchIndex.h"
#include "store/SearchIndexer.h"
#include "store/SearchKey.h"

#include <QSignalSpy>
#include <QSqlQuery>

using namespace magpie::store;

namespace {

int rowCount(MailCache &cache, const QString &sql, qint64 id = -1)
{
    QSqlQuery query(cache.connection());
    query.prepare(sql);
    if (id >= 0)
        query.addBindValue(id);
    if (!query.exec() || !query.next())
        return -1;
    return query.value(0).toInt();
}

qint64 searchKeyOf(MailCache &cache, qint64 id)
{
    QSqlQuery query(cache.connection());
    query.prepare(QStringLiteral("SELECT search_key FROM messages WHERE id = ?"));
    query.addBindValue(id);
    if (!query.exec() || !query.next() || query.value(0).isNull())
        return 0;
    return query.value(0).toLongLong();
}

QList<qint64> idsOf(const QVariant &value)
{
    return value.value<QList<qint64>>();
}

} // namespace

class TestMessageStore : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void summaryRoundTrips();
    void eightBitIdsAreStoredAsText();
    void addEmitsAfterCommitWithIds();
    void upsertByUid();
    void dateChangeMovesTheSearchEntry();
    void takenSearchKeyIsNeverOverwritten();
    void uidZeroAlwaysInserts();
    void uidQueries();
    void flagUpdatesAnnounceOnlyChangedRows();
    void setFlagTouchesOnlyRowsThatDiffer();
    void pendingRemovalStillReadable();
    void messagesInCallersOrder();
    void setUidAndPreview();
    void moveToFolder();
    void removeDropsBodyAndSearchEntry();
    void removeUids();
    void messagesWithMessageIdPerAccount();
    void uidsWithoutBodyNewestFirst();
};

void TestMessageStore::summaryRoundTrips()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    MessageSummary m = makeSummary(42, QStringLiteral(u"Grüße — “quoted”"));
    m.flags = MessageFlags::fromImap({ "\\Seen", "$Forwarded", "work", "$label1" });
    m.modSeq = 9000000000ULL;
    m.from = { QStringLiteral(u"Zoë, \"Q\" Ünal"), QStringLiteral(u"zoe@bücher.example") };
    m.to = { { QString(), QStringLiteral("bare@example.com") },
             { QStringLiteral("Bob; Team"), QStringLiteral("bob@example.org") } };
    m.cc = { { QStringLiteral("Carol"), QStringLiteral("carol@example.net") } };
    m.inReplyTo = "<parent@example.com>";
    m.references = { "<root@example.com>", "<parent@example.com>" };
    m.size = 5000000000ULL;
    m.hasAttachments = true;
    m.preview = QStringLiteral("Hello there");
    m.pop3Uidl = QStringLiteral("uidl-1");
    m.date = QDateTime(QDate(2024, 2, 29), QTime(23, 59, 58, 123), Qt::OffsetFromUTC, 3600);
    const QList<qint64> ids = store.add(inbox, { m });
    QCOMPARE(ids.size(), 1);
    const auto read = store.message(ids.first());
    QVERIFY(read);
    QCOMPARE(read->id, ids.first());
    QCOMPARE(read->folderId, inbox);
    QCOMPARE(read->uid, 42u);
    QCOMPARE(read->flags, m.flags);
    QCOMPARE(read->modSeq, m.modSeq);
    QCOMPARE(read->date, m.date);
    QCOMPARE(read->date.timeSpec(), Qt::UTC);
    QCOMPARE(read->receivedAt, m.receivedAt);
    QCOMPARE(read->from.name, m.from.name);
    QCOMPARE(read->from.address, m.from.address);
    QCOMPARE(read->to.size(), 2);
    QCOMPARE(read->to.at(0).name, QString());
    QCOMPARE(read->to.at(0).address, m.to.at(0).address);
    QCOMPARE(read->to.at(1).name, m.to.at(1).name);
    QCOMPARE(read->cc.size(), 1);
    QCOMPARE(read->cc.first().name, QStringLiteral("Carol"));
    QCOMPARE(read->subject, m.subject);
    QCOMPARE(read->messageId, m.messageId);
    QCOMPARE(read->inReplyTo, m.inReplyTo);
    QCOMPARE(read->references, m.references);
    QCOMPARE(read->size, m.size);
    QVERIFY(read->hasAttachments);
    QCOMPARE(read->preview, m.preview);
    QCOMPARE(read->pop3Uidl, m.pop3Uidl);
    QVERIFY(!read->hasBody);
    QCOMPARE(read->localState, LocalState::Synced);
    const auto byUid = store.messageByUid(inbox, 42);
    QVERIFY(byUid);
    QCOMPARE(byUid->id, ids.first());
    QVERIFY(!store.messageByUid(inbox, 43));
    // Nothing unset turns into something.
    MessageSummary bare;
    const QList<qint64> bareIds = store.add(inbox, { bare });
    const auto empty = store.message(bareIds.first());
    QVERIFY(empty);
    QVERIFY(!empty->date.isValid());
    QVERIFY(empty->to.isEmpty());
    QVERIFY(empty->references.isEmpty());
    QVERIFY(empty->flags.keywords.isEmpty());
    QVERIFY(empty->messageId.isEmpty());
}

// Message-IDs and keywords are bytes; they are stored as text the way QtSql binds a QString
// made from them: UTF-8 as it is, a malformed sequence as U+FFFD, none as NULL, also on the
// raw insert path that binds ASCII without converting it.
void TestMessageStore::eightBitIdsAreStoredAsText()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    MessageSummary m = makeSummary(7, QStringLiteral("ids"));
    m.messageId = "<caf\xc3\xa9@example.com>";
    m.inReplyTo = "<bad\xff@example.com>";
    m.references = { "<root@example.com>", "<bad\xff@example.com>" };
    m.flags = MessageFlags::fromImap({ "work", "\xc3\xa9t\xc3\xa9" });
    MessageSummary none = makeSummary(8, QStringLiteral("no ids"));
    none.messageId = QByteArray();
    none.inReplyTo = QByteArray("");
    const QList<qint64> ids = store.add(inbox, { m, none });
    QCOMPARE(ids.size(), 2);
    const auto read = store.message(ids.first());
    QVERIFY(read);
    const QByteArray replaced = QString::fromUtf8("<bad\xff@example.com>").toUtf8();
    QCOMPARE(read->messageId, m.messageId);
    QCOMPARE(read->inReplyTo, replaced);
    QCOMPARE(read->references, (QList<QByteArray> { "<root@example.com>", replaced }));
    QCOMPARE(read->flags, m.flags);
    const auto bare = store.message(ids.last());
    QVERIFY(bare);
    QVERIFY(bare->messageId.isEmpty());
    QVERIFY(bare->inReplyTo.isEmpty());
    QVERIFY(bare->references.isEmpty());
    QVERIFY(bare->flags.keywords.isEmpty());

    // What is in the file, byte for byte (reading back would repair a malformed sequence
    // either way, but a lookup by Message-ID compares the stored text).
    QSqlQuery raw(t.cache.connection());
    QVERIFY(raw.exec(QStringLiteral("SELECT hex(message_id), hex(in_reply_to), hex(refs) FROM messages"
                                    " WHERE id = %1").arg(ids.first())));
    QVERIFY(raw.next());
    QCOMPARE(raw.value(0).toString().toLatin1(), m.messageId.toHex().toUpper());
    QCOMPARE(raw.value(1).toString().toLatin1(), replaced.toHex().toUpper());
    QCOMPARE(raw.value(2).toString().toLatin1(),
             QByteArray("<root@example.com> " + replaced).toHex().toUpper());
    QVERIFY(raw.exec(QStringLiteral("SELECT message_id IS NULL, in_reply_to IS NULL, refs IS NULL,"
                                    " keywords IS NULL FROM messages WHERE id = %1").arg(ids.last())));
    QVERIFY(raw.next());
    QCOMPARE(raw.value(0).toInt(), 1);
    QCOMPARE(raw.value(1).toInt(), 0);
    QCOMPARE(raw.value(2).toInt(), 1);
    QCOMPARE(raw.value(3).toInt(), 1);
}

void TestMessageStore::addEmitsAfterCommitWithIds()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    QList<qint64> seenInSlot;
    int visibleRowsInSlot = -1;
    // A second connection sees only committed data: the slot must find the rows there.
    MailCache reader;
    QVERIFY(!reader.open(t.path()));
    connect(&t.cache, &MailCache::messagesAdded, this, [&](qint64 folder, const QList<qint64> &ids) {
        QCOMPARE(folder, inbox);
        seenInSlot = ids;
        visibleRowsInSlot = rowCount(reader, QStringLiteral("SELECT count(*) FROM messages"));
    });
    QSignalSpy counts(&t.cache, &MailCache::folderCountsChanged);
    QSignalSpy changed(&t.cache, &MailCache::messagesChanged);
    const QList<qint64> ids = store.add(inbox, { makeSummary(3, QStringLiteral("c")),
                                                 makeSummary(1, QStringLiteral("a")),
                                                 makeSummary(2, QStringLiteral("b")) });
    QCOMPARE(ids.size(), 3);
    QCOMPARE(seenInSlot, ids);
    QCOMPARE(visibleRowsInSlot, 3);
    QCOMPARE(counts.count(), 1);
    QCOMPARE(counts.first().first().toLongLong(), inbox);
    QCOMPARE(changed.count(), 0);
    QCOMPARE(store.message(ids.at(0))->uid, 3u);
    QCOMPARE(store.message(ids.at(2))->uid, 2u);
    // The rows wait for the indexer (SearchIndexer): no key, no entry yet.
    QCOMPARE(searchKeyOf(t.cache, ids.at(1)), 0);
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 0);
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM messages WHERE search_key IS NULL")), 3);
    QCOMPARE(SearchIndexer(t.cache).indexPending(100), 3);
    // Then each summary has its search entry at its search key (schema version 3).
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text AS t JOIN messages AS m"
                                              " ON m.search_key = t.rowid AND m.id = t.message_id WHERE m.id = ?"),
                      ids.at(1)),
             1);
    QCOMPARE(searchKeyOf(t.cache, ids.at(1)), SearchKey::preferred(makeSummary(1, {}).date, ids.at(1)));
}

void TestMessageStore::upsertByUid()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    MessageSummary first = makeSummary(7, QStringLiteral("old subject"));
    first.preview = QStringLiteral("kept preview");
    const QList<qint64> ids = store.add(inbox, { first });
    QVERIFY(!store.setLocalState(ids, LocalState::PendingRemoval));

    QSignalSpy added(&t.cache, &MailCache::messagesAdded);
    QSignalSpy changed(&t.cache, &MailCache::messagesChanged);
    MessageSummary again = makeSummary(7, QStringLiteral("new subject"));
    again.flags.set(MessageFlags::Flagged);
    const QList<qint64> second = store.add(inbox, { again, makeSummary(8, QStringLiteral("fresh")) });
    QCOMPARE(second.size(), 2);
    QCOMPARE(second.first(), ids.first());
    QCOMPARE(added.count(), 1);
    QCOMPARE(idsOf(added.first().at(1)), QList<qint64> { second.at(1) });
    QCOMPARE(changed.count(), 1);
    QCOMPARE(idsOf(changed.first().at(1)), QList<qint64> { ids.first() });
    const auto row = store.message(ids.first());
    QCOMPARE(row->subject, QStringLiteral("new subject"));
    QVERIFY(row->flags.has(MessageFlags::Flagged));
    QCOMPARE(row->preview, QStringLiteral("kept preview"));
    QCOMPARE(row->localState, LocalState::PendingRemoval); // the cache's own state stays
    QCOMPARE(store.count(inbox), 2);
    // The search entry followed the new subject.
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text WHERE message_text MATCH 'new'")), 1);
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text WHERE message_text MATCH 'old'")), 0);
}

void TestMessageStore::dateChangeMovesTheSearchEntry()
{
    // IMAP never changes a cached message's date, but a summary saved again with another
    // date (a POP3 or local message rewritten) must move its search entry with it, body text
    // and all, or a search would place it by the old date.
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    const QList<qint64> ids = store.add(inbox, { makeSummary(1, QStringLiteral("travel plans")),
                                                 makeSummary(2, QStringLiteral("travel budget")) });
    QVERIFY(!BodyStore(t.cache).save(ids.first(), "Subject: x\r\n\r\nkilimanjaro\r\n"));
    QCOMPARE(SearchIndexer(t.cache).indexPending(100), 1); // the body indexed the first
    SearchIndex index(t.cache);
    QCOMPARE(index.search(QStringLiteral("travel"), 1).first().message.id, ids.at(1));
    MessageSummary later = makeSummary(1, QStringLiteral("travel plans"));
    later.date = later.date.addDays(1);
    QCOMPARE(store.add(inbox, { later }), QList<qint64> { ids.first() });
    QVERIFY(SearchKey::inSlot(searchKeyOf(t.cache, ids.first()), later.date));
    QCOMPARE(index.search(QStringLiteral("travel"), 1).first().message.id, ids.first());
    QCOMPARE(index.search(QStringLiteral("kilimanjaro")).size(), 1);
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 2);
    // Undated, it sorts last.
    MessageSummary undated = later;
    undated.date = QDateTime();
    QCOMPARE(store.add(inbox, { undated }), QList<qint64> { ids.first() });
    QCOMPARE(searchKeyOf(t.cache, ids.first()), SearchKey::undated(ids.first()));
    QCOMPARE(index.search(QStringLiteral("travel")).last().message.id, ids.first());
    QCOMPARE(index.search(QStringLiteral("kilimanjaro")).size(), 1);
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 2);
}

void TestMessageStore::takenSearchKeyIsNeverOverwritten()
{
    // A message whose preferred key is taken (another of the same millisecond, 2^17 ids
    // apart; here a row put there by hand) gets a free one of its millisecond, and the other
    // entry stays.
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    const QList<qint64> first = store.add(inbox, { makeSummary(1, QStringLiteral("first words")) });
    const MessageSummary second = makeSummary(2, QStringLiteral("second words"));
    const qint64 nextId = first.first() + 1;
    {
        QSqlQuery squat(t.cache.connection());
        squat.prepare(QStringLiteral("INSERT INTO message_text (rowid, message_id, subject, addresses, body)"
                                     " VALUES (?, ?, 'squatter words', '', '')"));
        squat.addBindValue(SearchKey::preferred(second.date, nextId));
        squat.addBindValue(first.first());
        QVERIFY(squat.exec());
    }
    const QList<qint64> ids = store.add(inbox, { second });
    QCOMPARE(ids, QList<qint64> { nextId });
    QCOMPARE(SearchIndexer(t.cache).indexPending(100), 2);
    const qint64 key = searchKeyOf(t.cache, nextId);
    QVERIFY(key != SearchKey::preferred(second.date, nextId));
    QVERIFY(SearchKey::inSlot(key, second.date));
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text WHERE message_text MATCH 'squatter'")), 1);
    SearchIndex index(t.cache);
    const QList<SearchHit> hits = index.search(QStringLiteral("words"));
    QCOMPARE(hits.size(), 2); // an entry whose message does not point at it is no hit
    QCOMPARE(hits.first().message.id, nextId);
    QVERIFY(index.search(QStringLiteral("squatter")).isEmpty());
}

void TestMessageStore::uidZeroAlwaysInserts()
{
    TemporaryCache t;
    const qint64 local = t.addFolder(QStringLiteral("Local"));
    MessageStore store(t.cache);
    const QList<qint64> a = store.add(local, { makeSummary(0, QStringLiteral("x")) });
    const QList<qint64> b = store.add(local, { makeSummary(0, QStringLiteral("x")) });
    QCOMPARE(a.size(), 1);
    QCOMPARE(b.size(), 1);
    QVERIFY(a.first() != b.first());
    QVERIFY(store.uids(local).isEmpty());
    QCOMPARE(store.count(local), 0);
}

void TestMessageStore::uidQueries()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    const qint64 other = t.addFolder(QStringLiteral("Other"));
    MessageStore store(t.cache);
    QList<MessageSummary> batch;
    for (quint32 uid : { 9u, 3u, 4000000000u, 5u }) {
        MessageSummary m = makeSummary(uid, QStringLiteral("s"));
        m.modSeq = uid == 5 ? 77 : 10;
        batch.append(m);
    }
    QCOMPARE(store.add(inbox, batch).size(), 4);
    QCOMPARE(store.add(other, { makeSummary(100, QStringLiteral("o")) }).size(), 1);
    QCOMPARE(store.uids(inbox), (QList<quint32> { 3, 5, 9, 4000000000u }));
    QCOMPARE(store.highestUid(inbox), 4000000000u);
    QCOMPARE(store.highestModSeq(inbox), 77u);
    QCOMPARE(store.count(inbox), 4);
    QCOMPARE(store.highestUid(other + 1), 0u);
    QCOMPARE(store.highestModSeq(other + 1), 0u);
}

void TestMessageStore::flagUpdatesAnnounceOnlyChangedRows()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    const QList<qint64> ids = store.add(inbox, { makeSummary(1, QStringLiteral("a")),
                                                 makeSummary(2, QStringLiteral("b")),
                                                 makeSummary(3, QStringLiteral("c")) });
    QSignalSpy changed(&t.cache, &MailCache::messagesChanged);
    QSignalSpy counts(&t.cache, &MailCache::folderCountsChanged);
    FlagUpdate seen { 1, MessageFlags::fromImap({ "\\Seen" }), 0 };
    FlagUpdate same { 2, MessageFlags(), 0 };
    FlagUpdate keyword { 3, MessageFlags::fromImap({ "todo" }), 12 };
    FlagUpdate unknown { 99, MessageFlags::fromImap({ "\\Seen" }), 0 };
    QVERIFY(!store.applyFlagUpdates(inbox, { seen, same, keyword, unknown }));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(idsOf(changed.first().at(1)), (QList<qint64> { ids.at(0), ids.at(2) }));
    QCOMPARE(counts.count(), 1);
    QVERIFY(store.message(ids.at(0))->flags.has(MessageFlags::Seen));
    QCOMPARE(store.message(ids.at(2))->flags.keywords, QByteArrayList { "todo" });
    QCOMPARE(store.message(ids.at(2))->modSeq, 12u);
    QVERIFY(!store.messageByUid(inbox, 99));

    // The same state again: nothing to announce; a MODSEQ-only change is stored quietly.
    changed.clear();
    keyword.modSeq = 13;
    QVERIFY(!store.applyFlagUpdates(inbox, { seen, same, keyword }));
    QCOMPARE(changed.count(), 0);
    QCOMPARE(store.message(ids.at(2))->modSeq, 13u);
}

void TestMessageStore::setFlagTouchesOnlyRowsThatDiffer()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    const qint64 other = t.addFolder(QStringLiteral("Other"));
    MessageStore store(t.cache);
    MessageSummary read = makeSummary(1, QStringLiteral("a"));
    read.flags.set(MessageFlags::Seen);
    const QList<qint64> inInbox = store.add(inbox, { read, makeSummary(2, QStringLiteral("b")) });
    const QList<qint64> inOther = store.add(other, { makeSummary(1, QStringLiteral("c")) });
    QSignalSpy changed(&t.cache, &MailCache::messagesChanged);
    QSignalSpy counts(&t.cache, &MailCache::folderCountsChanged);
    QVERIFY(!store.setFlag(inInbox + inOther, MessageFlags::Seen, true));
    QCOMPARE(changed.count(), 2); // one per folder
    QList<qint64> announced;
    for (const QList<QVariant> &args : changed)
        announced += idsOf(args.at(1));
    std::sort(announced.begin(), announced.end());
    QCOMPARE(announced, (QList<qint64> { inInbox.at(1), inOther.at(0) }));
    QCOMPARE(counts.count(), 2);
    QVERIFY(store.message(inInbox.at(1))->flags.has(MessageFlags::Seen));

    changed.clear();
    QVERIFY(!store.setFlag(inInbox, MessageFlags::Seen, true));
    QCOMPARE(changed.count(), 0);
    QVERIFY(!store.setFlag({ inInbox.at(0) }, MessageFlags::Seen, false));
    QCOMPARE(changed.count(), 1);
    QVERIFY(!store.message(inInbox.at(0))->flags.has(MessageFlags::Seen));
    QVERIFY(!store.setFlag({ 12345 }, MessageFlags::Flagged, true)); // unknown ids: nothing
}

void TestMessageStore::pendingRemovalStillReadable()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    const QList<qint64> ids = store.add(inbox, { makeSummary(1, QStringLiteral("a")) });
    QSignalSpy changed(&t.cache, &MailCache::messagesChanged);
    QVERIFY(!store.setLocalState(ids, LocalState::PendingRemoval));
    QCOMPARE(changed.count(), 1);
    QVERIFY(!store.setLocalState(ids, LocalState::PendingRemoval));
    QCOMPARE(changed.count(), 1);
    // The sync still needs the row and its UID until the server confirmed.
    QCOMPARE(store.message(ids.first())->localState, LocalState::PendingRemoval);
    QCOMPARE(store.uids(inbox), QList<quint32> { 1 });
    QCOMPARE(store.messages(ids).size(), 1);
}

void TestMessageStore::messagesInCallersOrder()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    QList<MessageSummary> batch;
    for (quint32 uid = 1; uid <= 1200; ++uid)
        batch.append(makeSummary(uid, QStringLiteral("m%1").arg(uid)));
    const QList<qint64> ids = store.add(inbox, batch);
    QCOMPARE(ids.size(), 1200);
    QList<qint64> wanted(ids.crbegin(), ids.crend()); // more than one chunk, reversed
    wanted.insert(10, 999999);                        // not cached: left out
    const QList<MessageSummary> read = store.messages(wanted);
    QCOMPARE(read.size(), 1200);
    QCOMPARE(read.first().uid, 1200u);
    QCOMPARE(read.at(600).uid, 600u);
    QCOMPARE(read.last().uid, 1u);
    QVERIFY(store.messages({}).isEmpty());
}

void TestMessageStore::setUidAndPreview()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    const QList<qint64> ids = store.add(inbox, { makeSummary(0, QStringLiteral("draft")),
                                                 makeSummary(5, QStringLiteral("other")) });
    QSignalSpy changed(&t.cache, &MailCache::messagesChanged);
    QVERIFY(!store.setUid(ids.first(), 6));
    QCOMPARE(changed.count(), 1);
    QCOMPARE(store.messageByUid(inbox, 6)->id, ids.first());
    // A UID another row has is refused, and nothing changes.
    QVERIFY(store.setUid(ids.first(), 5));
    QCOMPARE(store.message(ids.first())->uid, 6u);
    QCOMPARE(store.setUid(999, 7).code, StoreError::NotFound);
    QVERIFY(!store.setPreview(ids.first(), QStringLiteral("first words"), true));
    QCOMPARE(store.message(ids.first())->preview, QStringLiteral("first words"));
    QVERIFY(store.message(ids.first())->hasAttachments);
}

void TestMessageStore::moveToFolder()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    const qint64 archive = t.addFolder(QStringLiteral("Archive"));
    MessageStore store(t.cache);
    const QList<qint64> ids = store.add(inbox, { makeSummary(1, QStringLiteral("a")),
                                                 makeSummary(2, QStringLiteral("b")) });
    QSignalSpy added(&t.cache, &MailCache::messagesAdded);
    QSignalSpy removed(&t.cache, &MailCache::messagesRemoved);
    QVERIFY(!store.moveToFolder({ ids.at(1) }, archive));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(0).toLongLong(), inbox);
    QCOMPARE(idsOf(removed.first().at(1)), QList<qint64> { ids.at(1) });
    QCOMPARE(added.count(), 1);
    QCOMPARE(added.first().at(0).toLongLong(), archive);
    const auto moved = store.message(ids.at(1));
    QCOMPARE(moved->folderId, archive);
    QCOMPARE(moved->uid, 0u);
    QCOMPARE(moved->localState, LocalState::PendingUpload);
    QCOMPARE(store.uids(inbox), QList<quint32> { 1 });
}

void TestMessageStore::removeDropsBodyAndSearchEntry()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    const QList<qint64> ids = store.add(inbox, { makeSummary(1, QStringLiteral("a")),
                                                 makeSummary(2, QStringLiteral("b")) });
    QVERIFY(!BodyStore(t.cache).save(ids.first(), "Subject: a\r\n\r\nbody words\r\n"));
    QCOMPARE(SearchIndexer(t.cache).indexPending(100), 1);
    QVERIFY(store.message(ids.first())->hasBody);
    QSignalSpy removed(&t.cache, &MailCache::messagesRemoved);
    QSignalSpy counts(&t.cache, &MailCache::folderCountsChanged);
    QVERIFY(!store.remove({ ids.first(), 424242 }));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(removed.first().at(0).toLongLong(), inbox);
    QCOMPARE(idsOf(removed.first().at(1)), QList<qint64> { ids.first() });
    QCOMPARE(counts.count(), 1);
    QVERIFY(!store.message(ids.first()));
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM bodies WHERE message_id = ?"), ids.first()), 0);
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text WHERE message_id = ?"), ids.first()), 0);
    QCOMPARE(rowCount(t.cache, QStringLiteral("SELECT count(*) FROM message_text")), 1);
    QVERIFY(SearchIndex(t.cache).search(QStringLiteral("body")).isEmpty());
}

void TestMessageStore::removeUids()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    const qint64 other = t.addFolder(QStringLiteral("Other"));
    MessageStore store(t.cache);
    const QList<qint64> ids = store.add(inbox, { makeSummary(1, QStringLiteral("a")),
                                                 makeSummary(2, QStringLiteral("b")),
                                                 makeSummary(3, QStringLiteral("c")) });
    store.add(other, { makeSummary(2, QStringLiteral("same uid elsewhere")) });
    QSignalSpy removed(&t.cache, &MailCache::messagesRemoved);
    QVERIFY(!store.removeUids(inbox, { 2, 3, 77 }));
    QCOMPARE(removed.count(), 1);
    QCOMPARE(idsOf(removed.first().at(1)), (QList<qint64> { ids.at(1), ids.at(2) }));
    QCOMPARE(store.uids(inbox), QList<quint32> { 1 });
    QCOMPARE(store.uids(other), QList<quint32> { 2 });
    removed.clear();
    QVERIFY(!store.removeUids(inbox, { 77 }));
    QCOMPARE(removed.count(), 0);
}

void TestMessageStore::messagesWithMessageIdPerAccount()
{
    TemporaryCache t;
    const qint64 sent = t.addFolder(QStringLiteral("Sent"), QStringLiteral("a"));
    const qint64 elsewhere = t.addFolder(QStringLiteral("Sent"), QStringLiteral("b"));
    MessageStore store(t.cache);
    MessageSummary m = makeSummary(1, QStringLiteral("hi"));
    m.messageId = "<unique@example.com>";
    const QList<qint64> ids = store.add(sent, { m });
    store.add(elsewhere, { m });
    const QList<MessageSummary> found = store.messagesWithMessageId(QStringLiteral("a"), "<unique@example.com>");
    QCOMPARE(found.size(), 1);
    QCOMPARE(found.first().id, ids.first());
    QVERIFY(store.messagesWithMessageId(QStringLiteral("a"), "<other@example.com>").isEmpty());
    QVERIFY(store.messagesWithMessageId(QStringLiteral("a"), QByteArray()).isEmpty());
}

void TestMessageStore::uidsWithoutBodyNewestFirst()
{
    TemporaryCache t;
    const qint64 inbox = t.addFolder(QStringLiteral("INBOX"));
    MessageStore store(t.cache);
    QList<MessageSummary> batch;
    for (quint32 uid = 1; uid <= 5; ++uid)
        batch.append(makeSummary(uid, QStringLiteral("m")));
    const QList<qint64> ids = store.add(inbox, batch);
    QVERIFY(!BodyStore(t.cache).save(ids.at(3), "Subject: m\r\n\r\nx\r\n"));
    const QDateTime since = batch.at(1).receivedAt; // uid 2 and newer
    QCOMPARE(store.uidsWithoutBody(inbox, since, 10), (QList<quint32> { 5, 3, 2 }));
    QCOMPARE(store.uidsWithoutBody(inbox, since, 2), (QList<quint32> { 5, 3 }));
    QCOMPARE(store.uidsWithoutBody(inbox, QDateTime(), 10), (QList<quint32> { 5, 3, 2, 1 }));
}

QTEST_GUILESS_MAIN(TestMessageStore)
#include "tst_messagestore.moc"
