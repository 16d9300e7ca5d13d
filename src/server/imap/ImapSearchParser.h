// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/imap/ImapCommand.h"
#include "server/imap/ImapLexer.h"

namespace magpie::server {

// The arguments of SEARCH (RFC 3501 s6.4.4), with ESEARCH's RETURN options (RFC 4731 s3.1):
//   [SP "RETURN" SP "(" [option *(SP option)] ")"] [SP "CHARSET" SP astring] 1*(SP search-key)
// Fills command.search (an And of the keys), command.charset and command.searchReturn.
class ImapSearchParser
{
public:
    // The lexer is just after "SEARCH"; false with the lexer's error set on failure.
    static bool parse(ImapLexer &lexer, ImapCommand &command);
};

} // namespace magpie::server
