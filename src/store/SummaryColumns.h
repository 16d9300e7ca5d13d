// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageSummary.h"

#include <QList>
#include <QString>
#include <QVariant>

class QSqlQuery;

namespace magpie::store {

// How a MessageSummary is laid out in the messages table (Schema.cpp, version 2, says why):
// the one place that reads rows into summaries and turns summaries into bound values, shared
// by MessageStore, SearchIndex and MessageListQuery.
class SummaryColumns
{
public:
    // "m.id, m.folder_id, ..." for a SELECT over `messages AS <alias>`; the last column is
    // whether a body is cached. read() expects them starting at `first`.
    static QString selectList(const QString &alias = QStringLiteral("m"));
    static int columnCount();
    static MessageSummary read(const QSqlQuery &query, int first = 0);

    // to_list / cc_list: "name" U+001F "address", mailboxes separated by U+001E.
    static QString encodeMailboxes(const QList<mime::Mailbox> &mailboxes);
    static QList<mime::Mailbox> decodeMailboxes(const QString &encoded);
    // The text the search index's `addresses` column gets: every name and address.
    static QString addressText(const MessageSummary &summary);

    static QVariant fromDate(const QDateTime &date); // ms since epoch UTC, NULL when invalid
    static QDateTime toDate(const QVariant &value);
    static QString encodeKeywords(const QByteArrayList &keywords);
    static QByteArrayList decodeKeywords(const QString &text);
    static QString encodeReferences(const QList<QByteArray> &references);
    static QList<QByteArray> decodeReferences(const QString &text);
};

} // namespace magpie::store
