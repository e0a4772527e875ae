"""Showing a search match in place: after a search result opens its note, the first match is
selected (the highlight) in the field that holds it, that field takes the focus and the note
scrolls to it. Sections come first, in the template's order; then the note as privacy mode
shows it; then the reflection panel, which is opened for a match found only there.

Matching follows the search: each word of the query starts a word of the text, ignoring case.
Uses only the note editor's public parts, so the editor needs no hook for it."""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

import shiboken6
from PySide6.QtCore import QRegularExpression, QTimer
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QLineEdit, QPlainTextEdit, QScrollArea, QTextEdit, QWidget

from casenotes.core.search.case_text import query_words

TextField = QTextEdit | QPlainTextEdit | QLineEdit


def match_pattern(query: str) -> QRegularExpression | None:
    """Any query word at the start of a word, case-insensitive; None for an empty query."""
    words = query_words(query)
    if not words:
        return None
    alternatives = "|".join(re.escape(word) for word in sorted(set(words), key=len, reverse=True))
    return QRegularExpression(
        rf"\b(?:{alternatives})\w*",
        QRegularExpression.PatternOption.CaseInsensitiveOption
        | QRegularExpression.PatternOption.UseUnicodePropertiesOption,
    )


def select_first_match(field: TextField, pattern: QRegularExpression) -> bool:
    """Select the first match in ``field`` and keep it in view; False when there is none."""
    if isinstance(field, QLineEdit):
        match = pattern.match(field.text())
        if not match.hasMatch():
            return False
        field.setFocus()
        field.setSelection(match.capturedStart(), match.capturedLength())
        _scroll_to(field, _cursor_y(field))
        return True
    cursor = field.document().find(pattern, QTextCursor())
    if cursor.isNull():
        return False
    field.setFocus()
    field.setTextCursor(cursor)
    field.ensureCursorVisible()
    _scroll_to(field, _cursor_y(field))
    return True


def _scroll_to(field: TextField, y: int) -> None:
    """The note scrolls as a whole: bring the match into the view of the scroll area around
    the field, with a couple of lines above and below; again once the event loop has run,
    as a note opened just now is not laid out yet."""
    _scroll_now(field, y)

    def again() -> None:
        if shiboken6.isValid(field):
            _scroll_now(field, _cursor_y(field))

    QTimer.singleShot(0, again)


def _cursor_y(field: TextField) -> int:
    if isinstance(field, QLineEdit):
        return field.rect().center().y()
    return field.cursorRect().center().y()


def _scroll_now(field: TextField, y: int) -> None:
    parent = field.parentWidget()
    while parent is not None and not isinstance(parent, QScrollArea):
        parent = parent.parentWidget()
    inner = parent.widget() if parent is not None else None
    if parent is None or inner is None:
        return
    viewport = field.viewport() if isinstance(field, QTextEdit | QPlainTextEdit) else field
    point = viewport.mapTo(inner, viewport.rect().topLeft())
    margin = field.fontMetrics().lineSpacing() * 2
    parent.ensureVisible(point.x(), point.y() + y, 0, margin)


def _visible(fields: Iterable[QWidget], root: QWidget) -> list[TextField]:
    return [
        f
        for f in fields
        if isinstance(f, QTextEdit | QPlainTextEdit | QLineEdit) and f.isVisibleTo(root)
    ]


def highlight_match(editor: Any, query: str) -> bool:
    """Select the first match of ``query`` in the open note of ``editor`` (a NoteEditor):
    its sections, its privacy view, then its reflection panel (shown if the match is only
    there). False when the note has no match on screen (e.g. it matched on a tag)."""
    pattern = match_pattern(query)
    if pattern is None:
        return False
    sections = [editor.section_edit(key) for key in editor.section_keys()]
    privacy_view = getattr(editor, "privacy_view", None)
    for field in _visible([*sections, *([privacy_view] if privacy_view else [])], editor):
        if select_first_match(field, pattern):
            return True
    panel = getattr(editor, "reflection_panel", None)
    if panel is None:
        return False
    was_shown = bool(editor.reflection_shown())
    if not was_shown:
        editor.set_reflection_shown(True)
    for field in _visible(panel.findChildren(QWidget), panel):
        if select_first_match(field, pattern):
            return True
    if not was_shown:
        editor.set_reflection_shown(False)  # nothing there after all: as it was
    return False
