# SPDX-License-Identifier: GPL-3.0-or-later
# CPack runs this after installing into each generator's staging folder (CPACK_GENERATOR is the
# one at work), before packing. Paths are under CPACK_TEMPORARY_INSTALL_DIRECTORY; file(COPY),
# not file(INSTALL), which would add the DESTDIR CPack points at that folder.
set(staging "${CPACK_TEMPORARY_INSTALL_DIRECTORY}${CPACK_PACKAGING_INSTALL_PREFIX}")

# CPACK_STRIP_FILES strips the programs but keeps the compiler's .comment and .note sections,
# which nothing reads at run time (Debian's dh_strip removes them too; lintian:
# binary-has-unneeded-section). The build-id note (.note.gnu.build-id) stays.
file(GLOB programs "${staging}/bin/*")
execute_process(COMMAND strip --remove-section=.comment --remove-section=.note ${programs}
                RESULT_VARIABLE stripped)
if(NOT stripped EQUAL 0)
    message(FATAL_ERROR "strip could not remove .comment and .note from ${programs}.")
endif()

# The licence text: Debian points at /usr/share/common-licenses/GPL-3 from
# /usr/share/doc/magpie/copyright (Policy 12.5) and lintian flags a second copy
# (extra-license-file); Fedora's packaging guidelines ("License Text") want it in
# /usr/share/licenses/<package>/. The RPM alone gets it.
if(CPACK_GENERATOR STREQUAL "RPM")
    file(COPY "${CPACK_MAGPIE_LICENSE_FILE}"
         DESTINATION "${staging}/share/licenses/${CPACK_PACKAGE_NAME}")
endif()
