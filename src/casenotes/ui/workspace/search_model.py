"""The search results as an item model: matching cases, matches in a case's presenting
concerns and goals, then notes, each with its snippet.

Snippets come from the search with marks that cannot occur in a note; they are HTML-escaped,
and only then get their ``<b>`` markup. Window-free: tested without a view."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QAbstractListModel, QModelIndex, QObject, QPersistentModelIndex, Qt

from casenotes.ui.shared.widgets import esc

AnyIndex = QModelIndex | QPersistentModelIndex

# Private-use characters: the search wraps each match in these, never found in a note.
MARK_START = "\ue000"
MARK_END = "\ue001"


def snippet_html(snippet: str) -> str:
    """Escape the snippet, then turn the search's marks into bold."""
    return esc(snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")


def snippet_plain(snippet: str) -> str:
    return snippet.replace(MARK_START, "").replace(MARK_END, "")


@dataclass(frozen=True, slots=True)
class SearchResult:
    case_id: str
    code: str
    note_id: str | None = None  # None: the case itself (or its own text) matched
    name: str = ""  # empty in privacy mode
    detail: str = ""  # plain text: client types, the session date, or where in the case
    snippet: str = ""  # with MARK_START/MARK_END around matches
    case_field: str = ""  # a case's presenting concerns or a goal matched ("" otherwise)

    @property
    def is_case(self) -> bool:
        return self.note_id is None

    @property
    def is_case_text(self) -> bool:
        return self.note_id is None and bool(self.case_field)


class SearchRole(IntEnum):
    CASE_ID = Qt.ItemDataRole.UserRole + 1
    NOTE_ID = Qt.ItemDataRole.UserRole + 2
    IS_CASE = Qt.ItemDataRole.UserRole + 3
    SNIPPET_HTML = Qt.ItemDataRole.UserRole + 4
    RESULT = Qt.ItemDataRole.UserRole + 5


class SearchResultsModel(QAbstractListModel):
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._results: list[SearchResult] = []

    def set_results(self, results: list[SearchResult]) -> None:
        self.beginResetModel()
        self._results = list(results)
        self.endResetModel()

    def results(self) -> list[SearchResult]:
        return list(self._results)

    def rowCount(self, parent: AnyIndex = QModelIndex()) -> int:  # noqa: B008
        return 0 if parent.isValid() else len(self._results)

    def flags(self, index: AnyIndex) -> Qt.ItemFlag:
        if not index.isValid():
            return Qt.ItemFlag.NoItemFlags
        return Qt.ItemFlag.ItemIsEnabled | Qt.ItemFlag.ItemIsSelectable

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._results):
            return None
        result = self._results[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            return _spoken(result)
        if role == SearchRole.CASE_ID:
            return result.case_id
        if role == SearchRole.NOTE_ID:
            return result.note_id
        if role == SearchRole.IS_CASE:
            return result.is_case
        if role == SearchRole.SNIPPET_HTML:
            return snippet_html(result.snippet)
        if role == SearchRole.RESULT:
            return result
        return None


def _spoken(result: SearchResult) -> str:
    """The row as plain text (screen readers, tests): no marks."""
    if result.is_case_text:
        return f"{result.code}, {result.case_field}: {snippet_plain(result.snippet)}"
    if result.is_case:
        name = f" {result.name}" if result.name else ""
        return f"Case {result.code}{name}. {result.detail}"
    return f"{result.code}, {result.detail}: {snippet_plain(result.snippet)}"


def result_html(result: SearchResult, muted: str) -> str:
    """The row as the list draws it: code, where, then the snippet."""
    if result.is_case_text:
        return (
            f"<span style='font-weight:600'>{esc(result.code)}</span> "
            f"<span style='color:{muted}'>· {esc(result.case_field)}</span><br>"
            f"{snippet_html(result.snippet)}"
        )
    if result.is_case:
        name = f" &nbsp;{esc(result.name)}" if result.name else ""
        return (
            f"<span style='font-weight:600'>{esc(result.code)}</span>{name}<br>"
            f"<span style='color:{muted}'>Case · {esc(result.detail)}</span>"
        )
    return (
        f"<span style='font-weight:600'>{esc(result.code)}</span> "
        f"<span style='color:{muted}'>· {esc(result.detail)}</span><br>"
        f"{snippet_html(result.snippet)}"
    )
