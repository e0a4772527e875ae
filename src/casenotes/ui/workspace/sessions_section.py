"""The case view's sessions: the case's notes newest first, and the notes in the trash on
request. A view only: it says which note was asked for, to open, to trash or to restore;
the case view does it."""

from __future__ import annotations

from PySide6.QtCore import QEvent, Qt, Signal
from PySide6.QtGui import QKeyEvent, QResizeEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QBoxLayout,
    QCheckBox,
    QListView,
    QPushButton,
    QVBoxLayout,
    QWidget,
)

from casenotes.ui.shared.common import model_data
from casenotes.ui.shared.widgets import (
    FlowWidget,
    TwoLineDelegate,
    heading,
    muted_label,
    set_heading,
)
from casenotes.ui.workspace.session_model import SessionListModel, SessionRole

EMPTY_TEXT = "No sessions yet. Start one with New note (Ctrl+N)."
LOADING_TEXT = "Reading the sessions…"  # while a case's notes are read on the worker


class TimelineView(QListView):
    open_requested = Signal(str)
    trash_requested = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        note_id = self.current_note_id()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and note_id:
            self.open_requested.emit(note_id)
            return
        if event.key() == Qt.Key.Key_Delete and note_id:
            self.trash_requested.emit(note_id)
            return
        super().keyPressEvent(event)

    def current_note_id(self) -> str | None:
        value = model_data(self.currentIndex(), SessionRole.NOTE_ID)
        return str(value) if value else None


class SessionsSection(QWidget):
    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = self._layout = QVBoxLayout(self)
        # Beside each other while both fit whole; the box goes under the heading when they
        # do not (large text, a narrow window, "and 2 other notes").
        self.head = QBoxLayout(QBoxLayout.Direction.LeftToRight)
        head = self.head
        self.heading = heading("Sessions")
        head.addWidget(self.heading)
        head.addStretch(1)  # horizontal only: it adds no height when the box is underneath
        # Beside the heading rather than under the list: a line more for the sessions. Put
        # in before the list, so that Tab reaches them as they are on screen.
        self.bottom = FlowWidget()
        self.show_trash_check = QCheckBox("Show notes in the trash")
        self.show_trash_check.setAccessibleName("Show notes in the trash")
        self.restore_note_button = QPushButton("Restore note")
        self.restore_note_button.setAccessibleName("Restore the selected note from the trash")
        self.bottom.add(self.show_trash_check)
        self.bottom.add(self.restore_note_button)
        self.restore_note_button.hide()
        head.addWidget(self.bottom)
        layout.addLayout(head)
        self.model = SessionListModel(self)
        self.timeline = self._build_timeline()
        layout.addWidget(self.timeline, 1)
        self.empty_label = muted_label(EMPTY_TEXT)
        layout.addWidget(self.empty_label)

    def _build_timeline(self) -> TimelineView:
        timeline = TimelineView()
        timeline.setObjectName("timeline")
        timeline.setModel(self.model)
        timeline.setAccessibleName("Sessions")
        timeline.setAccessibleDescription(
            "This case's session notes, newest first. Enter opens a note; "
            "Delete moves it to the trash."
        )
        timeline.setItemDelegate(
            TwoLineDelegate(
                SessionRole.TITLE,
                SessionRole.PREVIEW,
                SessionRole.BADGE,
                SessionRole.IN_TRASH,
                timeline,
            )
        )
        timeline.setUniformItemSizes(True)
        timeline.setAlternatingRowColors(True)
        timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        return timeline

    def set_loading(self, loading: bool) -> None:
        """Say the notes are being read (in place of "No sessions yet") until they are."""
        self.empty_label.setText(LOADING_TEXT if loading else EMPTY_TEXT)
        self.update_heading()

    def update_heading(self) -> None:
        live = [n for n in self.model.notes() if n.deleted_at is None]
        # The count is of sessions; consultation records and contacts are said apart.
        sessions = sum(1 for n in live if n.is_session)
        others = len(live) - sessions
        label = "Sessions" if not sessions else f"Sessions ({sessions})"
        if others:
            label += f" and {others} other note{'s' if others != 1 else ''}"
        set_heading(self.heading, label)
        self.empty_label.setVisible(self.model.rowCount() == 0)
        self.fit_head()

    def update_restore(self, show_trashed: bool) -> None:
        index = self.timeline.currentIndex()
        trashed = bool(index.isValid() and model_data(index, SessionRole.IN_TRASH))
        self.restore_note_button.setVisible(show_trashed)
        self.restore_note_button.setEnabled(trashed)
        self.fit_head()

    def head_stacked(self) -> bool:
        """Whether the trash box is under the heading rather than beside it."""
        return self.head.direction() == QBoxLayout.Direction.TopToBottom

    def fit_head(self) -> None:
        """Put the trash box beside the heading if both fit whole in the width there is,
        and under it if not."""
        margins = self._layout.contentsMargins()
        room = self.width() - margins.left() - margins.right()
        wanted = (
            self.heading.sizeHint().width()
            + max(self.head.spacing(), 0)
            + self.bottom.sizeHint().width()
        )
        stacked = wanted > room
        if stacked == self.head_stacked():
            return
        # Stacked, the heading may wrap in a width too narrow even for it alone; beside the
        # box it keeps one line, the line the sessions need.
        self.heading.setWordWrap(stacked)
        self.head.setDirection(
            QBoxLayout.Direction.TopToBottom if stacked else QBoxLayout.Direction.LeftToRight
        )

    def resizeEvent(self, event: QResizeEvent) -> None:
        super().resizeEvent(event)
        self.fit_head()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self.fit_head()
