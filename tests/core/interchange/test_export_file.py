"""casenotes.core.interchange.export_file: every case to a JSON file, owner-only, logged, and
never a file the vault needs."""

from __future__ import annotations

import json
import os
import stat
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from casenotes.core.interchange import parse_interchange
from casenotes.core.interchange.export_file import export_interchange_file, is_vault_file
from casenotes.core.journal import Journal

if TYPE_CHECKING:
    from tests.core.conftest import Filled


def test_writes_every_case_and_logs_the_export(
    journal: Journal, filled: Filled, tmp_path: Path
) -> None:
    target = tmp_path / "all.json"
    before = len(journal.export_log())
    assert export_interchange_file(journal, target) == 0
    bundles = parse_interchange(target.read_bytes())
    assert {b.case.code for b in bundles} == {filled.couple.code, filled.solo.code}
    assert json.loads(target.read_bytes())["format"] == "casenotes"
    log = journal.export_log()
    assert len(log) == before + 1
    assert (log[-1].kind, log[-1].format) == ("interchange", "json")
    if os.name == "posix":
        assert stat.S_IMODE(target.stat().st_mode) == 0o600


def test_a_failed_log_leaves_no_file(
    journal: Journal, filled: Filled, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def refuse(*_: object) -> None:
        raise OSError("disk full")

    monkeypatch.setattr(journal, "log_export", refuse)
    folder = tmp_path / "exports"
    folder.mkdir()
    with pytest.raises(OSError):
        export_interchange_file(journal, folder / "all.json")
    assert list(folder.iterdir()) == []


def test_the_vault_and_its_companions_are_vault_files(tmp_path: Path) -> None:
    vault = tmp_path / "casenotes.vault"
    vault.write_bytes(b"")
    assert is_vault_file(vault, vault)
    assert is_vault_file(Path(f"{vault}-wal"), vault)
    assert not is_vault_file(tmp_path / "export.json", vault)
