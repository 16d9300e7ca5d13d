// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Job.h"
#include "net/imap/ImapCommand.h"
#include "net/imap/ImapResponse.h"

#include <QByteArrayView>
#include <QString>

namespace magpie::imap {

class ImapSession;

// Base of every IMAP operation (one class per command, as in KIMAP and Trojita's Tasks).
// The session runs its jobs one at a time, in the order start() was called, each once the
// session is open (greeting read, TLS in force, capabilities known); only jobs whose
// pipelines() is true start while another such job runs (RFC 3501 s5.5). While a job runs:
//
// - untagged responses reach it first through handleUntagged(). Before login only CAPABILITY
//   and status responses (OK/NO/BAD/BYE) are passed on; EXISTS, FETCH and the like are
//   dropped there (a server has no business sending them). After login the session also
//   turns EXISTS, EXPUNGE, VANISHED, FLAGS, BYE and [ALERT] into its signals whether or not
//   the job took them; an untagged FETCH becomes messageFetched() only when the job did not
//   take it (returned false), so a FetchJob's thousands of responses are decoded once, by
//   the job;
// - the tagged completion of each command it sent arrives through handleTagged() (a job may
//   send several commands, one after the other or pipelined); a tagged NO/BAD that arrives
//   while the session waits for a literal's "+" ends that command the same way;
// - "+" continuations that are not a literal's go-ahead arrive through handleContinuation()
//   (AUTHENTICATE challenges, IDLE's "+ idling");
// - a Malformed response fails the job with ProtocolViolation (the session does it; the job
//   sees nothing), a BYE it did not take from handleUntagged() or a lost connection calls
//   connectionLost().
//
// A job ends with finishWithSuccess() / finishWithError(); the session then starts the next.
// Responses to commands of a job that already ended are ignored.
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
    // Sends a command (literals handled by the session: it waits for "+" unless LITERAL+,
    // or LITERAL- for literals up to 4096 bytes, RFC 7888). Returns the tag, or an empty tag
    // after failing the job with InvalidArgument when the command is invalid.
    QByteArray send(const ImapCommand &command);
    // A line that is not a command, CRLF added: a SASL response (`secret`: the log shows
    // "<redacted>") or IDLE's DONE.
    void sendLine(const QByteArray &line, bool secret);
    // Return true when the response was this job's (see above for what that changes).
    virtual bool handleUntagged(const ImapResponse &response);
    virtual void handleTagged(const ImapResponse &response) = 0;
    // The default fails the job: a "+" nobody asked for is a protocol violation.
    virtual void handleContinuation(const ImapResponse &response);
    // The connection is gone or the server said BYE: the default fails the job with `error`.
    virtual void connectionLost(const net::NetError &error);
    // Another job was queued behind this one. IdleJob stops idling so it can run; the
    // default does nothing.
    virtual void jobQueuedBehind();
    // True when this job's commands may be sent while another job whose pipelines() is true
    // still runs, and the other way round, without any ambiguity between them (RFC 3501
    // s5.5): they change nothing that the other's results depend on, need no continuation,
    // and use no message sequence numbers. Untagged responses the running job does not take
    // are then offered to the pipelined ones. The default: false.
    virtual bool pipelines() const;

    // For handleTagged(): a NO/BAD as an error naming `what` ("Selecting Archive"), quoting
    // the server's text and response code; [UNAVAILABLE]/[INUSE] (RFC 5530) give
    // TemporaryFailure, others CommandRejected. Ok gives none().
    net::NetError errorFrom(const ImapResponse &tagged, const QString &what) const;
    // Shortcuts to the session's view of the server.
    bool hasCapability(QByteArrayView name) const;
    bool isEnabled(QByteArrayView extension) const;
    bool utf8Accepted() const { return isEnabled("UTF8=ACCEPT"); } // RFC 6855 s3
    QString host() const;

    // Session state changes that only jobs cause (derived classes cannot use the session's
    // friendship, so they go through these).
    void markAuthenticated(); // LOGIN/AUTHENTICATE OK
    void markSelected(const QString &mailbox, bool readOnly); // SELECT/EXAMINE OK
    void markDeselected(); // SELECT failed, CLOSE, UNSELECT
    // IDLE (RFC 2177): while idling no reply is awaited, so the read timeout is off.
    void setIdling(bool idling);
    // The tagged OK of STARTTLS / COMPRESS just arrived: the session switches the connection
    // before it reads one more byte (RFC 2595 s3.1, RFC 4978 s3).
    void switchToTls();
    void switchToCompression();

private:
    ImapSession *m_session;
    bool m_queued = false;
};

} // namespace magpie::imap
