"""Text widgets of the summary dialogs whose copies are noted by a clipboard guard, so the
main window can take summary or note text off the clipboard when it locks."""

from __future__ import annotations

from PySide6.QtCore import QMimeData
from PySide6.QtWidgets import QPlainTextEdit, QTextEdit, QWidget

from casenotes.ui.workspace._common import ClipboardGuard


class GuardedTextEdit(QTextEdit):
    def __init__(self, guard: ClipboardGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._guard = guard

    def createMimeDataFromSelection(self) -> QMimeData:
        mime = super().createMimeDataFromSelection()
        self._guard.copied(mime.text())
        return mime


class GuardedPlainTextEdit(QPlainTextEdit):
    def __init__(self, guard: ClipboardGuard, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._guard = guard

    def createMimeDataFromSelection(self) -> QMimeData:
        mime = super().createMimeDataFromSelection()
        self._guard.copied(mime.text())
        return mime
