"""casenotes.core.backup.restore: a backup is checked whole before it replaces the vault, the
vault as it was is kept, and on any failure the vault folder is byte for byte as it was."""

from __future__ import annotations

import errno
import os
import shutil
import stat
from collections.abc import Callable, Iterator
from dataclasses import dataclass
from datetime import date, timedelta
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from casenotes.core.backup import (
    BackupInfo,
    BackupNotFoundError,
    BackupPassphraseError,
    BackupReason,
    BackupRecoveryKeyError,
    BackupTooNewError,
    DamagedBackupError,
    DifferentVaultError,
    NotABackupError,
    RestoreError,
    RestoreWriteError,
    backup_vault,
    list_backups,
    restore_backup,
)
from casenotes.core.backup import snapshot as snapshot_module
from casenotes.core.domain import Note
from casenotes.core.journal import CreatedVault, Journal
from casenotes.core.store.instance_lock import InstanceLock
from casenotes.core.vault.errors import (
    BadRecoveryKeyError,
    UnsupportedVersionError,
    VaultInUseError,
    WrongPassphraseError,
)
from casenotes.core.vault.kdf import KdfPolicy

from .support import (
    NOW,
    corrupt_page,
    forget_other_backups,
    leftovers,
    note_ids,
    root_page,
    sha256,
)

if TYPE_CHECKING:
    from tests.core.conftest import RawVault, Template

Digest = Callable[[Path], dict[str, str]]
posix_only = pytest.mark.skipif(os.name != "posix", reason="POSIX permissions")


@dataclass
class Scene:
    """A locked vault at ``vault`` whose backup ``backup`` lacks the note ``later``."""

    vault: Path
    backup: BackupInfo
    later: Note


def _add_note(path: Path, passphrase: str, text: str) -> Note:
    journal = Journal.open(path, KdfPolicy.testing())
    journal.unlock(passphrase)
    try:
        case = journal.list_cases()[0]
        return journal.save_note(
            Note(case_id=case.id, session_date=date(2024, 5, 6), sections={"body": text})
        )
    finally:
        journal.lock()


@pytest.fixture
def scene(vault_copy: Path, passphrase: str) -> Scene:
    backup = backup_vault(vault_copy, BackupReason.DAILY, now=NOW - timedelta(days=1))
    later = _add_note(vault_copy, passphrase, "A fictional session after the backup.")
    forget_other_backups(vault_copy, [backup.path])
    return Scene(vault_copy, backup, later)


def _restore(scene: Scene, **kwargs: object) -> object:
    options: dict[str, object] = {"policy": KdfPolicy.testing(), "now": NOW}
    options.update(kwargs)
    return restore_backup(scene.vault, scene.backup.path, **options)  # type: ignore[arg-type]


# ---- success -------------------------------------------------------------------------------


def test_restore_puts_the_backup_in_place_and_keeps_the_vault_as_it_was(
    scene: Scene,
    passphrase: str,
    template: Template,
) -> None:
    before = {n.id for n in template.filled.notes}
    assert note_ids(scene.vault, passphrase) == before | {scene.later.id}
    result = restore_backup(
        scene.vault, scene.backup.path, passphrase=passphrase, policy=KdfPolicy.testing(), now=NOW
    )
    assert result.vault_path == scene.vault and result.restored_from == scene.backup.path
    assert result.records_checked > len(before)
    assert note_ids(scene.vault, passphrase) == before
    pre = result.pre_restore
    assert pre is not None
    assert pre.path.name == "test-20261125T031500Z-pre-restore.vault"
    assert pre.reason is BackupReason.PRE_RESTORE
    assert note_ids(pre.path, passphrase) == before | {scene.later.id}
    # The chosen backup is untouched and listed with the new one; nothing else is left over.
    assert [b.path for b in list_backups(scene.vault)] == [scene.backup.path, pre.path]
    assert sorted(os.listdir(scene.vault.parent)) == ["backups", "test.vault"]
    assert leftovers(scene.vault.parent) == []


def test_restore_with_the_recovery_key(scene: Scene, template: Template, passphrase: str) -> None:
    restore_backup(
        scene.vault,
        scene.backup.path,
        recovery_key=template.recovery_key.lower(),
        policy=KdfPolicy.testing(),
    )
    assert note_ids(scene.vault, passphrase) == {n.id for n in template.filled.notes}


@posix_only
def test_the_restored_vault_is_owner_only_in_wal_mode(scene: Scene, passphrase: str) -> None:
    old_umask = os.umask(0)
    try:
        _restore(scene, passphrase=passphrase)
    finally:
        os.umask(old_umask)
    assert stat.S_IMODE(scene.vault.stat().st_mode) == 0o600
    with open(scene.vault, "rb") as handle:
        header = handle.read(20)
    assert header[18:20] == b"\x02\x02"  # the WAL read/write version bytes


def test_a_lost_vault_is_restored_from_a_backup(
    template: Template, tmp_path: Path, passphrase: str
) -> None:
    backup = tmp_path / "kept-on-a-stick.vault"
    shutil.copyfile(template.path, backup)
    vault = tmp_path / "new-folder" / "casenotes.vault"
    result = restore_backup(vault, backup, passphrase=passphrase, policy=KdfPolicy.testing())
    assert result.pre_restore is None
    assert note_ids(vault, passphrase) == {n.id for n in template.filled.notes}
    if os.name == "posix":
        assert stat.S_IMODE(vault.parent.stat().st_mode) == 0o700


def test_a_refused_restore_of_a_lost_vault_leaves_no_folder_behind(
    template: Template,
    tmp_path: Path,
) -> None:
    vault = tmp_path / "new-folder" / "casenotes.vault"
    with pytest.raises(BackupPassphraseError):
        restore_backup(
            vault,
            template.path,
            passphrase="Not the fictional passphrase 12",
            policy=KdfPolicy.testing(),
        )
    assert not vault.parent.exists()


def test_rotation_after_a_restore_keeps_the_backup_restored_from(
    scene: Scene,
    passphrase: str,
) -> None:
    newer = [
        backup_vault(scene.vault, BackupReason.DAILY, now=NOW - timedelta(hours=h)) for h in (3, 2)
    ]
    assert scene.backup.created < newer[0].created
    result = _restore(scene, passphrase=passphrase, keep=1)
    pre = result.pre_restore  # type: ignore[attr-defined]
    assert [b.path for b in list_backups(scene.vault)] == [scene.backup.path, pre.path]


def test_a_backup_taken_before_a_passphrase_change_needs_the_old_passphrase(
    scene: Scene,
    passphrase: str,
    new_passphrase: str,
    digest: Digest,
) -> None:
    journal = Journal.open(scene.vault, KdfPolicy.testing())
    journal.unlock(passphrase)
    journal.change_passphrase(new_passphrase)
    journal.lock()
    forget_other_backups(scene.vault, [scene.backup.path])
    before = digest(scene.vault.parent)
    with pytest.raises(BackupPassphraseError, match="when the backup was taken") as caught:
        _restore(scene, passphrase=new_passphrase)
    assert isinstance(caught.value, WrongPassphraseError)
    assert digest(scene.vault.parent) == before
    _restore(scene, passphrase=passphrase)
    assert note_ids(scene.vault, passphrase)  # the vault now opens with the old passphrase


def test_a_damaged_vault_is_replaced_and_kept_byte_for_byte(
    scene: Scene,
    passphrase: str,
) -> None:
    scene.vault.write_bytes(b"\x00garbage where the vault was (fictional)\n" * 100)
    damaged = sha256(scene.vault)
    result = _restore(scene, passphrase=passphrase)
    pre = result.pre_restore  # type: ignore[attr-defined]
    assert pre is not None and sha256(pre.path) == damaged
    assert note_ids(scene.vault, passphrase)


def test_a_vault_with_a_planted_trigger_is_replaced_by_its_backup(
    scene: Scene,
    passphrase: str,
    raw_of: Callable[[Path], RawVault],
) -> None:
    raw_of(scene.vault).execute(("CREATE VIEW planted AS SELECT id FROM cases", ()))
    result = _restore(scene, passphrase=passphrase)
    assert result.pre_restore is not None  # type: ignore[attr-defined]
    assert note_ids(scene.vault, passphrase)  # opens: the restored schema is the pinned one


def test_another_vaults_backup_is_restored_only_when_allowed(
    scene: Scene,
    make_journal: Callable[[Path], CreatedVault],
    tmp_path: Path,
    passphrase: str,
    digest: Digest,
) -> None:
    other = make_journal(tmp_path / "other" / "other.vault").journal
    other.lock()
    before = digest(scene.vault.parent)
    with pytest.raises(DifferentVaultError, match="different vault"):
        restore_backup(scene.vault, other.path, passphrase=passphrase, policy=KdfPolicy.testing())
    assert digest(scene.vault.parent) == before
    restore_backup(
        scene.vault,
        other.path,
        passphrase=passphrase,
        policy=KdfPolicy.testing(),
        allow_other_vault=True,
    )
    assert note_ids(scene.vault, passphrase) == set()


# ---- refusals: a clear error and the vault folder byte for byte as it was --------------------


def _wrong_passphrase(scene: Scene, raw_of: Callable[[Path], RawVault]) -> dict[str, str]:
    return {"passphrase": "Not the fictional passphrase at all 12"}


def _wrong_recovery_key(scene: Scene, raw_of: Callable[[Path], RawVault]) -> dict[str, str]:
    from casenotes.core.vault.recovery import format_recovery_key

    return {"recovery_key": format_recovery_key(b"\x07" * 32)}


def _mistyped_recovery_key(scene: Scene, raw_of: Callable[[Path], RawVault]) -> dict[str, str]:
    return {"recovery_key": "AAAAA-BBBBB"}


def _tampered_records(scene: Scene, raw_of: Callable[[Path], RawVault]) -> dict[str, str]:
    raw = raw_of(scene.backup.path)
    for row_id in [r[0] for r in raw.query("SELECT id FROM notes")][:2]:
        raw.flip("notes", "sections_enc", str(row_id), 20)
    return {}


def _damaged_pages(scene: Scene, raw_of: Callable[[Path], RawVault]) -> dict[str, str]:
    corrupt_page(scene.backup.path, root_page(scene.backup.path, "ix_notes_case_id"))
    return {}


def _not_a_vault(scene: Scene, raw_of: Callable[[Path], RawVault]) -> dict[str, str]:
    scene.backup.path.write_text("Fictional shopping list: lanterns, rope.\n")
    return {}


def _newer_version(scene: Scene, raw_of: Callable[[Path], RawVault]) -> dict[str, str]:
    raw_of(scene.backup.path).set_header("format_version", 4)
    return {}


def _newer_schema(scene: Scene, raw_of: Callable[[Path], RawVault]) -> dict[str, str]:
    raw_of(scene.backup.path).execute(("UPDATE alembic_version SET version_num = ?", ("9999",)))
    return {}


def _planted_trigger(scene: Scene, raw_of: Callable[[Path], RawVault]) -> dict[str, str]:
    raw_of(scene.backup.path).execute(
        (
            "CREATE TRIGGER keep_old AFTER UPDATE ON notes BEGIN "
            "UPDATE notes SET sections_enc = old.sections_enc WHERE id = new.id; END",
            (),
        )
    )
    return {}


def _missing(scene: Scene, raw_of: Callable[[Path], RawVault]) -> dict[str, str]:
    os.remove(scene.backup.path)
    return {}


REFUSALS: dict[
    str, tuple[Callable[[Scene, Callable[[Path], RawVault]], dict[str, str]], type[Exception], str]
] = {
    "wrong-passphrase": (_wrong_passphrase, BackupPassphraseError, "does not open this backup"),
    "wrong-recovery-key": (
        _wrong_recovery_key,
        BackupRecoveryKeyError,
        "recovery key does not open this backup",
    ),
    "mistyped-recovery-key": (_mistyped_recovery_key, BackupRecoveryKeyError, "recovery key"),
    "tampered-records": (
        _tampered_records,
        DamagedBackupError,
        r"2 record\(s\) failed authentication",
    ),
    "damaged-pages": (
        _damaged_pages,
        DamagedBackupError,
        r"damaged: SQLite (found \d+ problem|could not read it)",
    ),
    "not-a-vault": (_not_a_vault, NotABackupError, "not a Casenotes backup"),
    "newer-version": (_newer_version, BackupTooNewError, "newer version"),
    "newer-schema": (_newer_schema, BackupTooNewError, "newer version"),
    "missing": (_missing, BackupNotFoundError, "no backup at"),
    "planted-trigger": (
        _planted_trigger,
        RestoreError,
        "The backup contains an unexpected trigger 'keep_old' on table "
        "'notes': it may have been tampered with",
    ),
}


@pytest.mark.parametrize("refusal", sorted(REFUSALS))
def test_a_refused_restore_leaves_the_vault_folder_byte_for_byte(
    scene: Scene,
    passphrase: str,
    raw_of: Callable[[Path], RawVault],
    digest: Digest,
    refusal: str,
) -> None:
    spoil, error, message = REFUSALS[refusal]
    secret = {"passphrase": passphrase} | spoil(scene, raw_of)
    if "recovery_key" in secret:
        del secret["passphrase"]
    before = digest(scene.vault.parent)
    with pytest.raises(error, match=message) as caught:
        _restore(scene, **secret)
    assert "The vault was not changed." in str(caught.value)
    assert digest(scene.vault.parent) == before
    if isinstance(caught.value, DamagedBackupError) and refusal == "tampered-records":
        assert caught.value.damaged_records == 2


def test_refusal_errors_are_also_the_vaults_own_kinds() -> None:
    assert issubclass(BackupPassphraseError, WrongPassphraseError)
    assert issubclass(BackupRecoveryKeyError, BadRecoveryKeyError)
    assert issubclass(BackupTooNewError, UnsupportedVersionError)
    assert issubclass(DamagedBackupError, RestoreError)


def test_restoring_the_vault_onto_itself_is_refused(scene: Scene, passphrase: str) -> None:
    with pytest.raises(RestoreError, match="the vault itself"):
        restore_backup(scene.vault, scene.vault, passphrase=passphrase, policy=KdfPolicy.testing())


def test_exactly_one_secret_is_needed(scene: Scene, passphrase: str) -> None:
    with pytest.raises(ValueError, match="exactly one"):
        _restore(scene)
    with pytest.raises(ValueError, match="exactly one"):
        _restore(scene, passphrase=passphrase, recovery_key="X")


# ---- one instance at a time ----------------------------------------------------------------


def test_a_vault_open_elsewhere_is_not_restored(
    scene: Scene, passphrase: str, digest: Digest
) -> None:
    with InstanceLock(scene.vault):
        before = digest(scene.vault.parent)
        with pytest.raises(VaultInUseError, match="open in another Casenotes"):
            _restore(scene, passphrase=passphrase)
        assert digest(scene.vault.parent) == before


def test_the_callers_lock_is_used_and_kept(scene: Scene, passphrase: str) -> None:
    lock = InstanceLock(scene.vault).acquire()
    try:
        _restore(scene, passphrase=passphrase, instance_lock=lock)
        assert lock.held
        with pytest.raises(VaultInUseError):
            InstanceLock(scene.vault).acquire()
    finally:
        lock.release()
    with pytest.raises(ValueError, match="not the lock of this vault"):
        _restore(
            scene,
            passphrase=passphrase,
            instance_lock=InstanceLock(scene.vault.with_name("other.vault")),
        )


# ---- failures while writing: the vault folder byte for byte as it was -----------------------


def _enospc(*_: object, **__: object) -> None:
    raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))


@pytest.fixture
def fail_nth_copy(monkeypatch: pytest.MonkeyPatch) -> Iterator[Callable[[int], None]]:
    """Make the n-th page copy (1: the private copy, 2: the pre-restore backup, 3: the new
    vault beside the old one) fail with ENOSPC."""
    real = snapshot_module._copy_pages

    def arm(n: int) -> None:
        calls = iter(range(1, 100))

        def copy(source: object, destination: object) -> None:
            if next(calls) == n:
                _enospc()
            real(source, destination)  # type: ignore[arg-type]

        monkeypatch.setattr(snapshot_module, "_copy_pages", copy)

    yield arm
    monkeypatch.undo()


@pytest.mark.parametrize("n", [1, 2, 3])
def test_a_full_disk_at_any_copy_leaves_everything_as_it_was(
    scene: Scene,
    passphrase: str,
    digest: Digest,
    fail_nth_copy: Callable[[int], None],
    n: int,
) -> None:
    before = digest(scene.vault.parent)
    fail_nth_copy(n)
    with pytest.raises(RestoreWriteError, match="disk is full") as caught:
        _restore(scene, passphrase=passphrase)
    assert str(caught.value).startswith("The backup could not be restored: the disk is full.")
    assert digest(scene.vault.parent) == before


@pytest.mark.parametrize("call", ["replace-vault", "fsync"])
def test_a_failing_rename_or_fsync_leaves_everything_as_it_was(
    scene: Scene,
    passphrase: str,
    digest: Digest,
    monkeypatch: pytest.MonkeyPatch,
    call: str,
) -> None:
    before = digest(scene.vault.parent)
    if call == "fsync":
        monkeypatch.setattr(os, "fsync", _enospc)
    else:
        real_replace = os.replace

        def replace(source: str | Path, target: str | Path) -> None:
            if Path(target) == scene.vault:
                _enospc()
            real_replace(source, target)

        monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(RestoreWriteError, match="disk is full"):
        _restore(scene, passphrase=passphrase)
    monkeypatch.undo()
    assert digest(scene.vault.parent) == before


def test_a_failing_folder_fsync_after_the_rename_still_completes_the_restore(
    scene: Scene,
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
    template: Template,
) -> None:
    real_fsync = os.fsync
    renamed: list[bool] = []
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        real_replace(source, target)
        renamed.append(Path(target) == scene.vault)

    def fsync(fd: int) -> None:
        if any(renamed) and stat.S_ISDIR(os.fstat(fd).st_mode):
            _enospc()
        real_fsync(fd)

    monkeypatch.setattr(os, "replace", replace)
    monkeypatch.setattr(os, "fsync", fsync)
    result = _restore(scene, passphrase=passphrase)
    monkeypatch.undo()
    assert note_ids(scene.vault, passphrase) == {n.id for n in template.filled.notes}
    pre = result.pre_restore  # type: ignore[attr-defined]
    assert scene.later.id in note_ids(pre.path, passphrase)  # the old vault is kept


def _crashed_vault(scene: Scene, passphrase: str, tmp_path: Path) -> Note:
    """Leave ``scene.vault`` as a crash would: a -wal holding a committed note, and a -shm."""
    journal = Journal.open(scene.vault, KdfPolicy.testing())
    journal.unlock(passphrase)
    note = journal.save_note(
        Note(
            case_id=journal.list_cases()[0].id,
            session_date=date(2024, 6, 1),
            sections={"body": "Only in the WAL (fictional)."},
        )
    )
    frozen = tmp_path / "frozen"
    frozen.mkdir()
    for suffix in ("", "-wal", "-shm"):
        shutil.copyfile(f"{scene.vault}{suffix}", frozen / f"test.vault{suffix}")
    journal.lock()
    forget_other_backups(scene.vault, [scene.backup.path])
    for suffix in ("", "-wal", "-shm"):
        shutil.copyfile(frozen / f"test.vault{suffix}", f"{scene.vault}{suffix}")
    assert Path(f"{scene.vault}-wal").stat().st_size > 0
    return note


def test_a_stale_wal_is_kept_in_the_pre_restore_backup_and_never_meets_the_new_vault(
    scene: Scene,
    passphrase: str,
    tmp_path: Path,
    template: Template,
) -> None:
    in_wal = _crashed_vault(scene, passphrase, tmp_path)
    result = _restore(scene, passphrase=passphrase)
    assert sorted(os.listdir(scene.vault.parent)) == ["backups", "test.vault"]
    assert note_ids(scene.vault, passphrase) == {n.id for n in template.filled.notes}
    pre = result.pre_restore  # type: ignore[attr-defined]
    assert in_wal.id in note_ids(pre.path, passphrase)


def test_a_failed_rename_puts_a_stale_wal_back(
    scene: Scene,
    passphrase: str,
    tmp_path: Path,
    monkeypatch: pytest.MonkeyPatch,
    digest: Digest,
) -> None:
    in_wal = _crashed_vault(scene, passphrase, tmp_path)
    before = digest(scene.vault.parent)
    real_replace = os.replace

    def replace(source: str | Path, target: str | Path) -> None:
        if Path(target) == scene.vault:
            _enospc()
        real_replace(source, target)

    monkeypatch.setattr(os, "replace", replace)
    with pytest.raises(RestoreWriteError):
        _restore(scene, passphrase=passphrase)
    monkeypatch.undo()
    after = digest(scene.vault.parent)
    # The vault and its WAL are byte for byte as they were. The -shm is SQLite's
    # shared-memory index of the WAL, rebuilt by whoever reads the WAL next: reading the
    # crashed vault for the pre-restore backup rebuilt it.
    assert after.keys() == before.keys()
    assert {k: v for k, v in after.items() if not k.endswith("-shm")} == {
        k: v for k, v in before.items() if not k.endswith("-shm")
    }
    assert in_wal.id in note_ids(scene.vault, passphrase)


# ---- a backup from an older version ---------------------------------------------------------


def test_an_older_backup_is_migrated_in_the_private_copy_before_it_is_verified(
    scene: Scene,
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
    template: Template,
) -> None:
    from casenotes.core.backup import restore as restore_module
    from casenotes.core.store import vault_file

    # Pretend this version knows a newer revision than the backup's, so the backup is older.
    monkeypatch.setattr(vault_file, "KNOWN_REVISIONS", ("0001", "0002", "0003", "0004", "0005"))
    migrated: list[object] = []
    real_upgrade = restore_module.upgrade_to_head

    def upgrade(engine: object, *finish: object) -> None:
        migrated.append(engine)
        real_upgrade(engine, *finish)  # type: ignore[arg-type]

    monkeypatch.setattr(restore_module, "upgrade_to_head", upgrade)
    before = sha256(scene.backup.path)
    _restore(scene, passphrase=passphrase)
    monkeypatch.undo()
    assert len(migrated) == 1
    assert sha256(scene.backup.path) == before  # the chosen backup itself is never changed
    assert note_ids(scene.vault, passphrase) == {n.id for n in template.filled.notes}


def test_a_backup_that_cannot_be_migrated_is_refused(
    scene: Scene,
    passphrase: str,
    monkeypatch: pytest.MonkeyPatch,
    digest: Digest,
) -> None:
    from casenotes.core.backup import restore as restore_module
    from casenotes.core.store import vault_file

    def broken(engine: object, *finish: object) -> None:
        raise RuntimeError("a migration broke references between records")

    monkeypatch.setattr(vault_file, "KNOWN_REVISIONS", ("0001", "0002", "0003", "0004", "0005"))
    monkeypatch.setattr(restore_module, "upgrade_to_head", broken)
    before = digest(scene.vault.parent)
    with pytest.raises(RestoreError, match="older version of Casenotes"):
        _restore(scene, passphrase=passphrase)
    monkeypatch.undo()
    assert digest(scene.vault.parent) == before
