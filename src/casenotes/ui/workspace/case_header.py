"""The case view's header, always in view above its tabs: the case code (and name, outside
privacy mode), its status, client types and tags as chips, and "New note", "Other note" (a menu:
"New consultation record…", "New contact note…" by channel) and "Edit case…".
A view only: the case view connects the buttons."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt
from PySide6.QtGui import QAction
from PySide6.QtWidgets import (
    QHBoxLayout,
    QLabel,
    QMenu,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import CHANNEL_LABELS, Case, ContactChannel
from casenotes.ui.shared.common import STATUS_LABELS, client_type_label
from casenotes.ui.shared.widgets import (
    STATUS_HUES,
    TYPE_HUES,
    Chip,
    FlowWidget,
    muted_label,
    title_html,
)


class CaseHeader(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(9, 9, 9, 4)
        about = QVBoxLayout()
        about.setContentsMargins(0, 0, 0, 0)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        about.addWidget(self.title)
        self.chips = FlowWidget()
        self.chips.setObjectName("caseChips")
        about.addWidget(self.chips)
        # Lines under the chips that say how the record stands (e.g. until when it is kept
        # under the retention rules): empty and hidden until something fills them.
        self.record_line = muted_label()
        self.record_line.setObjectName("caseRecordLine")
        self.record_line.hide()
        about.addWidget(self.record_line)
        outer.addLayout(about, 1)

        actions = QVBoxLayout()
        actions.setContentsMargins(0, 0, 0, 0)
        self.new_note_button = QPushButton("New note")
        self.new_note_button.setAccessibleName("New note for this case")
        self.new_note_button.setToolTip("Start a session note (Ctrl+N)")
        # Non-session notes (signed like notes, not counted as sessions), from a menu beside
        # New note: two more buttons made the header tall enough to squeeze the sessions at
        # large text.
        self.other_note_button = QPushButton("Other note")
        self.other_note_button.setAccessibleName("New consultation record or contact note")
        self.other_note_button.setToolTip(
            "A consultation record, or a phone call, email or "
            "letter: signed like notes, not counted as sessions"
        )
        menu = QMenu(self.other_note_button)
        self.new_consultation_action = menu.addAction("New consultation record…")
        self.new_consultation_action.setToolTip(
            "Record a question taken to a supervisor or colleague and what was advised"
        )
        contact_menu = menu.addMenu("New contact note…")
        self.contact_actions: dict[ContactChannel, QAction] = {
            channel: contact_menu.addAction(f"{label}…")
            for channel, label in CHANNEL_LABELS.items()
        }
        self.other_note_button.setMenu(menu)
        self.edit_button = QPushButton("Edit case…")
        self.edit_button.setAccessibleName("Edit case details")
        row = QHBoxLayout()
        row.setContentsMargins(0, 0, 0, 0)
        row.addWidget(self.new_note_button, 1)
        row.addWidget(self.other_note_button)
        actions.addLayout(row)
        actions.addWidget(self.edit_button)
        actions.addStretch(1)
        outer.addLayout(actions)
        QWidget.setTabOrder(self.new_note_button, self.other_note_button)
        QWidget.setTabOrder(self.other_note_button, self.edit_button)

    def show_case(self, case: Case, *, private: bool, mask: Callable[[str], str]) -> None:
        """The case's title and chips; in privacy mode only the code and masked tags."""
        name = "" if private or not case.display_name else case.display_name
        self.title.setText(title_html(case.code, name))
        self.title.setAccessibleName(f"Case {case.code}" + (f", {name}" if name else ""))
        self.chips.clear()
        self.chips.add(
            Chip(
                STATUS_LABELS.get(case.status, str(case.status)),
                STATUS_HUES.get(case.status.value, -1.0),
            )
        )
        for client_type in case.client_types:
            self.chips.add(
                Chip(client_type_label(client_type), TYPE_HUES.get(client_type.value, -1.0))
            )
        for tag in case.tags:
            self.chips.add(Chip(f"#{mask(tag)}", -1.0))
        # The case's details are edited as written, names and all: after privacy mode.
        self.edit_button.setEnabled(not private)
        self.edit_button.setToolTip(
            "The case can be edited once privacy mode is off" if private else ""
        )
