// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/SettingsAccountsPage.h"

#include "app/session/MailSession.h"
#include "app/settings/SettingsAccountEditor.h"
#include "app/setup/AccountSetupDialog.h"

#include "ui_SettingsAccountsPage.h"

#include <QListWidgetItem>
#include <QMessageBox>
#include <QPointer>

namespace magpie::app {

SettingsAccountsPage::SettingsAccountsPage(MailSession &session, QWidget *parent)
    : QWidget(parent)
    , m_ui(std::make_unique<Ui::SettingsAccountsPage>())
    , m_session(session)
{
    m_ui->setupUi(this);
    if (session.keychainAvailable()) {
        m_ui->keychainNotice->hide();
    } else {
        m_ui->keychainNotice->setText(
            tr("No keychain is available on this computer, so Magpie cannot remember "
               "passwords. It asks for each password once per session and forgets it when you "
               "quit."));
    }
    const Preferences &preferences = session.preferences();
    const QList<sync::AccountConfig> accounts = session.accounts();
    for (const sync::AccountConfig &account : accounts)
        addEditor(account, preferences.signatures.value(account.id));
    connect(m_ui->accountList, &QListWidget::currentRowChanged, this, [this](int row) {
        m_ui->editorStack->setCurrentIndex(row < 0 ? 0 : row + 1);
        updateButtons();
    });
    connect(m_ui->addButton, &QPushButton::clicked, this, &SettingsAccountsPage::addAccount);
    connect(m_ui->removeButton, &QPushButton::clicked, this, &SettingsAccountsPage::removeAccount);
    m_ui->accountList->setCurrentRow(accounts.isEmpty() ? -1 : 0);
    updateButtons();
}

SettingsAccountsPage::~SettingsAccountsPage() = default;

SettingsAccountEditor *SettingsAccountsPage::addEditor(const sync::AccountConfig &account,
                                                       const QString &signature)
{
    // Rows of the list and pages of the stack after its "no account" page stay in step.
    auto *editor = new SettingsAccountEditor(account, signature, m_session.keychainAvailable(),
                                             m_ui->editorStack);
    m_ui->editorStack->addWidget(editor);
    auto *item = new QListWidgetItem(editor->title(), m_ui->accountList);
    connect(editor, &SettingsAccountEditor::changed, this, [this, editor, item] {
        item->setText(editor->title());
        Q_EMIT changed();
    });
    return editor;
}

SettingsAccountEditor *SettingsAccountsPage::editorAt(int row) const
{
    return row < 0 ? nullptr
                   : qobject_cast<SettingsAccountEditor *>(m_ui->editorStack->widget(row + 1));
}

void SettingsAccountsPage::updateButtons()
{
    m_ui->removeButton->setEnabled(m_ui->accountList->currentRow() >= 0);
}

void SettingsAccountsPage::showAccount(const QString &accountId)
{
    for (int row = 0; row < m_ui->accountList->count(); ++row) {
        if (editorAt(row)->accountId() == accountId) {
            m_ui->accountList->setCurrentRow(row);
            return;
        }
    }
}

bool SettingsAccountsPage::isModified() const
{
    if (!m_removed.isEmpty())
        return true;
    for (int row = 0; row < m_ui->accountList->count(); ++row) {
        if (editorAt(row)->isModified())
            return true;
    }
    return false;
}

QString SettingsAccountsPage::validate()
{
    QString first;
    for (int row = 0; row < m_ui->accountList->count(); ++row) {
        const QString problem = editorAt(row)->validate(first.isEmpty());
        if (!problem.isEmpty() && first.isEmpty()) {
            first = problem;
            m_ui->accountList->setCurrentRow(row);
        }
    }
    return first;
}

void SettingsAccountsPage::addAccount()
{
    // The setup dialog probes the servers and saves the account itself when accepted; the
    // new account then joins the list as saved.
    auto *setup = new AccountSetupDialog(m_session, this);
    setup->setAttribute(Qt::WA_DeleteOnClose);
    connect(setup, &QDialog::accepted, this, [this, setup] {
        const sync::AccountConfig account = setup->account();
        if (!account.isValid())
            return;
        showAccount(account.id);
        if (editorAt(m_ui->accountList->currentRow())
            && editorAt(m_ui->accountList->currentRow())->accountId() == account.id)
            return;
        addEditor(account, m_session.preferences().signatures.value(account.id));
        m_ui->accountList->setCurrentRow(m_ui->accountList->count() - 1);
    });
    setup->open();
}

void SettingsAccountsPage::removeAccount()
{
    const int row = m_ui->accountList->currentRow();
    SettingsAccountEditor *editor = editorAt(row);
    if (!editor)
        return;
    QMessageBox question(QMessageBox::Question, tr("Remove Account"),
                         tr("Remove the account \"%1\" from Magpie?").arg(editor->title()),
                         QMessageBox::Cancel, this);
    QString details = tr("Its downloaded mail and its saved passwords are deleted from this "
                         "computer when you click OK or Apply. The mail on the server is not "
                         "touched.");
    if (editor->account().incoming == sync::AccountConfig::Incoming::Pop3) {
        details += u' '
            + tr("This is a POP3 account: messages already deleted from the server exist "
                 "only on this computer and will be lost.");
    }
    question.setInformativeText(details);
    QPushButton *remove = question.addButton(tr("Remove Account"), QMessageBox::DestructiveRole);
    question.setDefaultButton(QMessageBox::Cancel);
    question.exec();
    if (question.clickedButton() != remove)
        return;
    m_removed.append(editor->accountId());
    delete m_ui->accountList->takeItem(row);
    m_ui->editorStack->removeWidget(editor);
    editor->deleteLater();
    m_ui->editorStack->setCurrentIndex(m_ui->accountList->currentRow() + 1);
    updateButtons();
    Q_EMIT changed();
}

QStringList
SettingsAccountsPage::apply(Preferences &preferences,
                            const std::function<void(const store::SecretResult &)> &passwordSaved,
                            int *passwordsStarted)
{
    QStringList problems;
    *passwordsStarted = 0;
    const QStringList removed = std::exchange(m_removed, {});
    for (const QString &id : removed) {
        preferences.signatures.remove(id);
        const QString problem = m_session.removeAccount(id);
        if (!problem.isEmpty()) {
            problems.append(problem);
            m_removed.append(id); // tried again on the next Apply
        }
    }
    const bool remember = m_session.keychainAvailable();
    for (int row = 0; row < m_ui->accountList->count(); ++row) {
        SettingsAccountEditor *editor = editorAt(row);
        if (!editor->isModified())
            continue;
        const sync::AccountConfig account = editor->account();
        const QString signature = editor->signature();
        if (editor->settingsModified()) {
            if (const QString problem = m_session.saveAccount(account); !problem.isEmpty()) {
                problems.append(problem);
                continue;
            }
        }
        if (signature.trimmed().isEmpty())
            preferences.signatures.remove(account.id);
        else
            preferences.signatures.insert(account.id, signature);
        const std::pair<sync::AccountRuntime::Secret, QString> passwords[] = {
            { sync::AccountRuntime::Secret::Incoming, editor->incomingPassword() },
            { sync::AccountRuntime::Secret::Smtp, editor->smtpPassword() },
        };
        for (const auto &password : passwords) {
            if (password.second.isEmpty())
                continue;
            ++*passwordsStarted;
            QPointer<SettingsAccountsPage> self(this);
            m_session.setPassword(account.id, password.first, password.second, remember,
                                  [self, passwordSaved](const store::SecretResult &result) {
                                      if (self)
                                          passwordSaved(result);
                                  });
        }
        editor->markSaved(account, signature);
    }
    return problems;
}

} // namespace magpie::app
