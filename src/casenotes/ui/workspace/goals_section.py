"""The case view's "Goals" tab: each goal in its own words with its status, and the buttons
to add or edit one. A view only: it shows the goals it is given and says what was asked
(add, edit, a new status, delete); the case view saves."""

from __future__ import annotations

from functools import partial

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import (
    QComboBox,
    QGridLayout,
    QHBoxLayout,
    QLabel,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import GOAL_STATUS_LABELS, Goal, GoalStatus
from casenotes.ui.shared.common import alive
from casenotes.ui.shared.widgets import muted_label

EMPTY_TEXT = "No goals yet. Goals are set together with the client and may change."
HELP_TEXT = "Goals are set together with the client and may change; every change is kept."

# The columns of a goal's row: its words, its status, then its actions (Edit…, Delete…).
COL_TEXT, COL_STATUS, COL_ACTIONS = 0, 1, 2


class GoalsSection(QWidget):
    """The goals, as tall as the tab allows; the whole tab scrolls when they need more."""

    add_requested = Signal()
    edit_requested = Signal(str)  # goal id
    status_chosen = Signal(str, object)  # goal id, GoalStatus
    delete_requested = Signal(str)  # goal id: move it to the trash (the case view confirms)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.combos: dict[str, QComboBox] = {}
        self.labels: dict[str, QLabel] = {}  # each goal's words, by goal id
        self.edit_buttons: dict[str, QPushButton] = {}
        self.delete_buttons: dict[str, QPushButton] = {}
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        head = QHBoxLayout()
        head.setContentsMargins(9, 6, 9, 0)
        self.help_label = muted_label(HELP_TEXT)
        head.addWidget(self.help_label, 1)
        self.add_goal_button = QPushButton("Add goal…")
        self.add_goal_button.setAccessibleName("Add a goal")
        head.addWidget(self.add_goal_button, 0, Qt.AlignmentFlag.AlignTop)
        outer.addLayout(head)

        self.goals_box = QWidget()
        self.goals_box.setObjectName("goalsBox")
        self.grid = QGridLayout(self.goals_box)
        self.grid.setColumnStretch(COL_TEXT, 1)
        self.grid.setAlignment(Qt.AlignmentFlag.AlignTop)
        self.scroll_area = QScrollArea()
        self.scroll_area.setWidgetResizable(True)
        self.scroll_area.setFrameShape(QScrollArea.Shape.NoFrame)
        self.scroll_area.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.scroll_area.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls inside
        self.scroll_area.setWidget(self.goals_box)
        outer.addWidget(self.scroll_area, 1)
        self.add_goal_button.clicked.connect(self.add_requested)

    def set_goals(self, goals: list[Goal], *, shown_text: list[str], editable: bool) -> None:
        """Show ``goals``, each with ``shown_text`` (its words, masked in privacy mode).
        Editing shows the real words, so it waits while ``editable`` is False."""
        self._clear()
        if not goals:
            self.grid.addWidget(muted_label(EMPTY_TEXT), 0, 0, 1, 3)
            return
        previous: QWidget = self.add_goal_button
        for row, (goal, text) in enumerate(zip(goals, shown_text, strict=True)):
            combo, edit, delete = self._add_row(row, goal, text, editable)
            QWidget.setTabOrder(previous, combo)
            QWidget.setTabOrder(combo, edit)
            QWidget.setTabOrder(edit, delete)
            previous = delete

    def _clear(self) -> None:
        self.combos = {}
        self.labels = {}
        self.edit_buttons = {}
        self.delete_buttons = {}
        while self.grid.count():
            item = self.grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.setParent(None)  # out of the box at once, not at the next event loop
                widget.deleteLater()

    def _add_row(
        self, row: int, goal: Goal, text: str, editable: bool
    ) -> tuple[QComboBox, QPushButton, QPushButton]:
        label = QLabel(text)
        label.setTextFormat(Qt.TextFormat.PlainText)
        label.setWordWrap(True)
        label.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        # Selectable by keyboard too, so a search match can be selected in place; no stop
        # of its own for Tab.
        label.setTextInteractionFlags(
            Qt.TextInteractionFlag.TextSelectableByMouse
            | Qt.TextInteractionFlag.TextSelectableByKeyboard
        )
        label.setFocusPolicy(Qt.FocusPolicy.ClickFocus)
        self.labels[goal.id] = label
        self.grid.addWidget(label, row, COL_TEXT)
        combo = QComboBox()
        combo.setAccessibleName(f"Status of goal {row + 1}")
        for status, status_label in GOAL_STATUS_LABELS.items():
            combo.addItem(status_label, status.value)
        combo.setCurrentIndex(max(0, combo.findData(goal.status.value)))
        combo.currentIndexChanged.connect(partial(self._combo_changed, goal.id))
        self.combos[goal.id] = combo
        self.grid.addWidget(combo, row, COL_STATUS, Qt.AlignmentFlag.AlignTop)
        edit = QPushButton("Edit…")
        edit.setAccessibleName(f"Edit goal {row + 1}")
        edit.setEnabled(editable)
        if not editable:
            edit.setToolTip("Goals can be edited once privacy mode is off")
        edit.clicked.connect(partial(self._edit_clicked, goal.id))
        self.edit_buttons[goal.id] = edit
        # Works in privacy mode too: the confirmation shows the goal as masked.
        delete = QPushButton("Delete…")
        delete.setAccessibleName(f"Delete goal {row + 1}")
        delete.setToolTip("Move this goal to the trash; you can restore it from there")
        delete.clicked.connect(partial(self._delete_clicked, goal.id))
        self.delete_buttons[goal.id] = delete
        actions = QWidget()
        actions_layout = QHBoxLayout(actions)
        actions_layout.setContentsMargins(0, 0, 0, 0)
        actions_layout.addWidget(edit)
        actions_layout.addWidget(delete)
        self.grid.addWidget(actions, row, COL_ACTIONS, Qt.AlignmentFlag.AlignTop)
        return combo, edit, delete

    def _edit_clicked(self, goal_id: str, *_args: object) -> None:
        self.edit_requested.emit(goal_id)

    def _delete_clicked(self, goal_id: str, *_args: object) -> None:
        self.delete_requested.emit(goal_id)

    def _combo_changed(self, goal_id: str, *_args: object) -> None:
        combo = self.combos.get(goal_id)
        if combo is not None and alive(combo) and combo.currentData() is not None:
            self.status_chosen.emit(goal_id, GoalStatus(str(combo.currentData())))
