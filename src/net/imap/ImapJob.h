// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Job.h"
#include "net/imap/ImapCommand.h"
#include "net/imap/ImapResponse.h"

namespace magpie::imap {

class ImapSession;

// Base of every IMAP operation (one class per command, as in KIMAP and Trojita's Tasks).
// The session runs its jobs one at a time, in the order start() was called. While a job runs
// it gets every response: untagged ones first through handleUntagged() (the session also
// turns EXISTS, EXPUNGE, VANISHED, FETCH, FLAGS, BYE and ALERT into its signals, whoever runs),
// the tagged completion of each command it sent through handleTagged(), and "+"
// continuations that are not a literal's go-ahead through handleContinuation().
//
// A job finishes with finishWithSuccess() / finishWithError(); the session then starts the
// next. A tagged NO/BAD, a Malformed response, a BYE or a lost connection while it runs fail
// it with a sentence that names the command and quotes the server's text.
class ImapJob : public net::Job
{
    Q_OBJECT
public:
    explicit ImapJob(ImapSession *session);
    ~ImapJob() override;

    void start() override; // queues on the session

    ImapSession *session() const { return m_session; }

protected:
    friend class ImapSession;

    // Called by the session when it is this job's turn (the connection is up).
    virtual void doStart() = 0;
    // Sends a command (literals handled by the session: it waits for "+" unless LITERAL+).
    // Returns the tag, or an empty tag after failing the job when the command is invalid.
    QByteArray send(const ImapCommand &command);
    // Return true when the response was this job's; the session emits its signals anyway.
    virtual bool handleUntagged(const ImapResponse &response);
    virtual void handleTagged(const ImapResponse &response) = 0;
    virtual void handleContinuation(const ImapResponse &response);
    // The connection is gone or the server said BYE: the default fails the job with `error`.
    virtual void connectionLost(const net::NetError &error);

    // For handleTagged(): a NO/BAD as an error naming `what` ("Selecting Archive"), quoting
    // the server's text and response code; Ok gives none().
    net::NetError errorFrom(const ImapResponse &tagged, const QString &what) const;

private:
    ImapSession *m_session;
    bool m_queued = false;
};

} // namespace magpie::imap
