"""The note editor's session details: template, date, length, format and tags, in a row
that wraps at large text. A view only: the note editor reads and fills them."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from casenotes.core.domain import SESSION_FORMAT_LABELS, NoteTemplate
from casenotes.core.domain.templates import TEMPLATE_NAMES
from casenotes.ui.date_field import DateField
from casenotes.ui.shared.widgets import FlowWidget, labelled
from casenotes.ui.workspace.attendance_field import AttendanceField

TAGS_HINT = "Tags, separated by commas"
MAX_MINUTES = 600


class SessionDetails(FlowWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName("Template")
        for template in NoteTemplate:
            self.template_combo.addItem(TEMPLATE_NAMES.get(template, template.value),
                                        template.value)
        self.template_combo.setToolTip(
            "How the note is laid out: Free, SOAP, DAP, BIRP, GIRP, or intake, treatment "
            "plan and closing summary")
        self.date_edit = DateField()
        self.date_edit.setAccessibleName("Session date")
        self.duration_spin = QSpinBox()
        self.duration_spin.setRange(0, MAX_MINUTES)
        self.duration_spin.setSingleStep(5)
        self.duration_spin.setSuffix(" min")
        self.duration_spin.setAccessibleName("Session length in minutes")
        self.format_combo = QComboBox()
        self.format_combo.setAccessibleName("Session format")
        for session_format, label in SESSION_FORMAT_LABELS.items():
            self.format_combo.addItem(label, session_format.value)
        self.tags_edit = QLineEdit()
        self.tags_edit.setPlaceholderText(TAGS_HINT)
        self.tags_edit.setAccessibleName("Note tags")
        self.tags_edit.setMinimumWidth(self.tags_edit.fontMetrics().averageCharWidth() * 24)
        self.add(labelled("&Template", self.template_combo))
        self.add(labelled("&Date", self.date_edit))
        self.add(labelled("&Length", self.duration_spin))
        self.add(labelled("&Format", self.format_combo))
        self.attendance_field = AttendanceField()
        self.add(labelled("Who attended", self.attendance_field))
        self.tags_box = labelled("Ta&gs", self.tags_edit)
        self.add(self.tags_box)

    def set_signed(self, signed: bool) -> None:
        """A signed note's details read as text: nothing to open, step or type."""
        self.template_combo.setEnabled(not signed)
        self.format_combo.setEnabled(not signed)
        self.attendance_field.setEnabled(not signed)
        self.date_edit.setReadOnly(signed)
        self.duration_spin.setReadOnly(signed)
        self.duration_spin.setButtonSymbols(
            QSpinBox.ButtonSymbols.NoButtons if signed
            else QSpinBox.ButtonSymbols.UpDownArrows)
        self.tags_edit.setReadOnly(signed)
        self.tags_edit.setPlaceholderText("" if signed else TAGS_HINT)
