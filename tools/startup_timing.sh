#!/usr/bin/env bash
# Start-up time to the unlock window, installed bundle vs the development venv, under Xvfb.
#
#   tools/startup_timing.sh [RUNS]     # default 7 runs of each, after one warm-up run of each
#
# Installs the tarball in dist/ (make dist) into an empty temporary HOME with its install.sh,
# makes a vault there, then alternates: ~/.local/bin/casenotes (what the menu entry runs) and
# .venv/bin/casenotes. Each run is timed from launching the command to the window titled
# "Casenotes" being mapped and visible (xdotool search --onlyvisible, polled every 10 ms). Needs Xvfb and
# xdotool. Not part of `make test`.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
runs="${1:-7}"
work="$(mktemp -d "${TMPDIR:-/tmp}/casenotes-timing.XXXXXX")"
xvfb_pid=""
cleanup() { [[ -n "$xvfb_pid" ]] && kill "$xvfb_pid" 2>/dev/null; rm -rf "$work"; }
trap cleanup EXIT

tarballs=("$repo"/dist/casenotes-*-linux-*.tar.gz)
[[ -f "${tarballs[0]}" ]] || { echo "no tarball in dist/ (make dist)" >&2; exit 1; }
[[ -x "$repo/.venv/bin/casenotes" ]] || { echo "no .venv (make .venv/.installed)" >&2; exit 1; }

home="$work/home"; mkdir -p "$home"
tar -C "$work" -xzf "${tarballs[0]}"
env -i HOME="$home" PATH=/usr/bin:/bin "$work"/casenotes-*-linux-*/install.sh >/dev/null
installed="$home/.local/bin/casenotes"
vault="$work/timing.vault"
printf 'quiet harbour lantern 7391 meadow\n' > "$work/pass.txt"
"$installed" init --vault "$vault" --passphrase-file "$work/pass.txt" </dev/null >/dev/null

# A display of our own: Xvfb picks a free number and writes it (others run Xvfb here too);
# -noreset: else it resets when the last client goes, and a window starting then fails.
Xvfb -displayfd 3 -noreset -screen 0 1280x800x24 -nolisten tcp 3>"$work/display" >/dev/null 2>&1 &
xvfb_pid=$!
for _ in $(seq 100); do [[ -s "$work/display" ]] && break; sleep 0.1; done
display=":$(head -1 "$work/display")"
[[ "$display" != ":" ]] || { echo "Xvfb did not start" >&2; exit 1; }

once() {  # prints the milliseconds from launch to the window mapped
    local start end pid
    start=$(date +%s%N)
    env -i HOME="$home" PATH=/usr/bin:/bin LANG=C.UTF-8 DISPLAY="$display" \
        "$1" --vault "$vault" >/dev/null 2>"$work/app.err" &
    pid=$!
    # xdotool's own --sync polls every half second: poll every 10 ms instead.
    until DISPLAY="$display" xdotool search --onlyvisible --name '^Casenotes$' >/dev/null 2>&1; do
        (( $(date +%s%N) - start < 60000000000 )) || { echo "no window from $1:" >&2; cat "$work/app.err" >&2; kill "$pid"; exit 1; }
        sleep 0.01
    done
    end=$(date +%s%N)
    kill "$pid"; wait "$pid" 2>/dev/null || true
    echo $(( (end - start) / 1000000 ))
}

stats() {  # min / median / max of the numbers given
    sort -n | awk '{v[NR]=$1} END {m = (NR % 2) ? v[(NR+1)/2] : (v[NR/2] + v[NR/2+1]) / 2;
                                   printf "min %d  median %d  max %d ms", v[1], m, v[NR]}'
}

once "$installed" >/dev/null; once "$repo/.venv/bin/casenotes" >/dev/null  # warm the caches
bundle_ms=(); venv_ms=()
for _ in $(seq "$runs"); do
    bundle_ms+=("$(once "$installed")")
    venv_ms+=("$(once "$repo/.venv/bin/casenotes")")
done
echo "installed launcher (~/.local/bin/casenotes): ${bundle_ms[*]}"
echo "  $(printf '%s\n' "${bundle_ms[@]}" | stats)"
echo "development venv (.venv/bin/casenotes):      ${venv_ms[*]}"
echo "  $(printf '%s\n' "${venv_ms[@]}" | stats)"
b=$(printf '%s\n' "${bundle_ms[@]}" | sort -n | awk '{v[NR]=$1} END {print (NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2}')
v=$(printf '%s\n' "${venv_ms[@]}" | sort -n | awk '{v[NR]=$1} END {print (NR%2)?v[(NR+1)/2]:(v[NR/2]+v[NR/2+1])/2}')
awk -v b="$b" -v v="$v" 'BEGIN {printf "median ratio installed / venv: %.2f (budget 1.5)\n", b / v}'
