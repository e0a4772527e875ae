"""Create or edit a case: code, name, client types, tags, status, pronouns, intake date,
identifiers, and for couples both partners. Opened with ``open()``; read ``case()`` after
``accepted``."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import QDate, Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import (
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QGroupBox,
    QHBoxLayout,
    QLabel,
    QLineEdit,
    QPlainTextEdit,
    QScrollArea,
    QSpinBox,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import (
    CLIENT_TYPE_LABELS,
    IDENTIFIER_KINDS,
    Case,
    CaseStatus,
    ClientType,
    Identifiers,
    Member,
)
from casenotes.ui.date_field import DateField
from casenotes.ui.shared.common import (
    IDENTIFIER_LABELS,
    STATUS_LABELS,
    from_qdate,
    split_list,
    to_qdate,
)
from casenotes.ui.shared.widgets import Banner, FlowWidget, muted_label

PARTNER_LABELS = ("Partner A", "Partner B")
BIRTH_YEAR_UNSET = 1900  # the spin box's lowest value stands for "not recorded"
CODE_MAX = 40


class CaseDialog(QDialog):
    def __init__(self, case: Case | None, existing_codes: set[str],
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._original = case
        self._existing = {c.casefold() for c in existing_codes}
        if case is not None:
            self._existing.discard(case.code.casefold())
        self.setWindowTitle("Edit case" if case else "New case")

        outer = QVBoxLayout(self)
        self.error_banner = Banner("warning", dismissable=False)
        outer.addWidget(self.error_banner)

        body = QWidget()
        layout = QVBoxLayout(body)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        form.setFieldGrowthPolicy(QFormLayout.FieldGrowthPolicy.AllNonFixedFieldsGrow)

        self.code_edit = QLineEdit(case.code if case else "")
        self.code_edit.setMaxLength(CODE_MAX)
        self.code_edit.setPlaceholderText("e.g. CPL-07")
        self.code_edit.setAccessibleName("Case code")
        self.code_edit.setAccessibleDescription(
            "A short code without names; it is all that shows in privacy mode.")
        form.addRow("&Code", self.code_edit)
        form.addRow("", muted_label(
            "A short code you'll recognise, without names: it is all that shows in "
            "privacy mode."))
        self.name_edit = QLineEdit(case.display_name if case else "")
        self.name_edit.setPlaceholderText("What you call them, e.g. a first name")
        self.name_edit.setAccessibleName("Display name")
        form.addRow("&Name", self.name_edit)
        self.pronouns_edit = QLineEdit(case.pronouns if case else "")
        self.pronouns_edit.setPlaceholderText("e.g. she/her, they/them")
        self.pronouns_edit.setAccessibleName("Pronouns")
        form.addRow("&Pronouns", self.pronouns_edit)

        types_box = FlowWidget()
        types_flow = types_box
        self.type_checks: dict[ClientType, QCheckBox] = {}
        for client_type, label in CLIENT_TYPE_LABELS.items():
            check = QCheckBox(label)
            check.setAccessibleName(f"Client type: {label}")
            check.setChecked(bool(case and client_type in case.client_types))
            types_flow.add(check)
            self.type_checks[client_type] = check
        types_label = QLabel("Client type")
        types_label.setToolTip("Choose any that fit; they can change later.")
        form.addRow(types_label, types_box)

        self.tags_edit = QLineEdit(", ".join(case.tags) if case else "")
        self.tags_edit.setPlaceholderText("Your own tags, separated by commas")
        self.tags_edit.setAccessibleName("Case tags")
        form.addRow("&Tags", self.tags_edit)

        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Status")
        for status, label in STATUS_LABELS.items():
            self.status_combo.addItem(label, status.value)
        if case:
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(case.status.value)))
        form.addRow("&Status", self.status_combo)

        intake_row = QWidget()
        intake_layout = QHBoxLayout(intake_row)
        intake_layout.setContentsMargins(0, 0, 0, 0)
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
        intake_layout.addWidget(self.intake_check)
        intake_layout.addWidget(self.intake_edit)
        intake_layout.addStretch(1)
        form.addRow("&Intake", intake_row)

        # A year, not a date of birth: a consultation summary shows only the decade of age.
        self.birth_year_spin = QSpinBox()
        self.birth_year_spin.setRange(BIRTH_YEAR_UNSET, QDate.currentDate().year())
        self.birth_year_spin.setSpecialValueText("Not recorded")
        self.birth_year_spin.setValue(case.birth_year if case and case.birth_year
                                      else BIRTH_YEAR_UNSET)
        self.birth_year_spin.setAccessibleName("Year of birth")
        self.birth_year_spin.setToolTip(
            "Only the decade of age appears in a consultation summary.")
        form.addRow("&Year of birth", self.birth_year_spin)
        self.concerns_edit = QPlainTextEdit(case.presenting_concerns if case else "")
        self.concerns_edit.setPlaceholderText("What the client came with, in a sentence or two")
        self.concerns_edit.setAccessibleName("Presenting concerns")
        self.concerns_edit.setTabChangesFocus(True)
        self.concerns_edit.setFixedHeight(self.concerns_edit.fontMetrics().lineSpacing() * 3 + 14)
        form.addRow("Presenting &concerns", self.concerns_edit)
        layout.addLayout(form)

        # -- partners, for couples --
        self.partners_group = QGroupBox("Partners")
        self.partners_group.setAccessibleName("Partners")
        pg = QGridLayout(self.partners_group)
        pg.addWidget(muted_label("Each partner as they'd like to be named."), 0, 0, 1, 3)
        pg.addWidget(QLabel("Name"), 1, 1)
        pg.addWidget(QLabel("Pronouns"), 1, 2)
        members = list(case.members) if case else []
        self.partner_names: list[QLineEdit] = []
        self.partner_pronouns: list[QLineEdit] = []
        for row, label in enumerate(PARTNER_LABELS, start=2):
            member = members[row - 2] if len(members) > row - 2 else Member(label)
            pg.addWidget(QLabel(member.label or label), row, 0)
            name = QLineEdit(member.name)
            name.setAccessibleName(f"{label} name")
            pronouns = QLineEdit(member.pronouns)
            pronouns.setAccessibleName(f"{label} pronouns")
            pg.addWidget(name, row, 1)
            pg.addWidget(pronouns, row, 2)
            self.partner_names.append(name)
            self.partner_pronouns.append(pronouns)
        pg.setColumnStretch(1, 2)
        pg.setColumnStretch(2, 1)
        self._extra_members = members[len(PARTNER_LABELS):]
        layout.addWidget(self.partners_group)
        self.type_checks[ClientType.COUPLE].toggled.connect(self._update_partners)

        # -- identifiers --
        ident = QGroupBox("Identifiers")
        ident.setAccessibleName("Identifiers")
        ig = QGridLayout(ident)
        ig.addWidget(muted_label(
            "What could identify this client. Casenotes takes these out of anything you "
            "export. One per line."), 0, 0, 1, 2)
        values = case.identifiers.as_dict() if case else {}
        self.identifier_edits: dict[str, QPlainTextEdit] = {}
        for position, kind in enumerate(IDENTIFIER_KINDS):
            row, column = 1 + (position // 2) * 2, position % 2
            kind_label = QLabel(IDENTIFIER_LABELS.get(kind, kind))
            edit = QPlainTextEdit("\n".join(values.get(kind, [])))
            edit.setTabChangesFocus(True)
            edit.setAccessibleName(f"Identifiers: {IDENTIFIER_LABELS.get(kind, kind)}")
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 3 + 8)
            edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 5 + 8)
            kind_label.setBuddy(edit)
            ig.addWidget(kind_label, row, column)
            ig.addWidget(edit, row + 1, column)
            self.identifier_edits[kind] = edit
        layout.addWidget(ident)
        layout.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll, 1)

        self.buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                        | QDialogButtonBox.StandardButton.Cancel)
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("Create case" if case is None else "Save")
        save.setAccessibleName("Create case" if case is None else "Save case")
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)

        self._update_partners()
        self._size_to_screen()
        self.code_edit.setFocus()

    def _size_to_screen(self) -> None:
        fm = self.fontMetrics()
        width, height = fm.averageCharWidth() * 90, fm.lineSpacing() * 44
        screen = self.screen() or QGuiApplication.primaryScreen()
        if screen is not None:
            available = screen.availableGeometry()
            width = min(width, int(available.width() * 0.9))
            height = min(height, int(available.height() * 0.9))
        self.resize(width, height)

    def _update_partners(self) -> None:
        visible = self.type_checks[ClientType.COUPLE].isChecked() or bool(
            self._original and self._original.members)
        self.partners_group.setVisible(visible)

    # ---- result ----

    def problem(self) -> str:
        code = " ".join(self.code_edit.text().split())
        if not code:
            return "Give the case a code: it is how the case shows in privacy mode."
        if code.casefold() in self._existing:
            return (f"There is already a case with the code “{code}” (perhaps in the trash). "
                    "Choose another code.")
        return ""

    def _try_accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error_banner.show_message(problem)
            self.code_edit.setFocus()
            return
        self.accept()

    def case(self) -> Case:
        code = " ".join(self.code_edit.text().split())
        types = [t for t, check in self.type_checks.items() if check.isChecked()]
        members: list[Member] = []
        if self.partners_group.isVisibleTo(self):
            for label, name, pronouns in zip(PARTNER_LABELS, self.partner_names,
                                             self.partner_pronouns, strict=True):
                if name.text().strip() or pronouns.text().strip():
                    members.append(Member(label, " ".join(name.text().split()),
                                          " ".join(pronouns.text().split())))
            members += self._extra_members
        elif self._original is not None:
            members = list(self._original.members)
        identifiers = Identifiers.from_dict({
            kind: split_list(edit.toPlainText(), "\n")
            for kind, edit in self.identifier_edits.items()})
        fields = {
            "code": code,
            "display_name": " ".join(self.name_edit.text().split()),
            "client_types": types,
            "tags": split_list(self.tags_edit.text()),
            "status": CaseStatus(self.status_combo.currentData()),
            "pronouns": " ".join(self.pronouns_edit.text().split()),
            "intake_date": from_qdate(self.intake_edit.date())
            if self.intake_check.isChecked() else None,
            "birth_year": None if self.birth_year_spin.value() == BIRTH_YEAR_UNSET
            else self.birth_year_spin.value(),
            "presenting_concerns": self.concerns_edit.toPlainText().strip(),
            "identifiers": identifiers,
            "members": members,
        }
        if self._original is None:
            return Case(**fields)  # type: ignore[arg-type]
        return replace(self._original, **fields)  # type: ignore[arg-type]
