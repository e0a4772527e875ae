"""A backup taken while notes are being saved restores cleanly and holds every note committed
before it started. The writer is the unlocked Journal itself, on its own thread; the backup
reads through a second engine on the same file, or through the file (as the CLI does)."""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from datetime import date
from pathlib import Path

import pytest
from sqlalchemy import Engine

from casenotes.core.backup import BackupReason, backup_vault, restore_backup
from casenotes.core.domain import Case, Note
from casenotes.core.journal import Journal
from casenotes.core.store.database import make_engine
from casenotes.core.vault.kdf import KdfPolicy


class Writer(threading.Thread):
    """Saves fictional notes in a loop; ``committed`` grows after each save returns."""

    def __init__(self, journal: Journal, case_id: str) -> None:
        super().__init__(daemon=True)
        self.journal = journal
        self.case_id = case_id
        self.committed: list[str] = []
        self.enough = threading.Event()
        self.stop = threading.Event()
        self.error: BaseException | None = None

    def run(self) -> None:
        try:
            n = 0
            while not self.stop.is_set():
                n += 1
                note = self.journal.save_note(
                    Note(
                        case_id=self.case_id,
                        session_date=date(2024, 1, 1 + n % 28),
                        sections={"body": f"Fictional session {n}: a steady, ordinary hour."},
                    )
                )
                self.committed.append(note.id)
                if len(self.committed) >= 15:
                    self.enough.set()
        except BaseException as exc:
            self.error = exc
            self.enough.set()


@pytest.fixture
def writer(journal: Journal) -> Iterator[Writer]:
    case = journal.save_case(Case(code="LIVE-1", display_name="Fictional client"))
    thread = Writer(journal, case.id)
    thread.start()
    assert thread.enough.wait(timeout=30)
    yield thread
    thread.stop.set()
    thread.join(timeout=30)
    assert thread.error is None


@pytest.fixture
def second_engine(journal: Journal) -> Iterator[Engine]:
    engine = make_engine(journal.path)
    yield engine
    engine.dispose()


def _restored_note_ids(vault: Path, backup: Path, passphrase: str) -> set[str]:
    restored = vault.parent / "restored" / "restored.vault"
    restore_backup(restored, backup, passphrase=passphrase, policy=KdfPolicy.testing())
    journal = Journal.open(restored, KdfPolicy.testing())
    journal.unlock(passphrase)
    try:
        assert journal.verify().intact
        return {n.id for n in journal.all_notes()}
    finally:
        journal.lock()


@pytest.mark.parametrize("source", ["second engine", "file"])
def test_a_backup_during_saves_restores_with_every_note_committed_before_it(
    journal: Journal,
    writer: Writer,
    second_engine: Engine,
    passphrase: str,
    source: str,
) -> None:
    committed_before = set(writer.committed)
    engine = second_engine if source == "second engine" else None
    backup = backup_vault(journal.path, BackupReason.MANUAL, engine=engine)
    during = len(writer.committed)
    for _ in range(3000):  # the writer goes on after the backup (it was never blocked)
        if len(writer.committed) > during or writer.error is not None:
            break
        time.sleep(0.001)
    writer.stop.set()
    writer.join(timeout=30)
    assert writer.error is None
    assert len(writer.committed) > during

    in_backup = _restored_note_ids(journal.path, backup.path, passphrase)
    assert committed_before <= in_backup
    assert in_backup <= set(writer.committed)
    assert len(in_backup) <= during
