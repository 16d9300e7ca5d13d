# SPDX-License-Identifier: GPL-3.0-or-later
# macOS: Magpie.app and a disk image to drag it from (cpack -G DragNDrop). Included by
# installer/Platforms.cmake before src/ is added.
#
# magpie-cli and magpie-server go inside the bundle, in Contents/MacOS beside Magpie: they
# use the same Qt frameworks and QtKeychain, which macdeployqt then ships once in
# Contents/Frameworks, and the bundle stays the one thing a person drags to Applications
# (and the one thing a Developer ID signature covers). A loose bin/ folder in the disk image
# would have nowhere sensible to go and would carry its own copy of Qt. From a terminal:
#   /Applications/Magpie.app/Contents/MacOS/magpie-cli --help
# (docs/platforms.md suggests a symbolic link in /usr/local/bin).
set(MAGPIE_BUNDLE_NAME "Magpie")
set(CMAKE_INSTALL_BINDIR "${MAGPIE_BUNDLE_NAME}.app/Contents/MacOS")
set(CMAKE_INSTALL_DOCDIR "${MAGPIE_BUNDLE_NAME}.app/Contents/Resources/doc")
# Installed programs keep the run paths to Qt and QtKeychain outside the build, so that
# macdeployqt can resolve their @rpath references before it rewrites them to the bundle's
# Frameworks folder.
set(CMAKE_INSTALL_RPATH_USE_LINK_PATH ON)

# The oldest macOS the Qt in use runs on (Qt's supported-platform pages: 6.4 macOS 10.14,
# 6.5 to 6.7 macOS 11, 6.8 and later macOS 12), unless the build chooses one itself.
if(CMAKE_OSX_DEPLOYMENT_TARGET)
    set(MAGPIE_MACOS_MINIMUM "${CMAKE_OSX_DEPLOYMENT_TARGET}")
elseif(Qt6_VERSION VERSION_LESS 6.5)
    set(MAGPIE_MACOS_MINIMUM "10.14")
elseif(Qt6_VERSION VERSION_LESS 6.8)
    set(MAGPIE_MACOS_MINIMUM "11.0")
else()
    set(MAGPIE_MACOS_MINIMUM "12.0")
endif()

# Called from src/app/CMakeLists.txt for the magpie target.
function(magpie_macos_bundle target)
    set(plist "${PROJECT_BINARY_DIR}/installer/macos/Info.plist")
    configure_file("${PROJECT_SOURCE_DIR}/installer/macos/Info.plist.in" "${plist}" @ONLY)
    # The .icns is rendered at build time (installer/icons) and copied into
    # Contents/Resources by the build, as CFBundleIconFile names it.
    set(icns "${MAGPIE_ICON_DIR}/magpie.icns")
    set_source_files_properties("${icns}" PROPERTIES
        GENERATED TRUE MACOSX_PACKAGE_LOCATION Resources)
    target_sources(${target} PRIVATE "${icns}")
    add_dependencies(${target} magpie_icons)
    set_target_properties(${target} PROPERTIES
        OUTPUT_NAME "${MAGPIE_BUNDLE_NAME}"
        MACOSX_BUNDLE_INFO_PLIST "${plist}")
endfunction()

# Deferred to the end of the top-level directory: after every install rule of the programs.
function(magpie_macos_finish)
    set(bundle "${MAGPIE_BUNDLE_NAME}.app")
    set(script "${PROJECT_BINARY_DIR}/installer/deploy-macos-$<CONFIG>.cmake")
    # macdeployqt copies the Qt frameworks and plugins into the bundle, and QtKeychain (any
    # library outside the system's), rewrites the three programs' references to them, and
    # writes Contents/Resources/qt.conf; then the build machine's run paths are dropped
    # (DropBuildRunPaths.cmake). Changing a binary voids its signature, and Apple
    # silicon runs no unsigned code: the bundle is signed again, ad hoc. A Developer ID
    # signature and notarization are a release step (docs/platforms.md).
    file(GENERATE OUTPUT "${script}" CONTENT "
include(\"${QT_DEPLOY_SUPPORT}\")
qt_deploy_runtime_dependencies(
    EXECUTABLE \"${bundle}\"
    ADDITIONAL_EXECUTABLES \"${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:magpie-cli>\"
                           \"${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:magpie-server>\")
set(MAGPIE_BUNDLE_BINARIES
    \"\${QT_DEPLOY_PREFIX}/${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:magpie>\"
    \"\${QT_DEPLOY_PREFIX}/${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:magpie-cli>\"
    \"\${QT_DEPLOY_PREFIX}/${CMAKE_INSTALL_BINDIR}/$<TARGET_FILE_NAME:magpie-server>\")
include(\"${CMAKE_CURRENT_FUNCTION_LIST_DIR}/DropBuildRunPaths.cmake\")
execute_process(
    COMMAND codesign --force --deep --sign - \"\${QT_DEPLOY_PREFIX}/${bundle}\"
    RESULT_VARIABLE signed)
if(NOT signed EQUAL 0)
    message(FATAL_ERROR \"codesign could not sign ${bundle} (ad hoc): \${signed}\")
endif()
")
    install(SCRIPT "${script}")
endfunction()
cmake_language(DEFER CALL magpie_macos_finish)

# --- CPack DragNDrop (cmake/CPack docs: cpack_gen/dmg). The common CPACK_PACKAGE_* values
# come from installer/Packaging.cmake.
set(CPACK_GENERATOR "DragNDrop")
set(CPACK_DMG_VOLUME_NAME "Magpie")
set(CPACK_DMG_FORMAT "UDZO")
set(CPACK_PACKAGE_ICON "${MAGPIE_ICON_DIR}/magpie.icns")
# No licence dialog before the image opens: it needs the deprecated Rez/udifrez tools, and the
# GPL does not ask for acceptance to run the program. The licence is in Contents/Resources/doc.
set(CPACK_DMG_SLA_USE_RESOURCE_FILE_LICENSE OFF)
set(CPACK_PACKAGE_FILE_NAME "Magpie-${PROJECT_VERSION}-macos")
