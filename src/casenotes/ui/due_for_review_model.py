"""The "Due for review" table's model: cases past their retention date, oldest date first.
Window-free (no dialog), so it is tested on its own."""

from __future__ import annotations

from datetime import date
from typing import Any, ClassVar

from PySide6.QtCore import QObject, Qt

from casenotes.core.domain import CLIENT_TYPE_LABELS, Case
from casenotes.ui.shared.common import format_date
from casenotes.ui.table_model import AnyIndex, ReadOnlyTableModel

COL_CASE = 0
COL_UNTIL = 1
COL_STATUS = 2
CASE_ROLE = Qt.ItemDataRole.UserRole + 1


class DueForReviewModel(ReadOnlyTableModel):
    headers: ClassVar[dict[int, str]] = {
        COL_CASE: "Case",
        COL_UNTIL: "Kept until",
        COL_STATUS: "Where it is",
    }

    def __init__(self, rows: list[tuple[Case, date]], parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._rows = rows

    def row_total(self) -> int:
        return len(self._rows)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._rows):
            return None
        case, until = self._rows[index.row()]
        if role == CASE_ROLE:
            return case
        if role not in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return None
        column = index.column()
        if column == COL_CASE:  # the code only: the list may be on a shared screen
            types = ", ".join(CLIENT_TYPE_LABELS.get(t, t.value) for t in case.client_types)
            return f"{case.code} · {types}" if types else case.code
        if column == COL_UNTIL:
            return format_date(until, weekday=False)
        if column == COL_STATUS:
            return "In the trash" if case.deleted_at is not None else case.status.value.capitalize()
        return None


__all__ = ["CASE_ROLE", "COL_CASE", "COL_STATUS", "COL_UNTIL", "DueForReviewModel"]
