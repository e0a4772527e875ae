"""A consistent, checked, durable copy of the vault, through SQLite's online backup API.

The copy is the vault as it was (ciphertext, header and all) in one file: its journal mode
is switched to DELETE so that it needs no ``-wal``. It is written to ``NAME.partial`` (0600),
checked with ``PRAGMA integrity_check``, fsynced, moved into place with ``os.replace`` and the
folder is fsynced. On any failure no ``.partial`` (nor its journal) is left behind, and the
error is a ``BackupError`` whose message says why in words.

The source is the open engine while the vault is unlocked, or the file itself while it is
locked: a backup needs no passphrase, and SQLite's own locking makes it consistent even if
another process is writing to the vault at the time.
"""

from __future__ import annotations

import contextlib
import logging
import os
import shutil
import sqlite3
import sys
from collections.abc import Iterator
from datetime import UTC, datetime
from pathlib import Path

from sqlalchemy import Engine

from casenotes.core.backup.catalog import (
    DEFAULT_KEEP,
    BackupInfo,
    BackupReason,
    backup_name,
    ensure_backups_folder,
)
from casenotes.core.backup.errors import (
    BackupError,
    BackupIntegrityError,
    BackupTargetError,
    BackupWriteError,
    is_damage,
    os_error_reason,
    sqlite_error_reason,
)
from casenotes.core.store.database import FILE_MODE, open_read_only
from casenotes.core.store.vault_file import inspect_vault

log = logging.getLogger(__name__)

PARTIAL_SUFFIX = ".partial"
# A backup must leave this much free space on the disk beyond its own size, so that it never
# takes the last bytes the open vault needs for its next save.
HEADROOM_BYTES = 1 << 20
SIDECARS = ("-journal", "-wal", "-shm")


def partial_path(target: Path) -> Path:
    return target.with_name(target.name + PARTIAL_SUFFIX)


# ---- sources -------------------------------------------------------------------------------


@contextlib.contextmanager
def engine_source(engine: Engine) -> Iterator[sqlite3.Connection]:
    """A connection of the open vault's pool (not one inside a transaction)."""
    raw = engine.raw_connection()
    try:
        connection = raw.driver_connection
        if not isinstance(connection, sqlite3.Connection):
            raise TypeError("a backup needs an engine of the sqlite3 driver")
        yield connection
    finally:
        raw.close()


@contextlib.contextmanager
def file_source(vault_path: Path) -> Iterator[sqlite3.Connection]:
    """The vault file as SQLite reads it, never writing to it.

    With a ``-wal`` beside the file (the vault is open elsewhere, or was not closed cleanly)
    the connection is read-only: it reads the WAL under SQLite's locks, so a writer in another
    process is seen consistently, and it neither checkpoints nor deletes that WAL. Without
    one, a read-only connection would leave a ``-wal`` and ``-shm`` behind, so an ordinary
    connection with ``query_only`` is used: it removes its own on close.

    Callers inspect the file first (``inspect_vault``), so that a missing file, a foreign
    file or a vault from a newer version is refused before SQLite could touch it."""
    vault_path = Path(vault_path)
    has_wal = Path(f"{vault_path}-wal").exists()
    uri = f"{vault_path.resolve().as_uri()}?mode={'ro' if has_wal else 'rw'}"
    connection: sqlite3.Connection | None = None
    try:
        connection = sqlite3.connect(uri, uri=True, isolation_level=None, check_same_thread=False)
        connection.execute("PRAGMA busy_timeout=5000")
        connection.execute("PRAGMA query_only=ON")
        connection.execute("SELECT count(*) FROM sqlite_schema").fetchone()
    except sqlite3.OperationalError:
        # A folder SQLite cannot write its -shm into (a read-only medium): with no WAL to
        # read, the file can be read as immutable.
        if connection is not None:
            connection.close()
        if has_wal:
            raise
        connection = open_read_only(vault_path)
    try:
        yield connection
    finally:
        connection.close()


# ---- the copy ------------------------------------------------------------------------------


def _copy_pages(source: sqlite3.Connection, destination: sqlite3.Connection) -> None:
    """Every page in one step, so inside one read transaction: a consistent snapshot even
    while another connection writes (a stepped copy would restart on every write)."""
    source.backup(destination)


def _database_size(source: sqlite3.Connection) -> int:
    pages = source.execute("PRAGMA page_count").fetchone()[0]
    page_size = source.execute("PRAGMA page_size").fetchone()[0]
    return int(pages) * int(page_size)


def _check_free_space(folder: Path, needed: int) -> None:
    free = shutil.disk_usage(folder).free
    if free < needed + HEADROOM_BYTES:
        raise OSError(28, os.strerror(28))  # ENOSPC, reported like a real one


def remove_quietly(path: Path) -> None:
    for name in (path, *(Path(f"{path}{suffix}") for suffix in SIDECARS)):
        with contextlib.suppress(FileNotFoundError):
            os.remove(name)


def fsync_folder(folder: Path) -> None:
    if os.name != "posix":  # Windows cannot open a folder to fsync it
        return
    fd = os.open(folder, os.O_RDONLY)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def fsync_file(path: Path) -> None:
    fd = os.open(path, os.O_RDWR)
    try:
        os.fsync(fd)
    finally:
        os.close(fd)


def _write_error(exc: OSError | sqlite3.Error, folder: Path) -> BackupError:
    if isinstance(exc, sqlite3.Error) and is_damage(exc):
        return BackupIntegrityError(
            "The vault could not be copied: SQLite reports it damaged. Nothing was written "
            "and the vault was not changed; restore an earlier backup or verify the vault."
        )
    if isinstance(exc, OSError):
        reason, number = os_error_reason(exc), exc.errno
    else:
        reason, number = sqlite_error_reason(exc), None
    advice = " Free some space and try again." if reason == "the disk is full" else ""
    return BackupWriteError(
        f"The backup could not be written to {folder}: {reason}. The vault was not "
        f"changed and no partial copy was left.{advice}",
        reason=reason,
        errno=number,
    )


def write_partial(
    source: sqlite3.Connection, partial: Path, *, journal_mode: str = "DELETE", check: bool = True
) -> int:
    """Copy ``source`` into a new file ``partial`` (0600), set its journal mode, check its
    integrity (unless ``check`` is false) and fsync it. Returns its size in bytes.

    On failure ``partial`` and its journal files are removed and a BackupError is raised."""
    try:
        _check_free_space(partial.parent, _database_size(source))
        remove_quietly(partial)
        fd = os.open(partial, os.O_WRONLY | os.O_CREAT | os.O_EXCL, FILE_MODE)
        try:
            if sys.platform != "win32":
                os.fchmod(fd, FILE_MODE)  # the umask filters os.open's mode
        finally:
            os.close(fd)
        destination = sqlite3.connect(partial, isolation_level=None)
        try:
            _copy_pages(source, destination)
            mode = destination.execute(f"PRAGMA journal_mode={journal_mode}").fetchone()
            if mode is None or str(mode[0]).upper() != journal_mode.upper():
                raise sqlite3.OperationalError(f"could not set journal_mode={journal_mode}")
            problems = (
                []
                if not check
                else [
                    row[0]
                    for row in destination.execute("PRAGMA integrity_check")
                    if row[0] != "ok"
                ]
            )
        finally:
            destination.close()
        if problems:
            raise BackupIntegrityError(
                "The backup copy failed SQLite's integrity check, so the vault itself may be "
                "damaged. No backup was kept and the vault was not changed; verify the vault "
                "or restore an earlier backup."
            )
        fsync_file(partial)
        return partial.stat().st_size
    except BaseException as exc:
        remove_quietly(partial)
        if isinstance(exc, OSError | sqlite3.Error):
            raise _write_error(exc, partial.parent) from exc
        raise


def install(partial: Path, target: Path) -> None:
    """Move a finished ``partial`` over ``target`` atomically and make the rename durable.

    On failure ``partial`` is removed, and ``target`` is as it was (absent, or its old
    content)."""
    existed = target.exists()
    replaced = False
    try:
        os.replace(partial, target)
        replaced = True
        fsync_folder(target.parent)
    except BaseException as exc:
        remove_quietly(partial)
        if replaced and not existed:
            remove_quietly(target)
        if isinstance(exc, OSError):
            raise _write_error(exc, target.parent) from exc
        raise


def write_snapshot(
    source: sqlite3.Connection, target: Path, *, journal_mode: str = "DELETE", check: bool = True
) -> int:
    """``write_partial`` then ``install``: the whole atomic, checked, durable copy."""
    partial = partial_path(target)
    size = write_partial(source, partial, journal_mode=journal_mode, check=check)
    install(partial, target)
    return size


# ---- backups -------------------------------------------------------------------------------


def free_target(folder: Path, stem: str, created: datetime, reason: BackupReason) -> Path:
    """The backup's path in ``folder``; ``-2``, ``-3`` … when that second is taken."""
    n = 1
    while True:
        target = folder / backup_name(stem, created, reason, n)
        if not target.exists() and not partial_path(target).exists():
            return target
        n += 1


@contextlib.contextmanager
def _source(vault_path: Path, engine: Engine | None) -> Iterator[sqlite3.Connection]:
    if engine is not None:
        with engine_source(engine) as connection:
            yield connection
    else:
        with file_source(vault_path) as connection:
            yield connection


def take_backup(
    vault_path: Path,
    reason: BackupReason | str,
    *,
    engine: Engine | None = None,
    now: datetime | None = None,
) -> BackupInfo:
    """One backup into ``backups/`` beside the vault, without rotation (see backup_vault)."""
    vault_path = Path(vault_path)
    reason = BackupReason(reason)
    if reason is BackupReason.OTHER:
        raise ValueError("a backup needs a reason other than OTHER")
    created = (now or datetime.now(UTC)).astimezone(UTC).replace(microsecond=0)
    if engine is None:
        # A missing or foreign file is refused before a folder is made. The schema is not
        # pinned here: a copy of a vault with planted objects is evidence, and harmless.
        inspect_vault(vault_path, pin_schema=False)
    try:
        folder = ensure_backups_folder(vault_path)
    except OSError as exc:
        raise _write_error(exc, vault_path.parent) from exc
    target = free_target(folder, vault_path.stem, created, reason)
    try:
        with _source(vault_path, engine) as source:
            size = write_snapshot(source, target)
    except (OSError, sqlite3.Error) as exc:  # opening or reading the source
        raise _write_error(exc, folder) from exc
    log.info("backup written (%s, %d bytes)", reason.value, size)
    return BackupInfo(target, created, reason, size)


def backup_vault(
    vault_path: Path,
    reason: BackupReason | str,
    *,
    engine: Engine | None = None,
    keep: int = DEFAULT_KEEP,
    now: datetime | None = None,
) -> BackupInfo:
    """Take a backup of the vault into ``backups/`` beside it, then rotate automatic ones.

    ``engine`` is the open vault's engine while it is unlocked; without it the file is read
    (no passphrase needed). ``keep`` is how many automatic backups rotation keeps (at least
    one, the newest, is always kept); a manual backup does not rotate. ``now`` fixes the time
    in the name (tests).

    Raises BackupWriteError (disk full, read-only, permission), BackupIntegrityError (the
    copy fails SQLite's check), or, for a file source, the errors of ``inspect_vault``
    (VaultNotFoundError, NotAVaultError, UnsupportedVersionError)."""
    from casenotes.core.backup.rotation import rotate_backups

    info = take_backup(vault_path, reason, engine=engine, now=now)
    if info.automatic:
        rotate_backups(vault_path, keep, protect=[info.path])
    return info


def _same_file(a: Path, b: Path) -> bool:
    try:
        return os.path.samefile(a, b)
    except OSError:
        return a.resolve() == b.resolve()


def copy_vault(
    vault_path: Path, target: Path, *, engine: Engine | None = None, overwrite: bool = False
) -> BackupInfo:
    """A manual backup to a file the user chose (``casenotes backup -o FILE``): the same
    checked, atomic copy, anywhere; not listed or rotated unless it is in ``backups/``.

    Refuses the vault itself and its companion files, and an existing file unless
    ``overwrite``. The target's folder must exist."""
    vault_path, target = Path(vault_path), Path(target)
    forbidden = [vault_path, *(Path(f"{vault_path}{s}") for s in (*SIDECARS, ".lock"))]
    if any(_same_file(target, p) for p in forbidden):
        raise BackupTargetError(
            "A backup cannot be written over the vault or its own files; choose another name."
        )
    if target.is_dir():
        raise BackupTargetError(f"{target} is a folder; give a file name for the backup.")
    if target.exists() and not overwrite:
        raise BackupTargetError(
            f"There is already a file at {target}; it was left untouched. Choose another name."
        )
    if engine is None:
        inspect_vault(vault_path, pin_schema=False)
    created = datetime.now(UTC).replace(microsecond=0)
    try:
        with _source(vault_path, engine) as source:
            size = write_snapshot(source, target)
    except (OSError, sqlite3.Error) as exc:  # opening or reading the source
        raise _write_error(exc, target.parent) from exc
    log.info("backup written (manual, to a chosen file, %d bytes)", size)
    return BackupInfo(target, created, BackupReason.MANUAL, size)
