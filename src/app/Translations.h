// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QLocale>

class QCoreApplication;

namespace magpie::app {

// Installs Qt's own translations and Magpie's for `locale` on `app` (the system locale at
// start-up). A missing translation leaves English, the source language. Returns whether
// Magpie's own catalogue for that locale was found.
bool installTranslations(QCoreApplication *app, const QLocale &locale = QLocale());

} // namespace magpie::app
