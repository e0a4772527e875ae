"""Journal: consultation records and contact notes are notes of their own kind — signed like
notes, stored in the note's sealed metadata, not counted as sessions, in the record under
their own heading, and carried by the interchange file. All details are fictional."""

from __future__ import annotations

import json
from dataclasses import replace
from datetime import UTC, date, datetime

from casenotes.core.domain import (
    KIND_TEMPLATES,
    Case,
    ContactChannel,
    ExportLogEntry,
    Note,
    NoteKind,
    NoteTemplate,
    kind_label,
    note_content_hash,
    signature_matches,
)
from casenotes.core.export import numbered_sessions
from casenotes.core.interchange import dumps_interchange, parse_interchange
from casenotes.core.journal import Journal
from casenotes.core.prompts import load_default_library
from casenotes.core.prompts.course import case_course
from casenotes.core.record import RecordOptions
from casenotes.core.record.markdown import render_record


def _case_with_notes(journal: Journal) -> tuple[Case, Note, Note, Note]:
    case = journal.save_case(Case(code="NS-01", display_name="Wren"))
    session = journal.save_note(
        Note(case_id=case.id, session_date=date(2026, 3, 2), sections={"body": "First session."})
    )
    consult = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2026, 3, 9),
            kind=NoteKind.CONSULTATION,
            template=KIND_TEMPLATES[NoteKind.CONSULTATION],
            duration_minutes=0,
            sections={
                "question": "How to pace the work on boundaries?",
                "consulted": "Clinical supervisor",
                "advice": "Slow down; check in.",
            },
        )
    )
    call = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2026, 3, 12),
            kind=NoteKind.CONTACT,
            channel=ContactChannel.PHONE,
            template=NoteTemplate.CONTACT,
            duration_minutes=0,
            sections={"text": "Client rang to move the next appointment."},
        )
    )
    return case, session, consult, call


def test_kind_labels() -> None:
    assert kind_label(NoteKind.SESSION, None) == ""
    assert kind_label(NoteKind.CONSULTATION, None) == "Consultation"
    assert kind_label(NoteKind.CONTACT, ContactChannel.LETTER) == "Letter"
    assert kind_label(NoteKind.CONTACT, None) == "Contact"


def test_created_and_signed_like_notes(journal: Journal) -> None:
    case, _, consult, call = _case_with_notes(journal)
    stored = journal.get_note(call.id)
    assert stored is not None
    assert (stored.kind, stored.channel, stored.kind_label) == (
        NoteKind.CONTACT,
        ContactChannel.PHONE,
        "Phone call",
    )
    signed = journal.sign_note(consult.id)
    assert signed.is_signed and signed.kind is NoteKind.CONSULTATION
    assert signed.sections["consulted"] == "Clinical supervisor"
    assert journal.verify().intact
    assert [n.kind for n in journal.notes_for_case(case.id)] == [
        NoteKind.SESSION,
        NoteKind.CONSULTATION,
        NoteKind.CONTACT,
    ]


def test_the_signature_covers_the_kind_channel_and_summary_link(journal: Journal) -> None:
    _, _, consult, call = _case_with_notes(journal)
    signed = journal.sign_note(call.id)
    assert signed.hash_version == 3 and signature_matches(signed)
    assert not signature_matches(replace(signed, channel=ContactChannel.EMAIL))
    assert not signature_matches(replace(signed, kind=NoteKind.SESSION, channel=None))
    entry = ExportLogEntry(None, datetime(2026, 3, 9, tzinfo=UTC), "summary", "md")
    journal.log_export(entry)
    linked = journal.save_note(replace(consult, export_log_id=entry.id))
    signed_consult = journal.sign_note(linked.id)
    assert signature_matches(signed_consult)
    assert not signature_matches(replace(signed_consult, export_log_id=None))
    assert journal.verify().intact
    # A note signed under version 2 verifies as before: that hash never covered the kind.
    earlier = replace(signed, hash_version=2, content_hash=note_content_hash(signed, 2))
    assert signature_matches(replace(earlier, channel=ContactChannel.LETTER))


def test_not_counted_as_sessions(journal: Journal) -> None:
    case, session, _, _ = _case_with_notes(journal)
    notes = journal.notes_for_case(case.id)
    assert [n.id for n in numbered_sessions(notes)] == [session.id]
    latest: dict[str, date] = {}
    journal.build_index(last_sessions=latest)
    assert latest[case.id] == date(2026, 3, 2)  # the contact on 12 March is not a session
    course = case_course(notes, [], load_default_library())
    assert len(course.sessions) == 1


def test_the_record_lists_them_under_their_own_heading(journal: Journal) -> None:
    case, _, consult, call = _case_with_notes(journal)
    entry = ExportLogEntry(
        case_id=case.id,
        exported_at=datetime(2026, 3, 8, 10, tzinfo=UTC),
        kind="summary",
        format="pdf",
        sessions="1-1",
    )
    journal.log_export(entry)
    consult.export_log_id = entry.id
    journal.save_note(consult)
    for note in (consult, call):
        journal.sign_note(note.id)
    record = journal.case_record(case.id, RecordOptions())
    assert record.total_sessions == 1
    assert [e.kind for e in record.non_session] == ["Consultation", "Phone call"]
    sections = {s.label: s.text for s in record.non_session[0].sections}
    assert sections["Consulted (by role)"] == "Clinical supervisor"
    assert sections["Summary sent"].endswith("2026-03-08")
    assert all(e.signature is not None and e.signature.matches for e in record.non_session)
    text = render_record(record)
    assert "Phone call" in text and "Client rang to move the next appointment." in text
    assert "DRAFT" not in text.split("# Non-session notes")[1]


def test_an_unsigned_one_is_left_out_or_marked_a_draft(journal: Journal) -> None:
    case, *_ = _case_with_notes(journal)
    assert journal.case_record(case.id, RecordOptions()).non_session == ()
    record = journal.case_record(case.id, RecordOptions(include_drafts=True))
    text = render_record(record).split("# Non-session notes")[1]
    assert "## Phone call · 12 Mar 2026 · DRAFT (unsigned)" in text
    assert "**DRAFT: this note is not signed.**" in text


def test_interchange_round_trip_keeps_the_kind(journal: Journal) -> None:
    _case_with_notes(journal)
    data = dumps_interchange(journal.export_bundles())
    written = json.loads(data)["cases"][0]["notes"]
    by_date = {n["session_date"]: n for n in written}
    assert "kind" not in by_date["2026-03-02"] and "channel" not in by_date["2026-03-02"]
    assert by_date["2026-03-09"]["kind"] == "consultation"
    assert (by_date["2026-03-12"]["kind"], by_date["2026-03-12"]["channel"]) == ("contact", "phone")
    read = {n.session_date: n for b in parse_interchange(data) for n in b.notes}
    assert read[date(2026, 3, 2)].kind is NoteKind.SESSION
    assert read[date(2026, 3, 9)].kind is NoteKind.CONSULTATION
    assert read[date(2026, 3, 12)].channel is ContactChannel.PHONE
