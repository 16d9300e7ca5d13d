# SPDX-License-Identifier: GPL-3.0-or-later
# The hardening Debian builds its packages with (dpkg-buildflags: "hardening=+all" minus PIE,
# which the compiler already defaults to): stack protector, checked libc calls in optimised
# builds, and a read-only relocation table bound at start-up. Linked into every target through
# magpie_warnings. Left out of sanitizer and fuzz builds, whose instrumentation replaces the
# checked libc calls.
add_library(magpie_hardening INTERFACE)
if(NOT MSVC AND NOT MAGPIE_SANITIZE AND NOT MAGPIE_FUZZ)
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
