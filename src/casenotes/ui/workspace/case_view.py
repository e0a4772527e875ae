"""One case: a header that stays in view (code, chips, "New note", "Edit case…"), tabs for
its Overview, Goals and the picture Over time, and its Sessions below them, the split
between the two remembered.

The sections (``case_header``, ``overview_section``, ``goals_section``, ``over_time``,
``sessions_section``) only lay out and show what they are given; this module reads and
writes goals and the note trash, and asks the workspace to open notes, start a new one, or
edit the case."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtGui import QResizeEvent
from PySide6.QtWidgets import QComboBox, QMessageBox, QSplitter, QTabWidget, QVBoxLayout, QWidget

from casenotes.core.domain import GOAL_STATUS_LABELS, Case, Goal, GoalStatus, Note
from casenotes.core.domain.models import utc_now
from casenotes.core.journal import Journal
from casenotes.core.privacy import PrivacyMasks
from casenotes.core.prompts.course import case_course
from casenotes.core.prompts.library import load_default_library
from casenotes.core.prompts.model import PromptLibrary
from casenotes.ui import layout_memory
from casenotes.ui.errors import describe_error
from casenotes.ui.shared.common import format_date, model_data
from casenotes.ui.workspace.case_header import CaseHeader
from casenotes.ui.workspace.goal_dialog import GoalDialog
from casenotes.ui.workspace.goals_section import GoalsSection
from casenotes.ui.workspace.over_time import OverTimeSection
from casenotes.ui.workspace.overview_section import OverviewSection
from casenotes.ui.workspace.retention_label import show_retention
from casenotes.ui.workspace.session_model import SessionRole, session_title
from casenotes.ui.workspace.sessions_section import SessionsSection

OVERVIEW_TAB, GOALS_TAB, OVER_TIME_TAB = 0, 1, 2
TAB_KEY = "caseView/tab"
SPLIT_KEY = "caseView/split"
TABS_SHARE = 0.5  # of the height below the header, until the practitioner moves the split
# The header's details (chips, retention line): 1 shown, 0 folded, as the practitioner last
# chose; until they choose, folded when taller than this share of the view (large text).
DETAILS_KEY = "caseView/headerDetails"
DETAILS_SHARE = 0.15


log = logging.getLogger("casenotes.ui.workspace")


class CaseView(QWidget):
    """Shows one case. Reads and writes goals and note trash itself; asks the workspace to
    open notes, start a new one, or edit the case."""

    note_requested = Signal(str)
    new_note_requested = Signal()
    # A non-session note: "consultation", or "contact" with its channel ("phone", …).
    new_consultation_requested = Signal()
    new_contact_requested = Signal(str)
    edit_requested = Signal()
    notes_changed = Signal(str)  # case id: a note was trashed or restored
    goals_changed = Signal(str)  # case id: a goal was added or changed
    status_message = Signal(str)

    def __init__(
        self, journal: Journal, parent: QWidget | None = None, *, masks: PrivacyMasks | None = None
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._case: Case | None = None
        self._goals: list[Goal] = []
        self._privacy = False
        self._course_stale = False  # the "Over time" tab to be worked out when shown
        self._masks = masks if masks is not None else PrivacyMasks()
        self._show_trashed = False
        self._library: PromptLibrary | None = None
        self.goal_dialog: GoalDialog | None = None
        self._details_choice = -1  # -1: by the room there is
        self._build()
        self._name_parts()
        self._connect()
        self._recall_layout()

    # ---- layout ----

    def _build(self) -> None:
        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        outer.setSpacing(0)
        self.header = CaseHeader()
        outer.addWidget(self.header)
        self.tabs = QTabWidget()
        self.tabs.setObjectName("caseTabs")
        self.tabs.setDocumentMode(True)
        self.overview = OverviewSection()
        self.goals_section = GoalsSection()
        self.over_time = OverTimeSection()
        self.over_time.setObjectName("overTime")
        self.tabs.addTab(self.overview, "Overview")
        self.tabs.addTab(self.goals_section, "Goals")
        self.tabs.addTab(self.over_time, "Over time")
        self.sessions = SessionsSection()
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setObjectName("caseSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.tabs)
        self.splitter.addWidget(self.sessions)
        self.splitter.setStretchFactor(0, 1)
        self.splitter.setStretchFactor(1, 1)
        handle = self.splitter.handle(1)
        handle.setAccessibleName("Resize the tabs and the sessions")
        handle.setToolTip("Drag to give the tabs or the sessions more room")
        outer.addWidget(self.splitter, 1)

    def _name_parts(self) -> None:
        """The parts by the names the workspace and the tests have always used."""
        header, overview, sessions = self.header, self.overview, self.sessions
        self.title, self.chips = header.title, header.chips
        self.new_note_button, self.edit_button = header.new_note_button, header.edit_button
        self.other_note_button = header.other_note_button
        self.new_consultation_action = header.new_consultation_action
        self.contact_actions = header.contact_actions
        self.facts, self.concerns = overview.facts, overview.concerns
        self.privacy_note, self.partners_box = overview.privacy_note, overview.partners_box
        self.identifiers_toggle = overview.identifiers_toggle
        self.identifiers = overview.identifiers
        self.add_goal_button = self.goals_section.add_goal_button
        self.goals_box = self.goals_section.goals_box
        self.chart, self.course_model = self.over_time.chart, self.over_time.table_model
        self.session_model, self.timeline = sessions.model, sessions.timeline
        self.show_trash_check = sessions.show_trash_check
        self.restore_note_button = sessions.restore_note_button
        self.sessions_heading = sessions.heading

    def _connect(self) -> None:
        self.new_note_button.clicked.connect(self.new_note_requested)
        self.new_consultation_action.triggered.connect(self.new_consultation_requested)
        for channel, action in self.contact_actions.items():
            action.triggered.connect(
                lambda _=False, c=channel.value: self.new_contact_requested.emit(c)
            )
        self.edit_button.clicked.connect(self.edit_requested)
        self.goals_section.add_requested.connect(self._add_goal)
        self.goals_section.edit_requested.connect(self._edit_goal)
        self.goals_section.status_chosen.connect(self._set_goal_status)
        self.goals_section.delete_requested.connect(self._trash_goal)
        self.timeline.open_requested.connect(self.note_requested)
        self.timeline.activated.connect(self._activated)
        self.timeline.trash_requested.connect(self.trash_note)
        self.timeline.selectionModel().currentChanged.connect(self._update_restore)
        self.show_trash_check.toggled.connect(self._toggle_trash)
        self.restore_note_button.clicked.connect(self._restore_selected)
        self.over_time.session_activated.connect(self.note_requested)
        self.over_time.shown.connect(self._over_time_shown)
        self.tabs.currentChanged.connect(self._tab_changed)
        self.splitter.splitterMoved.connect(self._split_moved)
        self.header.details_chosen.connect(self._details_chosen)
        QWidget.setTabOrder(self.header.details_toggle, self.tabs)

    def _recall_layout(self) -> None:
        """The tab and the split as the practitioner last left them (no client data)."""
        tab = layout_memory.recall_int(TAB_KEY, OVERVIEW_TAB)
        self.tabs.setCurrentIndex(tab if 0 <= tab < self.tabs.count() else OVERVIEW_TAB)
        if not layout_memory.restore_splitter(SPLIT_KEY, self.splitter):
            self.splitter.setSizes([int(TABS_SHARE * 1000), int((1 - TABS_SHARE) * 1000)])
        self._details_choice = layout_memory.recall_int(DETAILS_KEY, -1)

    def _over_time_shown(self) -> None:
        if self._course_stale:
            self._refresh_course()

    def _tab_changed(self, index: int) -> None:
        layout_memory.remember_int(TAB_KEY, index)

    def _split_moved(self, *_args: object) -> None:
        layout_memory.remember_splitter(SPLIT_KEY, self.splitter)

    # ---- the header's details, shown or folded ----

    def _details_chosen(self, shown: bool) -> None:
        self._details_choice = int(shown)
        layout_memory.remember_int(DETAILS_KEY, int(shown))
        self.header.set_details_shown(shown)

    def fit_header(self) -> None:
        """Show the header's details as last chosen; until a choice, only while they take
        no more than a share of the view, so that a short view (large text, a small screen)
        keeps its room for the tabs and the sessions."""
        if self._details_choice in (0, 1):
            shown = bool(self._details_choice)
        else:
            width = self.header.title.width() or self.width() // 2
            shown = self.header.details_height(width) <= self.height() * DETAILS_SHARE
        if shown != self.header.details_shown():
            self.header.set_details_shown(shown)

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_header()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_header()

    # ---- showing a case ----

    @property
    def case(self) -> Case | None:
        return self._case

    @property
    def _goal_combos(self) -> dict[str, QComboBox]:
        return self.goals_section.combos

    def show_case(self, case: Case, notes: list[Note] | None, goals: list[Goal]) -> None:
        """Show the case; ``notes`` None while they are still being read: the sessions then
        say so quietly until ``set_notes`` brings them."""
        self._case = case
        self._goals = goals
        self._render_case()
        self._render_goals()
        self.session_model.set_mask(self._mask_fn())
        if notes is None:
            self.session_model.set_notes([])
            self.sessions.set_loading(True)
            self._update_restore()
            self.over_time.set_course(None)
            return
        self.set_notes(notes)

    def set_notes(self, notes: list[Note]) -> None:
        """The case's notes (the trashed ones too), as read for the case shown."""
        self.sessions.set_loading(False)
        self.session_model.set_notes(
            [n for n in notes if self._show_trashed or n.deleted_at is None]
        )
        self._update_sessions_heading()
        self._update_restore()
        self._refresh_course()
        self._render_retention(notes)

    def _render_retention(self, notes: list[Note]) -> None:
        try:
            years = self._journal.settings().retention_years
        except Exception as exc:  # the line is left out rather than the case
            log.warning("retention years could not be read (%s)", type(exc).__name__)
            return
        if self._case is not None:
            show_retention(self.header.record_line, self._case, notes, years)

    def update_case(self, case: Case) -> None:
        self._case = case
        self._render_case()
        if self._privacy:  # its identifiers may have changed: mask again
            self._render_goals()
            self.session_model.set_mask(self._mask_fn())
            self._refresh_course()

    def clear(self) -> None:
        self._case = None
        self._goals = []
        self.session_model.set_notes([])
        self.over_time.set_course(None)

    def notes(self) -> list[Note]:
        return [n for n in self.session_model.notes() if n.deleted_at is None]

    def upsert_note(self, note: Note) -> None:
        if self._case is None or note.case_id != self._case.id:
            return
        current = self.timeline.current_note_id()
        row = self.session_model.row_of(note.id)
        before = self.session_model.note_at(row) if row >= 0 else None
        if not self.session_model.replace_in_place(note):
            self.session_model.upsert(note)
        if current:
            self.select_note(current)
        self._update_sessions_heading()
        # Autosave lands here about a second after each pause in typing: the picture over
        # time changes only with the date, the reflection, the goals or the trash.
        if before is None or _course_key(before) != _course_key(note):
            self._refresh_course()

    def select_note(self, note_id: str | None) -> None:
        selection = self.timeline.selectionModel()
        row = self.session_model.row_of(note_id) if note_id else -1
        if row < 0:
            selection.clearSelection()
            return
        index = self.session_model.index(row, 0)
        if self.timeline.currentIndex() != index:
            selection.setCurrentIndex(index, QItemSelectionModel.SelectionFlag.ClearAndSelect)
        self.timeline.scrollTo(index)

    def set_privacy_mode(self, on: bool) -> None:
        self._privacy = on
        self.session_model.set_mask(self._mask_fn())
        if self._case is not None:
            self._render_case()
            self._render_goals()
            self._refresh_course()

    def _mask_fn(self) -> Callable[[str], str] | None:
        """Privacy mode's mask for the case shown, or None when names may show."""
        if not self._privacy or self._case is None:
            return None
        return self._masks.for_case(self._case)

    def _mask(self, text: str) -> str:
        mask = self._mask_fn()
        return mask(text) if mask is not None else text

    def _render_case(self) -> None:
        if self._case is None:
            return
        self.header.show_case(self._case, private=self._privacy, mask=self._mask)
        self.fit_header()
        self.overview.show_case(self._case, private=self._privacy)

    def _render_goals(self) -> None:
        self.goals_section.set_goals(
            self._goals,
            shown_text=[self._mask(g.text) for g in self._goals],
            editable=not self._privacy,
        )
        count = len(self._goals)
        self.tabs.setTabText(GOALS_TAB, f"Goals ({count})" if count else "Goals")

    def _update_sessions_heading(self) -> None:
        self.sessions.update_heading()

    # ---- goals ----

    def goals(self) -> list[Goal]:
        return list(self._goals)

    def _open_goal_dialog(self, goal: Goal | None) -> None:
        if self._case is None:
            return
        dialog = GoalDialog(goal, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.accepted.connect(self._goal_dialog_accepted)
        self.goal_dialog = dialog
        dialog.open()

    def _add_goal(self) -> None:
        self._open_goal_dialog(None)

    def _edit_goal(self, goal_id: str) -> None:
        goal = next((g for g in self._goals if g.id == goal_id), None)
        if goal is not None:
            self._open_goal_dialog(goal)

    def _goal_dialog_accepted(self) -> None:
        # Signals are connected to bound methods, never to lambdas holding the sender: with
        # PySide6 6.12 freeing such a lambda while Qt destroys the sender crashes.
        dialog = self.goal_dialog
        case = self._case
        if case is None or dialog is None:
            return
        if dialog.goal is None:
            goal = Goal(case_id=case.id, text=dialog.text(), status=dialog.status())
        else:
            goal = replace(dialog.goal, text=dialog.text(), status=dialog.status())
        self._save_goal(goal, "Goal saved.")

    def _set_goal_status(self, goal_id: str, status: object) -> None:
        goal = next((g for g in self._goals if g.id == goal_id), None)
        if goal is None or status is None or goal.status == status:
            return
        chosen = GoalStatus(str(status))
        label = GOAL_STATUS_LABELS.get(chosen, "")
        self._save_goal(replace(goal, status=chosen), f"Goal marked {label}.")

    def _confirm(self, title: str, text: str) -> bool:
        """Yes or Cancel, Cancel the default: a move to the trash is asked for once."""
        answer = QMessageBox.question(
            self,
            title,
            text,
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        return answer == QMessageBox.StandardButton.Yes

    def _trash_goal(self, goal_id: str) -> None:
        goal = next((g for g in self._goals if g.id == goal_id), None)
        if goal is None:
            return
        if not self._confirm(
            "Move goal to the trash?",
            f"Move this goal to the trash?\n\n“{self._mask(goal.text)}”\n\n"
            "You can bring it back, with its history, from the trash.",
        ):
            return
        try:
            self._journal.trash_goal(goal_id)
        except Exception as exc:
            self.status_message.emit(f"The goal could not be moved: {describe_error(exc)}.")
            return
        self._goals = [g for g in self._goals if g.id != goal_id]
        self._render_goals()
        self._refresh_course()
        self.add_goal_button.setFocus()  # its row, and the button, are gone
        self.status_message.emit("Goal moved to the trash. You can restore it from the trash.")
        self.goals_changed.emit(goal.case_id)

    def _save_goal(self, goal: Goal, message: str) -> None:
        try:
            saved = self._journal.save_goal(goal)
        except Exception as exc:
            self.status_message.emit(f"The goal could not be saved: {describe_error(exc)}.")
            self._render_goals()
            return
        for position, existing in enumerate(self._goals):
            if existing.id == saved.id:
                self._goals[position] = saved
                break
        else:
            self._goals.append(saved)
        self._render_goals()
        self._refresh_course()
        self.status_message.emit(message)
        self.goals_changed.emit(saved.case_id)

    # ---- the picture over time ----

    def library(self) -> PromptLibrary:
        """The prompts as customised, hidden ones included: a hidden prompt keeps its
        answers, and the needs recorded with it stay on the chart."""
        if self._library is None:
            try:
                self._library = self._journal.prompt_library(include_hidden=True)
            except Exception as exc:  # the defaults still name the needs
                self.status_message.emit(
                    f"Your reflection prompts could not be read: {describe_error(exc)}."
                )
                self._library = load_default_library()
        return self._library

    def reload_prompts(self) -> None:
        """Read the prompt library again (after the practitioner edited it) and redraw."""
        self._library = None
        self._refresh_course()

    def _refresh_course(self) -> None:
        if self._case is None:
            self._course_stale = False
            self.over_time.set_course(None)
            return
        if not self.over_time.isVisible():
            # Worked out when the tab is shown (every note of the case is read for it:
            # ~20 ms at 200 notes, on each case opened and each note saved). Nothing of
            # the case before stays in it meanwhile.
            if not self._course_stale:
                self._course_stale = True
                self.over_time.set_course(None)
            return
        self._course_stale = False
        notes = sorted(self.notes(), key=lambda n: (n.session_date, n.created_at))
        try:
            course = case_course(notes, list(self._goals), self.library())
        except Exception as exc:
            self.status_message.emit(
                f"The picture over time could not be drawn: {describe_error(exc)}."
            )
            course = None
        goals = self._goals
        if self._mask_fn() is not None:  # chart, table, tooltips and what a screen reader hears
            masker = self._masks.for_case(self._case)
            course = masker.mask_course(course)
            goals = [masker.mask_goal(g) for g in goals]
        self.over_time.chart.set_goal_histories({g.id: g.history for g in goals})
        self.over_time.set_course(course)

    # ---- notes: open, trash, restore ----

    def _activated(self, index: QModelIndex) -> None:
        value = model_data(index, SessionRole.NOTE_ID)
        if value and not model_data(index, SessionRole.IN_TRASH):
            self.note_requested.emit(str(value))

    def trash_note(self, note_id: str) -> None:
        note = next((n for n in self.session_model.notes() if n.id == note_id), None)
        if note is None or note.deleted_at is not None:
            return
        if not self._confirm(
            "Move note to the trash?",
            f"Move the note from {format_date(note.session_date)} to the trash?\n\n"
            "You can bring it back: tick “Show notes in the trash” below the sessions.",
        ):
            return
        try:
            self._journal.trash_note(note_id)
        except Exception as exc:
            self.status_message.emit(f"The note could not be moved: {describe_error(exc)}.")
            return
        if self._show_trashed:
            self.session_model.replace_in_place(replace(note, deleted_at=utc_now()))
        else:
            self.session_model.remove(note_id)
        self._notes_moved("Note moved to the trash.")

    def _toggle_trash(self, on: bool) -> None:
        self._show_trashed = on
        case = self._case
        if case is None:
            return
        try:
            notes = self._journal.notes_for_case(case.id, include_deleted=on)
        except Exception as exc:
            self.status_message.emit(f"The sessions could not be read: {describe_error(exc)}.")
            return
        current = self.timeline.current_note_id()
        self.session_model.set_notes(notes)
        self.select_note(current)
        self._update_sessions_heading()
        self._update_restore()

    def _update_restore(self, *_args: object) -> None:
        self.sessions.update_restore(self._show_trashed)

    def _restore_selected(self) -> None:
        index = self.timeline.currentIndex()
        note = model_data(index, SessionRole.NOTE) if index.isValid() else None
        if not isinstance(note, Note) or note.deleted_at is None:
            return
        try:
            self._journal.restore_note(note.id)
        except Exception as exc:
            self.status_message.emit(f"The note could not be restored: {describe_error(exc)}.")
            return
        self.session_model.replace_in_place(replace(note, deleted_at=None))
        self._update_restore()
        self._notes_moved(f"Restored the note from {session_title(note)}.")

    def _notes_moved(self, message: str) -> None:
        self._update_sessions_heading()
        self._refresh_course()
        self.status_message.emit(message)
        if self._case is not None:
            self.notes_changed.emit(self._case.id)


def _course_key(note: Note) -> tuple[object, ...]:
    """What of a note the case's course (chart and table) is drawn from."""
    return (note.session_date, note.reflection, note.goal_ids, note.deleted_at)
