// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "net/ServerEndpoint.h"

#include <QString>
#include <QStringList>

namespace magpie::sync {

// One configured account, as Settings > Accounts edits it and magpie.ini keeps it (no
// secret here: passwords live in the keychain under "<id>/incoming" and "<id>/smtp").
struct AccountConfig
{
    enum class Incoming { Imap, Pop3 };

    QString id;          // stable key: store rows, keychain entries and settings use it
    QString displayName; // "Work"
    QString identityName; // "Alice Example", for From:
    QString address;     // alice@example.com

    Incoming incoming = Incoming::Imap;
    net::ServerEndpoint incomingServer;
    QString incomingUser;
    net::ServerEndpoint smtpServer; // host empty: this account cannot send
    QString smtpUser;

    // POP3 (RFC 1939): keep mail on the server after downloading it (default, as Thunderbird),
    // and, when > 0, delete it from the server this many days after it was downloaded.
    bool pop3LeaveOnServer = true;
    int pop3DeleteAfterDays = 0;

    int checkIntervalMinutes = 10; // polling when IDLE is not available
    int prefetchDays = 14;         // bodies of messages this recent are fetched for offline use
    // Off only in tests that check the fallback paths against a server that offers them.
    bool useCondstore = true;       // RFC 7162 CONDSTORE
    bool useQresync = true;         // RFC 7162 QRESYNC
    bool useIdle = true;            // RFC 2177

    bool isValid() const { return !id.isEmpty() && !incomingServer.host.isEmpty(); }
};

} // namespace magpie::sync
