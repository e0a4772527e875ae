"""The note editor's header: its buttons and the save status a screen reader hears."""

from __future__ import annotations

from pytestqt.qtbot import QtBot

from casenotes.ui.workspace.note_header import REFLECTION_SHORTCUT, NoteHeader


def test_buttons_and_save_status(qtbot: QtBot) -> None:
    header = NoteHeader(reflection_shown=True)
    qtbot.addWidget(header)
    assert header.reflection_button.isChecked()
    assert REFLECTION_SHORTCUT in header.reflection_button.toolTip()
    for button in (
        header.history_button,
        header.sign_button,
        header.close_button,
        header.reflection_button,
    ):
        assert button.accessibleName()
    header.set_saved_text("Saved 10:04")
    assert header.saved_label.text() == "Saved 10:04"
    assert header.saved_label.accessibleDescription() == "Saved 10:04"
    assert not NoteHeader(reflection_shown=False).reflection_button.isChecked()
