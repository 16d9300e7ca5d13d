// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include <QStringList>

namespace magpie::store {

// One step of the schema: the SQL that takes version N-1 to version N. Steps are never edited
// once released; a change to the schema is a new step, so every old cache can be upgraded.
struct Migration
{
    int version;
    QStringList statements;
};

} // namespace magpie::store
