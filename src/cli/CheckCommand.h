// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace magpie::cli {

// `magpie-cli check URL [--cafile PEM] [--pin SHA256] [--timeout S] [--oauth-token-env VAR]
// [--log]`: connects to an IMAP, POP3 or SMTP server the way Magpie would, and says what it
// found (docs/cli.md "check"). Returns the exit status: 0 when everything worked, 1 when
// the server could not be reached, trusted or logged in to, 2 for a bad command line.
int runCheck(const QStringList &arguments);

} // namespace magpie::cli
