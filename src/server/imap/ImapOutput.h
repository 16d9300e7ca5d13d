// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QDateTime>
#include <QList>
#include <QString>

namespace magpie::server::ImapOutput {

// The forms of RFC 3501 s4 as the server writes them.
// A quoted string when the bytes allow it (no CR, LF, NUL, 8-bit, and not too long),
// else a literal "{n}\r\n...".
QByteArray string(QByteArrayView bytes);
// NIL for a null QByteArray, else string().
QByteArray nstring(const QByteArray &bytes);
// The same two, appended to `out`: FETCH builds long responses from many small strings, and
// this spares a temporary for each.
void appendString(QByteArray &out, QByteArrayView bytes);
void appendNString(QByteArray &out, const QByteArray &bytes);
// A mailbox name: modified UTF-7 (RFC 3501 s5.1.3), or UTF-8 once UTF8=ACCEPT is enabled
// (RFC 6855 s3).
QByteArray mailbox(const QString &name, bool utf8);
// "(\Seen \Flagged $Label1)"
QByteArray flagList(const QList<QByteArray> &flags);
// date-time: "\"17-Jul-1996 02:44:25 -0700\"" (RFC 3501 s9), written in UTC (+0000).
QByteArray dateTime(const QDateTime &when);

} // namespace magpie::server::ImapOutput
