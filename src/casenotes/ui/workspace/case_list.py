"""The case list: filters (client type, status, tag) over a sortable table of cases.

Keyboard: arrows move, Enter opens the case, Delete asks to move it to the trash."""

from __future__ import annotations

import heapq
from datetime import date

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QComboBox,
    QHeaderView,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.domain import CLIENT_TYPE_LABELS, CaseStatus, ClientType
from casenotes.core.privacy import PrivacyMasks
from casenotes.ui.shared.common import STATUS_LABELS, format_date, model_data
from casenotes.ui.shared.widgets import ChipDelegate, FlowWidget, muted_label
from casenotes.ui.workspace.case_filter import CaseFilterProxy
from casenotes.ui.workspace.case_model import (
    COL_CODE,
    COL_LAST_SESSION,
    COL_NAME,
    COL_STATUS,
    COL_TYPES,
    HEADERS,
    CaseRole,
    CaseTableModel,
)

# Only this many of the longest texts are measured for a column's width: measuring each of
# 3,000 codes and names took 15-30 ms of the unlock; the widest is among the longest.
MEASURED_TEXTS = 200


def _longest(texts: list[str]) -> list[str]:
    if len(texts) <= MEASURED_TEXTS:
        return texts
    return heapq.nlargest(MEASURED_TEXTS, texts, key=len)


class CaseTable(QTableView):
    """The table itself; Enter and Delete act on the current case on every platform."""

    open_requested = Signal(str)
    trash_requested = Signal(str)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        case_id = self.current_case_id()
        if event.key() in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and case_id:
            self.open_requested.emit(case_id)
            return
        if event.key() == Qt.Key.Key_Delete and case_id:
            self.trash_requested.emit(case_id)
            return
        super().keyPressEvent(event)

    def current_case_id(self) -> str | None:
        index = self.currentIndex()
        if not index.isValid():
            return None
        value = model_data(index.siblingAtColumn(0), CaseRole.CASE_ID)
        return str(value) if value else None


class CaseListPanel(QWidget):
    """Filters above the table. Emits the case chosen, opened or to be trashed."""

    current_case_changed = Signal(object)  # str | None
    open_requested = Signal(str)
    trash_requested = Signal(str)

    def __init__(
        self,
        model: CaseTableModel,
        parent: QWidget | None = None,
        *,
        masks: PrivacyMasks | None = None,
    ) -> None:
        super().__init__(parent)
        self.model = model
        self._masks = masks if masks is not None else PrivacyMasks()
        self._privacy = False
        # The name order privacy mode set aside, to come back to when it ends.
        self._name_order: Qt.SortOrder | None = None
        self.proxy = CaseFilterProxy(self)
        self.proxy.setSourceModel(model)

        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)

        filters = FlowWidget()
        flow = filters
        self.type_filter = QComboBox()
        self.type_filter.setAccessibleName("Show client type")
        self.type_filter.setToolTip("Show only cases of one client type")
        self.type_filter.addItem("All client types", "")
        for client_type, label in CLIENT_TYPE_LABELS.items():
            self.type_filter.addItem(label, client_type.value)
        self.status_filter = QComboBox()
        self.status_filter.setAccessibleName("Show status")
        self.status_filter.setToolTip("Show only active, paused or closed cases")
        self.status_filter.addItem("Any status", "")
        for status, label in STATUS_LABELS.items():
            self.status_filter.addItem(label, status.value)
        self.tag_filter = QComboBox()
        self.tag_filter.setAccessibleName("Show tag")
        self.tag_filter.setToolTip("Show only cases with this tag")
        self.tag_filter.addItem("Any tag", "")
        for combo in (self.type_filter, self.status_filter, self.tag_filter):
            combo.setSizeAdjustPolicy(QComboBox.SizeAdjustPolicy.AdjustToContents)
            flow.add(combo)
        layout.addWidget(filters)

        self.table = CaseTable()
        self.table.setObjectName("caseTable")
        self.table.setModel(self.proxy)
        self.table.setAccessibleName("Cases")
        self.table.setAccessibleDescription(
            "Your cases. Enter opens a case; Delete moves it to the trash."
        )
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setSortingEnabled(True)
        self.table.sortByColumn(COL_CODE, Qt.SortOrder.AscendingOrder)
        self.table.setAlternatingRowColors(True)
        self.table.setShowGrid(False)
        self.table.setWordWrap(False)
        self.table.setTabKeyNavigation(False)
        self.table.verticalHeader().hide()
        # Row heights and column widths come from the font, never from asking every row
        # (ResizeToContents would query all rows on each change: slow with hundreds of cases).
        self.table.verticalHeader().setSectionResizeMode(QHeaderView.ResizeMode.Fixed)
        self.table.setItemDelegateForColumn(COL_TYPES, ChipDelegate(CaseRole.CHIPS, self.table))
        header = self.table.horizontalHeader()
        header.setAccessibleName("Case list columns")
        header.setToolTip("Click a column to sort by it")
        header.setHighlightSections(False)
        header.setSectionResizeMode(COL_CODE, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_NAME, QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(True)  # spare width goes to the last column
        header.setSectionResizeMode(COL_TYPES, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_STATUS, QHeaderView.ResizeMode.Interactive)
        header.setSectionResizeMode(COL_LAST_SESSION, QHeaderView.ResizeMode.Interactive)
        self._fit_columns()
        layout.addWidget(self.table, 1)

        self.empty_label = muted_label("")
        self.empty_label.hide()
        layout.addWidget(self.empty_label)

        self.type_filter.currentIndexChanged.connect(self._filters_changed)
        self.status_filter.currentIndexChanged.connect(self._filters_changed)
        self.tag_filter.currentIndexChanged.connect(self._filters_changed)
        selection = self.table.selectionModel()
        selection.currentRowChanged.connect(self._current_row_changed)
        self.table.open_requested.connect(self.open_requested)
        self.table.trash_requested.connect(self.trash_requested)
        self.table.doubleClicked.connect(self._double_clicked)
        for signal in (model.modelReset, model.rowsInserted, model.rowsRemoved):
            signal.connect(self._model_changed)
        self.proxy.layoutChanged.connect(self._update_empty)
        self.proxy.rowsInserted.connect(self._update_empty)
        self.proxy.rowsRemoved.connect(self._update_empty)
        self.proxy.modelReset.connect(self._update_empty)
        model.dataChanged.connect(self._data_changed)
        self.table.horizontalHeader().sortIndicatorChanged.connect(self._sort_changed)
        self._resort_timer = QTimer(self)
        self._resort_timer.setSingleShot(True)
        self._resort_timer.timeout.connect(self.resort)
        self._update_empty()

    # ---- filters ----

    def _filters_changed(self) -> None:
        current = self.current_case_id()
        # Every item carries data ("" for "all"): an empty QVariant would come back as None,
        # which PySide6 6.12 on Python 3.11 mis-counts (see shared.common.model_data).
        client_type = str(self.type_filter.currentData() or "")
        status = str(self.status_filter.currentData() or "")
        self.proxy.set_client_type(ClientType(client_type) if client_type else None)
        self.proxy.set_status(CaseStatus(status) if status else None)
        self.proxy.set_tag(str(self.tag_filter.currentData() or "") or None)
        if current and self.proxy.row_of(current) >= 0:
            self.select_case(current)
        self._update_empty()

    def set_status_filter(self, status: CaseStatus | None) -> None:
        wanted = status.value if status is not None else ""
        self.status_filter.setCurrentIndex(max(0, self.status_filter.findData(wanted)))

    def clear_filters(self) -> None:
        for combo in (self.type_filter, self.status_filter, self.tag_filter):
            combo.blockSignals(True)
            combo.setCurrentIndex(0)
            combo.blockSignals(False)
        self.proxy.clear_filters()
        self._update_empty()

    def refresh_tags(self) -> None:
        current = str(self.tag_filter.currentData() or "")
        self.tag_filter.blockSignals(True)
        self.tag_filter.clear()
        self.tag_filter.addItem("Any tag", "")
        for tag in self.model.all_tags():
            self.tag_filter.addItem(self._tag_text(tag), tag)
        index = self.tag_filter.findData(current) if current else 0
        self.tag_filter.setCurrentIndex(max(0, index))
        self.tag_filter.blockSignals(False)
        if current and index < 0:
            self._filters_changed()

    def _model_changed(self) -> None:
        self._resort_timer.start(0)
        self._fit_columns()
        self.refresh_tags()
        self._update_empty()

    def _fit_columns(self) -> None:
        """Widths from the font and the codes in use; the name column takes what is left."""
        fm = self.table.fontMetrics()
        header = self.table.horizontalHeader()
        pad = fm.averageCharWidth() * 3
        cases = self.model.cases()

        def fit(column: int, texts: list[str]) -> None:
            title = header.fontMetrics().horizontalAdvance(HEADERS[column]) + pad * 2
            widest = max(fm.horizontalAdvance(t) for t in _longest(texts)) + pad
            self.table.setColumnWidth(column, max(title, widest))

        fit(COL_CODE, [c.code for c in cases] or ["CPL-00"])
        fit(COL_NAME, [c.display_name for c in cases] or ["Rowan & Kit"])
        self.table.setColumnWidth(
            COL_NAME, min(self.table.columnWidth(COL_NAME), fm.averageCharWidth() * 22)
        )
        fit(COL_STATUS, list(STATUS_LABELS.values()))
        fit(COL_LAST_SESSION, [format_date(date(2000, 9, 30), weekday=False)])
        self.table.setColumnWidth(COL_TYPES, fm.averageCharWidth() * 25)
        self.table.verticalHeader().setDefaultSectionSize(int(fm.height() * 1.9))

    # ---- sorting ----
    # The proxy does not re-sort on every change (dynamicSortFilter is off): one edited date
    # would otherwise re-sort the whole list on the spot. It re-sorts when the values of the
    # sort column change, once per burst of changes.

    def resort(self) -> None:
        self.proxy.sort(self.proxy.sortColumn(), self.proxy.sortOrder())

    def _data_changed(
        self, top_left: QModelIndex, bottom_right: QModelIndex, roles: list[int] | None = None
    ) -> None:
        if top_left.column() <= self.proxy.sortColumn() <= bottom_right.column():
            self._resort_timer.start(0)

    def _sort_changed(self, *_args: object) -> None:
        self._resort_timer.stop()

    def changeEvent(self, event: QEvent) -> None:
        super().changeEvent(event)
        if event.type() == QEvent.Type.FontChange:
            self._fit_columns()

    def _update_empty(self, *args: object) -> None:
        if self.model.rowCount() == 0:
            text = "No cases yet. Create one with New case (Ctrl+Shift+N)."
        elif self.proxy.rowCount() == 0:
            text = "No cases match these filters."
        else:
            text = ""
        self.empty_label.setText(text)
        self.empty_label.setVisible(bool(text))

    # ---- privacy ----

    def set_privacy_mode(self, on: bool) -> None:
        self._privacy = on
        self.proxy.set_privacy_mode(on)
        self.table.setColumnHidden(COL_NAME, on)
        header = self.table.horizontalHeader()
        if on and header.sortIndicatorSection() == COL_NAME:
            # Rows in the order of the hidden names would still tell them apart: by code
            # while the screen is shared, by name again after.
            self._name_order = header.sortIndicatorOrder()
            self.table.sortByColumn(COL_CODE, Qt.SortOrder.AscendingOrder)
        elif not on and self._name_order is not None:
            if header.sortIndicatorSection() == COL_CODE:
                self.table.sortByColumn(COL_NAME, self._name_order)
            self._name_order = None
        self.refresh_tags()

    def _tag_text(self, tag: str) -> str:
        """A tag as the filter lists it: in privacy mode through the mask of every case
        that carries it (a tag can be a name)."""
        if not self._privacy:
            return tag
        text = tag
        for case in self.model.cases():
            if tag in case.tags:
                text = self._masks.for_case(case).mask(text)
        return text

    # ---- selection ----

    def current_case_id(self) -> str | None:
        return self.table.current_case_id()

    def select_case(self, case_id: str) -> bool:
        """Make the case current, clearing filters that hide it. False if it is not listed."""
        if self.current_case_id() == case_id:  # already current (every note opened asks)
            self.table.scrollTo(self.table.currentIndex())
            return True
        row = self.proxy.row_of(case_id)
        if row < 0 and self.model.row_of(case_id) >= 0:
            self.clear_filters()
            row = self.proxy.row_of(case_id)
        if row < 0:
            return False
        index = self.proxy.index(row, COL_CODE)
        if self.table.currentIndex().row() != row:
            self.table.selectionModel().setCurrentIndex(
                index,
                QItemSelectionModel.SelectionFlag.ClearAndSelect
                | QItemSelectionModel.SelectionFlag.Rows,
            )
        self.table.scrollTo(index)
        return True

    def clear_selection(self) -> None:
        self.table.selectionModel().clearSelection()
        self.table.setCurrentIndex(QModelIndex())

    def _current_row_changed(self, current: QModelIndex, previous: QModelIndex) -> None:
        if current.isValid() and previous.isValid() and current.row() == previous.row():
            return
        value = model_data(current.siblingAtColumn(0), CaseRole.CASE_ID)
        self.current_case_changed.emit(str(value) if value else None)

    def _double_clicked(self, index: QModelIndex) -> None:
        value = model_data(index.siblingAtColumn(0), CaseRole.CASE_ID)
        if value:
            self.open_requested.emit(str(value))
