"""Turning what went wrong into a sentence a therapist can act on.

``describe`` never returns a traceback, an exception's class name alone or a message that
could quote client text: the core's own messages are written for people (and carry no client
data); anything else gets a fixed sentence chosen by the kind of failure."""

from __future__ import annotations

import errno
import sqlite3

from sqlalchemy.exc import DBAPIError

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

WRONG_PASSPHRASE = ("That passphrase didn’t open the vault. Please try again — it may help to "
                    "check Caps Lock and the keyboard layout.")
IN_USE = ("This vault is already open in another Casenotes window or command. Close it "
          "there, then try again. Nothing was changed.")
NEWER_VERSION = ("This vault was made by a newer version of Casenotes. Please update "
                 "Casenotes to open it; nothing in the vault was changed.")
DAMAGED_RECORD = ("One record could not be read: it was damaged or changed outside Casenotes. "
                  "Everything else in the vault is safe to use.")
DAMAGED_FILE = ("The vault file looks damaged, so Casenotes stopped before changing anything. "
                "A backup copy can bring your notes back.")
DISK_FULL = ("The disk is full, so this could not be saved. Nothing you typed is lost — "
             "free some space, then try again.")
READ_ONLY = ("The computer did not allow Casenotes to write here (the folder or disk is "
             "read-only, or permission was denied). Nothing you typed is lost.")
DISK_PROBLEM = ("The disk reported a problem while reading or writing. Nothing you typed is "
                "lost; please try again, and check the disk if it happens again.")
LOCKED = "The vault was locked in the meantime. Unlock it, then try again."
UNEXPECTED = ("Something unexpected went wrong, and Casenotes stopped what it was doing. Your "
              "vault was left as it was. If this keeps happening, please report it.")

_FULL = {errno.ENOSPC, getattr(errno, "EDQUOT", errno.ENOSPC)}
_DENIED = {errno.EACCES, errno.EPERM, errno.EROFS}
# SQLite's primary result codes (https://sqlite.org/rescode.html)
_SQLITE_PERM, _SQLITE_BUSY, _SQLITE_LOCKED, _SQLITE_READONLY = 3, 5, 6, 8
_SQLITE_IOERR, _SQLITE_CORRUPT, _SQLITE_FULL, _SQLITE_NOTADB = 10, 11, 13, 26


def describe(exc: BaseException) -> str:
    """One or two plain sentences about ``exc``, safe to show and free of client text."""
    if isinstance(exc, VaultError):
        return _vault_error(exc)
    if isinstance(exc, DBAPIError) and isinstance(exc.orig, sqlite3.Error):
        return _sqlite_error(exc.orig)
    if isinstance(exc, sqlite3.Error):
        return _sqlite_error(exc)
    if isinstance(exc, OSError):
        return _os_error(exc)
    if isinstance(exc, MemoryError):
        return ("The computer ran out of memory. Close some other programs, then try again. "
                "Your vault was left as it was.")
    return UNEXPECTED


def _vault_error(exc: VaultError) -> str:
    if isinstance(exc, WrongPassphraseError):
        return WRONG_PASSPHRASE
    if isinstance(exc, VaultInUseError):
        return IN_USE
    if isinstance(exc, UnsupportedVersionError):
        return NEWER_VERSION
    if isinstance(exc, TamperedRecordError):
        return DAMAGED_RECORD
    if isinstance(exc, VaultLockedError):
        return LOCKED
    if isinstance(exc, KdfParametersRefusedError):
        return ("The vault’s security settings have been changed outside Casenotes, so it was "
                "not opened. Nothing was changed. A backup copy can bring your notes back.")
    if isinstance(exc, BadRecoveryKeyError | WeakPassphraseError | SignedNoteError
                  | VaultExistsError | VaultNotFoundError | NotAVaultError):
        return str(exc)  # written for people, with no client data (see core.vault.errors)
    message = str(exc)
    return message if message else UNEXPECTED


def _sqlite_error(exc: sqlite3.Error) -> str:
    code = getattr(exc, "sqlite_errorcode", None)
    primary = code & 0xFF if isinstance(code, int) else None
    text = str(exc).lower()
    if primary == _SQLITE_FULL or "disk is full" in text:
        return DISK_FULL
    if primary in (_SQLITE_BUSY, _SQLITE_LOCKED) or "database is locked" in text:
        return IN_USE
    if primary in (_SQLITE_READONLY, _SQLITE_PERM) or "readonly" in text:
        return READ_ONLY
    if primary in (_SQLITE_CORRUPT, _SQLITE_NOTADB) or "malformed" in text:
        return DAMAGED_FILE
    if primary == _SQLITE_IOERR or "disk i/o" in text:
        return DISK_PROBLEM
    return UNEXPECTED


def _os_error(exc: OSError) -> str:
    if exc.errno in _FULL:
        return DISK_FULL
    if exc.errno in _DENIED or isinstance(exc, PermissionError):
        return READ_ONLY
    if exc.errno == errno.ENOENT or isinstance(exc, FileNotFoundError):
        return "A file or folder Casenotes needed was not there. Nothing was changed."
    if exc.errno == errno.EIO:
        return DISK_PROBLEM
    reason = (exc.strerror or "").rstrip(".")
    if reason:
        return f"The computer could not read or write a file ({reason.lower()})."
    return DISK_PROBLEM
