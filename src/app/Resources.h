// SPDX-License-Identifier: GPL-3.0-or-later
#pragma once

namespace magpie::app {

// Registers the icons compiled into the static magpie_app library. Called once by main()
// and by tests, before any widget looks up ":/icons/...".
void initResources();

} // namespace magpie::app
