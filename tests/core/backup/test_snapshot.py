"""casenotes.core.backup.snapshot: a consistent, checked, atomic, owner-only copy of the vault,
from the file (locked vault) or from an open engine (unlocked vault); and clean failures."""

from __future__ import annotations

import errno
import os
import re
import sqlite3
import stat
from collections.abc import Callable
from contextlib import closing
from datetime import timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from casenotes.core.backup import (
    BackupInfo,
    BackupIntegrityError,
    BackupReason,
    BackupTargetError,
    BackupWriteError,
    backup_vault,
    copy_vault,
    list_backups,
)
from casenotes.core.backup import snapshot as snapshot_module
from casenotes.core.journal import Journal
from casenotes.core.store.database import make_engine, open_read_only
from casenotes.core.vault.errors import NotAVaultError, VaultNotFoundError

from .support import NOW, corrupt_page, leftovers, note_ids, root_page, sha256

if TYPE_CHECKING:
    from tests.core.conftest import Filled, Template

posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


def _mode(path: Path) -> int:
    return stat.S_IMODE(path.stat().st_mode)


def _rows(path: Path, table: str) -> list[tuple[object, ...]]:
    with closing(open_read_only(path)) as connection:  # leaves no -wal/-shm behind
        return connection.execute(f"SELECT * FROM {table} ORDER BY 1").fetchall()


def test_a_locked_vault_is_backed_up_from_its_file_without_a_passphrase(
    vault_copy: Path,
    template: Template,
) -> None:
    before = sha256(vault_copy)
    info = backup_vault(vault_copy, BackupReason.DAILY, now=NOW)
    assert info == BackupInfo(
        vault_copy.parent / "backups" / "test-20261125T031500Z-daily.vault",
        NOW,
        BackupReason.DAILY,
        info.path.stat().st_size,
    )
    with closing(sqlite3.connect(info.path)) as connection:
        assert connection.execute("PRAGMA journal_mode").fetchone() == ("delete",)
        assert connection.execute("PRAGMA integrity_check").fetchone() == ("ok",)
    for table in ("vault_header", "alembic_version", *template.ids):
        assert _rows(info.path, table) == _rows(vault_copy, table)
    # The vault is untouched and nothing but the backup was written.
    assert sha256(vault_copy) == before
    assert sorted(os.listdir(vault_copy.parent)) == ["backups", "test.vault"]
    assert os.listdir(info.path.parent) == [info.path.name]
    assert list_backups(vault_copy) == [info]


def test_an_unlocked_vault_is_backed_up_through_an_engine_with_its_wal(
    journal: Journal,
    filled: Filled,
    passphrase: str,
) -> None:
    # The journal has not checkpointed: the newest records are only in the -wal.
    assert Path(f"{journal.path}-wal").stat().st_size > 0
    engine = make_engine(journal.path)
    try:
        info = backup_vault(journal.path, BackupReason.MANUAL, engine=engine, now=NOW)
    finally:
        engine.dispose()
    assert info.path.name == "test-20261125T031500Z-manual.vault"
    assert not Path(f"{info.path}-wal").exists()
    assert note_ids(info.path, passphrase) == {n.id for n in filled.notes}


def test_a_backup_stays_encrypted(vault_copy: Path, template: Template) -> None:
    data = backup_vault(vault_copy, BackupReason.MANUAL).path.read_bytes()
    for clear in ("Rowan", "Juno", "agreement", "CPL-07", "Harbourside"):
        assert clear.encode() not in data
        assert clear.encode("utf-16-le") not in data


@posix_only
def test_backups_are_owner_only(vault_copy: Path) -> None:
    old_umask = os.umask(0)
    try:
        info = backup_vault(vault_copy, BackupReason.DAILY)
    finally:
        os.umask(old_umask)
    assert _mode(info.path) == 0o600
    assert _mode(info.path.parent) == 0o700
    os.chmod(info.path.parent, 0o755)  # Casenotes' own folder is put back to owner-only
    backup_vault(vault_copy, BackupReason.MANUAL)
    assert _mode(info.path.parent) == 0o700


def test_two_backups_in_one_second_get_distinct_names(vault_copy: Path) -> None:
    first = backup_vault(vault_copy, BackupReason.MANUAL, now=NOW)
    second = backup_vault(vault_copy, BackupReason.MANUAL, now=NOW)
    third = backup_vault(vault_copy, "manual", now=NOW + timedelta(microseconds=5))
    assert [b.path.name for b in (first, second, third)] == [
        "test-20261125T031500Z-manual.vault",
        "test-20261125T031500Z-manual-2.vault",
        "test-20261125T031500Z-manual-3.vault",
    ]
    assert [b.path for b in list_backups(vault_copy)] == [first.path, second.path, third.path]


def test_a_missing_or_foreign_file_is_refused_before_any_folder_is_made(tmp_path: Path) -> None:
    with pytest.raises(VaultNotFoundError):
        backup_vault(tmp_path / "absent.vault", BackupReason.MANUAL)
    foreign = tmp_path / "notes.vault"
    foreign.write_text("not a database, fictional text\n")
    with pytest.raises(NotAVaultError):
        backup_vault(foreign, BackupReason.MANUAL)
    assert sorted(os.listdir(tmp_path)) == ["notes.vault"]
    with pytest.raises(ValueError, match="reason"):
        backup_vault(foreign, BackupReason.OTHER)


def test_a_damaged_vault_fails_the_integrity_check_and_leaves_nothing(vault_copy: Path) -> None:
    corrupt_page(vault_copy, root_page(vault_copy, "ix_notes_case_id"))
    with pytest.raises(BackupIntegrityError, match=r"integrity check|damaged"):
        backup_vault(vault_copy, BackupReason.DAILY)
    assert os.listdir(vault_copy.parent / "backups") == []


# ---- copies to a file the user chose (casenotes backup -o FILE) -----------------------------


def test_copy_vault_writes_where_asked_and_refuses_to_overwrite(
    vault_copy: Path,
    tmp_path: Path,
    passphrase: str,
    template: Template,
) -> None:
    target = tmp_path / "elsewhere" / "copy.vault"
    target.parent.mkdir()
    info = copy_vault(vault_copy, target)
    assert info.path == target and info.reason is BackupReason.MANUAL
    assert info.size == target.stat().st_size
    assert note_ids(target, passphrase) == {n.id for n in template.filled.notes}
    assert os.listdir(target.parent) == ["copy.vault"]
    assert list_backups(vault_copy) == []  # not in backups/: neither listed nor rotated

    before = sha256(target)
    with pytest.raises(BackupTargetError, match="already a file"):
        copy_vault(vault_copy, target)
    assert sha256(target) == before
    copy_vault(vault_copy, target, overwrite=True)


@pytest.mark.parametrize("suffix", ["", "-wal", ".lock"])
def test_copy_vault_refuses_the_vault_and_its_own_files(vault_copy: Path, suffix: str) -> None:
    target = Path(f"{vault_copy}{suffix}")
    if suffix:
        target.write_bytes(b"")
    before = sha256(vault_copy)
    with pytest.raises(BackupTargetError, match="over the vault"):
        copy_vault(vault_copy, target, overwrite=True)
    assert sha256(vault_copy) == before


# ---- failures: a clear message, no .partial, the vault untouched ---------------------------


def _enospc(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


def _erofs(*_: object, **__: object) -> None:
    raise OSError(errno.EROFS, os.strerror(errno.EROFS))


def _sqlite_full(*_: object, **__: object) -> None:
    error = sqlite3.OperationalError("database or disk is full")
    error.sqlite_errorcode = 13
    raise error


FAILURES: dict[str, tuple[Callable[[pytest.MonkeyPatch], None], str]] = {
    "backup-api-enospc": (
        lambda m: m.setattr(snapshot_module, "_copy_pages", _enospc),
        "the disk is full",
    ),
    "backup-api-sqlite-full": (
        lambda m: m.setattr(snapshot_module, "_copy_pages", _sqlite_full),
        "the disk is full",
    ),
    "fsync-enospc": (lambda m: m.setattr(os, "fsync", _enospc), "the disk is full"),
    "replace-enospc": (lambda m: m.setattr(os, "replace", _enospc), "the disk is full"),
    "replace-erofs": (
        lambda m: m.setattr(os, "replace", _erofs),
        "the disk or folder is read-only",
    ),
    "free-space": (
        lambda m: m.setattr(snapshot_module, "HEADROOM_BYTES", 1 << 60),
        "the disk is full",
    ),
}


@pytest.mark.parametrize("failure", sorted(FAILURES))
@pytest.mark.parametrize("source", ["file", "engine"])
def test_a_failed_backup_says_why_and_leaves_no_partial_file(
    vault_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
    failure: str,
    source: str,
) -> None:
    backup_vault(vault_copy, BackupReason.DAILY, now=NOW - timedelta(days=1))
    before = {p.name: sha256(p) for p in vault_copy.parent.rglob("*") if p.is_file()}
    inject, reason = FAILURES[failure]
    engine = make_engine(vault_copy) if source == "engine" else None
    try:
        inject(monkeypatch)
        with pytest.raises(BackupWriteError) as caught:
            backup_vault(vault_copy, BackupReason.DAILY, engine=engine, now=NOW)
    finally:
        monkeypatch.undo()
        if engine is not None:
            engine.dispose()
    message = str(caught.value)
    assert reason in message and "The vault was not changed" in message
    assert caught.value.reason == reason
    if reason == "the disk is full":
        assert "Free some space" in message
    assert leftovers(vault_copy.parent) == []
    after = {p.name: sha256(p) for p in vault_copy.parent.rglob("*") if p.is_file()}
    assert after == before


def test_a_failed_folder_fsync_after_the_rename_removes_the_new_backup(
    vault_copy: Path,
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    real_fsync = os.fsync

    def fsync(fd: int) -> None:
        if stat.S_ISDIR(os.fstat(fd).st_mode):
            _enospc()
        real_fsync(fd)

    monkeypatch.setattr(os, "fsync", fsync)
    with pytest.raises(BackupWriteError, match="disk is full"):
        backup_vault(vault_copy, BackupReason.MANUAL)
    monkeypatch.undo()
    assert os.listdir(vault_copy.parent / "backups") == []


def test_an_unwritable_backups_folder_is_reported(vault_copy: Path) -> None:
    (vault_copy.parent / "backups").write_text("a file where the folder should be\n")
    with pytest.raises(BackupWriteError) as caught:
        backup_vault(vault_copy, BackupReason.DAILY)
    assert "The vault was not changed" in str(caught.value)
    assert re.search(r"could not be written to .*vaultdir", str(caught.value))
