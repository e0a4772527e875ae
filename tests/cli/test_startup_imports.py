"""What the start-up path pulls in, checked on ``sys.modules`` in a fresh interpreter (never
by timing: the budget for ``casenotes --version`` is measured in benchmarks/bench_gui.py)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

from .support import PASSPHRASE

# Heavy packages that --version and --help must not load: the database layer, the
# migrations, the cryptography bindings, Qt, and the core facade that pulls them all in.
HEAVY = (
    "sqlalchemy",
    "alembic",
    "cryptography",
    "PySide6",
    "phonenumbers",
    "casenotes.core.journal",
    "casenotes.core.backup",
    "casenotes.core.store.database",
)

_PROBE = """
import contextlib, io, json, sys
from casenotes.cli.main import entry_point
sys.argv = ["casenotes", *json.loads(sys.argv[1])]
out = io.StringIO()
with contextlib.redirect_stdout(out), contextlib.suppress(SystemExit):
    entry_point()
print(json.dumps({"out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def _loaded(*argv: str) -> tuple[str, set[str]]:
    done = subprocess.run(
        [sys.executable, "-c", _PROBE, json.dumps(list(argv))],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(done.stdout)
    return result["out"], set(result["modules"])


# Nor the domain models or the pinned schema: the commands that use them import them; nor
# platformdirs, asked only for the default vault's folder.
NOT_FOR_HELP = (
    *HEAVY,
    "casenotes.core.domain",
    "casenotes.core.store.pinned_schema",
    "platformdirs",
)


def _heavy(modules: set[str], heavy: tuple[str, ...] = HEAVY) -> list[str]:
    return sorted(m for m in modules if any(m == h or m.startswith(h + ".") for h in heavy))


@pytest.mark.parametrize(
    "argv", [("--version",), ("--help",), ("search", "--help"), ("record", "--help")]
)
def test_the_lean_commands_load_nothing_heavy(argv: tuple[str, ...]) -> None:
    out, modules = _loaded(*argv)
    assert out.strip(), "the command printed nothing"
    assert _heavy(modules, NOT_FOR_HELP) == []


def test_the_probe_sees_heavy_imports_when_they_happen() -> None:
    # The check above is only worth something if the probe would notice: importing the
    # facade in the same way does load what is listed.
    done = subprocess.run(
        [
            sys.executable,
            "-c",
            "import sys, json; import casenotes.core.journal; "
            "print(json.dumps(sorted(sys.modules)))",
        ],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    assert {"sqlalchemy", "cryptography"} <= set(json.loads(done.stdout))


_SEARCH_PROBE = """
import io, json, sys
from casenotes.cli.main import main
from casenotes.core.vault.kdf import KdfPolicy
out, err = io.StringIO(), io.StringIO()
code = main(json.loads(sys.argv[1]), policy=KdfPolicy.testing(), out=out, err=err)
print(json.dumps({"code": code, "out": out.getvalue(), "modules": sorted(sys.modules)}))
"""


def test_a_search_reads_the_vault_without_the_database_layer(tmp_path: Path) -> None:
    # The one-off search is read-only and raw: no SQLAlchemy, Alembic, Qt or Journal facade.
    from datetime import date

    from casenotes.core.domain import Case, Note
    from casenotes.core.journal import Journal
    from casenotes.core.vault.kdf import KdfPolicy

    vault = tmp_path / "probe.vault"
    journal = Journal.create(vault, PASSPHRASE, KdfPolicy.testing()).journal
    case = journal.save_case(Case(code="PRB-01", display_name="Probe"))
    journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2025, 5, 1),
            sections={"body": "A walk by the estuary."},
        )
    )
    journal.lock()
    secrets = tmp_path / "secrets"
    secrets.mkdir(mode=0o700)
    (secrets / "passphrase").write_text(PASSPHRASE + "\n")
    (secrets / "query").write_text("estuary\n")
    argv = [
        "search",
        "--vault",
        str(vault),
        "--passphrase-file",
        str(secrets / "passphrase"),
        "--query-file",
        str(secrets / "query"),
    ]
    done = subprocess.run(
        [sys.executable, "-c", _SEARCH_PROBE, json.dumps(argv)],
        capture_output=True,
        text=True,
        check=True,
        timeout=120,
    )
    result = json.loads(done.stdout)
    assert result["code"] == 0
    assert "PRB-01" in result["out"]
    # The search decrypts (cryptography) and opens the file read-only (store.database, which
    # imports SQLAlchemy only to make an engine); nothing else on the list may load.
    needed = ("cryptography", "casenotes.core.store.database")
    assert [m for m in _heavy(set(result["modules"])) if not m.startswith(needed)] == []
    assert "sqlalchemy" not in result["modules"]
