// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/pop3/Pop3Job.h"

#include <QList>

namespace magpie::pop3 {

// DELE (RFC 1939 s5) for one or more messages. Only marks them: the server removes them when
// the session ends with QUIT (Pop3Session::quit()), and forgets the marks if the connection
// drops or RSET is sent. With PIPELINING (RFC 2449 s6.6) the commands go out in batches
// without waiting for each answer. Fails when any message was refused (it names them);
// deletedNumbers() says which were marked all the same.
class Pop3DeleteJob : public Pop3Job
{
    Q_OBJECT
public:
    Pop3DeleteJob(Pop3Session *session, quint32 messageNumber);
    Pop3DeleteJob(Pop3Session *session, const QList<quint32> &messageNumbers);
    ~Pop3DeleteJob() override;

    const QList<quint32> &messageNumbers() const { return m_numbers; }
    const QList<quint32> &deletedNumbers() const { return m_deleted; }

protected:
    void doStart() override;
    void handleReply(const Pop3Reply &reply) override;

private:
    void sendMore();

    QList<quint32> m_numbers;
    QList<quint32> m_deleted;
    QList<quint32> m_refused;
    Pop3Reply m_firstRefusal;
    qsizetype m_sent = 0;
    qsizetype m_answered = 0;
};

} // namespace magpie::pop3
