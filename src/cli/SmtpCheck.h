// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/CheckReport.h"
#include "cli/CheckTarget.h"

#include <QCoreApplication>
#include <QString>

namespace magpie::cli {

// `magpie-cli check smtp[s]://...`: connects, shows the greeting, the TLS details and the
// EHLO extensions, logs in (AUTH) when the URL names a user, and QUITs. No mail is sent.
class SmtpCheck
{
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::SmtpCheck)
public:
    static bool run(const CheckTarget &target, CheckReport &report, QString *log);
};

} // namespace magpie::cli
