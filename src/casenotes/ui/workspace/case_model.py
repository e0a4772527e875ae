"""The case list's table model, Vorta-style: ``COL_*`` constants for columns and custom
roles for what views, filters and tests need. No widget is required to use or test it."""

from __future__ import annotations

from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from casenotes.core.domain import Case, CaseStatus
from casenotes.ui.shared.common import (
    STATUS_LABELS,
    client_type_label,
    client_types_text,
    format_date,
)
from casenotes.ui.shared.widgets import TYPE_HUES
from casenotes.ui.table_model import AnyIndex, ReadOnlyTableModel

COL_CODE = 0
COL_NAME = 1
COL_TYPES = 2
COL_STATUS = 3
COL_LAST_SESSION = 4
COLUMN_COUNT = 5

HEADERS: dict[int, str] = {
    COL_CODE: "Code",
    COL_NAME: "Name",
    COL_TYPES: "Client type",
    COL_STATUS: "Status",
    COL_LAST_SESSION: "Last session",
}

_STATUS_ORDER = {CaseStatus.ACTIVE: 0, CaseStatus.PAUSED: 1, CaseStatus.CLOSED: 2}


class CaseRole(IntEnum):
    CASE_ID = Qt.ItemDataRole.UserRole + 1
    CASE = Qt.ItemDataRole.UserRole + 2  # the Case object
    CLIENT_TYPES = Qt.ItemDataRole.UserRole + 3  # list[ClientType]
    STATUS = Qt.ItemDataRole.UserRole + 4  # CaseStatus
    TAGS = Qt.ItemDataRole.UserRole + 5  # list[str]
    LAST_SESSION = Qt.ItemDataRole.UserRole + 6  # date | None
    SORT = Qt.ItemDataRole.UserRole + 7  # a sort key for the column
    CHIPS = Qt.ItemDataRole.UserRole + 8  # [(label, hue)] for the client-type column


class CaseTableModel(ReadOnlyTableModel):
    """Live cases (not the trash), one per row, with each case's latest session date."""

    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cases: list[Case] = []
        self._last: dict[str, date] = {}
        # The order the rows are kept in (the case list's sort), or (-1, ...) for as given.
        self._sort_column = -1
        self._sort_order = Qt.SortOrder.AscendingOrder

    # ---- loading and updating ----

    def set_cases(self, cases: list[Case]) -> None:
        """All the cases at once, in the order the list is sorted by (one Python sort)."""
        self.beginResetModel()
        self._cases = self._sorted([c for c in cases if c.deleted_at is None])
        self.endResetModel()

    def upsert_case(self, case: Case) -> None:
        if case.deleted_at is not None:
            self.remove_case(case.id)
            return
        row = self.row_of(case.id)
        if row >= 0:
            self._cases[row] = case
            self.dataChanged.emit(self.index(row, 0), self.index(row, COLUMN_COUNT - 1))
            return
        row = len(self._cases)
        self.beginInsertRows(QModelIndex(), row, row)
        self._cases.append(case)
        self.endInsertRows()

    def remove_case(self, case_id: str) -> None:
        row = self.row_of(case_id)
        if row < 0:
            return
        self.beginRemoveRows(QModelIndex(), row, row)
        del self._cases[row]
        self.endRemoveRows()

    def set_last_sessions(self, dates: dict[str, date], *, skip: set[str] | None = None) -> None:
        """Latest session date per case id; cases in ``skip`` keep what they have."""
        skip = skip or set()
        changed = False
        for case in self._cases:
            if case.id in skip:
                continue
            new = dates.get(case.id)
            if self._last.get(case.id) != new:
                changed = True
                if new is None:
                    self._last.pop(case.id, None)
                else:
                    self._last[case.id] = new
        if changed and self._cases:
            self.dataChanged.emit(
                self.index(0, COL_LAST_SESSION), self.index(len(self._cases) - 1, COL_LAST_SESSION)
            )

    def set_last_session(self, case_id: str, value: date | None) -> None:
        if self._last.get(case_id) == value:
            return
        if value is None:
            self._last.pop(case_id, None)
        else:
            self._last[case_id] = value
        row = self.row_of(case_id)
        if row >= 0:
            index = self.index(row, COL_LAST_SESSION)
            self.dataChanged.emit(index, index)

    # ---- sorting ----
    # The rows are kept in the order shown: one ``list.sort`` with a key per row, instead of
    # a proxy's lessThan called from C++ into Python twice per comparison (3,000 cases took
    # 0.2-1 s that way, on the GUI thread). The filter proxy above passes this order on.

    @property
    def sort_column(self) -> int:
        return self._sort_column

    @property
    def sort_order(self) -> Qt.SortOrder:
        return self._sort_order

    def sort(self, column: int, order: Qt.SortOrder = Qt.SortOrder.AscendingOrder) -> None:
        self._sort_column, self._sort_order = column, order
        ordered = self._sorted(self._cases)
        if [c.id for c in ordered] == [c.id for c in self._cases]:
            return  # already in order: no layout change for the views to redo
        self.layoutAboutToBeChanged.emit()
        new_row = {case.id: row for row, case in enumerate(ordered)}
        old = self.persistentIndexList()
        moved = [
            self.index(new_row[self._cases[i.row()].id], i.column())
            if 0 <= i.row() < len(self._cases)
            else QModelIndex()
            for i in old
        ]
        self._cases = ordered
        self.changePersistentIndexList(old, moved)
        self.layoutChanged.emit()

    def _sorted(self, cases: list[Case]) -> list[Case]:
        """Sorted by the column's key, ties by code then id (two stable sorts, so ties keep
        that order whichever way the column goes)."""
        if self._sort_column < 0:
            return list(cases)
        column = self._sort_column
        ordered = sorted(cases, key=lambda c: (c.code.casefold(), c.id))
        ordered.sort(
            key=lambda c: self._sort_key(c, column),
            reverse=self._sort_order == Qt.SortOrder.DescendingOrder,
        )
        return ordered

    # ---- lookups ----

    def row_of(self, case_id: str) -> int:
        for row, case in enumerate(self._cases):
            if case.id == case_id:
                return row
        return -1

    def case_at(self, row: int) -> Case | None:
        return self._cases[row] if 0 <= row < len(self._cases) else None

    def case_by_id(self, case_id: str) -> Case | None:
        return self.case_at(self.row_of(case_id))

    def cases(self) -> list[Case]:
        return list(self._cases)

    def last_session(self, case_id: str) -> date | None:
        return self._last.get(case_id)

    def all_tags(self) -> list[str]:
        tags = {tag for case in self._cases for tag in case.tags}
        return sorted(tags, key=str.casefold)

    # ---- the model interface ----

    def row_total(self) -> int:
        return len(self._cases)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cases):
            return None
        case = self._cases[index.row()]
        column = index.column()
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return self._text(case, column)
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_TYPES and case.client_types:
                return client_types_text(case.client_types)
            if column == COL_CODE and case.tags:
                return "Tags: " + ", ".join(case.tags)
            return None
        if role == CaseRole.SORT:
            return self._sort_key(case, column)
        if role == CaseRole.CHIPS:
            if column != COL_TYPES:
                return None
            return [(client_type_label(t), TYPE_HUES.get(t.value, -1.0)) for t in case.client_types]
        if role == CaseRole.CASE_ID:
            return case.id
        if role == CaseRole.CASE:
            return case
        if role == CaseRole.CLIENT_TYPES:
            return list(case.client_types)
        if role == CaseRole.STATUS:
            return case.status
        if role == CaseRole.TAGS:
            return list(case.tags)
        if role == CaseRole.LAST_SESSION:
            return self._last.get(case.id)
        return None

    def _text(self, case: Case, column: int) -> str:
        if column == COL_CODE:
            return case.code
        if column == COL_NAME:
            return case.display_name
        if column == COL_TYPES:
            return client_types_text(case.client_types)
        if column == COL_STATUS:
            return STATUS_LABELS.get(case.status, str(case.status))
        if column == COL_LAST_SESSION:
            last = self._last.get(case.id)
            return format_date(last, weekday=False) if last else ""
        return ""

    def _sort_key(self, case: Case, column: int) -> str:
        if column == COL_CODE:
            return case.code.casefold()
        if column == COL_NAME:
            return case.display_name.casefold()
        if column == COL_TYPES:
            return client_types_text(case.client_types).casefold()
        if column == COL_STATUS:
            return f"{_STATUS_ORDER.get(case.status, 9)}{case.code.casefold()}"
        if column == COL_LAST_SESSION:
            last = self._last.get(case.id)
            return last.isoformat() if last else ""
        return ""
