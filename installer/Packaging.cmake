# SPDX-License-Identifier: GPL-3.0-or-later
# CPack: `cpack -G DEB` in a build tree makes an installable .deb. Linux desktop integration
# lives in installer/linux; Windows and macOS packaging follow in their own issue.
install(FILES "${PROJECT_SOURCE_DIR}/installer/linux/org.magpiemail.Magpie.desktop"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/applications)
install(FILES "${PROJECT_SOURCE_DIR}/resources/icons/magpie.svg"
        DESTINATION ${CMAKE_INSTALL_DATADIR}/icons/hicolor/scalable/apps
        RENAME org.magpiemail.Magpie.svg)
install(FILES "${PROJECT_SOURCE_DIR}/LICENSE" "${PROJECT_SOURCE_DIR}/resources/icons/LICENSE.md"
        DESTINATION ${CMAKE_INSTALL_DOCDIR})

set(CPACK_PACKAGE_NAME "magpie")
set(CPACK_PACKAGE_VENDOR "The Magpie developers")
set(CPACK_PACKAGE_CONTACT "The Magpie developers <magpie@magpiemail.org>")
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY "${PROJECT_DESCRIPTION}")
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "Magpie is a desktop mail client for IMAP, POP3 and SMTP with a local cache that keeps\n"
    "large mailboxes fast and mail readable offline. It also ships magpie-server, a loopback\n"
    "mail server for trying Magpie and for tests, and magpie-cli for scripts.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Magpie")
set(CPACK_STRIP_FILES ON)

# Debian: the shared-library dependencies (libqt6core6, libqt6widgets6, libqt6network6, ...)
# come from dpkg-shlibdeps; what is loaded as a plugin at run time must be named here.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "mail")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins, libqt6svg6")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS "gnome-keyring | kwalletmanager")

include(CPack)
