// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/pop3/Pop3RetrieveJob.h"

namespace magpie::pop3 {

// TOP (RFC 1939 s7): the header of one message and the first `lines` lines of its body,
// streamed like RETR (dataReceived(), setDevice()). Optional for servers: CAPA lists TOP when
// it works (RFC 2449 s6.3); otherwise the server answers -ERR and the job fails.
class Pop3TopJob : public Pop3RetrieveJob
{
    Q_OBJECT
public:
    Pop3TopJob(Pop3Session *session, quint32 messageNumber, quint32 bodyLines);
    ~Pop3TopJob() override;

    quint32 bodyLines() const { return m_lines; }

protected:
    QByteArray command() const override;
    QString description() const override;

private:
    quint32 m_lines;
};

} // namespace magpie::pop3
