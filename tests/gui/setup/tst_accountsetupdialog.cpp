// SPDX-License-Identifier: GPL-3.0-or-later
// Account setup against the loopback server embedded in this process, with TLS: servers
// entered by hand (IMAP and POP3, implicit TLS and STARTTLS) are tested with progress; the
// server's self-signed certificate is refused until the person trusts that certificate; a
// wrong password says so; bad input is refused before any network; the bundled provider list
// fills the form; Done tests and saves through MailSession.
#include "app/Resources.h"
#include "app/session/MailSession.h"
#include "app/setup/AccountSetupDialog.h"
#include "server/Server.h"

#include <QCheckBox>
#include <QComboBox>
#include <QCryptographicHash>
#include <QDialogButtonBox>
#include <QLabel>
#include <QLineEdit>
#include <QProgressBar>
#include <QPushButton>
#include <QSpinBox>
#include <QTemporaryDir>
#include <QTest>

using namespace magpie;
using namespace Qt::StringLiterals;

namespace {
const QString kAlice = u"alice@example.test"_s;
const QString kPassword = u"correct horse"_s;

template<typename T> T *child(QWidget &dialog, const char *name)
{
    T *widget = dialog.findChild<T *>(QString::fromLatin1(name));
    if (!widget)
        qFatal("no widget %s", name);
    return widget;
}

QString status(QWidget &dialog)
{
    return child<QLabel>(dialog, "statusLabel")->text();
}

void setText(QWidget &dialog, const char *name, const QString &text)
{
    QLineEdit *edit = child<QLineEdit>(dialog, name);
    edit->clear();
    QTest::keyClicks(edit, text); // typed, so textEdited() runs as for a person
}
} // namespace

class TestAccountSetupDialog : public QObject
{
    Q_OBJECT
private Q_SLOTS:
    void initTestCase();
    void cleanupTestCase();
    void providerListFillsTheForm();
    void unknownDomainOfflineAsksForSettings();
    void manualSettingsPassAfterTrustingTheCertificate_data();
    void manualSettingsPassAfterTrustingTheCertificate();
    void wrongPasswordIsReported();
    void badInputIsRefusedBeforeAnyNetwork();
    void portFollowsProtocolAndSecurity();
    void doneTestsAndSaves();

private:
    // A dialog filled by hand for alice on the embedded server.
    void fillByHand(app::AccountSetupDialog &dialog, const QString &password, bool pop3,
                    bool startTls);
    // Test, expect the certificate problem, trust it, and wait for the outcome.
    void testAndTrust(app::AccountSetupDialog &dialog);

    QTemporaryDir m_dir;
    std::unique_ptr<server::Server> m_server;
};

void TestAccountSetupDialog::initTestCase()
{
    app::initResources();
    QVERIFY(m_dir.isValid());
    server::ServerConfig config;
    config.inMemory = true;
    config.users = { { kAlice, kPassword } };
    config.limits.authFailureDelayMs = 0;
    m_server = std::make_unique<server::Server>(config);
    QString error;
    QVERIFY2(m_server->start(&error), qPrintable(error));
}

void TestAccountSetupDialog::cleanupTestCase()
{
    m_server.reset();
}

void TestAccountSetupDialog::fillByHand(app::AccountSetupDialog &dialog, const QString &password,
                                        bool pop3, bool startTls)
{
    setText(dialog, "nameEdit", u"Alice Example"_s);
    setText(dialog, "addressEdit", kAlice);
    setText(dialog, "passwordEdit", password);
    QTest::mouseClick(child<QPushButton>(dialog, "manualButton"), Qt::LeftButton);
    QCOMPARE(child<QLineEdit>(dialog, "incomingUserEdit")->text(), kAlice);
    const server::ServerPorts ports = m_server->ports();
    child<QComboBox>(dialog, "incomingProtocolCombo")->setCurrentIndex(pop3 ? 1 : 0);
    child<QComboBox>(dialog, "incomingSecurityCombo")->setCurrentIndex(startTls ? 1 : 0);
    setText(dialog, "incomingHostEdit", u"127.0.0.1"_s);
    const quint16 port = pop3 ? (startTls ? ports.pop3 : ports.pop3s) : (startTls ? ports.imap : ports.imaps);
    child<QSpinBox>(dialog, "incomingPortSpin")->setValue(port);
    setText(dialog, "smtpHostEdit", u"127.0.0.1"_s);
    child<QComboBox>(dialog, "smtpSecurityCombo")->setCurrentIndex(0);
    child<QSpinBox>(dialog, "smtpPortSpin")->setValue(ports.submissions);
}

void TestAccountSetupDialog::testAndTrust(app::AccountSetupDialog &dialog)
{
    QPushButton *test = child<QPushButton>(dialog, "testButton");
    QPushButton *trust = child<QPushButton>(dialog, "trustButton");
    QProgressBar *progress = child<QProgressBar>(dialog, "progressBar");
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY(!progress->isHidden()); // progress shown while testing
    QVERIFY(!test->isEnabled());
    QTRY_VERIFY_WITH_TIMEOUT(!trust->isHidden(), 10'000);
    // Never accepted silently: the sentence names the problem and the exact fingerprint.
    QVERIFY2(status(dialog).contains(u"self-signed"_s), qPrintable(status(dialog)));
    QVERIFY2(status(dialog).contains(m_server->tlsIdentity()->fingerprint()), qPrintable(status(dialog)));
    QVERIFY(progress->isHidden());
    QTest::mouseClick(trust, Qt::LeftButton);
    QVERIFY(trust->isHidden());
    QTRY_VERIFY_WITH_TIMEOUT(test->isEnabled(), 10'000);
}

void TestAccountSetupDialog::providerListFillsTheForm()
{
    app::MailSession session(m_dir.filePath(u"provider"_s));
    app::AccountSetupDialog dialog(session);
    dialog.setNetworkLookupsAllowed(false);
    dialog.show();
    setText(dialog, "addressEdit", u"bob@gmail.com"_s);
    QTest::mouseClick(child<QPushButton>(dialog, "findButton"), Qt::LeftButton);
    QCOMPARE(child<QLineEdit>(dialog, "incomingHostEdit")->text(), u"imap.gmail.com"_s);
    QCOMPARE(child<QSpinBox>(dialog, "incomingPortSpin")->value(), 993);
    QCOMPARE(child<QComboBox>(dialog, "incomingSecurityCombo")->currentIndex(), 0);
    QCOMPARE(child<QLineEdit>(dialog, "incomingUserEdit")->text(), u"bob@gmail.com"_s);
    QCOMPARE(child<QLineEdit>(dialog, "smtpHostEdit")->text(), u"smtp.gmail.com"_s);
    QCOMPARE(child<QSpinBox>(dialog, "smtpPortSpin")->value(), 465);
    QCOMPARE(child<QLineEdit>(dialog, "accountNameEdit")->text(), u"bob@gmail.com"_s);
    QVERIFY2(status(dialog).contains(u"Gmail"_s), qPrintable(status(dialog)));
    QVERIFY2(status(dialog).contains(u"app password"_s), qPrintable(status(dialog)));

    // Edited by hand, the form is not overwritten when the address is left again...
    setText(dialog, "incomingHostEdit", u"imap.example.org"_s);
    setText(dialog, "addressEdit", u"bob@me.com"_s);
    Q_EMIT child<QLineEdit>(dialog, "addressEdit")->editingFinished();
    QCOMPARE(child<QLineEdit>(dialog, "incomingHostEdit")->text(), u"imap.example.org"_s);
    // ...only when asked to find the settings again.
    QTest::mouseClick(child<QPushButton>(dialog, "findButton"), Qt::LeftButton);
    QCOMPARE(child<QLineEdit>(dialog, "incomingHostEdit")->text(), u"imap.mail.me.com"_s);
    QCOMPARE(child<QLineEdit>(dialog, "incomingUserEdit")->text(), u"bob"_s);
    QCOMPARE(child<QComboBox>(dialog, "smtpSecurityCombo")->currentIndex(), 1); // STARTTLS
}

void TestAccountSetupDialog::unknownDomainOfflineAsksForSettings()
{
    app::MailSession session(m_dir.filePath(u"unknown"_s));
    app::AccountSetupDialog dialog(session);
    dialog.setNetworkLookupsAllowed(false);
    dialog.show();
    setText(dialog, "addressEdit", kAlice);
    QTest::mouseClick(child<QPushButton>(dialog, "findButton"), Qt::LeftButton);
    QTRY_VERIFY(status(dialog).contains(u"could not find"_s));
    QCOMPARE(child<QLineEdit>(dialog, "incomingUserEdit")->text(), kAlice);
    QVERIFY(child<QPushButton>(dialog, "testButton")->isEnabled());
}

void TestAccountSetupDialog::manualSettingsPassAfterTrustingTheCertificate_data()
{
    QTest::addColumn<bool>("pop3");
    QTest::addColumn<bool>("startTls");
    QTest::newRow("IMAP, implicit TLS") << false << false;
    QTest::newRow("IMAP, STARTTLS") << false << true;
    QTest::newRow("POP3, implicit TLS") << true << false;
    QTest::newRow("POP3, STARTTLS") << true << true;
}

void TestAccountSetupDialog::manualSettingsPassAfterTrustingTheCertificate()
{
    QFETCH(bool, pop3);
    QFETCH(bool, startTls);
    app::MailSession session(m_dir.filePath(u"manual"_s));
    app::AccountSetupDialog dialog(session);
    dialog.setNetworkLookupsAllowed(false);
    dialog.show();
    fillByHand(dialog, kPassword, pop3, startTls);
    testAndTrust(dialog);
    QVERIFY2(status(dialog).contains(u"The settings work"_s), qPrintable(status(dialog)));
    QVERIFY(child<QPushButton>(dialog, "trustButton")->isHidden());

    // Another port is another server: the pin does not follow it.
    child<QSpinBox>(dialog, "incomingPortSpin")->setValue(pop3 ? m_server->ports().imaps : m_server->ports().pop3s);
    child<QComboBox>(dialog, "incomingSecurityCombo")->setCurrentIndex(0);
    QTest::mouseClick(child<QPushButton>(dialog, "testButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(child<QPushButton>(dialog, "testButton")->isEnabled(), 10'000);
    QVERIFY2(!status(dialog).contains(u"The settings work"_s), qPrintable(status(dialog)));
}

void TestAccountSetupDialog::wrongPasswordIsReported()
{
    app::MailSession session(m_dir.filePath(u"wrong"_s));
    app::AccountSetupDialog dialog(session);
    dialog.setNetworkLookupsAllowed(false);
    dialog.show();
    fillByHand(dialog, u"not the password"_s, false, false);
    testAndTrust(dialog);
    const QString text = status(dialog);
    QVERIFY2(text.startsWith(u"Incoming server 127.0.0.1: "_s), qPrintable(text));
    QVERIFY2(text.contains(u"password"_s), qPrintable(text));
    QVERIFY2(text.contains(u"Check the password and the user name"_s), qPrintable(text));
    QVERIFY2(!text.contains(u"not the password"_s), "the password must never be shown");
    QVERIFY(!text.contains(u"The settings work"_s));
    QVERIFY(child<QPushButton>(dialog, "trustButton")->isHidden());
}

void TestAccountSetupDialog::badInputIsRefusedBeforeAnyNetwork()
{
    app::MailSession session(m_dir.filePath(u"bad"_s));
    app::AccountSetupDialog dialog(session);
    dialog.setNetworkLookupsAllowed(false);
    dialog.show();
    fillByHand(dialog, kPassword, false, false);
    QPushButton *test = child<QPushButton>(dialog, "testButton");
    QProgressBar *progress = child<QProgressBar>(dialog, "progressBar");

    setText(dialog, "incomingHostEdit", u"imap example.test"_s);
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY2(status(dialog).contains(u"is not a server name"_s), qPrintable(status(dialog)));
    QVERIFY(progress->isHidden());
    QVERIFY(test->isEnabled());
    setText(dialog, "incomingHostEdit", u"127.0.0.1"_s);

    child<QLineEdit>(dialog, "nameEdit")->setText(u"Alice\r\nBcc: everyone@example.test"_s);
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY2(status(dialog).contains(u"line breaks"_s), qPrintable(status(dialog)));
    QVERIFY(progress->isHidden());
    setText(dialog, "nameEdit", u"Alice"_s);

    setText(dialog, "addressEdit", u"alice.example.test"_s);
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY2(status(dialog).contains(u"whole email address"_s), qPrintable(status(dialog)));
    setText(dialog, "addressEdit", kAlice);

    child<QLineEdit>(dialog, "passwordEdit")->clear();
    QTest::mouseClick(test, Qt::LeftButton);
    QVERIFY2(status(dialog).contains(u"Enter the password"_s), qPrintable(status(dialog)));
    QVERIFY(progress->isHidden());

    // OK is refused the same way, and the dialog stays open.
    QTest::mouseClick(child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok),
                      Qt::LeftButton);
    QVERIFY(dialog.isVisible());
    QCOMPARE(dialog.result(), int(QDialog::Rejected));
}

void TestAccountSetupDialog::portFollowsProtocolAndSecurity()
{
    app::MailSession session(m_dir.filePath(u"ports"_s));
    app::AccountSetupDialog dialog(session);
    dialog.show();
    QSpinBox *port = child<QSpinBox>(dialog, "incomingPortSpin");
    QComboBox *protocol = child<QComboBox>(dialog, "incomingProtocolCombo");
    QComboBox *security = child<QComboBox>(dialog, "incomingSecurityCombo");
    QCOMPARE(port->value(), 993);
    security->setCurrentIndex(1);
    QCOMPARE(port->value(), 143);
    protocol->setCurrentIndex(1);
    QCOMPARE(port->value(), 110);
    security->setCurrentIndex(0);
    QCOMPARE(port->value(), 995);
    security->setCurrentIndex(2);
    QCOMPARE(port->value(), 110);
    QVERIFY2(status(dialog).contains(u"readable by anyone"_s), qPrintable(status(dialog)));
    // A port the person chose stays.
    port->setValue(10995);
    security->setCurrentIndex(0);
    QCOMPARE(port->value(), 10995);
    QSpinBox *smtpPort = child<QSpinBox>(dialog, "smtpPortSpin");
    QCOMPARE(smtpPort->value(), 465);
    child<QComboBox>(dialog, "smtpSecurityCombo")->setCurrentIndex(1);
    QCOMPARE(smtpPort->value(), 587);
    // No port outside 1-65535 can even be entered.
    QCOMPARE(port->minimum(), 1);
    QCOMPARE(port->maximum(), 65535);
}

void TestAccountSetupDialog::doneTestsAndSaves()
{
    const QString profile = m_dir.filePath(u"done"_s);
    app::MailSession session(profile);
    const store::StoreError opened = session.open();
    QVERIFY2(!opened, qPrintable(opened.message));
    app::AccountSetupDialog dialog(session);
    dialog.setNetworkLookupsAllowed(false);
    dialog.show();
    fillByHand(dialog, kPassword, false, false);
    child<QCheckBox>(dialog, "rememberPasswordCheck")->setChecked(false); // no keychain here
    setText(dialog, "accountNameEdit", u"Loopback"_s);
    QPushButton *ok = child<QDialogButtonBox>(dialog, "buttonBox")->button(QDialogButtonBox::Ok);
    // Done tests first; the certificate is still untrusted, so nothing is saved yet.
    QTest::mouseClick(ok, Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(!child<QPushButton>(dialog, "trustButton")->isHidden(), 10'000);
    QVERIFY(dialog.isVisible());
    QVERIFY(session.accounts().isEmpty());
    QTest::mouseClick(child<QPushButton>(dialog, "trustButton"), Qt::LeftButton);
    QTRY_VERIFY_WITH_TIMEOUT(ok->isEnabled(), 10'000);
    QVERIFY2(status(dialog).contains(u"The settings work"_s), qPrintable(status(dialog)));
    // It passed: Done saves at once.
    QTest::mouseClick(ok, Qt::LeftButton);
    QCOMPARE(dialog.result(), int(QDialog::Accepted));

    const sync::AccountConfig account = dialog.account();
    QVERIFY(!account.id.isEmpty());
    QCOMPARE(account.displayName, u"Loopback"_s);
    QCOMPARE(account.identityName, u"Alice Example"_s);
    QCOMPARE(account.address, kAlice);
    QCOMPARE(account.incomingServer.host, u"127.0.0.1"_s);
    QCOMPARE(account.incomingServer.port, m_server->ports().imaps);
    QCOMPARE(account.incomingUser, kAlice);
    QCOMPARE(account.smtpServer.port, m_server->ports().submissions);
    // The trusted certificate is pinned on both servers (one machine, one certificate).
    const QByteArray pin = QCryptographicHash::hash(m_server->tlsIdentity()->certificate().toDer(),
                                                    QCryptographicHash::Sha256);
    QCOMPARE(account.incomingServer.pinnedSha256, pin);
    QCOMPARE(account.smtpServer.pinnedSha256, pin);
    const std::optional<sync::AccountConfig> saved = session.account(account.id);
    QVERIFY(saved);
    QCOMPARE(saved->incomingServer.host, u"127.0.0.1"_s);
    QCOMPARE(saved->incomingServer.pinnedSha256, pin);

    // Saved for good: another session on the profile sees it.
    app::MailSession reopened(profile);
    QVERIFY(!reopened.open());
    QVERIFY(reopened.account(account.id));
}

QTEST_MAIN(TestAccountSetupDialog)
#include "tst_accountsetupdialog.moc"
