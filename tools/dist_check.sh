#!/usr/bin/env bash
# `make dist-check`: build the desktop bundle and the Linux packages, then use them the way a
# user would, on this machine. Slow (a few minutes) and needs root for the .deb step; it is
# not part of `make test`.
#
#   1. `make dist`: the PyInstaller bundle (dist/casenotes/), the tarball and the .deb;
#   2. sizes, and ldd of Qt's xcb platform plugin: every library it needs resolves;
#   3. with HOME an empty temporary folder and a PATH with no Python on it: the tarball's
#      install.sh, then `casenotes --version`, `init`, `demo`, `verify`, `summary`, `search`;
#   4. the window under Xvfb: it appears, with its icon; a screenshot; core dumps are off;
#   5. install.sh --uninstall removes the program and leaves the vault;
#   6. the .deb with apt: /usr/bin/casenotes --version, desktop-file-validate, removal.
#
# Needs (Debian): xvfb xauth xdotool x11-utils imagemagick desktop-file-utils binutils.
#   SKIP_BUILD=1 tools/dist_check.sh   # use the packages already in dist/
#   SKIP_DEB=1   tools/dist_check.sh   # no apt step (not root)
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
out="$repo/dist/dist-check"
work="$(mktemp -d "${TMPDIR:-/tmp}/casenotes-dist-check.XXXXXX")"
trap 'rm -rf "$work"' EXIT
step() { printf '\n== %s\n' "$*"; }
fail() { printf 'dist_check: FAILED: %s\n' "$*" >&2; exit 1; }
ok() { printf '  ok: %s\n' "$*"; }

for tool in xvfb-run xdotool xprop import desktop-file-validate readelf; do
    command -v "$tool" >/dev/null || fail "$tool is missing (apt-get install xvfb xauth xdotool x11-utils imagemagick desktop-file-utils binutils)"
done

if [[ "${SKIP_BUILD:-0}" != "1" ]]; then
    step "build: make dist"
    start=$(date +%s)
    make -C "$repo" --no-print-directory dist
    echo "  built in $(( $(date +%s) - start )) s"
fi
bundle="$repo/dist/casenotes"
tarballs=("$repo"/dist/casenotes-*-linux-*.tar.gz)
debs=("$repo"/dist/casenotes_*.deb)
[[ -x "$bundle/casenotes" && -f "${tarballs[0]}" && -f "${debs[0]}" ]] || fail "dist/ lacks the bundle or a package"
rm -rf "$out"; mkdir -p "$out"

step "sizes"
echo "  bundle  dist/casenotes/  $(du -sh "$bundle" | cut -f1) ($(find "$bundle" -type f | wc -l) files)"
echo "  tarball ${tarballs[0]##*/}  $(du -h "${tarballs[0]}" | cut -f1)"
echo "  deb     ${debs[0]##*/}  $(du -h "${debs[0]}" | cut -f1)"
bundle_mb=$(du -sm "$bundle" | cut -f1)
(( bundle_mb < 250 )) || fail "the bundle is ${bundle_mb} MB: something unwanted came in"
for unwanted in QtWebEngine Qt3D QtMultimedia QtQml QtQuick QtNetwork; do
    if find "$bundle" -name "*${unwanted}*" | grep -q .; then fail "$unwanted is in the bundle"; fi
done
ok "no QtWebEngine, Qt3D, QtMultimedia, QtQml, QtQuick or QtNetwork"

step "Qt's xcb platform plugin: every library it needs resolves"
xcb="$bundle/_internal/PySide6/Qt/plugins/platforms/libqxcb.so"
[[ -f "$xcb" ]] || fail "no xcb platform plugin in the bundle"
missing="$(LD_LIBRARY_PATH="$bundle/_internal" ldd "$xcb" | grep 'not found' || true)"
[[ -z "$missing" ]] || fail "libqxcb.so: $missing"
ok "ldd libqxcb.so: nothing missing"

step "a user without Python: HOME empty, PATH without python"
home="$work/home"; mkdir -p "$home"
tools="$work/tools"; mkdir -p "$tools"
for cmd in sh cp mkdir sed ln rm mv rmdir dirname grep cat head cut tar gzip; do
    ln -s "$(command -v "$cmd")" "$tools/$cmd"
done
clean=(env -i HOME="$home" PATH="$home/.local/bin:$tools" LANG=C.UTF-8 TMPDIR="$work/tmp")
mkdir -p "$work/tmp"
if "${clean[@]}" sh -c 'command -v python3 || command -v python' >/dev/null; then
    fail "a python is on the clean PATH"
fi
ok "no python on PATH ($tools)"
tar -C "$work" -xzf "${tarballs[0]}"
unpacked=("$work"/casenotes-*-linux-*/)
for f in install.sh README.txt recover.py casenotes.desktop icons/casenotes.svg casenotes/casenotes; do
    [[ -e "${unpacked[0]}/$f" ]] || fail "the tarball lacks $f"
done
ok "tarball holds install.sh, README.txt, recover.py, the icons and the bundle"
"${clean[@]}" "${unpacked[0]}/install.sh" | sed 's/^/  /'
for f in .local/opt/casenotes/casenotes .local/opt/casenotes/recover.py .local/bin/casenotes \
         .local/share/applications/casenotes.desktop \
         .local/share/icons/hicolor/16x16/apps/casenotes.png \
         .local/share/icons/hicolor/512x512/apps/casenotes.png \
         .local/share/icons/hicolor/scalable/apps/casenotes.svg; do
    [[ -e "$home/$f" ]] || fail "install.sh did not write ~/$f"
done
desktop-file-validate "$home/.local/share/applications/casenotes.desktop" || fail "the installed .desktop file is not valid"
ok "install.sh wrote the program, the launcher, a valid .desktop entry and the icons"

cn() { "${clean[@]}" casenotes "$@"; }
printf 'quiet harbour lantern 7391 meadow\n' > "$work/pass.txt"
version="$(cn --version)"; echo "  casenotes --version: $version"
[[ "$version" == casenotes\ * ]] || fail "unexpected --version output"
cn init --passphrase-file "$work/pass.txt" </dev/null > "$work/init.txt" || fail "casenotes init"
vault="$home/.local/share/casenotes/casenotes.vault"
[[ -f "$vault" ]] || fail "init made no vault at ~/.local/share/casenotes/casenotes.vault"
ok "init: a vault at ~/.local/share/casenotes/casenotes.vault (the migrations ran from the bundle)"
cn demo --cases 6 --notes 40 --seed 1 --passphrase-file "$work/pass.txt" </dev/null | sed 's/^/  demo: /'
cn verify --passphrase-file "$work/pass.txt" </dev/null | sed 's/^/  verify: /' || fail "casenotes verify"
printf 'session\n' > "$work/query.txt"
cn search --json --query-file "$work/query.txt" --passphrase-file "$work/pass.txt" </dev/null > "$work/search.json" \
    || fail "casenotes search --query-file"
case_code="$(grep -o '"C-[0-9]*"' "$work/search.json" | head -1 | tr -d '"')"
[[ -n "$case_code" ]] || fail "search found no note with 'session'"
hits="$(printf 'session\n' | cn search --passphrase-file "$work/pass.txt" | grep -c . || true)"
(( hits > 0 )) || fail "search (query on stdin) found nothing"
ok "search: $hits results for 'session' (query on stdin), the same with --query-file --json"
cn summary "$case_code" -o "$work/summary.md" --passphrase-file "$work/pass.txt" </dev/null \
    || fail "casenotes summary $case_code"
[[ -s "$work/summary.md" ]] || fail "the summary is empty"
ok "summary $case_code: $(wc -l < "$work/summary.md") lines (prompts, templates and word lists from the bundle)"
leftovers="$(find "$work/tmp" -mindepth 1 | head -5)"
[[ -z "$leftovers" ]] || fail "files were left in TMPDIR: $leftovers"
ok "nothing written to TMPDIR"

step "the window under Xvfb"
cat > "$work/gui.sh" <<'GUI'
casenotes &
pid=$!
wid="$(timeout 60 xdotool search --sync --onlyvisible --name '^Casenotes$' | head -1)"
[ -n "$wid" ] || { echo "no window"; kill "$pid"; exit 1; }
echo "window $wid: $(xdotool getwindowname "$wid"), $(xdotool getwindowgeometry "$wid" | sed -n 3p | tr -s ' ')"
xprop -id "$wid" _NET_WM_ICON | head -c 60 | grep -q 'CARDINAL' && echo "icon: set (_NET_WM_ICON)" || echo "icon: MISSING"
grep 'Max core file size' "/proc/$pid/limits" | tr -s ' '
sleep 2
import -window root "$OUT/screenshot.png"
kill "$pid"; wait "$pid" 2>/dev/null || true
GUI
"${clean[@]}" OUT="$out" PATH="$home/.local/bin:$tools:/usr/bin:/bin" \
    xvfb-run -a -s '-screen 0 1280x800x24' sh "$work/gui.sh" 2>"$work/gui.err" | tee "$work/gui.txt" | sed 's/^/  /' \
    || { cat "$work/gui.err"; fail "the window did not appear"; }
grep -q '^window ' "$work/gui.txt" || { cat "$work/gui.err"; fail "the window did not appear"; }
grep -q 'icon: set' "$work/gui.txt" || fail "the window has no icon"
grep -q 'Max core file size 0 0' "$work/gui.txt" || fail "core dumps are not off in the bundle"
[[ -s "$out/screenshot.png" ]] || fail "no screenshot"
ok "screenshot: ${out#"$repo"/}/screenshot.png"

step "install.sh --uninstall"
"${clean[@]}" "${unpacked[0]}/install.sh" --uninstall | sed 's/^/  /'
for f in .local/opt/casenotes .local/bin/casenotes .local/share/applications/casenotes.desktop \
         .local/share/icons/hicolor/16x16/apps/casenotes.png .local/share/icons/hicolor/scalable/apps/casenotes.svg; do
    [[ ! -e "$home/$f" && ! -L "$home/$f" ]] || fail "--uninstall left ~/$f"
done
[[ -f "$vault" ]] || fail "--uninstall removed the vault"
[[ -d "$home/.local/share/casenotes/backups" ]] && echo "  backups kept: $(find "$home/.local/share/casenotes/backups" -type f | wc -l) file(s)"
ok "program, launcher, menu entry and icons gone; the vault is still there"

if [[ "${SKIP_DEB:-0}" == "1" ]]; then
    echo; echo "(the .deb step was skipped)"
else
    step "the .deb, installed with apt"
    [[ "$(id -u)" == 0 ]] || fail "the .deb step needs root (or SKIP_DEB=1)"
    dpkg-deb --field "${debs[0]}" Depends | fold -s -w 96 | sed 's/^/  Depends: /'
    DEBIAN_FRONTEND=noninteractive apt-get install -y -qq "${debs[0]}" >"$work/apt.log" 2>&1 \
        || { cat "$work/apt.log"; fail "apt-get install"; }
    echo "  /usr/bin/casenotes --version: $(env -i PATH=/usr/bin:/bin HOME="$home" /usr/bin/casenotes --version)"
    desktop-file-validate /usr/share/applications/casenotes.desktop || fail "desktop-file-validate"
    ok "desktop-file-validate /usr/share/applications/casenotes.desktop"
    [[ -f /usr/share/icons/hicolor/256x256/apps/casenotes.png && -f /opt/casenotes/recover.py ]] \
        || fail "icons or recover.py missing from the installed package"
    ok "icons in hicolor, /opt/casenotes/recover.py"
    DEBIAN_FRONTEND=noninteractive apt-get purge -y -qq casenotes >"$work/apt.log" 2>&1 \
        || { cat "$work/apt.log"; fail "apt-get purge"; }
    [[ ! -e /opt/casenotes && ! -e /usr/bin/casenotes ]] || fail "the package left files behind"
    ok "removed: /opt/casenotes and /usr/bin/casenotes are gone"
fi

printf '\ndist_check: OK\n'
