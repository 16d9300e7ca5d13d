// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/Preferences.h"

#include <QString>

namespace magpie::app {

// The text a new message, reply or forward starts with: where the quote, the signature and
// the cursor go, per Preferences::quoting, as Thunderbird places them. The signature is set
// off by "-- " (RFC 3676 s4.3), which readers use to dim it and repliers to cut it.
class ComposerText
{
public:
    struct Start
    {
        QString text;
        int cursor = 0; // where the person starts typing
    };

    // A reply: `quote` is the attribution line and "> " lines (mime::Reply::quote).
    //   ReplyBelowQuote: quote, the cursor on the empty line under it, then the signature.
    //   ReplyAboveQuote: the cursor at the top, the signature, then the quote.
    static Start reply(const QString &quote, const QString &signature, Preferences::Quoting quoting);
    // A new message or a forward (`forwarded` is the forwarded text, or empty): the cursor at
    // the top, the signature, then what is forwarded.
    static Start fresh(const QString &signature, const QString &forwarded = {});

    // "-- \nsignature", or empty when there is no signature.
    static QString signatureBlock(const QString &signature);
    // Swaps the signature block of `text` (the last one) for another identity's. When `text`
    // has none, the new one is added at the end.
    static QString replaceSignature(const QString &text, const QString &oldSignature,
                                    const QString &newSignature);
};

} // namespace magpie::app
