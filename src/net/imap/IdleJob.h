// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/imap/ImapJob.h"

class QTimer;

namespace magpie::imap {

// IDLE (RFC 2177): waits for the server to announce changes, which arrive as the session's
// signals (existsChanged, expunged, vanished, messageFetched, ...). It runs until stop(), or
// until another job is queued (the session asks it to stop first so that job can run). The
// server may drop an idle client after 30 minutes (RFC 2177 s3), so IDLE is ended with DONE
// and sent again every reissueInterval() (28 minutes unless set otherwise).
// No read timeout applies while idling (Connection::setReplyAwaited(false)).
class IdleJob : public ImapJob
{
    Q_OBJECT
public:
    explicit IdleJob(ImapSession *session);
    ~IdleJob() override;

    // Sends DONE (when idling) and finishes when the server completes IDLE.
    void stop();
    void setReissueInterval(int milliseconds);
    int reissueInterval() const;
    bool isIdling() const { return m_idling; }

Q_SIGNALS:
    void idling(); // the server's "+" arrived: changes come as signals from now on

protected:
    void doStart() override;
    void handleTagged(const ImapResponse &response) override;
    void handleContinuation(const ImapResponse &response) override;
    void jobQueuedBehind() override;

private:
    void sendIdle();
    void sendDone();

    QTimer *m_reissueTimer;
    bool m_idling = false;
    bool m_doneSent = false;
    bool m_stopRequested = false;
    bool m_started = false;
};

} // namespace magpie::imap
