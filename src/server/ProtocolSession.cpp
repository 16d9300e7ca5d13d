// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/ProtocolSession.h"

#include "server/ServerContext.h"
#include "server/Transport.h"

namespace magpie::server {

ProtocolSession::ProtocolSession(Protocol protocol, ServerContext &context, Transport &transport,
                                 QObject *parent)
    : QObject(parent)
    , m_protocol(protocol)
    , m_context(context)
    , m_transport(transport)
{
}

ProtocolSession::~ProtocolSession() = default;

void ProtocolSession::receive(QByteArrayView bytes)
{
    // With no receive fault armed the bytes go through in one piece. With one, they go a
    // line at a time, so that a command begun in the middle of a chunk counts exactly the
    // bytes that follow it (an APPEND literal, SMTP DATA lines).
    while (!bytes.isEmpty() && !m_closed) {
        qsizetype take = bytes.size();
        if (m_context.faults().hasPending(m_protocol, FaultRule::Action::DropAfterReceived)
            || (m_activeFault && m_activeFault->action == FaultRule::Action::DropAfterReceived)) {
            const qsizetype lf = bytes.indexOf('\n');
            take = lf < 0 ? bytes.size() : lf + 1;
            if (m_activeFault && m_activeFault->action == FaultRule::Action::DropAfterReceived) {
                const qint64 allowed = m_activeFault->bytes - m_bytesReceivedInCommand;
                if (allowed <= 0) {
                    dropConnection();
                    return;
                }
                take = qMin<qint64>(take, allowed);
            }
        }
        if (m_activeFault)
            m_bytesReceivedInCommand += take;
        handleBytes(bytes.first(take));
        bytes = bytes.sliced(take);
    }
    if (!m_closed && m_activeFault && m_activeFault->action == FaultRule::Action::DropAfterReceived
        && m_bytesReceivedInCommand >= m_activeFault->bytes)
        dropConnection();
}

QByteArray ProtocolSession::faultReply(const QByteArray &reply, const QByteArray &tag) const
{
    Q_UNUSED(tag)
    return reply + "\r\n";
}

bool ProtocolSession::beginCommand(QByteArrayView verb, const QByteArray &tag)
{
    m_activeFault.reset();
    m_bytesSentInCommand = 0;
    m_bytesReceivedInCommand = 0;
    if (m_context.faults().isEmpty())
        return true;
    std::optional<FaultRule> rule = m_context.faults().take(m_protocol, verb);
    if (!rule)
        return true;
    log(QStringLiteral("fault injected: %1 %2")
            .arg(QString::fromLatin1(rule->command), QString::fromLatin1(FaultRule::actionName(rule->action))));
    if (rule->action == FaultRule::Action::Reply) {
        m_transport.write(faultReply(rule->reply, tag));
        return false;
    }
    m_activeFault = rule;
    return true;
}

void ProtocolSession::send(const QByteArray &bytes)
{
    if (m_closed)
        return;
    if (m_activeFault && m_activeFault->action == FaultRule::Action::DropAfterBytes) {
        const qint64 allowed = m_activeFault->bytes - m_bytesSentInCommand;
        if (bytes.size() >= allowed) {
            if (allowed > 0)
                m_transport.write(bytes.first(allowed));
            dropConnection();
            return;
        }
    }
    m_bytesSentInCommand += bytes.size();
    m_transport.write(bytes);
}

void ProtocolSession::completeCommand(const QByteArray &finalReply)
{
    if (m_closed)
        return;
    const std::optional<FaultRule> fault = std::exchange(m_activeFault, std::nullopt);
    if (fault && fault->action == FaultRule::Action::DropBeforeReply) {
        dropConnection();
        return;
    }
    if (fault && fault->action == FaultRule::Action::DropAfterBytes)
        m_activeFault = fault; // still counting: the final reply may cross the limit
    send(finalReply);
    m_activeFault.reset();
    if (fault && fault->action == FaultRule::Action::DropAfterReply)
        dropConnection();
}

void ProtocolSession::closeConnection()
{
    if (m_closed)
        return;
    m_closed = true;
    m_transport.close();
    connectionLost();
    Q_EMIT finished();
}

void ProtocolSession::dropConnection()
{
    log(QStringLiteral("connection dropped by a fault rule"));
    closeConnection();
}

void ProtocolSession::log(const QString &event)
{
    m_context.log(m_protocol, m_transport.peer(), event);
}

} // namespace magpie::server
