"""casenotes.core.store.repositories: domain objects in, sealed records out, and back; damage
is collected per record instead of failing a whole listing. All content is fictional."""

from __future__ import annotations

import os
from collections.abc import Iterator
from dataclasses import replace
from datetime import UTC, date, datetime
from pathlib import Path

import pytest
from sqlalchemy import Engine, select, text
from sqlalchemy.orm import Session

from casenotes.core.domain import (
    Addendum,
    Case,
    CaseStatus,
    ClientType,
    ExportLogEntry,
    Goal,
    GoalChange,
    GoalStatus,
    Identifiers,
    Member,
    Note,
    NoteRevision,
    NoteTemplate,
    ProcessNotes,
    SessionFormat,
    Settings,
)
from casenotes.core.store.database import create_vault_file, make_engine
from casenotes.core.store.records import (
    ENCRYPTED_TABLES,
    CaseRecord,
    GoalRecord,
    NoteRecord,
    SettingsRecord,
)
from casenotes.core.store.repositories import (
    AddendumRepository,
    CaseRepository,
    ExportLogRepository,
    GoalRepository,
    NoteRepository,
    ProcessNotesRepository,
    RevisionRepository,
    SettingsRepository,
)
from casenotes.core.store.schema import upgrade_to_head
from casenotes.core.store.sealing import FieldCipher
from casenotes.core.vault.errors import TamperedRecordError
from casenotes.core.vault.header import VaultKeys

T0 = datetime(2024, 3, 1, 9, 0, tzinfo=UTC)
T1 = datetime(2024, 3, 2, 9, 0, tzinfo=UTC)


@pytest.fixture
def engine(tmp_path: Path) -> Iterator[Engine]:
    path = tmp_path / "store" / "repo.vault"
    create_vault_file(path)
    engine = make_engine(path)
    upgrade_to_head(engine)
    yield engine
    engine.dispose()


@pytest.fixture
def cipher() -> FieldCipher:
    return FieldCipher(VaultKeys(os.urandom(16), os.urandom(32)))


@pytest.fixture
def session(engine: Engine) -> Iterator[Session]:
    with Session(engine) as session, session.begin():
        yield session


def _case() -> Case:
    return Case(
        code="CPL-07",
        display_name="Rowan & Kit",
        client_types=[ClientType.COUPLE, ClientType.OCSB],
        tags=["agreements"],
        status=CaseStatus.PAUSED,
        pronouns="they/them",
        intake_date=date(2024, 2, 29),
        identifiers=Identifiers(
            names=["Rowan Pell"],
            aliases=["RP"],
            handles=["@rp"],
            phones=["555-0100"],
            emails=["rp@example.org"],
            places=["Harbourside"],
            employers=["Cafe North"],
            other=["badge 12"],
        ),
        members=[Member("Partner A", "Rowan", "they/them"), Member("Partner B")],
        created_at=T0,
        updated_at=T1,
        deleted_at=None,
    )


def _note(case_id: str) -> Note:
    return Note(
        case_id=case_id,
        session_date=date(2024, 3, 8),
        duration_minutes=80,
        format=SessionFormat.TELEHEALTH,
        template=NoteTemplate.SOAP,
        sections={"subjective": "S ☕", "objective": "O", "assessment": "A", "plan": "P"},
        tags=["agreements"],
        reflection={"need_met": ["novelty"], "scale": 3},
        goal_ids=["g-1"],
        created_at=T0,
        updated_at=T1,
        signed_at=T1,
        content_hash="ab" * 32,
        deleted_at=None,
    )


def _never(error: TamperedRecordError) -> None:
    raise AssertionError(f"unexpected damage: {error}")


def test_case_round_trip(session: Session, cipher: FieldCipher) -> None:
    repository = CaseRepository(cipher)
    case = _case()
    repository.save(session, case)
    session.flush()
    session.expunge_all()
    assert repository.get(session, case.id) == case
    assert repository.get(session, "00000000-0000-4000-8000-000000000000") is None
    assert repository.where(session, _never) == [case]


def test_save_updates_the_same_row(session: Session, cipher: FieldCipher) -> None:
    repository = CaseRepository(cipher)
    case = _case()
    repository.save(session, case)
    case.display_name = "Renamed"
    case.deleted_at = T1
    repository.save(session, case)
    session.flush()
    assert session.execute(text("SELECT count(*) FROM cases")).scalar_one() == 1
    assert repository.get(session, case.id) == case


def test_note_round_trip_and_for_case(session: Session, cipher: FieldCipher) -> None:
    case = _case()
    CaseRepository(cipher).save(session, case)
    other = Case(code="B", display_name="B")
    CaseRepository(cipher).save(session, other)
    repository = NoteRepository(cipher)
    note = _note(case.id)
    repository.save(session, note)
    repository.save(session, _note(other.id))
    session.flush()
    session.expunge_all()
    stored = repository.get(session, note.id)
    # The live reflection is the process notes' record (ProcessNotesRepository).
    assert stored == replace(note, reflection={})
    assert repository.for_case(session, case.id, _never) == [stored]
    record = session.get(NoteRecord, note.id)
    assert record is not None and record.case_id == case.id


def test_moving_a_note_reseals_it_for_its_new_case(session: Session, cipher: FieldCipher) -> None:
    first, second = _case(), Case(code="B", display_name="B")
    for case in (first, second):
        CaseRepository(cipher).save(session, case)
    repository = NoteRepository(cipher)
    note = _note(first.id)
    repository.save(session, note)
    note.case_id = second.id
    repository.save(session, note)  # the case_id is set before sealing: the AAD follows it
    session.flush()
    session.expunge_all()
    assert repository.get(session, note.id) == replace(note, reflection={})


def test_process_notes_round_trip(session: Session, cipher: FieldCipher) -> None:
    case = _case()
    CaseRepository(cipher).save(session, case)
    note = _note(case.id)
    NoteRepository(cipher).save(session, note)
    session.flush()
    repository = ProcessNotesRepository(cipher)
    process = ProcessNotes(
        note_id=note.id,
        reflection={"need_met": ["novelty"]},
        text="Curious about my own reaction.",
        created_at=T0,
        updated_at=T0,
    )
    repository.save(session, process)
    session.flush()
    session.expunge_all()
    assert repository.for_note(session, note.id, _never) == process
    assert repository.for_note(session, "no-such-note", _never) is None


def test_revision_addendum_goal_export_round_trips(session: Session, cipher: FieldCipher) -> None:
    case = _case()
    CaseRepository(cipher).save(session, case)
    note = _note(case.id)
    NoteRepository(cipher).save(session, note)
    revision = NoteRevision.of(note, T0)
    addendum = Addendum(note_id=note.id, text="Addendum text", created_at=T1)
    goal = Goal(
        case_id=case.id,
        text="Agree on what matters",
        status=GoalStatus.REVISED,
        created_at=T0,
        updated_at=T1,
        history=[
            GoalChange(T0, GoalStatus.OPEN, "first"),
            GoalChange(T1, GoalStatus.REVISED, "Agree on what matters"),
        ],
    )
    entry = ExportLogEntry(
        case_id=case.id,
        exported_at=T1,
        kind="summary",
        format="md",
        sessions="1-3",
        content_sha256="cd" * 32,
    )
    RevisionRepository(cipher).save(session, revision)
    AddendumRepository(cipher).save(session, addendum)
    GoalRepository(cipher).save(session, goal)
    ExportLogRepository(cipher).save(session, entry)
    session.flush()
    session.expunge_all()
    assert RevisionRepository(cipher).for_note(session, note.id, _never) == [revision]
    assert AddendumRepository(cipher).where(session, _never) == [addendum]
    assert GoalRepository(cipher).get(session, goal.id) == goal
    assert ExportLogRepository(cipher).where(session, _never) == [entry]


def test_revisions_are_listed_oldest_first(session: Session, cipher: FieldCipher) -> None:
    case = _case()
    CaseRepository(cipher).save(session, case)
    note = _note(case.id)
    NoteRepository(cipher).save(session, note)
    repository = RevisionRepository(cipher)
    later, earlier = NoteRevision.of(note, T1), NoteRevision.of(note, T0)
    repository.save(session, later)
    repository.save(session, earlier)
    assert repository.for_note(session, note.id, _never) == [earlier, later]


def test_settings_are_one_row(session: Session, cipher: FieldCipher) -> None:
    repository = SettingsRepository(cipher)
    assert repository.load(session) == Settings()
    repository.save(session, Settings(theme="dark"), "11111111-1111-4111-8111-111111111111")
    repository.save(
        session, Settings(theme="light", font_size=14), "22222222-2222-4222-8222-222222222222"
    )
    session.flush()
    assert session.execute(text("SELECT id FROM settings")).scalars().all() == [
        "11111111-1111-4111-8111-111111111111"
    ]
    assert repository.load(session) == Settings(theme="light", font_size=14)


def test_delete_cascades_to_everything_under_a_case(session: Session, cipher: FieldCipher) -> None:
    case = _case()
    CaseRepository(cipher).save(session, case)
    note = _note(case.id)
    NoteRepository(cipher).save(session, note)
    RevisionRepository(cipher).save(session, NoteRevision.of(note, T0))
    AddendumRepository(cipher).save(session, Addendum(note_id=note.id, text="a"))
    ProcessNotesRepository(cipher).save(session, ProcessNotes(note_id=note.id, text="p"))
    GoalRepository(cipher).save(session, Goal(case_id=case.id, text="g"))
    ExportLogRepository(cipher).save(session, ExportLogEntry(case.id, T0, "summary", "md"))
    session.flush()
    CaseRepository(cipher).delete(session, case.id)
    session.flush()
    counts = {
        table: session.execute(text(f"SELECT count(*) FROM {table}")).scalar_one()
        for table in ENCRYPTED_TABLES
    }
    # The export log keeps its entry: it outlives a purged case.
    assert counts == {
        "cases": 0,
        "notes": 0,
        "note_revisions": 0,
        "addenda": 0,
        "goals": 0,
        "export_log": 1,
        "settings": 0,
        "prompt_customisations": 0,
        "process_notes": 0,
        "destruction_log": 0,
    }


def test_listings_skip_damaged_records_and_report_them(
    session: Session, cipher: FieldCipher
) -> None:
    repository = CaseRepository(cipher)
    good, bad = _case(), Case(code="B", display_name="B")
    repository.save(session, good)
    repository.save(session, bad)
    session.flush()
    record = session.get(CaseRecord, bad.id)
    assert record is not None
    blob = bytearray(record.profile_enc)
    blob[-1] ^= 1
    record.profile_enc = bytes(blob)
    session.flush()

    damage: list[TamperedRecordError] = []
    assert repository.where(session, damage.append) == [good]
    assert [(e.table, e.row_id, e.column) for e in damage] == [("cases", bad.id, "profile_enc")]
    with pytest.raises(TamperedRecordError):
        repository.get(session, bad.id)


def test_a_payload_of_the_wrong_shape_is_damage(session: Session, cipher: FieldCipher) -> None:
    # Authentic envelopes (sealed with the right key and AAD) whose JSON is not what the
    # repository expects: reported as damage of that record, never a KeyError.
    case = _case()
    CaseRepository(cipher).save(session, case)
    goal = Goal(case_id=case.id, text="g")
    GoalRepository(cipher).save(session, goal)
    session.flush()
    record = session.get(CaseRecord, case.id)
    assert record is not None
    cipher.seal_into(record, "profile_enc", {"display_name": "no timestamps"})
    goal_record = session.get(GoalRecord, goal.id)
    assert goal_record is not None
    cipher.seal_into(
        goal_record,
        "goal_enc",
        {
            "text": "t",
            "status": "not-a-status",
            "created_at": T0.isoformat(),
            "updated_at": T0.isoformat(),
        },
    )
    settings = SettingsRecord(id="33333333-3333-4333-8333-333333333333")
    cipher.seal_into(settings, "settings_enc", ["not", "an", "object"])
    session.add(settings)
    session.flush()

    with pytest.raises(TamperedRecordError) as caught:
        CaseRepository(cipher).get(session, case.id)
    assert (caught.value.table, caught.value.column) == ("cases", "profile_enc")
    damage: list[TamperedRecordError] = []
    assert GoalRepository(cipher).where(session, damage.append) == []
    assert [(e.table, e.row_id) for e in damage] == [("goals", goal.id)]
    with pytest.raises(TamperedRecordError):
        SettingsRepository(cipher).load(session)


def test_records_hold_only_ciphertext(session: Session, cipher: FieldCipher) -> None:
    case = _case()
    CaseRepository(cipher).save(session, case)
    NoteRepository(cipher).save(session, _note(case.id))
    session.flush()
    for table in ENCRYPTED_TABLES:
        for row in session.execute(text(f"SELECT * FROM {table}")).mappings():
            for column, value in row.items():
                if column.endswith("_enc"):
                    assert isinstance(value, bytes)
                    assert b"Rowan" not in value and b"CPL-07" not in value
                else:
                    assert column == "id" or column.endswith("_id")
    assert session.scalars(select(CaseRecord.id)).all() == [case.id]
