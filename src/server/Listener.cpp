// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/Listener.h"

namespace magpie::server {

Listener::Listener(const QString &service, Protocol protocol, Connection::Security security,
                   QObject *parent)
    : QTcpServer(parent)
    , m_service(service)
    , m_protocol(protocol)
    , m_security(security)
{ }

void Listener::incomingConnection(qintptr socketDescriptor)
{
    Q_EMIT connectionArrived(socketDescriptor);
}

} // namespace magpie::server
