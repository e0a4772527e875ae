"""Errors of backups and restore. Each is a VaultError whose message is a sentence the
practitioner can act on; none carries client data (at most a file or folder name)."""

from __future__ import annotations

import errno as errnos
import sqlite3

from casenotes.core.vault.errors import (
    BadRecoveryKeyError,
    NotAVaultError,
    UnsupportedVersionError,
    VaultError,
    VaultNotFoundError,
    WrongPassphraseError,
)


class BackupError(VaultError):
    """Base class: a backup could not be made, listed or restored."""


class BackupWriteError(BackupError):
    """The disk refused a write (full, read-only, permission): nothing was changed.

    ``reason`` is the short phrase used in the message ("the disk is full"), ``errno`` the
    operating system's error number when there was one."""

    def __init__(self, message: str, *, reason: str, errno: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.errno = errno


class BackupIntegrityError(BackupError):
    """The copy failed SQLite's integrity check: the vault itself is damaged."""


class BackupTargetError(BackupError):
    """A backup was asked for a place it must not go (the vault itself, an existing file)."""


class RestoreError(BackupError):
    """Base class of refusals to restore. The vault was not changed."""


class RestoreWriteError(RestoreError):
    """Restoring failed while writing (disk full, read-only): the vault was not changed."""

    def __init__(self, message: str, *, reason: str, errno: int | None = None) -> None:
        super().__init__(message)
        self.reason = reason
        self.errno = errno


class BackupNotFoundError(RestoreError, VaultNotFoundError):
    pass


class NotABackupError(RestoreError, NotAVaultError):
    pass


class BackupTooNewError(RestoreError, UnsupportedVersionError):
    pass


class BackupPassphraseError(RestoreError, WrongPassphraseError):
    pass


class BackupRecoveryKeyError(RestoreError, BadRecoveryKeyError):
    pass


class DifferentVaultError(RestoreError):
    """The backup is a copy of another vault (its vault id differs from the current one)."""


class DamagedBackupError(RestoreError):
    """The backup opens but fails verification: records fail authentication, or SQLite's
    own checks fail."""

    def __init__(self, message: str, *, damaged_records: int, database_problems: int) -> None:
        super().__init__(message)
        self.damaged_records = damaged_records
        self.database_problems = database_problems


# ---- turning the operating system's and SQLite's errors into a phrase -----------------------

_FULL = {errnos.ENOSPC, getattr(errnos, "EDQUOT", errnos.ENOSPC)}
_READ_ONLY = {errnos.EROFS}
_DENIED = {errnos.EACCES, errnos.EPERM}

# SQLite's primary result codes (https://sqlite.org/rescode.html).
SQLITE_PERM, SQLITE_READONLY, SQLITE_IOERR, SQLITE_CORRUPT, SQLITE_FULL = 3, 8, 10, 11, 13
SQLITE_CANTOPEN, SQLITE_NOTADB = 14, 26


def os_error_reason(exc: OSError) -> str:
    """A short phrase for why the disk refused: no path, no content."""
    if exc.errno in _FULL:
        return "the disk is full"
    if exc.errno in _READ_ONLY:
        return "the disk or folder is read-only"
    if exc.errno in _DENIED:
        return "permission was denied"
    if exc.errno == errnos.ENOENT:
        return "the folder does not exist"
    return (exc.strerror or exc.__class__.__name__).rstrip(".").lower()


def sqlite_primary_code(exc: sqlite3.Error) -> int | None:
    code = getattr(exc, "sqlite_errorcode", None)
    return code & 0xFF if isinstance(code, int) else None


def sqlite_error_reason(exc: sqlite3.Error) -> str:
    code = sqlite_primary_code(exc)
    if code == SQLITE_FULL:
        return "the disk is full"
    if code in (SQLITE_READONLY, SQLITE_PERM):
        return "the disk or folder is read-only"
    if code == SQLITE_CANTOPEN:
        return "the file could not be created"
    if code == SQLITE_IOERR:
        return "the disk reported an input/output error"
    text = str(exc).lower()
    if "disk is full" in text:
        return "the disk is full"
    return f"the database engine reported a problem ({exc.__class__.__name__})"


def is_damage(exc: sqlite3.Error) -> bool:
    """Whether SQLite says the data it read is damaged (rather than that a write failed)."""
    return sqlite_primary_code(exc) in (SQLITE_CORRUPT, SQLITE_NOTADB) or (
        sqlite_primary_code(exc) is None and "malformed" in str(exc).lower()
    )
