"""Journal: process notes are a record of their own, outside the note's signature."""

from __future__ import annotations

from dataclasses import replace
from datetime import date

import pytest

from casenotes.core.domain import Case, Note, ProcessNotes
from casenotes.core.domain.models import HASH_VERSION
from casenotes.core.journal import Journal
from casenotes.core.vault.errors import VaultError


def _signed_note(journal: Journal) -> Note:
    case = journal.save_case(Case(code="PN-01", display_name="Juno"))
    note = journal.save_note(
        Note(
            case_id=case.id,
            session_date=date(2024, 6, 3),
            sections={"body": "Planned a rest week."},
            reflection={"need_met": ["emotional"]},
        )
    )
    return journal.sign_note(note.id)


def test_the_reflection_is_stored_as_process_notes_and_not_signed(journal: Journal) -> None:
    note = _signed_note(journal)
    assert note.hash_version == HASH_VERSION and note.signed_reflection is None
    process = journal.process_notes(note.id)
    assert process.reflection == {"need_met": ["emotional"]}
    edited = journal.save_process_notes(
        ProcessNotes(
            note_id=note.id,
            reflection={"need_met": ["physical"]},
            text="Noticed I wanted to rescue; named it in supervision.",
        )
    )
    assert edited.id == process.id  # one record per note, whatever id the caller held
    again = journal.get_note(note.id)
    assert again is not None and again.reflection == {"need_met": ["physical"]}
    assert journal.process_notes(note.id).text.startswith("Noticed I wanted")
    assert journal.verify().intact  # the signature never covered them


def test_a_note_without_process_notes_gets_an_empty_one(journal: Journal) -> None:
    case = journal.save_case(Case(code="PN-02", display_name="Rowan"))
    note = journal.save_note(Note(case_id=case.id, session_date=date(2024, 6, 4)))
    process = journal.process_notes(note.id)
    assert process.is_empty() and process.note_id == note.id
    assert journal.process_notes_for_case(case.id) == {}


def test_process_notes_need_their_note(journal: Journal) -> None:
    with pytest.raises(VaultError):
        journal.save_process_notes(ProcessNotes(note_id="no-such-note", text="x"))


def test_export_and_import_carry_process_notes(journal: Journal) -> None:
    note = _signed_note(journal)
    journal.save_process_notes(
        ProcessNotes(note_id=note.id, reflection=note.reflection, text="Private to me.")
    )
    [bundle] = journal.export_bundles()
    assert bundle.process_notes[note.id].text == "Private to me."
    journal.trash_case(note.case_id)
    journal.purge_case(note.case_id, reason="Test: entered by mistake")
    assert journal.import_bundles([bundle]) == 1
    process = journal.process_notes(note.id)
    assert (process.text, process.reflection) == ("Private to me.", {"need_met": ["emotional"]})
    assert journal.verify().intact


def test_the_free_process_notes_are_searchable_and_kept_on_every_path(journal: Journal) -> None:
    note = _signed_note(journal)
    journal.save_process_notes(ProcessNotes(note_id=note.id, text="A kestrel of worry."))
    (hit,) = journal.search("kestrel")
    assert hit.note_id == note.id and hit.in_process_notes
    # The pass at unlock reads the free text from the same decrypt as the reflection.
    journal.build_index()
    (hit,) = journal.search("kestrel")
    assert hit.in_process_notes
    # A case's notes indexed again (a rename) keep it, and so does the note's own save.
    case = journal.get_case(note.case_id)
    assert case is not None
    journal.save_case(replace(case, code="PN-02"))
    assert [h.case_code for h in journal.search("kestrel")] == ["PN-02"]
    draft = journal.save_note(Note(case_id=case.id, session_date=date(2024, 6, 10)))
    journal.save_process_notes(ProcessNotes(note_id=draft.id, text="Heron calm."))
    journal.save_note(replace(draft, sections={"body": "Second session."}))
    assert [h.note_id for h in journal.search("heron")] == [draft.id]
