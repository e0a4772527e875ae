"""Kept for the journal's import: the copy before a migration is now an ordinary backup
(``casenotes.core.backup``), named ``<stem>-<UTC stamp>-pre-migration.vault`` and rotated
with the other automatic backups."""

from __future__ import annotations

from pathlib import Path

from sqlalchemy import Engine


def backups_dir(vault: Path) -> Path:
    """``backups/`` beside the vault, created 0700 if needed."""
    from casenotes.core.backup.catalog import ensure_backups_folder

    return ensure_backups_folder(vault)


def snapshot(engine: Engine, target: Path) -> Path:
    """A consistent, checked, fsynced 0600 copy of the open vault at ``target`` (atomic)."""
    from casenotes.core.backup.snapshot import engine_source, write_snapshot

    with engine_source(engine) as source:
        write_snapshot(source, Path(target))
    return Path(target)


def copy_before_migration(engine: Engine, vault: Path) -> Path:
    from casenotes.core.backup.catalog import BackupReason
    from casenotes.core.backup.snapshot import backup_vault

    return backup_vault(vault, BackupReason.PRE_MIGRATION, engine=engine).path
