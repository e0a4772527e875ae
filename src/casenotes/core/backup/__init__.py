"""Backups and restore: consistent snapshots through SQLite's online backup API, their names
and rotation, the daily rule, and a restore that checks everything before it replaces
anything. The one-instance-at-a-time lock is ``casenotes.core.store.instance_lock``.

See docs/backups.md for the rules (names, rotation, the daily rule, what restore checks)."""

from __future__ import annotations

import importlib
from typing import TYPE_CHECKING

from casenotes.core.backup.catalog import (
    AUTOMATIC_REASONS,
    BACKUPS_FOLDER,
    COUNTS_AS_DAILY,
    DEFAULT_KEEP,
    BackupInfo,
    BackupReason,
    backup_name,
    backups_folder,
    list_backups,
    needs_daily_backup,
    parse_backup_name,
)
from casenotes.core.backup.contents import RecordCounts, count_records, describe_backup_file
from casenotes.core.backup.errors import (
    BackupError,
    BackupIntegrityError,
    BackupNotFoundError,
    BackupPassphraseError,
    BackupRecoveryKeyError,
    BackupTargetError,
    BackupTooNewError,
    BackupWriteError,
    DamagedBackupError,
    DifferentVaultError,
    NotABackupError,
    RestoreError,
    RestoreWriteError,
)

if TYPE_CHECKING:
    from casenotes.core.backup.adopt import adopt_vault
    from casenotes.core.backup.restore import RestoreResult, restore_backup
    from casenotes.core.backup.rotation import rotate_backups
    from casenotes.core.backup.snapshot import backup_vault, copy_vault, take_backup

# Taking, rotating and restoring backups need SQLAlchemy; naming and listing them, the daily
# rule and the errors do not. Those modules are imported on first use, so that the window
# paints its unlock page without SQLAlchemy.
_ON_FIRST_USE = {
    "adopt_vault": "adopt",
    "RestoreResult": "restore",
    "restore_backup": "restore",
    "rotate_backups": "rotation",
    "backup_vault": "snapshot",
    "copy_vault": "snapshot",
    "take_backup": "snapshot",
}


def __getattr__(name: str) -> object:
    module = _ON_FIRST_USE.get(name)
    if module is None:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    value = getattr(importlib.import_module(f"{__name__}.{module}"), name)
    globals()[name] = value
    return value


__all__ = [
    "AUTOMATIC_REASONS",
    "BACKUPS_FOLDER",
    "COUNTS_AS_DAILY",
    "DEFAULT_KEEP",
    "BackupError",
    "BackupInfo",
    "BackupIntegrityError",
    "BackupNotFoundError",
    "BackupPassphraseError",
    "BackupReason",
    "BackupRecoveryKeyError",
    "BackupTargetError",
    "BackupTooNewError",
    "BackupWriteError",
    "DamagedBackupError",
    "DifferentVaultError",
    "NotABackupError",
    "RecordCounts",
    "RestoreError",
    "RestoreResult",
    "RestoreWriteError",
    "adopt_vault",
    "backup_name",
    "backup_vault",
    "backups_folder",
    "copy_vault",
    "count_records",
    "describe_backup_file",
    "list_backups",
    "needs_daily_backup",
    "parse_backup_name",
    "restore_backup",
    "rotate_backups",
    "take_backup",
]
