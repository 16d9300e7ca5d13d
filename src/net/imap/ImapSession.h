// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Connection.h"
#include "net/Credentials.h"
#include "net/NetError.h"
#include "net/ProtocolLog.h"
#include "net/ServerEndpoint.h"
#include "net/TlsDetails.h"
#include "net/imap/FetchedMessage.h"
#include "net/imap/ImapCommand.h"
#include "net/imap/ImapCommandWriter.h"
#include "net/imap/ImapInputSplitter.h"
#include "net/imap/ImapResponseParser.h"
#include "net/imap/UidSet.h"

#include <QByteArrayList>
#include <QList>
#include <QObject>
#include <QPointer>
#include <QQueue>
#include <QSet>
#include <QString>

namespace magpie::imap {

class ImapJob;

// One IMAP connection (DESIGN.md "Protocol engines"): owns the Connection, the response
// parser, the protocol log and a queue of ImapJobs run one at a time, except that jobs which
// say they may be pipelined (ImapJob::pipelines(): UID FETCH) are sent while the one before
// them still runs, when it may be pipelined too (RFC 3501 s5.5). States per RFC 3501 s3.
//
// Opening: connectToServer() -> greeting (an untagged OK, PREAUTH or BYE, RFC 3501 s7.1) ->
// CAPABILITY unless the greeting carried [CAPABILITY] -> for StartTls: STARTTLS is required:
// not offered, refused, or PREAUTH instead of it fails with StartTlsUnavailable (no plaintext
// fallback); after the go-ahead everything buffered is dropped (RFC 2595 s3.1) and CAPABILITY
// asked again -> opened(). Untagged responses that a server has no business sending before
// login (EXISTS, FETCH, ...) are ignored then. Logging in is a job (LoginJob); so is
// everything after. Jobs started before opened() wait for it; if opening fails they fail with
// the same error, and closed(error) follows.
//
// Tags are "a1", "a2", ... in the order commands are sent. Every line goes to log(): commands
// as ImapCommand::logText() shows them (no secret, no literal content), server lines as
// received with literal contents as "{N bytes}".
//
// Delete a session with deleteLater() when doing it from a slot of one of its signals.
class ImapSession : public QObject
{
    Q_OBJECT
public:
    enum class State {
        Disconnected,
        Connecting,
        NotAuthenticated,
        Authenticated,
        Selected,
        LoggedOut
    };
    Q_ENUM(State)

    explicit ImapSession(QObject *parent = nullptr);
    ~ImapSession() override;

    void connectToServer(const net::ServerEndpoint &endpoint);
    // LOGOUT (RFC 3501 s6.1.3) after the queued jobs, then close; emits closed(none()).
    void logout();
    // Drops the connection now; running and queued jobs fail with Aborted; closed(Aborted).
    void abort();

    State state() const { return m_state; }
    bool isOpen() const; // opened() was emitted and the connection is still up
    const net::ServerEndpoint &endpoint() const { return m_endpoint; }
    net::TlsDetails tlsDetails() const;
    net::ProtocolLog *log() const { return m_log; }
    net::Connection *connection() const { return m_connection; }

    // The latest CAPABILITY (from the greeting, a response code or the command), upper-cased.
    const QSet<QByteArray> &capabilities() const { return m_capabilities; }
    bool hasCapability(QByteArrayView name) const;
    QByteArrayList authMechanisms() const; // from AUTH=... capabilities, upper-cased, sorted
    // Extensions the server confirmed with ENABLED (RFC 5161): "CONDSTORE", "QRESYNC",
    // "UTF8=ACCEPT".
    bool isEnabled(QByteArrayView extension) const;
    QString selectedMailbox() const { return m_selectedMailbox; }
    // The selected mailbox was EXAMINEd or came with [READ-ONLY].
    bool isReadOnly() const { return m_readOnly; }
    // "In step": a client of the session (the folder sync) says its copy of the selected
    // mailbox matched the server when it set `mark`. The session forgets the mark as soon as
    // anything could have made that untrue: another SELECT/EXAMINE, CLOSE/UNSELECT, the
    // connection starting over, or any response that tells of a change to the mailbox
    // (EXISTS, EXPUNGE, VANISHED, a FETCH carrying FLAGS or MODSEQ; RFC 3501 s5.2 and s7.4,
    // RFC 7162 s3.2.4 and s3.2.10), whoever's command it came with. So a mark still there
    // later means: the server has reported no change since. Ignored unless a mailbox is
    // selected; an empty mark clears it.
    void setInStepMark(const QByteArray &mark);
    QByteArray inStepMark() const { return m_inStepMark; }

    // Used by jobs (and tests): the job currently running, if any; with pipelined jobs, the
    // oldest of them.
    ImapJob *currentJob() const { return m_current; }
    // How many jobs run behind currentJob(), their commands sent (RFC 3501 s5.5).
    qsizetype pipelinedJobs() const;

Q_SIGNALS:
    void opened(); // greeting read, TLS in force as asked, caps known
    void stateChanged(magpie::imap::ImapSession::State state);
    void capabilitiesChanged();
    // Unsolicited and solicited alike, at any time after login (RFC 3501 s7):
    void existsChanged(quint32 count);
    void expunged(quint32 sequenceNumber);
    void vanished(const magpie::imap::UidSet &uids, bool earlier); // RFC 7162 s3.2.10
    // A FETCH the running job did not take: flags changed by another client, say.
    void messageFetched(const magpie::imap::FetchedMessage &message);
    void flagsAnnounced(const QByteArrayList &flags);
    void alert(const QString &text); // [ALERT]: must be shown to the user (RFC 3501 s7.1)
    void bye(const QString &text); // an unexpected BYE (not LOGOUT's)
    // The connection ended: error none() after logout(), else why.
    void closed(const magpie::net::NetError &error);

private:
    friend class ImapJob;

    enum class Phase { Idle, Connecting, Greeting, Opening, TlsHandshake, Open, Closing };
    enum class Switch { None, Tls, Compression };

    // jobs
    void enqueue(ImapJob *job);
    void scheduleNext();
    void startNext();
    void runJob(ImapJob *job);
    bool canPipeline(const ImapJob *job) const;
    void runPipelined(ImapJob *job);
    void promotePipelined();
    ImapJob *runningJob(const ImapJob *job) const;
    void forgetTags(const ImapJob *job);
    void onJobDestroyed(const ImapJob *job);
    void onJobFinished(ImapJob *job);
    QByteArray sendCommand(ImapJob *job, const ImapCommand &command);
    void sendLine(const QByteArray &line, bool secret);
    void updateReplyAwaited();
    void failAll(const net::NetError &error);

    // connection and bytes
    void onReady();
    void onReceived(const QByteArray &bytes);
    void onFailed(const net::NetError &error);
    void onClosed();
    void drainParser();
    void requestSwitch(Switch what);
    void performSwitch(const QByteArray &unread);
    void finishClosing(const net::NetError &error);
    net::NetError byeError() const;

    // responses
    void dispatch(const ImapResponse &response);
    void handleGreeting(const ImapResponse &response);
    void handleUntagged(const ImapResponse &response);
    void handleTagged(const ImapResponse &response);
    void handleContinuation(const ImapResponse &response);
    void handleMalformed(const ImapResponse &response);
    void handleResponseCode(const ImapResponse &response);
    void emitUnsolicited(const ImapResponse &response, bool takenByJob);
    void forgetInStepMarkIfChanged(const ImapResponse &response);
    void setCapabilities(const QSet<QByteArray> &capabilities);

    // opening
    void continueOpening();
    void failOpening(const net::NetError &error);
    void setState(State state);

    net::ServerEndpoint m_endpoint;
    net::Connection *m_connection = nullptr;
    net::ProtocolLog *m_log = nullptr;
    ImapInputSplitter m_input;
    ImapCommandWriter m_writer;
    ImapResponseParser m_parser;
    State m_state = State::Disconnected;
    Phase m_phase = Phase::Idle;
    Switch m_switch = Switch::None;
    QSet<QByteArray> m_capabilities;
    QSet<QByteArray> m_enabled;
    QString m_selectedMailbox;
    QByteArray m_inStepMark;
    bool m_readOnly = false;
    bool m_tlsDone = false;
    bool m_nextScheduled = false;
    bool m_replyAwaited = false;
    bool m_idling = false;
    QQueue<QPointer<ImapJob>> m_queue;
    QPointer<ImapJob> m_current;
    const ImapJob *m_running = nullptr; // m_current as a plain address, to notice its deletion
    // Jobs started behind m_current, oldest first; each may be pipelined (RFC 3501 s5.5).
    QList<QPointer<ImapJob>> m_pipelined;
    QPointer<ImapJob> m_logoutJob;
    // The running jobs' commands awaiting completion, in the order sent. The job is an
    // address only, compared and never followed: it may have been deleted.
    struct SentCommand
    {
        QByteArray tag;
        const ImapJob *job = nullptr;
    };
    QList<SentCommand> m_pendingTags;
    // The command with that tag awaiting completion, or m_pendingTags.cend().
    QList<SentCommand>::const_iterator sentCommand(const QByteArray &tag) const;
    quint32 m_nextTag = 1;
    QString m_byeText; // an unexpected BYE, for the errors that follow it
    net::NetError m_closeError; // why the connection ended, for jobs started after
};

} // namespace magpie::imap
