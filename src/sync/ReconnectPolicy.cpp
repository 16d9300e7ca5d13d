// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/ReconnectPolicy.h"

using namespace std::chrono_literals;

namespace magpie::sync {

ReconnectPolicy::ReconnectPolicy()
    : m_delays(defaultDelays())
{ }

ReconnectPolicy::ReconnectPolicy(const QList<std::chrono::milliseconds> &delays)
    : m_delays(delays.isEmpty() ? defaultDelays() : delays)
{ }

QList<std::chrono::milliseconds> ReconnectPolicy::defaultDelays()
{
    return { 5s, 15s, 1min, 5min };
}

std::chrono::milliseconds ReconnectPolicy::nextDelay()
{
    const int index = qMin(m_failures, int(m_delays.size()) - 1);
    ++m_failures;
    return m_delays.at(index);
}

} // namespace magpie::sync
