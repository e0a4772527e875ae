"""The case view's sessions timeline: one row per note, newest first."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from casenotes.core.domain import SESSION_FORMAT_LABELS, Note
from casenotes.core.domain.templates import TEMPLATE_NAMES
from casenotes.ui.shared.common import format_date
from casenotes.ui.workspace.attendance_field import attendance_label

AnyIndex = QModelIndex | QPersistentModelIndex
PREVIEW_CHARS = 200


class SessionRole(IntEnum):
    NOTE_ID = Qt.ItemDataRole.UserRole + 1
    NOTE = Qt.ItemDataRole.UserRole + 2
    TITLE = Qt.ItemDataRole.UserRole + 3
    PREVIEW = Qt.ItemDataRole.UserRole + 4
    BADGE = Qt.ItemDataRole.UserRole + 5
    SIGNED = Qt.ItemDataRole.UserRole + 6
    IN_TRASH = Qt.ItemDataRole.UserRole + 7


def session_title(note: Note) -> str:
    if not note.is_session:
        # A consultation record or a contact: marked as such; no format, length or attendance.
        return f"{format_date(note.session_date)} · {note.kind_label}"
    parts = [
        format_date(note.session_date),
        TEMPLATE_NAMES.get(note.template, ""),
        SESSION_FORMAT_LABELS.get(note.format, ""),
    ]
    if note.duration_minutes:
        parts.append(f"{note.duration_minutes} min")
    parts.append(attendance_label(note.attendance))
    return " · ".join(p for p in parts if p)


def preview(note: Note) -> str:
    text = " ".join(note.text().split())
    if not text:
        return "Nothing written yet"
    return text[:PREVIEW_CHARS]


def badge(note: Note) -> str:
    if note.deleted_at is not None:
        return "In the trash"
    if note.is_signed:
        extra = (
            f", {len(note.addenda)} addend{'a' if len(note.addenda) != 1 else 'um'}"
            if note.addenda
            else ""
        )
        return f"Signed{extra}"
    return "Draft"


class SessionListModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._notes: list[Note] = []
        self._mask: Callable[[str], str] | None = None  # privacy mode's, when it is on
        self._previews: dict[str, tuple[str, str]] = {}  # note id -> (saved at, masked)

    def set_mask(self, mask: Callable[[str], str] | None) -> None:
        """Show previews through ``mask`` (privacy mode), or as written (None)."""
        self._mask = mask
        self._previews = {}
        if self._notes:
            self.dataChanged.emit(self.index(0, 0), self.index(len(self._notes) - 1, 0))

    def _preview(self, note: Note) -> str:
        if self._mask is None:
            return preview(note)
        stamp = note.updated_at.isoformat()
        cached = self._previews.get(note.id)
        if cached is None or cached[0] != stamp:
            # The whole text is masked before it is cut, so no name is cut in half.
            cached = (
                stamp,
                preview(
                    replace(note, sections={k: self._mask(v) for k, v in note.sections.items()})
                ),
            )
            self._previews[note.id] = cached
        return cached[1]

    @staticmethod
    def _order(notes: list[Note]) -> list[Note]:
        return sorted(notes, key=lambda n: (n.session_date, n.created_at), reverse=True)

    def set_notes(self, notes: list[Note]) -> None:
        self.beginResetModel()
        self._notes = self._order(notes)
        self.endResetModel()

    def notes(self) -> list[Note]:
        return list(self._notes)

    def upsert(self, note: Note) -> None:
        """Add or update a note, keeping date order with the fewest signals."""
        old = self.row_of(note.id)
        if old >= 0:
            self.beginRemoveRows(QModelIndex(), old, old)
            del self._notes[old]
            self.endRemoveRows()
        ordered = self._order([*self._notes, note])
        row = next(i for i, n in enumerate(ordered) if n.id == note.id)
        self.beginInsertRows(QModelIndex(), row, row)
        self._notes.insert(row, note)
        self.endInsertRows()

    def replace_in_place(self, note: Note) -> bool:
        """Update a row whose position cannot change (same date); False if it would move."""
        row = self.row_of(note.id)
        if row < 0 or self._notes[row].session_date != note.session_date:
            return False
        self._notes[row] = note
        index = self.index(row, 0)
        self.dataChanged.emit(index, index)
        return True

    def remove(self, note_id: str) -> None:
        row = self.row_of(note_id)
        if row >= 0:
            self.beginRemoveRows(QModelIndex(), row, row)
            del self._notes[row]
            self.endRemoveRows()

    def row_of(self, note_id: str) -> int:
        for row, note in enumerate(self._notes):
            if note.id == note_id:
                return row
        return -1

    def note_at(self, row: int) -> Note | None:
        return self._notes[row] if 0 <= row < len(self._notes) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._notes)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._notes):
            return None
        note = self._notes[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return f"{session_title(note)}. {badge(note)}. {self._preview(note)[:80]}"
        if role == Qt.ItemDataRole.ToolTipRole:
            return badge(note)
        if role == SessionRole.NOTE_ID:
            return note.id
        if role == SessionRole.NOTE:
            return note
        if role == SessionRole.TITLE:
            return session_title(note)
        if role == SessionRole.PREVIEW:
            return self._preview(note)
        if role == SessionRole.BADGE:
            return badge(note)
        if role == SessionRole.SIGNED:
            return note.is_signed
        if role == SessionRole.IN_TRASH:
            return note.deleted_at is not None
        return None
