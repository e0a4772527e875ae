"""A page step whose Enter key means its primary button (as a dialog's default button does)."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QHBoxLayout, QPushButton, QWidget


class Step(QWidget):
    """A page of the setup or unlock screens. Enter pressed in a field (which QLineEdit
    passes on) clicks the primary button, if it is enabled; a focused button keeps its own
    Enter."""

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.primary: QPushButton | None = None

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.primary is not None:
            if self.primary.isEnabled() and self.primary.isVisible():
                self.primary.click()
            event.accept()
            return
        super().keyPressEvent(event)


def button(text: str, *, primary: bool = False, accessible: str | None = None) -> QPushButton:
    widget = QPushButton(text)
    widget.setAutoDefault(True)  # Enter on a focused button presses it
    widget.setDefault(primary)
    widget.setMinimumHeight(30)
    widget.setAccessibleName(accessible or text.replace("&", "").rstrip("…").strip())
    return widget


def button_row(*left: QPushButton, right: tuple[QPushButton, ...] = ()) -> QHBoxLayout:
    row = QHBoxLayout()
    row.setContentsMargins(0, 12, 0, 0)
    for widget in left:
        row.addWidget(widget)
    row.addStretch(1)
    for widget in right:
        row.addWidget(widget)
    return row
