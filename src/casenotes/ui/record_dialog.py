"""The small dialog before a case record is exported or printed: which sessions, drafts or
not, process notes or not (with what that means), and for an export the format. Layout and
what was chosen only; ``record_export`` does the work."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import Qt
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QGridLayout,
    QLabel,
    QLayout,
    QRadioButton,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.record import RecordOptions, Release
from casenotes.ui.date_field import DateField
from casenotes.ui.shared.common import from_qdate, to_qdate
from casenotes.ui.shared.widgets import Banner, muted_label, title_html
from casenotes.ui.summary.disclosure_fields import DisclosureFields, consent_row

FORMATS: tuple[tuple[str, str], ...] = (("pdf", "PDF"), ("md", "Markdown (text)"))
PROCESS_NOTES_WARNING = (
    "Process notes are your own reflections on the work, kept apart from the record. They "
    "are usually not released with a record; the record will say they are included."
)
CONSENT_QUESTION = "Did the client authorise this release?"
DRAFTS_HINT = "Unsigned drafts are left out unless you tick this; each one is marked DRAFT."


def fit_to_content(dialog: QDialog) -> None:
    """As large as the content asks, up to the screen: ``adjustSize`` stops at two thirds of
    the screen's height, which squeezes the rows at 200% text."""
    layout = dialog.layout()
    if layout is not None:
        layout.activate()
    hint = dialog.sizeHint()
    screen = dialog.screen()
    available = screen.availableGeometry() if screen is not None else None
    width, height = max(dialog.width(), hint.width()), hint.height()
    if available is not None:
        width, height = min(width, available.width()), min(height, available.height())
    dialog.resize(width, height)


class RecordDialog(QDialog):
    """``printing``: the button says Print… and there is no format to choose."""

    def __init__(
        self,
        code: str,
        sessions: int,
        first: date | None,
        last: date | None,
        parent: QWidget | None = None,
        *,
        printing: bool = False,
    ) -> None:
        super().__init__(parent)
        self.printing = printing
        self.setWindowTitle("Print case record" if printing else "Export case record")
        layout = QVBoxLayout(self)
        # Grows with the warning and with the text size, never squeezes a row.
        layout.setSizeConstraint(QLayout.SizeConstraint.SetMinimumSize)
        self.setMinimumWidth(self.fontMetrics().averageCharWidth() * 64)
        title = QLabel(
            title_html(
                f"{'Print' if printing else 'Export'} the record of {code}",
                f"{sessions} session{'s' if sessions != 1 else ''}",
            )
        )
        title.setTextFormat(Qt.TextFormat.RichText)
        title.setWordWrap(True)
        layout.addWidget(title)
        layout.addWidget(
            muted_label(
                "Signed notes in date order, each with its signature and addenda, the case's "
                "goals with their history, and the accounting of disclosures. A cover page says "
                "what is included. This release is noted in the export log with what you say "
                "below."
            )
        )

        layout.addLayout(self._range_rows(sessions, first, last))
        self._add_choices(layout, printing)
        self._add_release(layout)
        self.buttons = QDialogButtonBox()
        self.accept_button = self.buttons.addButton(
            "Print…" if printing else "Export…", QDialogButtonBox.ButtonRole.AcceptRole
        )
        self.buttons.addButton(QDialogButtonBox.StandardButton.Cancel)
        self.buttons.accepted.connect(self.accept)
        self.buttons.rejected.connect(self.reject)
        layout.addWidget(self.buttons)

        self.process_notes.toggled.connect(self._show_warning)
        self.range_group.buttonToggled.connect(self._range_changed)
        self._range_changed()
        self.accept_button.setDefault(True)

    def _range_rows(self, sessions: int, first: date | None, last: date | None) -> QGridLayout:
        """All sessions, a numbered range or a date range, each with its fields."""
        grid = QGridLayout()
        self.range_group = QButtonGroup(self)
        self.all_sessions = QRadioButton("&All sessions")
        self.by_number = QRadioButton("Sessions n&umbered")
        self.by_date = QRadioButton("Sessions &dated")
        for button in (self.all_sessions, self.by_number, self.by_date):
            self.range_group.addButton(button)
        self.all_sessions.setChecked(True)
        top = max(sessions, 1)
        self.first_number = QSpinBox()
        self.first_number.setRange(1, top)
        self.first_number.setAccessibleName("First session number")
        self.last_number = QSpinBox()
        self.last_number.setRange(1, top)
        self.last_number.setValue(top)
        self.last_number.setAccessibleName("Last session number")
        self.from_date = DateField()
        self.to_date = DateField()
        for edit, value, name in (
            (self.from_date, first, "From date"),
            (self.to_date, last, "To date"),
        ):
            edit.setAccessibleName(name)
            if value is not None:
                edit.setDate(to_qdate(value))
        grid.addWidget(self.all_sessions, 0, 0, 1, 4)
        grid.addWidget(self.by_number, 1, 0)
        grid.addWidget(self.first_number, 1, 1)
        grid.addWidget(QLabel("to"), 1, 2)
        grid.addWidget(self.last_number, 1, 3)
        grid.addWidget(self.by_date, 2, 0)
        grid.addWidget(self.from_date, 2, 1)
        grid.addWidget(QLabel("to"), 2, 2)
        grid.addWidget(self.to_date, 2, 3)
        grid.setColumnStretch(4, 1)
        return grid

    def _add_choices(self, layout: QVBoxLayout, printing: bool) -> None:
        """Drafts, process notes (and their warning), and for an export the format."""
        self.drafts = QCheckBox("Include unsigned d&rafts (marked DRAFT)")
        self.drafts.setToolTip(DRAFTS_HINT)
        layout.addWidget(self.drafts)
        self.process_notes = QCheckBox("Include pro&cess notes")
        layout.addWidget(self.process_notes)
        self.process_warning = Banner("warning", dismissable=False)
        self.process_warning.setAccessibleName("About process notes")
        self.process_warning.label.setText(PROCESS_NOTES_WARNING)
        self.process_warning.setVisible(False)
        layout.addWidget(self.process_warning)

        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName("Format")
        for key, label in FORMATS:
            self.format_combo.addItem(label, key)
        self.format_label = QLabel("&Format:")
        self.format_label.setBuddy(self.format_combo)
        row = QGridLayout()
        row.addWidget(self.format_label, 0, 0)
        row.addWidget(self.format_combo, 0, 1)
        row.setColumnStretch(2, 1)
        layout.addLayout(row)
        self.format_label.setVisible(not printing)
        self.format_combo.setVisible(not printing)

    def _add_release(self, layout: QVBoxLayout) -> None:
        """For the accounting of disclosures (the export log): to whom, why, and whether
        the client authorised the release. All optional."""
        row, self.consent_group, self.consent_buttons = consent_row(CONSENT_QUESTION, self)
        layout.addLayout(row)
        self.disclosure = DisclosureFields()
        layout.addWidget(self.disclosure)

    def release(self) -> Release:
        consent = next(
            (value for value, button in self.consent_buttons.items() if button.isChecked()),
            "not_asked",
        )
        return Release(self.disclosure.recipient_role(), self.disclosure.purpose(), consent)

    def _show_warning(self, shown: bool) -> None:
        self.process_warning.setVisible(shown)
        self.fit()

    def fit(self) -> None:
        fit_to_content(self)

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.fit()

    def _range_changed(self, *_args: object) -> None:
        numbered, dated = self.by_number.isChecked(), self.by_date.isChecked()
        self.first_number.setEnabled(numbered)
        self.last_number.setEnabled(numbered)
        self.from_date.setEnabled(dated)
        self.to_date.setEnabled(dated)

    def options(self) -> RecordOptions:
        first = last = None
        start = end = None
        if self.by_number.isChecked():
            first, last = self.first_number.value(), self.last_number.value()
        elif self.by_date.isChecked():
            start, end = from_qdate(self.from_date.date()), from_qdate(self.to_date.date())
        return RecordOptions(
            first_session=first,
            last_session=last,
            from_date=start,
            to_date=end,
            include_drafts=self.drafts.isChecked(),
            include_process_notes=self.process_notes.isChecked(),
        )

    def format(self) -> str:
        return str(self.format_combo.currentData())
