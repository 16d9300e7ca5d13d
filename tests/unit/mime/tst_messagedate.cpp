// SPDX-License-Identifier: GPL-3.0-or-later
#include "Noise.h"
#include "mime/MessageDate.h"

#include <QRandomGenerator>
#include <QTest>

using magpie::mime::MessageDate;

namespace {


QDateTime utc(int y, int mo, int d, int h, int mi, int s)
{
    return QDateTime(QDate(y, mo, d), QTime(h, mi, s), Qt::UTC);
}

} // namespace

using magpie::testing::noise;

class TestMessageDate : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parse_data();
    void parse();
    void garbage_data();
    void garbage();
    void format_data();
    void format();
    void roundTrip_data();
    void roundTrip();
    void survivesNoise();
};

void TestMessageDate::parse_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::addColumn<QDateTime>("instant"); // in UTC, worked out by hand from the zone
    QTest::addColumn<int>("offset"); // seconds east of UTC

    // RFC 5322 s3.3 and the dates of Appendix A.
    QTest::newRow("s3.3 A.1.1 -0600") << QByteArray("Fri, 21 Nov 1997 09:55:06 -0600")
                                      << utc(1997, 11, 21, 15, 55, 6) << -6 * 3600;
    QTest::newRow("s3.3 A.1.2 +0200")
        << QByteArray("Tue, 1 Jul 2003 10:52:37 +0200") << utc(2003, 7, 1, 8, 52, 37) << 2 * 3600;
    // -0330 crosses midnight into the next UTC day.
    QTest::newRow("s3.3 A.1.3 -0330") << QByteArray("Thu, 13 Feb 1969 23:32:54 -0330")
                                      << utc(1969, 2, 14, 3, 2, 54) << -(3 * 3600 + 30 * 60);
    QTest::newRow("s3.3 +0530") << QByteArray("Tue, 3 Mar 2026 14:05:09 +0530")
                                << utc(2026, 3, 3, 8, 35, 9) << 5 * 3600 + 30 * 60;
    QTest::newRow("s3.3 two-digit day")
        << QByteArray("Tue, 03 Mar 2026 14:05:09 +0100") << utc(2026, 3, 3, 13, 5, 9) << 3600;
    // s3.3: "-0000" is Universal Time from a system that does not know its zone.
    QTest::newRow("s3.3 -0000") << QByteArray("Tue, 3 Mar 2026 14:05:09 -0000")
                                << utc(2026, 3, 3, 14, 5, 9) << 0;
    QTest::newRow("s3.3 +0000") << QByteArray("Tue, 3 Mar 2026 14:05:09 +0000")
                                << utc(2026, 3, 3, 14, 5, 9) << 0;
    // s3.3: seconds are optional; A.5 also folds and comments the field.
    QTest::newRow("s3.3 A.5 missing seconds, comment")
        << QByteArray("Thu,\r\n      13\r\n        Feb\r\n          1969\r\n      23:32\r\n"
                      "               -0330 (Newfoundland Time)")
        << utc(1969, 2, 14, 3, 2, 0) << -(3 * 3600 + 30 * 60);
    QTest::newRow("s3.3 day-of-week optional")
        << QByteArray("3 Mar 2026 14:05:09 +0100") << utc(2026, 3, 3, 13, 5, 9) << 3600;
    QTest::newRow("s3.3 leap second 60")
        << QByteArray("Sat, 31 Dec 2016 23:59:60 +0000") << utc(2016, 12, 31, 23, 59, 59) << 0;

    // RFC 5322 s4.3: two-digit years 00-49 are 20xx, 50-99 and three-digit years add 1900.
    QTest::newRow("s4.3 A.6.2 97 GMT")
        << QByteArray("21 Nov 97 09:55:06 GMT") << utc(1997, 11, 21, 9, 55, 6) << 0;
    QTest::newRow("s4.3 year 49 -> 2049")
        << QByteArray("1 Jan 49 00:00:00 +0000") << utc(2049, 1, 1, 0, 0, 0) << 0;
    QTest::newRow("s4.3 year 50 -> 1950")
        << QByteArray("1 Jan 50 00:00:00 +0000") << utc(1950, 1, 1, 0, 0, 0) << 0;
    QTest::newRow("s4.3 year 00 -> 2000 (leap)")
        << QByteArray("29 Feb 00 12:00:00 +0000") << utc(2000, 2, 29, 12, 0, 0) << 0;
    QTest::newRow("s4.3 year 99 -> 1999")
        << QByteArray("31 Dec 99 23:59:59 +0000") << utc(1999, 12, 31, 23, 59, 59) << 0;
    QTest::newRow("s4.3 year 103 -> 2003")
        << QByteArray("1 Jul 103 10:52:37 +0200") << utc(2003, 7, 1, 8, 52, 37) << 2 * 3600;
    QTest::newRow("s4.3 year 999 -> 2899")
        << QByteArray("1 Jan 999 00:00:00 +0000") << utc(2899, 1, 1, 0, 0, 0) << 0;
    // s4.3 zone table.
    QTest::newRow("s4.3 UT") << QByteArray("1 Jun 2025 12:00:00 UT") << utc(2025, 6, 1, 12, 0, 0)
                             << 0;
    QTest::newRow("s4.3 GMT") << QByteArray("1 Jun 2025 12:00:00 GMT") << utc(2025, 6, 1, 12, 0, 0)
                              << 0;
    QTest::newRow("s4.3 EST = -0500")
        << QByteArray("Mon, 2 Mar 2026 10:00:00 EST") << utc(2026, 3, 2, 15, 0, 0) << -5 * 3600;
    QTest::newRow("s4.3 EDT = -0400")
        << QByteArray("1 Jun 2025 12:00:00 EDT") << utc(2025, 6, 1, 16, 0, 0) << -4 * 3600;
    QTest::newRow("s4.3 CST = -0600")
        << QByteArray("1 Jun 2025 12:00:00 CST") << utc(2025, 6, 1, 18, 0, 0) << -6 * 3600;
    QTest::newRow("s4.3 CDT = -0500")
        << QByteArray("1 Jun 2025 12:00:00 CDT") << utc(2025, 6, 1, 17, 0, 0) << -5 * 3600;
    QTest::newRow("s4.3 MST = -0700")
        << QByteArray("1 Jun 2025 12:00:00 MST") << utc(2025, 6, 1, 19, 0, 0) << -7 * 3600;
    QTest::newRow("s4.3 MDT = -0600")
        << QByteArray("1 Jun 2025 12:00:00 MDT") << utc(2025, 6, 1, 18, 0, 0) << -6 * 3600;
    QTest::newRow("s4.3 PST = -0800")
        << QByteArray("1 Jun 2025 12:00:00 PST") << utc(2025, 6, 1, 20, 0, 0) << -8 * 3600;
    QTest::newRow("s4.3 PDT = -0700")
        << QByteArray("1 Jun 2025 12:00:00 pdt") << utc(2025, 6, 1, 19, 0, 0) << -7 * 3600;
    // s4.3: military zones SHOULD be taken as -0000, and so should unknown names.
    QTest::newRow("s4.3 military Z")
        << QByteArray("1 Jun 2025 12:00:00 Z") << utc(2025, 6, 1, 12, 0, 0) << 0;
    QTest::newRow("s4.3 military A is not +0100")
        << QByteArray("1 Jun 2025 12:00:00 A") << utc(2025, 6, 1, 12, 0, 0) << 0;
    QTest::newRow("s4.3 military n lower case")
        << QByteArray("1 Jun 2025 12:00:00 n") << utc(2025, 6, 1, 12, 0, 0) << 0;
    QTest::newRow("s4.3 unknown CEST")
        << QByteArray("1 Jun 2025 12:00:00 CEST") << utc(2025, 6, 1, 12, 0, 0) << 0;
    // s4.3: CFWS between the tokens (A.6.3).
    QTest::newRow("s4.3 A.6.3 comments inside time")
        << QByteArray("Fri, 21 Nov 1997 09(comment):   55  :  06 -0600")
        << utc(1997, 11, 21, 15, 55, 6) << -6 * 3600;
    QTest::newRow("s4.3 nested comment, CFWS before comma")
        << QByteArray("(sent (from home)) Tue (day) , 3 Mar 2026 14:05:09 +0100 (CET)")
        << utc(2026, 3, 3, 13, 5, 9) << 3600;
    QTest::newRow("s4.3 extra spaces and tabs")
        << QByteArray("  Tue,\t 3   Mar  2026   14:05:09     +0100  ") << utc(2026, 3, 3, 13, 5, 9)
        << 3600;
    QTest::newRow("s4.3 names in any case")
        << QByteArray("tUE, 3 mAR 2026 14:05:09 +0100") << utc(2026, 3, 3, 13, 5, 9) << 3600;
    QTest::newRow("s4.3 single-digit hour")
        << QByteArray("3 Mar 2026 9:05:09 +0100") << utc(2026, 3, 3, 8, 5, 9) << 3600;

    // Wild forms the header promises to read.
    QTest::newRow("wild: full names")
        << QByteArray("Tuesday, 3 March 2026 14:05:09 +0100") << utc(2026, 3, 3, 13, 5, 9) << 3600;
    QTest::newRow("wild: Sept") << QByteArray("1 Sept 2025 12:00:00 +0000")
                                << utc(2025, 9, 1, 12, 0, 0) << 0;
    QTest::newRow("wild: missing zone is UTC")
        << QByteArray("Tue, 3 Mar 2026 14:05:09") << utc(2026, 3, 3, 14, 5, 9) << 0;
    QTest::newRow("wild: ISO 8601 T +01:00")
        << QByteArray("2026-03-03T14:05:09+01:00") << utc(2026, 3, 3, 13, 5, 9) << 3600;
    QTest::newRow("wild: ISO 8601 Z")
        << QByteArray("2026-03-03T14:05:09Z") << utc(2026, 3, 3, 14, 5, 9) << 0;
    QTest::newRow("wild: ISO 8601 space, fraction, -0330")
        << QByteArray("2026-03-03 14:05:09.250-0330") << utc(2026, 3, 3, 17, 35, 9)
        << -(3 * 3600 + 30 * 60);
    QTest::newRow("wild: ISO 8601 +05")
        << QByteArray("2026-03-03T14:05+05") << utc(2026, 3, 3, 9, 5, 0) << 5 * 3600;
    QTest::newRow("wild: ctime()")
        << QByteArray("Tue Mar  3 14:05:09 2026") << utc(2026, 3, 3, 14, 5, 9) << 0;
    QTest::newRow("wild: ctime() with zone name")
        << QByteArray("Tue Mar 3 14:05:09 PST 2026") << utc(2026, 3, 3, 22, 5, 9) << -8 * 3600;
    QTest::newRow("wild: month first, year before time")
        << QByteArray("Tue, Mar 3, 2026 14:05:09 +0100") << utc(2026, 3, 3, 13, 5, 9) << 3600;
    QTest::newRow("wild: dashes (IMAP INTERNALDATE)")
        << QByteArray("03-Mar-2026 14:05:09 +0100") << utc(2026, 3, 3, 13, 5, 9) << 3600;
    QTest::newRow("wild: zone name after numeric zone")
        << QByteArray("Tue, 3 Mar 2026 14:05:09 -0500 EST") << utc(2026, 3, 3, 19, 5, 9)
        << -5 * 3600;
}

void TestMessageDate::parse()
{
    QFETCH(QByteArray, value);
    QFETCH(QDateTime, instant);
    QFETCH(int, offset);
    const auto parsed = MessageDate::parse(value);
    QVERIFY2(parsed.has_value(), value.constData());
    QVERIFY(parsed->isValid());
    QCOMPARE(parsed->toUTC(), instant);
    QCOMPARE(parsed->offsetFromUtc(), offset);
    // The header keeps the sender's offset: the local fields are the sender's wall clock.
    QCOMPARE(parsed->date(), instant.addSecs(offset).date());
    QCOMPARE(parsed->time(), instant.addSecs(offset).time());
}

void TestMessageDate::garbage_data()
{
    QTest::addColumn<QByteArray>("value");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("spaces") << QByteArray("   \t ");
    QTest::newRow("a word") << QByteArray("yesterday");
    QTest::newRow("comment only") << QByteArray("(no date)");
    QTest::newRow("unterminated comment") << QByteArray("(Tue, 3 Mar 2026 14:05:09 +0100");
    QTest::newRow("day name only") << QByteArray("Tue,");
    QTest::newRow("unknown month") << QByteArray("Tue, 3 Foo 2026 14:05:09 +0100");
    QTest::newRow("no month") << QByteArray("3 2026 14:05:09 +0100");
    QTest::newRow("no time") << QByteArray("Tue, 3 Mar 2026");
    QTest::newRow("hour without minutes") << QByteArray("3 Mar 2026 14 +0100");
    QTest::newRow("one-digit year (s4.3 needs 2)") << QByteArray("3 Mar 7 14:05:09 +0100");
    QTest::newRow("s3.3 31 Feb") << QByteArray("31 Feb 2026 14:05:09 +0100");
    QTest::newRow("s3.3 29 Feb in a common year") << QByteArray("29 Feb 2025 14:05:09 +0100");
    QTest::newRow("s3.3 day 0") << QByteArray("0 Mar 2026 14:05:09 +0100");
    QTest::newRow("s3.3 hour 24") << QByteArray("3 Mar 2026 24:00:00 +0000");
    QTest::newRow("s3.3 minute 60") << QByteArray("3 Mar 2026 14:60:00 +0000");
    QTest::newRow("s3.3 second 61") << QByteArray("3 Mar 2026 14:05:61 +0000");
    QTest::newRow("s3.3 zone minutes 60") << QByteArray("3 Mar 2026 14:05:09 +0160");
    QTest::newRow("zone of five digits") << QByteArray("3 Mar 2026 14:05:09 +01000");
    QTest::newRow("zone sign alone") << QByteArray("3 Mar 2026 14:05:09 +");
    QTest::newRow("huge day") << QByteArray("99999999999999999999 Mar 2026 14:05:09 +0000");
    QTest::newRow("huge year") << QByteArray("3 Mar 99999999999 14:05:09 +0000");
    QTest::newRow("s3.3 year before 1900") << QByteArray("3 Mar 1899 14:05:09 +0000");
    QTest::newRow("s3.3 four digits, small year") << QByteArray("3 Mar 0026 14:05:09 +0000");
    QTest::newRow("five-digit year") << QByteArray("3 Mar 20260 14:05:09 +0000");
    QTest::newRow("ISO month 13") << QByteArray("2026-13-03T14:05:09Z");
    QTest::newRow("binary") << QByteArray("\xff\x00\x01\x80:", 5);
    QTest::newRow("a number") << QByteArray("1700000000");
}

void TestMessageDate::garbage()
{
    QFETCH(QByteArray, value);
    QVERIFY(!MessageDate::parse(value).has_value());
}

void TestMessageDate::format_data()
{
    QTest::addColumn<QDateTime>("dateTime");
    QTest::addColumn<QByteArray>("expected");
    // RFC 5322 s3.3: day-of-week "," day month year hh:mm:ss zone, in the time's own offset.
    QTest::newRow("header example +0100")
        << QDateTime(QDate(2026, 3, 3), QTime(14, 5, 9), Qt::OffsetFromUTC, 3600)
        << QByteArray("Tue, 3 Mar 2026 14:05:09 +0100");
    QTest::newRow("A.1.3 -0330") << QDateTime(QDate(1969, 2, 13), QTime(23, 32, 54),
                                              Qt::OffsetFromUTC, -12600)
                                 << QByteArray("Thu, 13 Feb 1969 23:32:54 -0330");
    QTest::newRow("A.1.1 -0600") << QDateTime(QDate(1997, 11, 21), QTime(9, 55, 6),
                                              Qt::OffsetFromUTC, -21600)
                                 << QByteArray("Fri, 21 Nov 1997 09:55:06 -0600");
    QTest::newRow("UTC is +0000") << QDateTime(QDate(2000, 1, 1), QTime(0, 0, 0), Qt::UTC)
                                  << QByteArray("Sat, 1 Jan 2000 00:00:00 +0000");
    QTest::newRow("+1345 (Chatham)")
        << QDateTime(QDate(2024, 12, 31), QTime(23, 59, 59), Qt::OffsetFromUTC, 13 * 3600 + 2700)
        << QByteArray("Tue, 31 Dec 2024 23:59:59 +1345");
    QTest::newRow("invalid") << QDateTime() << QByteArray();
}

void TestMessageDate::format()
{
    QFETCH(QDateTime, dateTime);
    QFETCH(QByteArray, expected);
    QCOMPARE(MessageDate::format(dateTime), expected);
}

void TestMessageDate::roundTrip_data()
{
    QTest::addColumn<QDateTime>("dateTime");
    QTest::newRow("+0100") << QDateTime(QDate(2026, 3, 3), QTime(14, 5, 9), Qt::OffsetFromUTC,
                                        3600);
    QTest::newRow("-0930") << QDateTime(QDate(1999, 12, 31), QTime(23, 0, 1), Qt::OffsetFromUTC,
                                        -(9 * 3600 + 1800));
    QTest::newRow("UTC") << QDateTime(QDate(2049, 6, 15), QTime(0, 0, 0), Qt::UTC);
    QTest::newRow("local time") << QDateTime(QDate(2026, 7, 1), QTime(8, 30, 0), Qt::LocalTime);
}

void TestMessageDate::roundTrip()
{
    QFETCH(QDateTime, dateTime);
    const QByteArray text = MessageDate::format(dateTime);
    const auto parsed = MessageDate::parse(text);
    QVERIFY2(parsed.has_value(), text.constData());
    QCOMPARE(parsed->toUTC(), dateTime.toUTC());
    QCOMPARE(parsed->offsetFromUtc(), dateTime.offsetFromUtc());
}

void TestMessageDate::survivesNoise()
{
    // Never crash, and what parses is a valid date-time (fixed seed: reproducible).
    QRandomGenerator random(5322);
    static const char chars[] = "0123456789 ::++--,,(()\\TZtueMarJanGMTEST.\r\n\t\x00\xff";
    const QByteArrayView alphabet(chars, sizeof(chars) - 1);
    const QByteArray valid("Tue, 3 Mar 2026 14:05:09 +0100 (CET)");
    for (int i = 0; i < 20000; ++i) {
        QByteArray value = noise(random, alphabet, 40);
        if (i % 2) { // a valid date with a few bytes changed reaches deeper
            value = valid;
            for (int k = random.bounded(1, 4); k > 0; --k)
                value[random.bounded(int(value.size()))] =
                    alphabet[random.bounded(int(alphabet.size()))];
        }
        const auto parsed = MessageDate::parse(value);
        if (parsed)
            QVERIFY2(parsed->isValid() && !MessageDate::format(*parsed).isEmpty(),
                     value.toHex().constData());
    }
}

QTEST_GUILESS_MAIN(TestMessageDate)
#include "tst_messagedate.moc"
