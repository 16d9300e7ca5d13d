// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace magpie::cli {

// `magpie-cli inspect FILE|-`: one message as JSON (docs/cli.md). Returns the exit status.
int runInspect(const QStringList &arguments);

} // namespace magpie::cli
