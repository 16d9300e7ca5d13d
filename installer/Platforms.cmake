# SPDX-License-Identifier: GPL-3.0-or-later
# Windows and macOS packaging (docs/platforms.md). Included from the top-level CMakeLists.txt
# before src/ is added, so that the install layout is settled before the targets install
# themselves; the steps that need every target (Qt's deploy tool, the extra DLLs) are
# deferred to the end of the top-level directory. Linux packaging is installer/Packaging.cmake.
#
#   magpie_platform_executable(TARGET DESCRIPTION)
#       Windows: a VERSIONINFO resource and the application icon linked into TARGET.exe.
#       macOS, for the app bundle: Info.plist, the .icns, the bundle's name (MacOS.cmake).
#       Linux: nothing. Called for magpie (src/app) and, at the end, for the two tools.

# Qt's deploy tool (windeployqt / macdeployqt) runs at install time on the installed files:
# one `cmake --install` gives a tree that runs on a machine without Qt, and cpack packs it.
# Linux packages use the distribution's Qt instead (installer/Packaging.cmake).

function(magpie_platform_executable target description)
    if(APPLE)
        get_target_property(bundle ${target} MACOSX_BUNDLE)
        if(bundle)
            magpie_macos_bundle(${target})
        endif()
        return()
    elseif(NOT WIN32)
        return()
    endif()
    # One resource script per executable: its own file name and description, the project's
    # version, and the icon magpie-iconset renders at build time.
    set(MAGPIE_RC_NAME "${target}")
    set(MAGPIE_RC_DESCRIPTION "${description}")
    set(MAGPIE_RC_ICON "${MAGPIE_ICON_DIR}/magpie.ico")
    set(rc "${PROJECT_BINARY_DIR}/installer/windows/${target}.rc")
    configure_file("${PROJECT_SOURCE_DIR}/installer/windows/magpie.rc.in" "${rc}" @ONLY)
    target_sources(${target} PRIVATE "${rc}")
    # The .ico is a build output: the resource compiler must wait for it and run again when
    # the drawing changes.
    set_source_files_properties("${rc}" TARGET_DIRECTORY ${target}
        PROPERTIES OBJECT_DEPENDS "${MAGPIE_ICON_DIR}/magpie.ico")
    add_dependencies(${target} magpie_icons)
endfunction()

if(WIN32)
    include("${CMAKE_CURRENT_LIST_DIR}/windows/Windows.cmake")
elseif(APPLE)
    include("${CMAKE_CURRENT_LIST_DIR}/macos/MacOS.cmake")
endif()

if(WIN32 OR APPLE)
    # The licences (the GPL, and the icons' own) and the tools' manuals travel with the
    # programs: share/doc/magpie on Windows, Magpie.app/Contents/Resources/doc on macOS. The
    # Linux packages install theirs in installer/linux/Linux.cmake.
    install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" DESTINATION "${CMAKE_INSTALL_DOCDIR}")
    install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/LICENSE.md"
            DESTINATION "${CMAKE_INSTALL_DOCDIR}" RENAME ICONS-LICENSE.md)
    install(FILES "${PROJECT_SOURCE_DIR}/docs/cli.md" "${PROJECT_SOURCE_DIR}/docs/server.md"
            DESTINATION "${CMAKE_INSTALL_DOCDIR}")
endif()
