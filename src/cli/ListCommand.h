// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace magpie::cli {

// `magpie-cli list [--profile DIR] --folder NAME [--account ID] [--limit N]`: the cached
// messages of one folder, newest first, one line each (MessageLine), without any network
// (docs/cli.md "list"). Exit status: 0 listed (also when empty), 1 no cache in the profile,
// no such folder, or the cache could not be read, 2 bad command line or an ambiguous folder.
int runList(const QStringList &arguments);

} // namespace magpie::cli
