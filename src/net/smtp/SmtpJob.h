// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Job.h"
#include "net/NetError.h"
#include "net/smtp/SmtpReply.h"

#include <QByteArray>
#include <QByteArrayList>

namespace magpie::smtp {

class SmtpSession;

// Base of the SMTP operations (one class per operation, as in KSMTP): SmtpLoginJob,
// SmtpSendJob. The session runs its jobs one at a time, in the order start() was called,
// once it is open (greeting, EHLO and STARTTLS done). Every reply to a command the job sent
// goes to handleReply(), in the order the commands were sent (pipelined or not); a 421
// (RFC 5321 s3.8) is handled by the session, which fails the job with ServerClosing.
class SmtpJob : public net::Job
{
    Q_OBJECT
public:
    explicit SmtpJob(SmtpSession *session);
    ~SmtpJob() override;

    void start() override; // queues on the session

    SmtpSession *session() const { return m_session; }

protected:
    friend class SmtpSession;

    // Called by the session when it is this job's turn.
    virtual void doStart() = 0;
    virtual void handleReply(const SmtpReply &reply) = 0;
    // The connection is gone (or the server said 421): the default fails the job with it.
    virtual void connectionLost(const net::NetError &error);

    // Sends one command line (CRLF added) and awaits its reply. `logAs` replaces the line in
    // the protocol log when it holds a secret (it is logged followed by " <redacted>";
    // an empty `logAs` with `redact` logs just "<redacted>").
    void sendCommand(const QByteArray &line);
    void sendSecret(const QByteArray &line, const QByteArray &visible);
    // Several commands in one write (PIPELINING, RFC 2920 s3.1), each awaiting its reply.
    void sendCommands(const QByteArrayList &lines);
    // Message content after DATA's 354: written as is, logged as its size only.
    void sendData(const QByteArray &bytes);
    // The end-of-data line ("\r\n.\r\n" or ".\r\n"), which is answered by a reply.
    void sendEndOfData(const QByteArray &terminator);
    // How many replies are still awaited for what this job sent.
    int awaitedReplies() const;

    // "The server refused <what>: 550 5.1.1 mailbox unknown." with TemporaryFailure for 4xx
    // and CommandRejected for 5xx (and anything else that is not positive).
    net::NetError errorFrom(const SmtpReply &reply, const QString &what) const;
    // The server's name for sentences: the endpoint's host.
    QString serverName() const;

private:
    SmtpSession *m_session;
    bool m_queued = false;
};

} // namespace magpie::smtp
