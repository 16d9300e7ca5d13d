// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/Schema.h"

namespace magpie::store {

const QList<Migration> &Schema::migrations()
{
    // Version 1: the folder list of each account with the IMAP state that decides how to
    // resync it (RFC 3501 s2.3.1.1 UIDVALIDITY/UIDNEXT, RFC 7162 HIGHESTMODSEQ).
    static const QList<Migration> list = {
        { 1,
          { QStringLiteral("CREATE TABLE folders ("
                           " id INTEGER PRIMARY KEY,"
                           " account_id TEXT NOT NULL,"
                           " name TEXT NOT NULL,"
                           " delimiter TEXT,"
                           " special_use TEXT,"
                           " uid_validity INTEGER,"
                           " uid_next INTEGER,"
                           " highest_modseq INTEGER,"
                           " UNIQUE (account_id, name))") } },
        // Version 2: the messages and everything hanging off them (DESIGN.md, "Store").
        //
        // folders: `name` is the decoded path ("Lists/Qt"), `server_name` the wire name,
        // `role` a FolderRole as int (1 = Inbox, 2 = Drafts, ... in the enum's order).
        //
        // messages (read and written by SummaryColumns): dates are milliseconds since the
        // epoch (UTC) so SQL sorts them, NULL when unknown. The sender is two columns
        // (from_name, from_address) the list shows and sorts on; to_list and cc_list hold
        // every mailbox as "name" U+001F "address", mailboxes separated by U+001E (neither
        // can occur in a decoded header), so the summary round-trips exactly; the display
        // text of all addresses ("Alice Example alice@example.com, ...") is what the search
        // index's `addresses` column holds. Flags are MessageFlags bits plus the other
        // keywords space-separated (IMAP atoms hold no space, RFC 3501 s9 flag-keyword).
        // message_id / in_reply_to keep the brackets; refs is the References ids
        // space-separated. local_state is a LocalState (1 = PendingRemoval: still returned by
        // MessageStore's reads, which the sync needs, but left out of counts and search).
        { 2,
          { QStringLiteral("ALTER TABLE folders ADD COLUMN server_name BLOB"),
            QStringLiteral("ALTER TABLE folders ADD COLUMN role INTEGER NOT NULL DEFAULT 0"),
            QStringLiteral("ALTER TABLE folders ADD COLUMN selectable INTEGER NOT NULL DEFAULT 1"),
            QStringLiteral("ALTER TABLE folders ADD COLUMN local INTEGER NOT NULL DEFAULT 0"),
            // Version 1 kept the SPECIAL-USE attribute as text (RFC 6154 s2); carry it over
            // into role so an upgraded cache keeps its Sent/Trash/... folders.
            QStringLiteral("UPDATE folders SET role = CASE"
                           " WHEN upper(name) = 'INBOX' THEN 1"
                           " WHEN lower(special_use) = '\\drafts' THEN 2"
                           " WHEN lower(special_use) = '\\sent' THEN 3"
                           " WHEN lower(special_use) = '\\trash' THEN 4"
                           " WHEN lower(special_use) = '\\junk' THEN 5"
                           " WHEN lower(special_use) = '\\archive' THEN 6"
                           " WHEN lower(special_use) = '\\all' THEN 7"
                           " WHEN lower(special_use) = '\\flagged' THEN 8"
                           " ELSE 0 END"),
            QStringLiteral("UPDATE folders SET server_name = CAST(name AS BLOB)"
                           " WHERE server_name IS NULL"),
            QStringLiteral("CREATE TABLE messages ("
                           " id INTEGER PRIMARY KEY,"
                           " folder_id INTEGER NOT NULL REFERENCES folders(id) ON DELETE CASCADE,"
                           " uid INTEGER NOT NULL DEFAULT 0,"
                           " flags INTEGER NOT NULL DEFAULT 0,"
                           " keywords TEXT,"
                           " modseq INTEGER NOT NULL DEFAULT 0,"
                           " local_state INTEGER NOT NULL DEFAULT 0,"
                           " date INTEGER,"
                           " received_at INTEGER,"
                           " from_name TEXT,"
                           " from_address TEXT,"
                           " to_list TEXT,"
                           " cc_list TEXT,"
                           " subject TEXT,"
                           " message_id TEXT,"
                           " in_reply_to TEXT,"
                           " refs TEXT,"
                           " size INTEGER NOT NULL DEFAULT 0,"
                           " has_attachments INTEGER NOT NULL DEFAULT 0,"
                           " preview TEXT,"
                           " pop3_uidl TEXT)"),
            // uid 0 marks rows not (yet) on a server, so uniqueness holds for real UIDs only.
            QStringLiteral("CREATE UNIQUE INDEX messages_by_uid ON messages(folder_id, uid)"
                           " WHERE uid > 0"),
            // The message list's default order over the rows it shows (MessageListQuery spells
            // the term `local_state <> 1` exactly, so the planner can use it): a covering scan
            // for the first screen and for the folder's total. local_state is a column too,
            // after id, because SQLite 3.40 counts an index as covering only if it holds
            // every column the query names, even one its WHERE clause already fixes.
            QStringLiteral("CREATE INDEX messages_listed ON messages(folder_id, date, id, local_state)"
                           " WHERE local_state <> 1"),
            QStringLiteral("CREATE INDEX messages_by_message_id ON messages(message_id)"),
            // Folder counts (FolderStore::countMessages) read messages_listed and this small
            // partial index of the unread rows instead of every row; the rows pending removal
            // (few) have their own for the replay. The expressions must match the queries'
            // WHERE terms word for word.
            QStringLiteral("CREATE INDEX messages_unread ON messages(folder_id, flags, local_state)"
                           " WHERE (flags & 1) = 0 AND local_state <> 1"),
            QStringLiteral("CREATE INDEX messages_pending_removal ON messages(folder_id)"
                           " WHERE local_state = 1"),
            QStringLiteral("CREATE TABLE bodies ("
                           " message_id INTEGER PRIMARY KEY REFERENCES messages(id) ON DELETE CASCADE,"
                           " raw BLOB NOT NULL)"),
            // rowid = messages.id; deleted together with the message by MessageStore.
            // (Replaced in version 3.)
            QStringLiteral("CREATE VIRTUAL TABLE message_text USING fts5("
                           "subject, addresses, body, tokenize = 'unicode61 remove_diacritics 2')"),
            // Offline changes, replayed in id order (RFC 4549 s3, s4.2).
            QStringLiteral("CREATE TABLE pending_operations ("
                           " id INTEGER PRIMARY KEY,"
                           " account_id TEXT NOT NULL,"
                           " kind INTEGER NOT NULL,"
                           " folder_id INTEGER,"
                           " target_folder_id INTEGER,"
                           " message_ids TEXT,"
                           " uids TEXT,"
                           " argument TEXT,"
                           " attempts INTEGER NOT NULL DEFAULT 0,"
                           " created_at INTEGER NOT NULL)"),
            QStringLiteral("CREATE TABLE outbox ("
                           " id INTEGER PRIMARY KEY,"
                           " account_id TEXT NOT NULL,"
                           " envelope_from BLOB NOT NULL,"
                           " recipients BLOB NOT NULL,"
                           " raw BLOB NOT NULL,"
                           " message_id BLOB,"
                           " subject TEXT,"
                           " state INTEGER NOT NULL DEFAULT 0,"
                           " attempts INTEGER NOT NULL DEFAULT 0,"
                           " next_attempt INTEGER,"
                           " last_error TEXT,"
                           " created_at INTEGER NOT NULL)"),
            // POP3 UIDLs ever downloaded (RFC 1939 s7), so nothing is fetched twice.
            QStringLiteral("CREATE TABLE pop3_uidls ("
                           " account_id TEXT NOT NULL,"
                           " uidl TEXT NOT NULL,"
                           " message_id INTEGER,"
                           " downloaded_at INTEGER NOT NULL,"
                           " deleted_from_server INTEGER NOT NULL DEFAULT 0,"
                           " PRIMARY KEY (account_id, uidl))") } },
        // Version 3: the search index keyed by date (SearchKey.h says how), so a search
        // reads the newest hits first from the index and stops after a page, where version 2
        // (rowid = messages.id) had to join and sort every hit. The message id moves to an
        // UNINDEXED column; messages.search_key points back at the index row. Existing keys:
        // ties within a millisecond numbered in id order (row_number), a slot past 2^17 rows
        // and undated rows on the undated keys (-9223372036854775807 + id); the literals are
        // SearchKey's constants (tst_searchkey checks them, tst_schema the upgraded keys). The
        // index is rebuilt in key order: every row's key changes, so every row is re-indexed.
        { 3,
          { QStringLiteral("ALTER TABLE messages ADD COLUMN search_key INTEGER"),
            QStringLiteral("UPDATE messages SET search_key = k.key FROM ("
                           "SELECT id, CASE WHEN date IS NULL OR tie >= 131072"
                           " THEN -9223372036854775807 + id ELSE slot * 131072 + tie END AS key"
                           " FROM (SELECT id, date,"
                           " max(-35184372088832, min(35184372088831, date)) AS slot,"
                           " row_number() OVER (PARTITION BY"
                           " max(-35184372088832, min(35184372088831, date)) ORDER BY id) - 1 AS tie"
                           " FROM messages)) AS k WHERE k.id = messages.id"),
            QStringLiteral("CREATE VIRTUAL TABLE message_search USING fts5("
                           "message_id UNINDEXED, subject, addresses, body,"
                           " tokenize = 'unicode61 remove_diacritics 2')"),
            QStringLiteral("INSERT INTO message_search (rowid, message_id, subject, addresses, body)"
                           " SELECT m.search_key, m.id, t.subject, t.addresses, t.body"
                           " FROM message_text AS t JOIN messages AS m ON m.id = t.rowid"
                           " ORDER BY m.search_key"),
            QStringLiteral("DROP TABLE message_text"),
            QStringLiteral("ALTER TABLE message_search RENAME TO message_text") } },
        // Version 4: new rows are indexed for search after they are stored, in bulk
        // (SearchIndexer), so they wait with search_key NULL. This partial index lists just
        // those, so finding them (and counting them for "still being indexed") reads a few
        // entries instead of every row; it stays small, as rows leave it once indexed.
        { 4,
          { QStringLiteral("CREATE INDEX messages_unindexed ON messages(id) WHERE search_key IS NULL") } },
    };
    return list;
}

int Schema::currentVersion()
{
    return migrations().isEmpty() ? 0 : migrations().constLast().version;
}

} // namespace magpie::store
