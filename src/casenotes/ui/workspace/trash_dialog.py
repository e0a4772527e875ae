"""The one trash: cases, notes and goals. Bring one back, or delete it for good after a
clear confirmation (and a reason, before its case's retention date)."""

from __future__ import annotations

from PySide6.QtCore import QItemSelectionModel, Qt, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QDialog,
    QDialogButtonBox,
    QHBoxLayout,
    QHeaderView,
    QMessageBox,
    QPushButton,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import Note
from casenotes.core.journal import Journal
from casenotes.core.privacy import PrivacyMasks
from casenotes.ui.errors import describe_error
from casenotes.ui.shared.common import format_date, model_data
from casenotes.ui.shared.widgets import Banner, muted_label
from casenotes.ui.workspace import deletion_reason
from casenotes.ui.workspace.trash_model import TrashItem, TrashModel, TrashRole

INTRO = (
    "Cases, notes and goals you moved to the trash. Restore brings one back as it was; "
    "Delete for good removes it from this computer. A case in the trash holds its "
    "notes and goals."
)
EMPTY_TEXT = "The trash is empty."


def item_name(item: TrashItem) -> str:
    """How messages name an item: never its text, which privacy mode may hide."""
    if item.kind == "case":
        return item.code
    record = item.record
    if isinstance(record, Note):
        return f"The note of {format_date(record.session_date, weekday=False)} in {item.code}"
    return f"A goal of {item.code}"


class TrashTable(QTableView):
    delete_requested = Signal()

    def keyPressEvent(self, event: QKeyEvent) -> None:
        if event.key() == Qt.Key.Key_Delete and self.currentIndex().isValid():
            self.delete_requested.emit()
            return
        super().keyPressEvent(event)


class TrashDialog(QDialog):
    """Opened with ``open()``; ``changed`` fires after a restore or a deletion."""

    changed = Signal()
    restored = Signal(str)  # case id
    record_restored = Signal(str)  # case id of a note or goal brought back
    status_message = Signal(str)

    def __init__(
        self,
        journal: Journal,
        privacy: bool = False,
        parent: QWidget | None = None,
        *,
        masks: PrivacyMasks | None = None,
    ) -> None:
        super().__init__(parent)
        self._journal = journal
        self._masks = masks if masks is not None else PrivacyMasks()
        self.setWindowTitle("Trash")
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label(INTRO))
        self.banner = Banner("warning")
        layout.addWidget(self.banner)
        self.model = TrashModel(self)
        self.table = TrashTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Cases, notes and goals in the trash")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.setWordWrap(False)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        header = self.table.horizontalHeader()
        header.setAccessibleName("Columns")
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setSectionResizeMode(2, QHeaderView.ResizeMode.Stretch)  # the item's words
        layout.addWidget(self.table, 1)
        self.empty_label = muted_label(EMPTY_TEXT)
        layout.addWidget(self.empty_label)

        row = QHBoxLayout()
        self.restore_button = QPushButton("Restore")
        self.restore_button.setAccessibleName("Restore the selected item")
        self.delete_button = QPushButton("Delete for good…")
        self.delete_button.setAccessibleName("Delete the selected item for good")
        row.addWidget(self.restore_button)
        row.addWidget(self.delete_button)
        row.addStretch(1)
        close = QDialogButtonBox(QDialogButtonBox.StandardButton.Close)
        close.rejected.connect(self.reject)
        row.addWidget(close)
        layout.addLayout(row)

        self.restore_button.clicked.connect(self.restore_selected)
        self.delete_button.clicked.connect(self.delete_selected)
        self.table.delete_requested.connect(self.delete_selected)
        self.table.doubleClicked.connect(self._double_clicked)
        self.table.selectionModel().currentRowChanged.connect(self._update_buttons)
        self.model.modelReset.connect(self._update_buttons)
        self.model.rowsRemoved.connect(self._update_buttons)
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 100, fm.lineSpacing() * 22)
        self.set_privacy_mode(privacy)
        self.reload()

    def _double_clicked(self, *_args: object) -> None:
        self.restore_selected()

    def set_privacy_mode(self, on: bool) -> None:
        # Names hidden, and a goal's words through its case's mask.
        self.model.set_mask(self._masks.mask if on else None)

    def reload(self) -> None:
        """Read the trash again (e.g. after something was moved to it)."""
        try:
            contents = self._journal.trash_contents()
        except Exception as exc:
            self.banner.show_message(f"The trash could not be read: {describe_error(exc)}.")
            return
        self.model.set_contents(contents)
        if self.model.rowCount():
            self.select_row(0)
        self._update_buttons()

    def select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0),
            QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows,
        )

    def _selected(self) -> TrashItem | None:
        index = self.table.currentIndex()
        item = model_data(index.siblingAtColumn(0), TrashRole.ITEM) if index.isValid() else None
        return item if isinstance(item, TrashItem) else None

    def _update_buttons(self, *args: object) -> None:
        has = self._selected() is not None
        self.restore_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        # Empty only when nothing at all is in it, whatever its kind.
        empty = self.model.rowCount() == 0
        self.empty_label.setVisible(empty)
        self.table.setVisible(not empty)

    def restore_selected(self) -> None:
        item = self._selected()
        if item is None:
            return
        name = item_name(item)
        try:
            if item.kind == "case":
                self._journal.restore_case(item.record_id)
            elif item.kind == "note":
                self._journal.restore_note(item.record_id)
            else:
                self._journal.restore_goal(item.record_id)
        except Exception as exc:
            self.banner.show_message(f"{name} could not be restored: {describe_error(exc)}.")
            return
        self.model.remove(item.record_id)
        if item.kind == "case":
            self.status_message.emit(f"{name} is back in your cases.")
            self.restored.emit(item.case_id)
        else:
            self.status_message.emit(f"{name} is back in its case.")
            self.record_restored.emit(item.case_id)
        self.changed.emit()

    def _needs_reason(self, item: TrashItem) -> bool:
        # An unsigned draft is no part of the record: it goes without a reason or a log entry.
        if item.kind == "note" and not item.is_signed_note:
            return False
        return self._journal.needs_deletion_reason(item.case_id)

    def delete_selected(self) -> None:
        item = self._selected()
        if item is None:
            return
        name = item_name(item)
        reason = ""
        try:
            if self._needs_reason(item):
                # Before the retention date: a reason, or nothing is deleted.
                asked = deletion_reason.ask_deletion_reason(
                    self, name, self._journal.retention_date(item.case_id)
                )
                if asked is None:
                    return
                reason = asked
        except Exception as exc:
            self.banner.show_message(f"{name} could not be deleted: {describe_error(exc)}.")
            return
        what = {
            "case": f"{name}, with all its notes, goals and history",
            "note": f"{name[0].lower()}{name[1:]}",
            "goal": f"{name[0].lower()}{name[1:]}, with its history",
        }[item.kind]
        answer = QMessageBox.question(
            self,
            "Delete for good?",
            f"Delete {what} for good?\n\nThis can't be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel,
        )
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            if item.kind == "case":
                self._journal.purge_case(item.record_id, reason)
            elif item.kind == "note":
                self._journal.purge_note(item.record_id, reason)
            else:
                self._journal.purge_goal(item.record_id, reason)
        except Exception as exc:
            self.banner.show_message(f"{name} could not be deleted: {describe_error(exc)}.")
            return
        self.model.remove(item.record_id)
        self.status_message.emit(f"{name} was deleted for good.")
        self.changed.emit()
