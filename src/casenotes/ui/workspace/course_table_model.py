"""The case's picture over time as a table (Vorta-style: ``COL_*`` constants and roles),
for screen readers and anyone who prefers one, and the words both it and the chart use for
a ``CaseCourse`` (computed in ``casenotes.core.prompts.course``): one typed input, no
guessing at its shape."""

from __future__ import annotations

from collections.abc import Mapping
from datetime import date
from enum import IntEnum
from typing import Any

from PySide6.QtCore import QDate, QLocale, QObject, Qt

from casenotes.core.domain import ATTENDANCE_LABELS, GOAL_STATUS_LABELS, GoalStatus
from casenotes.core.prompts.course import CaseCourse, GoalTrack, SessionPoint
from casenotes.ui.shared.common import format_date, shorten
from casenotes.ui.table_model import AnyIndex, ReadOnlyTableModel

COL_SESSION = 0
COL_DATE = 1
COL_ATTENDED = 2
COL_NEEDS = 3
COL_GOALS_WORKED = 4
COL_FIRST_GOAL = 5  # one column per goal from here on, with its status at each session

HEADERS: dict[int, str] = {
    COL_SESSION: "Session",
    COL_DATE: "Date",
    COL_ATTENDED: "Who attended",
    COL_NEEDS: "Needs identified",
    COL_GOALS_WORKED: "Goals worked on",
}
NOT_YET_A_GOAL = "Not yet set"


class CourseRole(IntEnum):
    NOTE_ID = Qt.ItemDataRole.UserRole + 1
    SESSION = Qt.ItemDataRole.UserRole + 2  # the SessionPoint
    STATUS = Qt.ItemDataRole.UserRole + 3  # GoalStatus | None, in goal columns
    GOAL_ID = Qt.ItemDataRole.UserRole + 4  # in goal columns
    SORT = Qt.ItemDataRole.UserRole + 5


# ---- the words for a course ---------------------------------------------------------------


def need_rows(course: CaseCourse | None) -> list[str]:
    """The needs, one row each, in the course's order (its labels are its keys)."""
    return list(course.need_labels) if course is not None else []


def goal_names(course: CaseCourse | None) -> dict[str, str]:
    return {goal.goal_id: goal.text for goal in course.goals} if course is not None else {}


def short(text: str, limit: int = 48) -> str:
    return shorten(text, limit)


def session_goals_text(session: SessionPoint, names: Mapping[str, str]) -> list[str]:
    return [short(names[g]) for g in session.goals_worked if g in names]


def attendance_text(session: SessionPoint) -> str:
    """Who attended, in words; "" where it was not recorded."""
    return ATTENDANCE_LABELS[session.attendance] if session.attendance is not None else ""


def status_label(status: GoalStatus | None) -> str:
    return GOAL_STATUS_LABELS.get(status, "") if status is not None else ""


def month_label(value: date, *, with_year: bool = True) -> str:
    return QLocale().toString(QDate(value.year, value.month, 1), "MMM yyyy" if with_year else "MMM")


# ---- the table model -----------------------------------------------------------------------


class CaseCourseTableModel(ReadOnlyTableModel):
    """One row per session, oldest first: its number, date, who attended, the needs
    identified, the goals worked on, and then each goal's status at that session."""

    def __init__(self, parent: QObject | None = None) -> None:
        super().__init__(parent)
        self._course: CaseCourse | None = None
        self._sessions: list[SessionPoint] = []
        self._goals: list[GoalTrack] = []
        self._names: dict[str, str] = {}

    def set_course(self, course: CaseCourse | None) -> None:
        self.beginResetModel()
        self._course = course
        self._sessions = list(course.sessions) if course is not None else []
        self._goals = list(course.goals) if course is not None else []
        self._names = goal_names(course)
        self.endResetModel()

    def course(self) -> CaseCourse | None:
        return self._course

    def row_total(self) -> int:
        return len(self._sessions)

    def column_total(self) -> int:
        return COL_FIRST_GOAL + len(self._goals)

    def goal_at(self, column: int) -> GoalTrack | None:
        position = column - COL_FIRST_GOAL
        return self._goals[position] if 0 <= position < len(self._goals) else None

    def headerData(
        self, section: int, orientation: Qt.Orientation, role: int = Qt.ItemDataRole.DisplayRole
    ) -> Any:
        if orientation != Qt.Orientation.Horizontal:
            return None
        goal = self.goal_at(section)
        number = section - COL_FIRST_GOAL + 1
        if role == Qt.ItemDataRole.DisplayRole:
            # short on screen (the column stays narrow); the whole goal in the tooltip and
            # for screen readers
            return f"Goal {number}" if goal is not None else HEADERS.get(section)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            return f"Goal {number}: {goal.text}" if goal is not None else HEADERS.get(section)
        if role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
            return f"Goal {number}: {goal.text}" if goal is not None else None
        return None

    def data(self, index: AnyIndex, role: int = Qt.ItemDataRole.DisplayRole) -> Any:
        if not index.isValid() or not 0 <= index.row() < len(self._sessions):
            return None
        row, column = index.row(), index.column()
        session = self._sessions[row]
        goal = self.goal_at(column)
        status = goal.status_at[row] if goal is not None and row < len(goal.status_at) else None
        if role == Qt.ItemDataRole.DisplayRole:
            return self._text(session, column, status, goal)
        if role == Qt.ItemDataRole.AccessibleTextRole:
            text = self._text(session, column, status, goal)
            if goal is not None and status is None:
                return NOT_YET_A_GOAL
            if column == COL_ATTENDED and not text:
                return "Not recorded"
            return text or "None"
        if role == Qt.ItemDataRole.ToolTipRole:
            if column == COL_DATE:
                return format_date(session.session_date)
            if goal is not None:
                return goal.text
            if column in (COL_NEEDS, COL_GOALS_WORKED):
                return self._text(session, column, status, goal) or None
            return None
        return self._role_data(session, column, status, goal, role)

    @staticmethod
    def _role_data(
        session: SessionPoint,
        column: int,
        status: GoalStatus | None,
        goal: GoalTrack | None,
        role: int,
    ) -> Any:
        if role == CourseRole.NOTE_ID:
            return session.note_id
        if role == CourseRole.SESSION:
            return session
        if role == CourseRole.STATUS:
            return status if goal is not None else None
        if role == CourseRole.GOAL_ID:
            return goal.goal_id if goal is not None else None
        if role == CourseRole.SORT:
            if column == COL_DATE:
                return session.session_date.isoformat()
            return f"{session.number:06d}"
        return None

    def _text(
        self, session: SessionPoint, column: int, status: GoalStatus | None, goal: GoalTrack | None
    ) -> str:
        if column == COL_SESSION:
            return str(session.number)
        if column == COL_DATE:
            return format_date(session.session_date, weekday=False)
        if column == COL_ATTENDED:
            return attendance_text(session)
        if column == COL_NEEDS:
            return ", ".join(session.needs)
        if column == COL_GOALS_WORKED:
            return "; ".join(session_goals_text(session, self._names))
        if goal is not None:
            return status_label(status)
        return ""
