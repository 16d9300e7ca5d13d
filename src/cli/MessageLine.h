// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/MessageSummary.h"

#include <QString>

namespace magpie::cli {

// One message as `list` and `search` print it: tab-separated columns, so a script can split
// them and a subject may hold spaces:
//   DATE <tab> SENDER <tab> SUBJECT <tab> FLAGS
// DATE is ISO 8601 in UTC (2026-03-01T13:05:09Z), SENDER the From address, SUBJECT with any
// tab or line break turned into a space, FLAGS the IMAP names (\Seen \Flagged $Forwarded ...)
// separated by spaces, or "-" when there is none.
class MessageLine
{
public:
    static QString format(const store::MessageSummary &message);
    static QString flags(const store::MessageFlags &flags);
};

} // namespace magpie::cli
