// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QDateTime>

#include <chrono>

namespace magpie::sync {

// When to try again after a temporary failure (an SMTP 4xx reply, a dropped connection):
// 1, 5, 15 minutes, then every hour (DESIGN.md, "The path of a message"). Temporary failures
// never give up on their own; a permanent one (5xx) is not retried at all.
class RetrySchedule
{
public:
    static std::chrono::minutes delayAfter(int failedAttempts);
    static QDateTime nextAttempt(const QDateTime &lastFailure, int failedAttempts);
};

} // namespace magpie::sync
