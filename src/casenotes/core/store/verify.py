"""Verification: the pinned schema, SQLite's own checks, then every envelope of every row must
authenticate, and every signed note must match its signature hash."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field

from sqlalchemy import text
from sqlalchemy.orm import Session

from casenotes.core.domain import note_content_hash
from casenotes.core.store.pinned_schema import describe, schema_problems
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
    schema: list[str] = field(default_factory=list)  # sentences: how the schema differs

    @property
    def intact(self) -> bool:
        return not self.integrity and not self.damaged and not self.schema


def verify(session: Session, cipher: FieldCipher) -> VerifyReport:
    report = VerifyReport()
    driver = session.connection().connection.driver_connection
    assert isinstance(driver, sqlite3.Connection)
    report.schema.extend(describe(schema_problems(driver)))
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
            fks: dict[str, object] = {name: row[name] for name in fk_columns}
            for column in enc_columns:
                try:
                    cipher.open_bytes(table_name, column, row["id"], fks, row[column])
                except TamperedRecordError as error:
                    report.damaged.append(DamagedRecord(
                        table_name, error.row_id, _why(error.column, row[error.column])))
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


def _why(column: str, value: object) -> str:
    """Why a stored value failed, by its SQLite type only (never its content)."""
    if value is None:
        return f"{column} is NULL"
    kind = {bytes: "BLOB", str: "TEXT", int: "INTEGER", float: "REAL"}.get(
        type(value), type(value).__name__)
    if column.endswith("_enc"):
        if kind == "BLOB":
            return f"{column} failed authentication"
        return f"{column} holds {kind}, not a BLOB envelope"
    return f"{column} is damaged ({kind}, not a UTF-8 text id)"
