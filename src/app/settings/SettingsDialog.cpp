// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/SettingsDialog.h"

#include "app/session/MailSession.h"
#include "app/settings/SettingsAccountsPage.h"
#include "app/settings/SettingsAdvancedPage.h"
#include "app/settings/SettingsComposingPage.h"
#include "app/settings/SettingsGeneralPage.h"
#include "app/settings/SettingsPrivacyPage.h"
#include "app/settings/SettingsReadingPage.h"

#include "ui_SettingsDialog.h"

#include <QPushButton>

using namespace Qt::StringLiterals;

namespace magpie::app {

struct SettingsDialog::Private
{
    explicit Private(MailSession &s)
        : session(s)
    { }
    MailSession &session;
    Ui::SettingsDialog ui;
    SettingsAccountsPage *accounts = nullptr;
    SettingsAdvancedPage *advanced = nullptr;
    QList<SettingsPage *> pages; // the pages that edit Preferences

    // Keychain writes of the last Apply: they answer asynchronously (and may answer at once).
    int passwordsStarted = 0;
    int passwordsDone = 0;
    bool countingPasswords = false;
    QStringList passwordProblems;
    bool passwordsOnlyInMemory = false;
    bool closeWhenSaved = false;

    Preferences editedPreferences() const
    {
        Preferences preferences = session.preferences();
        for (const SettingsPage *page : pages)
            page->store(preferences);
        return preferences;
    }
};

SettingsDialog::SettingsDialog(MailSession &session, QWidget *parent)
    : QDialog(parent)
    , d(std::make_unique<Private>(session))
{
    d->ui.setupUi(this);
    d->accounts = new SettingsAccountsPage(session, d->ui.pageStack);
    d->advanced = new SettingsAdvancedPage(session, d->ui.pageStack);
    // The order of Page and of the list in SettingsDialog.ui.
    d->pages = { new SettingsGeneralPage(d->ui.pageStack), new SettingsReadingPage(d->ui.pageStack),
                 new SettingsComposingPage(d->ui.pageStack),
                 new SettingsPrivacyPage(session.keychainAvailable(), d->ui.pageStack),
                 d->advanced };
    d->ui.pageStack->addWidget(d->accounts);
    for (SettingsPage *page : std::as_const(d->pages)) {
        page->load(session.preferences());
        d->ui.pageStack->addWidget(page);
        connect(page, &SettingsPage::changed, this, &SettingsDialog::updateButtons);
    }
    connect(d->accounts, &SettingsAccountsPage::changed, this, &SettingsDialog::updateButtons);
    connect(d->ui.pageList, &QListWidget::currentRowChanged, this, [this](int row) {
        d->ui.pageStack->setCurrentIndex(row);
        if (d->ui.pageStack->currentWidget() == d->advanced)
            d->advanced->refreshCacheSize();
    });
    connect(d->ui.buttonBox->button(QDialogButtonBox::Apply), &QPushButton::clicked, this,
            &SettingsDialog::apply);
    connect(d->ui.buttonBox, &QDialogButtonBox::accepted, this, &SettingsDialog::accept);
    connect(d->ui.buttonBox, &QDialogButtonBox::rejected, this, &SettingsDialog::reject);
    d->ui.messageLabel->hide();
    d->ui.pageList->setCurrentRow(0);
    updateButtons();
}

SettingsDialog::~SettingsDialog() = default;

void SettingsDialog::showPage(Page page)
{
    d->ui.pageList->setCurrentRow(int(page));
}

void SettingsDialog::showAccount(const QString &accountId)
{
    showPage(Page::Accounts);
    d->accounts->showAccount(accountId);
}

void SettingsDialog::updateButtons()
{
    const bool saving = d->passwordsDone < d->passwordsStarted;
    d->ui.buttonBox->button(QDialogButtonBox::Apply)
        ->setEnabled(
            !saving
            && (d->accounts->isModified() || d->editedPreferences() != d->session.preferences()));
    d->ui.buttonBox->button(QDialogButtonBox::Ok)->setEnabled(!saving);
}

void SettingsDialog::showMessage(const QString &message, bool problem)
{
    d->ui.messageLabel->setText(message);
    d->ui.messageLabel->setStyleSheet(problem ? u"color: #d7263d;"_s : QString());
    d->ui.messageLabel->setVisible(!message.isEmpty());
}

bool SettingsDialog::apply()
{
    showMessage({}, false);
    // Nothing is saved while a field is wrong: half of an account's change could leave it
    // unable to connect.
    if (const QString problem = d->accounts->validate(); !problem.isEmpty()) {
        showPage(Page::Accounts);
        showMessage(tr("Nothing was saved. %1").arg(problem), true);
        return false;
    }
    Preferences preferences = d->editedPreferences();
    d->passwordsStarted = 0;
    d->passwordsDone = 0;
    d->passwordProblems.clear();
    d->passwordsOnlyInMemory = false;
    d->countingPasswords = true;
    int started = 0;
    QStringList problems = d->accounts->apply(
        preferences, [this](const store::SecretResult &result) { passwordSaved(result); },
        &started);
    d->passwordsStarted = started;
    d->countingPasswords = false;
    if (preferences != d->session.preferences()) {
        if (const QString problem = d->session.setPreferences(preferences); !problem.isEmpty())
            problems.append(problem);
    }
    if (!problems.isEmpty()) {
        showMessage(problems.join(u'\n'), true);
        updateButtons();
        return false;
    }
    updateButtons();
    if (d->passwordsDone >= d->passwordsStarted)
        finishSaving(); // the keychain answered already, or there was no password to save
    return d->passwordProblems.isEmpty();
}

void SettingsDialog::passwordSaved(const store::SecretResult &result)
{
    ++d->passwordsDone;
    if (result.code == store::SecretResult::NoKeychain) {
        // Not a failure: the session keeps the password until Magpie quits, and asks once in
        // later sessions (the Accounts page says so from now on).
        d->passwordsOnlyInMemory = true;
    } else if (!result.ok()) {
        d->passwordProblems.append(
            result.message.isEmpty() ? tr("The keychain refused to store it.") : result.message);
    }
    if (!d->countingPasswords && d->passwordsDone >= d->passwordsStarted)
        finishSaving();
}

void SettingsDialog::finishSaving()
{
    updateButtons();
    if (!d->passwordProblems.isEmpty()) {
        d->closeWhenSaved = false;
        showMessage(tr("The other settings were saved, but a password was not: %1")
                        .arg(d->passwordProblems.join(u' ')),
                    true);
        return;
    }
    if (d->passwordsOnlyInMemory) {
        showMessage(tr("Saved. No keychain is available, so Magpie keeps the password only "
                       "until it quits and asks for it once in each later session."),
                    false);
    } else if (d->passwordsStarted > 0) {
        showMessage(tr("Saved. The passwords are in the keychain."), false);
    }
    Q_EMIT applied();
    if (d->closeWhenSaved) {
        d->closeWhenSaved = false;
        QDialog::accept();
    }
}

void SettingsDialog::accept()
{
    if (!apply())
        return;
    if (d->passwordsDone < d->passwordsStarted) {
        // Closing now would hide a keychain refusal; the dialog closes when it answered.
        d->closeWhenSaved = true;
        showMessage(tr("Saving the passwords in the keychain..."), false);
        return;
    }
    QDialog::accept();
}

} // namespace magpie::app
