// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/SettingsAccountEditor.h"

#include "app/settings/SettingsValidator.h"

#include "ui_SettingsAccountEditor.h"

#include <functional>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

using Security = net::ServerEndpoint::Security;

// The combos list the securities in this order.
Security securityAt(int index)
{
    switch (index) {
    case 1:
        return Security::StartTls;
    case 2:
        return Security::Plaintext;
    default:
        return Security::ImplicitTls;
    }
}

int indexOf(Security security)
{
    switch (security) {
    case Security::ImplicitTls:
        return 0;
    case Security::StartTls:
        return 1;
    case Security::Plaintext:
        return 2;
    }
    return 0;
}

// The registered ports (RFC 8314 s7.3: 993 IMAPS, 995 POP3S, 465 submissions; RFC 3501 143,
// RFC 1939 110, RFC 6409 587 submission), moved along when the person switches protocol or
// security and had the previous default: what Thunderbird does.
quint16 defaultPort(bool smtp, sync::AccountConfig::Incoming protocol, int securityIndex)
{
    const bool implicitTls = securityAt(securityIndex) == Security::ImplicitTls;
    if (smtp)
        return implicitTls ? 465 : 587;
    if (protocol == sync::AccountConfig::Incoming::Pop3)
        return implicitTls ? 995 : 110;
    return implicitTls ? 993 : 143;
}

sync::AccountConfig::Incoming protocolAt(int index)
{
    return index == 1 ? sync::AccountConfig::Incoming::Pop3 : sync::AccountConfig::Incoming::Imap;
}

bool sameEndpoint(const net::ServerEndpoint &a, const net::ServerEndpoint &b)
{
    return a.host == b.host && a.port == b.port && a.security == b.security
        && a.pinnedSha256 == b.pinnedSha256 && a.extraCaCertificates == b.extraCaCertificates
        && a.connectTimeoutMs == b.connectTimeoutMs && a.readTimeoutMs == b.readTimeoutMs;
}

void setProblemStyle(QLabel *label)
{
    // The error color of the current palette's light or dark variant would be better, but
    // QPalette has no error role; this red reads on both.
    label->setStyleSheet(u"color: #d7263d;"_s);
    label->setTextInteractionFlags(Qt::TextSelectableByMouse);
    label->hide();
}

} // namespace

struct SettingsAccountEditor::FieldCheck
{
    QLineEdit *edit;
    QLabel *message;
    QWidget *tab;
    std::function<QString()> problem;
};

SettingsAccountEditor::SettingsAccountEditor(const sync::AccountConfig &account,
                                             const QString &signature, bool keychainAvailable,
                                             QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::SettingsAccountEditor>())
{
    m_ui->setupUi(this);
    for (QLabel *label : { m_ui->identityNameError, m_ui->addressError, m_ui->incomingHostError,
                           m_ui->incomingPortError, m_ui->incomingPinError, m_ui->smtpHostError,
                           m_ui->smtpPortError, m_ui->smtpPinError, m_ui->incomingSecurityWarning,
                           m_ui->smtpSecurityWarning })
        setProblemStyle(label);
    const QString passwordNote = keychainAvailable
        ? tr("Leave empty to keep the saved password. A new one is kept in the system's "
             "keychain.")
        : tr("No keychain is available: a password typed here is used until Magpie quits, "
             "and Magpie asks for it once in each later session.");
    m_ui->incomingPasswordNote->setText(passwordNote);
    m_ui->smtpPasswordNote->setText(passwordNote);
    m_ui->incomingPasswordEdit->setPlaceholderText(tr("Unchanged"));
    m_ui->smtpPasswordEdit->setPlaceholderText(tr("Unchanged"));
    m_ui->incomingPinEdit->setPlaceholderText(tr("None"));
    m_ui->smtpPinEdit->setPlaceholderText(tr("None"));
    m_ui->incomingHostEdit->setPlaceholderText(u"imap.example.com"_s);
    m_ui->smtpHostEdit->setPlaceholderText(u"smtp.example.com"_s);
    m_ui->addressEdit->setPlaceholderText(u"alice@example.com"_s);

    load(account, signature);

    const QList<FieldCheck> checks = fieldChecks();
    for (const FieldCheck &field : checks) {
        // Checked as typed once a message shows (so it disappears as soon as the field is
        // right), and when leaving the field (no scolding while the first word is typed).
        connect(field.edit, &QLineEdit::textEdited, this, [this, edit = field.edit] {
            const QList<FieldCheck> all = fieldChecks();
            for (const FieldCheck &f : all) {
                if (f.edit == edit && f.message->isVisible())
                    check(f);
            }
        });
        connect(field.edit, &QLineEdit::editingFinished, this, [this, edit = field.edit] {
            const QList<FieldCheck> all = fieldChecks();
            for (const FieldCheck &f : all) {
                if (f.edit == edit)
                    check(f);
            }
        });
    }
    const QList<QLineEdit *> edits = findChildren<QLineEdit *>();
    for (QLineEdit *edit : edits)
        connect(edit, &QLineEdit::textChanged, this, &SettingsAccountEditor::changed);
    connect(m_ui->signatureEdit, &QPlainTextEdit::textChanged, this,
            &SettingsAccountEditor::changed);
    connect(m_ui->incomingProtocolCombo, &QComboBox::currentIndexChanged, this,
            &SettingsAccountEditor::protocolChanged);
    connect(m_ui->incomingSecurityCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        securityChanged(m_ui->incomingPortEdit, index, m_incomingSecurity, false);
    });
    connect(m_ui->smtpSecurityCombo, &QComboBox::currentIndexChanged, this, [this](int index) {
        securityChanged(m_ui->smtpPortEdit, index, m_smtpSecurity, true);
    });
    for (QCheckBox *box : { m_ui->pop3LeaveCheck, m_ui->pop3DeleteCheck })
        connect(box, &QCheckBox::toggled, this, &SettingsAccountEditor::changed);
    connect(m_ui->pop3LeaveCheck, &QCheckBox::toggled, m_ui->pop3DeleteCheck, &QWidget::setEnabled);
    connect(m_ui->pop3DeleteCheck, &QCheckBox::toggled, m_ui->pop3DeleteDaysSpin,
            &QWidget::setEnabled);
    connect(m_ui->pop3LeaveCheck, &QCheckBox::toggled, this, [this](bool leave) {
        m_ui->pop3DeleteDaysSpin->setEnabled(leave && m_ui->pop3DeleteCheck->isChecked());
    });
    for (QSpinBox *spin :
         { m_ui->pop3DeleteDaysSpin, m_ui->checkIntervalSpin, m_ui->prefetchDaysSpin })
        connect(spin, &QSpinBox::valueChanged, this, &SettingsAccountEditor::changed);
}

SettingsAccountEditor::~SettingsAccountEditor() = default;

void SettingsAccountEditor::load(const sync::AccountConfig &a, const QString &signature)
{
    m_saved = a;
    m_savedSignature = signature;
    const QSignalBlocker protocolBlocker(m_ui->incomingProtocolCombo);
    const QSignalBlocker incomingBlocker(m_ui->incomingSecurityCombo);
    const QSignalBlocker smtpBlocker(m_ui->smtpSecurityCombo);

    m_ui->displayNameEdit->setText(a.displayName);
    m_ui->identityNameEdit->setText(a.identityName);
    m_ui->addressEdit->setText(a.address);
    m_ui->signatureEdit->setPlainText(signature);

    m_protocol = a.incoming == sync::AccountConfig::Incoming::Pop3 ? 1 : 0;
    m_ui->incomingProtocolCombo->setCurrentIndex(m_protocol);
    m_ui->incomingHostEdit->setText(a.incomingServer.host);
    m_ui->incomingPortEdit->setText(a.incomingServer.port ? QString::number(a.incomingServer.port)
                                                          : QString());
    m_incomingSecurity = indexOf(a.incomingServer.security);
    m_ui->incomingSecurityCombo->setCurrentIndex(m_incomingSecurity);
    m_ui->incomingUserEdit->setText(a.incomingUser);
    m_ui->incomingPinEdit->setText(
        SettingsValidator::fingerprintText(a.incomingServer.pinnedSha256));

    m_ui->smtpHostEdit->setText(a.smtpServer.host);
    m_ui->smtpPortEdit->setText(a.smtpServer.port ? QString::number(a.smtpServer.port) : QString());
    m_smtpSecurity = indexOf(a.smtpServer.security);
    m_ui->smtpSecurityCombo->setCurrentIndex(m_smtpSecurity);
    m_ui->smtpUserEdit->setText(a.smtpUser);
    m_ui->smtpPinEdit->setText(SettingsValidator::fingerprintText(a.smtpServer.pinnedSha256));

    m_ui->pop3LeaveCheck->setChecked(a.pop3LeaveOnServer);
    m_ui->pop3DeleteCheck->setChecked(a.pop3DeleteAfterDays > 0);
    if (a.pop3DeleteAfterDays > 0)
        m_ui->pop3DeleteDaysSpin->setValue(a.pop3DeleteAfterDays);
    m_ui->pop3DeleteCheck->setEnabled(a.pop3LeaveOnServer);
    m_ui->pop3DeleteDaysSpin->setEnabled(a.pop3LeaveOnServer && a.pop3DeleteAfterDays > 0);
    m_ui->checkIntervalSpin->setValue(a.checkIntervalMinutes);
    m_ui->prefetchDaysSpin->setValue(a.prefetchDays);

    m_ui->incomingPasswordEdit->clear();
    m_ui->smtpPasswordEdit->clear();
    protocolChanged();
    securityChanged(m_ui->incomingPortEdit, m_incomingSecurity, m_incomingSecurity, false);
    securityChanged(m_ui->smtpPortEdit, m_smtpSecurity, m_smtpSecurity, true);
}

void SettingsAccountEditor::protocolChanged()
{
    const int protocol = m_ui->incomingProtocolCombo->currentIndex();
    const bool pop3 = protocolAt(protocol) == sync::AccountConfig::Incoming::Pop3;
    m_ui->pop3Group->setVisible(pop3);
    // What the engines send (RFC 4616 PLAIN, LOGIN; RFC 1939 USER and PASS): Magpie has no
    // OAuth sign-in yet, so there is nothing to choose.
    m_ui->incomingAuthValue->setText(pop3 ? tr("Password (USER and PASS over TLS)")
                                          : tr("Password (PLAIN or LOGIN over TLS)"));
    const QString previousDefault = QString::number(
        defaultPort(false, protocolAt(m_protocol), m_ui->incomingSecurityCombo->currentIndex()));
    if (protocol != m_protocol && m_ui->incomingPortEdit->text().trimmed() == previousDefault) {
        m_ui->incomingPortEdit->setText(QString::number(
            defaultPort(false, protocolAt(protocol), m_ui->incomingSecurityCombo->currentIndex())));
    }
    m_protocol = protocol;
    Q_EMIT changed();
}

void SettingsAccountEditor::securityChanged(QLineEdit *port, int index, int &lastIndex, bool smtp)
{
    const auto protocol = protocolAt(m_ui->incomingProtocolCombo->currentIndex());
    if (index != lastIndex
        && port->text().trimmed() == QString::number(defaultPort(smtp, protocol, lastIndex)))
        port->setText(QString::number(defaultPort(smtp, protocol, index)));
    lastIndex = index;
    QLabel *warning = smtp ? m_ui->smtpSecurityWarning : m_ui->incomingSecurityWarning;
    if (securityAt(index) == Security::Plaintext) {
        warning->setText(tr("Without encryption, your password and your mail cross the network "
                            "readable by anyone on the way. Choose it only for a server on this "
                            "computer."));
        warning->show();
    } else {
        warning->hide();
    }
    Q_EMIT changed();
}

QList<SettingsAccountEditor::FieldCheck> SettingsAccountEditor::fieldChecks() const
{
    const Ui::SettingsAccountEditor &ui = *m_ui;
    return {
        { ui.identityNameEdit, ui.identityNameError, ui.identityTab,
          [&ui] { return SettingsValidator::identityNameProblem(ui.identityNameEdit->text()); } },
        { ui.addressEdit, ui.addressError, ui.identityTab,
          [&ui] { return SettingsValidator::addressProblem(ui.addressEdit->text()); } },
        { ui.incomingHostEdit, ui.incomingHostError, ui.incomingTab,
          [&ui] { return SettingsValidator::hostProblem(ui.incomingHostEdit->text()); } },
        { ui.incomingPortEdit, ui.incomingPortError, ui.incomingTab,
          [&ui] { return SettingsValidator::portProblem(ui.incomingPortEdit->text()); } },
        { ui.incomingPinEdit, ui.incomingPinError, ui.incomingTab,
          [&ui] { return SettingsValidator::fingerprintProblem(ui.incomingPinEdit->text()); } },
        { ui.smtpHostEdit, ui.smtpHostError, ui.smtpTab,
          [&ui] { return SettingsValidator::hostProblem(ui.smtpHostEdit->text(), false); } },
        // An account without an outgoing server needs no port for it.
        { ui.smtpPortEdit, ui.smtpPortError, ui.smtpTab,
          [&ui] {
              return ui.smtpHostEdit->text().trimmed().isEmpty()
                      && ui.smtpPortEdit->text().trimmed().isEmpty()
                  ? QString()
                  : SettingsValidator::portProblem(ui.smtpPortEdit->text());
          } },
        { ui.smtpPinEdit, ui.smtpPinError, ui.smtpTab,
          [&ui] { return SettingsValidator::fingerprintProblem(ui.smtpPinEdit->text()); } },
    };
}

QString SettingsAccountEditor::check(const FieldCheck &field)
{
    const QString problem = field.problem();
    field.message->setText(problem);
    field.message->setVisible(!problem.isEmpty());
    field.edit->setAccessibleDescription(problem);
    return problem;
}

QString SettingsAccountEditor::validate(bool focusProblem)
{
    QString first;
    const QList<FieldCheck> checks = fieldChecks();
    for (const FieldCheck &field : checks) {
        const QString problem = check(field);
        if (problem.isEmpty() || !first.isEmpty())
            continue;
        first = problem;
        if (focusProblem) {
            m_ui->tabs->setCurrentWidget(field.tab);
            field.edit->setFocus(Qt::OtherFocusReason);
            field.edit->selectAll();
        }
    }
    return first;
}

QString SettingsAccountEditor::accountId() const
{
    return m_saved.id;
}

QString SettingsAccountEditor::title() const
{
    const QString name = m_ui->displayNameEdit->text().trimmed();
    if (!name.isEmpty())
        return name;
    const QString address = m_ui->addressEdit->text().trimmed();
    return address.isEmpty() ? tr("Unnamed account") : address;
}

sync::AccountConfig SettingsAccountEditor::account() const
{
    sync::AccountConfig a = m_saved;
    a.displayName = m_ui->displayNameEdit->text().trimmed();
    a.identityName = m_ui->identityNameEdit->text().trimmed();
    a.address = m_ui->addressEdit->text().trimmed();
    a.incoming = protocolAt(m_ui->incomingProtocolCombo->currentIndex());
    a.incomingServer.host = m_ui->incomingHostEdit->text().trimmed();
    if (const auto port = SettingsValidator::port(m_ui->incomingPortEdit->text()))
        a.incomingServer.port = *port;
    a.incomingServer.security = securityAt(m_ui->incomingSecurityCombo->currentIndex());
    a.incomingServer.pinnedSha256 = SettingsValidator::fingerprint(m_ui->incomingPinEdit->text());
    a.incomingUser = m_ui->incomingUserEdit->text().trimmed();

    a.smtpServer.host = m_ui->smtpHostEdit->text().trimmed();
    const auto smtpPort = SettingsValidator::port(m_ui->smtpPortEdit->text());
    a.smtpServer.port =
        smtpPort ? *smtpPort : (a.smtpServer.host.isEmpty() ? 0 : a.smtpServer.port);
    a.smtpServer.security = securityAt(m_ui->smtpSecurityCombo->currentIndex());
    a.smtpServer.pinnedSha256 = SettingsValidator::fingerprint(m_ui->smtpPinEdit->text());
    a.smtpUser = m_ui->smtpUserEdit->text().trimmed();

    a.pop3LeaveOnServer = m_ui->pop3LeaveCheck->isChecked();
    a.pop3DeleteAfterDays = a.pop3LeaveOnServer && m_ui->pop3DeleteCheck->isChecked()
        ? m_ui->pop3DeleteDaysSpin->value()
        : 0;
    a.checkIntervalMinutes = m_ui->checkIntervalSpin->value();
    a.prefetchDays = m_ui->prefetchDaysSpin->value();
    return a;
}

QString SettingsAccountEditor::signature() const
{
    return m_ui->signatureEdit->toPlainText();
}

QString SettingsAccountEditor::incomingPassword() const
{
    return m_ui->incomingPasswordEdit->text();
}

QString SettingsAccountEditor::smtpPassword() const
{
    return m_ui->smtpPasswordEdit->text();
}

bool SettingsAccountEditor::settingsModified() const
{
    return !sameSettings(account(), m_saved);
}

bool SettingsAccountEditor::isModified() const
{
    return settingsModified() || signature() != m_savedSignature || !incomingPassword().isEmpty()
        || !smtpPassword().isEmpty();
}

void SettingsAccountEditor::markSaved(const sync::AccountConfig &account, const QString &signature)
{
    const int tab = m_ui->tabs->currentIndex();
    load(account, signature);
    m_ui->tabs->setCurrentIndex(tab);
}

bool SettingsAccountEditor::sameSettings(const sync::AccountConfig &a, const sync::AccountConfig &b)
{
    return a.id == b.id && a.displayName == b.displayName && a.identityName == b.identityName
        && a.address == b.address && a.incoming == b.incoming
        && sameEndpoint(a.incomingServer, b.incomingServer) && a.incomingUser == b.incomingUser
        && sameEndpoint(a.smtpServer, b.smtpServer) && a.smtpUser == b.smtpUser
        && a.pop3LeaveOnServer == b.pop3LeaveOnServer
        && a.pop3DeleteAfterDays == b.pop3DeleteAfterDays
        && a.checkIntervalMinutes == b.checkIntervalMinutes && a.prefetchDays == b.prefetchDays
        && a.useCondstore == b.useCondstore && a.useQresync == b.useQresync
        && a.useIdle == b.useIdle;
}

} // namespace magpie::app
