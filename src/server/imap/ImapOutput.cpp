// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/ImapOutput.h"

#include "net/imap/MailboxName.h"

#include <cstdio>

namespace magpie::server::ImapOutput {

namespace {

// Longer strings go as literals: a quoted string has to be scanned by the client for escapes,
// and some clients limit the length of a quoted string they accept.
constexpr qsizetype kMaxQuoted = 1024;

// RFC 3501 s9: quoted = DQUOTE *QUOTED-CHAR DQUOTE, QUOTED-CHAR = any TEXT-CHAR (CHAR except
// CR and LF; CHAR is 0x01-0x7f) with "\" and DQUOTE escaped.
bool canQuote(QByteArrayView bytes)
{
    if (bytes.size() >= kMaxQuoted)
        return false;
    for (const char c : bytes) {
        const auto byte = static_cast<unsigned char>(c);
        if (byte == 0 || byte >= 0x80 || byte == '\r' || byte == '\n')
            return false;
    }
    return true;
}

} // namespace

void appendString(QByteArray &out, QByteArrayView bytes)
{
    if (!canQuote(bytes)) {
        // RFC 3501 s4.3: literal = "{" number "}" CRLF *CHAR8
        out += '{';
        out += QByteArray::number(bytes.size());
        out += "}\r\n";
        out += bytes;
        return;
    }
    out += '"';
    // Copy the runs between characters that need a backslash in one piece each.
    qsizetype runStart = 0;
    for (qsizetype i = 0; i < bytes.size(); ++i) {
        if (bytes[i] == '"' || bytes[i] == '\\') {
            out += bytes.sliced(runStart, i - runStart);
            out += '\\';
            runStart = i;
        }
    }
    out += bytes.sliced(runStart);
    out += '"';
}

void appendNString(QByteArray &out, const QByteArray &bytes)
{
    if (bytes.isNull())
        out += "NIL";
    else
        appendString(out, bytes);
}

QByteArray string(QByteArrayView bytes)
{
    QByteArray out;
    out.reserve(bytes.size() + 2);
    appendString(out, bytes);
    return out;
}

QByteArray nstring(const QByteArray &bytes)
{
    return bytes.isNull() ? QByteArray("NIL") : string(bytes);
}

QByteArray mailbox(const QString &name, bool utf8)
{
    // RFC 3501 s5.1: INBOX is case-insensitive; the store always spells it so already.
    return string(utf8 ? name.toUtf8() : imap::MailboxName::encode(name));
}

QByteArray flagList(const QList<QByteArray> &flags)
{
    QByteArray out = "(";
    for (qsizetype i = 0; i < flags.size(); ++i) {
        if (i > 0)
            out += ' ';
        out += flags[i];
    }
    out += ')';
    return out;
}

QByteArray dateTime(const QDateTime &when)
{
    static const char *const kMonths[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                           "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    // A date that cannot be written (invalid, or a year without four digits) becomes the
    // epoch, which at least parses everywhere.
    QDateTime utc = when.toUTC();
    if (!utc.isValid() || utc.date().year() < 1 || utc.date().year() > 9999)
        utc = QDateTime::fromSecsSinceEpoch(0, Qt::UTC);
    const QDate date = utc.date();
    const QTime time = utc.time();
    // RFC 3501 s9: date-day-fixed = (SP DIGIT) / 2DIGIT; date-year = 4DIGIT.
    char buffer[40];
    const int length = std::snprintf(buffer, sizeof buffer, "\"%2d-%s-%04d %02d:%02d:%02d +0000\"",
                                     date.day(), kMonths[date.month() - 1], date.year(),
                                     time.hour(), time.minute(), time.second());
    return QByteArray(buffer, length);
}

} // namespace magpie::server::ImapOutput
