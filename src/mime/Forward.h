// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "mime/Draft.h"

#include <QCoreApplication>

namespace magpie::mime {

class Message;

// Forwards a message, inline (its text in the body, its files attached again) or as an
// attachment (the whole message as message/rfc822, RFC 2046 s5.2.1).
class Forward
{
    Q_DECLARE_TR_FUNCTIONS(magpie::mime::Forward)
public:
    enum class As { Inline, Attachment };

    static Draft draft(const Message &original, As how);
    // "Fwd: " + the subject without forward prefixes it already has ("Fwd:", "Fw:", "WG:", "TR:").
    static QString subject(const QString &original);
};

} // namespace magpie::mime
