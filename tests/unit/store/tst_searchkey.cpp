// SPDX-License-Identifier: GPL-3.0-or-later
#include "store/SearchKey.h"

#include <QTest>

using namespace magpie::store;

namespace {

QDateTime at(qint64 ms)
{
    return QDateTime::fromMSecsSinceEpoch(ms, Qt::UTC);
}

// A fake index: the keys in `used` are taken.
struct FakeIndex
{
    QSet<qint64> used;
    std::optional<bool> taken(qint64 key) const { return used.contains(key); }
    std::optional<QSet<qint64>> takenIn(qint64 first, qint64 last) const
    {
        QSet<qint64> in;
        for (qint64 key : used) {
            if (key >= first && key <= last)
                in.insert(key);
        }
        return in;
    }
    std::optional<qint64> choose(const QDateTime &date, qint64 id) const
    {
        return SearchKey::choose(
            date, id, [this](qint64 key) { return taken(key); },
            [this](qint64 first, qint64 last) { return takenIn(first, last); });
    }
};

} // namespace

class TestSearchKey : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void keysAscendWithTheDate();
    void tiesFollowTheId();
    void undatedSortBelowEveryDate();
    void farDatesAreClamped();
    void takenTieMovesWithinItsMillisecond();
    void fullMillisecondFallsBackToTheUndatedKey();
    void inSlot();
};

void TestSearchKey::keysAscendWithTheDate()
{
    // Whatever the ids: a newer message has the larger key (ids large and small, dates a
    // millisecond apart, before and after 1970).
    const qint64 dates[] = { -86400000LL * 365 * 300, -1, 0, 1, 1700000000000LL, 1700000000001LL,
                             4102444800000LL };
    const qint64 ids[] = { 1, 131071, 131072, 999999999, 5 };
    for (int i = 0; i + 1 < int(std::size(dates)); ++i) {
        for (qint64 older : ids) {
            for (qint64 newer : ids) {
                QVERIFY2(SearchKey::preferred(at(dates[i]), older) < SearchKey::preferred(at(dates[i + 1]), newer),
                         qPrintable(QStringLiteral("%1/%2 vs %3/%4").arg(dates[i]).arg(older).arg(dates[i + 1]).arg(newer)));
            }
        }
    }
}

void TestSearchKey::tiesFollowTheId()
{
    const QDateTime date = at(1700000000000LL);
    QVERIFY(SearchKey::preferred(date, 7) < SearchKey::preferred(date, 8));
    QCOMPARE(SearchKey::preferred(date, 7) - SearchKey::slotStart(date), 7);
    QCOMPARE(SearchKey::slotStart(date), 1700000000000LL * SearchKey::tieCount);
}

void TestSearchKey::undatedSortBelowEveryDate()
{
    const qint64 earliest = SearchKey::preferred(at(SearchKey::earliestDate), 0);
    for (qint64 id : { qint64(1), qint64(123456789), qint64(1) << 40 }) {
        QVERIFY(SearchKey::preferred(QDateTime(), id) < earliest);
        QCOMPARE(SearchKey::preferred(QDateTime(), id), SearchKey::undated(id));
    }
    QVERIFY(SearchKey::undated(1) < SearchKey::undated(2)); // newest cached first, as id DESC
    // The constants the version 3 migration spells out.
    QCOMPARE(SearchKey::undatedBase, Q_INT64_C(-9223372036854775807));
    QCOMPARE(SearchKey::latestDate, Q_INT64_C(35184372088831));
    QCOMPARE(SearchKey::earliestDate, Q_INT64_C(-35184372088832));
    QCOMPARE(SearchKey::tieCount, 131072);
}

void TestSearchKey::farDatesAreClamped()
{
    // Year 9999 spam and a date before the year 855 stay inside the key range, in order.
    const QDateTime future(QDate(9999, 12, 31), QTime(0, 0), Qt::UTC);
    const QDateTime past(QDate(100, 1, 1), QTime(0, 0), Qt::UTC);
    QCOMPARE(SearchKey::slotStart(future), SearchKey::latestDate * SearchKey::tieCount);
    QCOMPARE(SearchKey::slotStart(past), SearchKey::earliestDate * SearchKey::tieCount);
    QVERIFY(SearchKey::preferred(future, 1) > SearchKey::preferred(at(1700000000000LL), 1));
    QVERIFY(SearchKey::preferred(past, 1) > SearchKey::preferred(QDateTime(), 1));
}

void TestSearchKey::takenTieMovesWithinItsMillisecond()
{
    const QDateTime date = at(1700000000000LL);
    FakeIndex index;
    // Ids 5 and 5 + 2^17 want the same key.
    index.used.insert(SearchKey::preferred(date, 5));
    const std::optional<qint64> key = index.choose(date, 5 + SearchKey::tieCount);
    QVERIFY(key);
    QVERIFY(!index.used.contains(*key));
    QVERIFY(SearchKey::inSlot(*key, date));
    QCOMPARE(*key, SearchKey::preferred(date, 6));
    // A free preferred key is taken as it is.
    QCOMPARE(*index.choose(date, 9), SearchKey::preferred(date, 9));
}

void TestSearchKey::fullMillisecondFallsBackToTheUndatedKey()
{
    const QDateTime date = at(1700000000000LL);
    FakeIndex index;
    for (qint64 tie = 0; tie < SearchKey::tieCount; ++tie)
        index.used.insert(SearchKey::slotStart(date) + tie);
    QCOMPARE(*index.choose(date, 77), SearchKey::undated(77));
}

void TestSearchKey::inSlot()
{
    const QDateTime date = at(1700000000000LL);
    QVERIFY(SearchKey::inSlot(SearchKey::preferred(date, 3), date));
    QVERIFY(!SearchKey::inSlot(SearchKey::preferred(date.addMSecs(1), 3), date));
    QVERIFY(!SearchKey::inSlot(SearchKey::undated(3), date));
    QVERIFY(SearchKey::inSlot(SearchKey::undated(3), QDateTime()));
    QVERIFY(!SearchKey::inSlot(SearchKey::preferred(date, 3), QDateTime()));
}

QTEST_GUILESS_MAIN(TestSearchKey)
#include "tst_searchkey.moc"
