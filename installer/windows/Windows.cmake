# SPDX-License-Identifier: GPL-3.0-or-later
# Windows: an NSIS installer (cpack -G NSIS) of the tree `cmake --install` makes:
#   bin/magpie.exe, magpie-cli.exe, magpie-server.exe, the Qt DLLs and plugins (windeployqt),
#   qt6keychain.dll, OpenSSL's libcrypto/libssl, the Visual C++ runtime, share/doc/magpie.
# NSIS rather than WiX: makensis is one program on the build machine (WiX 4 needs the .NET
# SDK and its own tool), the result is one .exe a person double-clicks, and the registry
# work for the mail-client registration is a short NSIS file (MailClient.nsh) instead of a
# WiX patch in XML. Included by installer/Platforms.cmake.

# The Visual C++ runtime DLLs next to the programs (app-local, as Microsoft allows for the
# redistributable DLLs), so that no separate vc_redist install is needed. The Universal CRT
# is part of Windows 10 and later, the only Windows Qt 6 runs on.
set(CMAKE_INSTALL_SYSTEM_RUNTIME_DESTINATION "${CMAKE_INSTALL_BINDIR}")
include(InstallRequiredSystemLibraries)

# Deferred: runs when the whole top-level directory has been read, so every target exists and
# these install rules come after every target's own.
function(magpie_windows_finish)
    magpie_platform_executable(magpie-cli "Magpie command line (inspect, send, check, sync)")
    magpie_platform_executable(magpie-server "Magpie loopback mail server")

    # windeployqt copies only Qt's own DLLs and plugins; the other DLLs the programs load are
    # installed here. QtKeychain's config names its DLL (IMPORTED_LOCATION).
    install(FILES "$<TARGET_FILE:Qt6Keychain::Qt6Keychain>" DESTINATION "${CMAKE_INSTALL_BINDIR}")
    # FindOpenSSL gives the import library; the DLLs sit in the bin folder beside the include
    # folder (the Shining Light and vcpkg layouts). libssl goes with libcrypto: Qt's OpenSSL
    # TLS backend loads it at run time and must not pick up another program's copy on PATH.
    get_filename_component(openssl_lib_dir "${OPENSSL_CRYPTO_LIBRARY}" DIRECTORY)
    get_filename_component(openssl_root "${OPENSSL_INCLUDE_DIR}" DIRECTORY)
    foreach(dll IN ITEMS crypto ssl)
        find_file(MAGPIE_OPENSSL_${dll}_DLL
            NAMES lib${dll}-3-x64.dll lib${dll}-3.dll lib${dll}-1_1-x64.dll
            HINTS "${openssl_root}/bin" "${openssl_root}" "${openssl_lib_dir}" "${OPENSSL_ROOT_DIR}/bin"
            NO_DEFAULT_PATH)
        if(MAGPIE_OPENSSL_${dll}_DLL)
            install(FILES "${MAGPIE_OPENSSL_${dll}_DLL}" DESTINATION "${CMAKE_INSTALL_BINDIR}")
        else()
            message(WARNING "lib${dll}'s DLL was not found near ${OPENSSL_CRYPTO_LIBRARY}: the "
                            "installed magpie.exe will not start without it. Set "
                            "MAGPIE_OPENSSL_${dll}_DLL to its path.")
        endif()
    endforeach()

    # windeployqt on the three installed programs: Qt DLLs into bin/, plugins (platforms,
    # styles, tls, sqldrivers, imageformats, iconengines) beside them, and a qt.conf.
    set(extra "")
    if(Qt6_VERSION VERSION_GREATER_EQUAL 6.5)
        # InstallRequiredSystemLibraries above already put the runtime DLLs there; without
        # this, windeployqt adds the 25 MB vc_redist installer as well.
        set(extra "NO_COMPILER_RUNTIME")
    endif()
    set(script "${PROJECT_BINARY_DIR}/installer/deploy-windows-$<CONFIG>.cmake")
    file(GENERATE OUTPUT "${script}" CONTENT "
include(\"${QT_DEPLOY_SUPPORT}\")
qt_deploy_runtime_dependencies(
    EXECUTABLE \"\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:magpie>\"
    ADDITIONAL_EXECUTABLES \"\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:magpie-cli>\"
                           \"\${QT_DEPLOY_BIN_DIR}/$<TARGET_FILE_NAME:magpie-server>\"
    GENERATE_QT_CONF
    ${extra})
")
    install(SCRIPT "${script}")
endfunction()
cmake_language(DEFER CALL magpie_windows_finish)

# --- CPack NSIS (cmake/CPack docs: cpack_gen/nsis). The common CPACK_PACKAGE_* values come
# from installer/Packaging.cmake.
# What is set here arrives in the installer script as written (backslashes, quotes).
set(CPACK_VERBATIM_VARIABLES ON)
# NSIS: the installer, machine-wide (CPack's NSIS script asks for administrator rights).
# ZIP: the per-user option, the same tree unpacked anywhere in the user's profile without
# administrator rights; the association keys are then the user's own to add (HKCU, see
# MailClient.nsh for the names) from Settings > General.
set(CPACK_GENERATOR "NSIS;ZIP")
set(CPACK_NSIS_PACKAGE_NAME "Magpie")
set(CPACK_NSIS_DISPLAY_NAME "Magpie ${PROJECT_VERSION}")
set(CPACK_PACKAGE_INSTALL_REGISTRY_KEY "Magpie")
set(CPACK_NSIS_INSTALL_ROOT "$PROGRAMFILES64")
set(CPACK_NSIS_MUI_ICON "${MAGPIE_ICON_DIR}/magpie.ico")
set(CPACK_NSIS_MUI_UNIICON "${MAGPIE_ICON_DIR}/magpie.ico")
set(CPACK_NSIS_INSTALLED_ICON_NAME "bin\\magpie.exe")
set(CPACK_NSIS_URL_INFO_ABOUT "https://magpiemail.org")
set(CPACK_NSIS_MANIFEST_DPI_AWARE ON)
set(CPACK_NSIS_ENABLE_UNINSTALL_BEFORE_INSTALL ON)
# The PATH page of CPack's installer rewrites PATH through NSIS strings of 1024 characters
# and can cut a long PATH short: magpie-cli is run from the install folder's bin instead.
set(CPACK_NSIS_MODIFY_PATH OFF)
# Start menu: "Magpie" opens bin\magpie.exe; the uninstaller gets its own entry from CPack.
set(CPACK_PACKAGE_EXECUTABLES "magpie" "Magpie")
# No "Run Magpie" on the finish page: it would start Magpie elevated, as the administrator
# whose password was given, and create that account's profile instead of the user's.
# Registration as a mail client, mailto: and .eml handler (MailClient.nsh): macros defined at
# the top of the script, used at the end of the install and the start of the uninstall.
file(TO_NATIVE_PATH "${CMAKE_CURRENT_LIST_DIR}/MailClient.nsh" magpie_nsh)
set(CPACK_NSIS_DEFINES "!include \"${magpie_nsh}\"")
set(CPACK_NSIS_EXTRA_INSTALL_COMMANDS "!insertmacro MagpieRegisterMailClient")
set(CPACK_NSIS_EXTRA_UNINSTALL_COMMANDS "!insertmacro MagpieUnregisterMailClient")
set(CPACK_PACKAGE_FILE_NAME "Magpie-${PROJECT_VERSION}-windows-x64")
