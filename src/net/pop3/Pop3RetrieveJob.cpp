// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3RetrieveJob.h"

#include "net/pop3/Pop3Session.h"

namespace magpie::pop3 {

using Code = net::NetError::Code;

Pop3RetrieveJob::Pop3RetrieveJob(Pop3Session *session, quint32 messageNumber)
    : Pop3Job(session)
    , m_number(messageNumber)
{ }

Pop3RetrieveJob::~Pop3RetrieveJob() = default;

QByteArray Pop3RetrieveJob::command() const
{
    return "RETR " + QByteArray::number(m_number);
}

QString Pop3RetrieveJob::description() const
{
    return tr("Downloading message %1").arg(m_number);
}

void Pop3RetrieveJob::doStart()
{
    if (!checkMessageNumber(m_number))
        return;
    if (m_device && !m_device->isWritable()) {
        finishWithError(net::NetError::make(
            Code::InvalidArgument,
            tr("Magpie cannot save message %1: the file is not open for writing.").arg(m_number)));
        return;
    }
    send(command(), ReplyKind::MultiLine);
}

void Pop3RetrieveJob::handleReply(const Pop3Reply &reply)
{
    // "+OK 1200 octets" is not used to frame the message: only the "." line ends it.
    if (!reply.isOk())
        finishWithError(errorFrom(reply, description()));
}

void Pop3RetrieveJob::handleData(const QByteArray &chunk)
{
    if (m_device && m_device->write(chunk) != chunk.size()) {
        // The rest of the message is still read from the server (the session drops it), so
        // the connection stays usable.
        finishWithError(net::NetError::make(Code::Aborted,
                                            tr("%1 stopped: Magpie could not save it (%2).")
                                                .arg(description(), m_device->errorString())));
        return;
    }
    m_size += chunk.size();
    Q_EMIT dataReceived(chunk);
}

void Pop3RetrieveJob::handleEndOfData()
{
    m_complete = true;
    finishWithSuccess();
}

void Pop3RetrieveJob::connectionLost(const net::NetError &error)
{
    net::NetError incomplete = error;
    if (m_size > 0)
        incomplete.message = tr("%1 was cut off after %2 bytes; nothing of it was kept.")
                                 .arg(description())
                                 .arg(m_size)
            + u' ' + error.message;
    finishWithError(incomplete);
}

} // namespace magpie::pop3
