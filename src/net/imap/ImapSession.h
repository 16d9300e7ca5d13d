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
#include "net/imap/ImapResponseParser.h"
#include "net/imap/UidSet.h"

#include <QByteArrayList>
#include <QObject>
#include <QQueue>
#include <QSet>
#include <QString>

namespace magpie::imap {

class ImapJob;

// One IMAP connection (DESIGN.md "Protocol engines"): owns the Connection, the response
// parser, the protocol log and a queue of ImapJobs run one at a time. States per RFC 3501 s3.
//
// Opening: connectToServer() -> greeting (an untagged OK, PREAUTH or BYE, RFC 3501 s7.1) ->
// for StartTls: STARTTLS is required: not offered, refused, or PREAUTH instead of it fails
// with StartTlsUnavailable (no plaintext fallback); after the go-ahead everything buffered is
// dropped (RFC 2595 s3.1) and CAPABILITY asked again -> opened(). Untagged responses that a
// server has no business sending before login (EXISTS, FETCH, ...) are ignored then.
// Logging in is a job (LoginJob); so is everything after.
class ImapSession : public QObject
{
    Q_OBJECT
public:
    enum class State { Disconnected, Connecting, NotAuthenticated, Authenticated, Selected, LoggedOut };
    Q_ENUM(State)

    explicit ImapSession(QObject *parent = nullptr);
    ~ImapSession() override;

    void connectToServer(const net::ServerEndpoint &endpoint);
    // LOGOUT (RFC 3501 s6.1.3) after the queued jobs, then close; emits closed(none()).
    void logout();
    // Drops the connection now; running and queued jobs fail with Aborted.
    void abort();

    State state() const { return m_state; }
    const net::ServerEndpoint &endpoint() const;
    net::TlsDetails tlsDetails() const;
    net::ProtocolLog *log() const { return m_log; }
    net::Connection *connection() const { return m_connection; }

    // The latest CAPABILITY (from the greeting, a response code or the command), upper-cased.
    const QSet<QByteArray> &capabilities() const { return m_capabilities; }
    bool hasCapability(QByteArrayView name) const;
    QByteArrayList authMechanisms() const; // from AUTH=... capabilities
    // Extensions the server confirmed with ENABLED (RFC 5161): "CONDSTORE", "QRESYNC", "UTF8=ACCEPT".
    bool isEnabled(QByteArrayView extension) const;
    QString selectedMailbox() const { return m_selectedMailbox; }

    // Used by jobs (and tests): the job currently running, if any.
    ImapJob *currentJob() const { return m_current; }

Q_SIGNALS:
    void opened();                          // greeting read, TLS in force as asked, caps known
    void stateChanged(magpie::imap::ImapSession::State state);
    // Unsolicited and solicited alike, at any time after login (RFC 3501 s7):
    void existsChanged(quint32 count);
    void expunged(quint32 sequenceNumber);
    void vanished(const magpie::imap::UidSet &uids, bool earlier); // RFC 7162 s3.2.10
    void messageFetched(const magpie::imap::FetchedMessage &message); // e.g. flags changed elsewhere
    void flagsAnnounced(const QByteArrayList &flags);
    void alert(const QString &text);       // [ALERT]: must be shown to the user (RFC 3501 s7.1)
    void bye(const QString &text);
    // The connection ended: error none() after logout(), else why.
    void closed(const magpie::net::NetError &error);

private:
    friend class ImapJob;
    // (implementation: the owner of this file may add private members and functions freely)
    void enqueue(ImapJob *job);
    QByteArray sendCommand(ImapJob *job, const ImapCommand &command);

    net::Connection *m_connection = nullptr;
    net::ProtocolLog *m_log = nullptr;
    ImapResponseParser m_parser;
    State m_state = State::Disconnected;
    QSet<QByteArray> m_capabilities;
    QSet<QByteArray> m_enabled;
    QString m_selectedMailbox;
    QQueue<ImapJob *> m_queue;
    ImapJob *m_current = nullptr;
    quint32 m_nextTag = 1;
};

} // namespace magpie::imap
