"""The clinical-record rows of the Settings dialog: the clinician profile (shown on
signatures and records, and stored with each note when it is signed) and how many years
records are kept after the last contact."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from PySide6.QtWidgets import QFormLayout, QLineEdit, QSpinBox, QWidget

from casenotes.core.domain import Settings

MIN_YEARS, MAX_YEARS = 1, 100
# How the Settings dialog adds a labelled row: (form, label text, field, text after).
AddRow = Callable[[QFormLayout, str, QWidget, str], None]


class RecordSettingsFields:
    """The fields, added to the dialog's form by ``add_row``; ``values()`` gives the
    Settings keys they edit."""

    def __init__(self, form: QFormLayout, settings: Settings, add_row: AddRow) -> None:
        self.name = self._line(
            settings.clinician_name, "Your name, as it appears on signatures and records"
        )
        self.credentials = self._line(
            settings.clinician_credentials, "Your credentials, for example MA, LMFT"
        )
        self.licence = self._line(settings.clinician_licence, "Your licence number")
        self.retention = QSpinBox()
        self.retention.setRange(MIN_YEARS, MAX_YEARS)
        self.retention.setValue(min(max(settings.retention_years, MIN_YEARS), MAX_YEARS))
        self.retention.setSuffix(" years")
        self.retention.setAccessibleName("Keep records for this many years after the last contact")
        self.retention.setToolTip(
            "Each case's retention date is its last contact plus this many years. Deleting a "
            "case, a signed note or a goal before that date asks for a reason, and the "
            "deletion is written to an encrypted log (what and why, never the content)."
        )
        add_row(form, "Your &name", self.name, "")
        add_row(form, "Cre&dentials", self.credentials, "")
        add_row(form, "Licence n&umber", self.licence, "")
        add_row(form, "&Keep records for", self.retention, "after the last contact")

    @staticmethod
    def _line(text: str, name: str) -> QLineEdit:
        edit = QLineEdit(text)
        edit.setAccessibleName(name)
        edit.setMinimumWidth(edit.fontMetrics().averageCharWidth() * 28)
        return edit

    def values(self) -> dict[str, Any]:
        return {
            "clinician_name": self.name.text().strip(),
            "clinician_credentials": self.credentials.text().strip(),
            "clinician_licence": self.licence.text().strip(),
            "retention_years": self.retention.value(),
        }


__all__ = ["RecordSettingsFields"]
