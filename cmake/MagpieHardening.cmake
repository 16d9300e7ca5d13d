# SPDX-License-Identifier: GPL-3.0-or-later
# MAGPIE_HARDENING (on in the release preset, which packages are built from): the hardening
# Debian builds its packages with (dpkg-buildflags "hardening=+all"; PIE is the compiler's
# default already): stack protector, checked libc calls in optimised builds, and a read-only
# relocation table bound at start-up. Linked into every target through magpie_warnings.
# Off by default so that development and test builds keep reusing ccache's objects; never with
# sanitizers or fuzzing, whose instrumentation replaces the checked libc calls.
option(MAGPIE_HARDENING "Build with the hardening flags distributions use for packages" OFF)
add_library(magpie_hardening INTERFACE)
if(MAGPIE_HARDENING AND NOT MSVC AND NOT MAGPIE_SANITIZE AND NOT MAGPIE_FUZZ)
    target_compile_options(magpie_hardening INTERFACE
        -fstack-protector-strong
        # Some compilers (Ubuntu's) already define it: undefine first, so -Werror never sees
        # a redefinition. Fortification needs optimisation.
        $<$<NOT:$<CONFIG:Debug>>:-U_FORTIFY_SOURCE -D_FORTIFY_SOURCE=2>)
    if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
        target_link_options(magpie_hardening INTERFACE -Wl,-z,relro -Wl,-z,now)
    endif()
endif()
target_link_libraries(magpie_warnings INTERFACE magpie_hardening)
