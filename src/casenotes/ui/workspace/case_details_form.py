"""The case dialog's details: code, name, pronouns, client types, tags, status, intake date,
year of birth and presenting concerns. A form only: the dialog reads it."""

from __future__ import annotations

from datetime import date

from PySide6.QtCore import QDate
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QFormLayout,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QSpinBox,
    QWidget,
)

from casenotes.core.domain import CLIENT_TYPE_LABELS, Case, CaseStatus, ClientType
from casenotes.ui.date_field import DateField
from casenotes.ui.shared.common import STATUS_LABELS, from_qdate, split_list, to_qdate
from casenotes.ui.shared.widgets import FlowWidget, muted_label
from casenotes.ui.workspace.code_warning import name_warning

BIRTH_YEAR_UNSET = 1900  # the spin box's lowest value stands for "not recorded"
CODE_MAX = 40
CODE_HELP = "A short code you'll recognise, without names: it is all that shows in privacy mode."


class CaseDetailsForm(QWidget):
    def __init__(self, case: Case | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.form = QFormLayout(self)
        self.form.setContentsMargins(0, 0, 0, 0)
        self.form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)
        self._add_names(case)
        self._add_types(case)
        self.tags_edit = QLineEdit(", ".join(case.tags) if case else "")
        self.tags_edit.setPlaceholderText("Your own tags, separated by commas")
        self.tags_edit.setAccessibleName("Case tags")
        self.form.addRow("&Tags", self.tags_edit)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status")
        for status, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, status.value)
        if case:
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(case.status.value)))
        self.form.addRow("&Status", self.status_combo)
        self._add_intake(case)
        self._add_history(case)

    def _add_names(self, case: Case | None) -> None:
        self.code_edit = QLineEdit(case.code if case else "")
        self.code_edit.setMaxLength(CODE_MAX)
        self.code_edit.setPlaceholderText("e.g. CPL-07")
        self.code_edit.setAccessibleName("Case code")
        self.code_edit.setAccessibleDescription(
            "A short code without names; it is all that shows in privacy mode."
        )
        self.form.addRow("&Code", self.code_edit)
        self.code_warning = name_warning(self.code_edit)
        self.form.addRow("", self.code_warning)
        self.form.addRow("", muted_label(CODE_HELP))
        self.name_edit = QLineEdit(case.display_name if case else "")
        self.name_edit.setPlaceholderText("What you call them, e.g. a first name")
        self.name_edit.setAccessibleName("Display name")
        self.form.addRow("&Name", self.name_edit)
        self.pronouns_edit = QLineEdit(case.pronouns if case else "")
        self.pronouns_edit.setPlaceholderText("e.g. she/her, they/them")
        self.pronouns_edit.setAccessibleName("Pronouns")
        self.form.addRow("&Pronouns", self.pronouns_edit)

    def _add_types(self, case: Case | None) -> None:
        types_box = FlowWidget()
        self.type_checks: dict[ClientType, QCheckBox] = {}
        for client_type, label in CLIENT_TYPE_LABELS.items():
            check = QCheckBox(label)
            check.setAccessibleName(f"Client type: {label}")
            check.setChecked(bool(case and client_type in case.client_types))
            types_box.add(check)
            self.type_checks[client_type] = check
        types_label = QLabel("Client type")
        types_label.setToolTip("Choose any that fit; they can change later.")
        self.form.addRow(types_label, types_box)

    def _add_intake(self, case: Case | None) -> None:
        row = QWidget()
        layout = QHBoxLayout(row)
        layout.setContentsMargins(0, 0, 0, 0)
        self.intake_check = QCheckBox("Known")
        self.intake_check.setAccessibleName("Intake date is known")
        self.intake_edit = DateField()
        self.intake_edit.setAccessibleName("Intake date")
        if case and case.intake_date:
            self.intake_check.setChecked(True)
            self.intake_edit.setDate(to_qdate(case.intake_date))
        else:
            self.intake_check.setChecked(case is None)
            self.intake_edit.setDate(QDate.currentDate())
        self.intake_edit.setEnabled(self.intake_check.isChecked())
        self.intake_check.toggled.connect(self.intake_edit.setEnabled)
        layout.addWidget(self.intake_check)
        layout.addWidget(self.intake_edit)
        layout.addStretch(1)
        self.form.addRow("&Intake", row)

    def _add_history(self, case: Case | None) -> None:
        # A year, not a date of birth: a consultation summary shows only the decade of age.
        self.birth_year_spin = QSpinBox()
        self.birth_year_spin.setRange(BIRTH_YEAR_UNSET, QDate.currentDate().year())
        self.birth_year_spin.setSpecialValueText("Not recorded")
        self.birth_year_spin.setValue(
            case.birth_year if case and case.birth_year else BIRTH_YEAR_UNSET
        )
        self.birth_year_spin.setAccessibleName("Year of birth")
        self.birth_year_spin.setToolTip("Only the decade of age appears in a consultation summary.")
        self.form.addRow("&Year of birth", self.birth_year_spin)
        self.concerns_edit = QPlainTextEdit(case.presenting_concerns if case else "")
        self.concerns_edit.setPlaceholderText("What the client came with, in a sentence or two")
        self.concerns_edit.setAccessibleName("Presenting concerns")
        self.concerns_edit.setTabChangesFocus(True)
        self.concerns_edit.setFixedHeight(self.concerns_edit.fontMetrics().lineSpacing() * 3 + 14)
        self.form.addRow("Presenting &concerns", self.concerns_edit)

    # ---- what was entered ----

    def code(self) -> str:
        return " ".join(self.code_edit.text().split())

    def fields(self) -> dict[str, object]:
        """The case's fields as entered, by the Case's own names."""
        intake: date | None = (
            from_qdate(self.intake_edit.date()) if self.intake_check.isChecked() else None
        )
        year = self.birth_year_spin.value()
        return {
            "code": self.code(),
            "display_name": " ".join(self.name_edit.text().split()),
            "client_types": [t for t, check in self.type_checks.items() if check.isChecked()],
            "tags": split_list(self.tags_edit.text()),
            "status": CaseStatus(self.status_combo.currentData()),
            "pronouns": " ".join(self.pronouns_edit.text().split()),
            "intake_date": intake,
            "birth_year": None if year == BIRTH_YEAR_UNSET else year,
            "presenting_concerns": self.concerns_edit.toPlainText().strip(),
        }
