// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QList>

#include <chrono>

namespace magpie::sync {

// How long an account waits before connecting again after the network or the server went
// away: 5 s, 15 s, 1 min, then every 5 min. Shorter than the outbox's RetrySchedule (1, 5, 15,
// 60 min), because reconnecting only costs a TCP/TLS handshake and a login, while a retried
// message costs the server a delivery attempt. Never used for a refused password or an
// untrusted certificate: those wait for the person (AccountRuntime state NeedsAttention).
class ReconnectPolicy
{
public:
    ReconnectPolicy();
    // Tests: their own, short delays (the last one repeats).
    explicit ReconnectPolicy(const QList<std::chrono::milliseconds> &delays);

    static QList<std::chrono::milliseconds> defaultDelays();

    // The wait before the next attempt, counting this failure.
    std::chrono::milliseconds nextDelay();
    int failures() const { return m_failures; }
    // A connection worked: the next failure starts again from the first delay.
    void reset() { m_failures = 0; }

private:
    QList<std::chrono::milliseconds> m_delays;
    int m_failures = 0;
};

} // namespace magpie::sync
