// SPDX-License-Identifier: GPL-3.0-or-later
#include "models/AccountModel.h"

#include <QAbstractItemModelTester>
#include <QSignalSpy>
#include <QTest>

using namespace magpie::models;

class TestAccountModel : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void addsUpdatesAndRemoves();
    void showsAddressWhenUnnamed();
};

void TestAccountModel::addsUpdatesAndRemoves()
{
    AccountModel model;
    QAbstractItemModelTester tester(&model, QAbstractItemModelTester::FailureReportingMode::QtTest);
    QSignalSpy inserted(&model, &QAbstractItemModel::rowsInserted);
    QSignalSpy changed(&model, &QAbstractItemModel::dataChanged);
    QSignalSpy reset(&model, &QAbstractItemModel::modelReset);

    model.upsert({ QStringLiteral("work"), QStringLiteral("Work"), QStringLiteral("alice@work.example") });
    model.upsert({ QStringLiteral("home"), QStringLiteral("Home"), QStringLiteral("alice@home.example") });
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.count(), 2);

    // Editing an account changes its row in place: no insert, no reset.
    model.upsert({ QStringLiteral("work"), QStringLiteral("Office"), QStringLiteral("alice@work.example") });
    QCOMPARE(model.rowCount(), 2);
    QCOMPARE(inserted.count(), 2);
    QCOMPARE(changed.count(), 1);
    QCOMPARE(model.index(0).data().toString(), QStringLiteral("Office"));
    QCOMPARE(model.index(1).data(AccountModel::IdRole).toString(), QStringLiteral("home"));

    QVERIFY(model.remove(QStringLiteral("work")));
    QVERIFY(!model.remove(QStringLiteral("work")));
    QCOMPARE(model.rowCount(), 1);
    QCOMPARE(model.index(0).data(AccountModel::AddressRole).toString(), QStringLiteral("alice@home.example"));
    QCOMPARE(reset.count(), 0);
}

void TestAccountModel::showsAddressWhenUnnamed()
{
    AccountModel model;
    model.upsert({ QStringLiteral("x"), QString(), QStringLiteral("bob@example.org") });
    QCOMPARE(model.index(0).data(Qt::DisplayRole).toString(), QStringLiteral("bob@example.org"));
    QCOMPARE(model.index(0).data(Qt::ToolTipRole).toString(), QStringLiteral("bob@example.org"));
}

QTEST_GUILESS_MAIN(TestAccountModel)
#include "tst_accountmodel.moc"
