"""Restoring a backup over the vault: everything is checked before anything is replaced.

1. The backup is inspected read-only: not a vault, a newer version, or a copy of a different
   vault are refused at once.
2. The instance lock is taken (or the caller's is used), so no Casenotes has the vault open.
3. A private copy of the backup is made in a scratch folder ``backups/.restore-XXXX/`` (beside
   the vault, never the system temp folder; it is ciphertext, and it is deleted afterwards),
   unlocked with the passphrase or recovery key, migrated if it is older, and verified (the
   same check as ``Journal.verify``: SQLite's integrity and foreign keys, every envelope,
   every signature hash).
4. The current vault is kept as a ``pre-restore`` backup (a damaged one byte for byte).
5. The verified copy is written beside the vault (``<vault>.partial``), checked and fsynced;
   the old vault's ``-wal``/``-shm`` are moved into the scratch folder; ``os.replace`` puts
   the new file in place; the folder is fsynced (best effort: once the rename is done, the
   restore has happened).

On any failure before the final rename, the vault and its companion files are exactly as they
were, the pre-restore backup is removed again and nothing is left behind; the error is a
``RestoreError`` (or ``VaultInUseError``) saying why.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import tempfile
from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import exc as sa_exc
from sqlalchemy.orm import Session

from casenotes.core.backup.catalog import (
    DEFAULT_KEEP,
    BackupInfo,
    BackupReason,
    backups_folder,
    ensure_backups_folder,
)
from casenotes.core.backup.errors import (
    BackupError,
    BackupIntegrityError,
    BackupNotFoundError,
    BackupPassphraseError,
    BackupRecoveryKeyError,
    BackupTooNewError,
    BackupWriteError,
    DamagedBackupError,
    DifferentVaultError,
    NotABackupError,
    RestoreError,
    RestoreWriteError,
    os_error_reason,
)
from casenotes.core.backup.rotation import RESTORE_SCRATCH_PREFIX, rotate_backups
from casenotes.core.backup.snapshot import (
    file_source,
    free_target,
    fsync_file,
    fsync_folder,
    partial_path,
    remove_quietly,
    take_backup,
    write_partial,
    write_snapshot,
)
from casenotes.core.store.database import DIR_MODE, FILE_MODE, make_engine, open_read_only
from casenotes.core.store.instance_lock import InstanceLock, lock_path
from casenotes.core.store.manifest import ManifestTracker, finish_migration
from casenotes.core.store.pinned_schema import SchemaMismatchError
from casenotes.core.store.schema import upgrade_to_head
from casenotes.core.store.sealing import FieldCipher
from casenotes.core.store.vault_file import Inspection, inspect_vault
from casenotes.core.store.verify import verify
from casenotes.core.vault.errors import (
    BadRecoveryKeyError,
    KdfParametersRefusedError,
    NotAVaultError,
    UnsupportedVersionError,
    VaultError,
    WrongPassphraseError,
)
from casenotes.core.vault.header import unlock_with_passphrase, unlock_with_recovery_key
from casenotes.core.vault.kdf import KdfPolicy
from casenotes.core.vault.slots import SlotError

log = logging.getLogger(__name__)

UNCHANGED = "The vault was not changed."


@dataclass(frozen=True, slots=True)
class RestoreResult:
    vault_path: Path
    restored_from: Path
    pre_restore: BackupInfo | None  # the vault as it was, kept in backups/ (None: no vault)
    records_checked: int  # records the verification authenticated


def restore_backup(
    vault_path: Path,
    backup_path: Path,
    *,
    passphrase: str | None = None,
    recovery_key: str | None = None,
    policy: KdfPolicy,
    allow_other_vault: bool = False,
    instance_lock: InstanceLock | None = None,
    keep: int = DEFAULT_KEEP,
    now: datetime | None = None,
) -> RestoreResult:
    """Replace the vault at ``vault_path`` with the backup at ``backup_path``.

    Exactly one of ``passphrase`` (the one the backup was taken with) or ``recovery_key``
    (text form) opens the backup. ``allow_other_vault`` permits a backup of another vault
    (another vault id); by default that is refused. ``instance_lock`` is a lock on this vault
    the caller already holds (the journal's, with the vault closed); otherwise one is taken
    and released here. ``keep`` is the rotation count; ``now`` fixes the time in the
    pre-restore backup's name (tests).

    The vault need not exist (a lost vault is restored); if it does, it must not be open."""
    vault_path, backup_path = Path(vault_path), Path(backup_path)
    if (passphrase is None) == (recovery_key is None):
        raise ValueError("restore_backup needs exactly one of passphrase or recovery_key")
    if instance_lock is not None and instance_lock.path != lock_path(vault_path):
        raise ValueError("instance_lock is not the lock of this vault")
    inspection = _inspect_backup(backup_path, vault_path, policy)
    current_id = _current_vault_id(vault_path)
    if (
        current_id is not None
        and current_id != inspection.header.vault_id
        and not allow_other_vault
    ):
        raise DifferentVaultError(
            "This backup is a copy of a different vault, not of the one it would replace. "
            f"{UNCHANGED} To replace this vault with it anyway, restore it as a backup of a "
            "different vault (casenotes restore --other-vault)."
        )
    # Folders made here are removed again if the restore fails (only while still empty).
    made = [f for f in (backups_folder(vault_path), vault_path.parent) if not f.exists()]
    try:
        _ensure_folder(vault_path.parent)
    except OSError as exc:
        raise _restore_write_error(exc) from exc
    lock = instance_lock or InstanceLock(vault_path)
    acquired_here = not lock.held
    succeeded = False
    try:
        lock.acquire()  # VaultInUseError when another Casenotes has the vault open
        result = _restore_locked(
            vault_path, backup_path, passphrase, recovery_key, policy, keep, now
        )
        succeeded = True
        return result
    except BackupWriteError as exc:
        raise _restore_write_error(exc) from exc
    except OSError as exc:
        raise _restore_write_error(exc) from exc
    finally:
        if acquired_here:
            lock.release()
        if not succeeded:
            for folder in made:
                with contextlib.suppress(OSError):
                    folder.rmdir()


def _restore_locked(
    vault_path: Path,
    backup_path: Path,
    passphrase: str | None,
    recovery_key: str | None,
    policy: KdfPolicy,
    keep: int,
    now: datetime | None,
) -> RestoreResult:
    folder = ensure_backups_folder(vault_path)
    scratch = Path(tempfile.mkdtemp(prefix=RESTORE_SCRATCH_PREFIX, dir=folder))
    pre: BackupInfo | None = None
    try:
        candidate = scratch / "candidate.vault"
        try:
            with closing(open_read_only(backup_path)) as source:
                write_snapshot(source, candidate, check=False)
        except BackupIntegrityError as exc:
            raise NotABackupError(
                f"{backup_path.name} could not be read as a Casenotes backup (SQLite reports "
                f"it damaged). {UNCHANGED}"
            ) from exc
        records = _verify_candidate(candidate, passphrase, recovery_key, policy)
        pre = _keep_current(vault_path, now)
        _install_candidate(candidate, vault_path, scratch)
    except BaseException:
        if pre is not None:
            remove_quietly(pre.path)
        raise
    finally:
        shutil.rmtree(scratch, ignore_errors=True)
    rotate_backups(
        vault_path, keep, protect=[backup_path, *([pre.path] if pre is not None else [])]
    )
    return RestoreResult(vault_path, backup_path, pre, records)


# ---- checks --------------------------------------------------------------------------------


def _inspect_backup(backup_path: Path, vault_path: Path, policy: KdfPolicy) -> Inspection:
    if not backup_path.is_file():
        raise BackupNotFoundError(f"There is no backup at {backup_path}. {UNCHANGED}")
    with contextlib.suppress(OSError):
        if vault_path.exists() and os.path.samefile(backup_path, vault_path):
            raise RestoreError(f"That file is the vault itself, not a backup. {UNCHANGED}")
    try:
        inspection = inspect_vault(backup_path)
        inspection.header.validate(policy)
    except UnsupportedVersionError as exc:
        raise BackupTooNewError(
            "This backup was written by a newer version of Casenotes (or uses settings this "
            f"version does not know). Update Casenotes to restore it. {UNCHANGED}"
        ) from exc
    except (NotAVaultError, UnicodeDecodeError) as exc:
        # (a schema damaged into invalid UTF-8 makes Python's sqlite3 fail to decode
        # SQLite's error message)
        raise NotABackupError(
            f"{backup_path.name} is not a Casenotes backup, or it is damaged beyond reading. "
            f"{UNCHANGED}"
        ) from exc
    except SchemaMismatchError as exc:
        raise RestoreError(
            f"The backup {exc.problems[0]}: it may have been tampered with, so it was not "
            f"restored. {UNCHANGED} Try an earlier backup."
        ) from exc
    except KdfParametersRefusedError as exc:
        raise RestoreError(
            "The backup's key-derivation settings are outside what Casenotes allows; its "
            f"header may have been altered. It was not restored. {UNCHANGED}"
        ) from exc
    return inspection


def _current_vault_id(vault_path: Path) -> bytes | None:
    """The current vault's id, or None when there is no vault or it cannot be read."""
    if not vault_path.is_file():
        return None
    try:
        # Only its id is wanted: a vault refused for its schema may be the one being replaced.
        return inspect_vault(vault_path, pin_schema=False).header.vault_id
    except (VaultError, UnicodeDecodeError, sqlite3.Error):
        return None


def _verify_candidate(
    candidate: Path, passphrase: str | None, recovery_key: str | None, policy: KdfPolicy
) -> int:
    """Unlock the private copy, migrate it if it is older, and verify every record."""
    inspection = inspect_vault(candidate)
    header = inspection.header
    try:
        if passphrase is not None:
            keys = unlock_with_passphrase(header, passphrase, policy)
        else:
            assert recovery_key is not None
            keys = unlock_with_recovery_key(header, recovery_key, policy)
    except WrongPassphraseError:
        raise BackupPassphraseError(
            "That passphrase does not open this backup. A backup keeps the passphrase the "
            "vault had when the backup was taken: try that one, or the recovery key. "
            f"{UNCHANGED}"
        ) from None
    except BadRecoveryKeyError as exc:
        if isinstance(exc.__cause__, SlotError):
            raise BackupRecoveryKeyError(
                f"That recovery key does not open this backup. {UNCHANGED}"
            ) from None
        raise BackupRecoveryKeyError(f"{exc} {UNCHANGED}") from None
    engine = make_engine(candidate)
    try:
        if inspection.needs_migration:
            try:
                upgrade_to_head(engine, lambda c: finish_migration(c, keys, header))
            except Exception as exc:
                raise RestoreError(
                    "This backup is from an older version of Casenotes and could not be "
                    f"brought up to date, so it was not restored. {UNCHANGED}"
                ) from exc
        with Session(engine) as session:
            report = verify(session, FieldCipher(keys), tracker=ManifestTracker(keys))
    except (sa_exc.DBAPIError, sqlite3.DatabaseError) as exc:
        raise DamagedBackupError(
            f"This backup is damaged: SQLite could not read it through. {UNCHANGED}",
            damaged_records=0,
            database_problems=1,
        ) from exc
    finally:
        keys.wipe()
        engine.dispose()
    if not report.intact:
        parts = []
        if report.damaged:
            parts.append(f"{len(report.damaged)} record(s) failed authentication")
        if report.integrity:
            parts.append(f"SQLite found {len(report.integrity)} problem(s)")
        if report.schema:
            parts.append(f"its schema has {len(report.schema)} unexpected difference(s)")
        if report.manifest:
            parts.append(
                "its records do not match its manifest (deleted, added or rolled "
                "back outside Casenotes)"
            )
        raise DamagedBackupError(
            f"This backup is damaged: {' and '.join(parts)}. It was not restored. "
            f"{UNCHANGED} Try an earlier backup.",
            damaged_records=len(report.damaged),
            database_problems=len(report.integrity),
        )
    return report.records_checked


# ---- replacing -----------------------------------------------------------------------------


def _keep_current(vault_path: Path, now: datetime | None) -> BackupInfo | None:
    """Back up the vault about to be replaced; a vault SQLite cannot copy is kept byte for
    byte (with its -wal, as ``NAME-wal``) so that nothing is ever lost by a restore."""
    if not vault_path.exists():
        return None
    try:
        return take_backup(vault_path, BackupReason.PRE_RESTORE, now=now)
    except (BackupIntegrityError, NotAVaultError, UnsupportedVersionError, UnicodeDecodeError):
        return _raw_copy(vault_path, now)


def _raw_copy(vault_path: Path, now: datetime | None) -> BackupInfo:
    folder = ensure_backups_folder(vault_path)
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    target = free_target(folder, vault_path.stem, created, BackupReason.PRE_RESTORE)
    pairs = [(vault_path, target)]
    wal = Path(f"{vault_path}-wal")
    if wal.exists():
        pairs.append((wal, Path(f"{target}-wal")))
    written: list[Path] = []
    try:
        for source, destination in reversed(pairs):  # the main file last: it names the set
            partial = partial_path(destination)
            written.append(partial)
            fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
            os.close(fd)
            shutil.copyfile(source, partial)
            fsync_file(partial)
            os.replace(partial, destination)
            written.append(destination)
        fsync_folder(folder)
    except BaseException:
        for path in written:
            remove_quietly(path)
        raise
    return BackupInfo(target, created, BackupReason.PRE_RESTORE, target.stat().st_size)


def _install_candidate(candidate: Path, vault_path: Path, scratch: Path) -> None:
    partial = partial_path(vault_path)
    try:
        with file_source(candidate) as source:
            write_partial(source, partial, journal_mode="WAL")
    except BackupIntegrityError as exc:
        raise DamagedBackupError(
            f"The verified copy of the backup failed SQLite's check when written beside the "
            f"vault. {UNCHANGED}",
            damaged_records=0,
            database_problems=1,
        ) from exc
    # The old vault's WAL and shared-memory index must not meet the new file. They are moved
    # aside (not deleted) so that a failed rename can put everything back as it was.
    moved: list[tuple[Path, Path]] = []
    try:
        for suffix in ("-wal", "-shm", "-journal"):
            companion = Path(f"{vault_path}{suffix}")
            if companion.exists():
                aside = scratch / f"old{suffix}"
                os.replace(companion, aside)
                moved.append((aside, companion))
        os.replace(partial, vault_path)
    except BaseException:
        remove_quietly(partial)
        for aside, companion in reversed(moved):
            with contextlib.suppress(OSError):
                os.replace(aside, companion)
        raise
    # The rename is done: the restore has happened, whatever follows. Making it durable is
    # best effort; an old WAL must never be put back beside the new file now.
    try:
        fsync_folder(vault_path.parent)
    except OSError as exc:
        log.warning("the folder could not be synced after a restore (%s)", exc.strerror)


def _ensure_folder(folder: Path) -> None:
    if not folder.exists():
        folder.mkdir(parents=True, mode=DIR_MODE)
        if os.name == "posix":
            os.chmod(folder, DIR_MODE)


def _restore_write_error(exc: BackupError | OSError) -> RestoreWriteError:
    if isinstance(exc, BackupWriteError):
        reason, number = exc.reason, exc.errno
    elif isinstance(exc, OSError):
        reason, number = os_error_reason(exc), exc.errno
    else:
        reason, number = str(exc), None
    advice = " Free some space and try again." if reason == "the disk is full" else ""
    return RestoreWriteError(
        f"The backup could not be restored: {reason}. {UNCHANGED}{advice}",
        reason=reason,
        errno=number,
    )
