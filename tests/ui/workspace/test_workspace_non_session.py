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
