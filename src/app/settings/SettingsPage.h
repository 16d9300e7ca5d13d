// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "app/Preferences.h"

#include <QWidget>

namespace magpie::app {

// One page of the Settings dialog that edits preferences. The dialog loads every page from
// the session's preferences, and on Apply or OK lets each page write its fields into one
// Preferences value, which the session saves at once. A page never saves anything itself.
class SettingsPage : public QWidget
{
    Q_OBJECT
public:
    using QWidget::QWidget;

    virtual void load(const Preferences &preferences) = 0;
    virtual void store(Preferences &preferences) const = 0;

Q_SIGNALS:
    // The person changed a field (the dialog enables Apply when something differs).
    void changed();
};

} // namespace magpie::app
