// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "server/imap/ImapCommand.h"

#include <QByteArray>

#include <optional>

namespace magpie::server {

// Turns one whole command from ImapCommandReader into an ImapCommand (RFC 3501 s9 grammar,
// with RFC 9051 and the extensions DESIGN.md lists). Pure and total: any bytes give a command
// or an error, never a crash, so it is a fuzz target.
class ImapCommandParser
{
public:
    struct Options
    {
        bool utf8Accept = false; // RFC 6855: mailbox names may be UTF-8 quoted strings
    };

    struct Error
    {
        QByteArray tag;     // as far as it could be read; "*" when none
        QByteArray message; // for "tag BAD message": says what was wrong, in plain words
        // Answer NO rather than BAD: the command is well-formed but asks for what the server
        // does not have (SEARCH CHARSET: "a tagged NO response (not a BAD)", RFC 3501 s6.4.4;
        // the message then starts with "[BADCHARSET (UTF-8 US-ASCII)]").
        bool refusal = false;
    };

    // Returns the command, or nothing and fills `error`.
    static std::optional<ImapCommand> parse(QByteArrayView command, const Options &options,
                                            Error *error);
};

} // namespace magpie::server
