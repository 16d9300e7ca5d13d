// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QByteArray>
#include <QByteArrayView>
#include <QDateTime>

#include <optional>

namespace magpie::mime {

// The Date header (RFC 5322 s3.3).
class MessageDate
{
public:
    // Parses a date-time, keeping its UTC offset (the result's timeSpec is Qt::OffsetFromUTC).
    // Tolerates RFC 5322 s4.3 obsolete syntax: two- and three-digit years (s4.3 rules),
    // alphabetic zones (UT, GMT, EST/EDT, CST/CDT, MST/MDT, PST/PDT; military zones and
    // unknown ones as +0000), missing day-of-week, missing seconds, comments "(CET)", extra
    // spaces, day and month names in any case, and common wild forms (ISO 8601 with "T",
    // "+01:00", a missing zone taken as +0000). Returns nothing for what is not a date.
    static std::optional<QDateTime> parse(QByteArrayView value);

    // "Tue, 3 Mar 2026 14:05:09 +0100" for a header (English names, the time's own offset).
    static QByteArray format(const QDateTime &dateTime);
};

} // namespace magpie::mime
