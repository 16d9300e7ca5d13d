// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/setup/AccountSetupForm.h"

#include "ui_AccountSetupDialog.h"

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

using Security = net::ServerEndpoint::Security;
using Incoming = sync::AccountConfig::Incoming;

// Combo box rows of the security choice, in the form's order.
int securityRow(Security security)
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
Security securityAt(int row)
{
    return row == 1 ? Security::StartTls : row == 2 ? Security::Plaintext : Security::ImplicitTls;
}

// The customary port for a protocol and security: the implicit TLS ports of RFC 8314 s7 and
// the STARTTLS ones of RFC 3501, RFC 1939 and RFC 6409.
quint16 customaryPort(bool smtp, Incoming incoming, Security security)
{
    const bool tls = security == Security::ImplicitTls;
    if (smtp)
        return tls ? 465 : 587;
    if (incoming == Incoming::Pop3)
        return tls ? 995 : 110;
    return tls ? 993 : 143;
}
bool isCustomaryPort(int port)
{
    return port == 465 || port == 587 || port == 995 || port == 110 || port == 993
        || port == 143 || port == 25;
}

} // namespace

AccountSetupForm::AccountSetupForm(Ui::AccountSetupDialog &ui)
    : m_ui(ui)
{
}

bool AccountSetupForm::hasControlCharacter(const QString &text)
{
    for (const QChar c : text) {
        if (c.unicode() < 0x20 || c.unicode() == 0x7f)
            return true;
    }
    return false;
}

// addr-spec (RFC 5322 s3.4.1) as people type it: something, one "@", a domain name.
bool AccountSetupForm::looksLikeAddress(const QString &address)
{
    const qsizetype at = address.lastIndexOf(u'@');
    if (at <= 0 || address.contains(u' ') || hasControlCharacter(address))
        return false;
    const QString domain = address.mid(at + 1);
    return domain.contains(u'.') && MailServerProposal::isHostName(domain);
}

void AccountSetupForm::fill(const MailServerProposal &proposal)
{
    m_ui.incomingProtocolCombo->setCurrentIndex(proposal.incoming == Incoming::Pop3 ? 1 : 0);
    m_ui.incomingHostEdit->setText(proposal.incomingServer.host);
    m_ui.incomingPortSpin->setValue(proposal.incomingServer.port);
    m_ui.incomingSecurityCombo->setCurrentIndex(securityRow(proposal.incomingServer.security));
    m_ui.incomingUserEdit->setText(proposal.incomingUser);
    m_ui.smtpHostEdit->setText(proposal.smtpServer.host);
    if (proposal.hasSmtp()) {
        m_ui.smtpPortSpin->setValue(proposal.smtpServer.port);
        m_ui.smtpSecurityCombo->setCurrentIndex(securityRow(proposal.smtpServer.security));
    }
    m_ui.smtpUserEdit->setText(proposal.smtpUser);
}

bool AccountSetupForm::followPort(bool smtp)
{
    QSpinBox *spin = smtp ? m_ui.smtpPortSpin : m_ui.incomingPortSpin;
    const Incoming incoming = m_ui.incomingProtocolCombo->currentIndex() == 1 ? Incoming::Pop3 : Incoming::Imap;
    const Security security = securityAt(smtp ? m_ui.smtpSecurityCombo->currentIndex()
                                              : m_ui.incomingSecurityCombo->currentIndex());
    if (isCustomaryPort(spin->value()))
        spin->setValue(customaryPort(smtp, incoming, security));
    return security == Security::Plaintext;
}

std::optional<sync::AccountConfig> AccountSetupForm::read(Problem *problem) const
{
    auto refuse = [problem](QWidget *field, const QString &why) {
        if (problem)
            *problem = Problem { field, why };
        return std::nullopt;
    };
    sync::AccountConfig config;
    config.identityName = m_ui.nameEdit->text().trimmed();
    config.address = m_ui.addressEdit->text().trimmed();
    config.displayName = m_ui.accountNameEdit->text().trimmed();
    if (config.identityName.isEmpty())
        return refuse(m_ui.nameEdit, tr("Enter your name as others should see it."));
    // The name goes into From: headers; a line break there would start a new header.
    if (hasControlCharacter(config.identityName) || hasControlCharacter(config.displayName))
        return refuse(m_ui.nameEdit, tr("The name must not contain line breaks or control characters."));
    if (!looksLikeAddress(config.address))
        return refuse(m_ui.addressEdit, tr("Enter your whole email address, like alice@example.com."));
    if (config.displayName.isEmpty())
        config.displayName = config.address;

    config.incoming = m_ui.incomingProtocolCombo->currentIndex() == 1 ? Incoming::Pop3 : Incoming::Imap;
    config.incomingServer.host = m_ui.incomingHostEdit->text().trimmed();
    config.incomingServer.port = quint16(m_ui.incomingPortSpin->value());
    config.incomingServer.security = securityAt(m_ui.incomingSecurityCombo->currentIndex());
    config.incomingUser = m_ui.incomingUserEdit->text().trimmed();
    if (config.incomingServer.host.isEmpty())
        return refuse(m_ui.incomingHostEdit, tr("Enter the incoming server, like imap.example.com."));
    if (!MailServerProposal::isHostName(config.incomingServer.host))
        return refuse(m_ui.incomingHostEdit,
                      tr("“%1” is not a server name: use letters, digits, dots and hyphens only.")
                          .arg(config.incomingServer.host));
    if (config.incomingUser.isEmpty() || hasControlCharacter(config.incomingUser))
        return refuse(m_ui.incomingUserEdit, tr("Enter the user name for the incoming server "
                                                "(usually your email address)."));

    config.smtpServer.host = m_ui.smtpHostEdit->text().trimmed();
    config.smtpServer.port = quint16(m_ui.smtpPortSpin->value());
    config.smtpServer.security = securityAt(m_ui.smtpSecurityCombo->currentIndex());
    config.smtpUser = m_ui.smtpUserEdit->text().trimmed();
    if (!config.smtpServer.host.isEmpty()) {
        if (!MailServerProposal::isHostName(config.smtpServer.host))
            return refuse(m_ui.smtpHostEdit,
                          tr("“%1” is not a server name: use letters, digits, dots and hyphens only.")
                              .arg(config.smtpServer.host));
        if (hasControlCharacter(config.smtpUser))
            return refuse(m_ui.smtpUserEdit, tr("The user name must not contain control characters."));
        if (config.smtpUser.isEmpty())
            config.smtpUser = config.incomingUser;
    }
    if (m_ui.passwordEdit->text().isEmpty())
        return refuse(m_ui.passwordEdit, tr("Enter the password of the account."));
    return config;
}

} // namespace magpie::app
