"""Format 3's data step: every note's reflection moves into a process-notes record.

Runs in the unlock's migration transaction, after the Alembic scripts created the table
(revision 0004), because sealing needs the data key. What it does, note by note:

- a reflection that is not empty becomes a new ``process_notes`` row (its answers, no text);
- an unsigned note's ``reflection_enc`` is sealed again as ``{}``: the reflection now lives
  in one place only;
- a signed note's ``reflection_enc`` is left exactly as it was. Its signature (hash
  version 1) covered the reflection, so that copy stays, frozen, for ``verify``; the
  editable copy is the process notes.

A note whose fields fail authentication is left untouched (``verify`` names it). The cells it
changes are returned so that the manifest can follow (``manifest.finish_migration``).
"""

from __future__ import annotations

import logging
from dataclasses import dataclass, field
from typing import Any

from sqlalchemy import Connection, insert, select, update

from casenotes.core.domain.models import ProcessNotes, new_id
from casenotes.core.store import payloads
from casenotes.core.store.records import NoteRecord, ProcessNotesRecord
from casenotes.core.store.sealing import FieldCipher
from casenotes.core.vault.errors import TamperedRecordError

log = logging.getLogger(__name__)

NOTES = NoteRecord.__tablename__
PROCESS = ProcessNotesRecord.__tablename__


@dataclass(slots=True)
class CellChanges:
    """Cells written, as (table, row id, column, old envelope or None, new envelope)."""

    cells: list[tuple[str, str, str, bytes | None, bytes]] = field(default_factory=list)
    moved: int = 0


def move_reflections(connection: Connection, cipher: FieldCipher) -> CellChanges:
    changes = CellChanges()
    notes = NoteRecord.__table__
    rows = connection.execute(
        select(notes.c.id, notes.c.case_id, notes.c.meta_enc, notes.c.reflection_enc)
    ).all()
    for row_id, case_id, meta_blob, reflection_blob in rows:
        fks: dict[str, object] = {"case_id": case_id}
        try:
            meta: Any = cipher.open_json(NOTES, "meta_enc", row_id, fks, meta_blob)
            reflection: Any = cipher.open_json(
                NOTES, "reflection_enc", row_id, fks, reflection_blob
            )
        except TamperedRecordError:
            log.warning("note %s left as it was: a field failed authentication", row_id)
            continue
        if not isinstance(reflection, dict) or not isinstance(meta, dict) or not reflection:
            continue
        stamp = meta.get("updated_at")
        process = ProcessNotes(note_id=str(row_id), reflection=reflection, id=new_id())
        if isinstance(stamp, str):
            process.created_at = process.updated_at = payloads.parse_dt(stamp)
        sealed = cipher.seal_value(
            PROCESS,
            "process_enc",
            process.id,
            {"note_id": process.note_id},
            payloads.process_notes_payload(process),
        )
        connection.execute(
            insert(ProcessNotesRecord).values(
                id=process.id, note_id=process.note_id, process_enc=sealed
            )
        )
        changes.cells.append((PROCESS, process.id, "process_enc", None, sealed))
        changes.moved += 1
        if meta.get("signed_at") is None:
            emptied = cipher.seal_value(
                NOTES, "reflection_enc", str(row_id), {"case_id": case_id}, {}
            )
            connection.execute(
                update(NoteRecord).where(NoteRecord.id == row_id).values(reflection_enc=emptied)
            )
            changes.cells.append(
                (NOTES, str(row_id), "reflection_enc", bytes(reflection_blob), emptied)
            )
    log.info("format 3: %d reflections moved into process notes", changes.moved)
    return changes
