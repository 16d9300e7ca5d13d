// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/IdleJob.h"

#include <QTimer>

namespace magpie::imap {

using net::NetError;

namespace {
// RFC 2177 s3: servers may log out a client idle for 30 minutes; re-issue a little before
// the 29 minutes the RFC recommends.
constexpr int kDefaultReissueMs = 28 * 60 * 1000;
} // namespace

IdleJob::IdleJob(ImapSession *session)
    : ImapJob(session)
    , m_reissueTimer(new QTimer(this))
{
    m_reissueTimer->setSingleShot(true);
    m_reissueTimer->setInterval(kDefaultReissueMs);
    connect(m_reissueTimer, &QTimer::timeout, this, [this] {
        if (m_idling)
            sendDone(); // the tagged OK then sends IDLE again
    });
}

IdleJob::~IdleJob() = default;

void IdleJob::setReissueInterval(int milliseconds)
{
    m_reissueTimer->setInterval(milliseconds);
}

int IdleJob::reissueInterval() const
{
    return m_reissueTimer->interval();
}

void IdleJob::stop()
{
    if (isFinished())
        return;
    m_stopRequested = true;
    if (!m_started)
        finishWithSuccess(); // never ran: nothing to end on the server
    else if (m_idling)
        sendDone();
    // else: waiting for "+" (DONE follows it) or for the tagged OK (which ends the job)
}

void IdleJob::jobQueuedBehind()
{
    stop();
}

void IdleJob::doStart()
{
    m_started = true;
    if (!hasCapability("IDLE")) {
        finishWithError(NetError::make(
            NetError::Code::CommandRejected,
            tr("%1 does not support IDLE, so new mail can only be found by checking.")
                .arg(host())));
        return;
    }
    sendIdle();
}

void IdleJob::sendIdle()
{
    m_doneSent = false;
    send(ImapCommand("IDLE"));
}

void IdleJob::sendDone()
{
    m_reissueTimer->stop();
    m_idling = false;
    m_doneSent = true;
    setIdling(false); // from now on the tagged OK is awaited, with the read timeout
    sendLine("DONE", false);
}

void IdleJob::handleContinuation(const ImapResponse &response)
{
    if (m_idling || m_doneSent) {
        ImapJob::handleContinuation(response);
        return;
    }
    m_idling = true;
    setIdling(true);
    if (m_stopRequested) {
        sendDone();
        return;
    }
    m_reissueTimer->start();
    Q_EMIT idling();
}

void IdleJob::handleTagged(const ImapResponse &response)
{
    m_reissueTimer->stop();
    if (m_idling) {
        m_idling = false;
        setIdling(false);
    }
    if (response.status != ImapResponse::Status::Ok) {
        finishWithError(errorFrom(response, tr("Waiting for new mail (IDLE)")));
        return;
    }
    if (m_stopRequested)
        finishWithSuccess();
    else
        sendIdle(); // the re-issue, or the server ended IDLE by itself
}

} // namespace magpie::imap
