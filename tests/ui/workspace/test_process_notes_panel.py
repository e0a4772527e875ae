"""The process notes panel: its free text is saved in the note's process-notes record,
apart from the progress note, and privacy mode shows a masked copy instead of the edit."""

from __future__ import annotations

from typing import Any

import pytest
from pytestqt.qtbot import QtBot

from casenotes.core.journal import Journal
from casenotes.ui.workspace import Workspace
from casenotes.ui.workspace.process_notes_panel import ProcessNotesPanel
from casenotes.ui.workspace.reflection_panel import PRIVACY_LINE

WAIT_MS = 3000


@pytest.fixture
def ws(make_workspace: Any, journal: Journal, small: dict[str, Any]) -> Workspace:
    workspace: Workspace = make_workspace(journal)
    workspace.editor.autosave_ms = 10
    return workspace


def _panel(ws: Workspace, case_id: str, note_id: str) -> ProcessNotesPanel:
    assert ws.open_note(case_id, note_id)
    panel = ws.editor.reflection_panel
    ws.editor.set_reflection_shown(True)
    assert isinstance(panel, ProcessNotesPanel) and panel.isVisible()
    return panel


def test_the_panel_says_what_this_layer_is(ws: Workspace, small: dict[str, Any]) -> None:
    panel = _panel(ws, small["couple"].id, small["first"].id)
    assert "Process notes" in panel.title.text()
    assert PRIVACY_LINE.startswith(
        "Private to you and kept apart from the progress note, which is the clinical record"
    )
    assert panel.privacy_label.text() == PRIVACY_LINE
    assert panel.text_label.buddy() is panel.text_edit


def test_the_free_text_is_saved_apart_from_the_note(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    note = small["first"]
    panel = _panel(ws, small["couple"].id, note.id)
    qtbot.keyClicks(panel.text_edit, "My own unease about the agreement talk.")
    qtbot.waitUntil(
        lambda: journal.process_notes(note.id).text == "My own unease about the agreement talk.",
        timeout=WAIT_MS,
    )
    stored = journal.get_note(note.id)
    assert stored is not None and "unease" not in stored.text()
    # Opening another note and coming back shows it again.
    _panel(ws, small["couple"].id, small["second"].id)
    assert panel.notes_text() == ""
    _panel(ws, small["couple"].id, note.id)
    assert panel.notes_text() == "My own unease about the agreement talk."


def test_switching_notes_saves_a_pending_change(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    note = small["second"]
    panel = _panel(ws, small["couple"].id, note.id)
    qtbot.keyClicks(panel.text_edit, "Written just before switching.")
    assert panel.is_dirty()
    _panel(ws, small["solo"].id, small["solo_note"].id)
    assert journal.process_notes(note.id).text == "Written just before switching."


def test_privacy_mode_shows_a_masked_copy(
    ws: Workspace, journal: Journal, qtbot: QtBot, small: dict[str, Any]
) -> None:
    note = small["first"]
    panel = _panel(ws, small["couple"].id, note.id)
    qtbot.keyClicks(panel.text_edit, "Rowan seemed relieved.")
    panel.set_mask(lambda text: text.replace("Rowan", "[Partner A]"))
    assert not panel.text_edit.isVisible() and panel.masked_text.isVisible()
    assert panel.masked_text.text() == "[Partner A] seemed relieved."
    panel.set_mask(None)
    assert panel.text_edit.isVisible() and not panel.masked_text.isVisible()
    assert panel.masked_text.text() == ""
    assert panel.notes_text() == "Rowan seemed relieved."
