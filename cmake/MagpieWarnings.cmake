# SPDX-License-Identifier: GPL-3.0-or-later
# One warning set for every Magpie target; MAGPIE_WERROR makes them errors (the ci preset).
add_library(magpie_warnings INTERFACE)
if(MSVC)
    target_compile_options(magpie_warnings INTERFACE /W4 /permissive- $<$<BOOL:${MAGPIE_WERROR}>:/WX>)
else()
    target_compile_options(magpie_warnings INTERFACE
        -Wall -Wextra -Wpedantic -Wnon-virtual-dtor -Woverloaded-virtual -Wcast-align
        -Wimplicit-fallthrough -Wmissing-declarations -Wformat=2 -Wundef
        $<$<BOOL:${MAGPIE_WERROR}>:-Werror>)
endif()
# Text and bytes never convert silently: mail is bytes until a charset says otherwise.
target_compile_definitions(magpie_warnings INTERFACE
    QT_NO_CAST_FROM_ASCII QT_NO_CAST_TO_ASCII QT_NO_CAST_FROM_BYTEARRAY
    QT_NO_URL_CAST_FROM_STRING QT_NO_NARROWING_CONVERSIONS_IN_CONNECT
    QT_USE_QSTRINGBUILDER QT_STRICT_ITERATORS QT_NO_FOREACH)
