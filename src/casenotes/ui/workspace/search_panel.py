"""Search as you type across every case: matching cases first (by code, and by name and tags
unless privacy mode is on), then matches in presenting concerns and goals, then notes (their
text, addenda, tags and process notes), each with its matches highlighted. The best 50 notes
come first; "Show more" adds 50 at a time. Enter or activation opens the result, and the
workspace shows the match in place (``ui/workspace/match_highlight.py``).

The notes, presenting concerns and goals are searched on a worker of their own (the window
passes a task runner; the index has its own lock), so a slow query (a single letter at
100,000 notes) never holds the window: the matching cases show at once, the rest when the
worker answers, and an answer to a query typed over since is dropped. Enter, Down and "Show
more" pressed while the worker is busy act on its answer.

The item model is ``search_model.py``."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QPersistentModelIndex,
    Qt,
    QTimer,
    Signal,
)
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QLineEdit,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import Case
from casenotes.core.journal import Journal
from casenotes.core.privacy import PrivacyMasks
from casenotes.core.prompts.option_words import with_option_labels
from casenotes.core.search import SearchHit
from casenotes.core.search.case_text import CaseTextHit, search_case_texts
from casenotes.ui.errors import describe_error
from casenotes.ui.shared.common import (
    TaskRunnerLike,
    alive,
    client_types_text,
    format_date,
    model_data,
)
from casenotes.ui.shared.widgets import RichTextDelegate, muted_label
from casenotes.ui.tasks import InPlaceRunner
from casenotes.ui.workspace.case_model import CaseTableModel
from casenotes.ui.workspace.search_model import (
    MARK_END,
    MARK_START,
    SearchResult,
    SearchResultsModel,
    SearchRole,
    result_html,
)

__all__ = [
    "MARK_END",
    "MARK_START",
    "SearchPanel",
    "SearchResult",
    "SearchResultsModel",
    "SearchRole",
]

NOTE_LIMIT = 50  # notes shown at first, and how many more each "Show more" adds
CASE_LIMIT = 5
CASE_TEXT_LIMIT = 10  # matches in presenting concerns and goals
DEBOUNCE_MS = 60
IN_PROCESS_NOTES = "in the process notes"  # where a note's match was, when not its text
# A worker's answer slower than this shows the matching cases first, saying the notes follow.
FIRST_RESULTS_MS = 120


@dataclass(frozen=True, slots=True)
class _Found:
    """A worker's answer: matches in presenting concerns and goals, and in notes."""

    case_texts: list[CaseTextHit]
    notes: list[SearchHit]
    problem: str  # why notes could not be searched, or ""


def _cannot_search(exc: BaseException) -> str:
    return f"Notes can't be searched right now: {describe_error(exc)}."


def _result_html(index: QModelIndex | QPersistentModelIndex, muted: str) -> str:
    result = model_data(index, SearchRole.RESULT)
    return result_html(result, muted) if isinstance(result, SearchResult) else ""


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
    # case id, and where in the case the match is: a CaseField value, or "" for its code,
    # name, tags or partners
    case_requested = Signal(str, str)
    query_changed = Signal(str)

    def __init__(
        self,
        journal: Journal,
        cases: CaseTableModel,
        parent: QWidget | None = None,
        *,
        masks: PrivacyMasks | None = None,
        searcher: TaskRunnerLike | None = None,
    ) -> None:
        """``searcher``: where queries run (a task runner of their own, not shared with
        long work such as the index build, which would make them wait); None runs them at
        once on the GUI thread."""
        super().__init__(parent)
        self._journal = journal
        self._searcher: TaskRunnerLike = searcher if searcher is not None else InPlaceRunner()
        # Each query's number: an answer for any but the latest is dropped.
        self._generation = 0
        self._pending = False
        self._then: Callable[[], None] | None = None  # what Enter, Down or "more" asked for
        self._first: list[SearchResult] = []  # the cases matched, shown before the rest
        self._cases = cases
        self._masks = masks if masks is not None else PrivacyMasks()
        self._ready = False
        self._privacy = False
        self._option_labels: dict[str, str] = {}
        self.debounce_ms = DEBOUNCE_MS

        self.field = SearchField()
        self.field.setObjectName("searchField")
        self.field.setPlaceholderText("Search notes and cases")
        self.field.setClearButtonEnabled(True)
        self.field.setAccessibleName("Search notes and cases")
        self.field.setToolTip(
            "Search every note as you type (Ctrl+F). Down arrow moves to the "
            "results; Enter opens one; Escape clears."
        )

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
        # Laid out in one pass: the batched mode (a few rows per turn of the event loop) left
        # the list painted empty under the word-wrapping rich-text delegate.
        self.delegate = RichTextDelegate(self.results, _result_html)
        self.results.setItemDelegate(self.delegate)
        layout.addWidget(self.results, 1)
        self.more_button = QPushButton("Show &more notes")
        self.more_button.setAccessibleName("Show more notes")
        self.more_button.setToolTip(f"Show the next {NOTE_LIMIT} notes that match")
        self.more_button.setVisible(False)
        self.more_button.clicked.connect(self.show_more)
        layout.addWidget(self.more_button)
        self._note_limit = NOTE_LIMIT
        # Each case's goal texts, for search (the presenting concerns come with the cases).
        self._goals: dict[str, list[str]] = {}

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.run)
        self._first_timer = QTimer(self)
        self._first_timer.setSingleShot(True)
        self._first_timer.timeout.connect(self._show_first)
        self.field.textChanged.connect(self._text_changed)
        self.field.down_pressed.connect(self.focus_results)
        self.field.enter_pressed.connect(self._enter)
        self.results.open_requested.connect(self._open)
        self.results.activated.connect(self._open)
        self.results.up_from_top.connect(self.field.setFocus)

    # ---- state ----

    def set_searcher(self, searcher: TaskRunnerLike | None) -> None:
        """Where the queries run from now on (None: at once, on this thread)."""
        self._drop_pending()
        self._searcher = searcher if searcher is not None else InPlaceRunner()

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

    def set_goals(self, goals: dict[str, list[str]]) -> None:
        """Every case's goal texts (read with the index); replaces what was there."""
        self._goals = {case_id: list(texts) for case_id, texts in goals.items()}

    def set_case_goals(self, case_id: str, texts: list[str]) -> None:
        """One case's goals changed (added, edited, deleted)."""
        self._goals[case_id] = list(texts)

    def _text_changed(self, text: str) -> None:
        self.query_changed.emit(text)
        self._note_limit = NOTE_LIMIT  # a new query starts with the best 50 again
        if not text.strip():
            self._timer.stop()
            self._drop_pending()
            self.model.set_results([])
            self.summary.clear()
            self.more_button.setVisible(False)
            return
        self._timer.start(self.debounce_ms)

    def show_more(self) -> None:
        """The next 50 notes, the first of them current so the list goes on from there."""
        first_new = self.model.rowCount()
        self._note_limit += NOTE_LIMIT
        self.run()
        self._when_found(lambda: self._go_to_row(first_new))

    def _go_to_row(self, row: int) -> None:
        index = self.model.index(row, 0)
        if index.isValid():
            self.results.setFocus()
            self.results.selectionModel().setCurrentIndex(
                index, QItemSelectionModel.SelectionFlag.ClearAndSelect
            )
            self.results.scrollTo(index)

    def is_searching(self) -> bool:
        """True while a query is on the worker (the results shown may be only the cases)."""
        return self._pending

    def _when_found(self, action: Callable[[], None]) -> None:
        """Do ``action`` now, or once the worker has answered the query being run."""
        if self._pending:
            self._then = action
        else:
            action()

    def _drop_pending(self) -> None:
        self._generation += 1  # whatever the worker answers now is for an older query
        self._pending = False
        self._then = None
        self._first_timer.stop()

    def run(self) -> None:
        self._timer.stop()
        self._drop_pending()
        query = self.query()
        if not query.strip():
            self.model.set_results([])
            self.summary.clear()
            self.more_button.setVisible(False)
            return
        self._first = self._case_results(query)
        journal, ready, limit = self._journal, self._ready, self._note_limit
        # The texts as they stand now, for the worker (a snapshot: the cases can change).
        texts = {
            case.id: (case.presenting_concerns, self._goals.get(case.id, []))
            for case in self._cases.cases()
        }

        def find() -> _Found:
            case_texts = search_case_texts(
                query, texts, mark=(MARK_START, MARK_END), limit=CASE_TEXT_LIMIT
            )
            if not ready:
                return _Found(case_texts, [], "")
            try:
                hits = journal.search(query, limit=limit, mark=(MARK_START, MARK_END))
            except Exception as exc:  # e.g. locked meanwhile: said, never raised
                return _Found(case_texts, [], _cannot_search(exc))
            return _Found(case_texts, hits, "")

        generation = self._generation
        self._pending = True
        self._first_timer.start(FIRST_RESULTS_MS)
        self._searcher.run_task(
            find,
            lambda found: self._found(generation, query, found),
            lambda exc: self._found(generation, query, _Found([], [], _cannot_search(exc))),
        )

    def _show_first(self) -> None:
        """The worker is slow to answer: the matching cases now, the rest when it does."""
        if not self._pending:
            return
        self.model.set_results(self._first)
        self.more_button.setVisible(False)
        found = f"{_count(len(self._first), 'case')} so far. " if self._first else ""
        self.summary.setText(f"{found}Searching the notes…")

    def _found(self, generation: int, query: str, found: _Found) -> None:
        if generation != self._generation or not alive(self):
            return  # typed over, cleared or locked since: a newer query has its own answer
        self._pending = False
        self._first_timer.stop()
        results = self._first + [self._case_text_result(hit) for hit in found.case_texts]
        case_count = len(results)
        results += [self._note_result(hit) for hit in found.notes]
        note_count = len(found.notes)
        self.model.set_results(results)
        self.more_button.setVisible(note_count >= self._note_limit)
        self.summary.setText(found.problem or self._summary(query, case_count, note_count))
        then, self._then = self._then, None
        if then is not None:
            then()

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
            more = f" (the best {notes}; more below)" if notes >= self._note_limit else ""
            parts.append(_count(notes, "note") + more)
        return " and ".join(parts) + ". Enter opens the first; Down arrow to choose."

    def _case_results(self, query: str) -> list[SearchResult]:
        words = [w.casefold() for w in query.split()]
        found: list[SearchResult] = []
        for case in self._cases.cases():
            if all(word in self._haystack(case) for word in words):
                found.append(
                    SearchResult(
                        case_id=case.id,
                        code=case.code,
                        name="" if self._privacy else case.display_name,
                        detail=client_types_text(case.client_types) or "No client type yet",
                    )
                )
                if len(found) >= CASE_LIMIT:
                    break
        return found

    def _case_text_result(self, hit: CaseTextHit) -> SearchResult:
        case = self._cases.case_by_id(hit.case_id)
        snippet = hit.snippet
        if self._privacy:
            snippet = (
                self._masks.for_case(case).mask_marked(snippet, MARK_START, MARK_END)
                if case is not None
                else ""
            )
        return SearchResult(
            case_id=hit.case_id,
            code=case.code if case is not None else "",
            snippet=snippet,
            case_field=hit.field,
        )

    def _haystack(self, case: Case) -> str:
        if self._privacy:
            return case.code.casefold()
        parts = [case.code, case.display_name, *case.tags, *(m.name for m in case.members)]
        return " ".join(parts).casefold()

    def set_option_labels(self, labels: dict[str, str]) -> None:
        """The reflection's option ids and their labels (``core.prompts.option_words``): a
        snippet from the process notes shows "Not allowed", not "not_allowed"."""
        self._option_labels = labels

    def _note_result(self, hit: SearchHit) -> SearchResult:
        snippet = hit.snippet
        if hit.in_process_notes:
            snippet = with_option_labels(snippet, self._option_labels, MARK_START, MARK_END)
        if self._privacy:
            case = self._cases.case_by_id(hit.case_id)
            # A note of a case not in the list (cannot happen for live notes) shows no text
            # rather than unmasked text.
            snippet = (
                self._masks.for_case(case).mask_marked(snippet, MARK_START, MARK_END)
                if case is not None
                else ""
            )
        return SearchResult(
            case_id=hit.case_id,
            code=hit.case_code,
            note_id=hit.note_id,
            # Process notes are private to the practitioner: a match there says so.
            detail=format_date(hit.session_date)
            + (f" · {IN_PROCESS_NOTES}" if hit.in_process_notes else ""),
            snippet=snippet,
        )

    # ---- moving and opening ----

    def focus_results(self) -> None:
        if self._timer.isActive():
            self.run()
        self._when_found(self._focus_results)

    def _focus_results(self) -> None:
        if self.model.rowCount() == 0:
            return
        self.results.setFocus()
        if not self.results.currentIndex().isValid():
            self.results.selectionModel().setCurrentIndex(
                self.model.index(0, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            )

    def _enter(self) -> None:
        if self._timer.isActive():
            self.run()
        self._when_found(self._open_current)

    def _open_current(self) -> None:
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
            result = model_data(index, SearchRole.RESULT)
            field = result.case_field if isinstance(result, SearchResult) else ""
            self.case_requested.emit(str(case_id), field)


def _count(n: int, noun: str) -> str:
    return f"{n} {noun}" + ("" if n == 1 else "s")
