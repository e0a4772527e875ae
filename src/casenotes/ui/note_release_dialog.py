"""The small dialog before one note is exported as a PDF or printed from the note editor: to
whom (by role), why, and whether the client authorised the release, for the export log's
accounting of disclosures, as a case record asks. Layout and what was chosen only;
``record_export`` does the work."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QLabel, QLayout, QVBoxLayout, QWidget

from casenotes.core.record import Release
from casenotes.ui.record_dialog import CONSENT_QUESTION, fit_to_content
from casenotes.ui.shared.widgets import muted_label, title_html
from casenotes.ui.summary.disclosure_fields import DisclosureFields, consent_row

RELEASE_HINT = (
    "The note with its signature and addenda; process notes stay out. This release is noted "
    "in the encrypted export log with what you say below (all optional)."
)


class NoteReleaseDialog(QDialog):
    """``printing``: the button says Print…; otherwise Export PDF…."""

    def __init__(self, what: str, parent: QWidget | None = None, *, printing: bool = False) -> None:
        super().__init__(parent)
        self.setWindowTitle("Print this note" if printing else "Export this note as PDF")
        layout = QVBoxLayout(self)
        # Grows with the text size, never squeezes a row.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        title = QLabel(title_html(f"{'Print' if printing else 'Export'} {what}", ""))
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(muted_label(RELEASE_HINT))
        row, self.consent_group, self.consent_buttons = consent_row(CONSENT_QUESTION, self)
        layout.addLayout(row)
        self.disclosure = DisclosureFields()
        layout.addWidget(self.disclosure)
        self.buttons = QDialogButtonBox()
        self.accept_button = self.buttons.addButton(
            "Print…" if printing else "Export PDF…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)
        self.accept_button.setDefault(True)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        fit_to_content(self)

    def release(self) -> Release:
        consent = next(
            (value for value, button in self.consent_buttons.items() if button.isChecked()),
            "not_asked",
        )
        return Release(self.disclosure.recipient_role(), self.disclosure.purpose(), consent)
