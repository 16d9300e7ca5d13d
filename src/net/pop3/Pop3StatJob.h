// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/pop3/Pop3Job.h"

namespace magpie::pop3 {

// STAT (RFC 1939 s5): how many messages the maildrop holds and their total size in octets,
// not counting those marked deleted in this session.
class Pop3StatJob : public Pop3Job
{
    Q_OBJECT
public:
    explicit Pop3StatJob(Pop3Session *session);
    ~Pop3StatJob() override;

    quint32 messageCount() const { return m_count; }
    qint64 totalSize() const { return m_size; }

protected:
    void doStart() override;
    void handleReply(const Pop3Reply &reply) override;

private:
    quint32 m_count = 0;
    qint64 m_size = 0;
};

} // namespace magpie::pop3
