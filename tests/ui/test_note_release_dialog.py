"""The dialog before one note goes out: what the export log records about the release
(to whom by role, why, whether the client authorised it), and its wording for export and
print. All details are fictional."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from casenotes.core.record import Release
from casenotes.ui.note_release_dialog import NoteReleaseDialog


def test_nothing_said_is_logged_as_not_asked(qtbot: QtBot) -> None:
    dialog = NoteReleaseDialog("a note of RX-12")
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Export this note as PDF"
    assert dialog.accept_button.text() == "Export PDF…"
    assert dialog.release() == Release("", "", "not_asked")


def test_the_release_as_typed_for_a_printout(qtbot: QtBot) -> None:
    dialog = NoteReleaseDialog("a note of RX-12", printing=True)
    qtbot.addWidget(dialog)
    assert dialog.windowTitle() == "Print this note"
    assert dialog.accept_button.text() == "Print…"
    dialog.consent_buttons["no"].click()
    qtbot.keyClicks(dialog.disclosure.recipient, "court  clerk")
    qtbot.keyClicks(dialog.disclosure.purpose_edit, "subpoena")
    assert dialog.release() == Release("court clerk", "subpoena", "no")
