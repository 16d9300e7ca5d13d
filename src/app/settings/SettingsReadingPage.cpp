// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/SettingsReadingPage.h"

#include "ui_SettingsReadingPage.h"

namespace magpie::app {

SettingsReadingPage::SettingsReadingPage(QWidget *parent)
    : SettingsPage(parent)
    , m_ui(std::make_unique<Ui::SettingsReadingPage>())
{
    m_ui->setupUi(this);
    for (QAbstractButton *button : { static_cast<QAbstractButton *>(m_ui->htmlRadio),
                                     static_cast<QAbstractButton *>(m_ui->plainRadio),
                                     static_cast<QAbstractButton *>(m_ui->blockRemoteCheck),
                                     static_cast<QAbstractButton *>(m_ui->markReadAtOnceRadio),
                                     static_cast<QAbstractButton *>(m_ui->markReadAfterRadio),
                                     static_cast<QAbstractButton *>(m_ui->markReadNeverRadio) })
        connect(button, &QAbstractButton::toggled, this, &SettingsPage::changed);
    connect(m_ui->markReadSecondsSpin, &QSpinBox::valueChanged, this, &SettingsPage::changed);
    connect(m_ui->markReadAfterRadio, &QAbstractButton::toggled, m_ui->markReadSecondsSpin,
            &QWidget::setEnabled);
    // Typing in the seconds means "after N seconds".
    connect(m_ui->markReadSecondsSpin, &QSpinBox::valueChanged, this,
            [this] { m_ui->markReadAfterRadio->setChecked(true); });
}

SettingsReadingPage::~SettingsReadingPage() = default;

void SettingsReadingPage::load(const Preferences &p)
{
    (p.preferHtml ? m_ui->htmlRadio : m_ui->plainRadio)->setChecked(true);
    m_ui->blockRemoteCheck->setChecked(p.blockRemoteContent);
    if (p.markReadAfterSeconds > 0) {
        m_ui->markReadSecondsSpin->setValue(p.markReadAfterSeconds);
        m_ui->markReadAfterRadio->setChecked(true);
    } else {
        (p.markReadAfterSeconds < 0 ? m_ui->markReadNeverRadio : m_ui->markReadAtOnceRadio)
            ->setChecked(true);
    }
    m_ui->markReadSecondsSpin->setEnabled(m_ui->markReadAfterRadio->isChecked());
}

void SettingsReadingPage::store(Preferences &p) const
{
    p.preferHtml = m_ui->htmlRadio->isChecked();
    p.blockRemoteContent = m_ui->blockRemoteCheck->isChecked();
    if (m_ui->markReadNeverRadio->isChecked())
        p.markReadAfterSeconds = -1;
    else if (m_ui->markReadAfterRadio->isChecked())
        p.markReadAfterSeconds = m_ui->markReadSecondsSpin->value();
    else
        p.markReadAfterSeconds = 0;
}

} // namespace magpie::app
