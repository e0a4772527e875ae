"""The picture over time as a table, without a window: the model's data for a known case,
checked throughout by Qt's QAbstractItemModelTester. All people and details are fictional."""

from __future__ import annotations

from datetime import date
from typing import Any

from PySide6.QtCore import Qt
from PySide6.QtTest import QAbstractItemModelTester

from casenotes.core.domain import GoalStatus
from casenotes.ui.shared.common import format_date
from casenotes.ui.workspace.course_table_model import (
    COL_ATTENDED,
    COL_DATE,
    COL_FIRST_GOAL,
    COL_GOALS_WORKED,
    COL_NEEDS,
    COL_SESSION,
    NOT_YET_A_GOAL,
    CaseCourseTableModel,
    CourseRole,
    need_rows,
    short,
)

from .courses import course_of, many_sessions

Mode = QAbstractItemModelTester.FailureReportingMode


def test_table_model_data_for_a_known_case(failures: list[str], known: dict[str, Any]) -> None:
    model = CaseCourseTableModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_course(course_of(known))
    assert tester is not None
    assert not failures, failures

    assert model.rowCount() == 3
    assert model.columnCount() == COL_FIRST_GOAL + 2
    headers = [model.headerData(c, Qt.Orientation.Horizontal) for c in range(model.columnCount())]
    assert headers == [
        "Session",
        "Date",
        "Who attended",
        "Needs identified",
        "Goals worked on",
        "Goal 1",
        "Goal 2",
    ]  # short on screen: the whole goal is in the tip
    assert (
        model.headerData(
            COL_FIRST_GOAL, Qt.Orientation.Horizontal, Qt.ItemDataRole.AccessibleTextRole
        )
        == "Goal 1: Talk with partner about the agreement"
    )
    table = [
        [model.data(model.index(r, c)) for c in range(model.columnCount())]
        for r in range(model.rowCount())
    ]
    assert table == [
        [
            "1",
            format_date(date(2025, 1, 10), weekday=False),
            "Client",
            "Emotional, Physical",
            "Talk with partner about the agreement",
            "Open",
            "",
        ],
        [
            "2",
            format_date(date(2025, 2, 5), weekday=False),
            "Client with a partner",
            "Companionship",
            "Talk with partner about the agreement; Keep a steady schedule",
            "In progress",
            "Open",
        ],
        ["3", format_date(date(2025, 3, 10), weekday=False), "", "", "", "Met", "Set aside"],
    ]
    # roles: the note behind each row, the status itself, and words for screen readers
    agreement, schedule = known["goals"]
    first_goal = model.index(0, COL_FIRST_GOAL + 1)
    assert model.data(first_goal, Qt.ItemDataRole.AccessibleTextRole) == NOT_YET_A_GOAL
    assert model.data(first_goal, CourseRole.STATUS) is None
    assert model.data(first_goal, CourseRole.GOAL_ID) == schedule.id
    assert model.data(model.index(1, COL_FIRST_GOAL), CourseRole.STATUS) == GoalStatus.IN_PROGRESS
    assert model.data(model.index(2, COL_NEEDS), Qt.ItemDataRole.AccessibleTextRole) == "None"
    unrecorded = model.index(2, COL_ATTENDED)
    assert model.data(unrecorded, Qt.ItemDataRole.AccessibleTextRole) == "Not recorded"
    assert [model.data(model.index(r, COL_SESSION), CourseRole.NOTE_ID) for r in range(3)] == [
        n.id for n in known["notes"]
    ]
    assert model.data(model.index(1, COL_DATE), CourseRole.SORT) == "2025-02-05"
    for role in (Qt.ItemDataRole.ToolTipRole, Qt.ItemDataRole.AccessibleDescriptionRole):
        assert (
            model.headerData(COL_FIRST_GOAL, Qt.Orientation.Horizontal, role)
            == f"Goal 1: {agreement.text}"
        )
    assert model.data(model.index(2, COL_GOALS_WORKED), Qt.ItemDataRole.ToolTipRole) is None
    assert (
        model.data(model.index(0, COL_NEEDS), Qt.ItemDataRole.ToolTipRole) == "Emotional, Physical"
    )
    assert model.data(model.index(3, 0)) is None
    assert model.rowCount(model.index(0, 0)) == 0


def test_table_model_passes_the_tester_while_it_changes(
    failures: list[str], known: dict[str, Any]
) -> None:
    model = CaseCourseTableModel()
    tester = QAbstractItemModelTester(model, Mode.Warning)
    model.set_course(course_of(known))
    model.set_course(many_sessions(40))
    model.set_course(None)
    assert model.rowCount() == 0
    assert model.columnCount() == COL_FIRST_GOAL
    model.set_course(course_of(known))
    assert tester is not None
    assert not failures, failures


def test_the_words_for_a_course(known: dict[str, Any]) -> None:
    course = course_of(known)
    assert need_rows(course) == list(course.need_labels)
    assert need_rows(None) == []
    assert short("a  long   goal " * 10, 20).endswith("…")
    assert len(short("a  long   goal " * 10, 20)) <= 20
