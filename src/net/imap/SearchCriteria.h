// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapCommand.h"
#include "net/imap/UidSet.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QDate>
#include <QString>

#include <vector>

namespace magpie::imap {

// What to search for (RFC 3501 s6.4.4 search keys), built from typed parts so that no text a
// user typed can become command syntax: strings go through ImapCommand::string() (quoted, or
// a literal when they hold CR, LF or 8-bit bytes).
//
//   auto criteria = SearchCriteria::from(u"alice"_s) && SearchCriteria::since(date)
//                   && !SearchCriteria::seen();
//   auto either = SearchCriteria::subject(u"invoice"_s) || SearchCriteria::flagged();
//
// `a && b` is both (keys side by side), `a || b` is OR, `!a` is NOT.
class SearchCriteria
{
    Q_DECLARE_TR_FUNCTIONS(magpie::imap::SearchCriteria)
public:
    SearchCriteria(); // ALL

    static SearchCriteria all();
    static SearchCriteria uids(const UidSet &uids);
    // Internal date (the day the server got the message, RFC 3501 s2.3.3), ignoring time and
    // time zone: SINCE is on or after the day, BEFORE is before it.
    static SearchCriteria since(QDate date);
    static SearchCriteria before(QDate date);
    // Substring matches, case-insensitive (RFC 3501 s6.4.4).
    static SearchCriteria from(const QString &text);
    static SearchCriteria to(const QString &text);
    static SearchCriteria subject(const QString &text);
    static SearchCriteria body(const QString &text);
    static SearchCriteria text(const QString &text); // header or body
    static SearchCriteria flagged();
    static SearchCriteria unseen();
    static SearchCriteria seen();
    static SearchCriteria deleted();
    // Messages whose MODSEQ is at least `modSeq` (RFC 7162 s3.1.5); needs CONDSTORE.
    static SearchCriteria modSeqAtLeast(quint64 modSeq);

    SearchCriteria operator&&(const SearchCriteria &other) const;
    SearchCriteria operator||(const SearchCriteria &other) const;
    SearchCriteria operator!() const;

    // Some string is not ASCII: the search needs "CHARSET UTF-8" (RFC 3501 s6.4.4).
    bool needsUtf8() const;
    bool usesModSeq() const;
    // Empty, or a sentence saying why these criteria cannot be sent (an invalid date, an
    // empty UID set).
    QString errorString() const;

    // Appends the search keys (without CHARSET) to `command`.
    void appendTo(ImapCommand &command) const;

private:
    struct Node
    {
        enum class Kind { All, Key, Text, Date, ModSeq, Uids, Not, Or, And };
        Kind kind = Kind::All;
        QByteArray key; // "FROM", "SINCE", "FLAGGED", ...
        QString text;
        QDate date;
        quint64 modSeq = 0;
        UidSet uids;
        std::vector<Node> children; // Not: 1, Or: 2, And: any
    };
    explicit SearchCriteria(Node node);
    static SearchCriteria key(const char *name);
    static SearchCriteria textKey(const char *name, const QString &text);
    static SearchCriteria dateKey(const char *name, QDate date);

    static Node flattened(const Node &node);
    static void append(const Node &node, ImapCommand &command);
    static void appendKey(const Node &node, ImapCommand &command);
    static bool anyNode(const Node &node, bool (*test)(const Node &));
    static QString problemOf(const Node &node);

    Node m_root;
};

} // namespace magpie::imap
