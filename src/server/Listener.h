// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/Connection.h"
#include "server/FaultPlan.h"

#include <QTcpServer>

namespace magpie::server {

// One listening port of the server: which protocol it speaks, and whether TLS comes first.
// It hands each accepted socket descriptor on, so that the Server can wrap it in a
// QSslSocket (QTcpServer would make a plain QTcpSocket).
class Listener : public QTcpServer
{
    Q_OBJECT
public:
    // `service` is the port's name in the output and the log: "smtp", "submissions",
    // "pop3", "pop3s", "imap", "imaps".
    Listener(const QString &service, Protocol protocol, Connection::Security security,
             QObject *parent = nullptr);

    QString service() const { return m_service; }
    Protocol protocol() const { return m_protocol; }
    Connection::Security security() const { return m_security; }

Q_SIGNALS:
    void connectionArrived(qintptr socketDescriptor);

protected:
    void incomingConnection(qintptr socketDescriptor) override;

private:
    QString m_service;
    Protocol m_protocol;
    Connection::Security m_security;
};

} // namespace magpie::server
