#!/usr/bin/env bash
# Build the wheel, install it with its dependencies into a fresh virtualenv, and check that the
# installed package works on its own: the `casenotes` command runs, the package data (resources/
# and the Alembic migrations) is inside the installed package, and a vault can be created and
# verified (which runs the packaged migrations).
#
#   tools/check_wheel.sh            # uses .venv/bin/python (with `build`) to build
#   PYTHON=python3.11 tools/check_wheel.sh
#   KEEP=1 tools/check_wheel.sh     # keep the work folder for a look afterwards
#
# The wheel is built from a copy of the working tree (pyproject.toml, README, src/), so a stale
# build/ folder cannot leak old files into it and the tree is left untouched. Building tries an
# isolated build environment first (needs the package index, or a pip cache, for setuptools);
# if that fails it tries --no-isolation (needs setuptools>=69 and wheel in $PYTHON).
# Installing fetches the dependencies from the package index. Needs network or a warm pip cache.
set -euo pipefail

repo="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
PYTHON="${PYTHON:-$repo/.venv/bin/python}"
work="$(mktemp -d "${TMPDIR:-/tmp}/casenotes-wheel.XXXXXX")"
if [[ "${KEEP:-0}" == "1" ]]; then
    echo "work folder: $work"
else
    trap 'rm -rf "$work"' EXIT
fi

step() { printf '\n== %s\n' "$*"; }
fail() { printf 'check_wheel: FAILED: %s\n' "$*" >&2; exit 1; }

step "copy the working tree"
mkdir -p "$work/tree"
(
    cd "$repo"
    extras=()
    for name in setup.py README* LICENSE* MANIFEST.in; do
        if [[ -e "$name" ]]; then extras+=("$name"); fi
    done
    tar --exclude='__pycache__' --exclude='*.pyc' --exclude='*.egg-info' \
        -cf - pyproject.toml "${extras[@]}" src resources
) | tar -C "$work/tree" -xf -

step "build the wheel"
if ! "$PYTHON" -m build --wheel --outdir "$work/dist" "$work/tree" >"$work/build.log" 2>&1; then
    echo "isolated build failed (see below); trying --no-isolation"
    tail -n 5 "$work/build.log"
    "$PYTHON" -m build --wheel --no-isolation --outdir "$work/dist" "$work/tree" \
        >"$work/build.log" 2>&1 || { cat "$work/build.log"; fail "the wheel did not build"; }
fi
wheels=("$work"/dist/casenotes-*.whl)
[[ -f "${wheels[0]}" ]] || fail "no wheel in $work/dist"
echo "${wheels[0]##*/}"

step "install it with its dependencies into a fresh virtualenv"
"$PYTHON" -m venv "$work/venv"
"$work/venv/bin/python" -m pip install --quiet --disable-pip-version-check "${wheels[0]}" \
    || fail "pip could not install the wheel and its dependencies"

step "the installed command"
cd "$work"  # not the repository: nothing may be imported from the source tree
version="$("$work/venv/bin/casenotes" --version)" || fail "casenotes --version exited $?"
echo "$version"
expected="$("$work/venv/bin/python" -c 'from importlib.metadata import version; print(version("casenotes"))')"
[[ "$version" == "casenotes $expected" ]] || fail "unexpected version output: $version"

step "package data in the installed package"
"$work/venv/bin/python" - "$repo/src/casenotes" <<'PY' || fail "package data is missing"
import sys
from pathlib import Path

import casenotes

source = Path(sys.argv[1])
installed = Path(casenotes.__file__).resolve().parent
assert "site-packages" in installed.parts, f"imported from {installed}, not the virtualenv"
problems = []
for required in ("core/store/migrations/env.py",
                 "core/store/migrations/versions/0001_initial.py",
                 "py.typed"):
    if not (installed / required).is_file():
        problems.append(f"missing {required}")
for migration in sorted((source / "core/store/migrations/versions").glob("*.py")):
    if not (installed / "core/store/migrations/versions" / migration.name).is_file():
        problems.append(f"missing migration {migration.name}")
resources = installed / "resources"
top = source.parent.parent / "resources"
wanted = sorted(p.relative_to(top)
                for p in top.rglob("*") if p.is_file()
                and "__pycache__" not in p.parts)
if not wanted:
    problems.append("resources/ holds no files, so the wheel has no resources/")
elif not resources.is_dir():
    problems.append("resources/ is not in the installed package")
else:
    problems.extend(f"missing resources/{p}" for p in wanted if not (resources / p).is_file())
for problem in problems:
    print(f"  {problem}", file=sys.stderr)
print(f"{installed}: {len(wanted)} resource file(s), migrations present" if not problems
      else f"{len(problems)} problem(s)")
sys.exit(1 if problems else 0)
PY

step "create and verify a vault with the installed command (standard KDF: about a second)"
export CASENOTES_PASSPHRASE="wheel check orchard lantern 5521"
unset CASENOTES_VAULT CASENOTES_NEW_PASSPHRASE CASENOTES_RECOVERY_KEY
"$work/venv/bin/casenotes" init --vault "$work/check.vault" </dev/null >/dev/null \
    || fail "casenotes init failed"
"$work/venv/bin/casenotes" verify --vault "$work/check.vault" </dev/null \
    || fail "casenotes verify failed"

step "the shipped prompt library and de-identification word lists, from the installed package"
"$work/venv/bin/python" -c 'from casenotes.core.prompts import load_default_library as l; print(len(l().prompts), "prompts")' \
    || fail "the prompt library did not load"
printf '{"names": ["Ivy Dellaport"], "phones": ["(413) 555-0199"]}' > "$work/ids.json"
redacted="$(printf 'Ivy called from 413 555 0199 about Tuesday the 14th.' \
    | "$work/venv/bin/casenotes" deid --identifiers "$work/ids.json")" || fail "casenotes deid failed"
echo "$redacted"
[[ "$redacted" != *Ivy* && "$redacted" != *0199* ]] || fail "casenotes deid left an identifier"

printf '\ncheck_wheel: OK\n'
