// SPDX-License-Identifier: GPL-3.0-or-later
#include "app/Resources.h"

#include <QtGlobal>

// Q_INIT_RESOURCE must be used outside any namespace.
static void initIconResources()
{
    Q_INIT_RESOURCE(icons);
}

namespace magpie::app {

void initResources()
{
    initIconResources();
}

} // namespace magpie::app
