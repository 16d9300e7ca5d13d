# SPDX-License-Identifier: GPL-3.0-or-later
# CPack, for every platform: what the package is called and says about itself. The platform's
# own files and generator settings come from installer/<platform>/ (Linux: installer/linux/
# Linux.cmake, a .deb and an .rpm from one build: scripts/package.sh). Platform files that set
# CPACK_* variables must be included before this file, whose last line reads them all.
set(CPACK_PACKAGE_NAME "magpie")
set(CPACK_PACKAGE_VENDOR "The Magpie developers")
set(CPACK_PACKAGE_CONTACT "The Magpie developers <magpie@magpiemail.org>")
set(CPACK_PACKAGE_HOMEPAGE_URL "https://magpiemail.org")
# The one-line summary: no leading article (Debian Policy 3.4.1; Fedora's Summary: likewise).
set(CPACK_PACKAGE_DESCRIPTION_SUMMARY
    "Fast, safe desktop mail client with its own IMAP, POP3 and SMTP engines")
# Lines under 80 characters: Debian Policy 3.4.2 (the extended description is shown as is).
string(CONCAT CPACK_PACKAGE_DESCRIPTION
    "Magpie is a desktop mail client for IMAP, POP3 and SMTP with a local cache\n"
    "that keeps large mailboxes fast and mail readable offline. It also ships\n"
    "magpie-server, a loopback mail server for trying Magpie and for tests, and\n"
    "magpie-cli, which runs Magpie's engines from scripts.")
set(CPACK_RESOURCE_FILE_LICENSE "${PROJECT_SOURCE_DIR}/LICENSE")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Magpie")
set(CPACK_STRIP_FILES ON)

if(CMAKE_SYSTEM_NAME STREQUAL "Linux")
    include("${CMAKE_CURRENT_LIST_DIR}/linux/Linux.cmake")
endif()

include(CPack)
