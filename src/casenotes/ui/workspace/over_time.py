"""The case view's "Over time" tab: the case's course as a chart or, for screen readers and
anyone who prefers one, as a table. The tab gives it the case view's room; the chart keeps
every row and scrolls inside when the tab is shorter."""

from __future__ import annotations

from PySide6.QtCore import QModelIndex, Qt, Signal
from PySide6.QtGui import QShowEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QHBoxLayout,
    QHeaderView,
    QPushButton,
    QScrollArea,
    QStackedWidget,
    QTableView,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.prompts.course import CaseCourse
from casenotes.ui.shared.common import model_data
from casenotes.ui.shared.widgets import muted_label
from casenotes.ui.workspace.case_chart import CaseChart
from casenotes.ui.workspace.course_table_model import (
    COL_DATE,
    COL_FIRST_GOAL,
    COL_GOALS_WORKED,
    COL_NEEDS,
    COL_SESSION,
    CaseCourseTableModel,
    CourseRole,
)

CHART, TABLE = 0, 1
TABLE_HELP = (
    "One row per session, oldest first: its date, the needs identified, the goals "
    "worked on, and each goal's status. Enter opens the session's note."
)


class OverTimeSection(QWidget):
    session_activated = Signal(str)  # note id
    shown = Signal()  # about to be on screen (the case view fills it then)

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._table_fitted = False  # columns sized to contents for this course
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        layout.addLayout(self._build_head())
        self.stack = QStackedWidget()
        self.chart = CaseChart()
        self.chart_scroll = QScrollArea()
        self.chart_scroll.setWidgetResizable(True)
        self.chart_scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        self.chart_scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        self.chart_scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)
        self.chart_scroll.setWidget(self.chart)
        self.stack.addWidget(self.chart_scroll)
        self.table_model = CaseCourseTableModel(self)
        self.table = self._build_table()
        self.stack.addWidget(self.table)
        layout.addWidget(self.stack, 1)

        self.view_group.idToggled.connect(self._view_toggled)
        self.chart_button.setChecked(True)
        self.chart.session_activated.connect(self.session_activated)
        self.table.activated.connect(self._table_activated)
        QWidget.setTabOrder(self.chart_button, self.table_button)
        QWidget.setTabOrder(self.table_button, self.chart)
        QWidget.setTabOrder(self.chart, self.table)

    def _build_head(self) -> QHBoxLayout:
        head = QHBoxLayout()
        head.setContentsMargins(9, 6, 9, 0)
        self.summary = muted_label(wrap=False)
        head.addWidget(self.summary)
        head.addStretch(1)
        self.chart_button = QPushButton("Chart")
        self.table_button = QPushButton("Table")
        self.chart_button.setAccessibleName("Show the picture over time as a chart")
        self.table_button.setAccessibleName("Show the picture over time as a table")
        self.table_button.setToolTip("The same picture as a table, for screen readers")
        self.view_group = QButtonGroup(self)
        self.view_group.setExclusive(True)
        for number, button in enumerate((self.chart_button, self.table_button)):
            button.setCheckable(True)
            button.setAutoDefault(False)
            self.view_group.addButton(button, number)
            head.addWidget(button)
        return head

    def _build_table(self) -> QTableView:
        table = QTableView()
        table.setObjectName("overTimeTable")
        table.setModel(self.table_model)
        table.setAccessibleName("Picture over time, as a table")
        table.setAccessibleDescription(TABLE_HELP)
        table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        table.setAlternatingRowColors(True)
        table.setWordWrap(False)
        table.setTextElideMode(Qt.TextElideMode.ElideRight)
        table.verticalHeader().hide()
        table.verticalHeader().setDefaultSectionSize(table.fontMetrics().height() + 8)
        header = table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)  # columns fit their contents; no wide last one
        return table

    def showEvent(self, event: QShowEvent) -> None:
        super().showEvent(event)
        self.shown.emit()  # before the first paint: what is filled now is what is painted

    # ---- state ----

    def showing_table(self) -> bool:
        return self.stack.currentWidget() is self.table

    def set_course(self, course: CaseCourse | None) -> None:
        self.chart.set_course(course)
        self.table_model.set_course(course)
        count = self.table_model.rowCount()
        self.summary.setText(
            "" if not count else ("1 session" if count == 1 else f"{count} sessions")
        )
        self._show_view_buttons()
        # Sizing columns reads every cell: only for the view on screen (a 200-session case
        # would otherwise spend ~50 ms on a table nobody is looking at).
        self._table_fitted = False
        if self.showing_table():
            self._fit_table()

    def _fit_table(self) -> None:
        """Columns as wide as their contents, the long text ones capped (their whole text
        is in the tooltip), so no column runs absurdly wide."""
        fm = self.table.fontMetrics()
        caps = {COL_NEEDS: fm.averageCharWidth() * 36, COL_GOALS_WORKED: fm.averageCharWidth() * 32}
        floor = fm.horizontalAdvance("Not yet set") + fm.height()
        self._table_fitted = True
        self.table.verticalHeader().setDefaultSectionSize(fm.height() + 8)
        self.table.horizontalHeader().setResizeContentsPrecision(100)  # rows sampled
        self.table.resizeColumnsToContents()
        for column in range(self.table_model.columnCount()):
            width = self.table.columnWidth(column)
            cap = caps.get(column, fm.averageCharWidth() * 24)
            if column == COL_DATE:
                cap = max(width, fm.horizontalAdvance("30 Sept 2026") + fm.height())
            if column >= COL_FIRST_GOAL:
                width = max(width, floor)
            self.table.setColumnWidth(column, min(width, cap))

    # ---- slots ----

    def _show_view_buttons(self) -> None:
        """Chart or table is a choice only with sessions to show."""
        show = self.table_model.rowCount() > 0
        self.chart_button.setVisible(show)
        self.table_button.setVisible(show)
        # with no sessions the chart says so in words; the chosen view is kept for later
        self.stack.setCurrentIndex(CHART if not show else max(self.view_group.checkedId(), 0))

    def _view_toggled(self, number: int, checked: bool) -> None:
        button = self.view_group.button(number)
        font = button.font()
        font.setBold(checked)  # the chosen view stands out in every theme, not by colour
        button.setFont(font)
        if not checked:
            return
        self.stack.setCurrentIndex(number)
        if self.showing_table() and not self._table_fitted:
            self._fit_table()
        rows = self.table_model.rowCount()
        if self.showing_table() and rows and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.table_model.index(rows - 1, COL_SESSION))

    def _table_activated(self, index: QModelIndex) -> None:
        value = model_data(index, CourseRole.NOTE_ID)
        if value:
            self.session_activated.emit(str(value))
