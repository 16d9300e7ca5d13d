# SPDX-License-Identifier: GPL-3.0-or-later
# libFuzzer targets (the fuzz preset, clang only). The libraries are built with coverage
# instrumentation so the fuzzer can see into them; each target adds -fsanitize=fuzzer at link.
if(MAGPIE_FUZZ)
    if(NOT CMAKE_CXX_COMPILER_ID MATCHES "Clang")
        message(FATAL_ERROR "MAGPIE_FUZZ needs clang (libFuzzer); use the fuzz preset")
    endif()
    add_compile_options(-fsanitize=fuzzer-no-link,address,undefined -fno-omit-frame-pointer
                        -fno-sanitize-recover=all)
    add_link_options(-fsanitize=address,undefined)
endif()

# magpie_add_fuzzer(NAME SOURCES... LIBS...): a libFuzzer executable, plus a CTest entry
# (label "fuzz") that replays tests/data/fuzz/NAME/ and then fuzzes for MAGPIE_FUZZ_SECONDS.
set(MAGPIE_FUZZ_SECONDS 30 CACHE STRING "Seconds each fuzz target runs in CTest")
function(magpie_add_fuzzer name)
    if(NOT MAGPIE_FUZZ)
        return()
    endif()
    cmake_parse_arguments(ARG "" "" "SOURCES;LIBS" ${ARGN})
    add_executable(${name} ${ARG_SOURCES})
    target_link_libraries(${name} PRIVATE ${ARG_LIBS} magpie_warnings)
    target_link_options(${name} PRIVATE -fsanitize=fuzzer)
    set(corpus "${PROJECT_SOURCE_DIR}/tests/data/fuzz/${name}")
    set(work "${CMAKE_CURRENT_BINARY_DIR}/${name}-corpus")
    add_test(NAME ${name}
        COMMAND ${CMAKE_COMMAND} -E env ASAN_OPTIONS=detect_leaks=1
                "${PROJECT_SOURCE_DIR}/scripts/run-fuzzer.sh" $<TARGET_FILE:${name}>
                "${corpus}" "${work}" ${MAGPIE_FUZZ_SECONDS})
    set_tests_properties(${name} PROPERTIES LABELS fuzz TIMEOUT 600)
endfunction()
