// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/session/FirstRunDialog.h"

#include "app/session/MailSession.h"
#include "app/setup/AccountSetupDialog.h"
#include "ui_FirstRunDialog.h"

#include <QPointer>

namespace magpie::app {

FirstRunDialog::FirstRunDialog(MailSession &session, QWidget *parent)
    : QDialog(parent)
    , m_session(session)
    , m_ui(std::make_unique<Ui::FirstRunDialog>())
{
    m_ui->setupUi(this);
    m_ui->errorLabel->hide();
    connect(m_ui->demoButton, &QAbstractButton::clicked, this, &FirstRunDialog::startDemo);
    connect(m_ui->accountButton, &QAbstractButton::clicked, this, &FirstRunDialog::addAccount);
    m_ui->demoButton->setFocus();
}

FirstRunDialog::~FirstRunDialog() = default;

AccountSetupDialog *FirstRunDialog::setupDialog() const
{
    return findChild<AccountSetupDialog *>();
}

void FirstRunDialog::startDemo()
{
    const QString error = m_session.startDemo();
    if (!error.isEmpty()) {
        m_ui->errorLabel->setText(error);
        m_ui->errorLabel->show();
        return;
    }
    m_choice = Choice::Demo;
    accept();
}

void FirstRunDialog::addAccount()
{
    if (setupDialog())
        return;
    auto *setup = new AccountSetupDialog(m_session, this);
    setup->setAttribute(Qt::WA_DeleteOnClose);
    connect(setup, &QDialog::accepted, this, [this] {
        m_choice = Choice::Account;
        accept();
    });
    setup->open();
}

} // namespace magpie::app
