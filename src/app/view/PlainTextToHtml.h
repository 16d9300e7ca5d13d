// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace magpie::app {

// A text/plain body as HTML for the message view: every character escaped, line breaks and
// spaces kept (white-space: pre-wrap), web addresses and e-mail addresses made links (http,
// https, mailto only, the target being exactly the text shown), and quoted lines ("> ",
// RFC 3676 s4.5) coloured by their depth as mail clients do.
class PlainTextToHtml
{
public:
    static QString convert(const QString &text);
};

} // namespace magpie::app
