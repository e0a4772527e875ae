"""The workspace: search and the case list on the left; the open case and, when a note is
open, the note editor on the right. Everything goes through the Journal.

Heavy work (the search index, the last-session dates, which decrypt every note) runs through
the task runner after construction, so the window is usable at once."""

from __future__ import annotations

import gc
from collections.abc import Callable, Generator
from dataclasses import dataclass, replace
from datetime import date

from PySide6.QtCore import QEvent, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import (
    QApplication,
    QHBoxLayout,
    QMessageBox,
    QPushButton,
    QSplitter,
    QStackedWidget,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import (
    KIND_TEMPLATES,
    Case,
    ContactChannel,
    Goal,
    Note,
    NoteKind,
    NoteTemplate,
    SessionFormat,
)
from casenotes.core.journal import Journal
from casenotes.core.privacy import PrivacyMasks
from casenotes.core.prompts import PromptLibrary
from casenotes.core.prompts.option_words import option_labels
from casenotes.core.vault.errors import TamperedRecordError
from casenotes.ui.errors import damaged_notice, describe_error
from casenotes.ui.shared.common import ClipboardGuard, TaskRunnerLike, alive
from casenotes.ui.shared.widgets import Banner, muted_label
from casenotes.ui.tasks import InPlaceRunner, lane_beside
from casenotes.ui.unlocked_data import UnlockedData
from casenotes.ui.workspace.case_dialog import CaseDialog
from casenotes.ui.workspace.case_list import CaseListPanel
from casenotes.ui.workspace.case_match import highlight_case_match
from casenotes.ui.workspace.case_model import CaseTableModel
from casenotes.ui.workspace.case_view import CaseView
from casenotes.ui.workspace.match_highlight import highlight_match
from casenotes.ui.workspace.note_editor import NoteEditor, default_session_date
from casenotes.ui.workspace.search_panel import SearchPanel
from casenotes.ui.workspace.trash_dialog import TrashDialog

# With defer_background, the scan waits for the case list's first paint (or this long at most)
BACKGROUND_FALLBACK_MS = 500

# With at least this many average character widths on the right, an open note sits beside
# the case; with fewer, it takes the case's place (with a way back), so writing has room.
SIDE_BY_SIDE_CHARS = 160
# With the reflection panel open the note needs this much more room before the case can sit
# beside it; and while the note and its reflection are open, the case list steps aside.
REFLECTION_CHARS = 110


def last_session_dates(notes: list[Note]) -> dict[str, date]:
    latest: dict[str, date] = {}
    for note in notes:
        # Consultations and contacts are not sessions: they do not move the last session.
        if (
            note.deleted_at is None
            and note.is_session
            and (note.case_id not in latest or note.session_date > latest[note.case_id])
        ):
            latest[note.case_id] = note.session_date
    return latest


@dataclass(frozen=True, slots=True)
class WorkspaceParts:
    """The workspace's two largest panes (and what they share with it), built ahead."""

    masks: PrivacyMasks
    guard: ClipboardGuard
    case_view: CaseView
    editor: NoteEditor


def build_in_steps(
    journal: Journal, tasks: TaskRunnerLike, prefetched: UnlockedData | None
) -> Generator[Workspace | None, None, None]:
    """The window's workspace, built a part per step: None after each step, the workspace
    at the last. The window runs one step per turn of its event loop, so input and paints
    are handled between them; built at once, it held the loop for 50 ms, and two to three
    times that on a loaded machine."""
    masks = PrivacyMasks()
    guard = ClipboardGuard()
    case_view = CaseView(journal, masks=masks)
    yield None
    library = prefetched.prompt_library if prefetched is not None else None
    editor = NoteEditor(
        journal,
        guard,
        prompt_library=library if not isinstance(library, Exception) else None,
        masks=masks,
        tasks=tasks,
    )
    yield None
    yield Workspace(
        journal,
        tasks,
        defer_background=True,
        freeze_after_load=True,
        prefetched=prefetched,
        parts=WorkspaceParts(masks, guard, case_view, editor),
    )


class Workspace(QWidget):
    status_message = Signal(str)

    def __init__(
        self,
        journal: Journal,
        tasks: TaskRunnerLike,
        parent: QWidget | None = None,
        *,
        defer_background: bool = False,
        freeze_after_load: bool = False,
        prefetched: UnlockedData | None = None,
        parts: WorkspaceParts | None = None,
    ) -> None:
        """``defer_background``: start the dates scan and the index only once the case list
        has been painted. The scan holds the GIL for long stretches (decrypting every note),
        which would otherwise slow the first layout and paint of the window many times over;
        the window passes True, tests that want the work done at once keep the default.
        ``freeze_after_load``: ``gc.freeze()`` once search is ready (the window passes True
        and unfreezes when it drops the workspace). ``prefetched``: the prompt library and the
        cases, read on the worker with the unlock (the window passes them); without it they
        are read here. ``parts``: the case view and the note editor, built ahead
        (``build_in_steps``); without it they are built here."""
        super().__init__(parent)
        self._freeze_after_load = freeze_after_load
        self.setObjectName("workspace")
        self._journal = journal
        self._tasks = tasks
        self._guard = parts.guard if parts is not None else ClipboardGuard()
        self._privacy = False
        self._case: Case | None = None
        self._damage_seen = 0
        self._scanning = False
        self._touched: set[str] = set()  # cases whose dates changed while scanning
        self._indexing = False
        self._saved_while_indexing = False
        # The shown case's notes, read on a worker of their own (never behind the index
        # build): which read is the latest, and what waits for it.
        self._case_reader: TaskRunnerLike = lane_beside(tasks, self) or InPlaceRunner()
        self._notes_generation = 0
        self._reading_notes = False
        self._saved_while_reading: dict[str, Note] = {}
        self._after_notes: Callable[[], None] | None = None
        self.case_dialog: CaseDialog | None = None
        self.trash: TrashDialog | None = None

        # One masker per case for privacy mode, shared by every part of the workspace; it
        # holds identifiers, so it goes with the workspace when the vault locks.
        self.masks = parts.masks if parts is not None else PrivacyMasks()
        self.case_model = CaseTableModel(self)
        self.case_list = CaseListPanel(self.case_model, masks=self.masks)
        self.search = SearchPanel(journal, self.case_model, masks=self.masks)
        # Queries on a worker of their own: never behind the index build, never on this thread.
        self.search.set_searcher(lane_beside(tasks, self.search))
        self.case_view = (
            parts.case_view if parts is not None else CaseView(journal, masks=self.masks)
        )
        self._prompt_library = self._read_prompt_library(
            prefetched.prompt_library if prefetched is not None else None
        )
        if self._prompt_library is not None:
            self.search.set_option_labels(option_labels(self._prompt_library))
        self.editor = (
            parts.editor
            if parts is not None
            else NoteEditor(
                journal,
                self._guard,
                prompt_library=self._prompt_library,
                masks=self.masks,
                tasks=tasks,
            )
        )
        # A note opened reads its case's goals from the case view (it holds them for the case
        # it shows, kept up to date as they change) instead of reading them again.
        self.editor.goals_source = self._goals_of_case_shown
        self._peek_cases = False  # the case list shown on request while it stands aside

        # -- left: search above the case list (or the results while searching) --
        left = QWidget()
        self._left = left
        left.setObjectName("workspaceLeft")
        ll = QVBoxLayout(left)
        ll.addWidget(self.search.field)
        self.left_stack = QStackedWidget()
        self.left_stack.addWidget(self.case_list)
        self.left_stack.addWidget(self.search)
        ll.addWidget(self.left_stack, 1)
        buttons = QHBoxLayout()
        self.new_case_button = QPushButton("New case…")
        self.new_case_button.setAccessibleName("New case")
        self.new_case_button.setToolTip("Create a case (Ctrl+Shift+N)")
        self.trash_button = QPushButton("Trash…")
        self.trash_button.setAccessibleName("Open the trash")
        self.trash_button.setToolTip("Cases, notes and goals you moved to the trash")
        buttons.addWidget(self.new_case_button)
        buttons.addStretch(1)
        buttons.addWidget(self.trash_button)
        ll.addLayout(buttons)

        # -- right: a notice line, then the case and the note --
        right = QWidget()
        self._right = right
        right.setObjectName("workspaceRight")
        rl = QVBoxLayout(right)
        self.damage_banner = Banner("info")
        self.damage_banner.setAccessibleName("Damaged record notice")
        rl.addWidget(self.damage_banner)
        self.right_stack = QStackedWidget()
        placeholder = QWidget()
        pl = QVBoxLayout(placeholder)
        pl.addStretch(1)
        self.placeholder_label = muted_label(
            "Choose a case on the left to see its sessions and goals, or create one with "
            "New case (Ctrl+Shift+N)."
        )
        self.placeholder_label.setAlignment(Qt.AlignmentFlag.AlignCenter)
        pl.addWidget(self.placeholder_label)
        pl.addStretch(2)
        self.right_stack.addWidget(placeholder)
        self.content = QSplitter(Qt.Orientation.Horizontal)
        self.content.setChildrenCollapsible(False)
        self.content.addWidget(self.case_view)
        self.content.addWidget(self.editor)
        self.content.setStretchFactor(0, 2)
        self.content.setStretchFactor(1, 3)
        self.editor.hide()
        self.right_stack.addWidget(self.content)
        rl.addWidget(self.right_stack, 1)

        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("workspaceSplitter")  # its sizes are remembered
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(left)
        self.splitter.addWidget(right)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 3)
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.addWidget(self.splitter)
        fm = self.fontMetrics()
        left.setMinimumWidth(fm.averageCharWidth() * 30)
        self.splitter.setSizes([fm.averageCharWidth() * 78, fm.averageCharWidth() * 122])
        self.splitter.splitterMoved.connect(self._splitter_moved)

        # -- wiring --
        for source in (self.case_view, self.editor, self.search):
            if hasattr(source, "status_message"):
                source.status_message.connect(self.status_message)
        self.case_list.current_case_changed.connect(self._current_case_changed)
        self.case_list.open_requested.connect(self._open_case_and_focus)
        self.case_list.trash_requested.connect(self.trash_case)
        self.search.query_changed.connect(self._query_changed)
        self.search.note_requested.connect(self._open_search_result)
        self.search.case_requested.connect(self._open_search_case)
        self.case_view.note_requested.connect(self._open_note_of_current_case)
        self.case_view.new_note_requested.connect(self.new_note)
        self.case_view.new_consultation_requested.connect(self.new_consultation)
        self.case_view.new_contact_requested.connect(
            lambda channel: self.new_contact(ContactChannel(channel))
        )
        self.case_view.edit_requested.connect(self.edit_case)
        self.case_view.notes_changed.connect(self._notes_changed)
        self.editor.note_saved.connect(self._note_saved)
        self.editor.close_requested.connect(self.close_note)
        self.editor.reflection_toggled.connect(self._reflection_toggled)
        # A goal added or edited in the case view: the note's "Goals worked on" follows.
        self.case_view.goals_changed.connect(self._goals_changed)
        self.new_case_button.clicked.connect(self.new_case)
        self.trash_button.clicked.connect(self.trash_dialog)

        QWidget.setTabOrder(self.search.field, self.case_list.type_filter)
        QWidget.setTabOrder(self.case_list.type_filter, self.case_list.status_filter)
        QWidget.setTabOrder(self.case_list.status_filter, self.case_list.tag_filter)
        QWidget.setTabOrder(self.case_list.tag_filter, self.case_list.table)
        QWidget.setTabOrder(self.case_list.table, self.new_case_button)
        QWidget.setTabOrder(self.new_case_button, self.trash_button)
        QWidget.setTabOrder(self.trash_button, self.case_view.new_note_button)

        self._load_cases(prefetched.cases if prefetched is not None else None)
        self._background_timer: QTimer | None = None
        if defer_background:
            self.search.set_ready(False)
            self._background_timer = QTimer(self)
            self._background_timer.setSingleShot(True)
            self._background_timer.timeout.connect(self._start_deferred)
            self._background_timer.start(BACKGROUND_FALLBACK_MS)
            self.case_list.table.viewport().installEventFilter(self)
        else:
            self._start_background()

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        timer = self._background_timer
        if (
            timer is not None
            and event.type() == QEvent.Type.Paint
            and watched is self.case_list.table.viewport()
        ):
            # Start once this paint (and what is queued behind it) is done.
            timer.start(0)
        return super().eventFilter(watched, event)

    def _start_deferred(self) -> None:
        timer, self._background_timer = self._background_timer, None
        if timer is None:
            return
        self.case_list.table.viewport().removeEventFilter(self)
        if self._journal.is_unlocked:  # not locked (and this workspace dropped) meanwhile
            self._start_background()

    # ---- the contract ----

    def flush(self) -> bool:
        """Save any pending edit now (synchronously); False if the save failed."""
        return self.editor.flush()

    def set_privacy_mode(self, on: bool) -> None:
        self._privacy = on
        self.case_list.set_privacy_mode(on)
        self.case_view.set_privacy_mode(on)
        self.editor.set_privacy_mode(on)
        self.search.set_privacy_mode(on)
        if self.trash is not None and alive(self.trash):
            self.trash.set_privacy_mode(on)

    def privacy_mode(self) -> bool:
        return self._privacy

    def new_case(self) -> None:
        try:
            codes = {c.code for c in self._journal.list_cases(include_deleted=True)}
        except Exception as exc:
            self._say(f"A new case can't be started right now: {describe_error(exc)}.")
            return
        dialog = CaseDialog(None, codes, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._new_case_accepted)
        self.case_dialog = dialog
        dialog.open()

    def new_note(self) -> None:
        case = self._case
        if case is None:
            self._say("Choose a case first; New note then starts a session note for it.")
            return
        if not self._flush_or_explain():
            return
        # The last session sets the defaults (a consultation or contact has none to give).
        notes = [n for n in self.case_view.notes() if n.is_session]
        last = max(notes, key=lambda n: (n.session_date, n.created_at)) if notes else None
        note = Note(
            case_id=case.id,
            session_date=default_session_date(),
            template=last.template if last else NoteTemplate.FREE,
            format=last.format if last else SessionFormat.IN_PERSON,
            duration_minutes=last.duration_minutes if last else 50,
        )
        self._open_new(case, note)

    def new_consultation(self) -> None:
        """A consultation record for the case: the question, whom (by role), the advice."""
        self._new_non_session(NoteKind.CONSULTATION, None)

    def new_contact(self, channel: ContactChannel) -> None:
        """A contact note for the case: a phone call, an email or a letter."""
        self._new_non_session(NoteKind.CONTACT, channel)

    def _new_non_session(self, kind: NoteKind, channel: ContactChannel | None) -> None:
        case = self._case
        if case is None:
            self._say("Choose a case first.")
            return
        if not self._flush_or_explain():
            return
        # Not a session: no length (0), no attendance; the format field is unused.
        note = Note(
            case_id=case.id,
            session_date=default_session_date(),
            kind=kind,
            channel=channel,
            template=KIND_TEMPLATES[kind],
            duration_minutes=0,
        )
        self._open_new(case, note)

    def _open_new(self, case: Case, note: Note) -> None:
        self.editor.load(case, note, is_new=True)
        self._show_editor()
        keys = self.editor.section_keys()
        if keys:
            self.editor.section_edit(keys[0]).setFocus()

    def focus_search(self) -> None:
        if self._left.isHidden():
            self._peek_cases = True
            self._apply_arrangement()
        self.search.field.setFocus(Qt.FocusReason.ShortcutFocusReason)
        self.search.field.selectAll()

    def focus_place(self) -> str | None:
        """Where the keyboard focus is, to put it back after a lock: "note:<section key>",
        "note" (elsewhere in the open note), "cases", or None."""
        widget = QApplication.focusWidget()
        if widget is None or not self.isAncestorOf(widget):
            return None
        if self.editor.is_open() and self.editor.isAncestorOf(widget):
            for key in self.editor.section_keys():
                edit = self.editor.section_edit(key)
                if edit is widget or edit.isAncestorOf(widget):
                    return f"note:{key}"
            return "note"
        return "cases"

    def restore_focus(self, place: str | None) -> None:
        """Put the focus back in the open note's editor or the case list (after an unlock),
        so shortcuts and typing work without a Tab first."""
        if self.editor.is_open() and not self.editor.isHidden() and place != "cases":
            if self.editor.privacy_masked():  # the sections are hidden: their masked copy
                self.editor.privacy_view.setFocus(Qt.FocusReason.OtherFocusReason)
                return
            keys = self.editor.section_keys()
            key = place.split(":", 1)[1] if place and place.startswith("note:") else None
            if key not in keys:
                key = keys[0] if keys else None
            if key is not None:
                self.editor.section_edit(key).setFocus(Qt.FocusReason.OtherFocusReason)
                return
        if not self._left.isHidden():
            table = self.case_list.table
            # Focus on a list with no current row would make the first case current (and
            # open it); with nothing chosen yet, the search field above it takes the focus.
            if (
                table.currentIndex().isValid()
                and not self.left_stack.isHidden()
                and self.left_stack.currentWidget() is self.case_list
            ):
                table.setFocus(Qt.FocusReason.OtherFocusReason)
            else:
                self.search.field.setFocus(Qt.FocusReason.OtherFocusReason)
        elif self.editor.is_open():
            self.editor.setFocus(Qt.FocusReason.OtherFocusReason)

    def location(self) -> tuple[str | None, str | None]:
        case_id = self._case.id if self._case is not None else None
        return case_id, self.editor.note_id() if self.editor.is_open() else None

    def restore_location(self, case_id: str | None, note_id: str | None) -> None:
        if not case_id or self.case_model.row_of(case_id) < 0:
            return
        if not self._select_case(case_id):
            return
        if note_id:
            self.open_note(case_id, note_id, quiet=True)
        elif self.editor.is_open():
            self.close_note()

    def owns_clipboard(self) -> bool:
        return self._guard.owns_clipboard()

    def unsaved_note(self) -> Note | None:
        """The open note with changes that are not saved yet (what a lock must not lose)."""
        return self.editor.unsaved_note()

    def restore_draft(self, note: Note) -> bool:
        """Bring back a note sealed at lock: open its case, show it, save it. Whether it
        was saved; False with the text on screen (retried) when the save fails again."""
        if not self._select_case(note.case_id) or self._case is None:
            raise LookupError("the case of the unsaved note is not available")
        existing = self._journal.get_note(note.id)
        if existing is not None:
            note = replace(note, addenda=list(existing.addenda))
        saved = self.editor.restore_draft(self._case, note, is_new=existing is None)
        self._show_editor()
        if saved:
            self.case_view.select_note(note.id)
        return saved

    def trash_dialog(self) -> None:
        if self.trash is not None and alive(self.trash):
            self.trash.raise_()
            self.trash.activateWindow()
            return
        dialog = TrashDialog(self._journal, self._privacy, self, masks=self.masks)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.status_message.connect(self.status_message)
        dialog.restored.connect(self._case_restored)
        dialog.record_restored.connect(self._record_restored)
        dialog.finished.connect(self._trash_closed)
        self.trash = dialog
        dialog.open()

    def _trash_closed(self, *_args: object) -> None:
        self.trash = None

    def _reload_trash(self) -> None:
        """Something went to the trash (or came back) elsewhere: an open trash shows it."""
        if self.trash is not None and alive(self.trash):
            self.trash.reload()

    def _record_restored(self, case_id: str) -> None:
        """A note or goal came back from the trash: its case, if shown, shows it again."""
        if self._case is not None and self._case.id == case_id:
            self._show_case(case_id, force=True)
            self._update_last_session(case_id)
            self._goals_changed()
        if self.search.query().strip():
            self.search.run()

    # ---- extras the window may use ----

    def reload(self) -> None:
        """Read the cases again (e.g. after an import) and rebuild the search index."""
        if self._background_timer is not None:  # not started yet: this start replaces it
            self._background_timer.stop()
            self._background_timer = None
            self.case_list.table.viewport().removeEventFilter(self)
        self._load_cases()
        self._start_background()

    def current_case(self) -> Case | None:
        return self._case

    def refresh_case(self, case_id: str) -> None:
        """Read one case again after it was changed outside the workspace (a summary's
        review taught it an identifier). Its row, the case view and the open note keep a
        copy of the case, and privacy mode masks with what that copy knows: without this,
        the new identifier would show on a shared screen until the case was reopened."""
        try:
            case = self._journal.get_case(case_id)
        except TamperedRecordError:
            self._damaged()
            return
        except Exception as exc:
            self._say(f"The case could not be read again: {describe_error(exc)}.")
            return
        if case is None or case.deleted_at is not None:
            return  # moved to the trash meanwhile: the list already let it go
        self._case_updated(case)

    def _case_updated(self, case: Case) -> None:
        """Show the saved ``case`` wherever it is shown; the masks follow by themselves,
        since they are rebuilt when a case's identifiers differ from the cached ones."""
        self.case_model.upsert_case(case)
        self.case_list.refresh_tags()  # a tag's mask in the filter depends on the case
        if self._case is not None and self._case.id == case.id:
            self._case = case
            self.case_view.update_case(case)
        self.editor.update_case(case)  # only if the open note is of this case
        if self.search.query().strip():
            self.search.run()  # snippets are masked with the case's identifiers

    # ---- reflection prompts ----

    def _read_prompt_library(
        self, prefetched: PromptLibrary | Exception | None = None
    ) -> PromptLibrary | None:
        try:
            if isinstance(prefetched, Exception):
                raise prefetched
            return prefetched if prefetched is not None else self._journal.prompt_library()
        except Exception as exc:
            self._say(f"The reflection prompts could not be read: {describe_error(exc)}.")
            return None

    def prompt_library(self) -> PromptLibrary | None:
        """The effective prompt library (defaults with the practitioner's changes)."""
        return self._prompt_library

    def reload_prompts(self) -> None:
        """Read the prompt library again (after the practitioner changed the prompts). Any
        pending typing is saved first; the open note keeps what is on screen."""
        self.editor.flush()
        library = self._read_prompt_library()
        if library is None:
            return
        self._prompt_library = library
        self.search.set_option_labels(option_labels(library))
        self.editor.set_prompt_library(library)
        self.case_view.reload_prompts()

    def _goals_changed(self, *_args: object) -> None:
        self._reload_trash()
        case = self._case
        if case is None:
            return
        self.search.set_case_goals(case.id, [goal.text for goal in self.case_view.goals()])
        if self.editor.is_open():
            self.editor.set_goals(case.id, self.case_view.goals())

    def _reflection_toggled(self, _shown: bool) -> None:
        self._peek_cases = False
        self._apply_arrangement()

    # ---- loading ----

    def _say(self, message: str) -> None:
        self.status_message.emit(message)

    def _load_cases(self, prefetched: list[Case] | Exception | None = None) -> None:
        try:
            if isinstance(prefetched, Exception):
                raise prefetched
            cases = prefetched if prefetched is not None else self._journal.list_cases()
        except Exception as exc:
            self._say(f"The cases could not be read: {describe_error(exc)}.")
            cases = []
        self.case_model.set_cases(cases)
        self._check_damage()

    def _start_background(self) -> None:
        """One pass on a worker: the search index and, from the same decrypt, each case's
        last session date."""
        self._scanning = True
        self._touched = set()
        self.search.set_ready(False)
        if self._freeze_after_load:
            # The window as built (widgets, cases) lives until the lock: the collections the
            # pass's allocations trigger then walk only what the pass makes.
            gc.freeze()
        self._build_index(with_dates=True)

    def _build_index(self, *, with_dates: bool = False) -> None:
        journal = self._journal
        self._indexing = True
        self._saved_while_indexing = False

        def load() -> tuple[dict[str, date] | None, dict[str, list[str]]]:
            dates: dict[str, date] | None = {} if with_dates else None
            journal.build_index(last_sessions=dates)
            goals: dict[str, list[str]] = {}
            for goal in journal.all_goals():  # searched beside the notes
                goals.setdefault(goal.case_id, []).append(goal.text)
            return dates, goals

        self._tasks.run_task(load, self._index_ready, self._index_failed)

    def _index_ready(self, loaded: tuple[dict[str, date] | None, dict[str, list[str]]]) -> None:
        if not alive(self):
            return
        dates, goals = loaded
        self.search.set_goals(goals)
        self._indexing = False
        if dates is not None:
            self._scanning = False
            self.case_model.set_last_sessions(dates, skip=self._touched)
        if self._saved_while_indexing:
            # A note saved while the index was being filled may be missing from it.
            self._build_index()
            return
        self._check_damage()
        self.search.set_ready(True)
        if self._freeze_after_load:
            # What the unlock built lives until the lock: moved out of the collector's reach,
            # a later full collection does not walk it again while the GIL is held. The
            # window unfreezes when it drops the workspace.
            gc.freeze()

    def _index_failed(self, exc: BaseException) -> None:
        if not alive(self):
            return
        self._indexing = False
        self._scanning = False
        self.search.summary.setText(f"Notes can't be searched right now: {describe_error(exc)}.")

    def _check_damage(self) -> None:
        count = len(self._journal.damaged)
        if count and count != self._damage_seen:
            self._damage_seen = count
            self.damage_banner.show_message(damaged_notice(count))

    def _damaged(self) -> None:
        self._check_damage()
        if not self._journal.damaged:
            self.damage_banner.show_message(damaged_notice(1))

    # ---- cases ----

    def _flush_or_explain(self) -> bool:
        if self.editor.flush():
            return True
        self._say(
            "The open note isn't saved yet, so it stays open. "
            "Casenotes keeps trying; your text is safe on screen."
        )
        return False

    def _current_case_changed(self, case_id: object) -> None:
        if not case_id:
            return  # filtered out of view: keep showing it
        if not self._show_case(str(case_id)) and self._case is not None:
            self.case_list.table.selectionModel().blockSignals(True)
            self.case_list.select_case(self._case.id)
            self.case_list.table.selectionModel().blockSignals(False)

    def _select_case(self, case_id: str) -> bool:
        """Select in the list (which shows it) and make sure it is shown."""
        self.case_list.select_case(case_id)
        return self._show_case(case_id)

    def _show_case(self, case_id: str, *, force: bool = False) -> bool:
        """Show the case at once; its notes (200 take a while to decrypt) are read on a
        worker and listed when they arrive, the list saying so meanwhile."""
        if self._case is not None and self._case.id == case_id and not force:
            self.right_stack.setCurrentWidget(self.content)
            return True
        if not self._flush_or_explain():
            return False
        try:
            case = self._journal.get_case(case_id)
            goals = self._journal.goals_for_case(case_id)
        except TamperedRecordError:
            self._damaged()
            return False
        except Exception as exc:
            self._say(f"That case could not be opened: {describe_error(exc)}.")
            return False
        if case is None or case.deleted_at is not None:
            self.case_model.remove_case(case_id)
            self._say("That case is no longer here; it may be in the trash.")
            return False
        self._case = case
        if self.editor.is_open() and (self.editor.case is None or self.editor.case.id != case_id):
            self.editor.clear()
            self._apply_arrangement()
        self.case_view.show_case(case, None, goals)
        self.search.set_case_goals(case_id, [goal.text for goal in goals])
        self.right_stack.setCurrentWidget(self.content)
        self._read_case_notes(case_id)
        return True

    def _read_case_notes(self, case_id: str) -> None:
        journal = self._journal
        self._notes_generation += 1
        generation = self._notes_generation
        self._saved_while_reading = {}
        self._reading_notes = True
        self._case_reader.run_task(
            lambda: journal.notes_for_case(case_id, include_deleted=True),
            lambda notes: self._case_notes_read(generation, case_id, notes),
            lambda exc: self._case_notes_failed(generation, exc),
        )

    def is_reading_notes(self) -> bool:
        """True while the shown case's notes are being read on the worker."""
        return self._reading_notes

    def _case_notes_read(self, generation: int, case_id: str, notes: list[Note]) -> None:
        if generation != self._notes_generation or not alive(self):
            return  # another case was opened since: its own read follows
        self._reading_notes = False
        if self._case is None or self._case.id != case_id:
            return
        saved, self._saved_while_reading = self._saved_while_reading, {}
        # A note saved while the read ran may be missing from it, or older in it.
        by_id = {note.id: note for note in notes}
        by_id.update(saved)
        self.case_view.set_notes(
            sorted(by_id.values(), key=lambda n: (n.session_date, n.created_at))
        )
        if self.editor.is_open() and self.editor.note_id():
            self.case_view.select_note(self.editor.note_id())
        self._update_last_session(case_id)
        self._check_damage()
        then, self._after_notes = self._after_notes, None
        if then is not None:
            then()

    def _case_notes_failed(self, generation: int, exc: BaseException) -> None:
        if generation != self._notes_generation or not alive(self):
            return
        self._reading_notes = False
        self._after_notes = None
        if isinstance(exc, TamperedRecordError):
            self._damaged()
            return
        self._say(f"The case's notes could not be read: {describe_error(exc)}.")

    def _when_notes_read(self, action: Callable[[], None]) -> None:
        """Do ``action`` now, or once the shown case's notes have arrived."""
        if self._reading_notes:
            self._after_notes = action
        else:
            action()

    def _open_case_and_focus(self, case_id: str) -> None:
        if self._select_case(case_id):
            self.case_view.timeline.setFocus()
            self._when_notes_read(self._first_session_current)

    def _first_session_current(self) -> None:
        if (
            not self.case_view.timeline.currentIndex().isValid()
            and self.case_view.session_model.rowCount()
        ):
            self.case_view.timeline.setCurrentIndex(self.case_view.session_model.index(0, 0))

    def _update_last_session(self, case_id: str) -> None:
        if self._case is None or self._case.id != case_id or self._reading_notes:
            return  # (while the notes are read, their arrival sets it)
        dates = [n.session_date for n in self.case_view.notes() if n.is_session]
        self.case_model.set_last_session(case_id, max(dates) if dates else None)
        if self._scanning:
            self._touched.add(case_id)

    def edit_case(self) -> None:
        case = self._case
        if case is None:
            return
        if self._privacy:  # the dialog shows every identifier as written
            self._say("The case can be edited once privacy mode is off.")
            return
        try:
            codes = {c.code for c in self._journal.list_cases(include_deleted=True)}
        except Exception as exc:
            self._say(f"The case can't be edited right now: {describe_error(exc)}.")
            return
        dialog = CaseDialog(case, codes, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._edited_case_accepted)
        self.case_dialog = dialog
        dialog.open()

    def _new_case_accepted(self) -> None:
        if self.case_dialog is not None:
            self._case_dialog_done(self.case_dialog, created=True)

    def _edited_case_accepted(self) -> None:
        if self.case_dialog is not None:
            self._case_dialog_done(self.case_dialog, created=False)

    def _case_dialog_done(self, dialog: CaseDialog, *, created: bool) -> None:
        try:
            saved = self._journal.save_case(dialog.case())
        except Exception as exc:
            self._say(f"The case could not be saved: {describe_error(exc)}.")
            return
        if created:
            self.case_model.upsert_case(saved)
            self._select_case(saved.id)
            self._say(f"Case {saved.code} created.")
            self.case_view.new_note_button.setFocus()
        else:
            self._case_updated(saved)
            self._say(f"Case {saved.code} saved.")

    def trash_case(self, case_id: str) -> None:
        case = self.case_model.case_by_id(case_id)
        if case is None:
            return
        answer = QMessageBox.question(
            self,
            "Move case to the trash?",
            f"Move {case.code} and its notes to the trash?\n\n"
            "You can bring it back from the trash at any time.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        showing = self._case is not None and self._case.id == case_id
        if showing and not self._flush_or_explain():
            return
        try:
            self._journal.trash_case(case_id)
        except Exception as exc:
            self._say(f"{case.code} could not be moved to the trash: {describe_error(exc)}.")
            return
        row = self.case_list.proxy.row_of(case_id)
        self.case_model.remove_case(case_id)
        if showing:
            self._case = None
            self.editor.clear()
            self._apply_arrangement()
            self.case_view.clear()
            self.right_stack.setCurrentIndex(0)
            next_id = self.case_list.proxy.case_id_at(min(row, self.case_list.proxy.rowCount() - 1))
            if next_id:
                self.case_list.select_case(next_id)
            self.case_list.table.setFocus()
        if self.search.query().strip():
            self.search.run()
        self._reload_trash()
        self._say(f"{case.code} moved to the trash. You can restore it from the trash.")

    def _case_restored(self, case_id: str) -> None:
        try:
            case = self._journal.get_case(case_id)
            notes = self._journal.notes_for_case(case_id)
        except Exception as exc:
            self._say(f"The restored case could not be read: {describe_error(exc)}.")
            return
        if case is None:
            return
        self.case_model.upsert_case(case)
        dates = last_session_dates(notes)
        self.case_model.set_last_session(case_id, dates.get(case_id))

    def _notes_changed(self, case_id: str) -> None:
        self._reload_trash()
        self._update_last_session(case_id)
        if self.editor.is_open() and self.editor.note is not None:
            live = {n.id for n in self.case_view.notes()}
            if self.editor.note_id() and self.editor.note_id() not in live:
                self.editor.clear()
                self._apply_arrangement()
        if self.search.query().strip():
            self.search.run()

    # ---- notes ----

    def _goals_of_case_shown(self, case_id: str) -> list[Goal] | None:
        case = self.case_view.case
        return self.case_view.goals() if case is not None and case.id == case_id else None

    def _open_note_of_current_case(self, note_id: str) -> None:
        if self._case is not None:
            self.open_note(self._case.id, note_id)
            keys = self.editor.section_keys()
            if keys and self.editor.note_id() == note_id:
                self.editor.section_edit(keys[0]).setFocus()

    def open_note(self, case_id: str, note_id: str, *, quiet: bool = False) -> bool:
        if self.editor.note_id() == note_id and self._case is not None and self._case.id == case_id:
            self._show_editor()
            self.case_view.select_note(note_id)
            return True
        if not self._select_case(case_id):
            return False
        if not self._flush_or_explain():
            return False
        try:
            note = self._journal.get_note(note_id)
        except TamperedRecordError:
            self._damaged()
            return False
        except Exception as exc:
            self._say(f"That note could not be opened: {describe_error(exc)}.")
            return False
        if note is None or note.deleted_at is not None or self._case is None:
            if not quiet:
                self._say("That note is no longer here; it may be in the trash.")
            return False
        self.editor.load(self._case, note)
        self._show_editor()
        self.case_view.select_note(note_id)
        return True

    def _open_search_result(self, case_id: str, note_id: str) -> None:
        """Open a note found by search, and show the match in place, highlighted."""
        if self.open_note(case_id, note_id):
            highlight_match(self.editor, self.search.query())

    def _open_search_case(self, case_id: str, field: str) -> None:
        """Open a case found by search, and show the match in its tab, highlighted."""
        self._open_case_and_focus(case_id)
        if self._case is not None and self._case.id == case_id:
            highlight_case_match(self.case_view, field, self.search.query())

    def close_note(self) -> None:
        if not self._flush_or_explain():
            return
        self.editor.clear()
        self._apply_arrangement()
        self.case_view.select_note(None)
        self.case_view.timeline.setFocus()

    def _show_editor(self) -> None:
        self.right_stack.setCurrentWidget(self.content)
        self._peek_cases = False
        self._apply_arrangement()

    def _reflection_open(self) -> bool:
        return self.editor.is_open() and self.editor.reflection_shown()

    def cases_aside(self) -> bool:
        """True while the case list steps aside for a note written with its reflection."""
        return self._reflection_open() and not self._peek_cases

    def side_by_side(self) -> bool:
        """True when an open note is shown beside the case rather than in its place."""
        if self.cases_aside():
            width = self.splitter.width() if self.isVisible() else self.width()
        elif self._right.isVisible():
            width = self.splitter.sizes()[1] or self._right.width()
        else:
            width = int(self.width() * 0.6)
        needed = SIDE_BY_SIDE_CHARS + (REFLECTION_CHARS if self._reflection_open() else 0)
        return width >= self.fontMetrics().averageCharWidth() * needed

    def _note_saved(self, note: Note) -> None:
        if self._reading_notes:
            self._saved_while_reading[note.id] = note
        self.case_view.upsert_note(note)
        self.case_view.select_note(note.id)
        self._update_last_session(note.case_id)
        if self._indexing:
            self._saved_while_indexing = True

    # ---- searching and layout ----

    def _query_changed(self, text: str) -> None:
        self.left_stack.setCurrentWidget(self.search if text.strip() else self.case_list)

    def _apply_arrangement(self) -> None:
        note_open = self.editor.is_open()
        if not note_open:
            self._peek_cases = False
        aside = self.cases_aside()
        if self._left.isHidden() != aside:
            if aside:
                self._left_sizes = self.splitter.sizes()
            self._left.setVisible(not aside)
            if not aside and getattr(self, "_left_sizes", None):
                self.splitter.setSizes(self._left_sizes)
        wide = self.side_by_side()
        was_hidden = self.editor.isHidden()
        self.editor.set_back_mode(not wide)
        self.editor.setVisible(note_open)
        self.case_view.setVisible(not note_open or wide)
        if note_open and wide and was_hidden:
            total = sum(self.content.sizes()) or self.content.width()
            self.content.setSizes([int(total * 0.4), int(total * 0.6)])

    def _splitter_moved(self, *_args: object) -> None:
        self._apply_arrangement()

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self._apply_arrangement()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._apply_arrangement()


__all__ = ["Workspace", "WorkspaceParts", "build_in_steps", "last_session_dates"]
