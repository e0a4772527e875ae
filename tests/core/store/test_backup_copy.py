"""casenotes.core.store.backup_copy: the consistent copy taken before a migration (now a thin
layer over casenotes.core.backup, tested in tests/core/backup)."""

from __future__ import annotations

import os
import re
import sqlite3
import stat
from collections.abc import Iterator
from contextlib import closing
from pathlib import Path
from typing import TYPE_CHECKING

import pytest
from sqlalchemy import Engine

from casenotes.core.journal import Journal
from casenotes.core.store import vault_file
from casenotes.core.store.backup_copy import backups_dir, copy_before_migration, snapshot
from casenotes.core.store.database import make_engine
from casenotes.core.vault.kdf import KdfPolicy

if TYPE_CHECKING:
    from tests.core.conftest import Template

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


@pytest.fixture
def engine(vault_copy: Path) -> Iterator[Engine]:
    engine = make_engine(vault_copy)
    yield engine
    engine.dispose()


def _rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with closing(sqlite3.connect(path)) as connection:
        return connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


def test_snapshot_is_a_complete_single_file_copy(engine: Engine, vault_copy: Path,
                                                 template: Template, tmp_path: Path) -> None:
    target = snapshot(engine, tmp_path / "copy.vault")
    assert target == tmp_path / "copy.vault"
    assert not (tmp_path / "copy.vault.partial").exists()
    with closing(sqlite3.connect(target)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for table in ("vault_header", "alembic_version", *template.ids):
        assert _rows(target, table) == _rows(vault_copy, table)


@posix_only
def test_backups_are_owner_only(engine: Engine, vault_copy: Path) -> None:
    old_umask = os.umask(0)
    try:
        copy = copy_before_migration(engine, vault_copy)
    finally:
        os.umask(old_umask)
    assert copy.parent == vault_copy.parent / "backups"
    assert re.fullmatch(r"test-\d{8}T\d{6}Z-pre-migration\.vault", copy.name)
    assert _mode(copy) == 0o600
    assert _mode(copy.parent) == 0o700
    assert backups_dir(vault_copy) == copy.parent  # an existing folder is reused


def test_unlocking_an_older_revision_backs_up_then_migrates(
    vault_copy: Path, policy: KdfPolicy, passphrase: str, template: Template,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    # Pretend this version knows a newer revision than the vault's, so the vault's is "older".
    monkeypatch.setattr(vault_file, "KNOWN_REVISIONS", ("0001", "0002", "0003", "0004"))
    journal = Journal.open(vault_copy, policy)
    assert not list(vault_copy.parent.glob("backups/*"))  # nothing before the passphrase
    journal.unlock(passphrase)
    try:
        [backup] = list((vault_copy.parent / "backups").iterdir())
        assert journal.verify().intact
    finally:
        journal.lock()
    monkeypatch.undo()
    copy = Journal.open(backup, KdfPolicy.testing())
    copy.unlock(passphrase)
    try:
        assert [c.id for c in copy.list_cases()] == [template.filled.couple.id,
                                                     template.filled.solo.id]
        assert copy.verify().intact
    finally:
        copy.lock()
