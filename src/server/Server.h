// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/FaultPlan.h"
#include "server/ServerConfig.h"
#include "server/TlsIdentity.h"

#include <QList>
#include <QObject>
#include <QString>

#include <functional>
#include <memory>
#include <optional>

namespace magpie::server {

class Listener;
class MailStore;
class ProtocolSession;
class ServerContext;
class Transport;

// The loopback mail server: the store, the TLS identity and the six listening ports (SMTP,
// SMTP submission over TLS, POP3, POP3S, IMAP, IMAPS), with one protocol session per
// connection. magpie-server runs one; the app's demo mode and the tests embed one in-process.
//
// A port given as 0 in ServerConfig::ports is chosen by the system; ports() tells which.
class Server : public QObject
{
    Q_OBJECT
public:
    // Makes the session for a new connection. It is made without a parent and owned by the
    // connection; nullptr when this build has no session for the protocol (the client is
    // then disconnected at once).
    using SessionFactory =
        std::function<ProtocolSession *(Protocol, ServerContext &, Transport &, QObject *parent)>;
    // SmtpSession, Pop3Session and ImapSession.
    static SessionFactory defaultSessionFactory();

    explicit Server(const ServerConfig &config, QObject *parent = nullptr);
    Server(const ServerConfig &config, SessionFactory factory, QObject *parent = nullptr);
    ~Server() override;

    // Use this identity instead of loading or making one (before start()).
    void setTlsIdentity(const TlsIdentity &identity) { m_tls = identity; }

    // Loads or makes the TLS identity, opens the store, adds the configured users and listens.
    // On failure nothing is left open and `error` says what went wrong and what to do.
    bool start(QString *error);
    // Closes the ports, ends every connection at once and closes the store.
    void stop();
    bool isRunning() const { return m_context != nullptr; }

    // Valid while running.
    ServerContext &context() const { return *m_context; }
    MailStore &store() const { return *m_store; }
    ServerPorts ports() const { return m_ports; }
    const std::optional<TlsIdentity> &tlsIdentity() const { return m_tls; }

    struct Endpoint
    {
        QString service; // "smtp", "submissions", "pop3", "pop3s", "imap", "imaps"
        QString address; // "127.0.0.1:2525" or "[::1]:2525"
    };
    // The listening ports in the order above.
    QList<Endpoint> endpoints() const;

    // Connections being served now (refused ones are not counted).
    int connectionCount() const { return m_activeConnections; }

    // The refusal a client gets when maxConnections are already served.
    static QByteArray tooManyConnectionsReply(Protocol protocol);

Q_SIGNALS:
    // ServerContext::logged, and the server's own events.
    void logged(const QString &line);

private:
    bool openTlsIdentity(QString *error);
    bool openStore(QString *error);
    bool listen(QString *error);
    void accept(Listener *listener, qintptr socketDescriptor);

    ServerConfig m_config;
    SessionFactory m_factory;
    std::optional<TlsIdentity> m_tls;
    std::unique_ptr<MailStore> m_store;
    std::unique_ptr<ServerContext> m_context;
    // Parent of the listeners and of every Connection, so stop() can end them all at once,
    // before the context and store they use go away.
    std::unique_ptr<QObject> m_network;
    QList<Listener *> m_listeners;
    ServerPorts m_ports;
    int m_activeConnections = 0;
    int m_refusingConnections = 0;
};

} // namespace magpie::server
