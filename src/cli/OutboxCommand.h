// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace magpie::cli {

// `magpie-cli outbox [--profile DIR] [--account ID] [--retry ID] [--discard ID]`: the messages
// waiting to be sent (store::OutboxQueue), one line each, oldest first; --retry puts a failed
// or unconfirmed one back in the queue to go out with the next pass, --discard removes one
// (docs/cli.md "outbox"). Nothing is sent from here. Exit status: 0 done, 1 no cache, no such
// entry, or the cache could not be read or written, 2 bad command line.
int runOutbox(const QStringList &arguments);

} // namespace magpie::cli
