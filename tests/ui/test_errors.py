"""casenotes.ui.errors: every failure becomes a plain sentence, without client text."""

from __future__ import annotations

import errno
import sqlite3

import pytest
from sqlalchemy.exc import OperationalError

from casenotes.core.search import SearchIndexClosedError
from casenotes.core.vault.errors import (
    BadRecoveryKeyError,
    TamperedRecordError,
    UnsupportedVersionError,
    VaultInUseError,
    VaultLockedError,
    WrongPassphraseError,
)
from casenotes.ui import errors
from casenotes.ui.errors import damaged_notice, describe, describe_error

CLIENT = "Quillon Marrowfield"

pytestmark = pytest.mark.usefixtures("shell_env")


def _sqlite(message: str, code: int | None = None) -> sqlite3.OperationalError:
    exc = sqlite3.OperationalError(message)
    if code is not None:
        exc.sqlite_errorcode = code  # type: ignore[attr-defined]
    return exc


@pytest.mark.parametrize(
    ("exc", "expected"),
    [
        (WrongPassphraseError("x"), errors.WRONG_PASSPHRASE),
        (VaultInUseError("x"), errors.IN_USE),
        (UnsupportedVersionError("x"), errors.NEWER_VERSION),
        (TamperedRecordError("notes", "0c1d", "body_enc"), errors.DAMAGED_RECORD),
        (VaultLockedError("x"), errors.LOCKED),
        (OSError(errno.ENOSPC, "No space left on device"), errors.DISK_FULL),
        (OSError(errno.EROFS, "Read-only file system"), errors.READ_ONLY),
        (PermissionError(errno.EACCES, "Permission denied"), errors.READ_ONLY),
        (OSError(errno.EIO, "Input/output error"), errors.DISK_PROBLEM),
        (_sqlite("database or disk is full", 13), errors.DISK_FULL),
        (OperationalError("INSERT …", {}, _sqlite("database or disk is full")), errors.DISK_FULL),
        (OperationalError("BEGIN", {}, _sqlite("database is locked", 5)), errors.BUSY),
        (sqlite3.DatabaseError("database disk image is malformed"), errors.DAMAGED_FILE),
        (MemoryError(), None),
    ],
)
def test_known_failures(exc: BaseException, expected: str | None) -> None:
    text = describe(exc)
    if expected is not None:
        assert text == expected
    assert "Traceback" not in text
    assert type(exc).__name__ not in text


def test_a_damaged_record_names_no_table_or_id() -> None:
    text = describe(TamperedRecordError("goals", "0c1d2e3f", "text_enc"))
    assert "goals" not in text and "0c1d2e3f" not in text


def test_core_messages_written_for_people_pass_through() -> None:
    message = "That recovery key does not belong to this vault."
    assert describe(BadRecoveryKeyError(message)) == message


@pytest.mark.parametrize(
    "exc", [ValueError(CLIENT), RuntimeError(f"note: {CLIENT}"), KeyError(CLIENT), TypeError()]
)
def test_anything_else_is_a_fixed_sentence_without_its_message(exc: BaseException) -> None:
    text = describe(exc)
    assert text == errors.UNEXPECTED
    assert "Quillon" not in text


def test_sentences_are_calm() -> None:
    for name in dir(errors):
        value = getattr(errors, name)
        if name.isupper() and isinstance(value, str):
            assert value.endswith((".", "!")), name
            assert "error" not in value.lower(), name
            assert "fatal" not in value.lower() and "invalid" not in value.lower(), name


@pytest.mark.parametrize(
    ("exc", "reason", "sentence"),
    [
        (OSError(errno.ENOSPC, "No space left on device"), "the disk is full", errors.DISK_FULL),
        (
            OperationalError("INSERT …", {}, _sqlite("database or disk is full", 13)),
            "the disk is full",
            errors.DISK_FULL,
        ),
        (
            OperationalError("BEGIN", {}, _sqlite("database is locked", 5)),
            "the vault was busy for a moment",
            errors.BUSY,
        ),
        (SearchIndexClosedError(), "the vault is locked", errors.LOCKED),
        (VaultLockedError("x"), "the vault is locked", errors.LOCKED),
        (
            PermissionError(errno.EACCES, "Permission denied"),
            "Casenotes isn't allowed to write to the vault's folder",
            errors.READ_ONLY,
        ),
    ],
)
def test_the_reason_and_the_sentence_are_one_wording(
    exc: BaseException, reason: str, sentence: str
) -> None:
    assert describe_error(exc) == reason
    assert describe(exc) == sentence


def test_a_disk_error_is_found_behind_the_error_that_wraps_it() -> None:
    try:
        try:
            raise OSError(errno.ENOSPC, "No space left on device")
        except OSError as disk:
            raise RuntimeError(f"saving {CLIENT}") from disk
    except RuntimeError as exc:
        assert describe_error(exc) == "the disk is full"
        assert describe(exc) == errors.DISK_FULL


def test_a_reason_never_quotes_an_unknown_message() -> None:
    assert describe_error(ValueError(CLIENT)) == "something unexpected got in the way"


def test_the_damage_banner_counts_records() -> None:
    assert damaged_notice(1) == errors.DAMAGED_RECORD
    assert damaged_notice(3).startswith("3 records could not be read")
