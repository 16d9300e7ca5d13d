// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Job.h"
#include "net/pop3/Pop3Reply.h"

#include <QByteArray>
#include <QCoreApplication>
#include <QString>

namespace magpie::pop3 {

class Pop3Session;

// Base of every POP3 operation (one class per command, as in KIMAP). The session runs its
// jobs one at a time, in the order start() was called; while a job runs it gets the replies
// to the commands it sent, in order: each status line through handleReply(), and for a
// command sent with a multi-line reply, the body's pieces through handleData() and its end
// through handleEndOfData(). A job may send several commands before the replies come
// (PIPELINING, RFC 2449 s6.6); replies still owed when it finishes are read and dropped.
//
// A malformed reply or a lost connection while it runs fails it (connectionLost()).
class Pop3Job : public net::Job
{
    Q_OBJECT
public:
    explicit Pop3Job(Pop3Session *session);
    ~Pop3Job() override;

    void start() override; // queues on the session

    Pop3Session *session() const { return m_session; }

protected:
    friend class Pop3Session;

    enum class ReplyKind { SingleLine, MultiLine };

    // Called by the session when it is this job's turn (greeting, CAPA and STLS are done).
    virtual void doStart() = 0;
    // Sends one command line (without CRLF). A command holding CR, LF or NUL is not sent: the
    // job fails with InvalidArgument and this returns false.
    bool send(const QByteArray &command, ReplyKind kind = ReplyKind::SingleLine);
    // The same for a command that carries a secret: the log shows `visible` + " <redacted>"
    // ("PASS <redacted>", "AUTH PLAIN <redacted>").
    bool sendSecret(const QByteArray &command, const QByteArray &visible);
    // Starts a SASL exchange: a "+ " challenge to it comes to handleReply() as Continuation,
    // to be answered with sendSaslResponse() (RFC 5034 s4).
    bool sendAuth(const QByteArray &command, const QByteArray &visible, bool redacted);
    void sendSaslResponse(const QByteArray &base64Response); // logged redacted
    virtual void handleReply(const Pop3Reply &reply) = 0;
    virtual void handleData(const QByteArray &chunk);
    virtual void handleEndOfData();
    // The connection is gone (or a reply could not be read): the default fails with `error`.
    virtual void connectionLost(const net::NetError &error);

    // For handleReply(): a "-ERR" as an error saying what failed (`what`, a sentence part such
    // as "Deleting message 3"), quoting the server; [IN-USE], [LOGIN-DELAY] and [SYS/TEMP]
    // give TemporaryFailure, anything else CommandRejected.
    static net::NetError errorFrom(const Pop3Reply &reply, const QString &what);
    // "Retrieving message 0": POP3 numbers messages from 1 (RFC 1939 s5). Fails the job with
    // InvalidArgument and returns false for 0.
    bool checkMessageNumber(quint32 number);
    // For Pop3LoginJob: the session is in the TRANSACTION state now.
    void loggedIn();

private:
    Pop3Session *m_session;
    bool m_queued = false;
};

} // namespace magpie::pop3
