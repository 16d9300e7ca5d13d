// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/pop3/Pop3Job.h"
#include "net/pop3/Pop3Lines.h"

#include <QList>

namespace magpie::pop3 {

// LIST (RFC 1939 s5): the size of every message ("LIST", a multi-line listing) or of one
// ("LIST n"). Sizes are the server's count of octets with CRLF line ends; a hint for progress
// and limits, never trusted to frame a RETR.
class Pop3ListJob : public Pop3Job
{
    Q_OBJECT
public:
    struct Entry
    {
        quint32 number = 0;
        qint64 size = 0;
        friend bool operator==(const Entry &a, const Entry &b)
        {
            return a.number == b.number && a.size == b.size;
        }
    };

    explicit Pop3ListJob(Pop3Session *session); // every message
    Pop3ListJob(Pop3Session *session, quint32 messageNumber);
    ~Pop3ListJob() override;

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
