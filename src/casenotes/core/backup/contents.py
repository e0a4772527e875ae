"""What a backup file holds, told without its passphrase: when it was taken and how many cases
and notes it has, for a restore's confirmation ("this backup against your vault now").

Both come from what the format leaves in clear: the file's name (or its modification time) and
row counts. Trashed cases and notes are rows too, so the counts include them, for the backup
and the vault alike."""

from __future__ import annotations

from contextlib import closing
from dataclasses import dataclass
from datetime import UTC, datetime
from pathlib import Path

from casenotes.core.backup.catalog import BackupInfo, BackupReason, parse_backup_name
from casenotes.core.store.database import open_read_only


@dataclass(frozen=True, slots=True)
class RecordCounts:
    cases: int
    notes: int


def count_records(path: Path) -> RecordCounts:
    """Rows of the ``cases`` and ``notes`` tables of a vault or backup file, read-only.

    Raises ``sqlite3.Error`` for a file that is not a vault (no such tables, not SQLite)."""
    with closing(open_read_only(Path(path))) as connection:
        cases = connection.execute("SELECT count(*) FROM cases").fetchone()[0]
        notes = connection.execute("SELECT count(*) FROM notes").fetchone()[0]
    return RecordCounts(int(cases), int(notes))


def describe_backup_file(path: Path, vault_path: Path) -> BackupInfo:
    """A backup chosen anywhere (a USB stick): its time and reason from a name Casenotes gave
    it for this vault, else its modification time and ``OTHER``."""
    path = Path(path)
    stat = path.stat()
    parsed = parse_backup_name(path.name, Path(vault_path).stem)
    if parsed is None:
        created, reason = datetime.fromtimestamp(stat.st_mtime, UTC), BackupReason.OTHER
    else:
        created, reason = parsed
    return BackupInfo(path, created, reason, stat.st_size)
