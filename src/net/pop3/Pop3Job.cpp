// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3Job.h"

#include "net/pop3/Pop3Session.h"

namespace magpie::pop3 {

using Code = net::NetError::Code;

Pop3Job::Pop3Job(Pop3Session *session)
    : net::Job(session)
    , m_session(session)
{ }

Pop3Job::~Pop3Job() = default;

void Pop3Job::start()
{
    if (m_queued)
        return;
    m_queued = true;
    m_session->enqueue(this);
}

bool Pop3Job::send(const QByteArray &command, ReplyKind kind)
{
    Pop3Session::Awaited awaited;
    awaited.job = this;
    awaited.multiLine = kind == ReplyKind::MultiLine;
    return m_session->sendCommand(this, command, awaited, QByteArray());
}

bool Pop3Job::sendSecret(const QByteArray &command, const QByteArray &visible)
{
    Pop3Session::Awaited awaited;
    awaited.job = this;
    return m_session->sendCommand(this, command, awaited,
                                  visible.isNull() ? QByteArray("") : visible);
}

bool Pop3Job::sendAuth(const QByteArray &command, const QByteArray &visible, bool redacted)
{
    Pop3Session::Awaited awaited;
    awaited.job = this;
    awaited.saslExchange = true;
    return m_session->sendCommand(this, command, awaited, redacted ? visible : QByteArray());
}

void Pop3Job::sendSaslResponse(const QByteArray &base64Response)
{
    m_session->sendSaslResponse(base64Response);
}

void Pop3Job::handleData(const QByteArray &chunk)
{
    Q_UNUSED(chunk)
}

void Pop3Job::handleEndOfData()
{ }

void Pop3Job::connectionLost(const net::NetError &error)
{
    finishWithError(error);
}

net::NetError Pop3Job::errorFrom(const Pop3Reply &reply, const QString &what)
{
    if (reply.isOk())
        return net::NetError::none();
    const QString said = reply.readableText();
    QString message = said.isEmpty() ? tr("%1 failed; the server gave no reason.").arg(what)
                                     : tr("%1 failed: the server said “%2”.")
                                           .arg(what, net::NetError::quotable(said));
    if (reply.isTemporary())
        message += u' ' + tr("Try again later.");
    return net::NetError::make(reply.isTemporary() ? Code::TemporaryFailure : Code::CommandRejected,
                               message, reply.line);
}

bool Pop3Job::checkMessageNumber(quint32 number)
{
    if (number != 0)
        return true;
    finishWithError(net::NetError::make(
        Code::InvalidArgument, tr("There is no message number 0: POP3 numbers messages from 1.")));
    return false;
}

void Pop3Job::loggedIn()
{
    m_session->setState(Pop3Session::State::Transaction);
}

} // namespace magpie::pop3
