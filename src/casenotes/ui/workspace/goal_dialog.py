"""Add or edit a goal: its words, in the client's own, and where it stands."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QPlainTextEdit,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import GOAL_STATUS_LABELS, Goal, GoalStatus
from casenotes.ui.shared.widgets import muted_label


class GoalDialog(QDialog):
    """Add or edit a goal: its words and where it stands."""

    def __init__(self, goal: Goal | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit goal" if goal else "Add a goal")
        self.goal = goal
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.text_edit = QPlainTextEdit(goal.text if goal else "")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText("The goal in the client's own words")
        self.text_edit.setAccessibleName("Goal")
        fm = self.text_edit.fontMetrics()
        self.text_edit.setMinimumWidth(fm.averageCharWidth() * 48)
        self.text_edit.setMinimumHeight(fm.lineSpacing() * 4)
        form.addRow("&Goal", self.text_edit)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Goal status")
        for status, label in GOAL_STATUS_LABELS.items():
            self.status_combo.addItem(label, status.value)
        if goal:
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(goal.status.value)))
        form.addRow("&Status", self.status_combo)
        layout.addLayout(form)
        layout.addWidget(
            muted_label(
                "Goals are set together with the client and may change; every change is kept."
            )
        )
        buttons = QDialogButtonBox(
            QDialogButtonBox.StandardButton.Save | QDialogButtonBox.StandardButton.Cancel
        )
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text_edit.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.save_button.setEnabled(bool(self.text_edit.toPlainText().strip()))

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def status(self) -> GoalStatus:
        return GoalStatus(self.status_combo.currentData())
