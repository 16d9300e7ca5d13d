// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QtGlobal>

namespace magpie::server {

// What one client may ask of the server. Every limit gets a protocol error reply when hit,
// never a crash or an unbounded buffer. Tests shrink the timeouts and delays.
struct ServerLimits
{
    // RFC 5321 s4.5.3.1.4 (512 octets for a command line) and s4.5.3.1.6 (1000 for a text
    // line) are minimums; we accept more, as Dovecot and Postfix do, but never without bound.
    int maxLineLength = 64 * 1024;
    // IMAP literals other than APPEND's message (RFC 7888 s4: a server sets its own limit).
    qint64 maxLiteralSize = 1024 * 1024;
    // SMTP SIZE (RFC 1870) and IMAP APPEND.
    qint64 maxMessageSize = 32 * 1024 * 1024;
    int maxConnections = 200;
    // After a failed login the reply waits this long (slows down password guessing), and
    // after this many failures in one session the server hangs up.
    int authFailureDelayMs = 1000;
    int maxAuthFailures = 3;
    // Idle timeouts: SMTP server timeout 5 minutes (RFC 5321 s4.5.3.2.7); POP3 at least 10
    // minutes (RFC 1939 s3); IMAP at least 30 minutes once logged in (RFC 3501 s5.4), and we
    // give an unauthenticated IMAP client the same POP3-like 10 minutes.
    int smtpIdleTimeoutMs = 5 * 60 * 1000;
    int pop3IdleTimeoutMs = 10 * 60 * 1000;
    int imapIdleTimeoutMs = 30 * 60 * 1000;
    int imapLoginTimeoutMs = 10 * 60 * 1000;
};

} // namespace magpie::server
