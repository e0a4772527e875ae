"""Repositories: domain objects in, sealed records out, and back. One small class per table."""

from __future__ import annotations

from collections.abc import Callable, Iterable
from typing import Any, ClassVar, Generic, TypeVar

from sqlalchemy import delete, func, select
from sqlalchemy.orm import Session

from casenotes.core.domain import (
    Addendum,
    Case,
    DestructionLogEntry,
    ExportLogEntry,
    Goal,
    Note,
    NoteRevision,
    ProcessNotes,
    Settings,
)
from casenotes.core.prompts.model import PromptCustomisation
from casenotes.core.store import payloads
from casenotes.core.store.records import (
    AddendumRecord,
    Base,
    CaseRecord,
    DestructionLogRecord,
    ExportLogRecord,
    GoalRecord,
    NoteRecord,
    NoteRevisionRecord,
    ProcessNotesRecord,
    PromptCustomisationRecord,
    SettingsRecord,
)
from casenotes.core.store.sealing import FieldCipher, shown_id
from casenotes.core.vault.errors import TamperedRecordError

T = TypeVar("T")
R = TypeVar("R", bound=Base)

# Damaged records are collected here instead of aborting a whole listing: one altered row
# must not make the rest of the vault unreadable.
DamageSink = Callable[[TamperedRecordError], None]


class Repository(Generic[T, R]):
    record_type: ClassVar[type[Base]]

    def __init__(self, cipher: FieldCipher) -> None:
        self.cipher = cipher

    # Subclasses fill a record's columns from an object and build an object from a record.
    def fill(self, record: Any, obj: T) -> None:
        raise NotImplementedError

    def build(self, record: Any) -> T:
        raise NotImplementedError

    def object_id(self, obj: T) -> str:
        return str(obj.id)  # type: ignore[attr-defined]

    def save(self, session: Session, obj: T) -> None:
        record = session.get(self.record_type, self.object_id(obj))
        if record is None:
            record = self.record_type(id=self.object_id(obj))
            session.add(record)
        self.fill(record, obj)

    def insert(self, session: Session, obj: T) -> None:
        """Add a new row; an existing id fails at flush instead of being overwritten."""
        record = self.record_type(id=self.object_id(obj))
        session.add(record)
        self.fill(record, obj)

    def get(self, session: Session, row_id: str) -> T | None:
        record = session.get(self.record_type, row_id)
        return None if record is None else self.build(record)

    def count(self, session: Session) -> int:
        return int(session.scalar(select(func.count()).select_from(self.record_type)) or 0)

    def delete(self, session: Session, row_id: str) -> None:
        session.execute(delete(self.record_type).where(self.record_type.id == row_id))  # type: ignore[attr-defined]

    def where(self, session: Session, damage: DamageSink, *criteria: Any) -> list[T]:
        records = session.scalars(select(self.record_type).where(*criteria))
        return self.build_all(records, damage)

    def build_all(self, records: Iterable[Any], damage: DamageSink) -> list[T]:
        objects: list[T] = []
        for record in records:
            if record is None:
                # The ORM gives None for a row whose primary key is NULL: only an edit that
                # went around SQLite's NOT NULL can make one.
                damage(TamperedRecordError(str(self.record_type.__tablename__), "(none)", "id"))
                continue
            try:
                objects.append(self.build(record))
            except TamperedRecordError as exc:
                damage(exc)
        return objects


class CaseRepository(Repository[Case, CaseRecord]):
    record_type = CaseRecord

    def fill(self, record: CaseRecord, obj: Case) -> None:
        self.cipher.seal_into(record, "code_enc", obj.code)
        self.cipher.seal_into(record, "profile_enc", payloads.case_profile(obj))

    def build(self, record: CaseRecord) -> Case:
        code = self.cipher.open_text_from(record, "code_enc")
        return _checked(
            record,
            "profile_enc",
            lambda: payloads.case_from(
                record.id, code, self.cipher.open_from(record, "profile_enc")
            ),
        )


class NoteRepository(Repository[Note, NoteRecord]):
    record_type = NoteRecord

    def fill(self, record: NoteRecord, obj: Note) -> None:
        record.case_id = obj.case_id  # before sealing: the AAD binds it
        self.cipher.seal_into(record, "meta_enc", payloads.note_meta(obj))
        self.cipher.seal_into(record, "sections_enc", obj.sections)
        # Only a hash-version-1 signature still needs the reflection inside the note; the
        # live reflection is the process notes' (ProcessNotesRepository).
        self.cipher.seal_into(record, "reflection_enc", obj.signed_reflection or {})

    def build(self, record: NoteRecord) -> Note:
        meta = self.cipher.open_from(record, "meta_enc")
        sections = self.cipher.open_from(record, "sections_enc")
        reflection = self.cipher.open_from(record, "reflection_enc")
        return _checked(
            record,
            "meta_enc",
            lambda: payloads.note_from(record.id, record.case_id, meta, sections, reflection),
        )

    def for_case(self, session: Session, case_id: str, damage: DamageSink) -> list[Note]:
        return self.where(session, damage, NoteRecord.case_id == case_id)


class RevisionRepository(Repository[NoteRevision, NoteRevisionRecord]):
    record_type = NoteRevisionRecord

    def fill(self, record: NoteRevisionRecord, obj: NoteRevision) -> None:
        record.note_id = obj.note_id
        self.cipher.seal_into(record, "revision_enc", payloads.revision_payload(obj))

    def build(self, record: NoteRevisionRecord) -> NoteRevision:
        return _checked(
            record,
            "revision_enc",
            lambda: payloads.revision_from(
                record.id, record.note_id, self.cipher.open_from(record, "revision_enc")
            ),
        )

    def for_note(self, session: Session, note_id: str, damage: DamageSink) -> list[NoteRevision]:
        revisions = self.where(session, damage, NoteRevisionRecord.note_id == note_id)
        return sorted(revisions, key=lambda r: r.saved_at)


class ProcessNotesRepository(Repository[ProcessNotes, ProcessNotesRecord]):
    record_type = ProcessNotesRecord

    def fill(self, record: ProcessNotesRecord, obj: ProcessNotes) -> None:
        record.note_id = obj.note_id
        self.cipher.seal_into(record, "process_enc", payloads.process_notes_payload(obj))

    def build(self, record: ProcessNotesRecord) -> ProcessNotes:
        return _checked(
            record,
            "process_enc",
            lambda: payloads.process_notes_from(
                record.id, record.note_id, self.cipher.open_from(record, "process_enc")
            ),
        )

    def for_note(self, session: Session, note_id: str, damage: DamageSink) -> ProcessNotes | None:
        found = self.where(session, damage, ProcessNotesRecord.note_id == note_id)
        return found[0] if found else None


class DestructionLogRepository(Repository[DestructionLogEntry, DestructionLogRecord]):
    record_type = DestructionLogRecord

    def fill(self, record: DestructionLogRecord, obj: DestructionLogEntry) -> None:
        self.cipher.seal_into(record, "entry_enc", payloads.destruction_payload(obj))

    def build(self, record: DestructionLogRecord) -> DestructionLogEntry:
        return _checked(
            record,
            "entry_enc",
            lambda: payloads.destruction_from(
                record.id, self.cipher.open_from(record, "entry_enc")
            ),
        )


class AddendumRepository(Repository[Addendum, AddendumRecord]):
    record_type = AddendumRecord

    def fill(self, record: AddendumRecord, obj: Addendum) -> None:
        record.note_id = obj.note_id
        self.cipher.seal_into(record, "addendum_enc", payloads.addendum_payload(obj))

    def build(self, record: AddendumRecord) -> Addendum:
        return _checked(
            record,
            "addendum_enc",
            lambda: payloads.addendum_from(
                record.id, record.note_id, self.cipher.open_from(record, "addendum_enc")
            ),
        )


class GoalRepository(Repository[Goal, GoalRecord]):
    record_type = GoalRecord

    def fill(self, record: GoalRecord, obj: Goal) -> None:
        record.case_id = obj.case_id
        self.cipher.seal_into(record, "goal_enc", payloads.goal_payload(obj))

    def build(self, record: GoalRecord) -> Goal:
        return _checked(
            record,
            "goal_enc",
            lambda: payloads.goal_from(
                record.id, record.case_id, self.cipher.open_from(record, "goal_enc")
            ),
        )


class ExportLogRepository(Repository[ExportLogEntry, ExportLogRecord]):
    record_type = ExportLogRecord

    def fill(self, record: ExportLogRecord, obj: ExportLogEntry) -> None:
        self.cipher.seal_into(record, "entry_enc", payloads.export_entry_payload(obj))

    def build(self, record: ExportLogRecord) -> ExportLogEntry:
        return _checked(
            record,
            "entry_enc",
            lambda: payloads.export_entry_from(
                record.id, self.cipher.open_from(record, "entry_enc")
            ),
        )


class PromptCustomisationRepository(Repository[PromptCustomisation, PromptCustomisationRecord]):
    record_type = PromptCustomisationRecord

    def fill(self, record: PromptCustomisationRecord, obj: PromptCustomisation) -> None:
        self.cipher.seal_into(
            record, "customisation_enc", payloads.prompt_customisation_payload(obj)
        )

    def build(self, record: PromptCustomisationRecord) -> PromptCustomisation:
        return _checked(
            record,
            "customisation_enc",
            lambda: payloads.prompt_customisation_from(
                record.id, self.cipher.open_from(record, "customisation_enc")
            ),
        )


class SettingsRepository:
    """Settings are one row whose id is random like every other."""

    def __init__(self, cipher: FieldCipher) -> None:
        self.cipher = cipher

    def load(self, session: Session) -> Settings:
        record = session.scalars(select(SettingsRecord)).first()
        if record is None:
            return Settings()
        return _checked(
            record,
            "settings_enc",
            lambda: payloads.settings_from(self.cipher.open_from(record, "settings_enc")),
        )

    def save(self, session: Session, settings: Settings, new_id: str) -> None:
        record = session.scalars(select(SettingsRecord)).first()
        if record is None:
            record = SettingsRecord(id=new_id)
            session.add(record)
        self.cipher.seal_into(record, "settings_enc", payloads.settings_payload(settings))


def _checked(record: Any, column: str, build: Callable[[], T]) -> T:
    """A payload that decrypts but does not have the expected shape is damage too."""
    try:
        return build()
    except (KeyError, TypeError, ValueError, AttributeError):
        # "from None": the cause's message would quote decrypted text (e.g. a bad enum value).
        raise TamperedRecordError(str(record.__tablename__), shown_id(record.id), column) from None
