"""Writing every case to an interchange JSON file, for the command line and the window alike.

The file is plaintext by design (the user asked for it): written owner-only and atomically,
streamed a case at a time (100,000 notes are never all in memory), and logged in the export
log before it is put in place, so a file that could not be logged never appears."""

from __future__ import annotations

import hashlib
import os
from collections.abc import Iterator, Sized
from pathlib import Path
from typing import BinaryIO, Protocol

from casenotes.core.domain import CaseBundle, ExportLogEntry
from casenotes.core.domain.models import utc_now
from casenotes.core.fileio import atomic_write_stream
from casenotes.core.interchange.writer import write_interchange


class ExportSource(Protocol):
    """What the export needs of an unlocked journal (the journal is a layer above this)."""

    @property
    def damaged(self) -> Sized: ...

    def iter_export_bundles(self) -> Iterator[CaseBundle]: ...

    def log_export(self, entry: ExportLogEntry) -> None: ...


def is_vault_file(path: Path, vault: Path) -> bool:
    """Whether writing ``path`` would replace the vault or one of its companion files."""
    for suffix in ("", "-wal", "-shm", "-journal"):
        companion = Path(f"{vault}{suffix}")
        if Path(path).resolve() == companion.resolve():
            return True
        if Path(path).exists() and companion.exists() and os.path.samefile(path, companion):
            return True
    return False


def export_interchange_file(journal: ExportSource, path: Path) -> int:
    """Write every case of the unlocked ``journal`` to ``path``; the number of damaged
    records left out (they failed authentication; ``verify`` lists them)."""
    digest = hashlib.sha256()

    def produce(handle: BinaryIO) -> None:
        def write(data: bytes) -> None:
            digest.update(data)
            handle.write(data)

        write_interchange(journal.iter_export_bundles(), write)

    def log() -> None:
        journal.log_export(
            ExportLogEntry(
                case_id=None,
                exported_at=utc_now(),
                kind="interchange",
                format="json",
                content_sha256=digest.hexdigest(),
            )
        )

    atomic_write_stream(Path(path), produce, before_replace=log)
    return len(journal.damaged)
