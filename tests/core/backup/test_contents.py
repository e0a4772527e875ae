"""casenotes.core.backup.contents: a backup's date and record counts, read without its
passphrase, for the restore confirmation."""

from __future__ import annotations

import os
import sqlite3
from datetime import UTC, datetime
from pathlib import Path
from typing import TYPE_CHECKING

import pytest

from casenotes.core.backup import (
    BackupReason,
    RecordCounts,
    backup_name,
    copy_vault,
    count_records,
    describe_backup_file,
)

from .support import NOW

if TYPE_CHECKING:
    from tests.core.conftest import Template


def test_counts_the_cases_and_notes_of_a_backup(
    template: Template, vault_copy: Path, tmp_path: Path
) -> None:
    backup = copy_vault(vault_copy, tmp_path / "stick.vault").path
    filled = template.filled
    expected = RecordCounts(cases=2, notes=len(filled.notes))
    assert count_records(backup) == expected
    assert count_records(vault_copy) == expected


def test_a_file_that_is_not_a_vault_is_an_error(tmp_path: Path) -> None:
    other = tmp_path / "notes.vault"
    other.write_bytes(b"not a database at all" * 100)
    with pytest.raises(sqlite3.Error):
        count_records(other)


def test_a_backup_named_by_casenotes_carries_its_time_and_reason(
    vault_copy: Path, tmp_path: Path
) -> None:
    name = backup_name(vault_copy.stem, NOW, BackupReason.DAILY)
    backup = copy_vault(vault_copy, tmp_path / name).path
    info = describe_backup_file(backup, vault_copy)
    assert (info.created, info.reason, info.path) == (NOW, BackupReason.DAILY, backup)
    assert info.size == backup.stat().st_size


def test_any_other_file_has_its_modification_time(vault_copy: Path, tmp_path: Path) -> None:
    backup = copy_vault(vault_copy, tmp_path / "from-the-stick.vault").path
    stamp = datetime(2026, 10, 2, 8, 30, tzinfo=UTC).timestamp()
    os.utime(backup, (stamp, stamp))
    info = describe_backup_file(backup, vault_copy)
    assert info.created == datetime(2026, 10, 2, 8, 30, tzinfo=UTC)
    assert info.reason is BackupReason.OTHER
