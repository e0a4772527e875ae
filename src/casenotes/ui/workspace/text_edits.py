"""Text editors for note content: plain text only, Tab moves focus, and copies are marked
secret for clipboard managers and noted by the clipboard guard, which clears them after 30
seconds or at lock (casenotes.ui.clipboard)."""

from __future__ import annotations

from typing import Protocol, cast

from PySide6.QtCore import QMimeData, QSize, QSizeF, Qt
from PySide6.QtGui import QTextCursor
from PySide6.QtWidgets import QPlainTextEdit, QSizePolicy, QTextBrowser, QTextEdit, QWidget

from casenotes.ui.clipboard import ClipboardGuard, mark_secret


class _HasSelection(Protocol):
    def createMimeDataFromSelection(self) -> QMimeData: ...


class GuardedCopies:
    """Mixin for a Qt text widget showing client text, listed before the widget's class:
    every copy is marked secret and noted by the guard (``self._guard``, set by the
    subclass's constructor)."""

    _guard: ClipboardGuard

    def createMimeDataFromSelection(self) -> QMimeData:
        # The widget's own copy, next in the method resolution order after this mixin.
        widget = cast(_HasSelection, super())
        mime = mark_secret(widget.createMimeDataFromSelection())
        self._guard.copied(mime.text())
        return mime


class SectionEdit(GuardedCopies, QTextEdit):
    """A note section that grows with its text (the note scrolls as a whole)."""

    def __init__(
        self, guard: ClipboardGuard, min_lines: int = 4, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._guard = guard
        self._min_lines = min_lines
        self.setAcceptRichText(False)
        self.setTabChangesFocus(True)
        self.setLineWrapMode(QTextEdit.LineWrapMode.WidgetWidth)
        self.setVerticalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Minimum)
        self._document_height = -1  # as last told to the layout
        layout = self.document().documentLayout()
        layout.documentSizeChanged.connect(self._document_resized)

    def _document_resized(self, size: QSizeF) -> None:
        # Only a new height changes the size hint: the same height asks the layouts around
        # (a whole note, or every prompt of the reflection) for nothing.
        height = int(size.height())
        if height != self._document_height:
            self._document_height = height
            self.updateGeometry()

    def show_text(self, text: str) -> None:
        """Show ``text`` as ``setPlainText`` would: the cursor at the start, nothing to undo.
        The same text again is left in place, so nothing around it is laid out anew."""
        if self.toPlainText() != text:
            self.setPlainText(text)
            return
        self.document().clearUndoRedoStacks()
        cursor = self.textCursor()
        if cursor.position() or cursor.hasSelection():
            cursor.movePosition(QTextCursor.MoveOperation.Start)
            self.setTextCursor(cursor)

    def _height_for(self, lines: int) -> int:
        fm = self.fontMetrics()
        doc_height = int(self.document().size().height()) if self.document() else 0
        frame = self.frameWidth() * 2
        margins = self.contentsMargins()
        margin = int(self.document().documentMargin()) * 2
        content = max(doc_height, fm.lineSpacing() * lines + margin)
        return content + frame + margins.top() + margins.bottom()

    def sizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 40, self._height_for(self._min_lines))

    def minimumSizeHint(self) -> QSize:
        return QSize(self.fontMetrics().averageCharWidth() * 12, self._height_for(self._min_lines))


class GuardedBrowser(GuardedCopies, QTextBrowser):
    """A read-only view of note text whose copies are noted too (history preview)."""

    def __init__(self, guard: ClipboardGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._guard = guard
        self.setOpenLinks(False)


class GuardedTextEdit(GuardedCopies, QTextEdit):
    """Any text edit showing client text whose copies the guard should know of."""

    def __init__(self, guard: ClipboardGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._guard = guard


class GuardedPlainTextEdit(GuardedCopies, QPlainTextEdit):
    """A plain-text edit (a summary's question, its edited text) with copies noted."""

    def __init__(self, guard: ClipboardGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._guard = guard
