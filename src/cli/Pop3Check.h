// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "cli/CheckReport.h"
#include "cli/CheckTarget.h"

#include <QCoreApplication>
#include <QString>

namespace magpie::cli {

// `magpie-cli check pop3[s]://...`: connects, shows the TLS details and the CAPA list, logs in
// when the URL names a user, shows how many messages the maildrop holds (STAT), and QUITs
// without having changed anything.
class Pop3Check
{
    Q_DECLARE_TR_FUNCTIONS(magpie::cli::Pop3Check)
public:
    static bool run(const CheckTarget &target, CheckReport &report, QString *log);
};

} // namespace magpie::cli
