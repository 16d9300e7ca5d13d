// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace magpie::server {

// What a SASL PLAIN or LOGIN exchange yields: who logs in and with what password. The
// password never goes into a log line or an error text.
struct SaslCredentials
{
    // Whom the client wants to act as (RFC 4616 s2); empty, or the login itself, since the
    // decoders refuse anything else.
    QString authorizationId;
    QString login;
    QString password;

    // The login as it may appear in a log line: printable, and not absurdly long.
    QString loginForLog() const
    {
        QString out = login.left(100);
        for (QChar &c : out) {
            if (!c.isPrint())
                c = u'?';
        }
        return out;
    }
};

} // namespace magpie::server
