// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

#include "store/Migration.h"

#include <QList>

namespace magpie::store {

// The cache's schema as the list of every migration, oldest first.
class Schema
{
public:
    static const QList<Migration> &migrations();
    static int currentVersion();
};

} // namespace magpie::store
