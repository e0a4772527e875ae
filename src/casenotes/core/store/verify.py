"""Verification: the pinned schema, SQLite's own checks, then every envelope of every row must
authenticate, and every signed note must match its signature hash."""

from __future__ import annotations

import sqlite3
from dataclasses import dataclass, field
from datetime import datetime

from sqlalchemy import select, text
from sqlalchemy.orm import Session

from casenotes.core.domain import signature_matches
from casenotes.core.store.manifest import ManifestTracker, check_manifest
from casenotes.core.store.pinned_schema import describe, schema_problems
from casenotes.core.store.records import (
    ENCRYPTED_TABLES,
    HeaderRecord,
    NoteRecord,
    NoteRevisionRecord,
)
from casenotes.core.store.repositories import NoteRepository, RevisionRepository
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
    # Format 2: what the records do not agree with in the manifest; empty when they all do.
    manifest: list[str] = field(default_factory=list)
    write_counter: int | None = None

    @property
    def intact(self) -> bool:
        return not self.integrity and not self.damaged and not self.schema and not self.manifest


def verify(
    session: Session, cipher: FieldCipher, *, tracker: ManifestTracker | None = None
) -> VerifyReport:
    """``tracker`` (the manifest key) makes verify compare the records with the manifest."""
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
                    report.damaged.append(
                        DamagedRecord(
                            table_name, error.row_id, _why(error.column, row[error.column])
                        )
                    )
                    break
    notes = NoteRepository(cipher)
    damaged_ids = {d.row_id for d in report.damaged}
    for note in notes.where(session, lambda _: None):
        if note.id in damaged_ids or note.signed_at is None:
            continue
        if not signature_matches(note):
            report.damaged.append(
                DamagedRecord("notes", note.id, "signed content does not match its signature hash")
            )
    if tracker is not None:
        _check_rollbacks(session, cipher, report)
        slot = session.scalar(select(HeaderRecord.recovery_slot))
        check = check_manifest(
            session.connection(), tracker, slot if isinstance(slot, bytes) else b""
        )
        report.manifest.extend(check.problems)
        report.write_counter = check.counter
    return report


def _why(column: str, value: object) -> str:
    """Why a stored value failed, by its SQLite type only (never its content)."""
    if value is None:
        return f"{column} is NULL"
    kind = {bytes: "BLOB", str: "TEXT", int: "INTEGER", float: "REAL"}.get(
        type(value), type(value).__name__
    )
    if column.endswith("_enc"):
        if kind == "BLOB":
            return f"{column} failed authentication"
        return f"{column} holds {kind}, not a BLOB envelope"
    return f"{column} is damaged ({kind}, not a UTF-8 text id)"


def _check_rollbacks(session: Session, cipher: FieldCipher, report: VerifyReport) -> None:
    """Pinpoint a note rolled back to an older copy of itself: every save that changes a
    note stores a revision saved at the note's ``updated_at``, so a note last updated before
    its newest revision is older than what was saved. Read a batch at a time."""
    damaged_ids = {d.row_id for d in report.damaged}
    newest: dict[str, datetime] = {}
    revisions = RevisionRepository(cipher)
    for batch in session.scalars(
        select(NoteRevisionRecord).execution_options(yield_per=500)
    ).partitions():
        for revision in revisions.build_all(batch, lambda _: None):
            seen = newest.get(revision.note_id)
            if seen is None or revision.saved_at > seen:
                newest[revision.note_id] = revision.saved_at
    notes = NoteRepository(cipher)
    for note_batch in session.scalars(
        select(NoteRecord).where(NoteRecord.id.in_(list(newest))).execution_options(yield_per=500)
    ).partitions():
        for note in notes.build_all(note_batch, lambda _: None):
            saved = newest.get(note.id)
            if note.id in damaged_ids or saved is None or note.updated_at >= saved:
                continue
            report.damaged.append(
                DamagedRecord(
                    "notes",
                    note.id,
                    "older than its newest saved revision: rolled back to an earlier copy",
                )
            )
