# SPDX-License-Identifier: GPL-3.0-or-later
# MAGPIE_SANITIZE="address;undefined" (the asan preset) instruments every Magpie target.
if(MAGPIE_SANITIZE)
    list(JOIN MAGPIE_SANITIZE "," _magpie_sanitizers)
    add_compile_options(-fsanitize=${_magpie_sanitizers} -fno-omit-frame-pointer
                        -fno-sanitize-recover=all)
    add_link_options(-fsanitize=${_magpie_sanitizers})
endif()
