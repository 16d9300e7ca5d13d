// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>
#include <QStringList>

namespace magpie::app {

// Mail HTML made safe to hand to QTextBrowser (issue 7, "Message view"). An allow-list, not a
// block-list: only the tags and attributes below survive, everything else is dropped (the
// markup of unknown elements, with their text kept; scripts, style sheets links, frames,
// forms, objects, SVG and MathML with their whole content). Written here rather than taken
// from a browser engine because QTextBrowser does not run scripts but does read local files
// for relative and file: URLs, so what matters is which URLs reach it:
// - links (a href): http, https, mailto and in-page "#name" only;
// - images (img src, background, CSS url()): cid: (RFC 2392) and data:image/* always;
//   http and https only when remote content is allowed, otherwise removed and reported;
// - never file:, relative URLs, javascript:, vbscript:, or anything else.
// The tokenizer follows the HTML Living Standard closely enough for hostile input: comments,
// raw-text elements (script, style, textarea, title ...), quoted and unquoted attributes,
// character references decoded before URLs are judged ("java&#115;cript:" is javascript:).
class HtmlSanitizer
{
public:
    enum class RemoteContent { Block, Allow };

    struct Result
    {
        QString html;
        // Each distinct remote (http/https) resource the message refers to, in order: the
        // ones removed when blocked, or the ones to fetch when allowed.
        QStringList remoteUrls;
    };

    static Result sanitize(const QString &html, RemoteContent remote);

    // The scheme of a URL the way a browser reads it: leading and trailing spaces and control
    // characters ignored, tabs and line ends inside removed, lower case; empty when there is
    // none (a relative URL).
    static QString schemeOf(const QString &url);
    // Whether a link target may be shown as a clickable link.
    static bool isSafeLinkTarget(const QString &url);
};

} // namespace magpie::app
