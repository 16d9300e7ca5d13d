// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace magpie::cli {

// `magpie-cli send --smtp URL --from ADDR --to ADDR ... [--cc ADDR] [--bcc ADDR]
// [--subject S] [--body TEXT | --body-file F] [--attach FILE]...` plus the connection options:
// builds a message with src/mime and submits it (docs/cli.md "send"). Returns the exit
// status: 0 every recipient accepted, 1 nothing sent, 2 bad command line, 3 sent to some
// recipients while the server refused others.
int runSend(const QStringList &arguments);

} // namespace magpie::cli
