"""Create or edit a case: code, name, client types, tags, status, pronouns, intake date,
identifiers, and for couples both partners. Opened with ``open()``; read ``case()`` after
``accepted``. The fields are in ``case_details_form`` and ``case_people_groups``; the dialog
checks the code and puts the case together."""

from __future__ import annotations

from dataclasses import replace

from PySide6.QtCore import Qt
from PySide6.QtGui import QGuiApplication
from PySide6.QtWidgets import QDialog, QDialogButtonBox, QScrollArea, QVBoxLayout, QWidget

from casenotes.core.domain import Case, ClientType, Member
from casenotes.ui.shared.widgets import Banner
from casenotes.ui.workspace.case_details_form import CaseDetailsForm
from casenotes.ui.workspace.case_people_groups import IdentifiersGroup, PartnersGroup


class CaseDialog(QDialog):
    def __init__(
        self, case: Case | None, existing_codes: set[str], parent: QWidget | None = None
    ) -> None:
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
        self.details = CaseDetailsForm(case)
        layout.addWidget(self.details)
        self.partners_group = PartnersGroup(case)
        layout.addWidget(self.partners_group)
        self.identifiers_group = IdentifiersGroup(case)
        layout.addWidget(self.identifiers_group)
        layout.addStretch(1)
        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setWidget(body)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        outer.addWidget(scroll, 1)

        self.buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        save = self.buttons.button(QDialogButtonBox.StandardButton.Save)
        save.setText("Create case" if case is None else "Save")
        save.setAccessibleName("Create case" if case is None else "Save case")
        self.buttons.accepted.connect(self._try_accept)
        self.buttons.rejected.connect(self.reject)
        outer.addWidget(self.buttons)
        self._name_parts()
        self.type_checks[ClientType.COUPLE].toggled.connect(self._update_partners)
        self._update_partners()
        self._size_to_screen()
        self.code_edit.setFocus()

    def _name_parts(self) -> None:
        """The fields by the names the workspace and the tests have always used."""
        details = self.details
        self.code_edit, self.name_edit = details.code_edit, details.name_edit
        self.code_warning = details.code_warning
        self.pronouns_edit, self.type_checks = details.pronouns_edit, details.type_checks
        self.tags_edit, self.status_combo = details.tags_edit, details.status_combo
        self.intake_check, self.intake_edit = details.intake_check, details.intake_edit
        self.birth_year_spin, self.concerns_edit = details.birth_year_spin, details.concerns_edit
        self.partner_names = self.partners_group.names
        self.partner_pronouns = self.partners_group.pronouns
        self.identifier_edits = self.identifiers_group.edits

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
            self._original and self._original.members
        )
        self.partners_group.setVisible(visible)

    # ---- result ----

    def problem(self) -> str:
        code = self.details.code()
        if not code:
            return "Give the case a code: it is how the case shows in privacy mode."
        if code.casefold() in self._existing:
            return (
                f"There is already a case with the code “{code}” (perhaps in the trash). "
                "Choose another code."
            )
        return ""

    def _try_accept(self) -> None:
        problem = self.problem()
        if problem:
            self.error_banner.show_message(problem)
            self.code_edit.setFocus()
            return
        self.accept()

    def case(self) -> Case:
        members: list[Member] = []
        if self.partners_group.isVisibleTo(self):
            members = self.partners_group.members()
        elif self._original is not None:
            members = list(self._original.members)
        fields = {
            **self.details.fields(),
            "identifiers": self.identifiers_group.identifiers(),
            "members": members,
        }
        if self._original is None:
            return Case(**fields)  # type: ignore[arg-type]
        return replace(self._original, **fields)  # type: ignore[arg-type]
