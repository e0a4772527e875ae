"""Two optional lines asked with every summary export, for the export log's accounting of
disclosures: the recipient, by role, and the purpose."""

from __future__ import annotations

from PySide6.QtWidgets import QHBoxLayout, QLabel, QLineEdit, QWidget

RECIPIENT_LABEL = "Sent to (by r&ole)"
RECIPIENT_PLACEHOLDER = "Optional, a role rather than a name: e.g. peer group"
PURPOSE_LABEL = "Pur&pose"
PURPOSE_PLACEHOLDER = "Optional: e.g. treatment planning"


class DisclosureFields(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # One row, so the dialog keeps its height at large text sizes.
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.recipient = self._line(RECIPIENT_PLACEHOLDER, "Sent to, by role")
        self.purpose_edit = self._line(PURPOSE_PLACEHOLDER, "Purpose of this disclosure")
        for text, field in ((RECIPIENT_LABEL, self.recipient),
                            (PURPOSE_LABEL, self.purpose_edit)):
            label = QLabel(text)
            label.setBuddy(field)
            row.addWidget(label)
            row.addWidget(field, 1)

    @staticmethod
    def _line(placeholder: str, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(name)
        edit.setAccessibleDescription("Recorded in the encrypted export log with the file.")
        return edit

    def recipient_role(self) -> str:
        return " ".join(self.recipient.text().split())

    def purpose(self) -> str:
        return " ".join(self.purpose_edit.text().split())


__all__ = ["DisclosureFields"]
