// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/SettingsPrivacyPage.h"

#include "ui_SettingsPrivacyPage.h"

namespace magpie::app {

SettingsPrivacyPage::SettingsPrivacyPage(bool keychainAvailable, QWidget *parent)
    : SettingsPage(parent)
    , m_ui(std::make_unique<Ui::SettingsPrivacyPage>())
{
    m_ui->setupUi(this);
    m_ui->keychainLabel->setText(
        keychainAvailable
            ? tr("Passwords are kept in the system's keychain, never in Magpie's files.")
            : tr("No keychain is available on this computer, so Magpie does not keep your "
                 "passwords: it asks for each one once per session and forgets it when you quit. "
                 "Install and unlock a Secret Service keychain (GNOME Keyring or KWallet) to "
                 "have them remembered."));
    connect(m_ui->confirmLinksCheck, &QCheckBox::toggled, this, &SettingsPage::changed);
    connect(m_ui->completionCheck, &QCheckBox::toggled, this, &SettingsPage::changed);
    connect(m_ui->sendersList, &QListWidget::itemSelectionChanged, this, [this] {
        m_ui->removeSenderButton->setEnabled(!m_ui->sendersList->selectedItems().isEmpty());
    });
    connect(m_ui->removeSenderButton, &QPushButton::clicked, this, [this] {
        const QList<QListWidgetItem *> selected = m_ui->sendersList->selectedItems();
        for (QListWidgetItem *item : selected)
            delete m_ui->sendersList->takeItem(m_ui->sendersList->row(item));
        Q_EMIT changed();
    });
    m_ui->removeSenderButton->setEnabled(false);
}

SettingsPrivacyPage::~SettingsPrivacyPage() = default;

void SettingsPrivacyPage::load(const Preferences &p)
{
    m_ui->confirmLinksCheck->setChecked(p.confirmLinkTargets);
    m_ui->completionCheck->setChecked(p.addressCompletionFromSeen);
    m_ui->sendersList->clear();
    m_ui->sendersList->addItems(p.remoteContentSenders);
}

void SettingsPrivacyPage::store(Preferences &p) const
{
    p.confirmLinkTargets = m_ui->confirmLinksCheck->isChecked();
    p.addressCompletionFromSeen = m_ui->completionCheck->isChecked();
    p.remoteContentSenders.clear();
    for (int row = 0; row < m_ui->sendersList->count(); ++row)
        p.remoteContentSenders.append(m_ui->sendersList->item(row)->text());
}

} // namespace magpie::app
