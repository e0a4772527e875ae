"""Verification: SQLite's own checks, then every envelope of every row must authenticate."""

from __future__ import annotations

from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from casenotes.core.domain import note_content_hash
from casenotes.core.store.records import ENCRYPTED_TABLES
from casenotes.core.store.repositories import NoteRepository
from casenotes.core.store.sealing import FieldCipher, foreign_key_columns
from casenotes.core.vault.errors import TamperedRecordError


@dataclass(frozen=True, slots=True)
class DamagedRecord:
    table: str
    row_id: str
    reason: str


@dataclass(slots=True)
class VerifyReport:
    integrity: list[str] = field(default_factory=list)  # SQLite's messages; empty when fine
    damaged: list[DamagedRecord] = field(default_factory=list)
    records_checked: int = 0

    @property
    def intact(self) -> bool:
        return not self.integrity and not self.damaged


def verify(session: Session, cipher: FieldCipher) -> VerifyReport:
    report = VerifyReport()
    messages = [row[0] for row in session.execute(text("PRAGMA integrity_check"))]
    report.integrity.extend(m for m in messages if m != "ok")
    for broken in session.execute(text("PRAGMA foreign_key_check")):
        report.integrity.append(f"foreign key broken in {broken[0]} (row {broken[1]})")
    for table_name, record_type in ENCRYPTED_TABLES.items():
        table = record_type.__table__
        enc_columns = [c.key for c in table.columns if c.key.endswith("_enc")]
        fk_columns = foreign_key_columns(record_type)
        for row in session.execute(table.select()).mappings().all():
            report.records_checked += 1
            row_id = str(row["id"])
            fks = {name: row[name] for name in fk_columns}
            for column in enc_columns:
                try:
                    cipher.open_bytes(table_name, column, row_id, fks, row[column])
                except TamperedRecordError:
                    report.damaged.append(
                        DamagedRecord(table_name, row_id, f"{column} failed authentication"))
                    break
    notes = NoteRepository(cipher)
    damaged_ids = {d.row_id for d in report.damaged}
    for note in notes.where(session, lambda _: None):
        if note.id in damaged_ids or note.signed_at is None:
            continue
        if note.content_hash != note_content_hash(note):
            report.damaged.append(DamagedRecord(
                "notes", note.id, "signed content does not match its signature hash"))
    return report
