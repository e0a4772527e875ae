"""casenotes.ui.workspace.text_edits: every text widget showing client text marks its copies
secret and tells the clipboard guard (one mixin, GuardedCopies), and section edits grow with
their text. All text is fictional."""

from __future__ import annotations

import pytest
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QTextEdit
from pytestqt.qtbot import QtBot

from casenotes.ui.clipboard import KDE_SECRET_HINT, ClipboardGuard
from casenotes.ui.workspace.text_edits import (
    GuardedBrowser,
    GuardedCopies,
    GuardedPlainTextEdit,
    GuardedTextEdit,
    SectionEdit,
)

TEXT = "Fictional: Quillon moved the Thursday session to the morning."


@pytest.mark.parametrize(
    "widget", [SectionEdit, GuardedBrowser, GuardedTextEdit, GuardedPlainTextEdit]
)
def test_every_copy_is_marked_secret_and_noted(qtbot: QtBot, widget: type[QTextEdit]) -> None:
    guard = ClipboardGuard()
    edit = widget(guard)
    assert isinstance(edit, GuardedCopies)
    qtbot.addWidget(edit)
    edit.setPlainText(TEXT)
    edit.selectAll()
    edit.copy()
    board = QGuiApplication.clipboard()
    assert board.text() == TEXT
    assert board.mimeData().hasFormat(KDE_SECRET_HINT)
    assert guard.owns_clipboard()
    assert guard.clear_if_ours()


def test_a_section_grows_with_its_text(qtbot: QtBot) -> None:
    edit = SectionEdit(ClipboardGuard(), min_lines=2)
    qtbot.addWidget(edit)
    edit.resize(300, 100)
    edit.show()
    empty = edit.sizeHint().height()
    edit.setPlainText("\n".join([TEXT] * 12))
    qtbot.waitUntil(lambda: edit.sizeHint().height() > empty)
