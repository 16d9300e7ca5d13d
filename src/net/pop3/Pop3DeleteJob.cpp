// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/pop3/Pop3DeleteJob.h"

#include "net/pop3/Pop3Session.h"

#include <QStringList>

namespace magpie::pop3 {

namespace {

// With PIPELINING, this many DELE commands may wait for their answers at once: enough to
// hide the round trips, few enough that neither side's buffers fill up (RFC 2449 s6.6).
constexpr qsizetype PipelineWindow = 64;

} // namespace

Pop3DeleteJob::Pop3DeleteJob(Pop3Session *session, quint32 messageNumber)
    : Pop3DeleteJob(session, QList<quint32> { messageNumber })
{ }

Pop3DeleteJob::Pop3DeleteJob(Pop3Session *session, const QList<quint32> &messageNumbers)
    : Pop3Job(session)
    , m_numbers(messageNumbers)
{ }

Pop3DeleteJob::~Pop3DeleteJob() = default;

void Pop3DeleteJob::doStart()
{
    for (const quint32 number : std::as_const(m_numbers)) {
        if (!checkMessageNumber(number))
            return;
    }
    if (m_numbers.isEmpty()) {
        finishWithSuccess();
        return;
    }
    sendMore();
}

void Pop3DeleteJob::sendMore()
{
    const qsizetype window = session()->hasCapability("PIPELINING") ? PipelineWindow : 1;
    while (m_sent < m_numbers.size() && m_sent - m_answered < window) {
        if (!send("DELE " + QByteArray::number(m_numbers.at(m_sent))))
            return;
        ++m_sent;
    }
}

void Pop3DeleteJob::handleReply(const Pop3Reply &reply)
{
    const quint32 number = m_numbers.at(m_answered++);
    if (reply.isOk()) {
        m_deleted.append(number);
    } else {
        if (m_refused.isEmpty())
            m_firstRefusal = reply;
        m_refused.append(number);
    }
    if (m_answered < m_numbers.size()) {
        sendMore();
        return;
    }
    if (m_refused.isEmpty()) {
        finishWithSuccess();
        return;
    }
    QStringList numbers;
    for (const quint32 refused : std::as_const(m_refused))
        numbers.append(QString::number(refused));
    finishWithError(errorFrom(m_firstRefusal,
                              m_refused.size() == 1
                                  ? tr("Deleting message %1").arg(numbers.first())
                                  : tr("Deleting messages %1").arg(numbers.join(u", "))));
}

} // namespace magpie::pop3
