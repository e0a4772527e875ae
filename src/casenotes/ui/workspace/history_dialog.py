"""Every saved state of a note, newest first, to read as written or against the note as it is
now, and (for a draft) to bring back. A signed note's history is read-only: signing fixed
the note, so nothing in it can be restored. The item model is ``history_model.py``."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, QModelIndex, Qt, Signal
from PySide6.QtWidgets import (
    QAbstractItemView,
    QCheckBox,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QListView,
    QPushButton,
    QSplitter,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import SESSION_FORMAT_LABELS, TEMPLATES, Note, NoteRevision
from casenotes.core.domain.templates import TEMPLATE_NAMES
from casenotes.core.journal import Journal
from casenotes.ui.errors import describe_error
from casenotes.ui.shared.common import ClipboardGuard, format_date, model_data
from casenotes.ui.shared.widgets import Banner, esc, muted_color, muted_label
from casenotes.ui.workspace.history_model import (
    RevisionListModel,
    RevisionRole,
    format_saved_at,
    sections_diff_html,
)
from casenotes.ui.workspace.text_edits import GuardedBrowser

__all__ = ["HistoryDialog", "RevisionListModel", "RevisionRole", "revision_html"]


def _meta_html(revision: NoteRevision, muted: str) -> str:
    meta = " · ".join(
        p
        for p in (
            format_date(revision.session_date),
            TEMPLATE_NAMES.get(revision.template, ""),
            SESSION_FORMAT_LABELS.get(revision.format, ""),
            f"{revision.duration_minutes} min" if revision.duration_minutes else "",
        )
        if p
    )
    parts = [f"<p style='color:{muted}'>{esc(meta)}</p>"]
    if revision.tags:
        parts.append(f"<p style='color:{muted}'>Tags: {esc(', '.join(revision.tags))}</p>")
    return "".join(parts)


def revision_html(revision: NoteRevision, muted: str) -> str:
    """The saved state as it was written."""
    parts = [_meta_html(revision, muted)]
    labels = {s.key: s.label for s in TEMPLATES[revision.template]}
    for key, text in revision.sections.items():
        label = labels.get(key, key.replace("_", " ").capitalize())
        body = (
            esc(text).replace("\n", "<br>")
            if text.strip()
            else f"<span style='color:{muted}'><i>Empty</i></span>"
        )
        parts.append(f"<p><b>{esc(label)}</b><br>{body}</p>")
    return "".join(parts)


class HistoryDialog(QDialog):
    """Opened with ``open()`` (not modal-blocking); emits ``restored`` with the saved note."""

    restored = Signal(object)  # Note

    def __init__(
        self, journal: Journal, note: Note, guard: ClipboardGuard, parent: QWidget | None = None
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._note = note
        self.read_only = note.is_signed
        self.setWindowTitle("History of this note")
        layout = QVBoxLayout(self)
        layout.addWidget(
            muted_label(
                "Every saved state of this note before it was signed, newest first. Signed "
                "notes cannot be changed, so this history is to read only."
                if self.read_only
                else "Every saved state of this draft, newest first. Choose one to read it; "
                "Restore brings it back as the latest version, and nothing is thrown away."
            )
        )
        self.error_banner = Banner("warning")
        layout.addWidget(self.error_banner)
        self.compare = QCheckBox("&Compare with the note as it is now")
        self.compare.setToolTip(
            "Struck through: no longer in the note. Underlined: added since this version."
        )
        self.compare.setChecked(True)
        layout.addWidget(self.compare)
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
        self.restore_button = QPushButton("&Restore this version")
        self.restore_button.setAccessibleName("Restore this version")
        self.restore_button.setEnabled(False)
        self.restore_button.setVisible(not self.read_only)
        buttons.addWidget(self.restore_button)
        box = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        box.rejected.connect(self.reject)
        buttons.addWidget(box)
        layout.addLayout(buttons)

        fm = self.fontMetrics()
        # Wide enough for a whole entry ("Saved 28 Sept 2026, 14:05:33 (as it is now)").
        widest = fm.horizontalAdvance("Saved 28 Sept 2026, 14:05:33 (as it is now)")
        self.list.setMinimumWidth(widest + fm.averageCharWidth() * 4)
        self.preview.setMinimumWidth(fm.averageCharWidth() * 50)
        width, height = fm.averageCharWidth() * 110, fm.lineSpacing() * 30
        top = parent.window() if parent is not None else None
        if top is not None:  # never bigger than the window it belongs to (large text)
            width = min(width, int(top.width() * 0.92))
            height = min(height, int(top.height() * 0.9))
            self.list.setMinimumWidth(min(self.list.minimumWidth(), width // 3))
            self.preview.setMinimumWidth(min(self.preview.minimumWidth(), width // 2))
        self.resize(width, height)

        self.list.selectionModel().currentChanged.connect(self._show)
        self.compare.toggled.connect(lambda _: self._show(self.list.currentIndex(), QModelIndex()))
        self.restore_button.clicked.connect(self.restore_selected)
        self._load()

    def _load(self) -> None:
        try:
            revisions = self._journal.revisions(self._note.id)
        except Exception as exc:
            self.error_banner.show_message(f"The history could not be read: {describe_error(exc)}.")
            revisions = []
        self.model.set_revisions(revisions, self._note)
        if self.model.rowCount():
            self.select_row(0)
        else:
            self.preview.setHtml("<p><i>No saved versions yet.</i></p>")

    def select_row(self, row: int) -> None:
        self.list.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
        )

    def _show(self, current: QModelIndex, _previous: QModelIndex) -> None:
        revision = model_data(current, RevisionRole.REVISION) if current.isValid() else None
        if not isinstance(revision, NoteRevision):
            self.restore_button.setEnabled(False)
            return
        muted = muted_color(self.palette()).name()
        if self.compare.isChecked():
            self.preview.setHtml(
                _meta_html(revision, muted) + sections_diff_html(revision, self._note, muted)
            )
        else:
            self.preview.setHtml(revision_html(revision, muted))
        is_current = bool(model_data(current, RevisionRole.IS_CURRENT))
        self.restore_button.setEnabled(not is_current and not self.read_only)
        self.restore_button.setToolTip(
            "This is how the note is now"
            if is_current
            else f"Bring back the version saved {format_saved_at(revision.saved_at)}"
        )

    def restore_selected(self) -> None:
        if self.read_only:  # a signed note is never changed
            return
        index = self.list.currentIndex()
        revision = model_data(index, RevisionRole.REVISION) if index.isValid() else None
        if not isinstance(revision, NoteRevision):
            return
        try:
            note = self._journal.restore_revision(revision)
        except Exception as exc:
            self.error_banner.show_message(
                f"That version could not be restored: {describe_error(exc)}."
            )
            return
        self.restored.emit(note)
        self.accept()
