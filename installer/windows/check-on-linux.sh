#!/bin/bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Checks the Windows and macOS packaging code as far as Linux can: a scratch CMake project that
# includes installer/Platforms.cmake with WIN32 (then APPLE) forced on, around three stand-in
# programs, then
#   - the three .rc files it configures go through GNU windres (the icon and VERSIONINFO parse),
#   - cpack -G NSIS runs makensis over CMake's NSIS script with installer/windows/MailClient.nsh
#     (only CMake's own template may warn),
#   - the configured Info.plist parses as a property list,
#   - the generated macOS deploy step runs (with logging stand-ins for macdeployqt, otool,
#     install_name_tool and codesign) and does its three things in order.
# It proves the configuration, not Windows or macOS behaviour (docs/platforms.md).
#
# Usage: installer/windows/check-on-linux.sh [BUILD_DIR]   (default build/ci: its magpie_icons
# target renders the icon). Needs: cmake, ninja, g++, makensis (nsis), x86_64-w64-mingw32-windres
# (binutils-mingw-w64-x86-64), mingw-w64-x86-64-dev (winver.h), python3.
set -euo pipefail

source_dir="$(cd "$(dirname "$0")/../.." && pwd)"
build_dir="${1:-$source_dir/build/ci}"
for tool in cmake ninja makensis x86_64-w64-mingw32-windres python3; do
    command -v "$tool" >/dev/null || { echo "check-on-linux: $tool is missing" >&2; exit 1; }
done
[ -f /usr/share/mingw-w64/include/winver.h ] \
    || { echo "check-on-linux: winver.h is missing (mingw-w64-x86-64-dev)" >&2; exit 1; }

cmake --build "$build_dir" --target magpie_icons >/dev/null
work="$(mktemp -d)"
trap 'rm -rf "$work"' EXIT

# Stand-ins for what Qt, QtKeychain and OpenSSL would give on Windows.
mkdir -p "$work/ssl/include/openssl" "$work/ssl/bin" "$work/ssl/lib"
touch "$work/ssl/include/openssl/ssl.h" "$work/ssl/lib/libcrypto.lib" \
      "$work/ssl/bin/libcrypto-3-x64.dll" "$work/ssl/bin/libssl-3-x64.dll" "$work/qt6keychain.dll"
cat > "$work/deploy-support.cmake" <<'EOF'
set(QT_DEPLOY_BIN_DIR bin)
function(qt_deploy_runtime_dependencies)
    message(STATUS "qt_deploy_runtime_dependencies(${ARGV})")
endfunction()
EOF
mkdir -p "$work/project"
cat > "$work/project/CMakeLists.txt" <<EOF
cmake_minimum_required(VERSION 3.21)
project(Magpie VERSION 0.1.0 LANGUAGES CXX)
if(FAKE_SYSTEM STREQUAL "Windows")
    set(WIN32 1)
else()
    set(APPLE 1)
endif()
set(CMAKE_INSTALL_DOCDIR "share/doc/magpie" CACHE PATH "")
include(GNUInstallDirs)
set(Qt6_VERSION 6.8.3)
set(QT_DEPLOY_SUPPORT "$work/deploy-support.cmake")
set(OPENSSL_CRYPTO_LIBRARY "$work/ssl/lib/libcrypto.lib" CACHE FILEPATH "")
set(OPENSSL_INCLUDE_DIR "$work/ssl/include" CACHE PATH "")
set(MAGPIE_ICON_DIR "$build_dir/icons")
add_custom_target(magpie_icons)
add_library(Qt6Keychain::Qt6Keychain SHARED IMPORTED)
set_target_properties(Qt6Keychain::Qt6Keychain PROPERTIES IMPORTED_LOCATION "$work/qt6keychain.dll")
set(PROJECT_SOURCE_DIR "$source_dir")
include("$source_dir/installer/Platforms.cmake")
file(WRITE "\${PROJECT_BINARY_DIR}/main.cpp" "int main() { return 0; }\n")
foreach(name magpie magpie-cli magpie-server)
    add_executable(\${name} "\${PROJECT_BINARY_DIR}/main.cpp")
    install(TARGETS \${name} RUNTIME DESTINATION \${CMAKE_INSTALL_BINDIR} BUNDLE DESTINATION .)
endforeach()
set_target_properties(magpie PROPERTIES WIN32_EXECUTABLE ON MACOSX_BUNDLE ON)
magpie_platform_executable(magpie "Magpie mail client")
set(CPACK_PACKAGE_NAME "magpie")
set(CPACK_PACKAGE_VENDOR "The Magpie developers")
set(CPACK_RESOURCE_FILE_LICENSE "$source_dir/LICENSE")
set(CPACK_PACKAGE_INSTALL_DIRECTORY "Magpie")
include(CPack)
EOF

echo "== Windows"
win="$work/windows"
cmake -S "$work/project" -B "$win" -G Ninja -DFAKE_SYSTEM=Windows -DCMAKE_BUILD_TYPE=Release \
    >"$work/windows-configure.log" 2>&1 \
    || { cat "$work/windows-configure.log"; exit 1; }
cmake --build "$win" >/dev/null
for name in magpie magpie-cli magpie-server; do
    # windres runs the host preprocessor, told that it preprocesses for 64-bit Windows.
    x86_64-w64-mingw32-windres --preprocessor=gcc --preprocessor-arg=-E \
        --preprocessor-arg=-xc-header --preprocessor-arg=-DRC_INVOKED \
        --preprocessor-arg=-D_WIN32 --preprocessor-arg=-D_WIN64 --preprocessor-arg=-U__linux__ \
        --preprocessor-arg=-I/usr/share/mingw-w64/include \
        -i "$win/installer/windows/$name.rc" -O res -o "$work/$name.res"
    python3 - "$work/$name.res" "$name.exe" <<'EOF'
import sys
res = open(sys.argv[1], "rb").read()
for text in ("OriginalFilename", sys.argv[2], "ProductVersion"):
    if text.encode("utf-16-le") not in res:
        sys.exit(f"{sys.argv[1]}: no {text} in the version information")
EOF
    echo "$name.rc: icon and VERSIONINFO compile"
done
(cd "$win" && cpack -G NSIS >"$work/cpack.log" 2>&1) || { cat "$work/cpack.log"; exit 1; }
nsis_dir="$win/_CPack_Packages/Linux/NSIS"
warnings="$(makensis -V2 "$nsis_dir/project.nsi" 2>&1 | grep -E '^warning [0-9]+:' | sort -u)"
# CMake's template leaves these unused in a script without the PATH page or components.
unexpected="$(grep -v -E 'select_NT_profile|"AR_SecFlags"|"AR_RegFlags"' <<<"$warnings" || true)"
if [ -n "$unexpected" ]; then
    echo "makensis warns about more than CMake's template:" >&2
    echo "$unexpected" >&2
    exit 1
fi
grep -q 'insertmacro MagpieRegisterMailClient' "$nsis_dir/project.nsi"
grep -q 'insertmacro MagpieUnregisterMailClient' "$nsis_dir/project.nsi"
echo "NSIS: $(basename "$(ls "$win"/Magpie-*-windows-x64.exe)") built; mail-client macros in install and uninstall"

echo "== macOS"
mac="$work/macos"
cmake -S "$work/project" -B "$mac" -G Ninja -DFAKE_SYSTEM=Darwin -DCMAKE_BUILD_TYPE=Release \
    >"$work/macos-configure.log" 2>&1 \
    || { cat "$work/macos-configure.log"; exit 1; }
python3 - "$mac/installer/macos/Info.plist" <<'EOF'
import plistlib, sys
info = plistlib.load(open(sys.argv[1], "rb"))
assert info["CFBundleIdentifier"] == "org.magpiemail.Magpie"
assert info["CFBundleExecutable"] == "Magpie"
assert info["CFBundleURLTypes"][0]["CFBundleURLSchemes"] == ["mailto"]
assert "com.apple.mail.email" in info["CFBundleDocumentTypes"][0]["LSItemContentTypes"]
print("Info.plist: parses; identifier, executable, mailto and .eml types present;"
      " LSMinimumSystemVersion", info["LSMinimumSystemVersion"])
EOF
grep -q 'DragNDrop' "$mac/CPackConfig.cmake"
# The generated deploy step, run with stand-ins for Apple's tools that log their arguments:
# macdeployqt for the bundle and both tools, then the build machine's run paths dropped
# (only the absolute ones), then the ad hoc signature.
tools="$work/apple-tools"
mkdir -p "$tools" "$work/prefix/Magpie.app/Contents/MacOS"
cat > "$tools/otool" <<'EOF'
#!/bin/sh
printf '%s\n' "Load command 20" "          cmd LC_RPATH" \
    "         path /Users/runner/work/_temp/Qt/6.8.3/macos/lib (offset 12)" \
    "Load command 21" "          cmd LC_RPATH" \
    "         path @executable_path/../Frameworks (offset 12)"
EOF
# shellcheck disable=SC2016 # $0 and $* belong to the stand-in script, not to this one
printf '#!/bin/sh\necho "$(basename "$0") $*" >> "%s"\n' "$work/apple-tools.log" > "$tools/log"
chmod +x "$tools/otool" "$tools/log"
ln -s log "$tools/install_name_tool"
ln -s log "$tools/codesign"
PATH="$tools:$PATH" cmake -DQT_DEPLOY_PREFIX="$work/prefix" \
    -P "$(ls "$mac"/installer/deploy-macos-*.cmake)" > "$work/deploy.log"
grep -q 'qt_deploy_runtime_dependencies(EXECUTABLE;Magpie.app;ADDITIONAL_EXECUTABLES;Magpie.app/Contents/MacOS/magpie-cli;Magpie.app/Contents/MacOS/magpie-server)' "$work/deploy.log"
[ "$(grep -c '^install_name_tool -delete_rpath /Users/runner/work/_temp/Qt/6.8.3/macos/lib ' \
     "$work/apple-tools.log")" = 3 ]
if [ "$(grep -c 'delete_rpath' "$work/apple-tools.log")" != 3 ]; then
    echo "the deploy step drops more than the build machine's run paths:" >&2
    cat "$work/apple-tools.log" >&2
    exit 1
fi
tail -n 1 "$work/apple-tools.log" | grep -q '^codesign --force --deep --sign - .*/Magpie.app$'
echo "deploy step: macdeployqt for the bundle and both tools, build run paths dropped, signed"
