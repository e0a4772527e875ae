"""Backup names, listing, rotation and the daily rule (casenotes.core.backup.catalog and
.rotation). Most tests use empty stand-in files: listing and rotation go by name only."""

from __future__ import annotations

import os
import time
from datetime import UTC, datetime, timedelta, timezone
from pathlib import Path

import pytest

from casenotes.core.backup import (
    AUTOMATIC_REASONS,
    BackupReason,
    backup_name,
    backup_vault,
    list_backups,
    needs_daily_backup,
    parse_backup_name,
    rotate_backups,
)
from casenotes.core.backup.rotation import sweep_leftovers

from .support import NOW


@pytest.fixture
def vault(tmp_path: Path) -> Path:
    """A vault path whose backups folder exists (the vault file itself is not needed)."""
    (tmp_path / "backups").mkdir(mode=0o700)
    return tmp_path / "casenotes.vault"


def _put(vault: Path, name: str, size: int = 0) -> Path:
    path = vault.parent / "backups" / name
    path.write_bytes(b"\0" * size)
    return path


def _stand_in(vault: Path, created: datetime, reason: BackupReason, n: int = 1) -> Path:
    return _put(vault, backup_name("casenotes", created, reason, n))


def _names(vault: Path) -> list[str]:
    return [b.path.name for b in list_backups(vault)]


# ---- names and listing ---------------------------------------------------------------------


def test_names_carry_the_utc_time_and_the_reason() -> None:
    local = NOW.astimezone(timezone(timedelta(hours=-5)))
    assert backup_name("casenotes", local, BackupReason.DAILY) == (
        "casenotes-20261125T031500Z-daily.vault"
    )
    assert backup_name("my-vault", NOW, BackupReason.PRE_PASSWD, 3) == (
        "my-vault-20261125T031500Z-pre-passwd-3.vault"
    )
    for reason in BackupReason:
        name = backup_name("a-b", NOW, reason, 2)
        assert parse_backup_name(name, "a-b") == (NOW, reason)
        assert parse_backup_name(name, "a") is None
    assert parse_backup_name("casenotes-pre-migration-20261125T031500Z.vault", "casenotes") == (
        NOW,
        BackupReason.PRE_MIGRATION,
    )  # the name the first release used
    assert parse_backup_name("casenotes-20261125T031500Z-pre-import.vault", "casenotes") == (
        NOW,
        BackupReason.OTHER,
    )  # a reason from a later version
    assert parse_backup_name("casenotes-holiday.vault", "casenotes") is None


def test_list_backups_of_a_vault_without_a_backups_folder_is_empty(tmp_path: Path) -> None:
    assert list_backups(tmp_path / "casenotes.vault") == []
    assert needs_daily_backup(tmp_path / "casenotes.vault", NOW)


def test_list_backups_is_sorted_and_leaves_out_what_is_not_a_backup_of_this_vault(
    vault: Path,
) -> None:
    daily = _put(vault, "casenotes-20261125T031500Z-daily.vault", size=4096)
    _put(vault, "casenotes-20261124T031500Z-manual-2.vault")
    _put(vault, "casenotes-20261124T031500Z-manual.vault")
    _put(vault, "casenotes-pre-migration-20261101T000000Z.vault")
    renamed = _put(vault, "casenotes-before the holiday.vault", size=10)
    os.utime(renamed, (NOW.timestamp() - 86400 * 30,) * 2)
    # Not listed: another vault's backups, work in progress, scratch, other kinds of file.
    _put(vault, "work-20261125T031500Z-daily.vault")
    _put(vault, "casenotes-20261125T041500Z-daily.vault.partial")
    _put(vault, "casenotes-20261125T031500Z-daily.vault-wal")
    _put(vault, "notes.txt")
    (vault.parent / "backups" / ".restore-abc").mkdir()
    (vault.parent / "backups" / "casenotes-folder.vault").mkdir()
    if os.name == "posix":
        os.symlink(daily, vault.parent / "backups" / "casenotes-link.vault")

    backups = list_backups(vault)
    assert [b.path.name for b in backups] == [
        "casenotes-before the holiday.vault",
        "casenotes-pre-migration-20261101T000000Z.vault",
        "casenotes-20261124T031500Z-manual.vault",
        "casenotes-20261124T031500Z-manual-2.vault",
        "casenotes-20261125T031500Z-daily.vault",
    ]
    first, legacy, manual, _, newest = backups
    assert first.reason is BackupReason.OTHER and not first.automatic
    assert first.created == datetime.fromtimestamp(renamed.stat().st_mtime, UTC)
    assert first.size == 10
    assert legacy.reason is BackupReason.PRE_MIGRATION and legacy.automatic
    assert manual.reason is BackupReason.MANUAL and not manual.automatic
    assert newest.created == NOW and newest.size == 4096 and newest.path == daily
    assert all(b.created.tzinfo is UTC for b in backups)
    assert [b.path.name for b in list_backups(vault.parent / "work.vault")] == [
        "work-20261125T031500Z-daily.vault"
    ]


# ---- rotation ------------------------------------------------------------------------------


def test_rotation_keeps_the_newest_automatic_backups_and_every_manual_one(vault: Path) -> None:
    automatic = sorted(AUTOMATIC_REASONS)
    made = [
        _stand_in(vault, NOW - timedelta(days=20 - i), automatic[i % len(automatic)])
        for i in range(14)
    ]
    manual = [_stand_in(vault, NOW - timedelta(days=40 + i), BackupReason.MANUAL) for i in range(3)]
    other = _put(vault, "casenotes-by hand.vault")
    wal_of_oldest = Path(f"{made[0]}-wal")
    wal_of_oldest.write_bytes(b"")

    removed = rotate_backups(vault, keep=10)
    assert removed == made[:4]
    assert not wal_of_oldest.exists()
    left = {b.path for b in list_backups(vault)}
    assert left == {*made[4:], *manual, other}

    assert rotate_backups(vault, keep=10) == []
    assert rotate_backups(vault, keep=0) == made[4:-1]  # the newest is always kept
    assert {b.path for b in list_backups(vault)} == {made[-1], *manual, other}


def test_rotation_never_deletes_the_protected_backup(vault: Path) -> None:
    # A backup dated in the future (the clock was wrong) sorts newest; the one just written
    # is protected all the same.
    future = _stand_in(vault, NOW + timedelta(days=400), BackupReason.DAILY)
    just_written = _stand_in(vault, NOW, BackupReason.PRE_PASSWD)
    assert rotate_backups(vault, keep=1, protect=[just_written]) == []
    assert {b.path for b in list_backups(vault)} == {future, just_written}


def test_backup_vault_rotates_automatic_backups_with_its_keep(vault_copy: Path) -> None:
    manual = backup_vault(vault_copy, BackupReason.MANUAL, now=NOW - timedelta(days=30))
    dailies = [
        backup_vault(vault_copy, BackupReason.DAILY, keep=3, now=NOW + timedelta(days=i))
        for i in range(5)
    ]
    assert [b.path for b in list_backups(vault_copy)] == [
        manual.path,
        *[d.path for d in dailies[-3:]],
    ]
    backup_vault(vault_copy, BackupReason.MANUAL, keep=1, now=NOW + timedelta(days=9))
    assert len(list_backups(vault_copy)) == 5  # a manual backup does not rotate


def test_old_leftovers_of_interrupted_work_are_swept(vault: Path) -> None:
    folder = vault.parent / "backups"
    old_partial = _put(vault, "casenotes-20261101T000000Z-daily.vault.partial")
    fresh_partial = _put(vault, "casenotes-20261125T031500Z-daily.vault.partial")
    old_scratch = folder / ".restore-old"
    old_scratch.mkdir()
    (old_scratch / "candidate.vault").write_bytes(b"ciphertext stand-in")
    two_hours_ago = time.time() - 7200
    for path in (old_partial, old_scratch / "candidate.vault", old_scratch):
        os.utime(path, (two_hours_ago, two_hours_ago))
    assert sorted(sweep_leftovers(folder)) == sorted([old_partial, old_scratch])
    assert sorted(os.listdir(folder)) == [fresh_partial.name]
    beside_vault = vault.with_name("casenotes.vault.partial")  # a crashed restore's
    beside_vault.write_bytes(b"ciphertext stand-in")
    os.utime(beside_vault, (two_hours_ago, two_hours_ago))
    rotate_backups(vault)  # rotation sweeps too, and a fresh partial survives it
    assert fresh_partial.exists()
    assert not beside_vault.exists()


# ---- the daily rule ------------------------------------------------------------------------

BERLIN_WINTER = timezone(timedelta(hours=1))
NEW_YORK_WINTER = timezone(timedelta(hours=-5))


@pytest.mark.parametrize(
    ("reason", "created", "now", "needed"),
    [
        # Same local calendar day: not needed, even hours apart.
        (
            BackupReason.DAILY,
            datetime(2026, 11, 25, 7, 0, tzinfo=UTC),
            datetime(2026, 11, 25, 21, 0, tzinfo=BERLIN_WINTER),
            False,
        ),
        # Yesterday evening, 40 minutes ago: a new day, so needed.
        (
            BackupReason.DAILY,
            datetime(2026, 11, 24, 22, 50, tzinfo=UTC),
            datetime(2026, 11, 25, 0, 30, tzinfo=BERLIN_WINTER),
            True,
        ),
        # 23:30 UTC is already tomorrow in Berlin, still today in New York.
        (
            BackupReason.DAILY,
            datetime(2026, 11, 24, 23, 30, tzinfo=UTC),
            datetime(2026, 11, 25, 8, 0, tzinfo=BERLIN_WINTER),
            False,
        ),
        (
            BackupReason.DAILY,
            datetime(2026, 11, 24, 23, 30, tzinfo=UTC),
            datetime(2026, 11, 25, 8, 0, tzinfo=NEW_YORK_WINTER),
            True,
        ),
        # A manual, pre-migration or pre-passwd backup today counts; a pre-restore does not.
        (BackupReason.MANUAL, NOW, NOW + timedelta(hours=1), False),
        (BackupReason.PRE_MIGRATION, NOW, NOW + timedelta(hours=1), False),
        (BackupReason.PRE_PASSWD, NOW, NOW + timedelta(hours=1), False),
        (BackupReason.PRE_RESTORE, NOW, NOW + timedelta(hours=1), True),
        # A backup dated in the future (the clock was wrong) does not count.
        (BackupReason.DAILY, NOW + timedelta(days=3), NOW, True),
    ],
)
def test_a_daily_backup_is_needed_once_per_local_calendar_day(
    vault: Path,
    reason: BackupReason,
    created: datetime,
    now: datetime,
    needed: bool,
) -> None:
    _stand_in(vault, created, reason)
    assert needs_daily_backup(vault, now) is needed


def test_the_daily_rule_needs_an_aware_time(vault: Path) -> None:
    with pytest.raises(ValueError, match="timezone-aware"):
        needs_daily_backup(vault, datetime(2026, 11, 25, 8, 0))
    assert needs_daily_backup(vault)  # default: now, in the computer's zone
