"""The case view's header, always in view above its tabs: the case code (and name, outside
privacy mode), its status, client types and tags as chips, and "New note", "Other note" (a menu:
"New consultation record…", "New contact note…" by channel) and "Edit case…".

The chips and the lines under them are the header's details: an arrow beside the title folds
them away (the case view folds them on its own when they would take too much of a short
view, as at large text), and the title's description still says them. A view only: the case
view connects the buttons and decides when to fold."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, Signal
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
from casenotes.ui.shared.arrow_toggle import ArrowToggle
from casenotes.ui.shared.common import STATUS_LABELS, client_type_label
from casenotes.ui.shared.widgets import (
    STATUS_HUES,
    TYPE_HUES,
    Chip,
    FlowWidget,
    muted_label,
    title_html,
)

SHOW_DETAILS = "Show status, client types and tags"
HIDE_DETAILS = "Hide status, client types and tags"


class CaseHeader(QWidget):
    # The practitioner clicked the arrow: True to show the details, False to fold them.
    details_chosen = Signal(bool)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("caseHeader")
        outer = QHBoxLayout(self)
        outer.setContentsMargins(9, 9, 9, 4)
        # The buttons join the header first, so that they come first in the tab order (New
        # note is the header's everyday action); the arrow and the title go in before them.
        outer.addLayout(self._build_actions())
        outer.insertLayout(0, self._build_about(), 1)
        QWidget.setTabOrder(self.new_note_button, self.other_note_button)
        QWidget.setTabOrder(self.other_note_button, self.edit_button)
        QWidget.setTabOrder(self.edit_button, self.details_toggle)
        self.set_details_shown(True)

    def _build_about(self) -> QVBoxLayout:
        """The arrow and the title, and the details under them."""
        about = QVBoxLayout()
        about.setContentsMargins(0, 0, 0, 0)
        title_row = QHBoxLayout()
        title_row.setContentsMargins(0, 0, 0, 0)
        self.details_toggle = ArrowToggle()
        self.details_toggle.setObjectName("caseDetailsToggle")
        # Not checkable: a checked tool button looks pressed in, which reads as a state
        # of the case; the arrow's direction says it.
        self.details_toggle.setAutoRaise(True)
        self.details_toggle.clicked.connect(self._toggle_clicked)
        title_row.addWidget(self.details_toggle, 0, Qt.AlignmentFlag.AlignVCenter)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        # Selectable by keyboard too: a search that matched the name or code selects it here.
        self.title.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        self.title.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        title_row.addWidget(self.title, 1)
        about.addLayout(title_row)
        self.details = QWidget()
        self.details.setObjectName("caseDetails")
        self._details_layout = details = QVBoxLayout(self.details)
        details.setContentsMargins(0, 0, 0, 0)
        about.addWidget(self.details)
        self.chips = FlowWidget()
        self.chips.setObjectName("caseChips")
        details.addWidget(self.chips)
        # Lines under the chips that say how the record stands (e.g. until when it is kept
        # under the retention rules): empty and hidden until something fills them.
        self.record_line = muted_label()
        self.record_line.setObjectName("caseRecordLine")
        self.record_line.hide()
        details.addWidget(self.record_line)
        return about

    def _build_actions(self) -> QVBoxLayout:
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
        return actions

    # ---- the details, shown or folded ----

    def _toggle_clicked(self) -> None:
        self.details_chosen.emit(not self.details_shown())

    def details_shown(self) -> bool:
        return not self.details.isHidden()

    def set_details_shown(self, shown: bool) -> None:
        self.details.setVisible(shown)
        self.details_toggle.set_open(shown)
        words = HIDE_DETAILS if shown else SHOW_DETAILS
        self.details_toggle.setAccessibleName(words)
        self.details_toggle.setToolTip(words)

    def details_height(self, width: int) -> int:
        """How tall the details are (shown or not) at the title's ``width``."""
        height = self.chips.heightForWidth(max(1, width))
        line = self.record_line
        if line.text() and not line.isHidden():
            height += line.heightForWidth(max(1, width)) + self._details_layout.spacing()
        return height

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
        # Read out with the title, whether the details are shown or folded.
        said = ", ".join(chip.text() for chip in self.chips.widgets() if isinstance(chip, Chip))
        self.title.setAccessibleDescription(said)
        # The case's details are edited as written, names and all: after privacy mode.
        self.edit_button.setEnabled(not private)
        self.edit_button.setToolTip(
            "The case can be edited once privacy mode is off" if private else ""
        )
