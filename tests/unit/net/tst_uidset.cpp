// SPDX-License-Identifier: GPL-3.0-or-later
#include "net/imap/UidSet.h"

#include <QTest>

using magpie::imap::UidSet;

class TestUidSet : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void parses_data();
    void parses();
    void refuses_data();
    void refuses();
    void fromUidsMerges();
    void addMerges_data();
    void addMerges();
    void containsAndCount();
    void extremes();
};

void TestUidSet::parses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::addColumn<QByteArray>("normalized");
    QTest::addColumn<quint64>("count");
    QTest::newRow("one") << QByteArray("7") << QByteArray("7") << quint64(1);
    QTest::newRow("range") << QByteArray("1:5") << QByteArray("1:5") << quint64(5);
    QTest::newRow("backwards range (RFC 3501 s9)") << QByteArray("7:3") << QByteArray("3:7")
                                                   << quint64(5);
    QTest::newRow("list") << QByteArray("1:5,7,9:12") << QByteArray("1:5,7,9:12") << quint64(10);
    QTest::newRow("unsorted, overlapping") << QByteArray("9,1:3,2:4,10,5") << QByteArray("1:5,9:10")
                                           << quint64(7);
    QTest::newRow("duplicates") << QByteArray("4,4,4") << QByteArray("4") << quint64(1);
    QTest::newRow("COPYUID example") << QByteArray("304,319") << QByteArray("304,319") << quint64(2);
    QTest::newRow("largest UID") << QByteArray("4294967295") << QByteArray("4294967295")
                                 << quint64(1);
    QTest::newRow("everything") << QByteArray("1:4294967295") << QByteArray("1:4294967295")
                                << quint64(4294967295u);
}

void TestUidSet::parses()
{
    QFETCH(QByteArray, text);
    QFETCH(QByteArray, normalized);
    QFETCH(quint64, count);
    const auto set = UidSet::parse(text);
    QVERIFY(set);
    QCOMPARE(set->toImap(), normalized);
    QCOMPARE(set->count(), count);
    QCOMPARE(UidSet::parse(set->toImap()), set);
}

void TestUidSet::refuses_data()
{
    QTest::addColumn<QByteArray>("text");
    QTest::newRow("empty") << QByteArray();
    QTest::newRow("zero") << QByteArray("0");
    QTest::newRow("zero in a range") << QByteArray("0:5");
    QTest::newRow("star") << QByteArray("1:*");
    QTest::newRow("star alone") << QByteArray("*");
    QTest::newRow("overflow") << QByteArray("4294967296");
    QTest::newRow("long overflow") << QByteArray("99999999999999999999999");
    QTest::newRow("trailing comma") << QByteArray("1,2,");
    QTest::newRow("leading comma") << QByteArray(",1");
    QTest::newRow("double colon") << QByteArray("1:2:3");
    QTest::newRow("space") << QByteArray("1, 2");
    QTest::newRow("sign") << QByteArray("+5");
    QTest::newRow("garbage") << QByteArray("abc");
    QTest::newRow("empty range end") << QByteArray("3:");
}

void TestUidSet::refuses()
{
    QFETCH(QByteArray, text);
    QVERIFY(!UidSet::parse(text));
}

void TestUidSet::fromUidsMerges()
{
    const UidSet set = UidSet::fromUids({ 9, 3, 1, 2, 0, 7, 8, 3, 4294967295u });
    QCOMPARE(set.toImap(), QByteArray("1:3,7:9,4294967295"));
    QCOMPARE(set.toList(), (QList<quint32> { 1, 2, 3, 7, 8, 9, 4294967295u }));
    QVERIFY(UidSet::fromUids({}).isEmpty());
    QCOMPARE(UidSet::fromUids({}).toImap(), QByteArray());
    QCOMPARE(UidSet::range(9, 4).toImap(), QByteArray("4:9"));
}

void TestUidSet::addMerges_data()
{
    QTest::addColumn<QByteArray>("start");
    QTest::addColumn<quint32>("first");
    QTest::addColumn<quint32>("last");
    QTest::addColumn<QByteArray>("result");
    QTest::newRow("into empty") << QByteArray() << 5u << 5u << QByteArray("5");
    QTest::newRow("before, apart") << QByteArray("5:6") << 1u << 2u << QByteArray("1:2,5:6");
    QTest::newRow("before, touching") << QByteArray("5:6") << 3u << 4u << QByteArray("3:6");
    QTest::newRow("after, touching") << QByteArray("5:6") << 7u << 7u << QByteArray("5:7");
    QTest::newRow("after, apart") << QByteArray("5:6") << 9u << 9u << QByteArray("5:6,9");
    QTest::newRow("inside") << QByteArray("1:10") << 4u << 6u << QByteArray("1:10");
    QTest::newRow("bridging two") << QByteArray("1:3,7:9") << 4u << 6u << QByteArray("1:9");
    QTest::newRow("swallowing many") << QByteArray("2,4,6,8,20") << 1u << 9u
                                     << QByteArray("1:9,20");
    QTest::newRow("overlapping the end") << QByteArray("1:3,5:7") << 6u << 12u
                                         << QByteArray("1:3,5:12");
    QTest::newRow("backwards") << QByteArray("1") << 9u << 3u << QByteArray("1,3:9");
    QTest::newRow("at the top") << QByteArray("4294967294") << 4294967295u << 4294967295u
                                << QByteArray("4294967294:4294967295");
    QTest::newRow("zero ignored") << QByteArray("3") << 0u << 0u << QByteArray("3");
    QTest::newRow("zero to two") << QByteArray("3") << 0u << 2u << QByteArray("1:3");
}

void TestUidSet::addMerges()
{
    QFETCH(QByteArray, start);
    QFETCH(quint32, first);
    QFETCH(quint32, last);
    QFETCH(QByteArray, result);
    UidSet set = start.isEmpty() ? UidSet() : *UidSet::parse(start);
    set.add(first, last);
    QCOMPARE(set.toImap(), result);
    // The same through single adds, when small.
    if (first != 0 && last != 0 && qMax(first, last) - qMin(first, last) < 100) {
        UidSet one = start.isEmpty() ? UidSet() : *UidSet::parse(start);
        for (quint64 uid = qMin(first, last); uid <= qMax(first, last); ++uid)
            one.add(quint32(uid));
        QCOMPARE(one, set);
    }
}

void TestUidSet::containsAndCount()
{
    const UidSet set = *UidSet::parse("2:4,10,20:29");
    QCOMPARE(set.count(), quint64(14));
    for (quint32 uid = 0; uid < 40; ++uid) {
        const bool expected = (uid >= 2 && uid <= 4) || uid == 10 || (uid >= 20 && uid <= 29);
        QCOMPARE(set.contains(uid), expected);
    }
    QVERIFY(!UidSet().contains(1));
    QCOMPARE(UidSet().count(), quint64(0));
}

void TestUidSet::extremes()
{
    UidSet set = UidSet::range(1, 4294967295u);
    QCOMPARE(set.count(), quint64(4294967295u));
    QVERIFY(set.contains(4294967295u));
    set.add(17);
    QCOMPARE(set.ranges().size(), 1);
    // Many single UIDs merge into one range whatever the order.
    UidSet many;
    for (quint32 uid = 10000; uid >= 1; --uid)
        many.add(uid * 2 % 10001 + 1);
    QCOMPARE(many.toImap(), QByteArray("2:10001"));
}

QTEST_GUILESS_MAIN(TestUidSet)
#include "tst_uidset.moc"
