"""The one trash as a table: cases, notes and goals in one list, newest first, each with its
kind, its case's code, what it is and when it went to the trash.

Privacy mode hides a case's name and passes a goal's words through its case's mask; a note
is named by its session date only, so nothing of its text is ever shown here."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from datetime import datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QModelIndex, QObject, Qt

from casenotes.core.domain import Case, Goal, Note
from casenotes.core.journal import TrashContents
from casenotes.ui.shared.common import format_date, format_datetime
from casenotes.ui.table_model import AnyIndex, ReadOnlyTableModel

COL_KIND = 0
COL_CASE = 1
COL_ITEM = 2
COL_TRASHED = 3
HEADERS = {COL_KIND: "Kind", COL_CASE: "Case", COL_ITEM: "Item", COL_TRASHED: "Moved to the trash"}

KIND_LABELS = {"case": "Case", "note": "Note", "goal": "Goal"}
HIDDEN = "Hidden"

# Privacy mode's mask: a text of a case as it may be shown (PrivacyMasks.mask).
CaseMask = Callable[[Case | None, str], str]


class TrashRole(IntEnum):
    ITEM = Qt.ItemDataRole.UserRole + 1  # the TrashItem
    RECORD_ID = Qt.ItemDataRole.UserRole + 2
    KIND = Qt.ItemDataRole.UserRole + 3


@dataclass(frozen=True, slots=True)
class TrashItem:
    """One row: a case, a note or a goal in the trash."""

    kind: str  # "case", "note" or "goal"
    record: Case | Note | Goal
    case: Case | None  # the case it is or belongs to (None if that could not be read)
    code: str
    trashed_at: datetime

    @property
    def record_id(self) -> str:
        return self.record.id

    @property
    def case_id(self) -> str:
        return self.record.id if isinstance(self.record, Case) else self.record.case_id

    @property
    def is_signed_note(self) -> bool:
        return isinstance(self.record, Note) and self.record.is_signed


def trash_items(contents: TrashContents) -> list[TrashItem]:
    """Every item in ``contents``, the latest moved to the trash first."""
    cases = {c.id: c for c in contents.cases}
    cases.update(contents.owners)
    items: list[TrashItem] = []
    for case in contents.cases:
        if case.deleted_at is not None:
            items.append(TrashItem("case", case, case, case.code, case.deleted_at))
    for note in contents.notes:
        if note.deleted_at is not None:
            owner = cases.get(note.case_id)
            items.append(
                TrashItem("note", note, owner, owner.code if owner else "", note.deleted_at)
            )
    for goal in contents.goals:
        if goal.deleted_at is not None:
            owner = cases.get(goal.case_id)
            items.append(
                TrashItem("goal", goal, owner, owner.code if owner else "", goal.deleted_at)
            )
    return sorted(items, key=lambda i: i.trashed_at, reverse=True)


class TrashModel(ReadOnlyTableModel):
    headers = HEADERS

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._items: list[TrashItem] = []
        self._mask: CaseMask | None = None

    def set_contents(self, contents: TrashContents) -> None:
        self.beginResetModel()
        self._items = trash_items(contents)
        self.endResetModel()

    def set_mask(self, mask: CaseMask | None) -> None:
        """Privacy mode's mask, or None when names and goals may show as written."""
        self._mask = mask
        if self._items:
            self.dataChanged.emit(
                self.index(0, COL_ITEM), self.index(len(self._items) - 1, COL_ITEM)
            )

    def remove(self, record_id: str) -> None:
        for row, item in enumerate(self._items):
            if item.record_id == record_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._items[row]
                self.endRemoveRows()
                return

    def item(self, row: int) -> TrashItem | None:
        return self._items[row] if 0 <= row < len(self._items) else None

    def row_total(self) -> int:
        return len(self._items)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._items):
            return None
        item = self._items[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = index.column()
            if column == COL_KIND:
                return KIND_LABELS[item.kind]
            if column == COL_CASE:
                return item.code
            if column == COL_ITEM:
                return self._describe(item)
            if column == COL_TRASHED:
                return format_datetime(item.trashed_at)
            return None
        if role == TrashRole.ITEM:
            return item
        if role == TrashRole.RECORD_ID:
            return item.record_id
        if role == TrashRole.KIND:
            return item.kind
        return None

    def _describe(self, item: TrashItem) -> str:
        record = item.record
        if isinstance(record, Case):
            name = HIDDEN if self._mask is not None else record.display_name
            return f"{name}, with all its notes and goals"
        if isinstance(record, Note):
            signed = ", signed" if record.is_signed else ""
            return f"Session of {format_date(record.session_date, weekday=False)}{signed}"
        text = " ".join(record.text.split())
        if self._mask is None:
            return text
        # No case to mask with (it could not be read): nothing of the goal shows.
        return HIDDEN if item.case is None else self._mask(item.case, text)


__all__ = [
    "COL_CASE",
    "COL_ITEM",
    "COL_KIND",
    "COL_TRASHED",
    "HEADERS",
    "CaseMask",
    "TrashItem",
    "TrashModel",
    "TrashRole",
    "trash_items",
]
