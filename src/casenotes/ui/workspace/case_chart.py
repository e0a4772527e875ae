"""The case's picture over time as a chart: sessions along a time axis, the needs identified
at each session, and each goal's status from session to session.

It only paints a ``CaseCourse`` and takes the mouse and keyboard; the same course as a table,
and the words both use, are in ``course_table_model``. Colour never carries meaning alone:
every goal status also has its own shape and a word where it changes, and the legend names
them."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass
from datetime import date, timedelta

from PySide6.QtCore import (
    QEvent,
    QPoint,
    QPointF,
    QRectF,
    QSize,
    Qt,
    Signal,
)
from PySide6.QtGui import (
    QColor,
    QFocusEvent,
    QFontMetrics,
    QKeyEvent,
    QMouseEvent,
    QPainter,
    QPainterPath,
    QPaintEvent,
    QPalette,
    QPen,
    QPolygonF,
)
from PySide6.QtWidgets import QSizePolicy, QToolTip, QWidget

from casenotes.core.domain import ATTENDANCE_LABELS, GoalChange, GoalStatus
from casenotes.core.prompts.course import CaseCourse, GoalTrack, SessionPoint
from casenotes.ui.shared.common import format_date
from casenotes.ui.shared.widgets import is_dark, muted_color
from casenotes.ui.workspace.course_table_model import (
    goal_names,
    month_label,
    need_rows,
    session_goals_text,
    short,
    status_label,
)

EMPTY_TEXT = "No sessions yet. The picture over time fills in as you write notes."
NO_NEEDS_TEXT = "No needs recorded in reflections yet"

# Calm hues per goal status (the same family as the chips), each with its own shape.
STATUS_HUES: dict[GoalStatus, float] = {
    GoalStatus.OPEN: 0.58,
    GoalStatus.IN_PROGRESS: 0.11,
    GoalStatus.MET: 0.36,
    GoalStatus.REVISED: 0.78,
    GoalStatus.SET_ASIDE: -1.0,
}
STATUS_SHAPES: dict[GoalStatus, str] = {
    GoalStatus.OPEN: "circle",  # hollow
    GoalStatus.IN_PROGRESS: "half",  # half-filled circle
    GoalStatus.MET: "disc",  # filled circle with a tick
    GoalStatus.REVISED: "diamond",
    GoalStatus.SET_ASIDE: "dash",
}
NEED_HUE = 0.52

# What the statuses mean, for the legend's tooltip and the goal bands' tooltips.
REVISED_MEANING = "Revised: the goal was reworded with the client; its history keeps the old words."
WORKED_ON_MEANING = "Worked on: a dot on the goal's band at each session that worked on it."
ONE_PARTNER_LEGEND = "One partner alone"
ONE_PARTNER_MEANING = (
    "One partner alone: a hollow session dot marks an individual session with one partner "
    "of a couple (what was said there is kept to the secrets policy)."
)
LEGEND_HELP = "\n".join(
    [
        "Need identified: a diamond in the need's row at each session that named it.",
        "Each goal's band takes the colour and shape of its status at each session.",
        REVISED_MEANING,
        WORKED_ON_MEANING,
        ONE_PARTNER_MEANING,
    ]
)


CHART_HELP = (
    "Left and Right move between sessions; Enter opens the session's note. "
    "The same picture is available as a table."
)


# ---- the chart ---------------------------------------------------------------------------


@dataclass
class _Layout:
    left: float  # where the plot starts (after the row labels)
    right: float
    sessions_y: float  # centre of the sessions row
    number_y: float  # top of the session numbers
    need_top: float
    goal_top: float
    axis_y: float  # the time axis line, under the month labels
    legend_y: float
    bottom: float
    row_h: float
    goal_h: float
    start: date
    end: date

    def x(self, day: date) -> float:
        span = max((self.end - self.start).days, 1)
        return self.left + (self.right - self.left) * (day - self.start).days / span


class CaseChart(QWidget):
    """Sessions as numbered dots along real time, a row per need with a mark at each session
    where it was identified, and a band per goal coloured (and shaped, and labelled) by its
    status. Hover, or the arrow keys, show a session's details; click or Enter opens it."""

    session_activated = Signal(str)  # note id

    def __init__(self, parent: QWidget | None = None) -> None:
        super().__init__(parent)
        self._course: CaseCourse | None = None
        self._needs: list[str] = []
        self._hover: int = -1
        self._current: int = -1
        self._positions: list[float] = []
        self._histories: dict[str, list[tuple[date, GoalStatus, str]]] = {}
        self.setMouseTracking(True)
        self.setFocusPolicy(Qt.FocusPolicy.StrongFocus)
        self.setSizePolicy(QSizePolicy.Policy.Expanding, QSizePolicy.Policy.Preferred)
        self.setAccessibleName("Picture over time, as a chart")
        self.setAccessibleDescription(CHART_HELP)
        self.setMinimumHeight(self._content_height())

    # ---- data ----

    def set_course(self, course: CaseCourse | None) -> None:
        self._course = course
        self._needs = need_rows(course)
        count = len(self.sessions())
        self._hover = -1
        self._current = min(self._current, count - 1) if count else -1
        if self._current >= 0:
            # What a screen reader was told must follow the new course (privacy mode
            # redraws it with labels).
            self.setAccessibleDescription(self.describe_session(self._current))
        elif self.accessibleDescription() != CHART_HELP:
            self.setAccessibleDescription(CHART_HELP)
        self._fit_height()
        self.update()

    def _fit_height(self) -> None:
        """Never shorter than the content: in a scroll area it scrolls rather than cutting
        rows off."""
        self.setMinimumHeight(self._content_height())
        self.updateGeometry()

    def changeEvent(self, event: QEvent) -> None:
        if event.type() == QEvent.Type.FontChange:
            self._fit_height()
        super().changeEvent(event)

    def course(self) -> CaseCourse | None:
        return self._course

    def set_goal_histories(self, histories: Mapping[str, Sequence[GoalChange]]) -> None:
        """Each goal's history by goal id, for the goal bands' tooltips. Without it the
        tooltips read the history off the sessions."""
        self._histories = {
            goal_id: sorted(
                ((change.at.date(), change.status, change.text or "") for change in changes),
                key=lambda row: row[0],
            )
            for goal_id, changes in histories.items()
        }

    def sessions(self) -> list[SessionPoint]:
        return list(self._course.sessions) if self._course is not None else []

    def goals(self) -> list[GoalTrack]:
        return list(self._course.goals) if self._course is not None else []

    def current_session(self) -> int:
        return self._current

    # ---- sizes ----

    def _fm(self) -> QFontMetrics:
        return QFontMetrics(self.font())

    def _row_heights(self) -> tuple[float, float]:
        line = self._fm().height()
        return line * 1.12, line * 1.25

    def _top_heights(self) -> tuple[float, float, float, float]:
        """(legend, month labels, session numbers, session dots) in pixels."""
        line = self._fm().height()
        return line * 1.45, line * 1.25, line * 1.1, line * 0.9

    def sizeHint(self) -> QSize:
        return QSize(self._fm().averageCharWidth() * 80, self._content_height())

    def minimumSizeHint(self) -> QSize:
        # never squeezed below its content: in a scroll area it scrolls instead of cutting
        # rows off
        return QSize(self._fm().averageCharWidth() * 30, self._content_height())

    def content_height(self) -> int:
        """The height that shows every row: legend, axis, sessions, one row per goal and
        one per need."""
        return self._content_height()

    def _content_height(self) -> int:
        line = self._fm().height()
        if not self.sessions():
            return line * 4
        return int(self._layout().bottom + line * 0.4 + 0.5)

    def hasHeightForWidth(self) -> bool:
        return False

    # ---- geometry ----

    def _layout(self) -> _Layout:
        fm = self._fm()
        line = fm.height()
        pad = line * 0.6
        row_h, goal_h = self._row_heights()
        labels = (
            [*self._needs]
            + [f"{n + 1}. {goal.text}" for n, goal in enumerate(self.goals())]
            + ["Sessions"]
        )
        widest = max((fm.horizontalAdvance(short(t, 40)) for t in labels), default=0)
        gutter = min(widest + line, self.width() * 0.32)
        left = pad + gutter
        right = self.width() - pad - line * 0.5
        legend_h, months_h, numbers_h, dots_h = self._top_heights()
        legend_y = line * 0.2
        axis_y = legend_y + legend_h + months_h
        number_y = axis_y + line * 0.1
        sessions_y = number_y + numbers_h + dots_h / 2
        goal_top = number_y + numbers_h + dots_h
        need_top = goal_top + len(self.goals()) * goal_h + (line * 0.3 if self.goals() else 0)
        bottom = need_top + max(len(self._needs), 1) * row_h
        sessions = self.sessions()
        first = sessions[0].session_date if sessions else date.today()
        last = sessions[-1].session_date if sessions else first
        span = (last - first).days
        margin = max(3, int(span * 0.03))
        return _Layout(
            left,
            max(right, left + 10),
            sessions_y,
            number_y,
            need_top,
            goal_top,
            axis_y,
            legend_y,
            bottom,
            row_h,
            goal_h,
            first - timedelta(days=margin),
            last + timedelta(days=margin),
        )

    # ---- colours ----

    def _status_colours(self, status: GoalStatus) -> tuple[QColor, QColor]:
        """(band fill, mark) for a status: soft tints, never alarm colours."""
        hue = STATUS_HUES.get(status, -1.0)
        dark = is_dark(self.palette())
        sat = 0.0 if hue < 0 else (0.32 if dark else 0.42)
        h = max(hue, 0.0)
        fill = QColor.fromHslF(h, sat, 0.30 if dark else 0.84)
        mark = QColor.fromHslF(
            h, 0.0 if hue < 0 else (0.40 if dark else 0.45), 0.70 if dark else 0.38
        )
        return fill, mark

    def _need_colour(self) -> QColor:
        dark = is_dark(self.palette())
        return QColor.fromHslF(NEED_HUE, 0.40 if dark else 0.45, 0.68 if dark else 0.40)

    # ---- painting ----

    def paintEvent(self, event: QPaintEvent) -> None:
        painter = QPainter(self)
        try:
            painter.setRenderHint(QPainter.RenderHint.Antialiasing)
            palette = self.palette()
            painter.setFont(self.font())
            sessions = self.sessions()
            if not sessions:
                painter.setPen(muted_color(palette))
                painter.drawText(
                    QRectF(self.rect()).adjusted(8, 0, -8, 0),
                    int(Qt.AlignmentFlag.AlignCenter | Qt.TextFlag.TextWordWrap),
                    EMPTY_TEXT,
                )
                self._positions = []
                return
            lay = self._layout()
            self._positions = [lay.x(s.session_date) for s in sessions]
            self._paint_grid(painter, lay)
            self._paint_sessions(painter, lay, sessions)
            self._paint_needs(painter, lay, sessions)
            self._paint_goals(painter, lay, sessions)
            self._paint_legend(painter, lay)
            if self.hasFocus() and self._current >= 0:
                self._paint_focus(painter, lay)
        finally:
            painter.end()

    def _label(self, painter: QPainter, text: str, y: float, height: float, lay: _Layout) -> None:
        fm = self._fm()
        pad = fm.height() * 0.6
        width = lay.left - pad - fm.height() * 0.6
        painter.drawText(
            QRectF(pad, y, width, height),
            int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
            fm.elidedText(text, Qt.TextElideMode.ElideRight, int(width)),
        )

    def _paint_grid(self, painter: QPainter, lay: _Layout) -> None:
        palette = self.palette()
        fm = self._fm()
        muted = muted_color(palette)
        grid = QColor(muted)
        grid.setAlphaF(0.25)
        top = lay.axis_y
        # month ticks, thinned so their labels never collide
        months = _months_between(lay.start, lay.end)
        label_w = max(fm.horizontalAdvance(month_label(m)) for m in months) if months else 0
        plot_w = max(lay.right - lay.left, 1)
        step = 1
        for candidate in (1, 2, 3, 6, 12, 24, 60):
            step = candidate
            count = max(1, len(months) // candidate)
            if count * (label_w + fm.height()) <= plot_w:
                break
        painter.setPen(QPen(grid, 1))
        painter.drawLine(QPointF(lay.left, lay.axis_y), QPointF(lay.right, lay.axis_y))
        label_y = lay.axis_y - fm.height() * 0.3 - fm.descent()
        last_label_right = -1e9
        for month in months:
            x = lay.x(month)
            if x < lay.left - 0.5 or x > lay.right + 0.5:
                continue
            index = month.year * 12 + month.month - 1
            labelled = index % step == 0
            painter.setPen(QPen(grid, 1))
            if labelled:
                painter.drawLine(QPointF(x, top), QPointF(x, lay.bottom))
            painter.setPen(QPen(muted, 1))
            painter.drawLine(QPointF(x, lay.axis_y - fm.height() * 0.25), QPointF(x, lay.axis_y))
            if labelled:
                text = month_label(month)
                w = fm.horizontalAdvance(text)
                lx = min(x + 2, lay.right - w)
                if lx > last_label_right + fm.height() * 0.5:
                    painter.drawText(QPointF(lx, label_y), text)
                    last_label_right = lx + w
        if not months or last_label_right < 0:  # a single short stretch: name its dates
            painter.setPen(QPen(muted, 1))
            text = format_date(self.sessions()[0].session_date, weekday=False)
            painter.drawText(QPointF(lay.left, label_y), text)

    def _paint_sessions(
        self, painter: QPainter, lay: _Layout, sessions: list[SessionPoint]
    ) -> None:
        palette = self.palette()
        fm = self._fm()
        text = palette.color(QPalette.ColorRole.Text)
        muted = muted_color(palette)
        painter.setPen(muted)
        self._label(
            painter, "Sessions", lay.number_y, lay.sessions_y - lay.number_y + lay.row_h / 2, lay
        )
        gaps = [b - a for a, b in zip(self._positions, self._positions[1:], strict=False)]
        smallest = min(gaps) if gaps else 1e9
        radius = max(1.5, min(fm.height() * 0.22, smallest / 2.4 if smallest > 0 else 1.5))
        painter.setPen(QPen(muted, 1))
        painter.drawLine(QPointF(lay.left, lay.sessions_y), QPointF(lay.right, lay.sessions_y))
        if self._hover >= 0:
            hover = QColor(palette.color(QPalette.ColorRole.Highlight))
            hover.setAlphaF(0.18)
            x = self._positions[self._hover]
            painter.fillRect(
                QRectF(x - fm.height() * 0.5, lay.number_y, fm.height(), lay.bottom - lay.number_y),
                hover,
            )
        for session, x in zip(sessions, self._positions, strict=True):
            _draw_session_dot(painter, QPointF(x, lay.sessions_y), radius, text, session)
        # numbers: first, last and as many in between as fit without touching
        painter.setPen(muted)
        numbered: list[int] = []
        last_right = -1e9
        last_index = len(sessions) - 1
        last_width = fm.horizontalAdvance(str(sessions[-1].number))
        last_left = self._positions[-1] - last_width / 2
        gap = fm.averageCharWidth()
        for index, (session, x) in enumerate(zip(sessions, self._positions, strict=True)):
            label = str(session.number)
            w = fm.horizontalAdvance(label)
            left = x - w / 2
            if index != last_index and left + w + gap > last_left and numbered:
                continue  # keep room for the last number
            if left > last_right + gap:
                numbered.append(index)
                last_right = left + w
        for index in numbered:
            label = str(sessions[index].number)
            w = fm.horizontalAdvance(label)
            x = min(
                max(self._positions[index] - w / 2, lay.left - fm.height() * 0.4),
                self.width() - w - 2,
            )
            painter.drawText(QPointF(x, lay.number_y + fm.ascent()), label)

    def _paint_needs(self, painter: QPainter, lay: _Layout, sessions: list[SessionPoint]) -> None:
        palette = self.palette()
        muted = muted_color(palette)
        text = palette.color(QPalette.ColorRole.Text)
        line = QColor(muted)
        line.setAlphaF(0.35)
        colour = self._need_colour()
        size = min(lay.row_h * 0.28, self._fm().height() * 0.3)
        if not self._needs:
            painter.setPen(muted)
            self._label(painter, NO_NEEDS_TEXT, lay.need_top, lay.row_h, lay)
            return
        for row, label in enumerate(self._needs):
            y = lay.need_top + row * lay.row_h
            centre = y + lay.row_h / 2
            painter.setPen(text)
            self._label(painter, label, y, lay.row_h, lay)
            painter.setPen(QPen(line, 1, Qt.PenStyle.DotLine))
            painter.drawLine(QPointF(lay.left, centre), QPointF(lay.right, centre))
            painter.setPen(QPen(colour.darker(130) if not is_dark(palette) else colour, 1))
            painter.setBrush(colour)
            for session, x in zip(sessions, self._positions, strict=True):
                if label in session.needs:
                    painter.drawPolygon(_diamond(x, centre, size))

    def _paint_goals(self, painter: QPainter, lay: _Layout, sessions: list[SessionPoint]) -> None:
        palette = self.palette()
        fm = self._fm()
        text = palette.color(QPalette.ColorRole.Text)
        band_h = lay.goal_h * 0.62
        small = self.font()
        for row, goal in enumerate(self.goals()):
            y = lay.goal_top + row * lay.goal_h
            centre = y + lay.goal_h / 2
            painter.setPen(text)
            self._label(painter, f"{row + 1}. {goal.text}", y, lay.goal_h, lay)
            statuses = list(goal.status_at)
            # the band: from each session to the next, in the status it had there
            for index, status in enumerate(statuses):
                if status is None or index >= len(self._positions):
                    continue
                x0 = self._positions[index]
                x1 = (
                    self._positions[index + 1]
                    if index + 1 < len(self._positions)
                    else x0 + max(fm.height() * 0.6, 4.0)
                )
                fill, _ = self._status_colours(status)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRect(QRectF(x0, centre - band_h / 2, max(x1 - x0, 1.0), band_h))
            # where the status changes: its shape and (room permitting) its word
            painter.setFont(small)
            # a filled dot on the band's lower edge at each session that worked on it
            dot = self._worked_radius()
            for x in self.worked_positions(goal, sessions):
                _draw_worked(
                    painter,
                    QPointF(x, centre + band_h / 2),
                    dot,
                    text,
                    palette.color(QPalette.ColorRole.Base),
                )
            changes = [
                i
                for i, s in enumerate(statuses)
                if s is not None and (i == 0 or statuses[i - 1] != s)
            ]
            for position, index in enumerate(changes):
                status = statuses[index]
                assert status is not None
                x = self._positions[index]
                _, mark = self._status_colours(status)
                _draw_shape(
                    painter,
                    STATUS_SHAPES[status],
                    QPointF(x, centre),
                    band_h * 0.36,
                    mark,
                    palette.color(QPalette.ColorRole.Base),
                )
                word = status_label(status)
                next_x = (
                    self._positions[changes[position + 1]]
                    if position + 1 < len(changes)
                    else lay.right + fm.height()
                )
                room = next_x - x - band_h * 0.5 - fm.averageCharWidth()
                if fm.horizontalAdvance(word) <= room:
                    painter.setPen(text)
                    painter.drawText(
                        QRectF(x + band_h * 0.45, centre - lay.goal_h / 2, room, lay.goal_h),
                        int(Qt.AlignmentFlag.AlignVCenter | Qt.AlignmentFlag.AlignLeft),
                        word,
                    )

    def _worked_radius(self) -> float:
        return max(2.5, self._fm().height() * 0.19)

    def worked_positions(
        self, goal: GoalTrack, sessions: Sequence[SessionPoint] | None = None
    ) -> list[float]:
        """Where the "worked on" dots go for ``goal``: the sessions that worked on it while
        it existed. Thinned to one per dot's width when sessions crowd together."""
        sessions = self.sessions() if sessions is None else sessions
        statuses = list(goal.status_at)
        spacing = self._worked_radius() * 2.5
        positions: list[float] = []
        for index, session in enumerate(sessions):
            if index >= len(self._positions) or index >= len(statuses):
                break
            if goal.goal_id not in session.goals_worked or statuses[index] is None:
                continue
            x = self._positions[index]
            if positions and x - positions[-1] < spacing:
                continue
            positions.append(x)
        return positions

    def legend_items(self) -> list[tuple[str, GoalStatus | str]]:
        """(label, kind) for the legend, in order: what this chart actually shows."""
        items: list[tuple[str, GoalStatus | str]] = [("Need identified", "need")]
        used = {s for g in self.goals() for s in g.status_at if s is not None}
        items += [
            ("Revised (reworded)" if s == GoalStatus.REVISED else status_label(s), s)
            for s in STATUS_SHAPES
            if s in used
        ]
        if self.goals() and any(g for s in self.sessions() for g in s.goals_worked):
            items.append(("Worked on", "worked"))
        if any(s.one_partner for s in self.sessions()):
            items.append((ONE_PARTNER_LEGEND, "alone"))
        return items

    def _paint_legend(self, painter: QPainter, lay: _Layout) -> None:
        palette = self.palette()
        fm = self._fm()
        muted = muted_color(palette)
        text = palette.color(QPalette.ColorRole.Text)
        y = lay.legend_y + fm.height() * 0.6
        x = fm.height() * 0.6
        size = fm.height() * 0.3
        for label, kind in self.legend_items():
            w = fm.horizontalAdvance(label) + size * 2 + fm.averageCharWidth() * 3
            if x + w > self.width():
                break
            if kind == "need":
                colour = self._need_colour()
                painter.setPen(QPen(colour.darker(130) if not is_dark(palette) else colour, 1))
                painter.setBrush(colour)
                painter.drawPolygon(_diamond(x + size, y, size))
            elif kind == "worked":  # the same dot as on the bands, on a band's edge
                fill, _ = self._status_colours(GoalStatus.OPEN)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRect(QRectF(x - 1, y - size * 1.4, size * 2 + 2, size * 1.4))
                _draw_worked(
                    painter,
                    QPointF(x + size, y),
                    self._worked_radius(),
                    text,
                    palette.color(QPalette.ColorRole.Base),
                )
            elif kind == "alone":  # the session dot, hollow
                _draw_session_dot(painter, QPointF(x + size, y), size * 0.8, text, alone=True)
            elif isinstance(kind, GoalStatus):
                fill, mark = self._status_colours(kind)
                painter.setPen(Qt.PenStyle.NoPen)
                painter.setBrush(fill)
                painter.drawRoundedRect(
                    QRectF(x - 1, y - size * 1.4, size * 2 + 2, size * 2.8), 2, 2
                )
                _draw_shape(
                    painter,
                    STATUS_SHAPES[kind],
                    QPointF(x + size, y),
                    size * 0.9,
                    mark,
                    palette.color(QPalette.ColorRole.Base),
                )
            painter.setPen(muted)
            painter.drawText(
                QPointF(
                    x + size * 2 + fm.averageCharWidth() * 0.8, y - fm.height() / 2 + fm.ascent()
                ),
                label,
            )
            x += w

    def _paint_focus(self, painter: QPainter, lay: _Layout) -> None:
        fm = self._fm()
        x = self._positions[self._current]
        pen = QPen(self.palette().color(QPalette.ColorRole.Highlight), 1.5, Qt.PenStyle.DashLine)
        painter.setPen(pen)
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawRoundedRect(
            QRectF(
                x - fm.height() * 0.55,
                lay.number_y - 1,
                fm.height() * 1.1,
                lay.bottom - lay.number_y + 2,
            ),
            3,
            3,
        )

    # ---- interaction ----

    def session_at(self, x: float) -> int:
        """The session nearest to ``x`` within a short reach, or -1."""
        if not self._positions:
            return -1
        reach = max(self._fm().height() * 0.7, 4.0)
        best, distance = -1, reach
        for index, position in enumerate(self._positions):
            d = abs(position - x)
            if d <= distance:
                best, distance = index, d
        return best

    def describe_session(self, index: int) -> str:
        sessions = self.sessions()
        if not 0 <= index < len(sessions):
            return ""
        session = sessions[index]
        needs = list(session.needs)
        goals = session_goals_text(session, goal_names(self._course))
        lines = [
            f"Session {session.number}, {format_date(session.session_date)}",
            *([f"Attended: {ATTENDANCE_LABELS[session.attendance]}"] if session.attendance else []),
            "Needs identified: " + (", ".join(needs) if needs else "none recorded"),
            "Goals worked on: " + ("; ".join(goals) if goals else "none recorded"),
        ]
        for goal in self.goals():
            status = goal.status_at[index] if index < len(goal.status_at) else None
            if status is not None:
                lines.append(f"{short(goal.text, 40)}: {status_label(status)}")
        return "\n".join(lines)

    def goal_row_at(self, y: float) -> int:
        """The goal band (0-based row) at height ``y``, or -1."""
        if not self.sessions() or not self.goals():
            return -1
        lay = self._layout()
        row = int((y - lay.goal_top) // lay.goal_h) if y >= lay.goal_top else -1
        return row if 0 <= row < len(self.goals()) else -1

    def in_legend(self, y: float) -> bool:
        if not self.sessions():
            return False
        lay = self._layout()
        return lay.legend_y <= y < lay.legend_y + self._top_heights()[0]

    def describe_goal(self, row: int) -> str:
        """A goal band's tooltip: the whole goal, its status now and its history with
        dates, and what "Revised" means when it was revised."""
        goals = self.goals()
        if not 0 <= row < len(goals):
            return ""
        goal = goals[row]
        lines = [f"Goal {row + 1}: {goal.text}"]
        current = goal.current
        lines.append(f"Now: {status_label(current)}")
        history = self._histories.get(goal.goal_id)
        revised = current == GoalStatus.REVISED or any(
            s == GoalStatus.REVISED for s in goal.status_at
        )
        lines.append("History:")
        if history:
            previous_text: str | None = None
            for day, status, text in history:
                entry = f"  {format_date(day, weekday=False)}: {status_label(status)}"
                if previous_text is not None and text and text != previous_text:
                    entry += f" (was \u201c{short(previous_text, 60)}\u201d)"
                lines.append(entry)
                previous_text = text or previous_text
                revised = revised or status == GoalStatus.REVISED
        else:  # read off the sessions: the status at each session where it changed
            sessions = self.sessions()
            statuses = list(goal.status_at)
            for index, at_session in enumerate(statuses):
                if at_session is None or index >= len(sessions):
                    continue
                if index and statuses[index - 1] == at_session:
                    continue
                session = sessions[index]
                lines.append(
                    f"  {format_date(session.session_date, weekday=False)} "
                    f"(session {session.number}): {status_label(at_session)}"
                )
        worked = sum(1 for s in self.sessions() if goal.goal_id in s.goals_worked)
        if worked:
            lines.append(
                "Worked on in 1 session" if worked == 1 else f"Worked on in {worked} sessions"
            )
        if revised:
            lines.append(REVISED_MEANING)
        return "\n".join(lines)

    def tooltip_at(self, x: float, y: float) -> str:
        """What the chart says at a point: the legend explained, a goal band's history, or
        a session's details."""
        if self.in_legend(y):
            return LEGEND_HELP
        row = self.goal_row_at(y)
        if row >= 0:
            return self.describe_goal(row)
        index = self.session_at(x)
        return self.describe_session(index) if index >= 0 else ""

    def mouseMoveEvent(self, event: QMouseEvent) -> None:
        position = event.position()
        index = self.session_at(position.x())
        if index != self._hover:
            self._hover = index
            self.update()
        text = self.tooltip_at(position.x(), position.y())
        if text:
            QToolTip.showText(event.globalPosition().toPoint(), text, self)
        else:
            QToolTip.hideText()
        super().mouseMoveEvent(event)

    def leaveEvent(self, event: QEvent) -> None:
        if self._hover >= 0:
            self._hover = -1
            self.update()
        super().leaveEvent(event)

    def mouseReleaseEvent(self, event: QMouseEvent) -> None:
        index = self.session_at(event.position().x())
        if index >= 0 and event.button() == Qt.MouseButton.LeftButton:
            self._set_current(index, tip=False)
        super().mouseReleaseEvent(event)

    def mouseDoubleClickEvent(self, event: QMouseEvent) -> None:
        index = self.session_at(event.position().x())
        sessions = self.sessions()
        if 0 <= index < len(sessions):
            self.session_activated.emit(sessions[index].note_id)
            return
        super().mouseDoubleClickEvent(event)

    def keyPressEvent(self, event: QKeyEvent) -> None:
        sessions = self.sessions()
        key = event.key()
        if sessions and key in (Qt.Key.Key_Left, Qt.Key.Key_Right, Qt.Key.Key_Home, Qt.Key.Key_End):
            last = len(sessions) - 1
            current = self._current if self._current >= 0 else last
            if key == Qt.Key.Key_Left:
                current = max(0, current - 1) if self._current >= 0 else last
            elif key == Qt.Key.Key_Right:
                current = min(last, current + 1) if self._current >= 0 else last
            elif key == Qt.Key.Key_Home:
                current = 0
            else:
                current = last
            self._set_current(current)
            return
        if sessions and key in (Qt.Key.Key_Return, Qt.Key.Key_Enter) and self._current >= 0:
            self.session_activated.emit(sessions[self._current].note_id)
            return
        super().keyPressEvent(event)

    def _set_current(self, index: int, *, tip: bool = True) -> None:
        self._current = index
        text = self.describe_session(index)
        self.setAccessibleDescription(text)
        self.update()
        if tip and self._positions and 0 <= index < len(self._positions) and self.isVisible():
            point = QPoint(int(self._positions[index]), int(self._layout().sessions_y))
            QToolTip.showText(self.mapToGlobal(point), text, self)

    def focusOutEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusOutEvent(event)

    def focusInEvent(self, event: QFocusEvent) -> None:
        self.update()
        super().focusInEvent(event)


# ---- drawing helpers ---------------------------------------------------------------------


def _months_between(start: date, end: date) -> list[date]:
    months: list[date] = []
    current = date(start.year, start.month, 1)
    if current < start:
        current = _next_month(current)
    while current <= end:
        months.append(current)
        current = _next_month(current)
    return months


def _next_month(value: date) -> date:
    return date(value.year + (value.month == 12), value.month % 12 + 1, 1)


def _diamond(x: float, y: float, size: float) -> QPolygonF:
    return QPolygonF(
        [QPointF(x, y - size), QPointF(x + size, y), QPointF(x, y + size), QPointF(x - size, y)]
    )


def _draw_session_dot(
    painter: QPainter,
    centre: QPointF,
    radius: float,
    colour: QColor,
    session: SessionPoint | None = None,
    *,
    alone: bool = False,
) -> None:
    """A session on the time line: a filled dot, or a ring for an individual session with
    one partner of a couple (so the mark, not only a tooltip, says so)."""
    if alone or (session is not None and session.one_partner):
        painter.setPen(QPen(colour, max(1.2, radius * 0.45)))
        painter.setBrush(Qt.BrushStyle.NoBrush)
        painter.drawEllipse(centre, radius * 0.85, radius * 0.85)
        return
    painter.setPen(Qt.PenStyle.NoPen)
    painter.setBrush(colour)
    painter.drawEllipse(centre, radius, radius)


def _draw_worked(
    painter: QPainter, centre: QPointF, radius: float, colour: QColor, base: QColor
) -> None:
    """The "worked on" mark: a small filled dot with a thin halo, so it reads as a mark and
    never as a gridline."""
    painter.setPen(QPen(base, 1.0))
    painter.setBrush(colour)
    painter.drawEllipse(centre, radius, radius)


def _draw_shape(
    painter: QPainter, shape: str, centre: QPointF, size: float, colour: QColor, base: QColor
) -> None:
    """A status mark: each status has its own shape, so colour is never the only cue."""
    size = max(size, 2.5)
    pen = QPen(colour, max(1.2, size * 0.28))
    painter.setPen(pen)
    x, y = centre.x(), centre.y()
    if shape == "circle":
        painter.setBrush(base)
        painter.drawEllipse(centre, size, size)
    elif shape == "half":
        painter.setBrush(base)
        painter.drawEllipse(centre, size, size)
        path = QPainterPath()
        path.moveTo(x, y - size)
        path.arcTo(QRectF(x - size, y - size, size * 2, size * 2), 90, 180)
        path.closeSubpath()
        painter.setBrush(colour)
        painter.drawPath(path)
    elif shape == "disc":
        painter.setBrush(colour)
        painter.drawEllipse(centre, size, size)
        painter.setPen(QPen(base, max(1.2, size * 0.3)))
        painter.drawPolyline(
            QPolygonF(
                [
                    QPointF(x - size * 0.5, y),
                    QPointF(x - size * 0.1, y + size * 0.42),
                    QPointF(x + size * 0.55, y - size * 0.4),
                ]
            )
        )
    elif shape == "diamond":
        painter.setBrush(base)
        painter.drawPolygon(_diamond(x, y, size * 1.15))
    else:  # dash: set aside
        painter.setBrush(base)
        painter.drawRoundedRect(QRectF(x - size, y - size * 0.45, size * 2, size * 0.9), 2, 2)


def sessions_text(sessions: Sequence[SessionPoint]) -> str:
    return "1 session" if len(sessions) == 1 else f"{len(sessions)} sessions"
