# SPDX-License-Identifier: GPL-3.0-or-later
# CI runs on the same machine each time, so a compiler cache makes repeated runs fast.
if(MAGPIE_USE_CCACHE AND NOT CMAKE_CXX_COMPILER_LAUNCHER)
    find_program(MAGPIE_CCACHE_PROGRAM ccache)
    if(MAGPIE_CCACHE_PROGRAM)
        set(CMAKE_CXX_COMPILER_LAUNCHER "${MAGPIE_CCACHE_PROGRAM}")
    endif()
endif()
