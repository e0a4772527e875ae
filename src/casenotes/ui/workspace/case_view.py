"""One case: who it is (or only its code, in privacy mode), partners for couples,
identifiers, goals with their status, the picture over time (a chart or a table of the
needs identified and the goals' status at each session), and the sessions as a timeline."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import replace
from functools import partial

from PySide6.QtCore import QEvent, QItemSelectionModel, QModelIndex, QObject, Qt, QTimer, Signal
from PySide6.QtGui import QKeyEvent
from PySide6.QtWidgets import (
    QAbstractItemView,
    QButtonGroup,
    QCheckBox,
    QComboBox,
    QDialog,
    QDialogButtonBox,
    QFormLayout,
    QGridLayout,
    QHBoxLayout,
    QHeaderView,
    QLabel,
    QListView,
    QMessageBox,
    QPlainTextEdit,
    QPushButton,
    QScrollArea,
    QSizePolicy,
    QSplitter,
    QStackedWidget,
    QTableView,
    QToolButton,
    QVBoxLayout,
    QWidget,
)

from casenotes.core.deid.labels import partner_label
from casenotes.core.domain import GOAL_STATUS_LABELS, Case, ClientType, Goal, GoalStatus, Note
from casenotes.core.domain.models import utc_now
from casenotes.core.journal import Journal
from casenotes.core.privacy import PrivacyMasks
from casenotes.core.prompts.course import case_course
from casenotes.core.prompts.library import load_default_library
from casenotes.core.prompts.model import PromptLibrary
from casenotes.ui.shared.common import (
    IDENTIFIER_LABELS,
    STATUS_LABELS,
    alive,
    client_type_label,
    describe_error,
    format_date,
    model_data,
)
from casenotes.ui.shared.widgets import (
    STATUS_HUES,
    TYPE_HUES,
    Chip,
    FlowWidget,
    TwoLineDelegate,
    esc,
    heading,
    muted_label,
    title_html,
)
from casenotes.ui.workspace.case_chart import (
    COL_DATE,
    COL_FIRST_GOAL,
    COL_GOALS_WORKED,
    COL_NEEDS,
    COL_SESSION,
    CaseChart,
    CaseCourseTableModel,
    CourseRole,
)
from casenotes.ui.workspace.session_model import SessionListModel, SessionRole, session_title


class GoalDialog(QDialog):
    """Add or edit a goal: its words and where it stands."""

    def __init__(self, goal: Goal | None, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self.setWindowTitle("Edit goal" if goal else "Add a goal")
        self.goal = goal
        layout = QVBoxLayout(self)
        form = QFormLayout()
        form.setRowWrapPolicy(QFormLayout.RowWrapPolicy.WrapLongRows)
        self.text_edit = QPlainTextEdit(goal.text if goal else "")
        self.text_edit.setTabChangesFocus(True)
        self.text_edit.setPlaceholderText("The goal in the client's own words")
        self.text_edit.setAccessibleName("Goal")
        fm = self.text_edit.fontMetrics()
        self.text_edit.setMinimumWidth(fm.averageCharWidth() * 48)
        self.text_edit.setMinimumHeight(fm.lineSpacing() * 4)
        form.addRow("&Goal", self.text_edit)
        self.status_combo = QComboBox()
        self.status_combo.setAccessibleName("Goal status")
        for status, label in GOAL_STATUS_LABELS.items():
            self.status_combo.addItem(label, status.value)
        if goal:
            self.status_combo.setCurrentIndex(max(0, self.status_combo.findData(goal.status.value)))
        form.addRow("&Status", self.status_combo)
        layout.addLayout(form)
        layout.addWidget(muted_label(
            "Goals are set together with the client and may change; every change is kept."))
        buttons = QDialogButtonBox(QDialogButtonBox.StandardButton.Save
                                   | QDialogButtonBox.StandardButton.Cancel)
        self.save_button = buttons.button(QDialogButtonBox.StandardButton.Save)
        buttons.accepted.connect(self.accept)
        buttons.rejected.connect(self.reject)
        layout.addWidget(buttons)
        self.text_edit.textChanged.connect(self._update)
        self._update()

    def _update(self) -> None:
        self.save_button.setEnabled(bool(self.text_edit.toPlainText().strip()))

    def text(self) -> str:
        return self.text_edit.toPlainText().strip()

    def status(self) -> GoalStatus:
        return GoalStatus(self.status_combo.currentData())


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


# Whether "Over time" is open: remembered for the session (across cases and locks), not saved.
_over_time_open = True

# "Over time" shows its whole chart up to this share of the case view's height (then it
# scrolls inside); the sessions below keep at least this many rows in view.
OVER_TIME_MAX_SHARE = 0.55
SESSIONS_MIN_ROWS = 5
RESIZE_HELP = "Ctrl+Down makes this section taller, Ctrl+Up shorter."


class OverTimeSection(QWidget):
    """The collapsible "Over time" section: the case's course as a chart or, for screen
    readers and anyone who prefers one, as a table. As tall as its content (up to a share of
    the case view); the splitter handle above the sessions, or Ctrl+Up / Ctrl+Down on the
    section's header, controls, chart or table, makes it shorter or taller."""

    session_activated = Signal(str)  # note id
    toggled = Signal(bool)  # open or closed
    resize_requested = Signal(int)  # pixels: > 0 taller, < 0 shorter
    view_changed = Signal()  # chart or table: the preferred height may differ

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        layout = QVBoxLayout(self)
        layout.setContentsMargins(0, 0, 0, 0)
        layout.setSpacing(2)
        head = QHBoxLayout()
        head.setContentsMargins(9, 0, 9, 0)
        self.toggle = QToolButton()
        self.toggle.setObjectName("overTimeToggle")
        self.toggle.setCheckable(True)
        self.toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.toggle.setText("Over time")
        self.toggle.setToolTip("Needs identified and goals' status, session by session. "
                               + RESIZE_HELP)
        self.toggle.setAccessibleDescription(
            "Space shows or hides the picture over time. " + RESIZE_HELP)
        head.addWidget(self.toggle)
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
        layout.addLayout(head)

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
        self.table = QTableView()
        self._table_fitted = False  # columns sized to contents for this course
        self.table.setObjectName("overTimeTable")
        self.table.setModel(self.table_model)
        self.table.setAccessibleName("Picture over time, as a table")
        self.table.setAccessibleDescription(
            "One row per session, oldest first: its date, the needs identified, the goals "
            "worked on, and each goal's status. Enter opens the session's note.")
        self.table.setSelectionBehavior(QAbstractItemView.SelectionBehavior.SelectRows)
        self.table.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.table.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        self.table.setAlternatingRowColors(True)
        self.table.setWordWrap(False)
        self.table.setTextElideMode(Qt.TextElideMode.ElideRight)
        self.table.verticalHeader().hide()
        self.table.verticalHeader().setDefaultSectionSize(self.table.fontMetrics().height() + 8)
        header = self.table.horizontalHeader()
        header.setDefaultAlignment(Qt.AlignmentFlag.AlignLeft | Qt.AlignmentFlag.AlignVCenter)
        header.setTextElideMode(Qt.TextElideMode.ElideRight)
        header.setSectionResizeMode(QHeaderView.ResizeMode.Interactive)
        header.setStretchLastSection(False)  # columns fit their contents; no wide last one
        self.stack.addWidget(self.table)
        for widget in (self.toggle, self.chart_button, self.table_button, self.chart,
                       self.table):
            widget.installEventFilter(self)
        layout.addWidget(self.stack, 1)

        self.toggle.toggled.connect(self._set_open)
        self.view_group.idToggled.connect(self._view_toggled)
        self.chart_button.setChecked(True)
        self.chart.session_activated.connect(self.session_activated)
        self.table.activated.connect(self._table_activated)
        self.toggle.setChecked(_over_time_open)
        self._set_open(_over_time_open)

    # ---- state ----

    def is_open(self) -> bool:
        return self.toggle.isChecked()

    def showing_table(self) -> bool:
        return self.stack.currentWidget() is self.table

    def header_height(self) -> int:
        return max(self.toggle.sizeHint().height(), self.chart_button.sizeHint().height()) + 4

    def preferred_height(self) -> int:
        """The height that shows the whole chart (or the whole table): the case view caps
        it at a share of its own height, and the rest scrolls inside."""
        if not self.is_open():
            return self.header_height()
        line = self.fontMetrics().height()
        if not self.table_model.rowCount():
            return self.header_height() + line * 3
        if self.showing_table():
            wanted = self.table_content_height()
        else:
            wanted = self.chart.content_height() + 4
        return self.header_height() + max(line * 5, wanted)

    def table_content_height(self) -> int:
        """Heading plus every row, and room for a horizontal scroll bar if one shows."""
        table = self.table
        header = table.horizontalHeader()
        rows = self.table_model.rowCount()
        height = (header.sizeHint().height() + table.verticalHeader().length()
                  if rows else header.sizeHint().height())
        height += table.frameWidth() * 2 + 2
        if header.length() > max(table.viewport().width(), 1) or not table.isVisible():
            height += table.style().pixelMetric(table.style().PixelMetric.PM_ScrollBarExtent)
        return height

    def set_course(self, course: object) -> None:
        self.chart.set_course(course)
        self.table_model.set_course(course)
        count = self.table_model.rowCount()
        self.summary.setText("" if not count else
                             ("1 session" if count == 1 else f"{count} sessions"))
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
        caps = {COL_NEEDS: fm.averageCharWidth() * 36,
                COL_GOALS_WORKED: fm.averageCharWidth() * 32}
        floor = fm.horizontalAdvance("Not yet set") + fm.height()
        self._table_fitted = True
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

    def eventFilter(self, watched: QObject, event: QEvent) -> bool:
        """Ctrl+Up / Ctrl+Down anywhere in the section: shorter / taller."""
        if event.type() == QEvent.Type.KeyPress and isinstance(event, QKeyEvent):
            step = self.resize_step(event)
            if step:
                self.resize_requested.emit(step)
                return True
        return super().eventFilter(watched, event)

    def resize_step(self, event: QKeyEvent) -> int:
        mods = event.modifiers() & ~Qt.KeyboardModifier.KeypadModifier
        if mods != Qt.KeyboardModifier.ControlModifier or not self.is_open():
            return 0
        step = self.fontMetrics().height() * 3
        if event.key() == Qt.Key.Key_Down:
            return step
        if event.key() == Qt.Key.Key_Up:
            return -step
        return 0

    # ---- slots ----

    def _set_open(self, on: bool) -> None:
        global _over_time_open
        _over_time_open = on
        self.toggle.setArrowType(Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.toggle.setAccessibleName(
            "Hide the picture over time" if on else "Show the picture over time")
        self.stack.setVisible(on)
        self._show_view_buttons()
        if on:
            self.setMaximumHeight(16_777_215)
        else:
            self.setMaximumHeight(self.header_height())
        self.toggled.emit(on)

    def _show_view_buttons(self) -> None:
        """Chart or table is a choice only while open and with sessions to show."""
        show = self.is_open() and self.table_model.rowCount() > 0
        self.chart_button.setVisible(show)
        self.table_button.setVisible(show)
        # with no sessions the chart says so in words; the chosen view is kept for later
        empty = self.table_model.rowCount() == 0
        self.stack.setCurrentIndex(0 if empty else max(self.view_group.checkedId(), 0))

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
        self.view_changed.emit()
        rows = self.table_model.rowCount()
        if self.showing_table() and rows and not self.table.currentIndex().isValid():
            self.table.setCurrentIndex(self.table_model.index(rows - 1, COL_SESSION))

    def _table_activated(self, index: QModelIndex) -> None:
        value = model_data(index, CourseRole.NOTE_ID)
        if value:
            self.session_activated.emit(str(value))


class CaseView(QWidget):
    """Shows one case. Reads and writes goals and note trash itself; asks the workspace to
    open notes, start a new one, or edit the case."""

    note_requested = Signal(str)
    new_note_requested = Signal()
    edit_requested = Signal()
    notes_changed = Signal(str)  # case id: a note was trashed or restored
    goals_changed = Signal(str)  # case id: a goal was added or changed
    status_message = Signal(str)

    def __init__(self, journal: Journal, parent: QWidget | None = None, *,
                 masks: PrivacyMasks | None = None) -> None:
        super().__init__(parent)
        self._journal = journal
        self._case: Case | None = None
        self._goals: list[Goal] = []
        self._privacy = False
        self._masks = masks if masks is not None else PrivacyMasks()
        self._show_trashed = False
        self.goal_dialog: GoalDialog | None = None
        self._goal_combos: dict[str, QComboBox] = {}

        outer = QVBoxLayout(self)
        outer.setContentsMargins(0, 0, 0, 0)
        self.splitter = QSplitter(Qt.Orientation.Vertical)
        self.splitter.setChildrenCollapsible(False)
        outer.addWidget(self.splitter)

        # -- details (scrolls) --
        details = QWidget()
        details.setObjectName("caseDetails")
        dl = QVBoxLayout(details)
        self.title = QLabel()
        self.title.setTextFormat(Qt.TextFormat.RichText)
        self.title.setWordWrap(True)
        self.title.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        dl.addWidget(self.title)
        self.chips_box = FlowWidget()
        self.chips = self.chips_box
        dl.addWidget(self.chips_box)
        self.facts = muted_label()
        dl.addWidget(self.facts)
        self.concerns = QLabel()
        self.concerns.setWordWrap(True)
        self.concerns.setTextFormat(Qt.TextFormat.PlainText)
        self.concerns.setAccessibleName("Presenting concerns")
        dl.addWidget(self.concerns)
        self.privacy_note = muted_label(
            "Privacy mode: names and other known details show as labels such as [Client] "
            "while you share your screen.")
        self.privacy_note.hide()
        dl.addWidget(self.privacy_note)

        actions = FlowWidget()
        af = actions
        self.new_note_button = QPushButton("New note")
        self.new_note_button.setAccessibleName("New note for this case")
        self.new_note_button.setToolTip("Start a session note (Ctrl+N)")
        self.edit_button = QPushButton("Edit case…")
        self.edit_button.setAccessibleName("Edit case details")
        af.add(self.new_note_button)
        af.add(self.edit_button)
        dl.addWidget(actions)

        self.partners_box = QWidget()
        pl = QVBoxLayout(self.partners_box)
        pl.setContentsMargins(0, 0, 0, 0)
        pl.addWidget(heading("Partners"))
        self.partners_grid = QGridLayout()
        pl.addLayout(self.partners_grid)
        dl.addWidget(self.partners_box)

        self.identifiers_toggle = QToolButton()
        self.identifiers_toggle.setCheckable(True)
        self.identifiers_toggle.setToolButtonStyle(Qt.ToolButtonStyle.ToolButtonTextBesideIcon)
        self.identifiers_toggle.setArrowType(Qt.ArrowType.RightArrow)
        self.identifiers_toggle.setText("Identifiers")
        self.identifiers_toggle.setAccessibleName("Show identifiers")
        self.identifiers_toggle.setToolTip(
            "What identifies this client; Casenotes takes these out of anything you export.")
        self.identifiers_toggle.toggled.connect(self._toggle_identifiers)
        dl.addWidget(self.identifiers_toggle)
        self.identifiers = QLabel()
        self.identifiers.setTextFormat(Qt.TextFormat.RichText)
        self.identifiers.setWordWrap(True)
        self.identifiers.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
        self.identifiers.hide()
        dl.addWidget(self.identifiers)

        goals_head = QHBoxLayout()
        goals_head.addWidget(heading("Goals"))
        goals_head.addStretch(1)
        self.add_goal_button = QPushButton("Add goal…")
        self.add_goal_button.setAccessibleName("Add a goal")
        goals_head.addWidget(self.add_goal_button)
        dl.addLayout(goals_head)
        self.goals_box = QWidget()
        self.goals_grid = QGridLayout(self.goals_box)
        self.goals_grid.setContentsMargins(0, 0, 0, 0)
        self.goals_grid.setColumnStretch(0, 1)
        dl.addWidget(self.goals_box)
        dl.addStretch(1)

        scroll = QScrollArea()
        scroll.setWidgetResizable(True)
        scroll.setFrameShape(QScrollArea.Shape.NoFrame)
        scroll.setWidget(details)
        scroll.setHorizontalScrollBarPolicy(Qt.ScrollBarPolicy.ScrollBarAlwaysOff)
        scroll.setFocusPolicy(Qt.FocusPolicy.NoFocus)  # Tab goes to the controls inside
        self.details_scroll = scroll
        self.splitter.addWidget(scroll)

        # -- over time (collapsible) --
        self._library: PromptLibrary | None = None
        self.over_time = OverTimeSection()
        self.over_time.setObjectName("overTime")
        self.chart = self.over_time.chart
        self.course_model = self.over_time.table_model
        self.splitter.addWidget(self.over_time)

        # -- sessions --
        sessions = QWidget()
        sl = QVBoxLayout(sessions)
        head = QHBoxLayout()
        self.sessions_heading = heading("Sessions")
        head.addWidget(self.sessions_heading)
        head.addStretch(1)
        sl.addLayout(head)
        self.session_model = SessionListModel(self)
        self.timeline = TimelineView()
        self.timeline.setObjectName("timeline")
        self.timeline.setModel(self.session_model)
        self.timeline.setAccessibleName("Sessions")
        self.timeline.setAccessibleDescription(
            "This case's session notes, newest first. Enter opens a note; "
            "Delete moves it to the trash.")
        self.timeline.setItemDelegate(TwoLineDelegate(
            SessionRole.TITLE, SessionRole.PREVIEW, SessionRole.BADGE, SessionRole.IN_TRASH,
            self.timeline))
        self.timeline.setUniformItemSizes(True)
        self.timeline.setAlternatingRowColors(True)
        self.timeline.setSelectionMode(QAbstractItemView.SelectionMode.SingleSelection)
        self.timeline.setEditTriggers(QAbstractItemView.EditTrigger.NoEditTriggers)
        sl.addWidget(self.timeline, 1)
        self.sessions_empty = muted_label("No sessions yet. Start one with New note (Ctrl+N).")
        sl.addWidget(self.sessions_empty)
        bottom = FlowWidget()
        bf = bottom
        self.show_trash_check = QCheckBox("Show notes in the trash")
        self.show_trash_check.setAccessibleName("Show notes in the trash")
        self.restore_note_button = QPushButton("Restore note")
        self.restore_note_button.setAccessibleName("Restore the selected note from the trash")
        self.restore_note_button.hide()
        bf.add(self.show_trash_check)
        bf.add(self.restore_note_button)
        sl.addWidget(bottom)
        self.sessions_box = sessions
        self.sessions_bottom = bottom
        self.splitter.addWidget(sessions)
        for number in (1, 2):
            handle = self.splitter.handle(number)
            handle.setAccessibleName("Resize the picture over time")
            handle.setToolTip("Drag to resize. With the keyboard: Ctrl+Down (taller) or "
                              "Ctrl+Up (shorter) on \u201cOver time\u201d.")
        self.splitter.setStretchFactor(0, 2)
        self.splitter.setStretchFactor(1, 0)
        self.splitter.setStretchFactor(2, 3)
        self._user_sized = False
        self.splitter.splitterMoved.connect(self._splitter_moved)

        self.new_note_button.clicked.connect(self.new_note_requested)
        self.edit_button.clicked.connect(self.edit_requested)
        self.add_goal_button.clicked.connect(self._add_goal)
        self.timeline.open_requested.connect(self.note_requested)
        self.timeline.activated.connect(self._activated)
        self.timeline.trash_requested.connect(self.trash_note)
        self.timeline.selectionModel().currentChanged.connect(self._update_restore)
        self.show_trash_check.toggled.connect(self._toggle_trash)
        self.restore_note_button.clicked.connect(self._restore_selected)
        self.over_time.session_activated.connect(self.note_requested)
        self.over_time.toggled.connect(self._over_time_toggled)
        self.over_time.view_changed.connect(self._over_time_view_changed)
        self.over_time.resize_requested.connect(self.resize_over_time)

        self.setTabOrder(self.new_note_button, self.edit_button)
        self.setTabOrder(self.edit_button, self.identifiers_toggle)
        self.setTabOrder(self.identifiers_toggle, self.add_goal_button)
        self.setTabOrder(self.over_time.toggle, self.over_time.chart_button)
        self.setTabOrder(self.over_time.chart_button, self.over_time.table_button)
        self.setTabOrder(self.over_time.table_button, self.over_time.chart)
        self.setTabOrder(self.over_time.chart, self.over_time.table)
        self.setTabOrder(self.over_time.table, self.timeline)

    # ---- showing a case ----

    @property
    def case(self) -> Case | None:
        return self._case

    def show_case(self, case: Case, notes: list[Note], goals: list[Goal]) -> None:
        self._case = case
        self._goals = goals
        self._render_case()
        self._render_goals()
        self.session_model.set_mask(self._mask_fn())
        self.session_model.set_notes(
            [n for n in notes if self._show_trashed or n.deleted_at is None])
        self._update_sessions_heading()
        self._update_restore()
        self._refresh_course()
        QTimer.singleShot(0, self._fit_details)

    def _splitter_moved(self, *_args: object) -> None:
        self._user_sized = True

    def sessions_min_height(self) -> int:
        """The sessions' heading, at least five rows of the list, and the controls under it."""
        timeline = self.timeline
        if self.session_model.rowCount() > 0:
            row = timeline.sizeHintForRow(0)
        else:
            row = timeline.fontMetrics().height() * 2 + 8
        layout = self.sessions_box.layout()
        margins = layout.contentsMargins() if layout is not None else None
        spacing = max(layout.spacing(), 0) if layout is not None else 0
        extra = (self.sessions_heading.sizeHint().height()
                 + self.sessions_bottom.sizeHint().height() + spacing * 2
                 + (margins.top() + margins.bottom() if margins is not None else 0))
        if self.sessions_empty.isVisibleTo(self.sessions_box):
            extra += self.sessions_empty.sizeHint().height() + spacing
        rows = min(max(self.session_model.rowCount(), 2), SESSIONS_MIN_ROWS)
        return extra + row * rows + timeline.frameWidth() * 2

    def _over_time_height(self, total: int) -> int:
        """The whole picture, up to a share of the case view, leaving the sessions their
        rows."""
        section = self.over_time
        room = max(total - self.sessions_min_height(), section.header_height())
        return min(section.preferred_height(), int(total * OVER_TIME_MAX_SHARE), room)

    def _fit_details(self) -> None:
        """Give "Over time" the height of its whole chart (up to a share of the view), the
        sessions at least five rows, and the details what they need of the rest (they
        scroll if that is not enough); the sessions take whatever is left over."""
        if not alive(self):
            return
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if total <= 0 or self._user_sized:
            return  # the practitioner's split stands
        over = self._over_time_height(total)
        line = self.fontMetrics().height()
        content = self.details_scroll.widget()
        wanted = content.sizeHint().height() + 2 if content is not None else total // 2
        room = total - over - self.sessions_min_height()
        details = max(min(wanted, room), min(wanted, line * 4))
        self.splitter.setSizes([details, over, max(total - details - over, 0)])

    def _over_time_toggled(self, _on: bool) -> None:
        if not self._user_sized:
            self._fit_details()
            return
        # keep the practitioner's split above; "Over time" opens to its whole height
        sizes = self.splitter.sizes()
        total = sum(sizes)
        if total > 0 and len(sizes) == 3:
            over = self._over_time_height(total)
            self.splitter.setSizes([sizes[0], over, max(total - sizes[0] - over, 0)])

    def _over_time_view_changed(self) -> None:
        if not self._user_sized:
            self._fit_details()

    def resize_over_time(self, delta: int) -> None:
        """Make "Over time" taller (``delta`` > 0) or shorter, as dragging the splitter
        would: taken from (or given to) the sessions, then the details, within limits."""
        sizes = self.splitter.sizes()
        if len(sizes) != 3 or sum(sizes) <= 0 or not self.over_time.is_open():
            return
        details, over, sessions = sizes
        line = self.fontMetrics().height()
        if delta > 0:
            from_sessions = min(delta, max(sessions - self.sessions_min_height(), 0))
            from_details = min(delta - from_sessions, max(details - line * 3, 0))
            sessions -= from_sessions
            details -= from_details
            over += from_sessions + from_details
        else:
            least = self.over_time.header_height() + line * 4
            given = min(-delta, max(over - least, 0))
            over -= given
            sessions += given
        self._user_sized = True
        self.splitter.setSizes([details, over, sessions])

    # ---- the picture over time ----

    def library(self) -> PromptLibrary:
        """The prompts as customised, hidden ones included: a hidden prompt keeps its
        answers, and the needs recorded with it stay on the chart."""
        if self._library is None:
            try:
                self._library = self._journal.prompt_library(include_hidden=True)
            except Exception as exc:  # the defaults still name the needs
                self.status_message.emit(
                    f"Your reflection prompts could not be read: {describe_error(exc)}.")
                self._library = load_default_library()
        return self._library

    def reload_prompts(self) -> None:
        """Read the prompt library again (after the practitioner edited it) and redraw."""
        self._library = None
        self._refresh_course()

    def _refresh_course(self) -> None:
        if self._case is None:
            self.over_time.set_course(None)
            return
        notes = sorted(self.notes(), key=lambda n: (n.session_date, n.created_at))
        try:
            course = case_course(notes, list(self._goals), self.library())
        except Exception as exc:
            self.status_message.emit(
                f"The picture over time could not be drawn: {describe_error(exc)}.")
            course = None
        goals = self._goals
        mask = self._mask_fn()
        if mask is not None:  # chart, table, tooltips and what a screen reader hears
            masker = self._masks.for_case(self._case)
            course = masker.mask_course(course)
            goals = [masker.mask_goal(g) for g in goals]
        self.over_time.chart.set_goal_histories({g.id: g.history for g in goals})
        self.over_time.set_course(course)

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

    # ---- rendering ----

    def _render_case(self) -> None:
        case = self._case
        if case is None:
            return
        private = self._privacy
        name = "" if private or not case.display_name else case.display_name
        self.title.setText(title_html(case.code, name))
        self.title.setAccessibleName(f"Case {case.code}" + (f", {name}" if name else ""))
        self.chips.clear()
        self.chips.add(Chip(STATUS_LABELS.get(case.status, str(case.status)),
                            STATUS_HUES.get(case.status.value, -1.0)))
        for client_type in case.client_types:
            self.chips.add(Chip(client_type_label(client_type),
                                TYPE_HUES.get(client_type.value, -1.0)))
        for tag in case.tags:
            self.chips.add(Chip(f"#{self._mask(tag)}", -1.0))
        facts = []
        if case.pronouns and not private:
            facts.append(f"Pronouns: {case.pronouns}")
        if case.intake_date:
            facts.append(f"Intake: {format_date(case.intake_date, weekday=False)}")
        if case.birth_year and not private:
            facts.append(f"Born {case.birth_year}")
        self.facts.setText("   ·   ".join(facts))
        concerns = "" if private else case.presenting_concerns
        self.concerns.setText(f"Presenting concerns: {concerns}" if concerns else "")
        self.concerns.setVisible(bool(concerns))
        self.facts.setVisible(bool(facts))
        self.privacy_note.setVisible(private)
        # The case's details are edited as written, names and all: after privacy mode.
        self.edit_button.setEnabled(not private)
        self.edit_button.setToolTip("The case can be edited once privacy mode is off"
                                    if private else "")
        self._render_partners()
        self._render_identifiers()

    def _render_partners(self) -> None:
        case = self._case
        grid = self.partners_grid
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        members = case.members if case is not None else []
        is_couple = case is not None and ClientType.COUPLE in case.client_types
        self.partners_box.setVisible(bool(members) or is_couple)
        if not members and is_couple:
            grid.addWidget(muted_label("No partners recorded yet. Add them with Edit case."),
                           0, 0, 1, 2)
        for row, member in enumerate(members):
            # A member's label is free text and can hold a name: privacy mode shows the
            # label a summary would give them.
            shown = (partner_label(row, member.label).strip("[]") if self._privacy
                     else member.label or f"Partner {row + 1}")
            label = QLabel(f"<b>{esc(shown)}</b>")
            label.setTextFormat(Qt.TextFormat.RichText)
            grid.addWidget(label, row, 0, Qt.AlignmentFlag.AlignTop)
            if self._privacy:
                text = "Name hidden"
            else:
                text = member.name or "No name recorded"
                if member.pronouns:
                    text += f" ({member.pronouns})"
            value = QLabel(text)
            value.setTextFormat(Qt.TextFormat.PlainText)
            value.setWordWrap(True)
            value.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            value.setAccessibleName(f"{shown}: {text}")
            grid.addWidget(value, row, 1)
        grid.setColumnStretch(1, 1)

    def _render_identifiers(self) -> None:
        case = self._case
        self.identifiers_toggle.setVisible(not self._privacy)
        if case is None or self._privacy:
            self.identifiers.hide()
            return
        data = case.identifiers.as_dict()
        rows = [(IDENTIFIER_LABELS.get(kind, kind), values) for kind, values in data.items()
                if values]
        count = sum(len(v) for _, v in rows)
        self.identifiers_toggle.setText(
            f"Identifiers ({count})" if count else "Identifiers (none recorded)")
        if not rows:
            text = ("<i>None recorded. Adding names, handles, places and the like lets "
                    "Casenotes take them out of anything you export.</i>")
        else:
            text = "<table cellspacing='2'>" + "".join(
                f"<tr><td style='padding-right:12px'><b>{esc(label)}</b></td>"
                f"<td>{esc(', '.join(values))}</td></tr>" for label, values in rows
            ) + "</table>"
        self.identifiers.setText(text)
        self.identifiers.setVisible(self.identifiers_toggle.isChecked())

    def _toggle_identifiers(self, on: bool) -> None:
        self.identifiers_toggle.setArrowType(
            Qt.ArrowType.DownArrow if on else Qt.ArrowType.RightArrow)
        self.identifiers_toggle.setAccessibleName("Hide identifiers" if on else "Show identifiers")
        self.identifiers.setVisible(on and not self._privacy)

    def _render_goals(self) -> None:
        grid = self.goals_grid
        self._goal_combos = {}
        while grid.count():
            item = grid.takeAt(0)
            widget = item.widget() if item is not None else None
            if widget is not None:
                widget.hide()
                widget.deleteLater()
        if not self._goals:
            grid.addWidget(muted_label("No goals yet. Goals are set together and may change."),
                           0, 0, 1, 3)
            return
        previous: QWidget = self.add_goal_button
        for row, goal in enumerate(self._goals):
            text = QLabel(self._mask(goal.text))
            text.setTextFormat(Qt.TextFormat.PlainText)
            text.setWordWrap(True)
            text.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
            text.setTextInteractionFlags(Qt.TextInteractionFlag.TextSelectableByMouse)
            grid.addWidget(text, row, 0)
            combo = QComboBox()
            combo.setAccessibleName(f"Status of goal {row + 1}")
            for status, label in GOAL_STATUS_LABELS.items():
                combo.addItem(label, status.value)
            combo.setCurrentIndex(max(0, combo.findData(goal.status.value)))
            combo.currentIndexChanged.connect(partial(self._goal_combo_changed, goal.id))
            self._goal_combos[goal.id] = combo
            grid.addWidget(combo, row, 1)
            edit = QPushButton("Edit…")
            edit.setAccessibleName(f"Edit goal {row + 1}")
            # Editing shows the goal's real words: that waits until privacy mode is off.
            edit.setEnabled(not self._privacy)
            if self._privacy:
                edit.setToolTip("Goals can be edited once privacy mode is off")
            edit.clicked.connect(partial(self._edit_goal, goal.id))
            grid.addWidget(edit, row, 2)
            self.setTabOrder(previous, combo)
            self.setTabOrder(combo, edit)
            previous = edit

    def _update_sessions_heading(self) -> None:
        live = sum(1 for n in self.session_model.notes() if n.deleted_at is None)
        label = "Sessions" if not live else f"Sessions ({live})"
        self.sessions_heading.setText(
            f"<span style='font-size:large; font-weight:600'>{esc(label)}</span>")
        self.sessions_heading.setAccessibleName(label)
        self.sessions_empty.setVisible(self.session_model.rowCount() == 0)

    # ---- goals ----

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

    def _edit_goal(self, goal_id: str, *_args: object) -> None:
        goal = next((g for g in self._goals if g.id == goal_id), None)
        if goal is not None:
            self._open_goal_dialog(goal)

    def _goal_combo_changed(self, goal_id: str, *_args: object) -> None:
        combo = self._goal_combos.get(goal_id)
        if combo is not None and alive(combo):
            self._set_goal_status(goal_id, combo.currentData())

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
        label = GOAL_STATUS_LABELS.get(GoalStatus(str(status)), "")
        self._save_goal(replace(goal, status=GoalStatus(str(status))), f"Goal marked {label}.")

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

    def goals(self) -> list[Goal]:
        return list(self._goals)

    # ---- notes: open, trash, restore ----

    def _activated(self, index: QModelIndex) -> None:
        value = model_data(index, SessionRole.NOTE_ID)
        if value and not model_data(index, SessionRole.IN_TRASH):
            self.note_requested.emit(str(value))

    def trash_note(self, note_id: str) -> None:
        note = next((n for n in self.session_model.notes() if n.id == note_id), None)
        if note is None or note.deleted_at is not None:
            return
        answer = QMessageBox.question(
            self, "Move note to the trash?",
            f"Move the note from {format_date(note.session_date)} to the trash?\n\n"
            "You can bring it back: tick “Show notes in the trash” below the sessions.",
            QMessageBox.StandardButton.Yes | QMessageBox.StandardButton.Cancel,
            QMessageBox.StandardButton.Cancel)
        if answer != QMessageBox.StandardButton.Yes:
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
        self._update_sessions_heading()
        self._refresh_course()
        self.status_message.emit("Note moved to the trash.")
        if self._case is not None:
            self.notes_changed.emit(self._case.id)

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

    def _update_restore(self, *args: object) -> None:
        index = self.timeline.currentIndex()
        trashed = bool(index.isValid() and model_data(index, SessionRole.IN_TRASH))
        self.restore_note_button.setVisible(self._show_trashed)
        self.restore_note_button.setEnabled(trashed)

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
        self._update_sessions_heading()
        self._update_restore()
        self._refresh_course()
        self.status_message.emit(f"Restored the note from {session_title(note)}.")
        if self._case is not None:
            self.notes_changed.emit(self._case.id)


def _course_key(note: Note) -> tuple[object, ...]:
    """What of a note the case's course (chart and table) is drawn from."""
    return (note.session_date, note.reflection, note.goal_ids, note.deleted_at)
