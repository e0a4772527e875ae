"""The note editor: a template's labelled sections, session details, autosave about a second
after typing stops, sign-and-lock, addenda, and the history of saved states. Beside the
sections, the reflection panel holds the case's reflection prompts; above them, the goals this
session worked on. Both are part of the note and save the same way as typing.

Saving never loses text: a failed save leaves everything on screen, says what happened in a
sentence, and tries again on its own.

The sections (``note_header``, ``session_details``, ``note_body``, ``reflection_panel``) lay
out and show; this module loads, saves, signs and keeps the history."""

from __future__ import annotations

import logging
from collections.abc import Callable
from dataclasses import replace
from datetime import date
from itertools import pairwise
from typing import Any

from PySide6.QtCore import QDate, Qt, QTimer, Signal
from PySide6.QtGui import QKeySequence, QShortcut
from PySide6.QtWidgets import QMessageBox, QSplitter, QVBoxLayout, QWidget

from casenotes.core.domain import (
    KIND_TEMPLATES,
    TEMPLATES,
    Case,
    Goal,
    Note,
    NoteKind,
    NoteTemplate,
    SessionFormat,
)
from casenotes.core.journal import Journal
from casenotes.core.privacy import PrivacyMasks
from casenotes.core.prompts import Prompt, PromptLibrary, prompts_for
from casenotes.ui.errors import describe_error
from casenotes.ui.shared.common import (
    ClipboardGuard,
    TaskRunnerLike,
    format_date,
    format_datetime,
    format_time,
    from_qdate,
    set_read_only,
    split_list,
    to_qdate,
)
from casenotes.ui.shared.widgets import esc, muted_color
from casenotes.ui.tasks import log_failure
from casenotes.ui.workspace.history_dialog import HistoryDialog
from casenotes.ui.workspace.note_body import NoteBody, read_as_page
from casenotes.ui.workspace.note_header import NoteHeader
from casenotes.ui.workspace.process_notes_panel import ProcessNotesPanel
from casenotes.ui.workspace.session_details import SessionDetails
from casenotes.ui.workspace.text_edits import SectionEdit

log = logging.getLogger("casenotes.ui.workspace")

AUTOSAVE_MS = 1000
RETRY_DELAYS_MS: tuple[int, ...] = (3000, 10000, 30000)

# Whether the reflection panel is open, remembered for the rest of this run of the app (a
# lock rebuilds the editor; the choice survives it).
_session: dict[str, bool] = {"reflection_shown": True}


def reflection_shown_for_session() -> bool:
    return _session["reflection_shown"]


def remember_reflection_shown(shown: bool) -> None:
    _session["reflection_shown"] = shown


class NoteEditor(QWidget):
    note_saved = Signal(object)  # Note, after every successful save, sign or addendum
    close_requested = Signal()
    status_message = Signal(str)
    reflection_toggled = Signal(bool)  # the reflection panel was opened or closed
    open_changed = Signal(bool)  # a note was opened (True) or the editor emptied (False)

    def __init__(
        self,
        journal: Journal,
        guard: ClipboardGuard,
        parent: QWidget | None = None,
        *,
        prompt_library: PromptLibrary | None = None,
        masks: PrivacyMasks | None = None,
        tasks: TaskRunnerLike | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._tasks = tasks  # makes, writes and prints the note off the GUI thread
        self._masks = masks if masks is not None else PrivacyMasks()
        self._guard = guard
        self._library = prompt_library
        self._case: Case | None = None
        self._note: Note | None = None  # as last loaded or saved
        self._is_new = False  # not in the journal yet (first edit saves it)
        self._dirty = False
        self._privacy = False
        self._loading = False
        self._failures = 0
        self._sections: dict[str, SectionEdit] = {}
        self._chain_deferred = False
        # Where the open case's goals come from without a read (the workspace's case view,
        # which holds them for the case it shows); None, or None from it: read them.
        self.goals_source: Callable[[str], list[Goal] | None] | None = None
        self._addendum_drafts: dict[str, str] = {}
        self.autosave_ms = AUTOSAVE_MS
        self.retry_delays_ms = RETRY_DELAYS_MS
        self.history_dialog: HistoryDialog | None = None
        self.record_export: Any = None  # the RecordExport under way (held while it runs)

        self._autosave = QTimer(self)
        self._autosave.setSingleShot(True)
        self._autosave.timeout.connect(self._save)
        self._retry = QTimer(self)
        self._retry.setSingleShot(True)
        self._retry.timeout.connect(self._save)

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.header = NoteHeader(reflection_shown_for_session())
        outer.addWidget(self.header)
        self.details = SessionDetails()
        outer.addWidget(self.details)
        self.body = NoteBody(guard)
        # The process notes (reflection, self-check, free text), beside the sections.
        self.reflection_panel = ProcessNotesPanel(journal, guard)
        self.splitter = QSplitter(Qt.Orientation.Horizontal)
        self.splitter.setObjectName("noteSplitter")
        self.splitter.setChildrenCollapsible(False)
        self.splitter.addWidget(self.body)
        self.splitter.addWidget(self.reflection_panel)
        self.splitter.setStretchFactor(0, 3)
        self.splitter.setStretchFactor(1, 2)
        self.reflection_panel.setVisible(self.header.reflection_button.isChecked())
        self._splitter_sized = False
        outer.addWidget(self.splitter, 1)
        self._name_parts()
        self._connect()
        # REFLECTION_SHORTCUT belongs to the window's View → Reflection panel action, so it
        # works wherever the focus is; the button here follows that action and vice versa.
        self._update_actions()

    def _name_parts(self) -> None:
        """The parts by the names the workspace, the window and the tests have always used."""
        header, details, body = self.header, self.details, self.body
        self.title, self.saved_label = header.title, header.saved_label
        self.history_button, self.sign_button = header.history_button, header.sign_button
        self.close_button = header.close_button
        self.reflection_button = header.reflection_button
        self.error_banner, self.signed_banner = header.error_banner, header.signed_banner
        self.output_button = header.output_button
        self.export_pdf_action = header.export_pdf_action
        self.print_note_action = header.print_note_action
        self.kind_combo = details.kind_combo
        self.template_combo, self.date_edit = details.template_combo, details.date_edit
        self.duration_spin, self.format_combo = details.duration_spin, details.format_combo
        self.tags_edit, self.tags_box = details.tags_edit, details.tags_box
        self.attendance_field = details.attendance_field
        self.body_scroll, self.goal_links = body, body.goal_links
        self.sections_box, self.sections_layout = body.sections_box, body.sections_layout
        self.privacy_notice, self.privacy_view = body.privacy_notice, body.privacy_view
        self.addenda_box, self.addendum_edit = body.addenda_box, body.addendum_edit
        self.addenda_list = body.addenda_list
        self.add_addendum_button = body.add_addendum_button

    def _connect(self) -> None:
        self.error_banner.action_clicked.connect(self._save)
        self.export_pdf_action.triggered.connect(self._export_pdf)
        self.print_note_action.triggered.connect(self._print_note)
        self.kind_combo.currentIndexChanged.connect(self._kind_changed)
        self.template_combo.currentIndexChanged.connect(self._template_changed)
        self.date_edit.dateChanged.connect(self._edited)
        self.duration_spin.valueChanged.connect(self._edited)
        self.format_combo.currentIndexChanged.connect(self._edited)
        self.attendance_field.edited.connect(self._edited)
        self.tags_edit.textEdited.connect(self._edited)
        self.details.channel_combo.currentIndexChanged.connect(self._edited)
        self.details.summary_combo.currentIndexChanged.connect(self._edited)
        self.history_button.clicked.connect(self.open_history)
        self.sign_button.clicked.connect(self.sign)
        self.close_button.clicked.connect(self.close_requested)
        self.body.section_edited.connect(self._edited)
        self.addendum_edit.textChanged.connect(self._addendum_text_changed)
        self.add_addendum_button.clicked.connect(self.add_addendum)
        self.reflection_panel.edited.connect(self._edited)
        self.reflection_panel.save_failed.connect(self.status_message)
        self.goal_links.edited.connect(self._edited)
        self.reflection_button.toggled.connect(self._reflection_button_toggled)
        save_now = QShortcut(QKeySequence.StandardKey.Save, self)
        save_now.setContext(Qt.ShortcutContext.WidgetWithChildrenShortcut)
        save_now.activated.connect(self.flush)

    # ---- what is open ----

    @property
    def note(self) -> Note | None:
        return self._note

    @property
    def case(self) -> Case | None:
        return self._case

    def note_id(self) -> str | None:
        """The open note's id, or None when nothing is open or the note was never saved."""
        if self._note is None or self._is_new:
            return None
        return self._note.id

    def is_open(self) -> bool:
        return self._note is not None

    def has_unsaved_changes(self) -> bool:
        return self._dirty

    def section_edit(self, key: str) -> SectionEdit:
        return self._sections[key]

    def section_keys(self) -> list[str]:
        return list(self._sections)

    # ---- loading ----

    def load(self, case: Case, note: Note, *, is_new: bool = False) -> None:
        """Show a note. The caller flushes the previous one first."""
        # The Tab order is chained once, at the end, not by each part as it is filled.
        self._chain_deferred = True
        try:
            self._load(case, note, is_new=is_new)
        finally:
            self._chain_deferred = False
        self._chain_tab_order()
        self.open_changed.emit(True)

    def _load(self, case: Case, note: Note, *, is_new: bool) -> None:
        self._remember_addendum_draft()
        self._autosave.stop()
        self._retry.stop()
        self._case = case
        self._note = note
        self._is_new = is_new
        self._dirty = False
        self._failures = 0
        self.error_banner.hide()
        # Shown first, while the editor's layouts are still valid: showing a widget lays out
        # everything above it at once, and after the note's text is in that was the whole
        # window a second time (13 ms of every switch to a signed note).
        self._render_signed_banner()
        self._loading = True
        try:
            self.template_combo.setCurrentIndex(
                max(0, self.template_combo.findData(note.template.value))
            )
            self.date_edit.setDate(to_qdate(note.session_date))
            self.duration_spin.setValue(note.duration_minutes)
            self.format_combo.setCurrentIndex(max(0, self.format_combo.findData(note.format.value)))
            self.tags_edit.setText(", ".join(note.tags))
            self.attendance_field.load(case, note.attendance, read_only=note.is_signed)
            self._build_sections(note.template, note.sections)
            self.addendum_edit.show_text(self._addendum_drafts.pop(note.id, ""))
            self.reflection_panel.show_note(note.id)
            self.reflection_panel.set_prompts(self._prompts_for(case))
            # Process notes are outside the signature: editable on a signed note too.
            self.reflection_panel.load(note.reflection, read_only=False)
            self.goal_links.set_goals(self._goals_for(case))
            self.goal_links.load(note.goal_ids, read_only=note.is_signed)
            self.details.set_kind(note.kind)
            self.details.set_channel(note.channel)
            self.details.set_summaries(
                self._summaries_for(case) if note.kind is NoteKind.CONSULTATION else [],
                note.export_log_id,
            )
        finally:
            self._loading = False
        self._render_title()
        self._render_signed()
        if note.is_signed:
            self._set_saved_text("Signed and locked")
        else:
            self._set_saved_text("New note: it saves as you write" if is_new else "Saved")
        self._update_actions()
        self._render_privacy()

    def clear(self) -> None:
        self._remember_addendum_draft()
        self._autosave.stop()
        self._retry.stop()
        self._note = None
        self._case = None
        self._is_new = False
        self._dirty = False
        self.error_banner.hide()
        self._loading = True
        try:
            self._build_sections(NoteTemplate.FREE, {})
            self.addendum_edit.clear()
            self.reflection_panel.show_note(None)
            self.reflection_panel.load({}, read_only=False)
            self.goal_links.set_goals([])
            self.goal_links.load([], read_only=False)
        finally:
            self._loading = False
        self._update_actions()
        self._render_privacy()
        self.open_changed.emit(False)

    def set_back_mode(self, back: bool) -> None:
        """When the note takes the case's place, its close button leads back to the case."""
        text = "‹ Back to the case" if back else "Close note"
        if self.close_button.text() != text:
            self.close_button.setText(text)
            self.close_button.setAccessibleName(
                "Back to the case's sessions" if back else "Close this note"
            )

    def set_privacy_mode(self, on: bool) -> None:
        self._privacy = on
        self._render_title()
        self._update_actions()
        self._render_privacy()

    def privacy_masked(self) -> bool:
        """Whether the note is shown masked (privacy mode, a note open)."""
        return self._privacy and self._note is not None and self._case is not None

    def _render_privacy(self) -> None:
        """Show the masked copy (privacy mode) or the note's own widgets, never both."""
        masked = self.privacy_masked()
        mask = self._masks.for_case(self._case) if masked and self._case is not None else None
        self.sections_box.setVisible(not masked)
        self.tags_box.setVisible(not masked)
        self.privacy_notice.setVisible(masked)
        self.privacy_view.setVisible(masked)
        # A template change rebuilds the sections the masked copy stands for.
        self.template_combo.setEnabled(not masked and not (self._note and self._note.is_signed))
        self.goal_links.set_mask(mask)
        self.reflection_panel.set_mask(mask)
        if mask is None:
            self.privacy_view.clear()  # no masked copy lingers out of sight
            self._chain_tab_order()
            return
        parts: list[str] = []
        single = len(self._sections) == 1
        for edit in self._sections.values():
            text = mask(edit.toPlainText().strip())
            if single:
                parts.append(text)
            elif text:
                parts.append(f"{edit.accessibleName()}\n{text}")
        tags = split_list(self.tags_edit.text())
        if tags:
            parts.append("Tags: " + ", ".join(mask(tag) for tag in tags))
        note = self._note
        for addendum in note.addenda if note is not None else []:
            parts.append(
                f"Addendum, added {format_datetime(addendum.created_at)}\n{mask(addendum.text)}"
            )
        self.privacy_view.setPlainText("\n\n".join(p for p in parts if p) or "Nothing written yet.")
        self._chain_tab_order()  # the goals' check boxes were made anew

    def update_case(self, case: Case) -> None:
        if self._case is not None and self._case.id == case.id:
            self._case = case
            self._render_title()
            self.reflection_panel.set_prompts(self._prompts_for(case))  # types may change
            self._chain_tab_order()
            self._render_privacy()  # the identifiers may have changed

    # ---- reflection prompts and goals ----

    def set_prompt_library(self, library: PromptLibrary | None) -> None:
        """Use this prompt library (as customised); the open note keeps what is on screen."""
        self._library = library
        if self._case is not None:
            self.reflection_panel.set_prompts(self._prompts_for(self._case))
            self._chain_tab_order()

    def prompt_library(self) -> PromptLibrary | None:
        return self._library

    def _prompts_for(self, case: Case) -> tuple[Prompt, ...]:
        if self._library is None:
            return ()
        return prompts_for(self._library, case.client_types)

    def _goals_for(self, case: Case) -> list[Goal]:
        known = self.goals_source(case.id) if self.goals_source is not None else None
        if known is not None:
            return known
        try:
            return self._journal.goals_for_case(case.id)
        except Exception as exc:  # the note still opens; the goal links wait for a reload
            log_failure(exc)
            return []

    def set_goals(self, case_id: str, goals: list[Goal]) -> None:
        """The case's goals changed (added, reworded, a new status): show them, keeping the
        ticks on screen."""
        if self._case is None or self._case.id != case_id:
            return
        loading, self._loading = self._loading, True
        try:
            self.goal_links.set_goals(goals)
        finally:
            self._loading = loading
        self._chain_tab_order()

    def reflection_shown(self) -> bool:
        """Whether the reflection panel is wanted beside the note (when one is open)."""
        return self.reflection_button.isChecked()

    def set_reflection_shown(self, shown: bool) -> None:
        self.reflection_button.setChecked(shown)

    def _reflection_button_toggled(self, shown: bool) -> None:
        remember_reflection_shown(shown)
        self.reflection_button.setAccessibleName(
            "Hide the reflection prompts" if shown else "Show the reflection prompts"
        )
        self.reflection_panel.setVisible(shown)
        if shown:
            self._size_splitter()
        self.reflection_toggled.emit(shown)

    def _size_splitter(self) -> None:
        total = self.splitter.width()
        if total <= 0:
            return
        # The note keeps the larger share; the prompts get enough for their options.
        wanted = self.fontMetrics().averageCharWidth() * 56
        panel = max(self.reflection_panel.minimumWidth(), min(wanted, int(total * 0.45)))
        self.splitter.setSizes([total - panel, panel])
        self._splitter_sized = True

    def showEvent(self, event: Any) -> None:
        super().showEvent(event)
        if not self._splitter_sized and self.reflection_panel.isVisible():
            # Once the layout has given the splitter its real width, not the first guess.
            QTimer.singleShot(0, self, self._size_splitter)

    def _remember_addendum_draft(self) -> None:
        if self._note is not None and self.addendum_edit.toPlainText().strip():
            self._addendum_drafts[self._note.id] = self.addendum_edit.toPlainText()

    def _render_title(self) -> None:
        # A draft's kind as chosen on screen (it may not be saved yet).
        note = self._note if self._note is None or self._note.is_signed else self.current_note()
        if note is None or self._case is None:
            self.title.clear()
            return
        # A consultation record or contact says what it is (a session needs no word).
        head = " · ".join(
            p for p in (self._case.code, note.kind_label, format_date(note.session_date)) if p
        )
        html = f"<span style='font-size:large; font-weight:600'>{esc(head)}</span>"
        pronouns = "" if self._privacy else pronouns_line(self._case)
        if pronouns:  # so the note says "they" when the client does
            colour = muted_color(self.palette()).name()
            html += f"&nbsp;&nbsp;<span style='color:{colour}'>{esc(pronouns)}</span>"
        self.title.setText(html)
        what = note.kind_label.lower() if note.kind_label else "session"
        self.title.setAccessibleName(
            f"Note for {self._case.code}, {what} on {format_date(note.session_date)}"
        )

    def _build_sections(self, template: NoteTemplate, texts: dict[str, str]) -> None:
        self._sections = self.body.build_sections(template, texts)
        self._chain_tab_order()

    def _chain_tab_order(self) -> None:
        if self._chain_deferred:
            return  # load() chains once it has filled every part
        chain: list[QWidget] = [
            self.kind_combo,
            self.template_combo,
            self.date_edit,
            self.duration_spin,
            self.format_combo,
            self.attendance_field,
            self.tags_edit,
            *self.goal_links.focus_widgets(),
            *self._sections.values(),
            self.addendum_edit,
            self.add_addendum_button,
            *self.reflection_panel.focus_widgets(),
            self.reflection_button,
            self.history_button,
            self.sign_button,
            self.close_button,
        ]
        for first, second in pairwise(chain):
            QWidget.setTabOrder(first, second)

    # ---- editing ----

    def current_note(self) -> Note | None:
        """The note as it stands on screen (saved or not)."""
        note = self._note
        if note is None:
            return None
        template = NoteTemplate(self.template_combo.currentData())
        kind = note.kind if note.is_signed else self.details.kind()
        return replace(
            note,
            kind=kind,
            session_date=from_qdate(self.date_edit.date()),
            duration_minutes=self.duration_spin.value(),
            format=SessionFormat(self.format_combo.currentData()),
            template=template,
            sections={key: edit.toPlainText() for key, edit in self._sections.items()},
            tags=split_list(self.tags_edit.text()),
            # Only a session records who attended.
            attendance=self.attendance_field.attendance() if kind is NoteKind.SESSION else None,
            reflection=self.reflection_panel.reflection(),
            goal_ids=self.goal_links.goal_ids(),
            addenda=list(note.addenda),
            channel=self.details.channel() if kind is NoteKind.CONTACT else None,
            export_log_id=self.details.summary_id() if kind is NoteKind.CONSULTATION else None,
        )

    def _summaries_for(self, case: Case) -> list[tuple[str, str]]:
        """The case's exports in the export log, newest first, as a consultation record can
        name the summary it was about (by date and kind; no content)."""
        try:
            entries = [e for e in self._journal.export_log() if e.case_id == case.id]
        except Exception as exc:  # the note still opens; only the choice of summary is missing
            log_failure(exc)
            return []
        entries.sort(key=lambda e: e.exported_at, reverse=True)
        return [
            (
                e.id,
                f"{format_date(e.exported_at.date())} · {e.kind.capitalize()}"
                + (f" · sessions {e.sessions}" if e.sessions else ""),
            )
            for e in entries
        ]

    def _edited(self, *args: object) -> None:
        if self._loading or self._note is None or self._note.is_signed:
            return
        self._dirty = True
        if not self.error_banner.isVisible():
            self._set_saved_text("Editing…")
        self._autosave.start(self.autosave_ms)  # restarted by each edit
        self._update_actions()

    def _kind_changed(self, *args: object) -> None:
        """A draft becomes a session, a consultation record or a contact: the details that
        kind has, and its template (the text moves into the new sections, nothing lost)."""
        if self._loading or self._note is None or self._case is None or self._note.is_signed:
            return
        kind = self.details.kind()
        self.details.show_kind(kind)
        if kind is NoteKind.CONSULTATION:
            self.details.set_summaries(self._summaries_for(self._case), None)
        current = NoteTemplate(self.template_combo.currentData())
        target = KIND_TEMPLATES.get(kind)
        if target is None and current in KIND_TEMPLATES.values():
            target = NoteTemplate.FREE  # back to a session: its plainest layout
        # A session has a length; a consultation or contact keeps none (as when made new).
        self.duration_spin.setValue(0 if kind is not NoteKind.SESSION else 50)
        if target is not None and target is not current:
            # Moves the text and marks the note edited.
            self.template_combo.setCurrentIndex(self.template_combo.findData(target.value))
        else:
            self._edited()
        self._render_title()

    def _template_changed(self, *args: object) -> None:
        if self._loading or self._note is None:
            return
        template = NoteTemplate(self.template_combo.currentData())
        current = {key: edit.toPlainText() for key, edit in self._sections.items()}
        new_keys = [s.key for s in TEMPLATES[template]]
        labels = {key: edit.accessibleName() for key, edit in self._sections.items()}
        moved = [
            f"{labels[key]}: {text.strip()}"
            for key, text in current.items()
            if key not in new_keys and text.strip()
        ]
        texts = {key: current.get(key, "") for key in new_keys}
        if moved:
            first = new_keys[0]
            texts[first] = "\n\n".join(p for p in [texts[first].strip(), *moved] if p)
        self._loading = True
        try:
            self._build_sections(template, texts)
        finally:
            self._loading = False
        if moved:
            self.status_message.emit(
                "Text from sections this template doesn't have was moved into "
                f"{TEMPLATES[template][0].label}, so nothing is lost."
            )
        self._edited()

    # ---- saving ----

    def unsaved_note(self) -> Note | None:
        """The open note as it stands on screen, if it has changes not saved yet."""
        if not self._dirty or self._note is None or self._note.is_signed:
            return None
        return self.current_note()

    def restore_draft(self, case: Case, note: Note, *, is_new: bool) -> bool:
        """Show a note that was sealed at lock because it could not be saved, and save it
        now; if that fails too it stays on screen and is retried like any failed save."""
        self.load(case, note, is_new=is_new)
        self._dirty = True
        self._set_saved_text("Editing…")
        self._update_actions()
        return self._save()

    def flush(self) -> bool:
        """Save any pending edit now. False if it could not be saved (the text stays)."""
        if not self._dirty:
            return self.reflection_panel.save()
        return self._save() and self.reflection_panel.save()

    def _save(self) -> bool:
        self._autosave.stop()
        self._retry.stop()
        note = self.current_note()
        if note is None or not self._dirty or note.is_signed:
            return True
        self._set_saved_text("Saving…")
        try:
            saved = self._journal.save_note(note)
        except Exception as exc:
            self._save_failed(exc)
            return False
        self._note = replace(saved, addenda=list(note.addenda))
        self._is_new = False
        self._dirty = False
        if self._failures:
            self.status_message.emit("The note is saved now.")
        self._failures = 0
        self.error_banner.hide()
        self._set_saved_text(f"Saved {format_time(saved.updated_at)}")
        self._render_title()
        self._update_actions()
        self.note_saved.emit(self._note)
        return True

    def _save_failed(self, exc: BaseException) -> None:
        self._failures += 1
        reason = describe_error(exc)
        delay = self.retry_delays_ms[min(self._failures - 1, len(self.retry_delays_ms) - 1)]
        seconds = max(1, round(delay / 1000))
        when = "in a few seconds" if seconds < 60 else "in a minute"
        advice = " Freeing some disk space will help." if reason == "the disk is full" else ""
        self.error_banner.show_message(
            f"This note isn't saved yet: {reason}. Your text is safe "
            f"on screen, and Casenotes will try again {when}.{advice}"
        )
        self._set_saved_text("Not saved")
        if self._failures == 1:
            self.status_message.emit(f"The note isn't saved yet: {reason}.")
        self._retry.start(delay)

    def _set_saved_text(self, text: str) -> None:
        self.header.set_saved_text(text)

    def saved_text(self) -> str:
        return self.saved_label.text()

    def save_error_text(self) -> str:
        return self.error_banner.label.text() if self.error_banner.isVisible() else ""

    # ---- signing, addenda, history ----

    def _update_actions(self) -> None:
        note = self._note
        is_open = note is not None
        signed = bool(note and note.is_signed)
        for widget in (self.history_button, self.sign_button, self.close_button):
            widget.setEnabled(is_open)
        self.sign_button.setVisible(not signed)  # a signed note's history stays, read-only
        # The history shows earlier states as written: not while privacy mode is on.
        self.history_button.setEnabled(is_open and not self._is_new and not self._privacy)
        self.history_button.setToolTip(
            "The history opens once privacy mode is off"
            if self._privacy
            else "Every saved state of this note, to read"
            if signed
            else "Every saved state of this draft, to view or bring back"
        )
        self.sign_button.setEnabled(is_open and (not self._is_new or self._dirty))
        self.addenda_box.setVisible(signed and not self._privacy)
        self._addendum_text_changed()

    def _render_signed(self) -> None:
        note = self._note
        signed = bool(note and note.is_signed)
        self.details.set_signed(signed)
        for edit in self._sections.values():
            set_read_only(edit, signed)
            if signed:
                edit.setPlaceholderText("")
                read_as_page(edit)
        if note is not None and signed:
            self.goal_links.load(note.goal_ids, read_only=True)
        self._render_addenda()

    def _render_signed_banner(self) -> None:
        note = self._note
        if note is not None and note.is_signed:
            self.signed_banner.show_message(
                f"Signed and locked on {format_datetime(note.signed_at)}. The note can't be "
                "changed now; to record anything further, add an addendum below."
            )
        else:
            self.signed_banner.hide()

    def _render_addenda(self) -> None:
        self.body.show_addenda(self._note)

    def _addendum_text_changed(self) -> None:
        note = self._note
        self.add_addendum_button.setEnabled(
            bool(note and note.is_signed and self.addendum_edit.toPlainText().strip())
        )

    def sign(self) -> None:
        note = self._note
        if note is None or note.is_signed:
            return
        if self._dirty and not self._save():
            return
        if self._is_new:
            return
        answer = QMessageBox.question(
            self,
            "Sign and lock this note?",
            "Once signed, this note can't be changed. You can still add addenda, each kept "
            "with its own date and time.\n\nSign and lock it now?",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._journal.sign_note(note.id)
            signed = self._journal.get_note(note.id)
        except Exception as exc:
            self.error_banner.show_message(
                f"The note could not be signed: {describe_error(exc)}. It is still a draft."
            )
            return
        if signed is None:
            return
        self._note = signed
        self._dirty = False
        self.error_banner.hide()
        self._render_signed_banner()
        self._render_signed()
        self._set_saved_text("Signed")
        self._update_actions()
        self._render_privacy()
        self.note_saved.emit(signed)
        self.status_message.emit("The note is signed and locked.")

    def add_addendum(self) -> None:
        note = self._note
        text = self.addendum_edit.toPlainText().strip()
        if note is None or not note.is_signed or not text:
            return
        try:
            self._journal.add_addendum(note.id, text)
            full = self._journal.get_note(note.id)
        except Exception as exc:
            self.error_banner.show_message(
                f"The addendum could not be added: {describe_error(exc)}. "
                "Your text is still in the box."
            )
            return
        if full is None:
            return
        self.error_banner.hide()
        self._note = full
        self.addendum_edit.clear()
        self._render_addenda()
        self._render_privacy()
        self.note_saved.emit(full)
        self.status_message.emit("Addendum added.")

    def _export_pdf(self, *_args: object) -> None:
        self.record_out(printing=False)

    def _print_note(self, *_args: object) -> None:
        self.record_out(printing=True)

    def record_out(self, *, printing: bool) -> None:
        """This note as a PDF or on paper, saved first so that it is what is on screen."""
        if self._note is None or self._case is None or not self.flush():
            return
        from casenotes.ui.record_export import RecordExport

        self.record_export = RecordExport(
            self,
            self._journal,
            self._case,
            printing=printing,
            note_id=self._note.id,
            tasks=self._tasks,  # made, written and printed on the worker, as a record is
        )
        self.record_export.done.connect(self.status_message)
        self.record_export.start()

    def open_history(self) -> None:
        note = self._note
        if note is None or self._is_new or self._privacy:
            return
        if not note.is_signed and not self.flush():  # a signed note has nothing to save
            return
        assert self._note is not None
        dialog = HistoryDialog(self._journal, self._note, self._guard, self)
        dialog.setAttribute(Qt.WidgetAttribute.WA_DeleteOnClose)
        dialog.restored.connect(self._restored)
        dialog.finished.connect(self._history_closed)
        self.history_dialog = dialog
        dialog.open()

    def _history_closed(self, *_args: object) -> None:
        self.history_dialog = None

    def _restored(self, note: Note) -> None:
        if self._case is None:
            return
        self.load(self._case, note)
        self._set_saved_text(f"Saved {format_time(note.updated_at)}")
        self.note_saved.emit(note)
        self.status_message.emit("That earlier version is back, and saved as the latest.")


def pronouns_line(case: Case) -> str:
    """The client's pronouns, or each partner's for a couple: "they/them" or
    "Partner A she/her · Partner B he/him"; empty when none are recorded."""
    members = [f"{m.label} {m.pronouns}" for m in case.members if m.pronouns]
    if members:
        return " · ".join(members)
    return case.pronouns


def default_session_date() -> date:
    return from_qdate(QDate.currentDate())
