"""View → Due for review: the cases whose retention date has passed, to decide with each
whether to keep or delete it (deleting goes through the trash, as always)."""

from __future__ import annotations

from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHeaderView,
    QLabel,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.journal import Journal
from casenotes.ui.due_for_review_model import DueForReviewModel
from casenotes.ui.shared.widgets import muted_label, title_html

EXPLANATION = (
    "Cases whose retention date (the last contact plus the years set in Settings) "
    "has passed. Nothing is deleted by itself: review each case, and move it to "
    "the trash if it is no longer needed."
)
EMPTY = "No case is past its retention date."


class DueForReviewDialog(QDialog):
    def __init__(self, journal: Journal, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Due for review")
        self.setMinimumSize(560, 360)
        layout = QVBoxLayout(self)
        title = QLabel(title_html("Due for review"))
        self.title = title
        layout.addWidget(title)
        layout.addWidget(muted_label(EXPLANATION))
        self.model = DueForReviewModel(journal.cases_due_for_review(), self)
        self.table = QTableView()
        self.table.setModel(self.model)
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.verticalHeader().hide()
        self.table.horizontalHeader().setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        self.table.horizontalHeader().setStretchLastSection(True)
        self.table.setAccessibleName("Cases due for review")
        layout.addWidget(self.table, 1)
        self.empty = muted_label(EMPTY)
        layout.addWidget(self.empty)
        self.table.setVisible(self.model.rowCount() > 0)
        self.empty.setVisible(self.model.rowCount() == 0)
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        buttons.rejected.connect(self.reject)
        self.close_button = buttons.button(QDialogButtonBox.StandardButton.Close)
        layout.addWidget(buttons)


__all__ = ["DueForReviewDialog"]
