# SPDX-License-Identifier: GPL-3.0-or-later
# CPack runs this after installing into each generator's staging folder, before packing.
# Fedora's packaging guidelines ("License Text") put the licence text in
# /usr/share/licenses/<package>/; Debian points to /usr/share/common-licenses/GPL-3 from
# /usr/share/doc/magpie/copyright instead, and lintian flags a second copy (extra-license-file).
if(CPACK_GENERATOR STREQUAL "RPM")
    # file(COPY), not file(INSTALL): the latter would add DESTDIR, which CPack sets to that folder.
    file(COPY "${CPACK_MAGPIE_LICENSE_FILE}"
         DESTINATION "${CPACK_TEMPORARY_INSTALL_DIRECTORY}/usr/share/licenses/${CPACK_PACKAGE_NAME}")
endif()
