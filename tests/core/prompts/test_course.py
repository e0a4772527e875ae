"""The case's course: needs per session in library order, and each goal's status as of each
session, on a small fictional case worked out by hand."""

from __future__ import annotations

from datetime import UTC, date, datetime

import pytest

from casenotes.core.domain import Attendance, Goal, GoalChange, GoalStatus, Note
from casenotes.core.prompts import (
    NOTES_KEY,
    case_course,
    load_default_library,
    status_on,
)


def at(day: int, hour: int = 12) -> datetime:
    return datetime(2024, 3, day, hour, tzinfo=UTC)


def note(day: int, reflection: dict[str, object], goal_ids: list[str], **kw: object) -> Note:
    return Note(
        case_id="case",
        session_date=date(2024, 3, day),
        reflection=reflection,
        goal_ids=goal_ids,
        created_at=at(day),
        **kw,  # type: ignore[arg-type]
    )


def test_case_course_on_a_known_case() -> None:
    library = load_default_library()
    first = note(
        4,
        {"cosw_needs_met": ["companionship", "emotional"], NOTES_KEY: {"x": "y"}},
        ["g1"],
        id="n1",
    )
    second = note(
        11,
        {"cosw_needs_met": ["physical", "retired_option"], "needs_met": ["emotional"]},
        ["g1", "g2"],
        id="n2",
    )
    third = note(18, {"cosw_function": "Keeps the peace at home."}, [], id="n3")
    trashed = note(12, {"cosw_needs_met": ["none"]}, ["g2"], id="bin", deleted_at=at(13))
    goal_one = Goal(
        case_id="case",
        text="Talk about the agreement with my partner",
        id="g1",
        status=GoalStatus.MET,
        created_at=at(1),
        history=[
            GoalChange(at(1), GoalStatus.OPEN, "Talk about the agreement"),
            GoalChange(at(11, 9), GoalStatus.IN_PROGRESS, "Talk about the agreement"),
            GoalChange(at(15), GoalStatus.MET, "Talk about the agreement with my partner"),
        ],
    )
    goal_two = Goal(
        case_id="case",
        text="Find companionship in other ways too, if I want to",
        id="g2",
        status=GoalStatus.IN_PROGRESS,
        created_at=at(10),
        history=[
            GoalChange(at(10), GoalStatus.OPEN, "Find companionship"),
            GoalChange(at(19), GoalStatus.IN_PROGRESS, "Find companionship"),
        ],
    )

    course = case_course([third, trashed, second, first], [goal_one, goal_two], library)

    assert [(s.note_id, s.number, s.session_date) for s in course.sessions] == [
        ("n1", 1, date(2024, 3, 4)),
        ("n2", 2, date(2024, 3, 11)),
        ("n3", 3, date(2024, 3, 18)),
    ]
    assert [s.needs for s in course.sessions] == [
        ("Emotional", "Companionship"),
        ("Emotional", "Physical", "retired_option"),
        (),
    ]
    assert [s.goals_worked for s in course.sessions] == [("g1",), ("g1", "g2"), ()]
    assert course.need_labels == ("Emotional", "Physical", "Companionship", "retired_option")
    assert [(g.goal_id, g.status_at, g.current) for g in course.goals] == [
        ("g1", (GoalStatus.OPEN, GoalStatus.IN_PROGRESS, GoalStatus.MET), GoalStatus.MET),
        ("g2", (None, GoalStatus.OPEN, GoalStatus.OPEN), GoalStatus.IN_PROGRESS),
    ]
    assert course.goals[0].text == "Talk about the agreement with my partner"


def test_same_day_sessions_sort_by_creation() -> None:
    a = Note(case_id="c", session_date=date(2024, 3, 5), id="a", created_at=at(5, 15))
    b = Note(case_id="c", session_date=date(2024, 3, 5), id="b", created_at=at(5, 9))
    course = case_course([a, b], [], load_default_library())
    assert [s.note_id for s in course.sessions] == ["b", "a"]
    assert course.need_labels == () and course.goals == ()


def test_who_attended_each_session_is_carried() -> None:
    notes = [
        note(4, {}, [], attendance=Attendance.BOTH),
        note(11, {}, [], attendance=Attendance.PARTNER_A),
        note(18, {}, []),  # not recorded
    ]
    course = case_course(notes, [], load_default_library())
    assert [s.attendance for s in course.sessions] == [Attendance.BOTH, Attendance.PARTNER_A, None]
    assert [s.one_partner for s in course.sessions] == [False, True, False]


def test_status_without_history_and_before_the_first_change() -> None:
    plain = Goal(case_id="c", text="t", status=GoalStatus.REVISED, created_at=at(1))
    assert status_on(plain, date(2024, 3, 2)) is GoalStatus.REVISED
    assert status_on(plain, date(2024, 2, 28)) is None
    partial = Goal(
        case_id="c",
        text="t",
        status=GoalStatus.MET,
        created_at=at(1),
        history=[GoalChange(at(9), GoalStatus.MET, "t")],
    )
    assert status_on(partial, date(2024, 3, 5)) is GoalStatus.OPEN
    assert status_on(partial, date(2024, 3, 9)) is GoalStatus.MET


def test_a_goal_set_in_an_evening_session_west_of_greenwich_exists_at_that_session(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    import time

    from casenotes.core.prompts.course import status_on

    monkeypatch.setenv("TZ", "America/Los_Angeles")
    time.tzset()
    try:
        # 19:30 on 4 March in Los Angeles is 03:30 on 5 March in UTC.
        at = datetime(2025, 3, 5, 3, 30, tzinfo=UTC)
        goal = Goal(
            case_id="c",
            text="Say what I need",
            created_at=at,
            history=[GoalChange(at, GoalStatus.OPEN, "Say what I need")],
        )
        assert status_on(goal, date(2025, 3, 4)) == GoalStatus.OPEN
        assert status_on(goal, date(2025, 3, 3)) is None
    finally:
        monkeypatch.undo()
        time.tzset()
