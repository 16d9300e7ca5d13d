// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/MailStore.h"

#include <QByteArray>
#include <QList>

#include <optional>

namespace magpie::server {

// A POP3 session's view of the user's INBOX: the messages as they were at login, numbered
// from 1 (RFC 1939 s5), with the deletion marks of DELE that only QUIT applies (s6).
// Messages delivered later are not shown until the next login; messages another session
// removes meanwhile keep their numbers and fail to be read.
class Pop3Maildrop
{
public:
    Pop3Maildrop() = default;
    Pop3Maildrop(quint32 uidValidity, const QList<MessageRecord> &messages);

    int count() const { return int(m_entries.size()); } // including the ones marked deleted
    // 1-based; false for numbers outside the maildrop
    bool exists(int number) const { return number >= 1 && number <= count(); }
    bool isDeleted(int number) const { return m_entries.at(number - 1).deleted; }
    Uid uid(int number) const { return m_entries.at(number - 1).uid; }
    qint64 size(int number) const { return m_entries.at(number - 1).size; }
    // RFC 1939 s7 UIDL: 1 to 70 characters 0x21-0x7E, the same for the same message in
    // every session: "<uidvalidity>.<uid>", which no other INBOX message ever gets.
    QByteArray uniqueId(int number) const;

    void markDeleted(int number) { m_entries[number - 1].deleted = true; }
    void unmarkAll();
    QList<Uid> deletedUids() const;

    // STAT: the messages not marked deleted and their octets.
    int visibleCount() const;
    qint64 visibleSize() const;

    // The body of a multi-line response (RFC 1939 s3): every line that starts with "."
    // gets another in front, the text ends with CRLF, then the "." line.
    static QByteArray byteStuffed(QByteArrayView content);
    // TOP: the header, the blank line and the first `lines` lines of the body (s7).
    static QByteArray top(QByteArrayView content, int lines);

private:
    struct Entry
    {
        Uid uid = 0;
        qint64 size = 0;
        bool deleted = false;
    };
    QList<Entry> m_entries;
    quint32 m_uidValidity = 0;
};

} // namespace magpie::server
