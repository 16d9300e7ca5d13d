// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/Translations.h"

#include <QCoreApplication>
#include <QLibraryInfo>
#include <QTranslator>

#include <memory>

namespace magpie::app {

namespace {
bool install(QCoreApplication *app, const QLocale &locale, const QString &catalogue,
             const QString &directory)
{
    auto translator = std::make_unique<QTranslator>();
    if (!translator->load(locale, catalogue, QStringLiteral("_"), directory))
        return false;
    translator->setParent(app);
    QCoreApplication::installTranslator(translator.release());
    return true;
}
} // namespace

bool installTranslations(QCoreApplication *app, const QLocale &locale)
{
    // Qt's catalogue translates its own dialogs' buttons ("Cancel", "Save").
    install(app, locale, QStringLiteral("qtbase"),
            QLibraryInfo::path(QLibraryInfo::TranslationsPath));
    // Magpie's catalogues are compiled into the program (qt_add_translations, prefix /i18n).
    return install(app, locale, QStringLiteral("magpie"), QStringLiteral(":/i18n"));
}

} // namespace magpie::app
