"""Every saved state of an unsigned note, newest first, to view and bring back."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QAbstractListModel,
    QItemSelectionModel,
    QModelIndex,
    QObject,
    QPersistentModelIndex,
    Qt,
    Signal,
)
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import (
    SESSION_FORMAT_LABELS,
    TEMPLATES,
    Note,
    NoteRevision,
    note_content_hash,
)
from casenotes.core.domain.templates import TEMPLATE_NAMES
from casenotes.core.journal import Journal
from casenotes.ui.errors import describe_error
from casenotes.ui.shared.common import (
    ClipboardGuard,
    format_date,
    format_datetime,
    model_data,
)
from casenotes.ui.shared.widgets import Banner, esc, muted_label
from casenotes.ui.workspace.text_edits import GuardedBrowser

AnyIndex = QModelIndex | QPersistentModelIndex


class RevisionRole(IntEnum):
    REVISION = Qt.ItemDataRole.UserRole + 1
    IS_CURRENT = Qt.ItemDataRole.UserRole + 2


def _revision_hash(revision: NoteRevision) -> str:
    return note_content_hash(Note(
        case_id="", session_date=revision.session_date, duration_minutes=revision.duration_minutes,
        format=revision.format, template=revision.template, sections=revision.sections,
        tags=revision.tags, reflection=revision.reflection))


class RevisionListModel(QAbstractListModel):
    """Saved states, newest first; the one matching the note as it is now is marked."""

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
                if _revision_hash(revision) == wanted:
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
            text = f"Saved {format_datetime(revision.saved_at)}"
            return f"{text} (as it is now)" if current else text
        if role == RevisionRole.REVISION:
            return revision
        if role == RevisionRole.IS_CURRENT:
            return current
        return None


def revision_html(revision: NoteRevision, muted: str) -> str:
    meta = " · ".join(p for p in (
        format_date(revision.session_date), TEMPLATE_NAMES.get(revision.template, ""),
        SESSION_FORMAT_LABELS.get(revision.format, ""),
        f"{revision.duration_minutes} min" if revision.duration_minutes else "") if p)
    parts = [f"<p style='color:{muted}'>{esc(meta)}</p>"]
    if revision.tags:
        parts.append(f"<p style='color:{muted}'>Tags: {esc(', '.join(revision.tags))}</p>")
    labels = {s.key: s.label for s in TEMPLATES[revision.template]}
    for key, text in revision.sections.items():
        label = labels.get(key, key.replace("_", " ").capitalize())
        body = esc(text).replace("\n", "<br>") if text.strip() else \
            f"<span style='color:{muted}'><i>Empty</i></span>"
        parts.append(f"<p><b>{esc(label)}</b><br>{body}</p>")
    return "".join(parts)


class HistoryDialog(QDialog):
    """Opened with ``open()`` (not modal-blocking); emits ``restored`` with the saved note."""

    restored = Signal(object)  # Note

    def __init__(self, journal: Journal, note: Note, guard: ClipboardGuard,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._note = note
        self.setWindowTitle("History of this note")
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label(
            "Every saved state of this draft, newest first. Choose one to read it; "
            "Restore brings it back as the latest version, and nothing is thrown away."))
        self.error_banner = Banner("warning")
        layout.addWidget(self.error_banner)
        splitter = QSplitter(Qt.Orientation.Horizontal)
        self.model = RevisionListModel(self)
        self.list = QListView()
        self.list.setModel(self.model)
        self.list.setAccessibleName("Saved versions")
        self.list.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.list.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        splitter.addWidget(self.list)
        self.preview = GuardedBrowser(guard)
        self.preview.setAccessibleName("The chosen version")
        splitter.addWidget(self.preview)
        splitter.setStretchFactor(0, 1)
        splitter.setStretchFactor(1, 3)
        layout.addWidget(splitter, 1)
        buttons = QHBoxLayout()
        buttons.addStretch(1)
        self.restore_button = QPushButton("Restore this version")
        self.restore_button.setAccessibleName("Restore this version")
        self.restore_button.setEnabled(False)
        buttons.addWidget(self.restore_button)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        buttons.addWidget(box)
        layout.addLayout(buttons)

        fm = self.fontMetrics()
        self.list.setMinimumWidth(fm.averageCharWidth() * 28)
        self.preview.setMinimumWidth(fm.averageCharWidth() * 50)
        self.resize(fm.averageCharWidth() * 110, fm.lineSpacing() * 30)

        self.list.selectionModel().currentChanged.connect(self._show)
        self.restore_button.clicked.connect(self.restore_selected)
        self._load()

    def _load(self) -> None:
        try:
            revisions = self._journal.revisions(self._note.id)
        except Exception as exc:
            self.error_banner.show_message(
                f"The history could not be read: {describe_error(exc)}.")
            revisions = []
        self.model.set_revisions(revisions, self._note)
        if self.model.rowCount():
            self.select_row(0)
        else:
            self.preview.setHtml("<p><i>No saved versions yet.</i></p>")

    def select_row(self, row: int) -> None:
        self.list.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect)

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        revision = model_data(current, RevisionRole.REVISION) if current.isValid() else None
        if not isinstance(revision, NoteRevision):
            self.restore_button.setEnabled(False)
            return
        from casenotes.ui.shared.widgets import muted_color
        self.preview.setHtml(revision_html(revision, muted_color(self.palette()).name()))
        is_current = bool(model_data(current, RevisionRole.IS_CURRENT))
        self.restore_button.setEnabled(not is_current)
        self.restore_button.setToolTip(
            "This is how the note is now" if is_current else
            f"Bring back the version saved {format_datetime(revision.saved_at)}")

    def restore_selected(self) -> None:
        index = self.list.currentIndex()
        revision = model_data(index, RevisionRole.REVISION) if index.isValid() else None
        if not isinstance(revision, NoteRevision):
            return
        try:
            note = self._journal.restore_revision(revision)
        except Exception as exc:
            self.error_banner.show_message(
                f"That version could not be restored: {describe_error(exc)}.")
            return
        self.restored.emit(note)
        self.accept()
