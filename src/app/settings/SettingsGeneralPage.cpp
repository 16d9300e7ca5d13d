// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/SettingsGeneralPage.h"

#include "app/desktop/DefaultMailClient.h"
#include "ui_SettingsGeneralPage.h"

#include <QShowEvent>

using namespace Qt::StringLiterals;

namespace magpie::app {

SettingsGeneralPage::SettingsGeneralPage(QWidget *parent)
    : SettingsPage(parent)
    , m_ui(std::make_unique<Ui::SettingsGeneralPage>())
    , m_defaultClient(new DefaultMailClient(this))
{
    m_ui->setupUi(this);
    // Languages Magpie is translated into, each named in its own language so a person who
    // cannot read the current one still finds theirs.
    m_ui->languageCombo->addItem(tr("The system's language"), QString());
    m_ui->languageCombo->addItem(u"English"_s, u"en"_s);
    m_ui->languageCombo->addItem(u"Deutsch"_s, u"de"_s);
    m_ui->languageCombo->addItem(u"Fran\u00e7ais"_s, u"fr"_s);

    connect(m_ui->startUpCombo, &QComboBox::currentIndexChanged, this, &SettingsPage::changed);
    connect(m_ui->layoutCombo, &QComboBox::currentIndexChanged, this, &SettingsPage::changed);
    connect(m_ui->languageCombo, &QComboBox::currentIndexChanged, this, &SettingsPage::changed);
    connect(m_ui->checkMailCheck, &QCheckBox::toggled, this, &SettingsPage::changed);
    connect(m_ui->notifyCheck, &QCheckBox::toggled, this, &SettingsPage::changed);

    m_ui->makeDefaultButton->setText(DefaultMailClient::actionText());
    connect(m_ui->makeDefaultButton, &QPushButton::clicked, this, [this] {
        showDefaultClientProblem({});
        m_defaultClient->makeDefault();
    });
    connect(m_defaultClient, &DefaultMailClient::stateChanged, this,
            &SettingsGeneralPage::showDefaultClientState);
    connect(m_defaultClient, &DefaultMailClient::changeFailed, this,
            &SettingsGeneralPage::showDefaultClientProblem);
}

void SettingsGeneralPage::showEvent(QShowEvent *event)
{
    SettingsPage::showEvent(event);
    // Asked when the person looks, not when Magpie starts: reading the system's choice runs
    // a program on Linux, and nothing about it matters until this page is open.
    if (m_defaultClient->state() == DefaultMailClient::State::Unknown)
        m_defaultClient->refresh();
}

void SettingsGeneralPage::showDefaultClientState()
{
    m_ui->defaultClientState->setText(m_defaultClient->stateText());
    m_ui->makeDefaultButton->setEnabled(!m_defaultClient->isBusy()
                                        && m_defaultClient->state()
                                            != DefaultMailClient::State::Default);
}

void SettingsGeneralPage::showDefaultClientProblem(const QString &sentence)
{
    m_ui->defaultClientProblem->setText(sentence);
    m_ui->defaultClientProblem->setVisible(!sentence.isEmpty());
}

SettingsGeneralPage::~SettingsGeneralPage() = default;

void SettingsGeneralPage::load(const Preferences &p)
{
    m_ui->startUpCombo->setCurrentIndex(p.startUp == Preferences::StartUp::Inbox ? 1 : 0);
    m_ui->checkMailCheck->setChecked(p.checkMailAtStartUp);
    m_ui->notifyCheck->setChecked(p.notifyNewMail);
    m_ui->layoutCombo->setCurrentIndex(p.layout == Preferences::Layout::Classic ? 1 : 0);
    int language = m_ui->languageCombo->findData(p.language);
    if (language < 0) {
        // A language chosen by hand in magpie.ini that this version has no catalogue for:
        // keep it rather than silently switching to another.
        m_ui->languageCombo->addItem(p.language, p.language);
        language = m_ui->languageCombo->count() - 1;
    }
    m_ui->languageCombo->setCurrentIndex(language);
}

void SettingsGeneralPage::store(Preferences &p) const
{
    p.startUp = m_ui->startUpCombo->currentIndex() == 1 ? Preferences::StartUp::Inbox
                                                        : Preferences::StartUp::LastFolder;
    p.checkMailAtStartUp = m_ui->checkMailCheck->isChecked();
    p.notifyNewMail = m_ui->notifyCheck->isChecked();
    p.layout = m_ui->layoutCombo->currentIndex() == 1 ? Preferences::Layout::Classic
                                                      : Preferences::Layout::Wide;
    p.language = m_ui->languageCombo->currentData().toString();
}

} // namespace magpie::app
