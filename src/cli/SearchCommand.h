// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace magpie::cli {

// `magpie-cli search [--profile DIR] [--account ID] [--limit N] QUERY...`: full-text search
// of the cache (store::SearchIndex: subject, addresses, body text), newest first, one line
// per hit: MessageLine's columns plus the folder (docs/cli.md "search"). Exit status: 0
// searched (also with no hit), 1 no cache or it could not be read, 2 bad command line.
int runSearch(const QStringList &arguments);

} // namespace magpie::cli
