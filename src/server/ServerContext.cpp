// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/ServerContext.h"

#include <QDateTime>

namespace magpie::server {

ServerContext::ServerContext(MailStore &store, const ServerConfig &config, QObject *parent)
    : QObject(parent)
    , m_store(store)
    , m_config(config)
{
    for (const FaultRule &rule : config.faults)
        m_faults.add(rule);
}

QString ServerContext::authenticate(const QString &login, const QString &password) const
{
    const QString address = login.toLower();
    for (const LocalUser &user : m_config.users) {
        if (user.address == address && user.password == password)
            return user.address;
    }
    return {};
}

QString ServerContext::recipientUser(const QString &address) const
{
    const QString wanted = address.toLower();
    for (const LocalUser &user : m_config.users) {
        if (user.address == wanted)
            return user.address;
    }
    return m_config.catchAll.toLower();
}

void ServerContext::log(Protocol protocol, const QString &peer, const QString &event)
{
    static const char *const names[] = { "smtp", "pop3", "imap" };
    const QString line = QDateTime::currentDateTimeUtc().toString(Qt::ISODateWithMs) + u' '
        + QLatin1StringView(names[static_cast<int>(protocol)]) + u' ' + peer + u' ' + event;
    Q_EMIT logged(line);
}

} // namespace magpie::server
