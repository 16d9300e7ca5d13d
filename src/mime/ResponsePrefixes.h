// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace magpie::mime {

// The subject prefixes that mailers in many languages put before replies and forwards.
class ResponsePrefixes
{
public:
    enum Kind { Reply, Forward };

    // Removes every leading prefix of that kind, with its optional counter ("Re[3]:",
    // "Re^2:") and surrounding space, case-insensitively: "RE: Aw: Re[2]: x" -> "x".
    static QString strip(const QString &subject, Kind kind);
};

} // namespace magpie::mime
