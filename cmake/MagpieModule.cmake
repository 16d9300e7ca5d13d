# SPDX-License-Identifier: GPL-3.0-or-later
# magpie_add_module(NAME SOURCES... DEPENDS...): the static library magpie_NAME for one folder
# under src/. Headers are included by their path under src/ ("net/imap/MailboxName.h"), so
# a module's users see which module a class comes from.
function(magpie_add_module name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
    set(target magpie_${name})
    add_library(${target} STATIC ${ARG_SOURCES})
    target_include_directories(${target} PUBLIC "${PROJECT_SOURCE_DIR}/src")
    target_link_libraries(${target} PUBLIC ${ARG_DEPENDS} PRIVATE magpie_warnings)
    set_target_properties(${target} PROPERTIES POSITION_INDEPENDENT_CODE ON)
endfunction()

# magpie_add_executable(NAME SOURCES... DEPENDS...): an installed program.
function(magpie_add_executable name)
    cmake_parse_arguments(ARG "" "" "SOURCES;DEPENDS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_DEPENDS} magpie_version magpie_warnings)
    install(TARGETS ${name} RUNTIME DESTINATION ${CMAKE_INSTALL_BINDIR} BUNDLE DESTINATION .)
endfunction()
