// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringView>

namespace magpie::mime {

// HTML character references (HTML Living Standard section 13.1.4): "&eacute;", "&#233;",
// "&#xE9;". Private to HtmlToText; kept apart because the name table is long and is data, not
// logic.
class HtmlEntities
{
public:
    // The code point a named reference stands for ("eacute" -> U+00E9), or 0 when the name is
    // not in the table. Names are case-sensitive, as in HTML ("Eacute" is another letter). The
    // table holds what mail uses: all of Latin-1, the HTML 4 symbols and Greek, the Latin
    // Extended-A letters of Central European names, and the common HTML5 punctuation names.
    static char32_t lookup(QStringView name);

    // Decodes the reference starting at text[at] (which must be '&'). Returns how many
    // characters it spans, with the code point in *codePoint, or 0 when there is no reference
    // there, so the caller keeps the '&' as written. Named references need their ';' (without
    // it "AT&T;" or "?a=1&copy=2" would change meaning); numeric ones may omit it, as browsers
    // accept "&#39". Numbers that are not characters become U+FFFD, and 128-159 are read as
    // Windows-1252, as browsers do, because that is what "&#150;" meant to whoever wrote it.
    static qsizetype decode(QStringView text, qsizetype at, char32_t *codePoint);

    // How many names the table holds (for the test that checks it is usable).
    static qsizetype count();
};

} // namespace magpie::mime
