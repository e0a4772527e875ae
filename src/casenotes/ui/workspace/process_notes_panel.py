"""The process notes beside the note editor: the reflection prompts (the systemic function,
the clinician self-check) and a free process-notes text, one record apart from the progress
note (``Journal.process_notes``).

The panel saves that record itself, a moment after each change, because process notes are
outside the note's signature: they stay editable once the note is signed, when the editor no
longer saves anything. For a draft, the editor's own save carries the reflection too; the
panel's save then finds it already stored and adds the text."""

from __future__ import annotations

from collections.abc import Callable

from PySide6.QtCore import Qt, QTimer, Signal
from PySide6.QtWidgets import QLabel, QWidget

from casenotes.core.domain import ProcessNotes
from casenotes.core.journal import Journal
from casenotes.core.vault.errors import VaultError
from casenotes.ui.errors import describe_error
from casenotes.ui.shared.common import ClipboardGuard
from casenotes.ui.shared.widgets import muted_label
from casenotes.ui.workspace.reflection_panel import ReflectionPanel
from casenotes.ui.workspace.text_edits import SectionEdit

TEXT_LABEL = "Your process notes"
TEXT_PLACEHOLDER = "Your own thoughts about the session, in your words"
SAVE_DELAY_MS = 800
RETRY_MS = 3000


class ProcessNotesPanel(ReflectionPanel):
    """A ReflectionPanel that also holds the free process-notes text and keeps the note's
    process-notes record saved. ``save_failed`` carries a sentence for the status bar."""

    save_failed = Signal(str)

    def __init__(
        self, journal: Journal, guard: ClipboardGuard | None = None, parent: QWidget | None = None
    ) -> None:
        super().__init__(guard, parent)
        self._journal = journal
        self._note_id: str | None = None
        self._stored_text = ""
        self._dirty = False

        self.text_label = QLabel(TEXT_LABEL)
        self.text_label.setObjectName("processNotesLabel")
        font = self.text_label.font()
        font.setWeight(font.Weight.DemiBold)
        self.text_label.setFont(font)
        self.text_edit = SectionEdit(self._guard, min_lines=3)
        self.text_edit.setObjectName("processNotesText")
        self.text_edit.setAccessibleName(TEXT_LABEL)
        self.text_edit.setPlaceholderText(TEXT_PLACEHOLDER)
        self.text_label.setBuddy(self.text_edit)
        self.text_edit.textChanged.connect(self._text_changed)
        # A masked copy of the text for privacy mode (the edit itself is then hidden).
        self.masked_text = muted_label()
        self.masked_text.setObjectName("processNotesMasked")
        self.masked_text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.masked_text.hide()
        stretch_at = self.body_layout.count() - 1  # before the closing stretch
        for offset, widget in enumerate((self.text_label, self.text_edit, self.masked_text)):
            self.body_layout.insertWidget(stretch_at + offset, widget)

        self._timer = QTimer(self)
        self._timer.setSingleShot(True)
        self._timer.timeout.connect(self.save)
        self.edited.connect(self._schedule)

    # ---- which note ----

    def show_note(self, note_id: str | None) -> None:
        """Show this note's process notes (the reflection arrives through ``load``, with the
        note); None shows nothing. Pending changes of the previous note are saved first."""
        self.save()
        self._note_id = note_id
        text = ""
        if note_id is not None:
            try:
                text = self._journal.process_notes(note_id).text
            except VaultError as exc:
                self.save_failed.emit(
                    f"The process notes could not be read: {describe_error(exc)}."
                )
        self._stored_text = text
        self.text_edit.blockSignals(True)
        try:
            self.text_edit.show_text(text)
        finally:
            self.text_edit.blockSignals(False)
        self._dirty = False
        self._show_text_mode()

    def note_id(self) -> str | None:
        return self._note_id

    def notes_text(self) -> str:
        # Not ``text()``: a widget's text() reads as what it shows, and this panel shows the
        # words only outside privacy mode (``masked_text`` holds what shows in it).
        return self.text_edit.toPlainText()

    def is_dirty(self) -> bool:
        return self._dirty

    # ---- saving ----

    def _text_changed(self) -> None:
        if self._note_id is not None and self.notes_text() != self._stored_text:
            self.edited.emit()

    def _schedule(self) -> None:
        if self._note_id is None:
            return
        self._dirty = True
        self._timer.start(SAVE_DELAY_MS)

    def save(self) -> bool:
        """Save now, if anything changed. False when it could not be saved: it is tried
        again shortly, and the text stays on screen."""
        self._timer.stop()
        if not self._dirty or self._note_id is None:
            return True
        if not self._journal.is_unlocked:
            return False  # the window saves before it locks; nothing can be written now
        process = ProcessNotes(
            note_id=self._note_id, reflection=self.reflection(), text=self.notes_text()
        )
        try:
            saved = self._journal.save_process_notes(process)
        except VaultError as exc:
            # A new draft may not be in the vault yet: the editor's save puts it there.
            self._timer.start(RETRY_MS)
            if self._journal.get_note(self._note_id) is not None:
                self.save_failed.emit(
                    f"The process notes are not saved yet: {describe_error(exc)}."
                )
            return False
        self._stored_text = saved.text
        self._dirty = False
        return True

    # ---- privacy mode ----

    def set_mask(self, mask: Callable[[str], str] | None) -> None:
        super().set_mask(mask)
        self._show_text_mode()

    def _show_text_mode(self) -> None:
        masked = self.is_masked()
        self.text_edit.setVisible(not masked)
        self.masked_text.setVisible(masked)
        self.masked_text.setText(self._mask(self.notes_text()) if self._mask is not None else "")

    def focus_widgets(self) -> list[QWidget]:
        return [*super().focus_widgets(), self.text_edit]


__all__ = ["ProcessNotesPanel"]
