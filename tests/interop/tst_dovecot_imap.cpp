// SPDX-License-Identifier: GPL-3.0-or-later
// (skeleton: filled in as the engines land)
#include <QTest>

class Test_tst_dovecot_imap : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase() {}
};

QTEST_GUILESS_MAIN(Test_tst_dovecot_imap)
#include "tst_dovecot_imap.moc"
