// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/RetrySchedule.h"

#include <array>

namespace magpie::sync {

std::chrono::minutes RetrySchedule::delayAfter(int failedAttempts)
{
    using std::chrono::minutes;
    static constexpr std::array<minutes, 4> steps { minutes(1), minutes(5), minutes(15),
                                                     minutes(60) };
    if (failedAttempts <= 0)
        return minutes(0);
    const auto index = static_cast<std::size_t>(failedAttempts - 1);
    return index < steps.size() ? steps[index] : steps.back();
}

QDateTime RetrySchedule::nextAttempt(const QDateTime &lastFailure, int failedAttempts)
{
    return lastFailure.addSecs(
        std::chrono::duration_cast<std::chrono::seconds>(delayAfter(failedAttempts)).count());
}

} // namespace magpie::sync
