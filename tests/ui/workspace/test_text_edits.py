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


def test_show_text_is_set_plain_text_that_leaves_the_same_text_in_place(qtbot: QtBot) -> None:
    """The next note's text in a kept edit: nothing of the last one's typing to undo, the
    cursor at the start; the same text is not set again (nothing is laid out anew)."""
    edit = SectionEdit(ClipboardGuard())
    qtbot.addWidget(edit)
    edit.show()
    qtbot.keyClicks(edit, "Typed in the last note.")
    assert edit.document().isUndoAvailable()
    changes: list[int] = []
    edit.textChanged.connect(lambda: changes.append(1))
    edit.show_text("Typed in the last note.")
    assert not changes  # left in place
    assert not edit.document().isUndoAvailable()
    assert edit.textCursor().position() == 0 and not edit.textCursor().hasSelection()
    edit.show_text(TEXT)
    assert edit.toPlainText() == TEXT and changes
    assert not edit.document().isUndoAvailable()


def test_a_section_asks_for_a_new_layout_only_when_its_height_changes(qtbot: QtBot) -> None:
    edit = SectionEdit(ClipboardGuard(), min_lines=2)
    qtbot.addWidget(edit)
    edit.resize(300, 100)
    edit.show()
    asked: list[int] = []
    real = edit.updateGeometry

    def counted() -> None:
        asked.append(1)
        real()

    edit.updateGeometry = counted  # type: ignore[method-assign]
    edit.setPlainText("One line.")
    qtbot.wait(10)
    asked.clear()
    edit.resize(320, 100)  # a wider document, of the same height
    qtbot.wait(10)
    assert edit.document().size().width() > 0
    assert not asked
    edit.setPlainText("\n".join([TEXT] * 12))
    qtbot.waitUntil(lambda: bool(asked))
