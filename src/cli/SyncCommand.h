// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace magpie::cli {

// `magpie-cli sync URL [--profile DIR] [--folder NAME] [--cafile PEM] [--pin SHA256]
// [--timeout S] [--oauth-token-env VAR] [--log FILE]`: one headless pass of Magpie's sync
// (AccountRuntime::syncNow) of an IMAP or POP3 account into the profile's cache, then a
// summary (docs/cli.md "sync"). Exit status: 0 synced, 1 not (unreachable, untrusted, login
// refused, a folder or the cache failed), 2 bad command line.
int runSync(const QStringList &arguments);

} // namespace magpie::cli
