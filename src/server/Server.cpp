// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/Server.h"

#include "server/Connection.h"
#include "server/Listener.h"
#include "server/MailStore.h"
#include "server/ProtocolSession.h"
#include "server/ServerContext.h"

#include <QHostAddress>
#include <QSslSocket>

namespace magpie::server {

namespace {

struct PortSpec
{
    const char *service;
    const char *label; // for error messages
    Protocol protocol;
    Connection::Security security;
    quint16 ServerPorts::*port;
};

constexpr PortSpec kPorts[] = {
    { "smtp", "SMTP", Protocol::Smtp, Connection::Security::Plain, &ServerPorts::smtp },
    { "submissions", "SMTP submission over TLS", Protocol::Smtp, Connection::Security::ImplicitTls,
      &ServerPorts::submissions },
    { "pop3", "POP3", Protocol::Pop3, Connection::Security::Plain, &ServerPorts::pop3 },
    { "pop3s", "POP3 over TLS", Protocol::Pop3, Connection::Security::ImplicitTls,
      &ServerPorts::pop3s },
    { "imap", "IMAP", Protocol::Imap, Connection::Security::Plain, &ServerPorts::imap },
    { "imaps", "IMAP over TLS", Protocol::Imap, Connection::Security::ImplicitTls,
      &ServerPorts::imaps },
};

// What a client over the connection limit gets: its protocol's "come back later" greeting,
// then the connection closes. After the handshake on the implicit-TLS ports, so that the
// client can read it.
class RefusalSession : public ProtocolSession
{
public:
    RefusalSession(Protocol protocol, ServerContext &context, Transport &transport)
        : ProtocolSession(protocol, context, transport)
    { }
    void start() override
    {
        log(QStringLiteral("refused: too many connections"));
        transport().write(Server::tooManyConnectionsReply(protocol()));
        closeConnection();
    }
    void idleTimedOut() override { closeConnection(); }
    int idleTimeoutMs() const override { return 10 * 1000; }

protected:
    void handleBytes(QByteArrayView) override { }
};

QString formatAddress(const QHostAddress &address, quint16 port)
{
    if (address.protocol() == QAbstractSocket::IPv6Protocol)
        return u'[' + address.toString() + u"]:" + QString::number(port);
    return address.toString() + u':' + QString::number(port);
}

} // namespace

Server::Server(const ServerConfig &config, QObject *parent)
    : Server(config, defaultSessionFactory(), parent)
{ }

Server::Server(const ServerConfig &config, SessionFactory factory, QObject *parent)
    : QObject(parent)
    , m_config(config)
    , m_factory(std::move(factory))
{ }

Server::~Server()
{
    stop();
}

QByteArray Server::tooManyConnectionsReply(Protocol protocol)
{
    switch (protocol) {
    case Protocol::Smtp:
        // RFC 5321 s3.8 lets a server answer the connection with 421; RFC 3463 X.3.2
        // "system not accepting network messages".
        return "421 4.3.2 Too many connections\r\n";
    case Protocol::Pop3:
        // RFC 2449 s8.1.2: SYS/TEMP, a temporary problem on the server's side.
        return "-ERR [SYS/TEMP] Too many connections\r\n";
    case Protocol::Imap:
        // RFC 3501 s7.1.5: BYE as greeting, the server will not serve this connection.
        return "* BYE Too many connections\r\n";
    }
    return {};
}

bool Server::start(QString *error)
{
    if (isRunning())
        return true;
    QString why;
    if (!openTlsIdentity(&why) || !openStore(&why) || !listen(&why)) {
        stop();
        if (error)
            *error = why;
        return false;
    }
    return true;
}

void Server::stop()
{
    // Connections first: their sessions hold the context and the store.
    m_network.reset();
    m_listeners.clear();
    m_activeConnections = 0;
    m_refusingConnections = 0;
    m_context.reset();
    m_store.reset();
}

bool Server::openTlsIdentity(QString *error)
{
    if (m_tls)
        return true;
    if (!m_config.tlsCertFile.isEmpty() || !m_config.tlsKeyFile.isEmpty()) {
        if (m_config.tlsCertFile.isEmpty() || m_config.tlsKeyFile.isEmpty()) {
            *error = tr("A TLS certificate needs its key: give both --tls-cert and --tls-key.");
            return false;
        }
        m_tls = TlsIdentity::load(m_config.tlsCertFile, m_config.tlsKeyFile, error);
    } else if (!m_config.inMemory && !m_config.dataDir.isEmpty()) {
        m_tls = TlsIdentity::loadOrCreate(m_config.dataDir, error);
    } else {
        m_tls = TlsIdentity::generate(error);
    }
    return m_tls.has_value();
}

bool Server::openStore(QString *error)
{
    if (m_config.inMemory) {
        m_store = MailStore::openMemory();
    } else {
        StoreError storeError;
        m_store = MailStore::openMaildir(m_config.dataDir, &storeError);
        if (!m_store) {
            *error =
                tr("Cannot open the mail folder %1: %2").arg(m_config.dataDir, storeError.message);
            return false;
        }
    }
    for (const LocalUser &user : std::as_const(m_config.users)) {
        if (const StoreError added = m_store->addUser(user.address)) {
            *error = tr("Cannot set up the mailboxes of %1: %2").arg(user.address, added.message);
            return false;
        }
    }
    m_context = std::make_unique<ServerContext>(*m_store, m_config);
    connect(m_context.get(), &ServerContext::logged, this, &Server::logged);
    return true;
}

bool Server::listen(QString *error)
{
    QHostAddress address;
    if (m_config.listenAddress.compare(u"localhost", Qt::CaseInsensitive) == 0)
        address = QHostAddress(QHostAddress::LocalHost);
    else if (!address.setAddress(m_config.listenAddress)) {
        *error = tr("\"%1\" is not an IP address to listen on.").arg(m_config.listenAddress);
        return false;
    }
    m_network = std::make_unique<QObject>();
    for (const PortSpec &spec : kPorts) {
        auto *listener = new Listener(QString::fromLatin1(spec.service), spec.protocol,
                                      spec.security, m_network.get());
        const quint16 port = m_config.ports.*spec.port;
        if (!listener->listen(address, port)) {
            const QString label = QString::fromLatin1(spec.label);
            if (listener->serverError() == QAbstractSocket::AddressInUseError)
                *error = tr("Port %1 (%2) is already in use; choose another base with --port-base.")
                             .arg(port)
                             .arg(label);
            else
                *error = tr("Cannot listen on %1 (%2): %3")
                             .arg(formatAddress(address, port), label, listener->errorString());
            return false;
        }
        m_ports.*spec.port = listener->serverPort();
        connect(listener, &Listener::connectionArrived, this,
                [this, listener](qintptr descriptor) { accept(listener, descriptor); });
        m_listeners << listener;
    }
    return true;
}

QList<Server::Endpoint> Server::endpoints() const
{
    QList<Endpoint> list;
    for (const Listener *listener : m_listeners)
        list << Endpoint { listener->service(),
                           formatAddress(listener->serverAddress(), listener->serverPort()) };
    return list;
}

void Server::accept(Listener *listener, qintptr socketDescriptor)
{
    // A refusal costs a little (a handshake, on the TLS ports); past this many at once, a
    // flood of connections is simply dropped.
    constexpr int kMaxRefusing = 64;
    const bool overLimit = m_activeConnections >= m_config.limits.maxConnections;
    auto socket = std::make_unique<QSslSocket>();
    if (!socket->setSocketDescriptor(socketDescriptor)) {
        Q_EMIT logged(tr("Cannot take a new %1 connection: %2")
                          .arg(listener->service(), socket->errorString()));
        return;
    }
    if (overLimit && m_refusingConnections >= kMaxRefusing)
        return; // the socket closes as it goes

    std::optional<QSslConfiguration> tls;
    if (m_tls)
        tls = m_tls->serverConfiguration();
    auto *connection = new Connection(socket.release(), listener->protocol(), listener->security(),
                                      tls, *m_context, m_network.get());
    std::unique_ptr<ProtocolSession> session;
    if (overLimit)
        session = std::make_unique<RefusalSession>(listener->protocol(), *m_context, *connection);
    else
        session.reset(m_factory(listener->protocol(), *m_context, *connection, nullptr));
    if (!session) {
        m_context->log(
            listener->protocol(), connection->peer(),
            QStringLiteral("this build has no session for this protocol; connection closed"));
        connection->abort();
        connection->deleteLater();
        return;
    }
    int &counter = overLimit ? m_refusingConnections : m_activeConnections;
    ++counter;
    connect(connection, &Connection::closed, this, [connection, &counter] {
        --counter;
        connection->deleteLater();
    });
    connection->setSession(std::move(session));
    connection->begin();
}

} // namespace magpie::server
