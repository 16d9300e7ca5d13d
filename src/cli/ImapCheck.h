// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/CheckReport.h"
#include "cli/CheckTarget.h"

#include <QCoreApplication>
#include <QString>

namespace magpie::cli {

// `magpie-cli check imap[s]://...`: connects (TLS as the URL says), shows the TLS details and
// the capabilities, logs in when the URL names a user, lists the folders with their special
// use (RFC 6154), and logs out.
class ImapCheck
{
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::ImapCheck)
public:
    // True when everything asked for worked; `log` gets the protocol log (redacted).
    static bool run(const CheckTarget &target, CheckReport &report, QString *log);
};

} // namespace magpie::cli
