"""Cases in the trash: bring one back, or delete it for good after a clear confirmation."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

from PySide6.QtCore import (
    QItemSelectionModel,
    QModelIndex,
    QObject,
    Qt,
    Signal,
)
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

from casenotes.core.domain import Case
from casenotes.core.journal import Journal
from casenotes.ui.errors import describe_error
from casenotes.ui.shared.common import client_types_text, format_datetime, model_data
from casenotes.ui.shared.widgets import Banner, muted_label
from casenotes.ui.table_model import AnyIndex, ReadOnlyTableModel
from casenotes.ui.workspace import deletion_reason

COL_CODE = 0
COL_NAME = 1
COL_TYPES = 2
COL_TRASHED = 3
HEADERS = {COL_CODE: "Code", COL_NAME: "Name", COL_TYPES: "Client type",
           COL_TRASHED: "Moved to the trash"}


class TrashRole(IntEnum):
    CASE_ID = Qt.ItemDataRole.UserRole + 1
    CASE = Qt.ItemDataRole.UserRole + 2


class TrashModel(ReadOnlyTableModel):

    headers = HEADERS
    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._cases: list[Case] = []
        self._privacy = False

    def set_cases(self, cases: list[Case]) -> None:
        self.beginResetModel()
        self._cases = sorted((c for c in cases if c.deleted_at is not None),
                             key=lambda c: c.deleted_at or c.updated_at, reverse=True)
        self.endResetModel()

    def set_privacy_mode(self, on: bool) -> None:
        self._privacy = on
        if self._cases:
            self.dataChanged.emit(self.index(0, COL_NAME),
                                  self.index(len(self._cases) - 1, COL_NAME))

    def remove(self, case_id: str) -> None:
        for row, case in enumerate(self._cases):
            if case.id == case_id:
                self.beginRemoveRows(QModelIndex(), row, row)
                del self._cases[row]
                self.endRemoveRows()
                return

    def row_total(self) -> int:
        return len(self._cases)

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._cases):
            return None
        case = self._cases[index.row()]
        if role in (Qt.ItemDataRole.DisplayRole, Qt.ItemDataRole.AccessibleTextRole):
            column = index.column()
            if column == COL_CODE:
                return case.code
            if column == COL_NAME:
                return "Hidden" if self._privacy else case.display_name
            if column == COL_TYPES:
                return client_types_text(case.client_types)
            if column == COL_TRASHED:
                return format_datetime(case.deleted_at)
            return None
        if role == TrashRole.CASE_ID:
            return case.id
        if role == TrashRole.CASE:
            return case
        return None


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
    status_message = Signal(str)

    def __init__(self, journal: Journal, privacy: bool = False,
                 parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self.setWindowTitle("Trash")
        layout = QVBoxLayout(self)
        layout.addWidget(muted_label(
            "Cases you moved to the trash, with all their notes. Restore brings a case back "
            "as it was; Delete for good removes it and everything in it from this computer."))
        self.banner = Banner("warning")
        layout.addWidget(self.banner)
        self.model = TrashModel(self)
        self.model.set_privacy_mode(privacy)
        self.table = TrashTable()
        self.table.setModel(self.model)
        self.table.setAccessibleName("Cases in the trash")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        self.table.setShowGrid(False)
        self.table.setColumnHidden(COL_NAME, privacy)
        header = self.table.horizontalHeader()
        header.setAccessibleName("Columns")
        header.setSectionResizeMode(QHeaderView.ResizeMode.ResizeToContents)
        header.setStretchLastSection(True)
        layout.addWidget(self.table, 1)
        self.empty_label = muted_label("The trash is empty.")
        layout.addWidget(self.empty_label)

        row = QHBoxLayout()
        self.restore_button = QPushButton("Restore")
        self.restore_button.setAccessibleName("Restore the selected case")
        self.delete_button = QPushButton("Delete for good…")
        self.delete_button.setAccessibleName("Delete the selected case for good")
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
        fm = self.fontMetrics()
        self.resize(fm.averageCharWidth() * 90, fm.lineSpacing() * 22)
        self.reload()

    def _double_clicked(self, *_args: object) -> None:
        self.restore_selected()

    def set_privacy_mode(self, on: bool) -> None:
        self.model.set_privacy_mode(on)
        self.table.setColumnHidden(COL_NAME, on)

    def reload(self) -> None:
        try:
            cases = self._journal.trashed_cases()
        except Exception as exc:
            self.banner.show_message(f"The trash could not be read: {describe_error(exc)}.")
            cases = []
        self.model.set_cases(cases)
        if self.model.rowCount():
            self.select_row(0)
        self._update_buttons()

    def select_row(self, row: int) -> None:
        self.table.selectionModel().setCurrentIndex(
            self.model.index(row, 0), QItemSelectionModel.SelectionFlag.ClearAndSelect
            | QItemSelectionModel.SelectionFlag.Rows)

    def _selected(self) -> Case | None:
        index = self.table.currentIndex()
        case = model_data(index.siblingAtColumn(0), TrashRole.CASE) if index.isValid() else None
        return case if isinstance(case, Case) else None

    def _update_buttons(self, *args: object) -> None:
        has = self._selected() is not None
        self.restore_button.setEnabled(has)
        self.delete_button.setEnabled(has)
        self.empty_label.setVisible(self.model.rowCount() == 0)
        self.table.setVisible(self.model.rowCount() > 0)

    def restore_selected(self) -> None:
        case = self._selected()
        if case is None:
            return
        try:
            self._journal.restore_case(case.id)
        except Exception as exc:
            self.banner.show_message(f"{case.code} could not be restored: "
                                     f"{describe_error(exc)}.")
            return
        self.model.remove(case.id)
        self._update_buttons()
        self.status_message.emit(f"{case.code} is back in your cases.")
        self.restored.emit(case.id)
        self.changed.emit()

    def delete_selected(self) -> None:
        case = self._selected()
        if case is None:
            return
        reason = ""
        try:
            if self._journal.needs_deletion_reason(case.id):
                # Before the retention date: a reason, or nothing is deleted.
                asked = deletion_reason.ask_deletion_reason(
                    self, case.code, self._journal.retention_date(case.id))
                if asked is None:
                    return
                reason = asked
        except Exception as exc:
            self.banner.show_message(f"{case.code} could not be deleted: "
                                     f"{describe_error(exc)}.")
            return
        answer = QMessageBox.question(
            self, "Delete for good?",
            f"Delete {case.code} for good, with all its notes, goals and history?\n\n"
            "This can't be undone.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
            return
        try:
            self._journal.purge_case(case.id, reason)
        except Exception as exc:
            self.banner.show_message(f"{case.code} could not be deleted: "
                                     f"{describe_error(exc)}.")
            return
        self.model.remove(case.id)
        self._update_buttons()
        self.status_message.emit(f"{case.code} was deleted for good.")
        self.changed.emit()
