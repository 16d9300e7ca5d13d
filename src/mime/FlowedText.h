// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace magpie::mime {

// text/plain; format=flowed (RFC 3676).
class FlowedText
{
public:
    // Joins flowed lines into paragraphs for display (s4.1-4.5): a line ending in a space is
    // soft and joined with the next one of the same quote depth; with DelSp=yes that space is
    // removed (s4.2); space-stuffing is undone (s4.4); quote depth ">" prefixes are kept on
    // each resulting paragraph as "> " * depth; the signature separator "-- " is never
    // joined (s4.3). Lines in the input are separated by "\n" (CRLF already normalised).
    static QString unflow(const QString &text, bool delSp);

    // Wraps text for sending as format=flowed (s4.1, s4.4): paragraphs broken at spaces into
    // lines of at most `width` (78) characters with a trailing space on soft breaks, lines
    // starting with " ", ">" or "From " space-stuffed, trailing spaces on hard lines removed,
    // quoted lines keep their ">" prefix on every line, "-- " kept as is. Returns lines
    // separated by "\n". unflow(flow(t), false) == t for text without trailing spaces.
    static QString flow(const QString &text, int width = 78);
};

} // namespace magpie::mime
