// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/imap/SequenceSet.h"

#include <QByteArray>
#include <QDate>
#include <QDateTime>
#include <QList>
#include <QString>

#include <memory>
#include <optional>
#include <vector>

namespace magpie::server {

// BODY[section]<partial> (RFC 3501 s6.4.5).
struct BodySection
{
    enum class Text { Whole, Header, HeaderFields, HeaderFieldsNot, Text, Mime };

    QList<int> part;             // "1.2" -> {1, 2}; empty for the whole message
    Text text = Text::Whole;
    QList<QByteArray> fields;    // for HEADER.FIELDS (.NOT), upper case
    std::optional<qint64> partialOrigin;
    std::optional<qint64> partialLength;
    bool peek = false;           // BODY.PEEK: does not set \Seen

    // How the item is named in the response: "BODY[1.2.HEADER.FIELDS (FROM TO)]<0>"
    // (RFC 3501 s7.4.2: the origin only, and PEEK is not echoed).
    QByteArray responseName() const;
};

// One data item of FETCH (RFC 3501 s6.4.5). ALL, FAST and FULL are expanded by the parser.
struct FetchItem
{
    enum class Kind {
        Flags, Uid, InternalDate, Rfc822Size, Envelope,
        BodyStructure, // extensible form, BODYSTRUCTURE
        Body,          // non-extensible form, BODY without a section
        Section,       // BODY[...] / BODY.PEEK[...]
        Rfc822,        // = BODY[], sets \Seen
        Rfc822Header,  // = BODY.PEEK[HEADER]
        Rfc822Text,    // = BODY[TEXT]
        ModSeq,
    };
    Kind kind = Kind::Flags;
    BodySection section; // for Section
};

// A SEARCH key (RFC 3501 s6.4.4); AND of a list is a key of kind And.
struct SearchKey
{
    enum class Kind {
        And, Or, Not,
        All, Answered, Deleted, Draft, Flagged, New, Old, Recent, Seen,
        Unanswered, Undeleted, Undraft, Unflagged, Unseen,
        Keyword, Unkeyword,                 // text = the keyword
        Bcc, Body, Cc, From, Subject, Text, To, // text = what to look for
        Header,                             // field + text
        Before, On, Since,                  // date: internal date (day, timezone ignored)
        SentBefore, SentOn, SentSince,      // date: the Date: header field
        Larger, Smaller,                    // number: RFC822.SIZE
        Uid, SequenceNumbers,               // set
    };
    Kind kind = Kind::All;
    QString text;          // decoded with the SEARCH charset
    QByteArray field;      // HEADER field name
    QDate date;
    qint64 number = 0;
    SequenceSet set;
    std::vector<SearchKey> children; // And: any number; Or: two; Not: one
};

// A parsed IMAP command. Only the members its command uses are filled in; a flat record
// rather than a class per command, because the session dispatches on `name` anyway.
struct ImapCommand
{
    QByteArray tag;
    QByteArray name;   // upper case, without "UID": "FETCH", "LOGIN", "AUTHENTICATE" ...
    bool uid = false;  // "UID FETCH", "UID STORE", "UID SEARCH", "UID COPY", "UID MOVE", "UID EXPUNGE"

    // LOGIN user password; AUTHENTICATE mechanism [initial-response] (RFC 4959 SASL-IR).
    QByteArray user;
    QByteArray password;
    QByteArray mechanism;           // upper case
    std::optional<QByteArray> initialResponse; // base64 as sent ("=" for empty)

    // Mailbox arguments decoded from modified UTF-7 (or UTF-8, when UTF8=ACCEPT is on);
    // "INBOX" in any case becomes "INBOX".
    QString mailbox;                // SELECT, EXAMINE, CREATE, DELETE, RENAME (from), STATUS, APPEND,
                                    // SUBSCRIBE, UNSUBSCRIBE, COPY/MOVE (destination)
    QString newMailbox;             // RENAME (to)

    // LIST / LSUB (RFC 3501 s6.3.8, RFC 5258 selection and return options, RFC 6154)
    QString reference;
    QList<QString> patterns;
    bool selectSubscribed = false;
    bool selectSpecialUse = false;
    bool selectRecursiveMatch = false; // RFC 5258 s3.1, only with SUBSCRIBED or SPECIAL-USE
    bool returnSpecialUse = false;
    bool returnChildren = false;
    bool returnSubscribed = false;

    QList<QByteArray> statusItems;  // STATUS: upper case, "MESSAGES", "UIDNEXT" ...
    QList<QByteArray> capabilities; // ENABLE: upper case
    QList<std::pair<QByteArray, QByteArray>> idParameters; // ID; empty for NIL

    SequenceSet set;                // FETCH, STORE, COPY, MOVE, UID EXPUNGE
    QList<FetchItem> fetchItems;    // FETCH; the parser adds Uid for UID FETCH (RFC 3501 s6.4.8)
                                    // and ModSeq for CHANGEDSINCE (RFC 7162 s3.1.4.1) if absent
    bool condstore = false;         // SELECT (CONDSTORE), FETCH (CHANGEDSINCE n)
    quint64 changedSince = 0;

    // STORE
    enum class StoreMode { Replace, Add, Remove };
    StoreMode storeMode = StoreMode::Replace;
    bool silent = false;
    QList<QByteArray> flags;        // STORE and APPEND flags, as written

    // SEARCH: the keys ANDed; the charset named (upper case) or empty.
    SearchKey search;
    QByteArray charset;
    QList<QByteArray> searchReturn; // ESEARCH RETURN (MIN MAX COUNT ALL), upper case; empty when not asked

    // APPEND
    std::optional<QDateTime> appendDate;
    QByteArray message;             // the literal
};

} // namespace magpie::server
