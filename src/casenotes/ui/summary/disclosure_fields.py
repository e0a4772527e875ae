"""Two optional lines asked with every summary export, for the export log's accounting of
disclosures: the recipient, by role, and the purpose."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QButtonGroup,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QRadioButton,
    QWidget,
)

RECIPIENT_LABEL = "Sent to (by r&ole)"
RECIPIENT_PLACEHOLDER = "Optional, a role rather than a name: e.g. peer group"
PURPOSE_LABEL = "Pur&pose"
PURPOSE_PLACEHOLDER = "Optional: e.g. treatment planning"
NOT_GIVEN = "Not given"


class DisclosureFields(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        # One row, so the dialog keeps its height at large text sizes.
        row = QHBoxLayout(self)
        row.setContentsMargins(0, 0, 0, 0)
        self.recipient = self._line(RECIPIENT_PLACEHOLDER, "Sent to, by role")
        self.purpose_edit = self._line(PURPOSE_PLACEHOLDER, "Purpose of this disclosure")
        # Privacy mode: the lines can name someone, so masked copies show in their place
        # (the lines keep what was typed, for the export log).
        self.recipient_masked = self._masked("Sent to, by role (privacy mode)")
        self.purpose_masked = self._masked("Purpose of this disclosure (privacy mode)")
        for text, field, masked in (
            (RECIPIENT_LABEL, self.recipient, self.recipient_masked),
            (PURPOSE_LABEL, self.purpose_edit, self.purpose_masked),
        ):
            label = QLabel(text)
            label.setBuddy(field)
            row.addWidget(label)
            row.addWidget(field, 1)
            row.addWidget(masked, 1)

    @staticmethod
    def _line(placeholder: str, name: str) -> QLineEdit:
        edit = QLineEdit()
        edit.setPlaceholderText(placeholder)
        edit.setAccessibleName(name)
        edit.setAccessibleDescription("Recorded in the encrypted export log with the file.")
        return edit

    @staticmethod
    def _masked(name: str) -> QLabel:
        label = QLabel()
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setAccessibleName(name)
        label.hide()
        return label

    def set_mask(self, mask: Callable[[str], str] | None) -> None:
        """Show the lines masked with ``mask`` (privacy mode), or as typed (None)."""
        for field, shown in (
            (self.recipient, self.recipient_masked),
            (self.purpose_edit, self.purpose_masked),
        ):
            field.setVisible(mask is None)
            shown.setVisible(mask is not None)
            text = " ".join(field.text().split())
            shown.setText("" if mask is None else mask(text) if text else NOT_GIVEN)

    def recipient_shown(self) -> str:
        """What privacy mode shows of the recipient line ("" outside it)."""
        return self.recipient_masked.text()

    def recipient_role(self) -> str:
        return " ".join(self.recipient.text().split())

    def purpose(self) -> str:
        return " ".join(self.purpose_edit.text().split())


__all__ = ["DisclosureFields"]


CONSENT_CHOICES = (("yes", "&Yes"), ("no", "&No"), ("not_asked", "Not as&ked"))
CONSENT_DEFAULT = "not_asked"


def consent_row(
    question: str, owner: QWidget
) -> tuple[QHBoxLayout, QButtonGroup, dict[str, QRadioButton]]:
    """The question and its three answers on one row (for the accounting of disclosures):
    the layout, the exclusive group and the buttons by value, "not asked" chosen."""
    row = QHBoxLayout()
    label = QLabel(question)
    label.setWordWrap(True)
    row.addWidget(label, 1)
    group = QButtonGroup(owner)
    buttons: dict[str, QRadioButton] = {}
    for value, text in CONSENT_CHOICES:
        button = QRadioButton(text)
        button.setAccessibleName(f"{question} {text.replace('&', '')}")
        group.addButton(button)
        buttons[value] = button
        row.addWidget(button)
    buttons[CONSENT_DEFAULT].setChecked(True)
    return row, group, buttons
