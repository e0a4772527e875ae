"""casenotes.ui.workspace.match_highlight: the first match selected in the field holding it."""

from __future__ import annotations

from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QTextEdit
from pytestqt.qtbot import QtBot

from casenotes.ui.workspace.match_highlight import match_pattern, select_first_match


def test_the_pattern_matches_word_starts_of_any_query_word() -> None:
    pattern = match_pattern("boundar late")
    assert pattern is not None
    text = "Talked about a Boundary with a regular client; messages came too late."
    first = pattern.match(text)
    assert first.captured() == "Boundary"
    assert pattern.match("unboundaried").hasMatch() is False  # not inside a word
    assert match_pattern("  ?! ") is None


def test_the_first_match_is_selected_in_each_kind_of_field(qtbot: QtBot) -> None:
    pattern = match_pattern("heron")
    assert pattern is not None
    rich, plain, line = QTextEdit(), QPlainTextEdit(), QLineEdit()
    for widget in (rich, plain, line):
        qtbot.addWidget(widget)
    rich.setPlainText("A heron, and another heron.")
    plain.setPlainText("Line one\nthe Heron stood still")
    line.setText("grey heron")
    assert select_first_match(rich, pattern)
    cursor = rich.textCursor()
    assert (cursor.selectionStart(), cursor.selectedText()) == (2, "heron")
    assert select_first_match(plain, pattern)
    assert plain.textCursor().selectedText() == "Heron"
    assert select_first_match(line, pattern)
    assert line.selectedText() == "heron"


def test_no_match_changes_nothing(qtbot: QtBot) -> None:
    pattern = match_pattern("kingfisher")
    assert pattern is not None
    edit = QPlainTextEdit()
    qtbot.addWidget(edit)
    edit.setPlainText("Nothing about birds.")
    assert not select_first_match(edit, pattern)
    assert not edit.textCursor().hasSelection()
