// SPDX-License-Identifier: GPL-3.0-or-later
// The password prompt the app installs (PasswordDialog::prompt): it opens a dialog saying why
// it asks and for which account, OK only once something is typed, and answers with the
// password and the "remember" choice, or with nothing when cancelled.
#include "app/session/MailSession.h"
#include "app/session/PasswordDialog.h"

#include <QApplication>
#include <QCheckBox>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QPushButton>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie;
using namespace Qt::StringLiterals;
using app::MailSession;
using app::PasswordDialog;

class TestPasswordDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void answersWithThePassword();
    void cancelAnswersNothing();

private:
    static PasswordDialog *openDialog();
    static sync::AccountConfig account();
};

PasswordDialog *TestPasswordDialog::openDialog()
{
    const QWidgetList widgets = QApplication::topLevelWidgets();
    for (QWidget *widget : widgets) {
        if (auto *dialog = qobject_cast<PasswordDialog *>(widget); dialog && dialog->isVisible())
            return dialog;
    }
    return nullptr;
}

sync::AccountConfig TestPasswordDialog::account()
{
    sync::AccountConfig config;
    config.id = u"work"_s;
    config.displayName = u"Work"_s;
    config.address = u"alice@example.com"_s;
    config.incomingUser = u"alice"_s;
    config.incomingServer.host = u"imap.example.com"_s;
    return config;
}

void TestPasswordDialog::answersWithThePassword()
{
    QTemporaryDir profile;
    MailSession session(profile.path());
    QVERIFY(!session.open());
    std::optional<std::optional<MailSession::PasswordAnswer>> answered;
    PasswordDialog::prompt(session)(account(), sync::AccountRuntime::Secret::Incoming,
                                    u"The server of Work refused the password."_s,
                                    [&answered](std::optional<MailSession::PasswordAnswer> a) {
                                        answered = a;
                                    });
    QTRY_VERIFY(openDialog());
    PasswordDialog *dialog = openDialog();
    QVERIFY(dialog->windowTitle().contains(u"Work"_s));
    const auto *reason = dialog->findChild<QLabel *>(u"reasonLabel"_s);
    QVERIFY(reason->text().contains(u"refused the password"_s));
    QVERIFY(reason->text().contains(u"imap.example.com"_s));
    QCOMPARE(dialog->findChild<QLabel *>(u"userLabel"_s)->text(), u"alice"_s);

    auto *buttons = dialog->findChild<QDialogButtonBox *>(u"buttons"_s);
    QPushButton *ok = buttons->button(QDialogButtonBox::Ok);
    QVERIFY(!ok->isEnabled()); // nothing typed yet
    auto *edit = dialog->findChild<QLineEdit *>(u"passwordEdit"_s);
    QCOMPARE(edit->echoMode(), QLineEdit::Password);
    QTest::keyClicks(edit, u"s3cret pass"_s);
    QVERIFY(ok->isEnabled());
    auto *remember = dialog->findChild<QCheckBox *>(u"rememberBox"_s);
    remember->setChecked(false);
    QTest::mouseClick(ok, Qt::LeftButton);

    QVERIFY(answered.has_value());
    QVERIFY(answered->has_value());
    QCOMPARE((*answered)->password, u"s3cret pass"_s);
    QCOMPARE((*answered)->remember, false);
    QTRY_VERIFY(!openDialog()); // and it went away
}

void TestPasswordDialog::cancelAnswersNothing()
{
    QTemporaryDir profile;
    MailSession session(profile.path());
    QVERIFY(!session.open());
    std::optional<std::optional<MailSession::PasswordAnswer>> answered;
    PasswordDialog::prompt(session)(account(), sync::AccountRuntime::Secret::Smtp, QString(),
                                    [&answered](std::optional<MailSession::PasswordAnswer> a) {
                                        answered = a;
                                    });
    QTRY_VERIFY(openDialog());
    PasswordDialog *dialog = openDialog();
    QVERIFY(dialog->findChild<QLabel *>(u"reasonLabel"_s)->text().contains(u"sending mail"_s));
    QTest::keyClicks(dialog->findChild<QLineEdit *>(u"passwordEdit"_s), u"typed"_s);
    dialog->reject();
    QVERIFY(answered.has_value());
    QVERIFY(!answered->has_value());
}

QTEST_MAIN(TestPasswordDialog)
#include "tst_passworddialog.moc"
