// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/settings/SettingsComposingPage.h"

#include "ui_SettingsComposingPage.h"

#include <QDir>
#include <QLocale>

using namespace Qt::StringLiterals;

namespace magpie::app {

namespace {

// Hunspell dictionaries installed on the system ("de_DE.dic" -> "de_DE"), the ones a spelling
// checker could use. Magpie offers only what is there.
QStringList installedDictionaries()
{
    QStringList names;
    for (const QString &folder :
         { u"/usr/share/hunspell"_s, u"/usr/share/myspell"_s, u"/usr/share/myspell/dicts"_s }) {
        const QStringList files = QDir(folder).entryList({ u"*.dic"_s }, QDir::Files, QDir::Name);
        for (const QString &file : files) {
            const QString name = file.chopped(4);
            if (!names.contains(name))
                names.append(name);
        }
    }
    return names;
}

} // namespace

SettingsComposingPage::SettingsComposingPage(QWidget *parent)
    : SettingsPage(parent)
    , m_ui(std::make_unique<Ui::SettingsComposingPage>())
{
    m_ui->setupUi(this);
    m_ui->spellingCombo->addItem(tr("No spelling check"), QString());
    const QStringList dictionaries = installedDictionaries();
    for (const QString &name : dictionaries) {
        const QLocale locale(name);
        const QString label = locale.language() == QLocale::C
            ? name
            : tr("%1 (%2)").arg(locale.nativeLanguageName(), name);
        m_ui->spellingCombo->addItem(label, name);
    }
    m_ui->spellingNote->setText(
        dictionaries.isEmpty()
            ? tr("No spelling dictionaries are installed. Install a hunspell dictionary (for "
                 "example the package hunspell-en-us) to check spelling.")
            : tr("Misspelt words are underlined while you write."));

    connect(m_ui->formatCombo, &QComboBox::currentIndexChanged, this, &SettingsPage::changed);
    connect(m_ui->quotingCombo, &QComboBox::currentIndexChanged, this, &SettingsPage::changed);
    connect(m_ui->spellingCombo, &QComboBox::currentIndexChanged, this, &SettingsPage::changed);
    connect(m_ui->autosaveSpin, &QSpinBox::valueChanged, this, &SettingsPage::changed);
}

SettingsComposingPage::~SettingsComposingPage() = default;

void SettingsComposingPage::load(const Preferences &p)
{
    m_ui->formatCombo->setCurrentIndex(p.composeHtml ? 1 : 0);
    m_ui->quotingCombo->setCurrentIndex(p.quoting == Preferences::Quoting::ReplyAboveQuote ? 1 : 0);
    m_ui->autosaveSpin->setValue(p.draftAutosaveSeconds);
    int spelling = m_ui->spellingCombo->findData(p.spellCheckLanguage);
    if (spelling < 0) {
        // Chosen when a dictionary was installed that is gone now: keep the choice.
        m_ui->spellingCombo->addItem(tr("%1 (not installed)").arg(p.spellCheckLanguage),
                                     p.spellCheckLanguage);
        spelling = m_ui->spellingCombo->count() - 1;
    }
    m_ui->spellingCombo->setCurrentIndex(spelling);
}

void SettingsComposingPage::store(Preferences &p) const
{
    p.composeHtml = m_ui->formatCombo->currentIndex() == 1;
    p.quoting = m_ui->quotingCombo->currentIndex() == 1 ? Preferences::Quoting::ReplyAboveQuote
                                                        : Preferences::Quoting::ReplyBelowQuote;
    p.draftAutosaveSeconds = m_ui->autosaveSpin->value();
    p.spellCheckLanguage = m_ui->spellingCombo->currentData().toString();
}

} // namespace magpie::app
