"""The record's Markdown: what a reader sees, content shown as written. Fictional data."""

from __future__ import annotations

from dataclasses import replace
from datetime import UTC, date, datetime

from casenotes.core.domain import (
    Attendance,
    Case,
    ExportLogEntry,
    Goal,
    Member,
    Note,
    note_content_hash,
)
from casenotes.core.domain.models import Addendum
from casenotes.core.record import Clinician, RecordOptions, build_record
from casenotes.core.record.markdown import DRAFT, render_record, text_block
from casenotes.core.record.model import PROCESS_NOTES_WARNING

CASE = Case(
    code="CPL-31",
    display_name="Sam & Ari",
    pronouns="they/them",
    intake_date=date(2025, 1, 6),
    members=[Member("Partner A", "Sam", "she/her"), Member("Partner B", "Ari")],
)
AT = datetime(2025, 2, 4, 16, 30, tzinfo=UTC)


def _signed(note: Note) -> Note:
    return replace(note, signed_at=AT, content_hash=note_content_hash(note))


SIGNED = _signed(
    Note(
        case_id=CASE.id,
        session_date=date(2025, 2, 3),
        sections={"body": "Talked about the *agreement*.\nA second line."},
        reflection={"need_met": "novelty"},
        addenda=[],
    )
)
SIGNED = replace(SIGNED, addenda=[Addendum(SIGNED.id, "Moved the next session.", created_at=AT)])
DRAFT_NOTE = Note(
    case_id=CASE.id, session_date=date(2025, 2, 10), sections={"body": "Unsigned thoughts."}
)


def flat(text: str) -> str:
    """White space normalised, bold marks taken out: what a reader sees, line breaks aside."""
    return " ".join(text.replace("**", "").split())


def _record(**options: object) -> str:
    record = build_record(
        CASE,
        [SIGNED, DRAFT_NOTE],
        [Goal(CASE.id, "Write the agreement together")],
        [ExportLogEntry(CASE.id, AT, "summary", "pdf", "1-1", "c" * 64, "yes")],
        RecordOptions(**options),  # type: ignore[arg-type]
        clinician=Clinician("Alex Example", "MSW", "LIC-42"),
        produced_at=datetime(2025, 3, 1, 8, 0, tzinfo=UTC),
    )
    return render_record(record)


def test_the_cover_says_what_is_in_it() -> None:
    text = flat(_record())
    assert "CONFIDENTIAL" in text
    assert "Case record: CPL-31" in text
    assert "Clinician: Alex Example, MSW" in text and "Licence: LIC-42" in text
    assert "Produced: 1 Mar 2025, 08:00 UTC" in text
    assert "Unsigned drafts: left out (1)" in text
    assert "Process notes: left out" in text
    assert "Accounting of disclosures (1 entry)" in text


def test_a_signed_note_with_its_signature_and_addenda() -> None:
    text = _record()
    assert "Talked about the \\*agreement\\*.\\\nA second line." in text  # escaped, line kept
    words = flat(text)
    assert "Session 1 · 3 Feb 2025 · Free" in words
    assert "Signed by Alex Example, MSW on 4 Feb 2025, 16:30 UTC" in words
    assert SIGNED.content_hash is not None and SIGNED.content_hash in words
    assert "matches the signed content" in words
    assert "Added 4 Feb 2025, 16:30 UTC" in words and "Moved the next session." in words
    assert "Unsigned thoughts" not in words and "novelty" not in words.casefold()
    assert "Partner A: Sam (she/her)" in words and "Partner B: Ari" in words
    assert "Write the agreement together" in words
    assert "Consultation summary · PDF · sessions 1–1 · client consented: Yes" in words


def test_drafts_are_marked_when_asked_for() -> None:
    words = flat(_record(include_drafts=True))
    assert f"Session 2 · 10 Feb 2025 · Free · {DRAFT} (unsigned)" in words
    assert "Unsigned thoughts." in words
    assert "Unsigned drafts: included and marked DRAFT (1)" in words


def test_process_notes_with_a_warning_only_when_asked() -> None:
    words = flat(_record(include_process_notes=True))
    assert flat(PROCESS_NOTES_WARNING) in words
    assert "Process notes: included" in words
    assert "novelty" in words.casefold()
    assert flat(PROCESS_NOTES_WARNING) not in flat(_record())


def test_one_note_only_leaves_out_the_cases_other_parts() -> None:
    words = flat(_record(note_id=SIGNED.id))
    assert "Session note: CPL-31" in words and "Talked about" in words
    assert "Accounting of disclosures" not in words and "Goals" not in words


def test_text_blocks_keep_line_and_paragraph_breaks_and_escape_markup() -> None:
    assert text_block("# not a heading\n- not a list\n\n\nnext <b>para</b>") == (
        "\\# not a heading\\\n\\- not a list\n\nnext \\<b>para\\</b>"
    )


def test_an_individual_session_is_marked_and_named_on_the_cover() -> None:
    alone = replace(SIGNED, attendance=Attendance.PARTNER_A)
    record = build_record(CASE, [alone], [], [], RecordOptions())
    words = flat(render_record(record))
    assert "Session 1 · 3 Feb 2025 · Free · individual session" in words
    assert "Attended: Partner A alone" in words
    assert (
        "Individual sessions with one partner: session 1 (partner a alone). Check the "
        "couple's agreement about what is shared"
    ) in words
