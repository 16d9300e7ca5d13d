// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace magpie::mime {

// HTML mail to readable plain text, for previews, search and reply quotes. Not a renderer:
// it must be fast (a single pass, no DOM library), never crash on broken markup, and keep the
// text a person would read in the same order.
class HtmlToText
{
public:
    // - <script>, <style>, <head>, <title>, comments, <template> dropped with their content;
    // - block elements (p, div, br, hr, h1-h6, li, tr, table, blockquote, pre, section ...)
    //   become line breaks; paragraphs and headings are separated by one blank line; runs of
    //   whitespace collapse as a browser would, except inside <pre>;
    // - lists: "- " for <ul> items, "1. ", "2. " for <ol>, nested lists indented by 2 spaces;
    // - links: "text <url>" unless the text already is the url; mailto: shown as the address;
    //   images: their alt text in brackets when present, else nothing;
    // - tables: cells of a row separated by " | " (or tab-free spacing), one row per line;
    // - blockquote: each line prefixed "> ";
    // - entities decoded: named (the full HTML5 set a mail uses: nbsp, amp, lt, gt, quot, apos,
    //   copy, reg, euro, hellip, mdash, ndash, lsquo/rsquo/ldquo/rdquo, laquo/raquo, accented
    //   letters ...), decimal and hex numeric; unknown entities kept as written;
    // - no leading/trailing blank lines; at most one blank line in a row; trailing spaces off.
    static QString convert(const QString &html);
};

} // namespace magpie::mime
