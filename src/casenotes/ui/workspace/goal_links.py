"""Goals worked on: a compact row of check boxes, one per goal of the case (its words and
where it stands), stored with the note as ``Note.goal_ids``. Their words wrap rather than
widen the note at large text."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from itertools import pairwise

from PySide6.QtCore import Qt, Signal
from PySide6.QtWidgets import QCheckBox, QHBoxLayout, QLabel, QVBoxLayout, QWidget

from casenotes.core.domain import GOAL_STATUS_LABELS, Goal
from casenotes.ui.shared.common import shorten
from casenotes.ui.shared.widgets import FlowWidget
from casenotes.ui.workspace.wrapping_buttons import WrappingCheckBox

SHORT_CHARS = 60


class GoalLinks(QWidget):
    """Check boxes for the case's goals; hidden when the case has none. Ids of goals that are
    no longer shown (deleted since) stay with the note."""

    edited = Signal()

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setObjectName("goalLinks")
        self.setAccessibleName("Goals worked on")
        self._goals: list[Goal] = []
        self._ids: list[str] = []  # as loaded, in stored order
        self._read_only = False
        self._loading = False
        self._mask: Callable[[str], str] | None = None  # privacy mode's, when on
        self._built_mask: Callable[[str], str] | None = None  # the one the boxes show
        self.checks: dict[str, QCheckBox] = {}
        layout = QHBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.label = QLabel("<b>Goals worked on</b>")
        self.label.setTextFormat(Qt.TextFormat.RichText)
        self.label.setWordWrap(True)  # two lines rather than a column too wide at large text
        layout.addWidget(self.label, 0, Qt.AlignmentFlag.AlignTop)
        column = QVBoxLayout()
        column.setContentsMargins(0, 0, 0, 0)
        self.flow = FlowWidget()
        column.addWidget(self.flow)
        layout.addLayout(column, 1)
        self.hide()

    def set_mask(self, mask: Callable[[str], str] | None) -> None:
        """Show the goals' words through privacy mode's ``mask`` (None: as written); the
        ticks stay as they are."""
        if mask is None and self._mask is None:
            return
        self._mask = mask
        self.set_goals(self._goals)

    def set_goals(self, goals: Sequence[Goal]) -> None:
        """The case's goals (kept current as goals are added or edited)."""
        chosen = self.goal_ids()
        if list(goals) == self._goals and self._mask is self._built_mask:
            # The same check boxes would be made again (the next note of the same case):
            # they stay, with their ticks, and nothing is laid out anew.
            self._ids = chosen
            return
        self._goals = list(goals)
        self._built_mask = self._mask
        self.flow.clear()
        self.checks = {}
        self._loading = True
        try:
            for goal in self._goals:
                status = GOAL_STATUS_LABELS.get(goal.status, "")
                words = self._mask(goal.text) if self._mask is not None else goal.text
                short = shorten(words, SHORT_CHARS)
                check = WrappingCheckBox(f"{short} · {status}" if status else short)
                check.setToolTip(words)
                check.setAccessibleName(f"Worked on the goal: {words}")
                check.setAccessibleDescription(f"Status: {status}" if status else "")
                check.setChecked(goal.id in chosen)
                check.setEnabled(not self._read_only)
                check.toggled.connect(self._toggled)
                self.flow.add(check)
                self.checks[goal.id] = check
        finally:
            self._loading = False
        self._ids = chosen
        self.setVisible(bool(self._goals))
        checks = list(self.checks.values())
        for first, second in pairwise(checks):
            QWidget.setTabOrder(first, second)

    def load(self, goal_ids: Sequence[str], *, read_only: bool) -> None:
        self._ids = list(goal_ids)
        self._read_only = read_only
        self._loading = True
        try:
            for goal_id, check in self.checks.items():
                check.setChecked(goal_id in self._ids)
                check.setEnabled(not read_only)
        finally:
            self._loading = False

    def goal_ids(self) -> list[str]:
        """The ticked goals in the case's order, then any stored ids no longer shown."""
        ticked = [goal_id for goal_id, check in self.checks.items() if check.isChecked()]
        kept = [goal_id for goal_id in self._ids if goal_id not in self.checks]
        return ticked + kept

    def focus_widgets(self) -> list[QWidget]:
        return list(self.checks.values())

    def _toggled(self, *_args: object) -> None:
        if not self._loading and not self._read_only:
            self.edited.emit()


__all__ = ["GoalLinks"]
