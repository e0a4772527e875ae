"""The summary dialogs hold decrypted text: once one closes, results of work still under
way are ignored and ``forget`` drops what it holds (the Python object can outlive its
window: a reference kept elsewhere, a deferred delete)."""

from __future__ import annotations

from PySide6.QtGui import QCloseEvent
from PySide6.QtWidgets import QDialog, QWidget


class ForgetfulDialog(QDialog):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._closing = False
        self.finished.connect(self.forget)

    def done(self, result: int) -> None:
        self._closing = True
        super().done(result)

    def closeEvent(self, event: QCloseEvent) -> None:
        self._closing = True
        super().closeEvent(event)

    def forget(self) -> None:
        """Subclasses drop their data too, after calling this."""
        self._closing = True
