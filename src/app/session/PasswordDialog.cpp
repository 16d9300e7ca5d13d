// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/session/PasswordDialog.h"

#include "ui_PasswordDialog.h"

#include <QApplication>
#include <QPointer>
#include <QPushButton>

namespace magpie::app {

PasswordDialog::PasswordDialog(const sync::AccountConfig &account,
                               sync::AccountRuntime::Secret which, const QString &reason,
                               bool keychainAvailable, QWidget *parent)
    : QDialog(parent)
    , m_ui(std::make_unique<Ui::PasswordDialog>())
{
    m_ui->setupUi(this);
    const bool smtp = which == sync::AccountRuntime::Secret::Smtp;
    const net::ServerEndpoint &server = smtp ? account.smtpServer : account.incomingServer;
    QString user = smtp ? account.smtpUser : account.incomingUser;
    if (user.isEmpty())
        user = account.address;
    const QString name = account.displayName.isEmpty() ? account.address : account.displayName;
    setWindowTitle(tr("Password for %1").arg(name));
    const QString question = smtp
        ? tr("Enter the password for sending mail from %1 through %2.")
              .arg(name.toHtmlEscaped(), server.host.toHtmlEscaped())
        : tr("Enter the password for %1 on %2.")
              .arg(name.toHtmlEscaped(), server.host.toHtmlEscaped());
    m_ui->reasonLabel->setText(reason.isEmpty() ? question
                                                : reason.toHtmlEscaped() + u"<br>" + question);
    m_ui->userLabel->setText(user);
    m_ui->rememberBox->setEnabled(keychainAvailable);
    m_ui->rememberBox->setChecked(keychainAvailable);
    m_ui->keychainLabel->setVisible(!keychainAvailable);
    m_ui->keychainLabel->setText(
        tr("No system keychain is available, so the password is kept only until Magpie "
           "quits. Install and unlock a Secret Service keychain (GNOME Keyring, KWallet) to "
           "have it remembered."));
    QPushButton *ok = m_ui->buttons->button(QDialogButtonBox::Ok);
    ok->setEnabled(false);
    connect(m_ui->passwordEdit, &QLineEdit::textChanged, ok,
            [ok](const QString &text) { ok->setEnabled(!text.isEmpty()); });
    m_ui->passwordEdit->setFocus();
}

PasswordDialog::~PasswordDialog() = default;

QString PasswordDialog::password() const
{
    return m_ui->passwordEdit->text();
}

bool PasswordDialog::remember() const
{
    return m_ui->rememberBox->isEnabled() && m_ui->rememberBox->isChecked();
}

MailSession::PasswordPrompt PasswordDialog::prompt(MailSession &session)
{
    QPointer<MailSession> guard(&session);
    return [guard](const sync::AccountConfig &account, sync::AccountRuntime::Secret which,
                   const QString &reason,
                   std::function<void(std::optional<MailSession::PasswordAnswer>)> answer) {
        if (!guard) {
            answer(std::nullopt);
            return;
        }
        auto *dialog = new PasswordDialog(account, which, reason, guard->keychainAvailable(),
                                          QApplication::activeWindow());
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        QObject::connect(dialog, &QDialog::finished, dialog, [dialog, answer](int result) {
            if (result == QDialog::Accepted)
                answer(MailSession::PasswordAnswer { dialog->password(), dialog->remember() });
            else
                answer(std::nullopt);
        });
        dialog->open();
    };
}

} // namespace magpie::app
