"""A consistent copy of the vault, taken through SQLite's online backup API before a migration."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from casenotes.core.store.database import DIR_MODE, FILE_MODE


def backups_dir(vault: Path) -> Path:
    folder = vault.parent / "backups"
    folder.mkdir(mode=DIR_MODE, exist_ok=True)
    os.chmod(folder, DIR_MODE)
    return folder


def snapshot(engine: Engine, target: Path) -> Path:
    """Write a consistent, fsynced, 0600 copy to ``target`` atomically (temp file + rename)."""
    partial = target.with_name(target.name + ".partial")
    fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, FILE_MODE)
    os.close(fd)
    raw = engine.raw_connection()
    try:
        destination = sqlite3.connect(partial)
        try:
            raw.driver_connection.backup(destination)  # type: ignore[union-attr]
            destination.execute("PRAGMA journal_mode=DELETE")
            result = destination.execute("PRAGMA integrity_check").fetchone()
        finally:
            destination.close()
    finally:
        raw.close()
    if result is None or result[0] != "ok":
        os.remove(partial)
        raise OSError("The backup copy failed its integrity check; the vault was not changed.")
    with open(partial, "rb") as handle:
        os.fsync(handle.fileno())
    os.replace(partial, target)
    dir_fd = os.open(target.parent, os.O_RDONLY)
    try:
        os.fsync(dir_fd)
    finally:
        os.close(dir_fd)
    return target


def copy_before_migration(engine: Engine, vault: Path) -> Path:
    stamp = datetime.now(UTC).strftime("%Y%m%dT%H%M%SZ")
    return snapshot(engine, backups_dir(vault) / f"{vault.stem}-pre-migration-{stamp}.vault")
