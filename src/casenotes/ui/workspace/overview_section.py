"""The case view's "Overview" tab: pronouns, intake and year of birth, the presenting
concerns, the partners of a couple, and the identifiers (folded away until asked for). In
privacy mode it shows only what may be on a shared screen. A view only; it scrolls as a
whole when the tab is shorter than it."""

from __future__ import annotations

from PySide6.QtCore import Qt
from PySide6.QtWidgets import (
    QGridLayout,
    QLabel,
    QScrollArea,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.deid.labels import partner_label
from casenotes.core.domain import Case, ClientType
from casenotes.ui.shared.arrow_toggle import ArrowToggle
from casenotes.ui.shared.common import IDENTIFIER_LABELS, format_date
from casenotes.ui.shared.widgets import esc, heading, muted_label

PRIVACY_NOTE = (
    "Privacy mode: names and other known details show as labels such as [Client] "
    "while you share your screen."
)
CONCERNS_PREFIX = "Presenting concerns: "
# Selectable, by keyboard too: a search match is selected in place (see case_match).
SELECTABLE = (
    Qt.TextInteractionFlag.TextSelectableByMouse | Qt.TextInteractionFlag.TextSelectableByKeyboard
)
NO_IDENTIFIERS = (
    "<i>None recorded. Adding names, handles, places and the like lets "
    "Casenotes take them out of anything you export.</i>"
)


class OverviewSection(QScrollArea):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._private = False
        self.setWidgetResizable(True)
        self.setFrameShape(QScrollArea.Shape.NoFrame)
        self.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls inside
        body = QWidget()
        body.setObjectName("caseOverview")
        self.body_layout = QVBoxLayout(body)
        self.facts = muted_label()
        self.body_layout.addWidget(self.facts)
        self.concerns = QLabel()
        self.concerns.setWordWrap(True)
        self.concerns.setTextFormat(Qt.TextFormat.PlainText)
        self.concerns.setAccessibleName("Presenting concerns")
        self.concerns.setTextInteractionFlags(SELECTABLE)
        self.concerns.setFocusPolicy(Qt.FocusPolicy.ClickFocus)  # no extra stop for Tab
        self.body_layout.addWidget(self.concerns)
        self.privacy_note = muted_label(PRIVACY_NOTE)
        self.privacy_note.hide()
        self.body_layout.addWidget(self.privacy_note)
        self._build_partners()
        self._build_identifiers()
        self.body_layout.addStretch(1)
        self.setWidget(body)

    def _build_partners(self) -> None:
        self.partner_values: list[QLabel] = []  # each partner's name (and pronouns)
        self.partners_box = QWidget()
        layout = QVBoxLayout(self.partners_box)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.addWidget(heading("Partners"))
        self.partners_grid = QGridLayout()
        layout.addLayout(self.partners_grid)
        self.body_layout.addWidget(self.partners_box)

    def _build_identifiers(self) -> None:
        self.identifiers_toggle = ArrowToggle("Identifiers")
        self.identifiers_toggle.setCheckable(True)
        self.identifiers_toggle.setAccessibleName("Show identifiers")
        self.identifiers_toggle.setToolTip(
            "What identifies this client; Casenotes takes these out of anything you export."
        )
        self.identifiers_toggle.toggled.connect(self._toggle_identifiers)
        self.body_layout.addWidget(self.identifiers_toggle)
        self.identifiers = QLabel()
        self.identifiers.setTextFormat(Qt.TextFormat.RichText)
        self.identifiers.setWordWrap(True)
        self.identifiers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.identifiers.hide()
        self.body_layout.addWidget(self.identifiers)

    # ---- showing a case ----

    def show_case(self, case: Case | None, *, private: bool) -> None:
        self._private = private
        facts = []
        if case is not None and case.pronouns and not private:
            facts.append(f"Pronouns: {case.pronouns}")
        if case is not None and case.intake_date:
            facts.append(f"Intake: {format_date(case.intake_date, weekday=False)}")
        if case is not None and case.birth_year and not private:
            facts.append(f"Born {case.birth_year}")
        self.facts.setText("   ·   ".join(facts))
        self.facts.setVisible(bool(facts))
        concerns = "" if private or case is None else case.presenting_concerns
        self.concerns.setText(f"{CONCERNS_PREFIX}{concerns}" if concerns else "")
        self.concerns.setVisible(bool(concerns))
        self.privacy_note.setVisible(private)
        self._render_partners(case, private)
        self._render_identifiers(case, private)

    def _render_partners(self, case: Case | None, private: bool) -> None:
        grid = self.partners_grid
        self.partner_values = []
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        members = case.members if case is not None else []
        is_couple = case is not None and ClientType.COUPLE in case.client_types
        self.partners_box.setVisible(bool(members) or is_couple)
        if not members and is_couple:
            grid.addWidget(
                muted_label("No partners recorded yet. Add them with Edit case."), 0, 0, 1, 2
            )
        for row, member in enumerate(members):
            # A member's label is free text and can hold a name: privacy mode shows the
            # label a summary would give them.
            shown = (
                partner_label(row, member.label).strip("[]")
                if private
                else member.label or f"Partner {row + 1}"
            )
            label = QLabel(f"<b>{esc(shown)}</b>")
            label.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            if private:
                text = "Name hidden"
            else:
                text = member.name or "No name recorded"
                if member.pronouns:
                    text += f" ({member.pronouns})"
            value = QLabel(text)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(SELECTABLE)
            value.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
            value.setAccessibleName(f"{shown}: {text}")
            grid.addWidget(value, row, 1)
            self.partner_values.append(value)
        grid.setColumnStretch(1, 1)

    def _render_identifiers(self, case: Case | None, private: bool) -> None:
        self.identifiers_toggle.setVisible(not private)
        if case is None or private:
            self.identifiers.hide()
            return
        data = case.identifiers.as_dict()
        rows = [
            (IDENTIFIER_LABELS.get(kind, kind), values) for kind, values in data.items() if values
        ]
        count = sum(len(v) for _, v in rows)
        self.identifiers_toggle.setText(
            f"Identifiers ({count})" if count else "Identifiers (none recorded)"
        )
        if not rows:
            text = NO_IDENTIFIERS
        else:
            text = (
                "<table cellspacing='2'>"
                + "".join(
                    f"<tr><td style='padding-right:12px'><b>{esc(label)}</b></td>"
                    f"<td>{esc(', '.join(values))}</td></tr>"
                    for label, values in rows
                )
                + "</table>"
            )
        self.identifiers.setText(text)
        self.identifiers.setVisible(self.identifiers_toggle.isChecked())

    def _toggle_identifiers(self, on: bool) -> None:
        self.identifiers_toggle.set_open(on)
        self.identifiers_toggle.setAccessibleName("Hide identifiers" if on else "Show identifiers")
        self.identifiers.setVisible(on and not self._private)
