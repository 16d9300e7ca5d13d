// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/imap/ImapCommand.h"
#include "server/imap/ImapLexer.h"

namespace magpie::server {

// The data items of FETCH (RFC 3501 s6.4.5) and its modifiers (RFC 7162 s3.1.4.1):
//   ("ALL" / "FULL" / "FAST" / fetch-att / "(" fetch-att *(SP fetch-att) ")")
//   [SP "(" fetch-modifier *(SP fetch-modifier) ")"]
// The macros become their items; CHANGEDSINCE sets command.condstore and changedSince.
class ImapFetchItemParser
{
public:
    // The lexer is at the items; false with the lexer's error set on failure.
    static bool parse(ImapLexer &lexer, ImapCommand &command);
};

} // namespace magpie::server
