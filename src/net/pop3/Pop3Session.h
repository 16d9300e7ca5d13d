// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/Connection.h"
#include "net/NetError.h"
#include "net/ProtocolLog.h"
#include "net/ServerEndpoint.h"
#include "net/TlsDetails.h"
#include "net/pop3/Pop3Lines.h"
#include "net/pop3/Pop3ReplyParser.h"

#include <QByteArrayList>
#include <QObject>
#include <QPointer>
#include <QQueue>

namespace magpie::pop3 {

class Pop3Job;

// One POP3 connection (DESIGN.md "Protocol engines"): owns the Connection, the reply parser,
// the protocol log and a queue of Pop3Jobs run one at a time, in the order they were started.
//
// Opening: connectToServer() -> greeting ("+OK", with an APOP timestamp "<...>" remembered;
// "-ERR" fails with ServerClosing, RFC 1939 s4) -> CAPA (RFC 2449 s5; a server without CAPA
// answers -ERR and gets none) -> for StartTls: STLS is required (RFC 2595 s4): not in CAPA or
// refused fails with StartTlsUnavailable, never a plaintext fallback; after its "+OK" every
// byte already received is dropped unread and CAPA asked again -> opened(). Logging in is a
// job (Pop3LoginJob); so is everything after. quit() ends the session politely.
class Pop3Session : public QObject
{
    Q_OBJECT
public:
    // RFC 1939 s3; UPDATE is the moment between QUIT and the server's answer.
    enum class State { Disconnected, Connecting, Authorization, Transaction, LoggedOut };
    Q_ENUM(State)

    explicit Pop3Session(QObject *parent = nullptr);
    ~Pop3Session() override;

    void connectToServer(const net::ServerEndpoint &endpoint);
    // QUIT (RFC 1939 s6) after the queued jobs, then close. After a login, this is when the
    // server really removes the messages marked with DELE. Emits closed(none()) when the
    // server said +OK, closed(error) when it said -ERR (the deletions may not have happened).
    void quit();
    // Drops the connection now; running and queued jobs fail with Aborted. No QUIT is sent,
    // so no message marked for deletion is removed (RFC 1939 s6).
    void abort();

    State state() const { return m_state; }
    const net::ServerEndpoint &endpoint() const;
    net::TlsDetails tlsDetails() const;
    net::ProtocolLog *log() const { return m_log; }
    net::Connection *connection() const { return m_connection; }

    // The greeting's text, and its APOP timestamp "<...>" (RFC 1939 s7) or empty.
    QByteArray greeting() const { return m_greeting; }
    QByteArray apopTimestamp() const { return m_apopTimestamp; }

    // The latest CAPA answer (RFC 2449 s5), one capability per line as the server sent it.
    // Empty when the server does not know CAPA (capabilitiesKnown() false).
    const QByteArrayList &capabilities() const { return m_capabilities; }
    bool capabilitiesKnown() const { return m_capabilitiesKnown; }
    // By the capability's first word, case-insensitively: hasCapability("UIDL").
    bool hasCapability(QByteArrayView keyword) const;
    // The words after the keyword: capabilityArguments("SASL") -> {"PLAIN", "LOGIN"}.
    QByteArrayList capabilityArguments(QByteArrayView keyword) const;
    QByteArrayList saslMechanisms() const { return capabilityArguments("SASL"); }

    // Used by jobs (and tests): the job currently running, if any.
    Pop3Job *currentJob() const { return m_current; }

Q_SIGNALS:
    void opened(); // greeting read, TLS in force as asked, capabilities known
    void stateChanged(magpie::pop3::Pop3Session::State state);
    // The connection ended: error none() after a successful quit(), else why.
    void closed(const magpie::net::NetError &error);

private:
    friend class Pop3Job;

    // What a reply in the queue of awaited replies belongs to.
    enum class Purpose { Greeting, Capa, Stls, Quit, Job };
    struct Awaited
    {
        Purpose purpose = Purpose::Job;
        QPointer<Pop3Job> job; // for Purpose::Job; replies to a finished job are dropped
        bool multiLine = false;
        bool saslExchange = false; // "+ " challenges keep it awaited (RFC 5034 s4)
    };

    // For Pop3Job: queue, send, and the state change after a login.
    void enqueue(Pop3Job *job);
    bool sendCommand(Pop3Job *job, const QByteArray &command, const Awaited &awaited,
                     const QByteArray &redactedAs);
    void sendSaslResponse(const QByteArray &response);
    void setState(State state);

    void onReady();
    void onReceived(const QByteArray &bytes);
    void onClosed();
    void processInput();
    bool handleReply(const Pop3Reply &reply);
    void handleData(const QByteArray &chunk);
    void handleEndOfData();
    bool handleOwnReply(Purpose purpose, const Pop3Reply &reply);
    void capabilitiesDone();
    void sendOwn(Purpose purpose, const QByteArray &command, bool multiLine);
    void scheduleNext();
    void startNext();
    void jobFinished(Pop3Job *job);
    void updateReplyAwaited();
    void fail(const net::NetError &error, bool dropConnection = true);
    void failLater(Pop3Job *job, const net::NetError &error);
    QString where() const;
    net::NetError quitUnanswered() const;

    net::Connection *m_connection = nullptr;
    net::ProtocolLog *m_log = nullptr;
    Pop3ReplyParser m_parser;
    State m_state = State::Disconnected;
    QByteArray m_greeting;
    QByteArray m_apopTimestamp;
    QByteArrayList m_capabilities;
    QByteArrayList m_newCapabilities;
    Pop3Lines m_capaLines;
    bool m_capabilitiesKnown = false;
    bool m_connectionUsed = false;
    bool m_opened = false;
    bool m_tlsStarting = false; // STLS accepted: the next ready() ends the handshake
    bool m_quitRequested = false;
    bool m_quitSent = false;
    bool m_quitAnswered = false;
    bool m_ended = false; // closed() was emitted (or is about to be)
    bool m_nextScheduled = false;
    net::NetError m_quitError;
    qint64 m_bodyBytes = 0;
    QQueue<Awaited> m_awaited;
    QQueue<QPointer<Pop3Job>> m_queue;
    QPointer<Pop3Job> m_current;
};

} // namespace magpie::pop3
