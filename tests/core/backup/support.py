"""Helpers for the backup tests. Vaults come from tests/core/conftest.py (``vault_copy`` is a
locked, filled vault at ``vault_path``); every vault uses ``KdfPolicy.testing()``. All
content is fictional."""

from __future__ import annotations

import hashlib
import os
import shutil
import sqlite3
import tempfile
from collections.abc import Iterable
from contextlib import closing
from datetime import UTC, datetime
from pathlib import Path

from casenotes.core.backup import list_backups
from casenotes.core.journal import Journal
from casenotes.core.vault.kdf import KdfPolicy

# A fixed moment for names: 2026-11-25 03:15:00 UTC.
NOW = datetime(2026, 11, 25, 3, 15, tzinfo=UTC)


def corrupt_page(path: Path, page_number: int) -> None:
    """Overwrite one b-tree page of a database file with garbage (not page 1)."""
    with closing(sqlite3.connect(path)) as connection:
        page_size = int(connection.execute("PRAGMA page_size").fetchone()[0])
    with open(path, "r+b") as handle:
        handle.seek((page_number - 1) * page_size)
        handle.write(b"\xa5" * page_size)


def root_page(path: Path, name: str) -> int:
    with closing(sqlite3.connect(path)) as connection:
        row = connection.execute(
            "SELECT rootpage FROM sqlite_schema WHERE name = ?", (name,)
        ).fetchone()
    assert row is not None
    return int(row[0])


def sha256(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def leftovers(folder: Path) -> list[str]:
    """Names anywhere under ``folder`` that a finished backup or restore must not leave."""
    return sorted(
        str(p.relative_to(folder))
        for p in folder.rglob("*")
        if p.name.endswith((".partial", "-journal"))
        or p.name.startswith(".restore-")
        or p.name.endswith(".partial-wal")
        or p.name.endswith(".partial-shm")
    )


def note_ids(path: Path, passphrase: str) -> set[str]:
    """Every note id in a vault or backup, after checking it verifies. Read from a private
    copy in a temporary folder, so that nothing a journal may do at unlock (a daily backup,
    a lock file) touches the folder under test."""
    with tempfile.TemporaryDirectory() as folder:
        copy = Path(folder) / "reader.vault"
        shutil.copyfile(path, copy)
        if Path(f"{path}-wal").exists():
            shutil.copyfile(f"{path}-wal", f"{copy}-wal")
        journal = Journal.open(copy, KdfPolicy.testing())
        journal.unlock(passphrase)
        try:
            assert journal.verify().intact
            return {n.id for n in journal.all_notes()}
        finally:
            journal.lock()


def forget_other_backups(vault: Path, keep: Iterable[Path]) -> None:
    """Delete the backups of ``vault`` not in ``keep``: those a journal took by itself when a
    test unlocked the vault to change it (the daily backup, the one before a passphrase
    change), so that tests do not depend on when the journal takes them."""
    kept = set(keep)
    for backup in list_backups(vault):
        if backup.path not in kept:
            os.remove(backup.path)
