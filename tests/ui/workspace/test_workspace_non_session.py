"""Consultation records and contact notes from the case view: each opens the note editor with
its own template, saves as a note of its kind, and shows in the sessions list marked as such,
without counting as a session. All people and details are fictional."""

from __future__ import annotations

from typing import Any

import pytest
from PySide6.QtCore import Qt
from pytestqt.qtbot import QtBot

from casenotes.core.domain import ContactChannel, NoteKind, NoteTemplate
from casenotes.core.journal import Journal
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.session_model import SessionRole


@pytest.fixture
def ws(make_workspace: Any, journal: Journal, small: dict[str, Any]) -> Workspace:
    workspace: Workspace = make_workspace(journal)
    workspace.restore_location(small["couple"].id, None)
    return workspace


def _saved(ws: Workspace, qtbot: QtBot) -> str:
    qtbot.waitUntil(lambda: ws.editor.saved_text().startswith("Saved"), timeout=5000)
    note_id = ws.editor.note_id()
    assert note_id is not None
    return note_id


def test_a_contact_note_from_the_case_view_shows_marked(
    ws: Workspace, journal: Journal, qtbot: QtBot
) -> None:
    view = ws.case_view
    last_before = [n.session_date for n in view.notes() if n.is_session]
    assert view.other_note_button.isVisible()
    # Other note → New contact note… → Email… (the menu's action, as a click on it does)
    view.contact_actions[ContactChannel.EMAIL].trigger()
    editor = ws.editor
    assert editor.isVisible()
    assert editor.section_keys() == ["text"]
    assert editor.details.channel_box.isVisibleTo(editor)
    assert not editor.duration_spin.isVisibleTo(editor)
    assert editor.details.channel_combo.currentText() == "Email"
    qtbot.keyClicks(editor.section_edit("text"), "Client wrote to ask about fees.")
    note_id = _saved(ws, qtbot)

    stored = journal.get_note(note_id)
    assert stored is not None
    assert (stored.kind, stored.channel, stored.template) == (
        NoteKind.CONTACT,
        ContactChannel.EMAIL,
        NoteTemplate.CONTACT,
    )
    model = view.session_model
    row = model.row_of(note_id)
    assert row >= 0
    title = model.data(model.index(row, 0), SessionRole.TITLE)
    assert title.endswith("· Email")
    assert "Email" in model.data(model.index(row, 0), Qt.ItemDataRole.DisplayRole)
    assert view.sessions_heading.accessibleName().endswith("and 1 other note")
    # Not a session: the case's last session date stays where it was.
    assert [n.session_date for n in view.notes() if n.is_session] == last_before


def test_a_consultation_record_opens_with_its_template(
    ws: Workspace, journal: Journal, qtbot: QtBot
) -> None:
    ws.case_view.new_consultation_action.trigger()  # Other note → New consultation record…
    editor = ws.editor
    assert editor.section_keys() == ["question", "consulted", "advice"]
    assert editor.details.summary_box.isVisibleTo(editor)
    assert editor.details.summary_combo.currentText() == "None"
    qtbot.keyClicks(editor.section_edit("consulted"), "Peer consultation group")
    note_id = _saved(ws, qtbot)
    stored = journal.get_note(note_id)
    assert stored is not None and stored.kind is NoteKind.CONSULTATION
    assert stored.export_log_id is None
    model = ws.case_view.session_model
    title = model.data(model.index(model.row_of(note_id), 0), SessionRole.TITLE)
    assert title.endswith("· Consultation")


def test_a_drafts_kind_changes_and_a_signed_notes_cannot(
    ws: Workspace, journal: Journal, qtbot: QtBot, questions: list[str]
) -> None:
    ws.new_note()
    editor = ws.editor
    assert editor.kind_combo.isEnabled() and editor.kind_combo.currentText() == "Session"
    first = editor.section_keys()[0]
    qtbot.keyClicks(editor.section_edit(first), "Client rang to move the session.")
    _saved(ws, qtbot)
    # Kind → Contact, chosen from the keyboard as a user would.
    editor.kind_combo.setFocus()
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findText("Contact"))
    assert editor.section_keys() == ["text"]
    assert "Client rang to move the session." in editor.section_edit("text").toPlainText()
    assert editor.details.channel_box.isVisibleTo(editor)
    assert not editor.attendance_field.isVisibleTo(editor)
    assert "Phone call" in editor.title.text()
    note_id = _saved(ws, qtbot)
    stored = journal.get_note(note_id)
    assert stored is not None
    assert (stored.kind, stored.channel, stored.template, stored.attendance) == (
        NoteKind.CONTACT,
        ContactChannel.PHONE,
        NoteTemplate.CONTACT,
        None,
    )
    row = ws.case_view.session_model.row_of(note_id)
    title = ws.case_view.session_model.data(
        ws.case_view.session_model.index(row, 0), SessionRole.TITLE
    )
    assert title.endswith("· Phone call")
    # Back to a session: the plainest layout, the text still there.
    editor.kind_combo.setCurrentIndex(editor.kind_combo.findText("Session"))
    assert editor.section_keys() == ["body"]
    assert "Client rang" in editor.section_edit("body").toPlainText()
    _saved(ws, qtbot)
    back = journal.get_note(note_id)
    assert back is not None and back.kind is NoteKind.SESSION and back.channel is None
    # Signed: the kind is part of the signature and cannot change.
    editor.sign()
    signed = journal.get_note(note_id)
    assert signed is not None and signed.is_signed and questions
    assert not editor.kind_combo.isEnabled()
