// SPDX-License-Identifier: GPL-3.0-or-later
#include "mime/MessageDate.h"

#include <QByteArrayAlgorithms>
#include <QDate>
#include <QTime>

namespace magpie::mime {

namespace {

// A cursor over a Date field body. Folding white space and comments may appear between
// almost every token of the obsolete syntax (RFC 5322 s4.3), so the scanner skips them on
// request rather than tokenizing up front: one pass, no allocation.
class DateScanner
{
public:
    explicit DateScanner(QByteArrayView text)
        : m_text(text)
    { }

    char peek() const { return m_pos < m_text.size() ? m_text[m_pos] : '\0'; }
    bool atEnd() const { return m_pos >= m_text.size(); }

    bool accept(char c)
    {
        if (atEnd() || m_text[m_pos] != c)
            return false;
        ++m_pos;
        return true;
    }

    // CFWS (RFC 5322 s3.2.2): white space, stray line breaks and nested comments with
    // quoted-pairs. An unterminated comment runs to the end of the value.
    void skipCfws()
    {
        while (!atEnd()) {
            const char c = m_text[m_pos];
            if (c == ' ' || c == '\t' || c == '\r' || c == '\n') {
                ++m_pos;
            } else if (c == '(') {
                int depth = 0;
                while (!atEnd()) {
                    const char d = m_text[m_pos++];
                    if (d == '\\') {
                        if (!atEnd())
                            ++m_pos;
                    } else if (d == '(') {
                        ++depth;
                    } else if (d == ')' && --depth == 0) {
                        break;
                    }
                }
            } else {
                return;
            }
        }
    }

    // A run of digits; returns how many there were. The value is -1 when it would not fit,
    // so that a long run of digits can never overflow.
    int number(int *value)
    {
        int digits = 0;
        int v = 0;
        while (!atEnd() && m_text[m_pos] >= '0' && m_text[m_pos] <= '9') {
            if (v >= 0)
                v = digits < 9 ? v * 10 + (m_text[m_pos] - '0') : -1;
            ++digits;
            ++m_pos;
        }
        *value = v;
        return digits;
    }

    QByteArrayView word()
    {
        const qsizetype start = m_pos;
        while (!atEnd()) {
            const char c = m_text[m_pos];
            if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z')))
                break;
            ++m_pos;
        }
        return m_text.sliced(start, m_pos - start);
    }

    qsizetype position() const { return m_pos; }
    void rewind(qsizetype position) { m_pos = position; }

private:
    QByteArrayView m_text;
    qsizetype m_pos = 0;
};

constexpr const char *dayNames[] = { "Monday", "Tuesday",  "Wednesday", "Thursday",
                                     "Friday", "Saturday", "Sunday" };
constexpr const char *monthNames[] = { "January",   "February", "March",    "April",
                                       "May",       "June",     "July",     "August",
                                       "September", "October",  "November", "December" };

bool sameWord(QByteArrayView word, const char *name, qsizetype length)
{
    return word.size() == length && qstrnicmp(word.data(), length, name, length) == 0;
}

// The three-letter abbreviation (RFC 5322 s3.3) or the whole English name, in any case.
int indexOfName(QByteArrayView word, const char *const *names, int count)
{
    for (int i = 0; i < count; ++i) {
        const qsizetype full = qsizetype(qstrlen(names[i]));
        if (sameWord(word, names[i], 3) || sameWord(word, names[i], full))
            return i;
    }
    return -1;
}

int monthFromName(QByteArrayView word)
{
    if (sameWord(word, "Sept", 4))
        return 9;
    const int index = indexOfName(word, monthNames, 12);
    return index < 0 ? 0 : index + 1;
}

// Alphabetic zones, RFC 5322 s4.3. Military zones and every other name are "unpredictable"
// there and SHOULD be read as -0000, i.e. UTC without a known local zone.
int zoneFromName(QByteArrayView word)
{
    struct Zone
    {
        const char *name;
        int hours;
    };
    static constexpr Zone zones[] = { { "EST", -5 }, { "EDT", -4 }, { "CST", -6 }, { "CDT", -5 },
                                      { "MST", -7 }, { "MDT", -6 }, { "PST", -8 }, { "PDT", -7 } };
    for (const Zone &zone : zones) {
        if (sameWord(word, zone.name, 3))
            return zone.hours * 3600;
    }
    return 0;
}

struct TimeOfDay
{
    int hour = -1;
    int minute = -1;
    int second = 0;
};

// time-of-day = hour ":" minute [ ":" second ] with CFWS around each part (s4.3), plus the
// ISO 8601 fraction of a second, which is dropped.
bool parseTime(DateScanner &in, TimeOfDay *time)
{
    in.skipCfws();
    if (in.number(&time->hour) < 1)
        return false;
    in.skipCfws();
    if (!in.accept(':'))
        return false;
    in.skipCfws();
    if (in.number(&time->minute) < 1)
        return false;
    const qsizetype afterMinute = in.position();
    in.skipCfws();
    if (in.accept(':')) {
        in.skipCfws();
        if (in.number(&time->second) < 1)
            return false;
        if (in.accept('.') || in.accept(',')) {
            int fraction = 0;
            in.number(&fraction);
        }
    } else {
        in.rewind(afterMinute);
    }
    return true;
}

// zone = ("+" / "-") 4DIGIT (s3.3) or obs-zone (s4.3); "+01:00" and "+01" from ISO 8601.
// A missing zone is taken as UTC. Returns false for a numeric zone that is not one.
bool parseZone(DateScanner &in, int *offsetSeconds)
{
    in.skipCfws();
    *offsetSeconds = 0;
    const char sign = in.peek();
    if (sign == '+' || sign == '-') {
        in.accept(sign);
        int value = 0;
        const int digits = in.number(&value);
        int hours = 0;
        int minutes = 0;
        if (digits == 4) {
            hours = value / 100;
            minutes = value % 100;
        } else if (digits == 1 || digits == 2) {
            hours = value;
            if (in.accept(':') && in.number(&minutes) != 2)
                return false;
        } else {
            return false;
        }
        // s3.3: the minutes MUST be 00 through 59; real offsets stay within a day.
        if (minutes > 59 || hours > 23)
            return false;
        *offsetSeconds = (hours * 3600 + minutes * 60) * (sign == '-' ? -1 : 1);
        return true;
    }
    const QByteArrayView name = in.word();
    if (!name.isEmpty())
        *offsetSeconds = zoneFromName(name);
    return true;
}

// s4.3: two-digit years 00-49 are 2000-2049, 50-99 and every three-digit year are 19xx.
int fullYear(int value, int digits)
{
    if (value < 0 || digits < 2)
        return -1;
    if (digits == 2)
        return value < 50 ? 2000 + value : 1900 + value;
    if (digits == 3)
        return 1900 + value;
    return value <= 9999 ? value : -1;
}

} // namespace

std::optional<QDateTime> MessageDate::parse(QByteArrayView value)
{
    DateScanner in(value);
    int day = 0;
    int month = 0;
    int year = -1;
    TimeOfDay time;
    int offset = 0;

    in.skipCfws();
    QByteArrayView word = in.word();
    // The day of the week is optional (s3.3) and, when wrong, not worth losing the date for.
    if (!word.isEmpty() && indexOfName(word, dayNames, 7) >= 0) {
        in.skipCfws();
        in.accept(',');
        in.skipCfws();
        word = in.word();
    }

    if (!word.isEmpty()) {
        // Month first, as ctime() writes it: "Mar  3 14:05:09 2026", or "Mar 3, 2026 14:05".
        month = monthFromName(word);
        in.skipCfws();
        if (month == 0 || in.number(&day) < 1)
            return std::nullopt;
        in.skipCfws();
        in.accept(',');
        in.skipCfws();
        const qsizetype beforeNumber = in.position();
        int n = 0;
        const int digits = in.number(&n);
        in.skipCfws();
        const bool timeFirst = in.peek() == ':';
        in.rewind(beforeNumber);
        if (timeFirst) {
            if (!parseTime(in, &time))
                return std::nullopt;
            // ctime() puts an optional zone name and then the year after the time.
            in.skipCfws();
            const QByteArrayView zone = in.word();
            if (!zone.isEmpty())
                offset = zoneFromName(zone);
            in.skipCfws();
            int y = 0;
            const int yDigits = in.number(&y); // read before use: argument order is unspecified
            year = fullYear(y, yDigits);
            if (zone.isEmpty() && !parseZone(in, &offset))
                return std::nullopt;
        } else {
            const int nDigits = in.number(&n); // read before use: argument order is unspecified
            year = fullYear(n, nDigits);
            if (digits == 0 || !parseTime(in, &time) || !parseZone(in, &offset))
                return std::nullopt;
        }
    } else {
        int n = 0;
        const int digits = in.number(&n);
        if (digits == 0)
            return std::nullopt;
        if (digits == 4 && in.peek() == '-') {
            // ISO 8601: "2026-03-03T14:05:09+01:00" or with a space instead of the "T".
            year = n;
            in.accept('-');
            if (in.number(&month) != 2 || !in.accept('-') || in.number(&day) != 2)
                return std::nullopt;
            if (!in.accept('T'))
                in.accept('t');
        } else {
            // day month year (s3.3), also "3-Mar-2026" as IMAP's INTERNALDATE writes it.
            day = n;
            in.skipCfws();
            in.accept('-');
            in.skipCfws();
            month = monthFromName(in.word());
            in.skipCfws();
            in.accept('-');
            in.skipCfws();
            int y = 0;
            const int yDigits = in.number(&y); // read before use: argument order is unspecified
            year = fullYear(y, yDigits);
        }
        if (!parseTime(in, &time) || !parseZone(in, &offset))
            return std::nullopt;
    }

    // s3.3: a date-time MUST be semantically valid and the year is "1900 or later"; 60
    // seconds is a leap second, which QTime cannot hold, so it becomes the last second of
    // that minute.
    const QDate date(year, month, day);
    if (year < 1900 || !date.isValid() || time.hour < 0 || time.hour > 23 || time.minute < 0
        || time.minute > 59 || time.second < 0 || time.second > 60)
        return std::nullopt;
    const QTime clock(time.hour, time.minute, time.second == 60 ? 59 : time.second);
    const QDateTime result(date, clock, Qt::OffsetFromUTC, offset);
    if (!result.isValid())
        return std::nullopt;
    return result;
}

QByteArray MessageDate::format(const QDateTime &dateTime)
{
    static constexpr const char *days[] = { "Mon", "Tue", "Wed", "Thu", "Fri", "Sat", "Sun" };
    static constexpr const char *months[] = { "Jan", "Feb", "Mar", "Apr", "May", "Jun",
                                              "Jul", "Aug", "Sep", "Oct", "Nov", "Dec" };
    if (!dateTime.isValid())
        return {};
    const QDate date = dateTime.date();
    const QTime time = dateTime.time();
    // s3.3: the year is four or more digits, "1900 or later"; nothing else can be written.
    if (date.year() < 1900 || date.year() > 9999)
        return {};
    const int offset = dateTime.offsetFromUtc();
    const int offsetMinutes = (offset < 0 ? -offset : offset) / 60;

    auto twoDigits = [](int n) { return QByteArray::number(n).rightJustified(2, '0'); };
    QByteArray out;
    out.reserve(32);
    out += days[date.dayOfWeek() - 1];
    out += ", ";
    out += QByteArray::number(date.day());
    out += ' ';
    out += months[date.month() - 1];
    out += ' ';
    out += QByteArray::number(date.year());
    out += ' ';
    out += twoDigits(time.hour());
    out += ':';
    out += twoDigits(time.minute());
    out += ':';
    out += twoDigits(time.second());
    out += ' ';
    out += offset < 0 ? '-' : '+';
    out += twoDigits(offsetMinutes / 60);
    out += twoDigits(offsetMinutes % 60);
    return out;
}

} // namespace magpie::mime
