// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/SettingsAdvancedPage.h"

#include "app/session/MailSession.h"
#include "store/BodyStore.h"
#include "store/MailCache.h"
#include "store/Profile.h"

#include "ui_SettingsAdvancedPage.h"

#include <QFileInfo>
#include <QLocale>
#include <QMessageBox>

using namespace Qt::StringLiterals;

namespace magpie::app {

SettingsAdvancedPage::SettingsAdvancedPage(MailSession &session, QWidget *parent)
    : SettingsPage(parent)
    , m_ui(std::make_unique<Ui::SettingsAdvancedPage>())
    , m_session(session)
{
    m_ui->setupUi(this);
    m_ui->cacheMessageLabel->hide();
    connect(m_ui->connectionLogCheck, &QCheckBox::toggled, this, &SettingsPage::changed);
    connect(m_ui->clearCacheButton, &QPushButton::clicked, this, &SettingsAdvancedPage::clearCache);
    refreshCacheSize();
}

SettingsAdvancedPage::~SettingsAdvancedPage() = default;

void SettingsAdvancedPage::load(const Preferences &p)
{
    m_ui->connectionLogCheck->setChecked(p.connectionLog);
}

void SettingsAdvancedPage::store(Preferences &p) const
{
    p.connectionLog = m_ui->connectionLogCheck->isChecked();
}

void SettingsAdvancedPage::refreshCacheSize()
{
    const QLocale locale;
    if (!m_session.cache().isOpen()) {
        m_ui->cacheSizeLabel->setText(tr("The offline cache is not open."));
        m_ui->clearCacheButton->setEnabled(false);
        return;
    }
    // The database file with its write-ahead log (SQLite WAL mode) is what the disk holds;
    // the message bodies are the part "Clear Cache" can give back.
    const QString path = m_session.profile().cachePath();
    const qint64 fileBytes = QFileInfo(path).size() + QFileInfo(path + u"-wal"_s).size();
    const qint64 bodyBytes = store::BodyStore(m_session.cache()).totalBytes();
    m_ui->cacheSizeLabel->setText(
        tr("The offline cache takes %1 on disk, of which %2 are downloaded messages.")
            .arg(locale.formattedDataSize(fileBytes), locale.formattedDataSize(bodyBytes)));
    // A POP3 account that deletes mail from the server keeps the only copy here (RFC 1939
    // has no way to fetch it again), and clearing the cache would destroy that mail for good.
    QStringList onlyHere;
    const QList<sync::AccountConfig> accounts = m_session.accounts();
    for (const sync::AccountConfig &account : accounts) {
        if (account.incoming == sync::AccountConfig::Incoming::Pop3
            && (!account.pop3LeaveOnServer || account.pop3DeleteAfterDays > 0))
            onlyHere.append(account.displayName.isEmpty() ? account.address : account.displayName);
    }
    if (!onlyHere.isEmpty()) {
        m_ui->clearCacheButton->setEnabled(false);
        m_ui->clearCacheButton->setToolTip(
            tr("Not offered: the POP3 account %1 removes mail from its server, so this computer "
               "holds the only copy.")
                .arg(QLocale().createSeparatedList(onlyHere)));
        return;
    }
    m_ui->clearCacheButton->setToolTip({});
    m_ui->clearCacheButton->setEnabled(bodyBytes > 0);
}

void SettingsAdvancedPage::clearCache()
{
    QMessageBox question(QMessageBox::Question, tr("Clear Cache"),
                         tr("Remove every downloaded message from this computer?"),
                         QMessageBox::Cancel, this);
    question.setInformativeText(
        tr("Your mail stays on the server; Magpie downloads a message again when you open "
           "it. This happens at once, even if you cancel the settings."));
    QPushButton *clear = question.addButton(tr("Clear Cache"), QMessageBox::DestructiveRole);
    question.setDefaultButton(QMessageBox::Cancel);
    question.exec();
    if (question.clickedButton() != clear)
        return;
    const store::StoreError error = store::BodyStore(m_session.cache()).clearAll();
    m_ui->cacheMessageLabel->setText(
        error ? tr("The cache could not be cleared: %1").arg(error.message)
              : tr("The downloaded messages were removed."));
    m_ui->cacheMessageLabel->show();
    refreshCacheSize();
}

} // namespace magpie::app
