#!/bin/sh
# Install Casenotes for the current user, or remove it again:
#
#   ./install.sh               # ~/.local/opt/casenotes, a menu entry, icons, ~/.local/bin/casenotes
#   ./install.sh --uninstall   # removes exactly those; never your vault or backups
#
# Honours XDG_DATA_HOME (menu entry and icons); nothing is written outside your home folder.
set -eu

here=$(cd "$(dirname "$0")" && pwd)
data_home=${XDG_DATA_HOME:-$HOME/.local/share}
opt="$HOME/.local/opt/casenotes"
bin_dir="$HOME/.local/bin"
launcher="$bin_dir/casenotes"
desktop="$data_home/applications/casenotes.desktop"
icons="$data_home/icons/hicolor"
sizes="16 24 32 48 64 128 256 512"

refresh_menus() {
    if command -v update-desktop-database >/dev/null 2>&1; then
        update-desktop-database -q "$data_home/applications" 2>/dev/null || true
    fi
    if command -v gtk-update-icon-cache >/dev/null 2>&1 && [ -f "$icons/index.theme" ]; then
        gtk-update-icon-cache -q -t "$icons" 2>/dev/null || true
    fi
}

uninstall() {
    # Only what install.sh wrote. The vault ($data_home/casenotes) is never touched.
    if [ -L "$launcher" ] || { [ -f "$launcher" ] && grep -q "casenotes" "$launcher" 2>/dev/null; }; then
        rm -f "$launcher"
    fi
    rm -f "$desktop"
    for size in $sizes; do
        rm -f "$icons/${size}x${size}/apps/casenotes.png"
    done
    rm -f "$icons/scalable/apps/casenotes.svg"
    rm -rf "$opt"
    rmdir "$HOME/.local/opt" 2>/dev/null || true
    refresh_menus
    echo "Casenotes is removed. Your vault and backups are where they were ($data_home/casenotes)."
}

install() {
    [ -x "$here/casenotes/casenotes" ] || { echo "install.sh: no casenotes/ folder beside me" >&2; exit 1; }
    mkdir -p "$HOME/.local/opt" "$bin_dir" "$data_home/applications"
    # A new copy beside the old one, then swapped in: an interrupted install leaves the old one.
    rm -rf "$opt.new"
    cp -R "$here/casenotes" "$opt.new"
    cp "$here/recover.py" "$here/README.txt" "$opt.new/"
    rm -rf "$opt.old"
    if [ -e "$opt" ]; then mv "$opt" "$opt.old"; fi
    mv "$opt.new" "$opt"
    rm -rf "$opt.old"

    ln -sfn "$opt/casenotes" "$launcher"
    for size in $sizes; do
        mkdir -p "$icons/${size}x${size}/apps"
        cp "$here/icons/casenotes-$size.png" "$icons/${size}x${size}/apps/casenotes.png"
    done
    mkdir -p "$icons/scalable/apps"
    cp "$here/icons/casenotes.svg" "$icons/scalable/apps/casenotes.svg"
    # The menu runs the program by its full path: ~/.local/bin is not on every session's PATH.
    sed "s|^Exec=.*|Exec=$opt/casenotes|" "$here/casenotes.desktop" > "$desktop"
    refresh_menus

    echo "Casenotes $("$opt/casenotes" --version | sed 's/^casenotes //') is installed: open it from your applications menu."
    case ":$PATH:" in
        *":$bin_dir:"*) echo "The command 'casenotes' works in a terminal too." ;;
        *) echo "To use 'casenotes' in a terminal, add $bin_dir to your PATH." ;;
    esac
}

case "${1:-}" in
    --uninstall) uninstall ;;
    "") install ;;
    -h|--help) sed -n '2,7p' "$0" | sed 's/^# \{0,1\}//' ;;
    *) echo "install.sh: unknown option $1 (use --uninstall or nothing)" >&2; exit 2 ;;
esac
