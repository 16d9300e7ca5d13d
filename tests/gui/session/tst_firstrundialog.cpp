// SPDX-License-Identifier: GPL-3.0-or-later
// The first-run page: "Try Magpie with a local demo mailbox" starts the demo and adds its
// account; "Add an account..." opens the account setup; Close leaves without an account.
#include "app/demo/DemoMailbox.h"
#include "app/session/FirstRunDialog.h"
#include "app/session/MailSession.h"
#include "app/setup/AccountSetupDialog.h"

#include <QCommandLinkButton>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie;
using namespace Qt::StringLiterals;
using app::FirstRunDialog;
using app::MailSession;

class TestFirstRunDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void demoButtonStartsTheDemo();
    void accountButtonOpensTheSetup();
    void closeLeavesWithoutAccount();
};

void TestFirstRunDialog::demoButtonStartsTheDemo()
{
    QTemporaryDir profile;
    MailSession session(profile.path());
    QVERIFY(!session.open());
    FirstRunDialog dialog(session);
    dialog.show();
    auto *demo = dialog.findChild<QCommandLinkButton *>(u"demoButton"_s);
    QVERIFY(demo);
    QCOMPARE(demo->text(), u"Try Magpie with a local demo mailbox"_s);
    QSignalSpy accepted(&dialog, &QDialog::accepted);
    QTest::mouseClick(demo, Qt::LeftButton);
    QCOMPARE(accepted.size(), 1);
    QCOMPARE(dialog.choice(), FirstRunDialog::Choice::Demo);
    QVERIFY(session.demo());
    QCOMPARE(session.accounts().size(), 1);
    QCOMPARE(session.accounts().first().id, QString::fromLatin1(app::DemoMailbox::kAccountId));
}

void TestFirstRunDialog::accountButtonOpensTheSetup()
{
    QTemporaryDir profile;
    MailSession session(profile.path());
    QVERIFY(!session.open());
    FirstRunDialog dialog(session);
    dialog.show();
    QVERIFY(!dialog.setupDialog());
    QTest::mouseClick(dialog.findChild<QCommandLinkButton *>(u"accountButton"_s), Qt::LeftButton);
    QTRY_VERIFY(dialog.setupDialog());
    QVERIFY(dialog.setupDialog()->isVisible());
    // Cancelling the setup comes back to the first-run page.
    dialog.setupDialog()->reject();
    QTRY_VERIFY(!dialog.setupDialog());
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.choice(), FirstRunDialog::Choice::None);
    QVERIFY(session.accounts().isEmpty());
}

void TestFirstRunDialog::closeLeavesWithoutAccount()
{
    QTemporaryDir profile;
    MailSession session(profile.path());
    QVERIFY(!session.open());
    FirstRunDialog dialog(session);
    dialog.show();
    QSignalSpy rejected(&dialog, &QDialog::rejected);
    QTest::keyClick(&dialog, Qt::Key_Escape);
    QCOMPARE(rejected.size(), 1);
    QCOMPARE(dialog.choice(), FirstRunDialog::Choice::None);
    QVERIFY(!session.demo());
    QVERIFY(session.accounts().isEmpty());
}

QTEST_MAIN(TestFirstRunDialog)
#include "tst_firstrundialog.moc"
