// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/pop3/Pop3Job.h"
#include "net/pop3/Pop3Lines.h"

#include <QList>

namespace magpie::pop3 {

// UIDL (RFC 1939 s7): the unique-id of every message ("UIDL", multi-line) or of one
// ("UIDL n"). Unique-ids are 1 to 70 characters 0x21..0x7E and stay the same across
// sessions: Magpie remembers them so nothing is downloaded twice (DESIGN.md "Store").
class Pop3UidlJob : public Pop3Job
{
    Q_OBJECT
public:
    struct Entry
    {
        quint32 number = 0;
        QByteArray uid;
        friend bool operator==(const Entry &a, const Entry &b)
        {
            return a.number == b.number && a.uid == b.uid;
        }
    };

    explicit Pop3UidlJob(Pop3Session *session); // every message
    Pop3UidlJob(Pop3Session *session, quint32 messageNumber);
    ~Pop3UidlJob() override;

    const QList<Entry> &entries() const { return m_entries; }

protected:
    void doStart() override;
    void handleReply(const Pop3Reply &reply) override;
    void handleData(const QByteArray &chunk) override;
    void handleEndOfData() override;

private:
    bool addLine(QByteArrayView line);

    quint32 m_number = 0; // 0: all
    QList<Entry> m_entries;
    Pop3Lines m_lines;
    QByteArray m_badLine;
};

} // namespace magpie::pop3
