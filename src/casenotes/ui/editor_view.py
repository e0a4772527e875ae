"""Where the practitioner was inside the open note when the window locked: which section had
the cursor, where the cursor was, and how far the note was scrolled. Kept in memory only
(positions, no text) and put back after the unlock, so writing goes on where it stopped.

Uses only the note editor's public parts (``note_id``, ``section_keys``, ``section_edit``,
``body_scroll``)."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import shiboken6
from PySide6.QtCore import Qt, QTimer
from PySide6.QtGui import QTextCursor


@dataclass(frozen=True, slots=True)
class EditorView:
    note_id: str
    section: str | None  # the section that had the cursor (None: none had the focus)
    cursor: int
    anchor: int  # a selection's other end (== cursor when nothing was selected)
    scroll: int  # the scroll bar's value
    offset: int | None  # the cursor's height in the view (the note may re-wrap after unlock)


def capture(editor: Any) -> EditorView | None:
    """The open note's cursor and scroll position, or None with no note open."""
    if editor is None or not editor.is_open():
        return None
    note_id = editor.note_id()
    if note_id is None:
        return None
    section, cursor, anchor, offset = None, 0, 0, None
    scroll = editor.body_scroll.verticalScrollBar().value()
    for key in editor.section_keys():
        edit = editor.section_edit(key)
        # The window's focus child, even while another window (a dialog) is active.
        if edit.window().focusWidget() is edit:
            text_cursor = edit.textCursor()
            section, cursor, anchor = key, text_cursor.position(), text_cursor.anchor()
            y = _cursor_y(editor, edit)
            offset = None if y is None else y - scroll
            break
    return EditorView(note_id, section, cursor, anchor, scroll, offset)


def _cursor_y(editor: Any, edit: Any) -> int | None:
    body = editor.body_scroll.widget()
    if body is None:
        return None
    return int(edit.viewport().mapTo(body, edit.cursorRect().topLeft()).y())


def restore(editor: Any, view: EditorView | None) -> bool:
    """Put the cursor and scroll back if the same note is open again; False otherwise. The
    scroll is set again once the event loop has run (the note is laid out only then)."""
    if view is None or editor is None or editor.note_id() != view.note_id:
        return False
    if view.section is not None and view.section in editor.section_keys():
        edit = editor.section_edit(view.section)
        length = len(edit.toPlainText())
        cursor = edit.textCursor()
        cursor.setPosition(min(view.anchor, length))
        cursor.setPosition(min(view.cursor, length), QTextCursor.MoveMode.KeepAnchor)
        edit.setTextCursor(cursor)
        edit.setFocus(Qt.FocusReason.OtherFocusReason)
    edit = editor.section_edit(view.section) if view.section in editor.section_keys() else None
    bar = editor.body_scroll.verticalScrollBar()

    def scroll() -> None:
        if not shiboken6.isValid(bar):
            return
        y = _cursor_y(editor, edit) if edit is not None and view.offset is not None else None
        bar.setValue(view.scroll if y is None else y - view.offset)  # type: ignore[operator]

    scroll()
    # The note is laid out over the next turns of the event loop: again once it is.
    for delay in (0, 150):
        QTimer.singleShot(delay, scroll)
    return True
