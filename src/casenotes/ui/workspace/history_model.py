"""The history of a note as an item model, and a saved state against the note as it is now.

Times are shown to the second (two saves a minute apart must be told apart); each saved
state can be read as a diff against the current text: what it had that the note no longer
has, and what the note has gained since. Window-free: tested without a view."""

from __future__ import annotations

import difflib
import re
from datetime import UTC, datetime
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QDateTime,
    QLocale,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimeZone,
)

from casenotes.core.domain import TEMPLATES, Note, NoteRevision, note_content_hash
from casenotes.ui.shared.widgets import esc

AnyIndex = QModelIndex | QPersistentModelIndex

# Colours that read on light and dark themes alike, with a strike or underline as well, so
# the difference never rests on colour alone.
REMOVED_STYLE = "background:#f3c7c4;color:#5c1410;text-decoration:line-through"
ADDED_STYLE = "background:#c9ebc9;color:#0f3d12;text-decoration:underline"

_TOKENS = re.compile(r"\s+|\w+|[^\w\s]")


def format_saved_at(value: datetime) -> str:
    """A stored UTC time in local time, to the second: "6 Jan 2025, 14:05:33"."""
    if value.tzinfo is None:
        value = value.replace(tzinfo=UTC)
    utc = QDateTime.fromSecsSinceEpoch(int(value.timestamp()), QTimeZone.utc())
    return QLocale().toString(utc.toLocalTime(), "d MMM yyyy, HH:mm:ss")


def revision_hash(revision: NoteRevision) -> str:
    return note_content_hash(
        Note(
            case_id="",
            session_date=revision.session_date,
            duration_minutes=revision.duration_minutes,
            format=revision.format,
            template=revision.template,
            sections=revision.sections,
            tags=revision.tags,
            reflection=revision.reflection,
        )
    )


def diff_html(old: str, new: str) -> str:
    """``old`` (a saved state) against ``new`` (the note now), word by word, as HTML: text
    only in ``old`` struck through, text only in ``new`` underlined, the rest plain."""
    before, after = _TOKENS.findall(old), _TOKENS.findall(new)
    parts: list[str] = []
    matcher = difflib.SequenceMatcher(a=before, b=after, autojunk=False)
    for op, a1, a2, b1, b2 in matcher.get_opcodes():
        if op == "equal":
            parts.append(_html("".join(before[a1:a2])))
            continue
        if a2 > a1:
            parts.append(f"<span style='{REMOVED_STYLE}'>{_html(''.join(before[a1:a2]))}</span>")
        if b2 > b1:
            parts.append(f"<span style='{ADDED_STYLE}'>{_html(''.join(after[b1:b2]))}</span>")
    return "".join(parts)


def _html(text: str) -> str:
    return esc(text).replace("\n", "<br>")


def sections_diff_html(revision: NoteRevision, current: Note | None, muted: str) -> str:
    """Each section of the saved state against the same section now (every section either
    has), labelled as the template labels it."""
    now = current.sections if current is not None else {}
    labels = {s.key: s.label for s in TEMPLATES[revision.template]}
    if current is not None:
        labels.update({s.key: s.label for s in TEMPLATES[current.template]})
    keys = list(dict.fromkeys([*revision.sections, *now]))
    parts = []
    for key in keys:
        label = labels.get(key, key.replace("_", " ").capitalize())
        old, new = revision.sections.get(key, ""), now.get(key, "")
        if not old.strip() and not new.strip():
            body = f"<span style='color:{muted}'><i>Empty</i></span>"
        elif old == new:
            body = f"{_html(old)} <span style='color:{muted}'>(unchanged)</span>"
        else:
            body = diff_html(old, new)
        parts.append(f"<p><b>{esc(label)}</b><br>{body}</p>")
    return "".join(parts)


class RevisionRole(IntEnum):
    REVISION = Qt.ItemDataRole.UserRole + 1
    IS_CURRENT = Qt.ItemDataRole.UserRole + 2


class RevisionListModel(QAbstractListModel):
    """Every saved state, newest first; the one matching the note as it is now is marked."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._revisions: list[NoteRevision] = []
        self._current_row = -1

    def set_revisions(self, revisions: list[NoteRevision], current: Note | None) -> None:
        self.beginResetModel()
        self._revisions = sorted(revisions, key=lambda r: r.saved_at, reverse=True)
        self._current_row = -1
        if current is not None:
            wanted = note_content_hash(current)
            for row, revision in enumerate(self._revisions):
                if revision_hash(revision) == wanted:
                    self._current_row = row
                    break
        self.endResetModel()

    def revision_at(self, row: int) -> NoteRevision | None:
        return self._revisions[row] if 0 <= row < len(self._revisions) else None

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._revisions)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._revisions):
            return None
        revision = self._revisions[index.row()]
        current = index.row() == self._current_row
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            text = f"Saved {format_saved_at(revision.saved_at)}"
            return f"{text} (as it is now)" if current else text
        if role == RevisionRole.REVISION:
            return revision
        if role == RevisionRole.IS_CURRENT:
            return current
        return None
