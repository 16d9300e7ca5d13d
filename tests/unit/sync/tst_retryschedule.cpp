// SPDX-License-Identifier: GPL-3.0-or-later
#include "sync/RetrySchedule.h"

#include <QTest>

using magpie::sync::RetrySchedule;

class TestRetrySchedule : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void delays_data();
    void delays();
    void nextAttemptAddsTheDelay();
};

void TestRetrySchedule::delays_data()
{
    QTest::addColumn<int>("failures");
    QTest::addColumn<int>("minutes");
    // DESIGN.md: retry with backoff 1, 5, 15, 60 min ..., never giving up on its own.
    QTest::newRow("not failed yet") << 0 << 0;
    QTest::newRow("first failure") << 1 << 1;
    QTest::newRow("second") << 2 << 5;
    QTest::newRow("third") << 3 << 15;
    QTest::newRow("fourth") << 4 << 60;
    QTest::newRow("tenth stays hourly") << 10 << 60;
    QTest::newRow("a thousandth stays hourly") << 1000 << 60;
    QTest::newRow("negative is treated as none") << -3 << 0;
}

void TestRetrySchedule::delays()
{
    QFETCH(int, failures);
    QFETCH(int, minutes);
    QCOMPARE(RetrySchedule::delayAfter(failures).count(), minutes);
}

void TestRetrySchedule::nextAttemptAddsTheDelay()
{
    const QDateTime failedAt(QDate(2026, 3, 1), QTime(23, 50), Qt::UTC);
    QCOMPARE(RetrySchedule::nextAttempt(failedAt, 3), QDateTime(QDate(2026, 3, 2), QTime(0, 5), Qt::UTC));
}

QTEST_GUILESS_MAIN(TestRetrySchedule)
#include "tst_retryschedule.moc"
