// SPDX-License-Identifier: GPL-3.0-or-later
// Settings dialog (issue 7): settings edited, saved, reopened equal; an invalid port refused
// with the message shown; OK/Apply/Cancel; removing an account; passwords written to and read
// back from a real keychain (README's test command runs this inside dbus-run-session with an
// unlocked gnome-keyring).
#include "app/Preferences.h"
#include "app/session/MailSession.h"
#include "app/settings/SettingsDialog.h"
#include "store/BodyStore.h"
#include "store/FolderStore.h"
#include "store/MessageStore.h"
#include "store/Profile.h"
#include "sync/AccountSettings.h"

#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFile>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QLocale>
#include <QMessageBox>
#include <QPlainTextEdit>
#include <QPushButton>
#include <QRadioButton>
#include <QSpinBox>
#include <QTabWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QTimer>

#include <memory>

using magpie::app::MailSession;
using magpie::app::Preferences;
using magpie::app::SettingsDialog;
using magpie::sync::AccountConfig;
using namespace Qt::StringLiterals;

namespace {

AccountConfig sampleAccount()
{
    AccountConfig account;
    account.id = u"acct-settings-test"_s;
    account.displayName = u"Work"_s;
    account.identityName = u"Alice Example"_s;
    account.address = u"alice@example.com"_s;
    account.incomingServer.host = u"imap.example.com"_s;
    account.incomingServer.port = 993;
    account.incomingUser = u"alice"_s;
    account.smtpServer.host = u"smtp.example.com"_s;
    account.smtpServer.port = 465;
    account.smtpUser = u"alice"_s;
    return account;
}

template<typename T> T *child(QWidget &dialog, const QString &name)
{
    T *widget = dialog.findChild<T *>(name);
    if (!widget)
        qWarning("no widget %s", qPrintable(name));
    return widget;
}

void setField(QWidget &dialog, const QString &name, const QString &text)
{
    QLineEdit *edit = child<QLineEdit>(dialog, name);
    QVERIFY(edit);
    edit->setFocus();
    edit->selectAll();
    QTest::keyClick(edit, Qt::Key_Delete);
    if (!text.isEmpty())
        QTest::keyClicks(edit, text);
}

QPushButton *button(QWidget &dialog, QDialogButtonBox::StandardButton which)
{
    return child<QDialogButtonBox>(dialog, u"buttonBox"_s)->button(which);
}

// Clicks the button labelled `text` of the next message box once it is shown (it is modal:
// the test's event loop runs inside its exec()).
void answerNextMessageBox(const QString &text)
{
    auto *timer = new QTimer(qApp);
    timer->setInterval(20);
    QObject::connect(timer, &QTimer::timeout, timer, [timer, text] {
        auto *box = qobject_cast<QMessageBox *>(QApplication::activeModalWidget());
        if (!box)
            return;
        const QList<QAbstractButton *> buttons = box->buttons();
        for (QAbstractButton *candidate : buttons) {
            if (QString(candidate->text()).remove(u'&') == text) {
                timer->deleteLater();
                timer->stop();
                candidate->click();
                return;
            }
        }
    });
    timer->start();
}

} // namespace

class TestSettingsDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void init();
    void cleanup();
    void editedSavedReopenedEqual();
    void invalidPortRefusedWithMessage_data();
    void invalidPortRefusedWithMessage();
    void invalidHostAndAddressShownInline();
    void applyOnlyWhenChangedAndCancelForgets();
    void portFollowsSecurityAndProtocol();
    void removeAccountAsksThenAppliesOnOk();
    void passwordGoesToTheKeychain();
    void showAccountSelectsIt();
    void clearCacheDropsDownloadedMessages();
    void clearCacheNotOfferedWhenPop3KeepsTheOnlyCopy();

private:
    std::unique_ptr<QTemporaryDir> m_dir;
    std::unique_ptr<MailSession> m_session;
    QString profileDirectory() const { return m_dir->filePath(u"profile"_s); }
    void openSession();
};

void TestSettingsDialog::openSession()
{
    m_session = std::make_unique<MailSession>(profileDirectory());
    const auto error = m_session->open();
    QVERIFY2(!error, qPrintable(error.message));
}

void TestSettingsDialog::init()
{
    m_dir = std::make_unique<QTemporaryDir>();
    QVERIFY(m_dir->isValid());
    QDir().mkpath(profileDirectory());
    const magpie::store::Profile profile(profileDirectory());
    QCOMPARE(magpie::sync::AccountSettings(profile.settingsPath()).upsert(sampleAccount()),
             QString());
    openSession();
}

void TestSettingsDialog::cleanup()
{
    m_session.reset();
    m_dir.reset();
}

void TestSettingsDialog::editedSavedReopenedEqual()
{
    QCOMPARE(m_session->accounts().size(), 1);
    const QString pin = u"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89:"
                        u"AB:CD:EF:01:23:45:67:89:AB:CD:EF:01:23:45:67:89"_s;
    {
        SettingsDialog dialog(*m_session);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        QVERIFY(!button(dialog, QDialogButtonBox::Apply)->isEnabled());

        // Accounts: every kind of field.
        setField(dialog, u"displayNameEdit"_s, u"Office"_s);
        setField(dialog, u"identityNameEdit"_s, u"Alice B. Example"_s);
        setField(dialog, u"addressEdit"_s, u"alice.b@example.org"_s);
        child<QPlainTextEdit>(dialog, u"signatureEdit"_s)->setPlainText(u"Alice\nExample Ltd."_s);
        child<QComboBox>(dialog, u"incomingProtocolCombo"_s)->setCurrentIndex(1); // POP3
        QCOMPARE(child<QLineEdit>(dialog, u"incomingPortEdit"_s)->text(), u"995"_s);
        setField(dialog, u"incomingHostEdit"_s, u"pop.example.org"_s);
        child<QComboBox>(dialog, u"incomingSecurityCombo"_s)->setCurrentIndex(1); // STARTTLS
        setField(dialog, u"incomingPortEdit"_s, u"1110"_s);
        setField(dialog, u"incomingUserEdit"_s, u"alice.b"_s);
        setField(dialog, u"incomingPinEdit"_s, pin.toLower());
        child<QCheckBox>(dialog, u"pop3DeleteCheck"_s)->setChecked(true);
        child<QSpinBox>(dialog, u"pop3DeleteDaysSpin"_s)->setValue(30);
        setField(dialog, u"smtpHostEdit"_s, u"smtp.example.org"_s);
        setField(dialog, u"smtpPortEdit"_s, u"2525"_s);
        child<QSpinBox>(dialog, u"checkIntervalSpin"_s)->setValue(25);
        child<QSpinBox>(dialog, u"prefetchDaysSpin"_s)->setValue(0);

        // The other pages.
        child<QComboBox>(dialog, u"startUpCombo"_s)->setCurrentIndex(1);
        child<QCheckBox>(dialog, u"notifyCheck"_s)->setChecked(false);
        child<QComboBox>(dialog, u"layoutCombo"_s)->setCurrentIndex(0);
        auto *language = child<QComboBox>(dialog, u"languageCombo"_s);
        language->setCurrentIndex(language->findData(u"fr"_s));
        child<QRadioButton>(dialog, u"plainRadio"_s)->setChecked(true);
        child<QSpinBox>(dialog, u"markReadSecondsSpin"_s)->setValue(7);
        child<QComboBox>(dialog, u"quotingCombo"_s)->setCurrentIndex(1);
        child<QSpinBox>(dialog, u"autosaveSpin"_s)->setValue(30);
        child<QCheckBox>(dialog, u"confirmLinksCheck"_s)->setChecked(false);
        child<QCheckBox>(dialog, u"connectionLogCheck"_s)->setChecked(true);

        QVERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
        QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
        QTRY_VERIFY(!dialog.isVisible());
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }

    // Saved: a new session on the same profile reads what was chosen.
    m_session.reset();
    openSession();
    QCOMPARE(m_session->accounts().size(), 1);
    const AccountConfig saved = m_session->accounts().constFirst();
    QCOMPARE(saved.id, sampleAccount().id);
    QCOMPARE(saved.displayName, u"Office"_s);
    QCOMPARE(saved.identityName, u"Alice B. Example"_s);
    QCOMPARE(saved.address, u"alice.b@example.org"_s);
    QCOMPARE(saved.incoming, AccountConfig::Incoming::Pop3);
    QCOMPARE(saved.incomingServer.host, u"pop.example.org"_s);
    QCOMPARE(saved.incomingServer.port, quint16(1110));
    QCOMPARE(saved.incomingServer.security, magpie::net::ServerEndpoint::Security::StartTls);
    QCOMPARE(saved.incomingUser, u"alice.b"_s);
    QCOMPARE(saved.incomingServer.pinnedSha256.toHex(':').toUpper(), pin.toLatin1());
    QCOMPARE(saved.pop3LeaveOnServer, true);
    QCOMPARE(saved.pop3DeleteAfterDays, 30);
    QCOMPARE(saved.smtpServer.host, u"smtp.example.org"_s);
    QCOMPARE(saved.smtpServer.port, quint16(2525));
    QCOMPARE(saved.checkIntervalMinutes, 25);
    QCOMPARE(saved.prefetchDays, 0);
    const Preferences &p = m_session->preferences();
    QCOMPARE(p.startUp, Preferences::StartUp::Inbox);
    QCOMPARE(p.notifyNewMail, false);
    QCOMPARE(p.layout, Preferences::Layout::Wide);
    QCOMPARE(p.language, u"fr"_s);
    QCOMPARE(p.preferHtml, false);
    QCOMPARE(p.markReadAfterSeconds, 7);
    QCOMPARE(p.quoting, Preferences::Quoting::ReplyAboveQuote);
    QCOMPARE(p.draftAutosaveSeconds, 30);
    QCOMPARE(p.confirmLinkTargets, false);
    QCOMPARE(p.connectionLog, true);
    QCOMPARE(p.signatures.value(saved.id), u"Alice\nExample Ltd."_s);

    // Reopened: the dialog shows the same, and has nothing to apply.
    SettingsDialog dialog(*m_session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QVERIFY(!button(dialog, QDialogButtonBox::Apply)->isEnabled());
    QCOMPARE(child<QLineEdit>(dialog, u"displayNameEdit"_s)->text(), u"Office"_s);
    QCOMPARE(child<QComboBox>(dialog, u"incomingProtocolCombo"_s)->currentIndex(), 1);
    QCOMPARE(child<QLineEdit>(dialog, u"incomingPortEdit"_s)->text(), u"1110"_s);
    QCOMPARE(child<QLineEdit>(dialog, u"incomingPinEdit"_s)->text(), pin);
    QCOMPARE(child<QComboBox>(dialog, u"incomingSecurityCombo"_s)->currentIndex(), 1);
    QCOMPARE(child<QPlainTextEdit>(dialog, u"signatureEdit"_s)->toPlainText(),
             u"Alice\nExample Ltd."_s);
    QCOMPARE(child<QSpinBox>(dialog, u"markReadSecondsSpin"_s)->value(), 7);
    QVERIFY(child<QRadioButton>(dialog, u"markReadAfterRadio"_s)->isChecked());
    QCOMPARE(child<QComboBox>(dialog, u"languageCombo"_s)->currentData().toString(), u"fr"_s);
    QVERIFY(child<QCheckBox>(dialog, u"connectionLogCheck"_s)->isChecked());
}

void TestSettingsDialog::invalidPortRefusedWithMessage_data()
{
    QTest::addColumn<QString>("field");
    QTest::addColumn<QString>("port");
    QTest::newRow("incoming zero") << u"incomingPort"_s << u"0"_s;
    QTest::newRow("incoming too big") << u"incomingPort"_s << u"70000"_s;
    QTest::newRow("incoming letters") << u"incomingPort"_s << u"imap"_s;
    QTest::newRow("incoming empty") << u"incomingPort"_s << QString();
    QTest::newRow("smtp too big") << u"smtpPort"_s << u"65536"_s;
}

void TestSettingsDialog::invalidPortRefusedWithMessage()
{
    QFETCH(QString, field);
    QFETCH(QString, port);
    SettingsDialog dialog(*m_session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    child<QCheckBox>(dialog, u"notifyCheck"_s)->setChecked(false); // a valid change beside
    setField(dialog, field + u"Edit"_s, port);

    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QVERIFY(dialog.isVisible()); // refused: the dialog stays open
    auto *message = child<QLabel>(dialog, field + u"Error"_s);
    QVERIFY(message->isVisible());
    QVERIFY2(message->text().contains(u"1 to 65535"_s), qPrintable(message->text()));
    auto *edit = child<QLineEdit>(dialog, field + u"Edit"_s);
    QVERIFY(edit->hasFocus());
    QVERIFY(child<QLabel>(dialog, u"messageLabel"_s)->isVisible());
    // Nothing at all was saved, not even the valid change.
    QCOMPARE(m_session->preferences().notifyNewMail, true);
    QCOMPARE(m_session->accounts().constFirst().incomingServer.port, quint16(993));

    // Correcting it takes the message away while typing; then OK saves.
    setField(dialog, field + u"Edit"_s, u"1143"_s);
    QVERIFY(!message->isVisible());
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(m_session->preferences().notifyNewMail, false);
}

void TestSettingsDialog::invalidHostAndAddressShownInline()
{
    SettingsDialog dialog(*m_session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowActive(&dialog));
    setField(dialog, u"addressEdit"_s, u"alice"_s);
    child<QLineEdit>(dialog, u"incomingUserEdit"_s)->setFocus(); // leaving the field checks it
    QTRY_VERIFY(child<QLabel>(dialog, u"addressError"_s)->isVisible());
    QVERIFY(child<QLabel>(dialog, u"addressError"_s)->text().contains(u"@"_s));

    setField(dialog, u"incomingHostEdit"_s, QString());
    QTest::mouseClick(button(dialog, QDialogButtonBox::Apply), Qt::LeftButton);
    // On the Incoming tab, which is not the one shown.
    QVERIFY(child<QLabel>(dialog, u"incomingHostError"_s)
                ->isVisibleTo(child<QWidget>(dialog, u"incomingTab"_s)));
    // The first problem (on the Identity tab) is the one focused.
    QCOMPARE(child<QTabWidget>(dialog, u"tabs"_s)->currentWidget()->objectName(), u"identityTab"_s);
    QVERIFY(child<QLineEdit>(dialog, u"addressEdit"_s)->hasFocus());
    QCOMPARE(m_session->accounts().constFirst().address, u"alice@example.com"_s);
}

void TestSettingsDialog::applyOnlyWhenChangedAndCancelForgets()
{
    SettingsDialog dialog(*m_session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    QPushButton *apply = button(dialog, QDialogButtonBox::Apply);
    QVERIFY(!apply->isEnabled());
    auto *notify = child<QCheckBox>(dialog, u"notifyCheck"_s);
    notify->setChecked(false);
    QVERIFY(apply->isEnabled());
    notify->setChecked(true); // back as it was: nothing to apply
    QVERIFY(!apply->isEnabled());

    notify->setChecked(false);
    QTest::mouseClick(apply, Qt::LeftButton);
    QVERIFY(dialog.isVisible()); // Apply stays
    QCOMPARE(m_session->preferences().notifyNewMail, false);
    QVERIFY(!apply->isEnabled());

    // Changed after Apply, then Cancel: only the change since Apply is forgotten.
    child<QCheckBox>(dialog, u"checkMailCheck"_s)->setChecked(false);
    setField(dialog, u"displayNameEdit"_s, u"Changed"_s);
    QTest::mouseClick(button(dialog, QDialogButtonBox::Cancel), Qt::LeftButton);
    QVERIFY(!dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
    QCOMPARE(m_session->preferences().notifyNewMail, false);
    QCOMPARE(m_session->preferences().checkMailAtStartUp, true);
    QCOMPARE(m_session->accounts().constFirst().displayName, u"Work"_s);
}

void TestSettingsDialog::portFollowsSecurityAndProtocol()
{
    SettingsDialog dialog(*m_session);
    dialog.show();
    auto *port = child<QLineEdit>(dialog, u"incomingPortEdit"_s);
    auto *security = child<QComboBox>(dialog, u"incomingSecurityCombo"_s);
    QCOMPARE(port->text(), u"993"_s);
    security->setCurrentIndex(1);
    QCOMPARE(port->text(), u"143"_s);
    child<QComboBox>(dialog, u"incomingProtocolCombo"_s)->setCurrentIndex(1);
    QCOMPARE(port->text(), u"110"_s);
    QVERIFY(child<QWidget>(dialog, u"pop3Group"_s)
                ->isVisibleTo(child<QWidget>(dialog, u"incomingTab"_s)));
    // A port the person typed is theirs: never changed behind their back.
    setField(dialog, u"incomingPortEdit"_s, u"2110"_s);
    security->setCurrentIndex(0);
    QCOMPARE(port->text(), u"2110"_s);
    // Plaintext is allowed, with a warning.
    security->setCurrentIndex(2);
    QVERIFY(child<QLabel>(dialog, u"incomingSecurityWarning"_s)
                ->isVisibleTo(child<QWidget>(dialog, u"incomingTab"_s)));
    auto *smtpPort = child<QLineEdit>(dialog, u"smtpPortEdit"_s);
    child<QComboBox>(dialog, u"smtpSecurityCombo"_s)->setCurrentIndex(1);
    QCOMPARE(smtpPort->text(), u"587"_s);
}

void TestSettingsDialog::removeAccountAsksThenAppliesOnOk()
{
    SettingsDialog dialog(*m_session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    auto *list = child<QListWidget>(dialog, u"accountList"_s);
    QCOMPARE(list->count(), 1);
    auto *remove = child<QPushButton>(dialog, u"removeButton"_s);

    answerNextMessageBox(u"Cancel"_s);
    remove->click();
    QCOMPARE(list->count(), 1);

    answerNextMessageBox(u"Remove Account"_s);
    remove->click();
    QCOMPARE(list->count(), 0);
    QCOMPARE(m_session->accounts().size(), 1); // not before OK
    QVERIFY(button(dialog, QDialogButtonBox::Apply)->isEnabled());
    QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
    QTRY_VERIFY(!dialog.isVisible());
    QCOMPARE(m_session->accounts().size(), 0);
    m_session.reset();
    openSession();
    QCOMPARE(m_session->accounts().size(), 0);
}

void TestSettingsDialog::passwordGoesToTheKeychain()
{
    if (!m_session->keychainAvailable())
        QFAIL("No keychain: run inside README's test command (dbus-run-session, gnome-keyring).");
    const QString secret = u"correct horse battery staple 42"_s;
    {
        SettingsDialog dialog(*m_session);
        dialog.show();
        QVERIFY(QTest::qWaitForWindowExposed(&dialog));
        setField(dialog, u"incomingPasswordEdit"_s, secret);
        QTest::mouseClick(button(dialog, QDialogButtonBox::Ok), Qt::LeftButton);
        // OK closes once the keychain confirmed the write.
        QTRY_VERIFY_WITH_TIMEOUT(!dialog.isVisible(), 10000);
        QCOMPARE(dialog.result(), int(QDialog::Accepted));
    }
    // Read back from the keychain itself, not from the session's memory.
    magpie::store::SecretStore keychain;
    std::optional<magpie::store::SecretResult> read;
    keychain.read(sampleAccount().id + u"/incoming"_s,
                  [&read](const magpie::store::SecretResult &result) { read = result; });
    QTRY_VERIFY_WITH_TIMEOUT(read.has_value(), 10000);
    if (read->code == magpie::store::SecretResult::NoKeychain)
        QFAIL("No Secret Service is running: run inside README's test command.");
    QVERIFY2(read->ok(), qPrintable(read->message));
    QCOMPARE(read->secret, secret);
    // The password is nowhere in the profile's files.
    const magpie::store::Profile profile(profileDirectory());
    QFile ini(profile.settingsPath());
    QVERIFY(ini.open(QIODevice::ReadOnly));
    QVERIFY(!ini.readAll().contains(secret.toUtf8()));

    // Cleanup: the account's removal drops its keychain entries.
    QCOMPARE(m_session->removeAccount(sampleAccount().id), QString());
}

void TestSettingsDialog::showAccountSelectsIt()
{
    AccountConfig second = sampleAccount();
    second.id = u"acct-second"_s;
    second.displayName = u"Home"_s;
    QCOMPARE(m_session->saveAccount(second), QString());
    SettingsDialog dialog(*m_session);
    dialog.showAccount(second.id);
    dialog.show();
    auto *list = child<QListWidget>(dialog, u"accountList"_s);
    QCOMPARE(list->count(), 2);
    QCOMPARE(list->currentItem()->text(), u"Home"_s);
    QCOMPARE(child<QListWidget>(dialog, u"pageList"_s)->currentRow(), 0);
    dialog.showPage(SettingsDialog::Page::Advanced);
    QVERIFY(child<QLabel>(dialog, u"cacheSizeLabel"_s)->isVisibleTo(&dialog));
    QVERIFY(!child<QLabel>(dialog, u"cacheSizeLabel"_s)->text().isEmpty());
}

void TestSettingsDialog::clearCacheDropsDownloadedMessages()
{
    using namespace magpie::store;
    FolderRecord folder;
    folder.accountId = sampleAccount().id;
    folder.path = u"INBOX"_s;
    folder.serverName = "INBOX";
    folder.delimiter = u'/';
    const auto inbox = FolderStore(m_session->cache()).ensure(folder);
    QVERIFY(inbox);
    MessageSummary summary;
    summary.uid = 1;
    summary.subject = u"Lunch"_s;
    summary.from.address = u"bob@example.org"_s;
    summary.date = QDateTime::currentDateTimeUtc();
    summary.receivedAt = summary.date;
    summary.size = 4000;
    const QList<qint64> ids = MessageStore(m_session->cache()).add(inbox->id, { summary });
    QCOMPARE(ids.size(), 1);
    const QByteArray raw =
        "From: bob@example.org\r\nSubject: Lunch\r\n\r\n" + QByteArray(3000, 'x') + "\r\n";
    QVERIFY(!BodyStore(m_session->cache()).save(ids.first(), raw));

    SettingsDialog dialog(*m_session);
    dialog.show();
    QVERIFY(QTest::qWaitForWindowExposed(&dialog));
    dialog.showPage(SettingsDialog::Page::Advanced);
    auto *size = child<QLabel>(dialog, u"cacheSizeLabel"_s);
    const QString before = size->text();
    QVERIFY2(before.contains(QLocale().formattedDataSize(raw.size())), qPrintable(before));
    auto *clear = child<QPushButton>(dialog, u"clearCacheButton"_s);
    QVERIFY(clear->isEnabled());

    answerNextMessageBox(u"Cancel"_s);
    clear->click();
    QVERIFY(BodyStore(m_session->cache()).hasBody(ids.first()));

    answerNextMessageBox(u"Clear Cache"_s);
    clear->click();
    QVERIFY(!BodyStore(m_session->cache()).hasBody(ids.first()));
    QCOMPARE(BodyStore(m_session->cache()).totalBytes(), 0);
    QVERIFY(size->text() != before);
    QVERIFY(!clear->isEnabled());
    // The message itself stays listed; only its downloaded copy went.
    QVERIFY(MessageStore(m_session->cache()).message(ids.first()));
}

void TestSettingsDialog::clearCacheNotOfferedWhenPop3KeepsTheOnlyCopy()
{
    AccountConfig pop3 = sampleAccount();
    pop3.id = u"acct-pop3"_s;
    pop3.displayName = u"Old mailbox"_s;
    pop3.incoming = AccountConfig::Incoming::Pop3;
    pop3.incomingServer.port = 995;
    pop3.pop3LeaveOnServer = false;
    QCOMPARE(m_session->saveAccount(pop3), QString());
    SettingsDialog dialog(*m_session);
    dialog.showPage(SettingsDialog::Page::Advanced);
    auto *clear = child<QPushButton>(dialog, u"clearCacheButton"_s);
    QVERIFY(!clear->isEnabled());
    QVERIFY(clear->toolTip().contains(u"Old mailbox"_s));
}

QTEST_MAIN(TestSettingsDialog)
#include "tst_settingsdialog.moc"
