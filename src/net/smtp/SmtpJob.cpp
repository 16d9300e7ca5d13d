// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/smtp/SmtpJob.h"

#include "net/smtp/SmtpSession.h"

namespace magpie::smtp {

SmtpJob::SmtpJob(SmtpSession *session)
    : net::Job(session)
    , m_session(session)
{ }

SmtpJob::~SmtpJob() = default;

void SmtpJob::start()
{
    if (m_queued)
        return;
    m_queued = true;
    m_session->enqueue(this);
}

void SmtpJob::connectionLost(const net::NetError &error)
{
    finishWithError(error);
}

void SmtpJob::sendCommand(const QByteArray &line)
{
    m_session->writeCommands({ line }, { line }, false);
}

void SmtpJob::sendSecret(const QByteArray &line, const QByteArray &visible)
{
    m_session->writeCommands({ line }, { visible }, true);
}

void SmtpJob::sendCommands(const QByteArrayList &lines)
{
    m_session->writeCommands(lines, lines, false);
}

void SmtpJob::sendData(const QByteArray &bytes)
{
    m_session->writeData(bytes, 0);
}

void SmtpJob::sendEndOfData(const QByteArray &terminator)
{
    m_session->writeData(terminator, 1);
}

int SmtpJob::awaitedReplies() const
{
    return m_session->m_awaited;
}

QString SmtpJob::serverName() const
{
    return m_session->endpoint().host;
}

net::NetError SmtpJob::errorFrom(const SmtpReply &reply, const QString &what) const
{
    QString said = QString::fromUtf8(reply.summary());
    if (!said.endsWith(u'.'))
        said += u'.';
    const auto code = reply.isTransient() ? net::NetError::Code::TemporaryFailure
                                          : net::NetError::Code::CommandRejected;
    return net::NetError::make(code, tr("The server refused %1: %2").arg(what, said),
                               reply.summary());
}

} // namespace magpie::smtp
