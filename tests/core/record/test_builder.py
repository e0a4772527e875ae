"""Building a case record: which notes go in, in what order, with what; ranges; the journal's
method. All people and details are fictional."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime
from typing import TYPE_CHECKING

import pytest

from casenotes.core.domain import (
    Addendum,
    Attendance,
    Case,
    ClientType,
    ExportLogEntry,
    Goal,
    GoalChange,
    GoalStatus,
    Note,
    NoteTemplate,
    note_content_hash,
)
from casenotes.core.journal import Journal
from casenotes.core.prompts import load_default_library
from casenotes.core.record import (
    CaseRecord,
    Clinician,
    RecordError,
    RecordOptions,
    Section,
    build_record,
)
from casenotes.core.record.builder import reflection_process_notes

if TYPE_CHECKING:
    from tests.core.conftest import Filled

CASE = Case(code="SW-40", display_name="Marlow", client_types=[ClientType.FORMER_SEX_WORKER])
SIGNED_AT = datetime(2025, 3, 3, 15, 0, tzinfo=UTC)


def _note(day: int, text: str, *, signed: bool = True, **kw: object) -> Note:
    note = Note(
        case_id=CASE.id,
        session_date=date(2025, 3, day),
        sections={"body": text},
        created_at=datetime(2025, 3, day, 9, tzinfo=UTC),
    )
    note = replace(note, **kw)
    if signed:
        note = replace(note, signed_at=SIGNED_AT, content_hash=note_content_hash(note))
    return note


NOTES = [
    _note(20, "Third session text."),
    _note(
        3,
        "First session text.",
        reflection={"need_met": ["emotional"], "_notes": {"need_met": "Felt steadier."}},
    ),
    _note(10, "Second session, a draft.", signed=False),
]


def _build(options: RecordOptions) -> CaseRecord:
    return build_record(CASE, NOTES, [], [], options, library=load_default_library())


def _texts(record: CaseRecord) -> list[str]:
    return [s.sections[0].text for s in record.sessions]


def test_signed_notes_in_date_order_and_drafts_left_out_by_default() -> None:
    record = build_record(CASE, NOTES, [], [], RecordOptions())
    assert _texts(record) == ["First session text.", "Third session text."]
    assert [s.number for s in record.sessions] == [1, 3]  # the window's numbers, gaps kept
    assert record.drafts_left_out == 1 and record.total_sessions == 3
    assert all(s.process_notes == () for s in record.sessions)


def test_drafts_only_when_asked_and_marked() -> None:
    record = build_record(CASE, NOTES, [], [], RecordOptions(include_drafts=True))
    assert _texts(record) == [
        "First session text.",
        "Second session, a draft.",
        "Third session text.",
    ]
    assert [s.is_draft for s in record.sessions] == [False, True, False]
    assert record.drafts_left_out == 0


def test_signature_carries_the_clinician_time_and_fingerprint() -> None:
    clinician = Clinician("Alex Example", "MA, RP", "RP-0001")
    record = build_record(CASE, NOTES, [], [], RecordOptions(), clinician=clinician)
    signature = record.sessions[0].signature
    assert signature is not None
    assert signature.signed_at == SIGNED_AT and signature.matches
    assert signature.fingerprint == NOTES[1].content_hash
    assert signature.clinician.signature_name() == "Alex Example, MA, RP"


def test_a_changed_signed_note_is_shown_not_to_match() -> None:
    tampered = replace(NOTES[0], sections={"body": "Changed afterwards."})
    record = build_record(CASE, [tampered], [], [], RecordOptions())
    assert record.sessions[0].signature is not None
    assert not record.sessions[0].signature.matches


def test_process_notes_only_when_asked() -> None:
    record = _build(RecordOptions(include_process_notes=True))
    first = record.sessions[0]
    assert first.process_notes, "the reflection is the process notes until they stand apart"
    words = " ".join(f"{s.label} {s.text}" for s in first.process_notes)
    assert "Felt steadier." in words
    assert record.sessions[1].process_notes == ()
    assert all(s.process_notes == () for s in _build(RecordOptions()).sessions)


def test_process_notes_free_text_follows_the_answers() -> None:
    of = reflection_process_notes(load_default_library(), {NOTES[1].id: "Slow down next time."})
    sections = of(NOTES[1])
    assert sections[-1] == Section("Process notes", "Slow down next time.")
    assert len(sections) >= 2
    assert of(NOTES[0]) == []  # nothing answered, no text


def test_process_notes_can_come_from_elsewhere() -> None:
    record = build_record(
        CASE,
        NOTES,
        [],
        [],
        RecordOptions(include_process_notes=True),
        process_notes_of=lambda n: [Section("Process notes", n.id)],
    )
    assert [s.process_notes[0].text for s in record.sessions] == [NOTES[1].id, NOTES[0].id]


def test_ranges_by_number_and_by_date() -> None:
    by_number = build_record(
        CASE, NOTES, [], [], RecordOptions(first_session=2, last_session=3, include_drafts=True)
    )
    assert [s.number for s in by_number.sessions] == [2, 3]
    by_date = build_record(
        CASE, NOTES, [], [], RecordOptions(from_date=date(2025, 3, 4), to_date=date(2025, 3, 31))
    )
    assert [s.number for s in by_date.sessions] == [3]
    assert by_date.drafts_left_out == 1


@pytest.mark.parametrize(
    ("options", "message"),
    [
        (RecordOptions(first_session=2, last_session=9), "the case has 3 sessions"),
        (RecordOptions(first_session=3, last_session=2), "comes after the last"),
        (RecordOptions(first_session=0), "start at 1"),
        (RecordOptions(first_session=1, from_date=date(2025, 1, 1)), "not both"),
        (RecordOptions(from_date=date(2025, 4, 1), to_date=date(2025, 3, 1)), "comes after"),
        (RecordOptions(note_id="no-such-note"), "not among"),
    ],
)
def test_a_range_that_does_not_fit_is_refused(options: RecordOptions, message: str) -> None:
    with pytest.raises(RecordError, match=message):
        build_record(CASE, NOTES, [], [], options)


def test_one_note_only() -> None:
    record = build_record(
        CASE, NOTES, [Goal(CASE.id, "A goal")], [], RecordOptions(note_id=NOTES[2].id)
    )
    assert _texts(record) == ["Second session, a draft."]  # a draft, since it was chosen
    assert record.sessions[0].number == 2
    assert record.goals == () and record.disclosures == ()


def test_trashed_notes_and_other_cases_are_not_in_the_record() -> None:
    trashed = replace(_note(5, "In the trash."), deleted_at=SIGNED_AT)
    elsewhere = replace(_note(6, "Another case."), case_id="another")
    record = build_record(CASE, [*NOTES, trashed, elsewhere], [], [], RecordOptions())
    assert _texts(record) == ["First session text.", "Third session text."]


def test_goals_history_addenda_and_the_accounting_of_disclosures() -> None:
    goal = Goal(
        CASE.id,
        "Rest more",
        status=GoalStatus.MET,
        history=[
            GoalChange(SIGNED_AT, GoalStatus.OPEN, "Rest"),
            GoalChange(SIGNED_AT, GoalStatus.MET, "Rest more"),
        ],
    )
    note = replace(NOTES[1], addenda=[Addendum(NOTES[1].id, "Late addition.")], goal_ids=[goal.id])
    ours = ExportLogEntry(CASE.id, SIGNED_AT, "summary", "pdf", "1-2", "ab" * 32, "yes")
    whole_vault = ExportLogEntry(None, SIGNED_AT, "interchange", "json")
    other = ExportLogEntry("another", SIGNED_AT, "summary", "md")
    record = build_record(CASE, [note], [goal], [other, whole_vault, ours], RecordOptions())
    session = record.sessions[0]
    assert [a.text for a in session.addenda] == ["Late addition."]
    assert session.goals == ("Rest more",)
    assert [(c.status, c.text) for c in record.goals[0].history] == [
        ("Open", "Rest"),
        ("Met", "Rest more"),
    ]
    assert [(d.what, d.sessions, d.consent) for d in record.disclosures] == [
        ("Consultation summary", "1-2", "Yes")
    ]


def test_template_sections_keep_the_templates_order_and_labels() -> None:
    note = Note(
        case_id=CASE.id,
        session_date=date(2025, 3, 3),
        template=NoteTemplate.SOAP,
        sections={"plan": "P.", "subjective": "S.", "assessment": "A.", "objective": ""},
    )
    record = build_record(CASE, [note], [], [], RecordOptions(include_drafts=True))
    assert [(s.label, s.text) for s in record.sessions[0].sections] == [
        ("Subjective", "S."),
        ("Objective", ""),
        ("Assessment", "A."),
        ("Plan", "P."),
    ]


def test_who_attended_and_individual_sessions_are_marked() -> None:
    both = replace(NOTES[1], attendance=Attendance.BOTH)
    alone = replace(NOTES[0], attendance=Attendance.PARTNER_B)
    record = build_record(CASE, [both, alone], [], [], RecordOptions())
    assert [(s.attended, s.one_partner) for s in record.sessions] == [
        ("Both partners", False),
        ("Partner B alone", True),
    ]
    assert [s.number for s in record.one_partner_sessions] == [2]
    unrecorded = build_record(CASE, NOTES, [], [], RecordOptions())
    assert {s.attended for s in unrecorded.sessions} == {""}


def test_journal_adds_the_process_notes_text_only_when_asked(
    journal: Journal, filled: Filled
) -> None:
    process = journal.process_notes(filled.soap.id)
    journal.save_process_notes(replace(process, text="My own unease about the pace."))
    plain = journal.case_record(filled.couple.id, RecordOptions())
    assert plain.sessions[0].process_notes == ()
    asked = journal.case_record(filled.couple.id, RecordOptions(include_process_notes=True))
    assert asked.sessions[0].process_notes[-1] == Section(
        "Process notes", "My own unease about the pace."
    )


def test_journal_builds_the_record(journal: Journal, filled: Filled) -> None:
    record = journal.case_record(filled.couple.id, RecordOptions())
    assert [s.note_id for s in record.sessions] == [filled.soap.id]
    session = record.sessions[0]
    assert session.signature is not None and session.signature.matches
    assert [a.text for a in session.addenda] == [filled.soap.addenda[0].text]
    assert session.goals == (filled.goal.text,)
    assert record.drafts_left_out == 1
    assert [d.sha256 for d in record.disclosures] == [filled.export.content_sha256]
    assert record.case.display_name == "Rowan & Kit"
    with_drafts = journal.case_record(filled.couple.id, RecordOptions(include_drafts=True))
    assert [s.note_id for s in with_drafts.sessions] == [filled.soap.id, filled.dap.id]
