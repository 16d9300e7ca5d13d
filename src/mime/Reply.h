// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Draft.h"

#include <QCoreApplication>
#include <QStringList>

namespace magpie::mime {

class Message;

// Replies to a message (RFC 5322 s3.6.3 destinations, s3.6.4 identification).
class Reply
{
    Q_DECLARE_TR_FUNCTIONS(magpie::mime::Reply)
public:
    enum class To { Sender, All };

    // `ownAddresses` are the user's addresses (every identity), never replied to.
    static Draft draft(const Message &original, To who, const QStringList &ownAddresses);

    // "Re: " + the subject without the reply prefixes it already has, in any of the languages
    // mailers use ("Re:", "RE[2]:", "AW:", "SV:", "Antw:", "Réf.:"), so replies never read
    // "Re: Re: Re:".
    static QString subject(const QString &original);

    // The original text quoted with "> " under an attribution line.
    static QString quote(const Message &original);
};

} // namespace magpie::mime
