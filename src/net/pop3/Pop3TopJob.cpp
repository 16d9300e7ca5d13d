// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3TopJob.h"

namespace magpie::pop3 {

Pop3TopJob::Pop3TopJob(Pop3Session *session, quint32 messageNumber, quint32 bodyLines)
    : Pop3RetrieveJob(session, messageNumber)
    , m_lines(bodyLines)
{ }

Pop3TopJob::~Pop3TopJob() = default;

QByteArray Pop3TopJob::command() const
{
    return "TOP " + QByteArray::number(messageNumber()) + ' ' + QByteArray::number(m_lines);
}

QString Pop3TopJob::description() const
{
    return tr("Downloading the start of message %1").arg(messageNumber());
}

} // namespace magpie::pop3
