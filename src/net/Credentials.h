// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QString>

namespace magpie::net {

// What the user gave to log in with. Held in memory only for the login; it comes from the
// keychain (SecretStore) or a prompt and is never logged or written anywhere.
struct Credentials
{
    QString user;        // login name, often the address
    QString password;    // for PLAIN, LOGIN, USER/PASS, APOP
    QString oauthToken;  // an OAuth 2.0 access token, for XOAUTH2 / OAUTHBEARER (RFC 7628)
    QString authzid;     // authorization identity for PLAIN; empty almost always

    bool hasToken() const { return !oauthToken.isEmpty(); }
};

} // namespace magpie::net
