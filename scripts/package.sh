#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Builds Magpie's Linux packages from the ci build and checks them (issue 8):
#
#   scripts/package.sh [--no-build]
#
#   1. the ci preset's packaged targets (programs, icons, compressed man pages); --no-build
#      skips this and uses build/ci as it is (scripts/test.sh, which has just built it all);
#   2. cpack -G "DEB;RPM" into build/packages/: magpie_<version>_<arch>.deb and
#      magpie-<version>-1.<arch>.rpm (paths printed);
#   3. the validators on the files the packages hold: desktop-file-validate, appstreamcli
#      validate --no-net (the file, then validate-tree on the whole installed tree), lintian
#      (errors fail; warnings and notes are printed);
#   4. the .deb's Depends and the .rpm's Requires name the Qt run-time plug-ins and QtKeychain,
#      both packages hold every file a user needs, and the packaged magpie finds its translations.
# Prints each tool's output; exits non-zero when anything failed (after running every check).
# scripts/package-proof.sh then installs the .deb into a clean Debian 12 root.
set -euo pipefail
cd "$(dirname "$0")/.."

build=1
case "${1:-}" in
    --no-build) build="" ;;
    "") ;;
    *) echo "usage: scripts/package.sh [--no-build]" >&2; exit 2 ;;
esac

scripts/deps.sh
export CCACHE_BASEDIR="${CCACHE_BASEDIR:-$PWD}" CCACHE_NOHASHDIR=1
step() { printf '\n=== %s ===\n' "$*"; }
failures=()
fail() { echo "package.sh: $*" >&2; failures+=("$*"); }

binary=build/ci
out="$PWD/build/packages"
if [ -n "$build" ]; then
    step "build (ci preset: the packaged targets)"
    cmake --preset ci >/dev/null
    cmake --build "$binary" -j "$(nproc)" \
        --target magpie magpie-cli magpie-server magpie_icons magpie_linux_docs
else
    for f in src/app/magpie src/cli/magpie-cli src/server/magpie-server \
             installer/linux/magpie.1.gz icons/hicolor/scalable/apps/org.magpiemail.Magpie.svg; do
        [ -e "$binary/$f" ] || {
            echo "package.sh: $binary/$f is missing: build the ci preset first," \
                 "or run scripts/package.sh without --no-build." >&2
            exit 1
        }
    done
fi

step "packages (cpack -G \"DEB;RPM\")"
mkdir -p "$out"
rm -rf "$out/_CPack_Packages" "$out"/magpie_*.deb "$out"/magpie-*.rpm
if ! (cd "$binary" && cpack -G "DEB;RPM" -B "$out") >"$out/cpack.log" 2>&1; then
    tail -n 30 "$out/cpack.log" >&2
    echo "package.sh: cpack failed; its whole output is in $out/cpack.log." >&2
    exit 1
fi
deb=$(ls "$out"/magpie_*.deb)
rpm=$(ls "$out"/magpie-*.rpm)
echo "$deb"
echo "$rpm"

# The files as packaged: the validators read these, not the sources.
tree=$(mktemp -d)
trap 'rm -rf "$tree"' EXIT
dpkg-deb -x "$deb" "$tree"
desktop="$tree/usr/share/applications/org.magpiemail.Magpie.desktop"
metainfo="$tree/usr/share/metainfo/org.magpiemail.Magpie.metainfo.xml"

step "desktop-file-validate"
if report=$(desktop-file-validate "$desktop" 2>&1); then
    echo "${report:-$(basename "$desktop"): no errors, no warnings}"
else
    echo "$report"; fail "desktop-file-validate found errors in the desktop file."
fi

step "appstreamcli validate --no-net"
if ! appstreamcli validate --no-net "$metainfo"; then
    fail "appstreamcli found problems in the AppStream metainfo."
fi
# The installed tree as a whole: the metainfo's launchable names a desktop file that is there.
if ! appstreamcli validate-tree --no-net "$tree"; then
    fail "appstreamcli validate-tree found problems in the package's AppStream data."
fi

step "lintian"
# -I: notes too, so that they are seen; only errors fail (the issue: "lintian shows no errors").
# (Its "running with root privileges is not recommended!" is left out: CI runs as root.)
lintian_ok=1
report=$(lintian --fail-on error -I "$deb" 2>&1) || lintian_ok=""
report=$(grep -v 'running with root privileges' <<<"$report" || true)
echo "${report:-$(basename "$deb"): no errors, no warnings, no notes}"
[ -n "$lintian_ok" ] || fail "lintian found errors in $(basename "$deb")."

step "dependencies"
depends=$(dpkg-deb -f "$deb" Depends)
echo "Depends: $depends"
echo "Recommends: $(dpkg-deb -f "$deb" Recommends)"
# libqt6widgets6 ... come from dpkg-shlibdeps; the plug-ins only from installer/linux/Linux.cmake.
for p in libqt6widgets6 libqt6sql6 libqt6keychain1 libqt6svg6 libqt6sql6-sqlite qt6-qpa-plugins \
         libsecret-1-0; do
    grep -Eq "(^|, )$p( |,|$)" <<<"$depends" || fail "$(basename "$deb") does not depend on $p."
done
requires=$(rpm -qpR "$rpm" 2>/dev/null)
echo "Requires: $(grep -v '^rpmlib(' <<<"$requires" | tr '\n' ' ')"
echo "Recommends (rpm): $(rpm -qp --recommends "$rpm" 2>/dev/null | tr '\n' ' ')"
for p in 'libQt6Widgets.so.6()(64bit)' 'libqt6keychain.so.1()(64bit)' qt6-qtbase qt6-qtbase-gui \
         qt6-qtsvg qtkeychain-qt6 libsecret; do
    grep -qxF "$p" <<<"$requires" || fail "$(basename "$rpm") does not require $p."
done

step "contents"
expected=(
    /usr/bin/magpie /usr/bin/magpie-cli /usr/bin/magpie-server
    /usr/share/man/man1/magpie.1.gz /usr/share/man/man1/magpie-cli.1.gz
    /usr/share/man/man1/magpie-server.1.gz
    /usr/share/applications/org.magpiemail.Magpie.desktop
    /usr/share/metainfo/org.magpiemail.Magpie.metainfo.xml
    /usr/share/icons/hicolor/scalable/apps/org.magpiemail.Magpie.svg
    /usr/share/doc/magpie/copyright /usr/share/doc/magpie/changelog.gz
)
for size in 16 22 24 32 48 64 128 256 512; do
    expected+=("/usr/share/icons/hicolor/${size}x${size}/apps/org.magpiemail.Magpie.png")
done
deb_files=$(dpkg-deb -c "$deb" | awk '{print $6}' | sed 's|^\./|/|')
rpm_files=$(rpm -qpl "$rpm" 2>/dev/null)
for f in "${expected[@]}"; do
    grep -qxF "$f" <<<"$deb_files" || fail "$(basename "$deb") does not install $f."
    grep -qxF "$f" <<<"$rpm_files" || fail "$(basename "$rpm") does not install $f."
done
grep -qxF /usr/share/licenses/magpie/LICENSE <<<"$rpm_files" \
    || fail "$(basename "$rpm") does not install /usr/share/licenses/magpie/LICENSE."
echo "$(wc -l <<<"$deb_files") entries in the .deb, $(wc -l <<<"$rpm_files") in the .rpm;" \
     "${#expected[@]} required files checked in both."

# Magpie's catalogues are compiled into the program (translations/CMakeLists.txt, :/i18n): the
# packaged magpie must answer in German without any file beside it. "E-Mail-Programm" is
# magpie_de.ts's translation of the description in `magpie --help`.
help=$(LANG=de_DE.UTF-8 LC_ALL='' LANGUAGE='' QT_QPA_PLATFORM=offscreen \
       "$tree/usr/bin/magpie" --help 2>&1 || true)
if grep -q 'E-Mail-Programm' <<<"$help"; then
    echo "translations: the packaged magpie answers in German (LANG=de_DE.UTF-8)."
else
    fail "the packaged magpie did not find its German translation" \
         "(magpie --help with LANG=de_DE.UTF-8)."
fi

# Each manual page names every option its program's --help lists (the pages are written by
# hand: installer/linux/man/). Run from the package, with the package's own pages.
undocumented=0
check_page() { # PAGE PROGRAM [COMMAND]
    local page options option
    page=$(zcat "$tree/usr/share/man/man1/$1.1.gz" | sed 's/\\-/-/g')
    options=$(QT_QPA_PLATFORM=offscreen "$tree/usr/bin/$2" ${3:+"$3"} --help 2>/dev/null \
        | grep -oE '^ +(-[a-zA-Z?], )?--[a-z][a-z0-9-]*' | grep -oE -- '--[a-z0-9-]+' || true)
    [ -n "$options" ] || { fail "$2 ${3:-}--help listed no options."; return; }
    for option in $options; do
        if ! grep -qF -- "$option" <<<"$page"; then
            fail "$1(1) does not describe $option, which \`$2 ${3:+$3 }--help\` lists."
            undocumented=$((undocumented + 1))
        fi
    done
}
check_page magpie magpie
check_page magpie-server magpie-server
check_page magpie-cli magpie-cli
commands=$("$tree/usr/bin/magpie-cli" --help 2>/dev/null \
    | sed -n '/^Commands:/,/^$/p' | grep -oE '^  [a-z]+' | tr -d ' ' || true)
[ -n "$commands" ] || fail "magpie-cli --help listed no commands."
for command in $commands; do
    check_page magpie-cli magpie-cli "$command"
    zcat "$tree/usr/share/man/man1/magpie-cli.1.gz" | grep -q "^\.BI\? $command" \
        || fail "magpie-cli(1) has no entry for the command $command."
done
[ "$undocumented" -eq 0 ] && echo "man pages: every option of every --help is described."

if [ ${#failures[@]} -gt 0 ]; then
    printf '\npackage.sh: %d problem(s):\n' "${#failures[@]}" >&2
    printf '  - %s\n' "${failures[@]}" >&2
    exit 1
fi
printf '\npackage.sh: both packages built and checked:\n  %s\n  %s\n' "$deb" "$rpm"
