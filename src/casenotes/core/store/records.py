"""Typed SQLAlchemy records. Only ``id``, ``*_id`` foreign keys and ``*_enc`` envelopes exist:
anything that says something about a client is in an ``*_enc`` column (vault format v1)."""

from __future__ import annotations

from sqlalchemy import CheckConstraint, ForeignKey, Integer, LargeBinary, String, Text
from sqlalchemy.orm import DeclarativeBase, Mapped, mapped_column

UUID_LENGTH = 36


class Base(DeclarativeBase):
    pass


class HeaderRecord(Base):
    __tablename__ = "vault_header"
    __table_args__ = (CheckConstraint("magic = 'casenotes-vault'", name="one_header"),)

    # The primary key on a constant column is what keeps the table at exactly one row.
    magic: Mapped[str] = mapped_column(Text, primary_key=True)
    format_version: Mapped[int] = mapped_column(Integer)
    vault_id: Mapped[bytes] = mapped_column(LargeBinary)
    kdf: Mapped[str] = mapped_column(Text)
    kdf_salt: Mapped[bytes] = mapped_column(LargeBinary)
    kdf_memory_kib: Mapped[int] = mapped_column(Integer)
    kdf_iterations: Mapped[int] = mapped_column(Integer)
    kdf_lanes: Mapped[int] = mapped_column(Integer)
    passphrase_slot: Mapped[bytes] = mapped_column(LargeBinary)
    recovery_slot: Mapped[bytes] = mapped_column(LargeBinary)


class CaseRecord(Base):
    __tablename__ = "cases"

    id: Mapped[str] = mapped_column(String(UUID_LENGTH), primary_key=True)
    code_enc: Mapped[bytes] = mapped_column(LargeBinary)
    profile_enc: Mapped[bytes] = mapped_column(LargeBinary)


class NoteRecord(Base):
    __tablename__ = "notes"

    id: Mapped[str] = mapped_column(String(UUID_LENGTH), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    meta_enc: Mapped[bytes] = mapped_column(LargeBinary)
    sections_enc: Mapped[bytes] = mapped_column(LargeBinary)
    reflection_enc: Mapped[bytes] = mapped_column(LargeBinary)


class NoteRevisionRecord(Base):
    __tablename__ = "note_revisions"

    id: Mapped[str] = mapped_column(String(UUID_LENGTH), primary_key=True)
    note_id: Mapped[str] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    revision_enc: Mapped[bytes] = mapped_column(LargeBinary)


class AddendumRecord(Base):
    __tablename__ = "addenda"

    id: Mapped[str] = mapped_column(String(UUID_LENGTH), primary_key=True)
    note_id: Mapped[str] = mapped_column(ForeignKey("notes.id", ondelete="CASCADE"), index=True)
    addendum_enc: Mapped[bytes] = mapped_column(LargeBinary)


class GoalRecord(Base):
    __tablename__ = "goals"

    id: Mapped[str] = mapped_column(String(UUID_LENGTH), primary_key=True)
    case_id: Mapped[str] = mapped_column(ForeignKey("cases.id", ondelete="CASCADE"), index=True)
    goal_enc: Mapped[bytes] = mapped_column(LargeBinary)


class ExportLogRecord(Base):
    __tablename__ = "export_log"

    # No clear case_id: the log outlives a purged case, and which case was exported is itself
    # client information, so the reference lives inside the envelope.
    id: Mapped[str] = mapped_column(String(UUID_LENGTH), primary_key=True)
    entry_enc: Mapped[bytes] = mapped_column(LargeBinary)


class SettingsRecord(Base):
    __tablename__ = "settings"

    id: Mapped[str] = mapped_column(String(UUID_LENGTH), primary_key=True)
    settings_enc: Mapped[bytes] = mapped_column(LargeBinary)


class PromptCustomisationRecord(Base):
    __tablename__ = "prompt_customisations"

    # Schema revision 0002. How a practitioner words their prompts says something about
    # their practice, so the whole customisation is sealed.
    id: Mapped[str] = mapped_column(String(UUID_LENGTH), primary_key=True)
    customisation_enc: Mapped[bytes] = mapped_column(LargeBinary)


class ManifestRecord(Base):
    __tablename__ = "vault_manifest"

    # Schema revision 0003 (format 2): one row, the keyed digest over every other record and
    # the write counter, sealed (core/store/manifest.py, docs/vault-format.md).
    id: Mapped[str] = mapped_column(String(UUID_LENGTH), primary_key=True)
    manifest_enc: Mapped[bytes] = mapped_column(LargeBinary)


class ProcessNotesRecord(Base):
    __tablename__ = "process_notes"

    # Schema revision 0004 (format 3): a session's process notes, one row per note at most,
    # kept apart from the progress note so that they stay out of its signature and out of
    # records exports. The link to the note is clear, like every foreign key.
    id: Mapped[str] = mapped_column(String(UUID_LENGTH), primary_key=True)
    note_id: Mapped[str] = mapped_column(
        ForeignKey("notes.id", ondelete="CASCADE"), index=True, unique=True
    )
    process_enc: Mapped[bytes] = mapped_column(LargeBinary)


class DestructionLogRecord(Base):
    __tablename__ = "destruction_log"

    # Schema revision 0004 (format 3): one sealed row per record deleted for good. Like the
    # export log, no clear reference to the case: which case was deleted is client
    # information.
    id: Mapped[str] = mapped_column(String(UUID_LENGTH), primary_key=True)
    entry_enc: Mapped[bytes] = mapped_column(LargeBinary)


# Every table holding envelopes, with its encrypted columns: used by verify and by tests.
ENCRYPTED_TABLES: dict[str, type[Base]] = {
    record.__tablename__: record
    for record in (
        CaseRecord,
        NoteRecord,
        NoteRevisionRecord,
        AddendumRecord,
        GoalRecord,
        ExportLogRecord,
        SettingsRecord,
        PromptCustomisationRecord,
        ProcessNotesRecord,
        DestructionLogRecord,
    )
}
