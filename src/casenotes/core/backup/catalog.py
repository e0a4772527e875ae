"""Where backups live and what they are called, listing them, and whether a daily one is due.

Backups of ``<folder>/<stem>.vault`` go into ``<folder>/backups/`` (created 0700), one file
each (0600), named ``<stem>-<UTC YYYYmmddTHHMMSSZ>-<reason>.vault``, e.g.
``casenotes-20261125T031500Z-daily.vault``. Two backups with the same second and reason get
``-2``, ``-3`` … before ``.vault``. The name is the record of when and why; nothing else is
stored beside a backup.
"""

from __future__ import annotations

import os
import re
from dataclasses import dataclass
from datetime import UTC, datetime
from enum import StrEnum
from pathlib import Path

from casenotes.core.store.database import DIR_MODE

BACKUPS_FOLDER = "backups"
SUFFIX = ".vault"
STAMP_FORMAT = "%Y%m%dT%H%M%SZ"
DEFAULT_KEEP = 10


class BackupReason(StrEnum):
    DAILY = "daily"  # the first unlock of each local calendar day
    MANUAL = "manual"  # asked for by the user (``casenotes backup``, a menu item)
    PRE_MIGRATION = "pre-migration"  # before the schema of an older vault is upgraded
    PRE_PASSWD = "pre-passwd"  # before the passphrase is changed or reset
    PRE_RESTORE = "pre-restore"  # the vault as it was before a backup replaced it
    OTHER = "other"  # a file in the folder whose name this version does not recognise


# Rotation deletes the oldest of these beyond ``keep``. Manual backups (and unrecognised
# files) are never deleted by Casenotes and do not count towards ``keep``.
AUTOMATIC_REASONS = frozenset(
    {
        BackupReason.DAILY,
        BackupReason.PRE_MIGRATION,
        BackupReason.PRE_PASSWD,
        BackupReason.PRE_RESTORE,
    }
)

# A backup of these kinds taken today makes the daily one unnecessary. A pre-restore backup
# does not count: it holds the vault as it was *before* today's restore, not as it is now.
COUNTS_AS_DAILY = frozenset(
    {BackupReason.DAILY, BackupReason.MANUAL, BackupReason.PRE_MIGRATION, BackupReason.PRE_PASSWD}
)

_NAME = re.compile(
    r"^(?P<stem>.+)-(?P<stamp>\d{8}T\d{6}Z)-(?P<reason>[a-z]+(?:-[a-z]+)*)(?:-(?P<n>\d+))?"
    + re.escape(SUFFIX)
    + "$"
)
# The name the first release gave the copy taken before a migration.
_LEGACY = re.compile(
    r"^(?P<stem>.+)-pre-migration-(?P<stamp>\d{8}T\d{6}Z)" + re.escape(SUFFIX) + "$"
)


@dataclass(frozen=True, slots=True)
class BackupInfo:
    """One backup file."""

    path: Path
    created: datetime  # timezone-aware, UTC: from the name, else the file's mtime
    reason: BackupReason
    size: int  # bytes

    @property
    def automatic(self) -> bool:
        return self.reason in AUTOMATIC_REASONS


def backups_folder(vault_path: Path) -> Path:
    """``backups/`` beside the vault (not created here)."""
    return Path(vault_path).parent / BACKUPS_FOLDER


def ensure_backups_folder(vault_path: Path) -> Path:
    """``backups/`` beside the vault, created if needed; always left 0700 (it is ours)."""
    folder = backups_folder(vault_path)
    folder.mkdir(mode=DIR_MODE, exist_ok=True)
    if os.name == "posix":
        os.chmod(folder, DIR_MODE)  # mkdir's mode is filtered by the umask
    return folder


def backup_name(stem: str, created: datetime, reason: BackupReason, n: int = 1) -> str:
    stamp = created.astimezone(UTC).strftime(STAMP_FORMAT)
    serial = f"-{n}" if n > 1 else ""
    return f"{stem}-{stamp}-{reason.value}{serial}{SUFFIX}"


def parse_backup_name(name: str, stem: str) -> tuple[datetime, BackupReason] | None:
    """The creation time and reason a backup of vault ``stem`` carries in its name, or None
    when the name is not one Casenotes gives."""
    for pattern in (_NAME, _LEGACY):
        match = pattern.match(name)
        if match is None or match["stem"] != stem:
            continue
        created = datetime.strptime(match["stamp"], STAMP_FORMAT).replace(tzinfo=UTC)
        reason_text = match.groupdict().get("reason") or BackupReason.PRE_MIGRATION.value
        try:
            reason = BackupReason(reason_text)
        except ValueError:
            reason = BackupReason.OTHER  # a reason from a later version: never rotated
        return created, reason
    return None


def _belongs_to_another_vault(name: str, stem: str) -> bool:
    match = _NAME.match(name) or _LEGACY.match(name)
    return match is not None and match["stem"] != stem


def list_backups(vault_path: Path) -> list[BackupInfo]:
    """Every backup of this vault in ``backups/``, oldest first (by creation time, then the
    ``-2``, ``-3`` … serial, then name).

    A backup is a regular file named ``<stem>-….vault``. Names that Casenotes gives carry the
    time and reason; any other such file (renamed or copied in by hand) is listed with reason
    ``OTHER`` and its modification time. Backups of another vault sharing the folder, files
    being written (``.partial``) and restore scratch folders are left out."""
    vault_path = Path(vault_path)
    folder = backups_folder(vault_path)
    stem = vault_path.stem
    try:
        entries = list(os.scandir(folder))
    except (FileNotFoundError, NotADirectoryError):
        return []
    found: list[BackupInfo] = []
    for entry in entries:
        name = entry.name
        if not (name.startswith(f"{stem}-") and name.endswith(SUFFIX)):
            continue
        if _belongs_to_another_vault(name, stem):
            continue
        try:
            if not entry.is_file(follow_symlinks=False):
                continue
            stat = entry.stat(follow_symlinks=False)
        except FileNotFoundError:  # rotated away by another process meanwhile
            continue
        parsed = parse_backup_name(name, stem)
        if parsed is None:
            created, reason = datetime.fromtimestamp(stat.st_mtime, UTC), BackupReason.OTHER
        else:
            created, reason = parsed
        found.append(BackupInfo(Path(entry.path), created, reason, stat.st_size))
    return sorted(found, key=lambda b: (b.created, _serial(b.path.name), b.path.name))


def _serial(name: str) -> int:
    match = _NAME.match(name)
    return int(match["n"]) if match is not None and match["n"] else 1


def needs_daily_backup(vault_path: Path, now: datetime | None = None) -> bool:
    """True when no backup that counts (daily, manual, pre-migration, pre-passwd) was taken
    on ``now``'s calendar day, in ``now``'s time zone (the computer's local zone by default).

    A calendar day rather than "the last 24 hours", so that a practitioner who unlocks once a
    day, a little earlier each morning, still gets one backup every working day. A backup
    dated after ``now``'s day (the clock was wrong then) does not count."""
    if now is None:
        now = datetime.now().astimezone()
    if now.tzinfo is None or now.utcoffset() is None:
        raise ValueError("needs_daily_backup needs a timezone-aware time")
    today = now.date()
    return not any(
        backup.reason in COUNTS_AS_DAILY and backup.created.astimezone(now.tzinfo).date() == today
        for backup in list_backups(vault_path)
    )
