#!/usr/bin/env bash
# SPDX-License-Identifier: GPL-3.0-or-later
# Proves that Magpie's .deb installs and runs on a clean Debian 12 (issue 8): a fresh minimal
# bookworm root (debootstrap --variant=minbase), apt resolving the package's dependencies, then
# `magpie --version`, `magpie-cli --version`, `magpie-server --version` and an offscreen start
# of magpie that opens the demo account and saves the main window as a PNG -- all run as a
# normal user from the installed files only (a cleared environment: nothing of the build tree
# or of this machine's Qt can help).
#
#   scripts/package-proof.sh [DEB]    without DEB: scripts/package.sh builds the packages first
#
# Environment:
#   MAGPIE_PROOF_MIRROR   Debian mirror (default http://deb.debian.org/debian)
#   MAGPIE_PROOF_FRESH=1  debootstrap again instead of reusing the cached minimal root
#   MAGPIE_PROOF_RECOMMENDS=1  install the Recommends too, as apt does by default (without it
#                         the proof is stricter: the Depends alone must make Magpie run)
#   MAGPIE_PROOF_CACHE    the cache folder (default build/proof-cache; CI, which clones afresh
#                         each time, may keep it elsewhere, as it keeps ccache's)
#
# Writes build/packages/proof-main-window.png (the screenshot, for a person to look at) and
# build/packages/package-proof-apt.log (apt's full output). Caches in MAGPIE_PROOF_CACHE:
# a tarball of the freshly debootstrapped root (remade after 14 days) and the .debs apt
# downloaded. The cache only saves downloads: every run unpacks a new root, never reuses one.
# Needs root (or sudo) for debootstrap, mount and chroot. Exits non-zero on any failure.
set -euo pipefail
cd "$(dirname "$0")/.."
repo=$PWD
started=$SECONDS

suite=bookworm
mirror="${MAGPIE_PROOF_MIRROR:-http://deb.debian.org/debian}"
security_mirror=http://deb.debian.org/debian-security
keyring=/usr/share/keyrings/debian-archive-keyring.gpg
arch=$(dpkg --print-architecture)
cache=$(realpath -m -- "${MAGPIE_PROOF_CACHE:-$repo/build/proof-cache}")
outdir="$repo/build/packages"
base_tarball="$cache/debian-$suite-minbase-$arch.tar"
apt_cache="$cache/apt-archives"
apt_log="$outdir/package-proof-apt.log"
max_base_age_days=14

say() { printf '%s\n' "$*"; }
step() { printf '\n=== [%4ss] %s ===\n' "$((SECONDS - started))" "$*"; }
fail() {
    printf '\npackage-proof.sh: FAIL: %s\n' "$*" >&2
    printf 'package-proof.sh: FAIL after %ss\n' "$((SECONDS - started))"
    exit 1
}

sudo=""
if [ "$(id -u)" -ne 0 ]; then
    command -v sudo >/dev/null || fail "debootstrap, mount and chroot need root: run as root or install sudo."
    sudo="sudo"
fi

# --- temporary roots: each a tmpfs, unmounted (never removed through a mount) at exit ---------
# A root lives in memory (fast to fill and to drop; about 1 GB with Magpie installed) and holds
# mounts of its own (proc and a tmpfs /dev; debootstrap's while it runs). Removing files
# through a mount would delete what is mounted, so: unmount deepest first, the root's tmpfs
# last, check with findmnt that nothing is mounted at or below it, and only then remove the
# (now empty) folder, never crossing into another filesystem.
roots=()
boot="" root=""
mounts_at_or_below() { findmnt -rn -o TARGET | awk -v r="$1" '$0 == r || index($0, r "/") == 1' | sort -r; }
remove_root() {
    local root=$1 m left
    [ -n "$root" ] && [ -d "$root" ] || return 0
    # A program still running inside the root (one the proof started and that outlived it)
    # keeps its mounts busy: end exactly those, found by their root folder.
    local process
    for process in /proc/[0-9]*; do
        if [ "$($sudo readlink "$process/root" 2>/dev/null)" = "$root" ]; then
            $sudo kill -KILL "${process#/proc/}" 2>/dev/null || true
        fi
    done
    sleep 0.2
    for _ in 1 2 3; do
        left=$(mounts_at_or_below "$root")
        [ -z "$left" ] && break
        while IFS= read -r m; do $sudo umount "$m" || true; done <<<"$left"
    done
    left=$(mounts_at_or_below "$root")
    if [ -n "$left" ]; then
        say "package-proof.sh: NOT removing $root: still mounted there:" >&2
        say "$left" >&2
        return 1
    fi
    $sudo rm -rf --one-file-system -- "$root"
}
cleanup() {
    local status=$? root
    for root in "${roots[@]}"; do remove_root "$root" || status=1; done
    exit "$status"
}
trap cleanup EXIT
trap 'exit 130' INT TERM
new_root() { # new_root VARIABLE: a new empty tmpfs, removed at exit (not run in a subshell:
    # the list of roots to remove must see it)
    local made
    made=$(mktemp -d "${TMPDIR:-/tmp}/magpie-proof.XXXXXX")
    roots+=("$made")
    $sudo mount -t tmpfs -o mode=755,size=3g magpie-proof "$made" \
        || fail "could not mount a tmpfs on $made for the Debian root."
    printf -v "$1" '%s' "$made"
}

# --- the package -----------------------------------------------------------------------------
step "package"
if [ $# -ge 1 ]; then
    deb=$(realpath -- "$1")
else
    [ -x scripts/package.sh ] || fail "scripts/package.sh is missing: pass a .deb, e.g. scripts/package-proof.sh build/packages/magpie_0.1.0_${arch}.deb"
    scripts/package.sh
    deb=$(ls -t "$outdir"/magpie_*_"$arch".deb 2>/dev/null | head -n 1 || true)
    [ -n "$deb" ] || fail "scripts/package.sh made no magpie_*_$arch.deb in $outdir."
fi
[ -f "$deb" ] || fail "$deb does not exist."
package=$(dpkg-deb -f "$deb" Package) || fail "$deb is not a Debian package."
version=$(dpkg-deb -f "$deb" Version)
[ "$package" = magpie ] || fail "$deb is the package '$package', not magpie."
[ "$(dpkg-deb -f "$deb" Architecture)" = "$arch" ] || fail "$deb is not built for $arch."
say "file:       $deb ($(du -h "$deb" | cut -f1))"
say "package:    $package $version"
say "Depends:    $(dpkg-deb -f "$deb" Depends)"
say "Recommends: $(dpkg-deb -f "$deb" Recommends)"

# --- host tools ------------------------------------------------------------------------------
if ! command -v debootstrap >/dev/null; then
    step "installing debootstrap on this machine"
    export DEBIAN_FRONTEND=noninteractive
    # Another apt may be running (deps.sh, a person): wait for its lock rather than fail.
    $sudo apt-get -o DPkg::Lock::Timeout=600 update -qq \
        && $sudo apt-get -o DPkg::Lock::Timeout=600 install -y -qq --no-install-recommends \
            debootstrap debian-archive-keyring >/dev/null \
        || fail "could not install debootstrap with apt-get (see the lines above)."
fi
[ -f "$keyring" ] || fail "$keyring is missing: install debian-archive-keyring (debootstrap checks the archive's signature with it)."

# --- a fresh minimal Debian 12, cached as a tarball -------------------------------------------
mkdir -p "$cache" "$apt_cache" "$outdir"
rm -f "$outdir/proof-main-window.png" # a picture from an earlier run must not pass for this one
if [ "${MAGPIE_PROOF_FRESH:-0}" = 1 ] || [ ! -s "$base_tarball" ] \
    || [ -n "$(find "$base_tarball" -mtime +"$max_base_age_days")" ]; then
    step "debootstrap --variant=minbase $suite from $mirror (cached for $max_base_age_days days)"
    new_root boot
    # The archive's signature is checked against Debian's keyring: a proof on a tampered base
    # proves nothing.
    $sudo debootstrap --variant=minbase --arch="$arch" --keyring="$keyring" \
        "$suite" "$boot" "$mirror" >"$cache/debootstrap.log" 2>&1 \
        || { tail -n 30 "$cache/debootstrap.log" >&2; fail "debootstrap failed (log: $cache/debootstrap.log)."; }
    [ "$(mounts_at_or_below "$boot")" = "$boot" ] || fail "debootstrap left mounts below $boot."
    { $sudo tar --numeric-owner -C "$boot" -cpf "$base_tarball.part" . \
        && $sudo mv "$base_tarball.part" "$base_tarball"; } \
        || fail "could not write the cached root $base_tarball (is $cache full?)."
    remove_root "$boot"
    say "cached: $base_tarball ($(du -h "$base_tarball" | cut -f1))"
else
    step "minimal $suite root from the cache ($(du -h "$base_tarball" | cut -f1), made $(date -r "$base_tarball" '+%F %R'))"
fi

new_root root
$sudo tar --numeric-owner -C "$root" -xpf "$base_tarball"
$sudo chmod 755 "$root" # the tarball's "." is debootstrap's mktemp folder: 700
say "unpacked into $root ($($sudo du -sh "$root" | cut -f1))"

# proc for apt and Qt; /dev as our own tmpfs with the usual nodes, so this machine's /dev is
# never bind-mounted into a folder that is later removed.
$sudo mount -t proc proc "$root/proc"
$sudo mount -t tmpfs -o mode=755,size=64m tmpfs "$root/dev"
for node in "null c 1 3" "zero c 1 5" "full c 1 7" "random c 1 8" "urandom c 1 9" "tty c 5 0"; do
    # shellcheck disable=SC2086 # the node's name, type and numbers are separate arguments
    set -- $node
    $sudo mknod -m 666 "$root/dev/$1" "$2" "$3" "$4"
done
$sudo mkdir -m 1777 "$root/dev/shm"
$sudo mkdir -m 755 "$root/dev/pts"
$sudo ln -s /proc/self/fd "$root/dev/fd"
$sudo ln -s /proc/self/fd/0 "$root/dev/stdin"
$sudo ln -s /proc/self/fd/1 "$root/dev/stdout"
$sudo ln -s /proc/self/fd/2 "$root/dev/stderr"

# A Debian 12 as installed: the release, its updates and its security archive.
$sudo cp /etc/resolv.conf "$root/etc/resolv.conf"
$sudo tee "$root/etc/apt/sources.list" >/dev/null <<EOF
deb $mirror $suite main
deb $mirror $suite-updates main
deb $security_mirror $suite-security main
EOF
# Nothing a dependency pulls in may start a service in the root (Debian Policy 9.3.3.1).
printf '#!/bin/sh\nexit 101\n' | $sudo tee "$root/usr/sbin/policy-rc.d" >/dev/null
$sudo chmod 755 "$root/usr/sbin/policy-rc.d"

in_root() {
    $sudo chroot "$root" /usr/bin/env -i PATH=/usr/sbin:/usr/bin:/sbin:/bin LANG=C.UTF-8 \
        DEBIAN_FRONTEND=noninteractive "$@"
}
installed_count() { in_root dpkg-query -W -f '${db:Status-Abbrev}\n' | grep -c '^ii'; }

# --- apt installs the package and its dependencies ------------------------------------------
step "apt-get install ./$(basename "$deb") (dependencies from $mirror)"
: >"$apt_log"
in_root apt-get -o Acquire::Languages=none update >>"$apt_log" 2>&1 \
    || { tail -n 20 "$apt_log" >&2; fail "apt-get update failed in the root (log: $apt_log)."; }
before=$(installed_count)
# Downloads of earlier runs: apt checks each against the archive's hashes and fetches again
# whatever changed, so the cache only saves time.
find "$apt_cache" -name '*.deb' -exec $sudo cp -t "$root/var/cache/apt/archives/" {} +
$sudo cp "$deb" "$root/tmp/"
$sudo chmod 644 "$root/tmp/$(basename "$deb")"
# By default without Recommends: the Depends alone must make Magpie run. dpkg skips its fsync
# calls (--force-unsafe-io): the root is thrown away, so a crash cannot leave a half-written
# system.
recommends=--no-install-recommends
[ "${MAGPIE_PROOF_RECOMMENDS:-0}" = 1 ] && recommends=--install-recommends
say "apt-get install $recommends"
if ! in_root apt-get install -y "$recommends" -o APT::Keep-Downloaded-Packages=true \
    -o Dpkg::Use-Pty=0 -o Dpkg::Options::=--force-unsafe-io \
    "/tmp/$(basename "$deb")" >>"$apt_log" 2>&1; then
    tail -n 30 "$apt_log" >&2
    fail "apt-get could not install $(basename "$deb") on a clean Debian 12 (log: $apt_log)."
fi
after=$(installed_count)
# Back to the cache, without what the archive no longer offers (autoclean), so superseded
# versions do not pile up.
in_root apt-get autoclean >>"$apt_log" 2>&1 || true
find "$apt_cache" -maxdepth 1 -name '*.deb' -delete
find "$root/var/cache/apt/archives" -maxdepth 1 -name '*.deb' -exec cp -t "$apt_cache/" {} +
grep -E '^[0-9]+ upgraded, [0-9]+ newly installed' "$apt_log" | tail -n 1 || true
say "packages in the root: $before before, $after after ($((after - before)) installed by apt, magpie included)"
say "apt's full output: $apt_log"
in_root dpkg-query -W -f '${Status} ${Package} ${Version}\n' magpie

# --- run as a normal user, from the installed files only ------------------------------------
in_root useradd --create-home --user-group --shell /bin/sh proof
uid=$(in_root id -u proof)
gid=$(in_root id -g proof)
in_root install -d -m 700 -o proof -g proof /tmp/runtime-proof
as_user() {
    $sudo chroot --userspec="$uid:$gid" --groups="$gid" "$root" /usr/bin/env -i \
        HOME=/home/proof USER=proof LOGNAME=proof PATH=/usr/local/bin:/usr/bin:/bin \
        LANG=C.UTF-8 XDG_RUNTIME_DIR=/tmp/runtime-proof "$@"
}

failures=0
# Prints a program's output, a run of identical lines once with its count (Qt's offscreen
# plugin repeats one notice per window it cannot size).
show() {
    awk 'function flush() { if (n > 1) printf "%s   [%d times]\n", prev, n; else if (n) print prev }
         $0 == prev { n++; next } { flush(); prev = $0; n = 1 } END { flush() }' <<<"$1"
}
check() { # check DESCRIPTION: prints PASS or FAIL for the last command's status in $rc
    if [ "$rc" -eq 0 ]; then say "PASS: $1"; else say "FAIL: $1"; failures=$((failures + 1)); fi
}
# Qt reports a missing library or plugin on stderr and may go on without it: such a line is a
# packaging bug even when the program exits 0.
missing_pieces='cannot open shared object|Cannot load library|Could not load the Qt platform plugin|Could not find the Qt platform plugin|driver not loaded|QSqlDatabase: .* not available'

for program in magpie magpie-cli magpie-server; do
    step "$program --version (as user proof)"
    say "\$ $program --version"
    rc=0
    out=$(as_user "/usr/bin/$program" --version 2>&1) || rc=$?
    show "$out"
    say "(exit code $rc)"
    if [ "$rc" -eq 0 ] && ! grep -qF "$version" <<<"$out"; then
        say "the output does not name the package's version $version"
        rc=1
    fi
    if grep -qE "$missing_pieces" <<<"$out"; then rc=1; fi
    check "$program --version"
done

step "shared libraries of the programs and of the Qt plugins they load (ldd, as user proof)"
# The offscreen platform plugin ships with libqt6gui6; a desktop session loads xcb (or wayland)
# from qt6-qpa-plugins instead, so each platform plugin's libraries must resolve as well.
# Qt's plugins live in the multiarch folder (/usr/lib/<triplet>/qt6/plugins), put there by
# libqt6core6 (QLibraryInfo's plugin path on Debian).
qt_plugins=$(cd "$root" && find usr/lib -mindepth 3 -maxdepth 3 -path 'usr/lib/*/qt6/plugins' | head -n 1)
[ -n "$qt_plugins" ] || fail "no Qt 6 plugin folder under /usr/lib in the root."
qt_plugins=/$qt_plugins
rc=0
for file in /usr/bin/magpie /usr/bin/magpie-cli /usr/bin/magpie-server \
    "$qt_plugins"/platforms/libqxcb.so "$qt_plugins"/platforms/libqoffscreen.so \
    "$qt_plugins"/sqldrivers/libqsqlite.so "$qt_plugins"/imageformats/libqsvg.so; do
    if [ ! -e "$root$file" ]; then
        say "missing: $file"
        rc=1
        continue
    fi
    unresolved=$(as_user ldd "$file" 2>&1 | grep -F 'not found' || true)
    if [ -n "$unresolved" ]; then
        say "$file: $unresolved"
        rc=1
    else
        say "$file: $(as_user ldd "$file" | wc -l) libraries, all found"
    fi
done
check "every shared library found"

step "offscreen start of magpie with the demo account (as user proof)"
command_line="QT_QPA_PLATFORM=offscreen magpie --demo --profile /tmp/proof-profile --screenshot /tmp/proof.png"
say "\$ $command_line"
rc=0
out=$(as_user QT_QPA_PLATFORM=offscreen timeout 180 /usr/bin/magpie --demo \
    --profile /tmp/proof-profile --screenshot /tmp/proof.png 2>&1) || rc=$?
[ -n "$out" ] && show "$out"
say "(exit code $rc)"
if grep -qE "$missing_pieces" <<<"$out"; then
    say "Qt could not load a library or plugin the package should have brought"
    rc=1
fi
png="$root/tmp/proof.png"
if [ "$rc" -eq 0 ]; then
    if [ ! -s "$png" ]; then
        say "no screenshot at /tmp/proof.png"
        rc=1
    elif [ "$(od -An -tx1 -N8 "$png" | tr -d ' \n')" != 89504e470d0a1a0a ]; then
        say "/tmp/proof.png is not a PNG file (PNG signature, RFC 2083 section 3.1)"
        rc=1
    else
        # IHDR follows the signature: width and height, 4 bytes each, big-endian (RFC 2083 4.1.1).
        read -r w1 w2 w3 w4 h1 h2 h3 h4 < <(od -An -tu1 -j16 -N8 "$png")
        width=$(((w1 << 24) | (w2 << 16) | (w3 << 8) | w4))
        height=$(((h1 << 24) | (h2 << 16) | (h3 << 8) | h4))
        bytes=$(stat -c %s "$png")
        say "screenshot: ${width}x${height} pixels, $bytes bytes"
        # A window with a folder list and messages compresses to tens of KB; a blank or
        # failed render is a few KB.
        if [ "$width" -lt 400 ] || [ "$height" -lt 300 ] || [ "$bytes" -lt 10000 ]; then
            say "the screenshot is too small to show the main window"
            rc=1
        fi
        cp "$png" "$outdir/proof-main-window.png"
        say "copied to $outdir/proof-main-window.png"
    fi
fi
check "offscreen start of magpie with the demo account, screenshot saved"

step "result"
elapsed=$((SECONDS - started))
if [ "$failures" -ne 0 ]; then
    say "package-proof.sh: FAIL ($failures of 5 checks failed) for $package $version on a clean Debian 12, ${elapsed}s"
    exit 1
fi
say "package-proof.sh: PASS: $package $version installs and runs on a clean Debian 12 (${elapsed}s)"
