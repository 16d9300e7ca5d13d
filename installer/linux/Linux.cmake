# SPDX-License-Identifier: GPL-3.0-or-later
# Linux packages: one install tree, packed by CPack as a .deb (Debian 12, Ubuntu) and an .rpm
# (Fedora, openSUSE). scripts/package.sh builds both and runs the validators on them.
#
# Installed besides the three programs (cmake/MagpieModule.cmake installs those):
#   applications/org.magpiemail.Magpie.desktop   freedesktop Desktop Entry 1.5: mailto: and
#                                                .eml (message/rfc822) handler
#   metainfo/org.magpiemail.Magpie.metainfo.xml  AppStream, for software centres
#   icons/hicolor/<N>x<N>/apps, scalable/apps    Icon Theme spec; rendered by magpie_icons
#   man/man1/{magpie,magpie-cli,magpie-server}.1.gz
#   doc/magpie/copyright, changelog.gz           Debian Policy 12.5 and 12.7
#   doc/magpie/cli.md, server.md                 the manual pages' longer versions
# Magpie's own translations are compiled into the program (translations/CMakeLists.txt,
# resource prefix :/i18n); Qt's come from the system (qt6-translations-l10n).
set(magpie_linux_dir "${CMAKE_CURRENT_LIST_DIR}")
set(magpie_linux_out "${PROJECT_BINARY_DIR}/installer/linux")

# A release adds its entry to both release histories: the package's version must be the top one.
function(magpie_check_release_notes file pattern)
    file(STRINGS "${file}" first REGEX "${pattern}" LIMIT_COUNT 1)
    string(REGEX REPLACE ".*${pattern}.*" "\\1" version "${first}")
    if(NOT version STREQUAL PROJECT_VERSION)
        message(FATAL_ERROR "${file}: its newest release is '${version}', but the project is "
            "${PROJECT_VERSION}. Add an entry for ${PROJECT_VERSION} (what changed for users).")
    endif()
endfunction()
magpie_check_release_notes("${magpie_linux_dir}/changelog" "^magpie \\(([^)]+)\\)")
magpie_check_release_notes("${magpie_linux_dir}/org.magpiemail.Magpie.metainfo.xml"
    "<release version=\"([^\"]+)\"")

# Man pages and the changelog, compressed at build time with gzip -9n (Debian Policy 12.1 and
# 12.7: maximum compression, no file name or time stamp, so that builds are reproducible).
# The man pages' header (.TH) takes the version from the project.
set(magpie_gzipped)
foreach(source IN ITEMS man/magpie.1 man/magpie-cli.1 man/magpie-server.1 changelog)
    get_filename_component(name "${source}" NAME)
    set(input "${magpie_linux_dir}/${source}")
    if(source MATCHES "^man/")
        set(input "${magpie_linux_out}/${name}")
        configure_file("${magpie_linux_dir}/${source}" "${input}" @ONLY)
    endif()
    set(output "${magpie_linux_out}/${name}.gz")
    add_custom_command(OUTPUT "${output}"
        COMMAND sh -c "gzip -9n -c \"$1\" > \"$2\"" sh "${input}" "${output}"
        DEPENDS "${input}"
        COMMENT "Compressing ${name} (gzip -9n)"
        VERBATIM)
    list(APPEND magpie_gzipped "${output}")
endforeach()
add_custom_target(magpie_linux_docs ALL DEPENDS ${magpie_gzipped})

install(FILES "${magpie_linux_out}/magpie.1.gz" "${magpie_linux_out}/magpie-cli.1.gz"
              "${magpie_linux_out}/magpie-server.1.gz"
        DESTINATION "${CMAKE_INSTALL_MANDIR}/man1")
install(FILES "${magpie_linux_dir}/copyright" "${magpie_linux_out}/changelog.gz"
              "${PROJECT_SOURCE_DIR}/docs/cli.md" "${PROJECT_SOURCE_DIR}/docs/server.md"
        DESTINATION "${CMAKE_INSTALL_DOCDIR}")
install(FILES "${magpie_linux_dir}/org.magpiemail.Magpie.desktop"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/applications")
install(FILES "${magpie_linux_dir}/org.magpiemail.Magpie.metainfo.xml"
        DESTINATION "${CMAKE_INSTALL_DATADIR}/metainfo")
# Every size magpie_icons rendered, and the scalable drawing.
install(DIRECTORY "${MAGPIE_ICON_DIR}/hicolor" DESTINATION "${CMAKE_INSTALL_DATADIR}/icons"
        FILES_MATCHING PATTERN "org.magpiemail.Magpie.png" PATTERN "org.magpiemail.Magpie.svg")

# Per generator, after CPack's install: drop the sections strip leaves; the RPM's licence text.
set(CPACK_PRE_BUILD_SCRIPTS "${magpie_linux_dir}/PreBuild.cmake")
# (CPack passes only CPACK_* variables on to that script.)
set(CPACK_MAGPIE_LICENSE_FILE "${PROJECT_SOURCE_DIR}/LICENSE")

# No RUNPATH in the installed programs: qt_standard_project_setup() gives them
# $ORIGIN:$ORIGIN/../lib for self-contained installs, but a package's libraries come from the
# system's search path (Fedora's guidelines forbid rpaths; rpmlint: binary-or-shlib-defines-rpath).
# (Qt and QtKeychain are on that path in the build tree too, so the built programs need none.)
set_target_properties(magpie magpie-cli magpie-server PROPERTIES INSTALL_RPATH "")

set(CPACK_GENERATOR "DEB;RPM")
set(CPACK_PACKAGING_INSTALL_PREFIX "/usr")

# Debian. The shared libraries' packages (libqt6core6, libqt6widgets6, libqt6keychain1, ...)
# come from dpkg-shlibdeps. Named here is what is loaded only at run time:
#   libqt6sql6-sqlite  the SQLite driver (QSqlDatabase "QSQLITE", the mail cache)
#   qt6-qpa-plugins    the platform plugins (xcb for X11 and XWayland, offscreen)
#   libsecret-1-0      QtKeychain opens libsecret-1 with dlopen to reach the Secret Service
# libqt6svg6 also carries the SVG icon engine and image plug-ins (every icon is an SVG); it is
# not named because dpkg-shlibdeps already adds it with a version: magpie links Qt6::Svg.
# Recommended: a Secret Service or KWallet to keep passwords in, Qt's own translations
# (QLibraryInfo::TranslationsPath), xdg-mime for "Make Magpie the default mail client",
# Wayland's native platform plugin.
set(CPACK_DEBIAN_FILE_NAME DEB-DEFAULT)
set(CPACK_DEBIAN_PACKAGE_SECTION "mail")
set(CPACK_DEBIAN_PACKAGE_PRIORITY "optional")
set(CPACK_DEBIAN_PACKAGE_SHLIBDEPS ON)
set(CPACK_DEBIAN_PACKAGE_DEPENDS "libqt6sql6-sqlite, qt6-qpa-plugins, libsecret-1-0")
set(CPACK_DEBIAN_PACKAGE_RECOMMENDS
    "gnome-keyring | kwalletmanager, qt6-translations-l10n, xdg-utils, qt6-wayland")

# RPM (Fedora's package names). rpmbuild finds the shared libraries (libQt6Widgets.so.6()(64bit),
# libqt6keychain.so.1()(64bit), ...) itself; named here, as for Debian, what is loaded at run
# time: qt6-qtbase-gui (platform plugins), qt6-qtbase (also the SQLite driver), qt6-qtsvg (SVG
# plug-ins), qtkeychain-qt6, libsecret.
set(CPACK_RPM_FILE_NAME RPM-DEFAULT)
set(CPACK_RPM_PACKAGE_RELEASE 1)
set(CPACK_RPM_PACKAGE_LICENSE "GPL-3.0-or-later")
set(CPACK_RPM_PACKAGE_URL "https://magpiemail.org")
set(CPACK_RPM_PACKAGE_GROUP "Applications/Internet")
# Not relocatable: the desktop file, the man pages and the icons only work under /usr.
set(CPACK_RPM_NO_INSTALL_PREFIX_RELOCATION ON)
# Marked as the licence (rpm -qL), as Fedora's %license does (written by PreBuild.cmake).
set(CPACK_RPM_USER_FILELIST "%license /usr/share/licenses/magpie/LICENSE")
set(CPACK_RPM_PACKAGE_DESCRIPTION "${CPACK_PACKAGE_DESCRIPTION}")
set(CPACK_RPM_PACKAGE_REQUIRES "qt6-qtbase, qt6-qtbase-gui, qt6-qtsvg, qtkeychain-qt6, libsecret")
# Recommends as for Debian. CPack 3.25 drops its own weak-dependency tags when `rpm --suggests`
# (no package) fails, as it does with rpm 4.18; a preamble line is the same tag (rpm spec manual,
# "Dependencies"). Packager: likewise, which CPack has no variable for.
set(CPACK_RPM_SPEC_MORE_DEFINE "Recommends: gnome-keyring\nRecommends: qt6-qttranslations\n\
Recommends: xdg-utils\nRecommends: qt6-qtwayland\nPackager: ${CPACK_PACKAGE_CONTACT}")
# Directories the system's own packages (filesystem, hicolor-icon-theme) own: listing them
# would make this package claim them too.
set(CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION
    /usr/share/applications /usr/share/metainfo /usr/share/man /usr/share/man/man1
    /usr/share/icons /usr/share/icons/hicolor /usr/share/licenses)
foreach(size IN ITEMS 16 22 24 32 48 64 128 256 512 scalable)
    set(folder "/usr/share/icons/hicolor/${size}")
    if(NOT size STREQUAL "scalable")
        set(folder "${folder}x${size}")
    endif()
    list(APPEND CPACK_RPM_EXCLUDE_FROM_AUTO_FILELIST_ADDITION "${folder}" "${folder}/apps")
endforeach()
