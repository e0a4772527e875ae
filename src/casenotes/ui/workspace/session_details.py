"""The note editor's session details: kind, template, date, length, format and tags, in a
row that wraps at large text. A view only: the note editor reads and fills them."""

from __future__ import annotations

from PySide6.QtWidgets import QComboBox, QLineEdit, QSpinBox, QWidget

from casenotes.core.domain import (
    CHANNEL_LABELS,
    SESSION_FORMAT_LABELS,
    ContactChannel,
    NoteKind,
    NoteTemplate,
)
from casenotes.core.domain.templates import TEMPLATE_NAMES
from casenotes.ui.date_field import DateField
from casenotes.ui.shared.common import set_read_only
from casenotes.ui.shared.widgets import FlowWidget, labelled
from casenotes.ui.workspace.attendance_field import AttendanceField

TAGS_HINT = "Tags, separated by commas"
MAX_MINUTES = 600
KIND_NAMES: dict[NoteKind, str] = {
    NoteKind.SESSION: "Session",
    NoteKind.CONSULTATION: "Consultation record",
    NoteKind.CONTACT: "Contact",
}
KIND_HELP = (
    "What this note records: a session, a consultation record or a contact (a phone call, "
    "email or letter). A draft's kind can change; a signed note's cannot (add an addendum)."
)


class SessionDetails(FlowWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.kind_combo = QComboBox()
        self.kind_combo.setAccessibleName("Kind of note")
        for kind, name in KIND_NAMES.items():
            self.kind_combo.addItem(name, kind.value)
        self.kind_combo.setToolTip(KIND_HELP)
        self.template_combo = QComboBox()
        self.template_combo.setAccessibleName("Template")
        for template in NoteTemplate:
            self.template_combo.addItem(
                TEMPLATE_NAMES.get(template, template.value), template.value
            )
        self.template_combo.setToolTip(
            "How the note is laid out: Free, SOAP, DAP, BIRP, GIRP, or intake, treatment "
            "plan and closing summary"
        )
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
        self.add(labelled("&Kind", self.kind_combo))
        self.add(labelled("&Template", self.template_combo))
        self.add(labelled("&Date", self.date_edit))
        self.attendance_field = AttendanceField()
        # What only a session has: hidden for a consultation record or a contact.
        self._session_boxes = (
            labelled("&Length", self.duration_spin),
            labelled("&Format", self.format_combo),
            labelled("Who attended", self.attendance_field),
        )
        for box in self._session_boxes:
            self.add(box)
        self.tags_box = labelled("Ta&gs", self.tags_edit)
        self.add(self.tags_box)
        # A contact's channel and a consultation's summary sent: shown for those notes only.
        self.channel_combo = QComboBox()
        self.channel_combo.setAccessibleName("Contact by")
        for channel, label in CHANNEL_LABELS.items():
            self.channel_combo.addItem(label, channel.value)
        self.channel_box = labelled("&Contact by", self.channel_combo)
        self.add(self.channel_box)
        self.summary_combo = QComboBox()
        self.summary_combo.setAccessibleName("Summary sent")
        self.summary_combo.setToolTip(
            "The export-log entry of the summary this consultation was about, if one was sent"
        )
        self.summary_box = labelled("Summary &sent", self.summary_combo)
        self.add(self.summary_box)
        self.show_kind(NoteKind.SESSION)

    def show_kind(self, kind: NoteKind) -> None:
        """Session details for a session; the channel for a contact; the summary sent for a
        consultation record (neither has a length, format or attendance)."""
        session = kind is NoteKind.SESSION
        for box in self._session_boxes:
            box.setVisible(session)
        self.channel_box.setVisible(kind is NoteKind.CONTACT)
        self.summary_box.setVisible(kind is NoteKind.CONSULTATION)

    def set_kind(self, kind: NoteKind) -> None:
        self.kind_combo.setCurrentIndex(max(0, self.kind_combo.findData(kind.value)))
        self.show_kind(kind)

    def kind(self) -> NoteKind:
        return NoteKind(self.kind_combo.currentData())

    def set_summaries(self, choices: list[tuple[str, str]], chosen: str | None) -> None:
        """``choices``: (export-log entry id, how it reads); "None" comes first."""
        self.summary_combo.clear()
        self.summary_combo.addItem("None", "")
        for entry_id, text in choices:
            self.summary_combo.addItem(text, entry_id)
        self.summary_combo.setCurrentIndex(max(0, self.summary_combo.findData(chosen or "")))

    def set_channel(self, channel: ContactChannel | None) -> None:
        value = (channel or ContactChannel.PHONE).value
        self.channel_combo.setCurrentIndex(max(0, self.channel_combo.findData(value)))

    def channel(self) -> ContactChannel:
        return ContactChannel(self.channel_combo.currentData())

    def summary_id(self) -> str | None:
        return str(self.summary_combo.currentData() or "") or None

    def set_signed(self, signed: bool) -> None:
        """A signed note's details read as text: nothing to open, step or type."""
        self.kind_combo.setEnabled(not signed)
        self.template_combo.setEnabled(not signed)
        self.format_combo.setEnabled(not signed)
        self.attendance_field.setEnabled(not signed)
        set_read_only(self.date_edit, signed)
        set_read_only(self.duration_spin, signed)
        symbols = (
            QSpinBox.ButtonSymbols.NoButtons if signed else QSpinBox.ButtonSymbols.UpDownArrows
        )
        if self.duration_spin.buttonSymbols() != symbols:  # each call lays the box out anew
            self.duration_spin.setButtonSymbols(symbols)
        self.channel_combo.setEnabled(not signed)
        self.summary_combo.setEnabled(not signed)
        set_read_only(self.tags_edit, signed)
        self.tags_edit.setPlaceholderText("" if signed else TAGS_HINT)
