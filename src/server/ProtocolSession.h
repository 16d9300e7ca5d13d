// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/FaultPlan.h"

#include <QByteArray>
#include <QObject>

#include <optional>

namespace magpie::server {

class ServerContext;
class Transport;

// The server side of one connection, independent of sockets: bytes come in through
// receive(), replies go out through the Transport. SmtpSession, Pop3Session and
// ImapSession derive from it. The base applies the fault plan, so every protocol gets the
// same hooks, and counts bytes for them.
//
// A derived session marks each command: beginCommand() when it has parsed one (a fault rule
// may answer it instead), send() for anything but the final reply (IMAP untagged data, a
// "+" continuation, SMTP's 354), and completeCommand() for the final reply.
class ProtocolSession : public QObject
{
    Q_OBJECT
public:
    ProtocolSession(Protocol protocol, ServerContext &context, Transport &transport,
                    QObject *parent = nullptr);
    ~ProtocolSession() override;

    Protocol protocol() const { return m_protocol; }

    // Sends the greeting. Called once the connection is up (after the handshake for
    // implicit TLS).
    virtual void start() = 0;
    // Bytes from the client, in any split.
    void receive(QByteArrayView bytes);
    // The TLS handshake that startTls() asked for has finished.
    virtual void tlsStarted() {}
    // No command for idleTimeoutMs(): the session says goodbye as its protocol wants
    // (IMAP "* BYE", SMTP 421, POP3 simply closes) and closes.
    virtual void idleTimedOut() = 0;
    // How long the client may stay silent now; it may depend on the state (IMAP before login).
    virtual int idleTimeoutMs() const = 0;
    // The connection went away: release locks, stop listening to the store.
    virtual void connectionLost() {}

    bool isClosed() const { return m_closed; }

Q_SIGNALS:
    // The session closed its transport; the owner may delete it.
    void finished();

protected:
    // The protocol's own handling of client bytes, after the fault plan saw them.
    virtual void handleBytes(QByteArrayView bytes) = 0;
    // The text that answers a command with a fault rule's reply: SMTP and POP3 send it as
    // it is, IMAP puts the tag in front.
    virtual QByteArray faultReply(const QByteArray &reply, const QByteArray &tag) const;

    // Returns false when a fault rule answered (or dropped) the command: do not run it.
    bool beginCommand(QByteArrayView verb, const QByteArray &tag = {});
    void send(const QByteArray &bytes);
    void completeCommand(const QByteArray &finalReply);
    // Closes the connection (after queued bytes are sent).
    void closeConnection();
    void log(const QString &event);

    ServerContext &context() const { return m_context; }
    Transport &transport() const { return m_transport; }

private:
    void dropConnection();

    Protocol m_protocol;
    ServerContext &m_context;
    Transport &m_transport;
    std::optional<FaultRule> m_activeFault; // the rule armed by the current command
    qint64 m_bytesSentInCommand = 0;
    qint64 m_bytesReceivedInCommand = 0;
    bool m_closed = false;
};

} // namespace magpie::server
