"""Turning what went wrong into words a therapist can act on, worded once for the whole window.

Each failure is sorted into one ``Problem`` with two forms of the same wording:

- ``describe(exc)``: one or two whole sentences, for a message box or a page
  ("The disk is full, so this could not be saved. …");
- ``describe_error(exc)``: the reason alone, to end a sentence the caller starts
  ("The note could not be signed: " + "the disk is full" + ".").

Neither ever returns a traceback, an exception's class name alone or a message that could
quote client text: the core's own messages are written for people (and carry no client
data); anything else gets a fixed wording chosen by the kind of failure."""

from __future__ import annotations

import errno
import logging
import sqlite3
import sys
from dataclasses import dataclass

from casenotes.core.vault.errors import (
    BadRecoveryKeyError,
    KdfParametersRefusedError,
    NotAVaultError,
    SignedNoteError,
    TamperedRecordError,
    UnsupportedVersionError,
    VaultError,
    VaultExistsError,
    VaultInUseError,
    VaultLockedError,
    VaultNotFoundError,
    WeakPassphraseError,
    WrongPassphraseError,
)

log = logging.getLogger(__name__)

WRONG_PASSPHRASE = (
    "That passphrase didn’t open the vault. Please try again — it may help to "
    "check Caps Lock and the keyboard layout."
)
IN_USE = (
    "This vault is already open in another Casenotes window or command. Close it "
    "there, then try again. Nothing was changed."
)
BUSY = "The vault was busy for a moment. Please try again; nothing was changed."
NEWER_VERSION = (
    "This vault was made by a newer version of Casenotes. Please update "
    "Casenotes to open it; nothing in the vault was changed."
)
DAMAGED_RECORD = (
    "One record could not be read: it was damaged or changed outside Casenotes. "
    "Everything else in the vault is safe to use."
)
DAMAGED_RECORDS = (
    "{count} records could not be read: they were damaged or changed outside "
    "Casenotes. Everything else in the vault is safe to use."
)
DAMAGED_FILE = (
    "The vault file looks damaged, so Casenotes stopped before changing anything. "
    "A backup copy can bring your notes back."
)
DISK_FULL = (
    "The disk is full, so this could not be saved. Nothing you typed is lost — "
    "free some space, then try again."
)
READ_ONLY = (
    "The computer did not allow Casenotes to write here (the folder or disk is "
    "read-only, or permission was denied). Nothing you typed is lost."
)
DISK_PROBLEM = (
    "The disk reported a problem while reading or writing. Nothing you typed is "
    "lost; please try again, and check the disk if it happens again."
)
MISSING_FILE = "A file or folder Casenotes needed was not there. Nothing was changed."
LOCKED = "The vault was locked in the meantime. Unlock it, then try again."
SETTINGS_CHANGED = (
    "The vault’s security settings have been changed outside Casenotes, so it "
    "was not opened. Nothing was changed. A backup copy can bring your notes "
    "back."
)
OUT_OF_MEMORY = (
    "The computer ran out of memory. Close some other programs, then try again. "
    "Your vault was left as it was."
)
UNEXPECTED = (
    "Something unexpected went wrong, and Casenotes stopped what it was doing. Your "
    "vault was left as it was. If this keeps happening, please report it."
)


@dataclass(frozen=True)
class Problem:
    """One kind of failure: ``reason`` ends a sentence (lower case, no full stop);
    ``sentence`` stands alone."""

    reason: str
    sentence: str


_DISK_FULL = Problem("the disk is full", DISK_FULL)
_READ_ONLY = Problem("Casenotes isn't allowed to write to the vault's folder", READ_ONLY)
_DISK_PROBLEM = Problem("the disk reported a problem while reading or writing", DISK_PROBLEM)
_BUSY = Problem("the vault was busy for a moment", BUSY)
_DAMAGED_FILE = Problem("the vault file looks damaged", DAMAGED_FILE)
_LOCKED = Problem("the vault is locked", LOCKED)
_UNEXPECTED = Problem("something unexpected got in the way", UNEXPECTED)

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}
# SQLite's primary result codes (https://sqlite.org/rescode.html)
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 10, 11, 13, 26


def describe(exc: BaseException) -> str:
    """One or two plain sentences about ``exc``, safe to show and free of client text."""
    return problem(exc).sentence


def describe_error(exc: BaseException) -> str:
    """What went wrong, as the end of a sentence: lower-case start, no full stop, e.g.
    "the disk is full", to follow "This note isn't saved yet: ". Logs the failure's type
    (never its message)."""
    log.warning("operation failed: %s", type(exc).__name__)
    return problem(exc).reason


def damaged_notice(count: int) -> str:
    """The banner for records that could not be read."""
    return DAMAGED_RECORD if count <= 1 else DAMAGED_RECORDS.format(count=count)


def problem(exc: BaseException) -> Problem:
    """The kind of failure ``exc`` is, looking through wrapped causes (SQLAlchemy's
    ``orig``, ``raise … from``) for the database's or the disk's own error."""
    if isinstance(exc, VaultError):
        return _vault_problem(exc)
    if _is_search_closed(exc):
        return _LOCKED
    if isinstance(exc, MemoryError):
        return Problem("the computer ran out of memory", OUT_OF_MEMORY)
    for cause in _causes(exc):
        if isinstance(cause, sqlite3.Error):
            return _sqlite_problem(cause)
        if isinstance(cause, OSError):
            return _os_problem(cause)
    return _UNEXPECTED


def _causes(exc: BaseException) -> list[BaseException]:
    found: list[BaseException] = []
    current: BaseException | None = exc
    while current is not None and all(current is not seen for seen in found):
        found.append(current)
        orig = getattr(current, "orig", None) if _is_dbapi_error(current) else None
        if isinstance(orig, BaseException):
            found.append(orig)  # SQLAlchemy wraps the driver's error
        current = current.__cause__ or current.__context__
    return found


def _as_reason(sentence: str) -> str:
    text = sentence.strip().rstrip(".")
    return text[:1].lower() + text[1:]


def _vault_problem(exc: VaultError) -> Problem:
    if isinstance(exc, WrongPassphraseError):
        return Problem("that passphrase didn’t open the vault", WRONG_PASSPHRASE)
    if isinstance(exc, VaultInUseError):
        return Problem("the vault is open in another Casenotes window or command", IN_USE)
    if isinstance(exc, UnsupportedVersionError):
        return Problem("the vault was made by a newer version of Casenotes", NEWER_VERSION)
    if isinstance(exc, TamperedRecordError):
        return Problem("its stored copy was damaged or altered outside Casenotes", DAMAGED_RECORD)
    if isinstance(exc, VaultLockedError):
        return _LOCKED
    if isinstance(exc, KdfParametersRefusedError):
        return Problem(
            "the vault's security settings were changed outside Casenotes", SETTINGS_CHANGED
        )
    if isinstance(exc, SignedNoteError):
        return Problem("this note is signed and locked, so it can't be changed", str(exc))
    if isinstance(
        exc,
        BadRecoveryKeyError
        | WeakPassphraseError
        | VaultExistsError
        | VaultNotFoundError
        | NotAVaultError,
    ):
        # Written for people, with no client data (see core.vault.errors).
        return Problem(_as_reason(str(exc)), str(exc))
    message = str(exc)
    return Problem(_as_reason(message), message) if message else _UNEXPECTED


def _sqlite_problem(exc: sqlite3.Error) -> Problem:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == _SQLITE_FULL or "disk is full" in text:
        return _DISK_FULL
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return _BUSY
    if primary in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in text:
        return _READ_ONLY
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text:
        return _DAMAGED_FILE
    if primary == _SQLITE_IOERR or "disk i/o" in text:
        return _DISK_PROBLEM
    return _UNEXPECTED


def _os_problem(exc: OSError) -> Problem:
    if exc.errno in _FULL:
        return _DISK_FULL
    if exc.errno in _DENIED or isinstance(exc, PermissionError):
        return _READ_ONLY
    if exc.errno == errno.ENOENT or isinstance(exc, FileNotFoundError):
        return Problem("a file or folder Casenotes needed was not there", MISSING_FILE)
    if exc.errno == errno.EIO:
        return _DISK_PROBLEM
    reason = (exc.strerror or "").rstrip(".")
    if reason:
        return Problem(
            "a file could not be read or written",
            f"The computer could not read or write a file ({reason.lower()}).",
        )
    return _DISK_PROBLEM


def _is_search_closed(exc: BaseException) -> bool:
    """Whether the search index was closed under a search (the vault locked). The index is
    imported only once a vault is unlocked: if it is not loaded, it raised nothing."""
    index = sys.modules.get("casenotes.core.search.index")
    return index is not None and isinstance(exc, index.SearchIndexClosedError)


def _is_dbapi_error(exc: BaseException) -> bool:
    """Whether SQLAlchemy wrapped a driver error. SQLAlchemy is imported only once a vault is
    opened: if it is not loaded, nothing can have raised one of its errors."""
    sa_exc = sys.modules.get("sqlalchemy.exc")
    return sa_exc is not None and isinstance(exc, sa_exc.DBAPIError)
