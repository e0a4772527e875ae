"""casenotes.ui.workspace.code_warning: a gentle note while a case code reads like a name."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QVBoxLayout, QWidget
from pytestqt.qtbot import QtBot

from casenotes.ui.workspace.case_dialog import CaseDialog
from casenotes.ui.workspace.code_warning import NAME_LIKE_CODE, name_warning


def test_the_note_follows_the_code_as_typed(qtbot: QtBot) -> None:
    box = QWidget()
    qtbot.addWidget(box)
    edit = QLineEdit()
    label = name_warning(edit)
    layout = QVBoxLayout(box)
    layout.addWidget(edit)
    layout.addWidget(label)
    box.show()
    assert not label.isVisible()
    qtbot.keyClicks(edit, "Maria Lopez")
    assert label.isVisible() and label.text() == NAME_LIKE_CODE
    edit.clear()
    qtbot.keyClicks(edit, "CPL-07")
    assert not label.isVisible()


def test_the_case_dialog_warns_but_still_accepts(qtbot: QtBot) -> None:
    dialog = CaseDialog(None, set())
    qtbot.addWidget(dialog)
    dialog.show()
    qtbot.keyClicks(dialog.code_edit, "Maria Lopez")
    assert dialog.code_warning.isVisible()
    assert dialog.problem() == ""  # a note, not a refusal
