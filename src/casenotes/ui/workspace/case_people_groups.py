"""The case dialog's two groups about people: the partners of a couple, each as they'd like
to be named, and the identifiers that Casenotes takes out of anything exported. Forms only:
the dialog reads them."""

from __future__ import annotations

from PySide6.QtWidgets import QGridLayout, QGroupBox, QLabel, QLineEdit, QPlainTextEdit, QWidget

from casenotes.core.domain import IDENTIFIER_KINDS, Case, Identifiers, Member
from casenotes.ui.shared.common import IDENTIFIER_LABELS, split_list
from casenotes.ui.shared.widgets import muted_label

PARTNER_LABELS = ("Partner A", "Partner B")


class PartnersGroup(QGroupBox):
    def __init__(self, case: Case | None, parent: QWidget | None = None) -> None:
        super().__init__("Partners", parent)
        self.setAccessibleName("Partners")
        grid = QGridLayout(self)
        grid.addWidget(muted_label("Each partner as they'd like to be named."), 0, 0, 1, 3)
        grid.addWidget(QLabel("Name"), 1, 1)
        grid.addWidget(QLabel("Pronouns"), 1, 2)
        members = list(case.members) if case else []
        self.names: list[QLineEdit] = []
        self.pronouns: list[QLineEdit] = []
        for row, label in enumerate(PARTNER_LABELS, start=2):
            member = members[row - 2] if len(members) > row - 2 else Member(label)
            grid.addWidget(QLabel(member.label or label), row, 0)
            name = QLineEdit(member.name)
            name.setAccessibleName(f"{label} name")
            pronouns = QLineEdit(member.pronouns)
            pronouns.setAccessibleName(f"{label} pronouns")
            grid.addWidget(name, row, 1)
            grid.addWidget(pronouns, row, 2)
            self.names.append(name)
            self.pronouns.append(pronouns)
        grid.setColumnStretch(1, 2)
        grid.setColumnStretch(2, 1)
        # Members beyond the two shown here (from an import) are kept as they are.
        self.extra_members = members[len(PARTNER_LABELS) :]

    def members(self) -> list[Member]:
        entered = [
            Member(label, " ".join(name.text().split()), " ".join(pronouns.text().split()))
            for label, name, pronouns in zip(PARTNER_LABELS, self.names, self.pronouns, strict=True)
            if name.text().strip() or pronouns.text().strip()
        ]
        return entered + self.extra_members


class IdentifiersGroup(QGroupBox):
    def __init__(self, case: Case | None, parent: QWidget | None = None) -> None:
        super().__init__("Identifiers", parent)
        self.setAccessibleName("Identifiers")
        grid = QGridLayout(self)
        grid.addWidget(
            muted_label(
                "What could identify this client. Casenotes takes these out of anything you "
                "export. One per line."
            ),
            0,
            0,
            1,
            2,
        )
        values = case.identifiers.as_dict() if case else {}
        self.edits: dict[str, QPlainTextEdit] = {}
        for position, kind in enumerate(IDENTIFIER_KINDS):
            row, column = 1 + (position // 2) * 2, position % 2
            kind_label = QLabel(IDENTIFIER_LABELS.get(kind, kind))
            edit = QPlainTextEdit("\n".join(values.get(kind, [])))
            edit.setTabChangesFocus(True)
            edit.setAccessibleName(f"Identifiers: {IDENTIFIER_LABELS.get(kind, kind)}")
            edit.setMinimumHeight(edit.fontMetrics().lineSpacing() * 3 + 8)
            edit.setMaximumHeight(edit.fontMetrics().lineSpacing() * 5 + 8)
            kind_label.setBuddy(edit)
            grid.addWidget(kind_label, row, column)
            grid.addWidget(edit, row + 1, column)
            self.edits[kind] = edit

    def identifiers(self) -> Identifiers:
        return Identifiers.from_dict(
            {kind: split_list(edit.toPlainText(), "\n") for kind, edit in self.edits.items()}
        )
