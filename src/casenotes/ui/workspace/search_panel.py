"""Search as you type across every case: matching cases first (by code, and by name and tags
unless privacy mode is on), then notes with their matches highlighted.

Snippets come from the index with marks that cannot occur in a note, are HTML-escaped, and
only then get their ``<b>`` markup. Enter or activation opens the note."""

from __future__ import annotations

from dataclasses import dataclass
from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import QAbstractItemView, QLineEdit, QListView, QVBoxLayout, QWidget

from casenotes.core.domain import Case
from casenotes.core.journal import Journal
from casenotes.core.privacy import PrivacyMasks
from casenotes.core.search import SearchHit
from casenotes.ui.errors import describe_error
from casenotes.ui.shared.common import client_types_text, format_date, model_data
from casenotes.ui.shared.widgets import RichTextDelegate, esc, muted_label
from casenotes.ui.workspace.case_model import CaseTableModel

AnyIndex = QModelIndex | QPersistentModelIndex

MARK_START = "\ue000"
MARK_END = "\ue001"
NOTE_LIMIT = 50
CASE_LIMIT = 5
DEBOUNCE_MS = 60


def snippet_html(snippet: str) -> str:
    """Escape the snippet, then turn the index's marks into bold."""
    return esc(snippet).replace(MARK_START, "<b>").replace(MARK_END, "</b>")


def snippet_plain(snippet: str) -> str:
    return snippet.replace(MARK_START, "").replace(MARK_END, "")


@dataclass(frozen=True, slots=True)
class SearchResult:
    case_id: str
    code: str
    note_id: str | None = None  # None: the case itself matched
    name: str = ""  # empty in privacy mode
    detail: str = ""  # plain text: client types, or the session date
    snippet: str = ""  # with MARK_START/MARK_END around matches

    @property
    def is_case(self) -> bool:
        return self.note_id is None


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
            if result.is_case:
                name = f" {result.name}" if result.name else ""
                return f"Case {result.code}{name}. {result.detail}"
            return f"{result.code}, {result.detail}: {snippet_plain(result.snippet)}"
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


def result_html(index: AnyIndex, muted: str) -> str:
    result = model_data(index, SearchRole.RESULT)
    if not isinstance(result, SearchResult):
        return ""
    if result.is_case:
        name = f" &nbsp;{esc(result.name)}" if result.name else ""
        return (f"<span style='font-weight:600'>{esc(result.code)}</span>{name}<br>"
                f"<span style='color:{muted}'>Case · {esc(result.detail)}</span>")
    return (f"<span style='font-weight:600'>{esc(result.code)}</span> "
            f"<span style='color:{muted}'>· {esc(result.detail)}</span><br>"
            f"{snippet_html(result.snippet)}")


class SearchField(QLineEdit):
    """Down moves into the results, Enter opens the first (or chosen) one, Escape clears."""

    down_pressed = Signal()
    enter_pressed = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key == Qt.Key.Key_Down:
            self.down_pressed.emit()
            return
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter):
            self.enter_pressed.emit()
            return
        if key == Qt.Key.Key_Escape and self.text():
            self.clear()
            return
        super().keyPressEvent(event)


class ResultsView(QListView):
    open_requested = Signal(QModelIndex)
    up_from_top = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        key = event.key()
        if key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self.currentIndex().isValid():
            self.open_requested.emit(self.currentIndex())
            return
        if key == Qt.Key.Key_Up and self.currentIndex().row() <= 0:
            self.up_from_top.emit()
            return
        if key == Qt.Key.Key_Escape:
            self.up_from_top.emit()
            return
        super().keyPressEvent(event)


class SearchPanel(QWidget):
    """The results area. Its ``field`` is placed by the workspace above the case list."""

    note_requested = Signal(str, str)  # case id, note id
    case_requested = Signal(str)
    query_changed = Signal(str)

    def __init__(self, journal: Journal, cases: CaseTableModel,
                 parent: QWidget | None = None, *,
                 masks: PrivacyMasks | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._cases = cases
        self._masks = masks if masks is not None else PrivacyMasks()
        self._ready = False
        self._privacy = False
        self.debounce_ms = DEBOUNCE_MS

        self.field = SearchField()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Search notes and cases")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search notes and cases")
        self.field.setToolTip("Search every note as you type (Ctrl+F). Down arrow moves to the "
                              "results; Enter opens one; Escape clears.")

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        self.summary = muted_label()
        self.summary.setAccessibleName("Search summary")
        layout.addWidget(self.summary)
        self.model = SearchResultsModel(self)
        self.results = ResultsView()
        self.results.setObjectName("searchResults")
        self.results.setModel(self.model)
        self.results.setAccessibleName("Search results")
        self.results.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.results.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.results.setResizeMode(QListView.ResizeMode.Adjust)
        self.results.setWordWrap(True)
        self.results.setAlternatingRowColors(True)
        self.results.setVerticalScrollMode(QAbstractItemView.ScrollMode.ScrollPerPixel)
        self.delegate = RichTextDelegate(self.results, result_html)
        self.results.setItemDelegate(self.delegate)
        layout.addWidget(self.results, 1)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run)
        self.field.textChanged.connect(self._text_changed)
        self.field.down_pressed.connect(self.focus_results)
        self.field.enter_pressed.connect(self._enter)
        self.results.open_requested.connect(self._open)
        self.results.activated.connect(self._open)
        self.results.up_from_top.connect(self.field.setFocus)

    # ---- state ----

    def query(self) -> str:
        return self.field.text()

    def is_ready(self) -> bool:
        return self._ready

    def set_ready(self, ready: bool) -> None:
        self._ready = ready
        if self.query().strip():
            self.run()

    def set_privacy_mode(self, on: bool) -> None:
        self._privacy = on
        self.delegate.clear_cache()
        if self.query().strip():
            self.run()

    # ---- searching ----

    def _text_changed(self, text: str) -> None:
        self.query_changed.emit(text)
        if not text.strip():
            self._timer.stop()
            self.model.set_results([])
            self.summary.clear()
            return
        self._timer.start(self.debounce_ms)

    def run(self) -> None:
        self._timer.stop()
        query = self.query()
        if not query.strip():
            self.model.set_results([])
            self.summary.clear()
            return
        results = self._case_results(query)
        case_count = len(results)
        note_count = 0
        problem = ""
        if self._ready:
            try:
                hits = self._journal.search(query, limit=NOTE_LIMIT,
                                            mark=(MARK_START, MARK_END))
            except Exception as exc:
                hits = []
                problem = f"Notes can't be searched right now: {describe_error(exc)}."
            results += [self._note_result(hit) for hit in hits]
            note_count = len(hits)
        self.model.set_results(results)
        self.summary.setText(problem or self._summary(query, case_count, note_count))

    def _summary(self, query: str, cases: int, notes: int) -> str:
        if not self._ready:
            found = f"{_count(cases, 'case')} so far. " if cases else ""
            return f"{found}Getting the notes ready to search; results will appear in a moment."
        if not cases and not notes:
            if self._privacy:  # the words searched for can be a name
                return "Nothing matches. Try fewer or shorter words."
            return f"Nothing matches “{query.strip()}”. Try fewer or shorter words."
        parts = []
        if cases:
            parts.append(_count(cases, "case"))
        if notes:
            more = " (the best 50)" if notes >= NOTE_LIMIT else ""
            parts.append(_count(notes, "note") + more)
        return " and ".join(parts) + ". Enter opens the first; Down arrow to choose."

    def _case_results(self, query: str) -> list[SearchResult]:
        words = [w.casefold() for w in query.split()]
        found: list[SearchResult] = []
        for case in self._cases.cases():
            if all(word in self._haystack(case) for word in words):
                found.append(SearchResult(
                    case_id=case.id, code=case.code,
                    name="" if self._privacy else case.display_name,
                    detail=client_types_text(case.client_types) or "No client type yet"))
                if len(found) >= CASE_LIMIT:
                    break
        return found

    def _haystack(self, case: Case) -> str:
        if self._privacy:
            return case.code.casefold()
        parts = [case.code, case.display_name, *case.tags,
                 *(m.name for m in case.members)]
        return " ".join(parts).casefold()

    def _note_result(self, hit: SearchHit) -> SearchResult:
        snippet = hit.snippet
        if self._privacy:
            case = self._cases.case_by_id(hit.case_id)
            # A note of a case not in the list (cannot happen for live notes) shows no text
            # rather than unmasked text.
            snippet = (self._masks.for_case(case).mask_marked(snippet, MARK_START, MARK_END)
                       if case is not None else "")
        return SearchResult(case_id=hit.case_id, code=hit.case_code, note_id=hit.note_id,
                            detail=format_date(hit.session_date), snippet=snippet)

    # ---- moving and opening ----

    def focus_results(self) -> None:
        if self._timer.isActive():
            self.run()
        if self.model.rowCount() == 0:
            return
        self.results.setFocus()
        if not self.results.currentIndex().isValid():
            self.results.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _enter(self) -> None:
        if self._timer.isActive():
            self.run()
        index = self.results.currentIndex()
        if not index.isValid():
            index = self.model.index(0, 0)
        if index.isValid():
            self._open(index)

    def _open(self, index: QModelIndex) -> None:
        case_id = model_data(index, SearchRole.CASE_ID)
        note_id = model_data(index, SearchRole.NOTE_ID)
        if not case_id:
            return
        if note_id:
            self.note_requested.emit(str(case_id), str(note_id))
        else:
            self.case_requested.emit(str(case_id))


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
