#!/usr/bin/env bash
# From the PyInstaller bundle in dist/casenotes/, build the Linux packages beside it:
#   dist/casenotes-VERSION-linux-ARCH.tar.gz   the bundle, install.sh, README.txt, recover.py, icons
#   dist/casenotes_VERSION_DEBARCH.deb         /opt/casenotes, /usr/bin/casenotes, menu entry, icons
# Run by `make dist` after PyInstaller. Needs dpkg-deb (and readelf from binutils, ldd, dpkg -S
# to find which system packages the bundle's Qt still needs).
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/../.." && pwd)"
here="$repo/packaging/linux"
bundle="$repo/dist/casenotes"
[[ -x "$bundle/casenotes" ]] || { echo "make_packages: no bundle in $bundle (run PyInstaller first)" >&2; exit 1; }
version="$("$bundle/casenotes" --version)"; version="${version#casenotes }"
arch="$(uname -m)"
debarch="$(dpkg --print-architecture 2>/dev/null || echo amd64)"
sizes=(16 24 32 48 64 128 256 512)
work="$(mktemp -d "${TMPDIR:-/tmp}/casenotes-pkg.XXXXXX")"
trap 'rm -rf "$work"' EXIT

# ---- the tarball --------------------------------------------------------------------------
name="casenotes-$version-linux-$arch"
top="$work/$name"
mkdir -p "$top/icons"
cp -a "$bundle" "$top/casenotes"
cp "$here/install.sh" "$here/casenotes.desktop" "$top/"
sed "s/@VERSION@/$version/" "$here/README.txt" > "$top/README.txt"
cp "$repo/tools/recover.py" "$top/recover.py"
cp "$repo"/resources/icons/casenotes-*.png "$repo/resources/icons/casenotes.svg" "$top/icons/"
chmod 0755 "$top/install.sh" "$top/recover.py"
tarball="$repo/dist/$name.tar.gz"
tar -C "$work" --owner=0 --group=0 --numeric-owner -czf "$tarball" "$name"
echo "built $tarball ($(du -h "$tarball" | cut -f1))"

# ---- the .deb -----------------------------------------------------------------------------
root="$work/deb"
mkdir -p "$root/DEBIAN" "$root/opt" "$root/usr/bin" "$root/usr/share/applications" \
         "$root/usr/share/doc/casenotes"
cp -a "$bundle" "$root/opt/casenotes"
cp "$repo/tools/recover.py" "$root/opt/casenotes/recover.py"
sed "s/@VERSION@/$version/" "$here/README.txt" \
    | sed 's|^    ./install.sh.*||' > "$root/usr/share/doc/casenotes/README.txt"
ln -s /opt/casenotes/casenotes "$root/usr/bin/casenotes"
cp "$here/casenotes.desktop" "$root/usr/share/applications/casenotes.desktop"
for size in "${sizes[@]}"; do
    install -D -m 0644 "$repo/resources/icons/casenotes-$size.png" \
        "$root/usr/share/icons/hicolor/${size}x${size}/apps/casenotes.png"
done
install -D -m 0644 "$repo/resources/icons/casenotes.svg" \
    "$root/usr/share/icons/hicolor/scalable/apps/casenotes.svg"

# Depends: the X/xcb libraries Qt's xcb platform plugin needs (named, so that a system without
# them gets them even where the bundle carries a copy), plus the package of every library the
# bundle links to but does not carry (found with ldd against this system).
depends=(libc6 libxcb1 libxcb-cursor0 libxcb-icccm4 libxcb-image0 libxcb-keysyms1
         libxcb-randr0 libxcb-render-util0 libxcb-render0 libxcb-shape0 libxcb-shm0
         libxcb-sync1 libxcb-xfixes0 libxcb-xinerama0 libxcb-xkb1 libxkbcommon0
         libxkbcommon-x11-0 libx11-6 libx11-xcb1 libegl1 libgl1 libfontconfig1 libfreetype6
         libdbus-1-3 libglib2.0-0)
mapfile -t system_libs < <(
    find "$bundle" -type f \( -name '*.so*' -o -name casenotes \) -print0 \
        | xargs -0 env LD_LIBRARY_PATH="$bundle/_internal" ldd 2>/dev/null \
        | awk '$2 == "=>" && $3 ~ /^\// {print $3}' | grep -v "^$bundle/" | sort -u)
for lib in "${system_libs[@]}"; do
    real="$(readlink -f "$lib")"
    pkg="$(dpkg -S "$real" 2>/dev/null || dpkg -S "$lib" 2>/dev/null || dpkg -S "*/${lib##*/}" 2>/dev/null || true)"
    pkg="${pkg%%:*}"
    [[ -n "$pkg" ]] && depends+=("$pkg")
done
depends_line="$(printf '%s\n' "${depends[@]}" | sort -u | paste -sd, - | sed 's/,/, /g')"
installed_size="$(du -sk "$root" | cut -f1)"
cat > "$root/DEBIAN/control" <<CONTROL
Package: casenotes
Version: $version
Architecture: $debarch
Maintainer: Casenotes <casenotes@localhost>
Installed-Size: $installed_size
Depends: $depends_line
Section: misc
Priority: optional
Homepage: https://example.invalid/casenotes
Description: private, encrypted case notes for psychotherapists
 Casenotes keeps a psychotherapist's case notes in an encrypted vault on their own
 computer, offline: cases, notes with templates, reflection prompts, de-identified
 consultation summaries, search, backups and a recovery key.
 .
 This package carries its own Python and Qt in /opt/casenotes. Vaults and backups live
 in each user's home folder and are never touched by removing the package.
 /opt/casenotes/recover.py reads a vault with any Python 3.11+ and python3-cryptography.
CONTROL
find "$root" -type d -exec chmod 0755 {} +
deb="$repo/dist/casenotes_${version}_${debarch}.deb"
dpkg-deb --root-owner-group -Zxz --build "$root" "$deb" >/dev/null
echo "built $deb ($(du -h "$deb" | cut -f1))"
echo "Depends: $depends_line"
