// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/FaultPlan.h"
#include "server/ServerConfig.h"
#include "server/ServerLimits.h"

#include <QObject>
#include <QString>

namespace magpie::server {

class MailStore;

// What every session of one server shares: the store, the users and their passwords, the
// limits, the fault plan and the event log. Owned by the Server (or by a test).
class ServerContext : public QObject
{
    Q_OBJECT
public:
    ServerContext(MailStore &store, const ServerConfig &config, QObject *parent = nullptr);

    MailStore &store() const { return m_store; }
    const ServerConfig &config() const { return m_config; }
    const ServerLimits &limits() const { return m_config.limits; }
    FaultPlan &faults() { return m_faults; }

    // The name the server gives itself in greetings and Received: fields.
    QString hostName() const { return QStringLiteral("localhost"); }

    // The user's canonical address when `login` and `password` match one of ours
    // (comparison of the address is case-insensitive), else an empty string.
    QString authenticate(const QString &login, const QString &password) const;
    // The local user that mail to `address` goes to: the user itself, the catch-all, or
    // empty (550 5.1.1).
    QString recipientUser(const QString &address) const;
    bool allowPlaintextAuth() const { return m_config.allowPlaintextAuth; }

    // One line per session event ("imap 127.0.0.1:5312 login alice@example.test"); never a
    // password or message content.
    void log(Protocol protocol, const QString &peer, const QString &event);

Q_SIGNALS:
    void logged(const QString &line);

private:
    MailStore &m_store;
    ServerConfig m_config;
    FaultPlan m_faults;
};

} // namespace magpie::server
