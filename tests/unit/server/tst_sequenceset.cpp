// SPDX-License-Identifier: GPL-3.0-or-later
#include "server/imap/SequenceSet.h"

#include <QElapsedTimer>
#include <QRandomGenerator>
#include <QTest>

using magpie::server::SequenceSet;

using Numbers = QList<quint32>;

class TestSequenceSet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parseAndSelect_data();
    void parseAndSelect();
    void refusesInvalid_data();
    void refusesInvalid();
    void starIsTheLargest();
    void contains_data();
    void contains();
    void selectIsFastForHugeRanges();
    void format_data();
    void format();
    void formatThenParseRoundTrips();
};

void TestSequenceSet::parseAndSelect_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<Numbers>("present"); // what the mailbox holds, sorted
    QTest::addColumn<Numbers>("selected");
    const Numbers ten = { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10 };
    QTest::newRow("one number") << QByteArray("3") << ten << Numbers { 3 };
    QTest::newRow("range") << QByteArray("2:4") << ten << Numbers { 2, 3, 4 };
    QTest::newRow("reversed range") << QByteArray("4:2") << ten << Numbers { 2, 3, 4 };
    QTest::newRow("star") << QByteArray("*") << ten << Numbers { 10 };
    QTest::newRow("n to star") << QByteArray("8:*") << ten << Numbers { 8, 9, 10 };
    QTest::newRow("star to n") << QByteArray("*:8") << ten << Numbers { 8, 9, 10 };
    QTest::newRow("star to star") << QByteArray("*:*") << ten << Numbers { 10 };
    QTest::newRow("RFC 3501 example")
        << QByteArray("2,4:7,9,12:*")
        << Numbers { 1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15 }
        << Numbers { 2, 4, 5, 6, 7, 9, 12, 13, 14, 15 };
    QTest::newRow("overlapping ranges once each")
        << QByteArray("1:5,3:8,2,7") << ten << Numbers { 1, 2, 3, 4, 5, 6, 7, 8 };
    QTest::newRow("out of order") << QByteArray("9,1,5") << ten << Numbers { 1, 5, 9 };
    QTest::newRow("beyond the mailbox") << QByteArray("20:30") << ten << Numbers {};
    QTest::newRow("sparse UIDs") << QByteArray("5:105") << Numbers { 3, 17, 100, 200 }
                                 << Numbers { 17, 100 };
    // RFC 3501 s6.4.8: "559:*" always includes the last UID, even if it is below 559.
    QTest::newRow("UID n:* above the largest")
        << QByteArray("559:*") << Numbers { 3, 17, 100 } << Numbers { 100 };
    QTest::newRow("largest 32-bit number")
        << QByteArray("4294967295") << Numbers { 1, 4294967295u } << Numbers { 4294967295u };
    QTest::newRow("range up to 2^32 - 1")
        << QByteArray("2:4294967295") << Numbers { 1, 2, 4294967294u, 4294967295u }
        << Numbers { 2, 4294967294u, 4294967295u };
    QTest::newRow("empty mailbox") << QByteArray("1:*") << Numbers {} << Numbers {};
}

void TestSequenceSet::parseAndSelect()
{
    QFETCH(QByteArray, text);
    QFETCH(Numbers, present);
    QFETCH(Numbers, selected);
    const auto set = SequenceSet::parse(text);
    QVERIFY(set.has_value());
    QVERIFY(!set->isEmpty());
    QCOMPARE(set->select(present), selected);
    // contains() agrees with select() for every number present.
    const quint32 largest = present.isEmpty() ? 0 : present.constLast();
    for (const quint32 number : present)
        QCOMPARE(set->contains(number, largest), selected.contains(number));
}

void TestSequenceSet::refusesInvalid_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("zero") << QByteArray("0");
    QTest::newRow("zero in a range") << QByteArray("0:5");
    QTest::newRow("leading zero") << QByteArray("01");
    QTest::newRow("2^32") << QByteArray("4294967296");
    QTest::newRow("huge") << QByteArray("99999999999999999999999");
    QTest::newRow("letter") << QByteArray("1:x");
    QTest::newRow("negative") << QByteArray("-1");
    QTest::newRow("plus") << QByteArray("+1");
    QTest::newRow("trailing comma") << QByteArray("1,");
    QTest::newRow("leading comma") << QByteArray(",1");
    QTest::newRow("double comma") << QByteArray("1,,2");
    QTest::newRow("open range") << QByteArray("1:");
    QTest::newRow("range from nothing") << QByteArray(":5");
    QTest::newRow("two colons") << QByteArray("1:2:3");
    QTest::newRow("space") << QByteArray("1, 2");
    QTest::newRow("star star") << QByteArray("**");
    QTest::newRow("SEARCHRES $ is not supported") << QByteArray("$");
    QTest::newRow("8-bit byte") << QByteArray("1\xb9");
}

void TestSequenceSet::refusesInvalid()
{
    QFETCH(QByteArray, text);
    QVERIFY(!SequenceSet::parse(text).has_value());
}

void TestSequenceSet::starIsTheLargest()
{
    const auto set = SequenceSet::parse("5:*");
    QVERIFY(set);
    QCOMPARE(set->ranges().size(), 1);
    QCOMPARE(set->ranges().constFirst().first, 5u);
    QCOMPARE(set->ranges().constFirst().last, 0u);
    const auto reversed = SequenceSet::parse("*:5");
    QVERIFY(reversed);
    QCOMPARE(reversed->ranges().constFirst().first, 5u);
    QCOMPARE(reversed->ranges().constFirst().last, 0u);
    const auto swapped = SequenceSet::parse("9:3");
    QVERIFY(swapped);
    QCOMPARE(swapped->ranges().constFirst().first, 3u);
    QCOMPARE(swapped->ranges().constFirst().last, 9u);
}

void TestSequenceSet::contains_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<quint32>("number");
    QTest::addColumn<quint32>("largest");
    QTest::addColumn<bool>("expected");
    QTest::newRow("in range") << QByteArray("3:5") << 4u << 10u << true;
    QTest::newRow("below range") << QByteArray("3:5") << 2u << 10u << false;
    QTest::newRow("above range") << QByteArray("3:5") << 6u << 10u << false;
    QTest::newRow("star is largest") << QByteArray("*") << 10u << 10u << true;
    QTest::newRow("star is only largest") << QByteArray("*") << 9u << 10u << false;
    QTest::newRow("n:* with n above largest") << QByteArray("15:*") << 12u << 10u << true;
    QTest::newRow("n:* with n above largest, below") << QByteArray("15:*") << 9u << 10u << false;
    QTest::newRow("second item") << QByteArray("1,7") << 7u << 10u << true;
}

void TestSequenceSet::contains()
{
    QFETCH(QByteArray, text);
    QFETCH(quint32, number);
    QFETCH(quint32, largest);
    QFETCH(bool, expected);
    const auto set = SequenceSet::parse(text);
    QVERIFY(set);
    QCOMPARE(set->contains(number, largest), expected);
}

// "1:4294967295" against a few UIDs must not walk four billion numbers.
void TestSequenceSet::selectIsFastForHugeRanges()
{
    const auto set = SequenceSet::parse("1:4294967295,1:*,2:4000000000");
    QVERIFY(set);
    const Numbers uids = { 7, 4000000000u };
    QElapsedTimer timer;
    timer.start();
    QCOMPARE(set->select(uids), uids);
    QVERIFY(timer.elapsed() < 1000);
}

void TestSequenceSet::format_data()
{
    QTest::addColumn<Numbers>("numbers");
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << Numbers {} << QByteArray();
    QTest::newRow("one") << Numbers { 4 } << QByteArray("4");
    QTest::newRow("run") << Numbers { 1, 2, 3 } << QByteArray("1:3");
    QTest::newRow("RFC 4315 style") << Numbers { 1, 2, 3, 5, 8, 9 } << QByteArray("1:3,5,8:9");
    QTest::newRow("duplicates") << Numbers { 1, 1, 2, 2, 4 } << QByteArray("1:2,4");
    QTest::newRow("largest") << Numbers { 4294967294u, 4294967295u }
                             << QByteArray("4294967294:4294967295");
}

void TestSequenceSet::format()
{
    QFETCH(Numbers, numbers);
    QFETCH(QByteArray, text);
    QCOMPARE(SequenceSet::format(numbers), text);
}

void TestSequenceSet::formatThenParseRoundTrips()
{
    QRandomGenerator random(42);
    for (int round = 0; round < 200; ++round) {
        Numbers numbers;
        quint32 value = 0;
        const int count = int(random.bounded(1, 30));
        for (int i = 0; i < count; ++i) {
            value += random.bounded(1u, 4u);
            numbers.append(value);
        }
        const auto set = SequenceSet::parse(SequenceSet::format(numbers));
        QVERIFY(set);
        Numbers everything;
        for (quint32 n = 1; n <= value + 2; ++n)
            everything.append(n);
        QCOMPARE(set->select(everything), numbers);
    }
}

QTEST_GUILESS_MAIN(TestSequenceSet)
#include "tst_sequenceset.moc"
