"""Fictional courses for the picture over time: a known case of three sessions and two
goals, and a case of many sessions. Shared by the table model's, the chart's and the "Over
time" tab's tests."""

from __future__ import annotations

import random
from collections.abc import Iterator
from datetime import UTC, date, datetime, time, timedelta
from typing import Any

from PySide6.QtCore import qInstallMessageHandler

from casenotes.core.domain import Attendance, Case, ClientType, Goal, GoalChange, GoalStatus, Note
from casenotes.core.prompts.course import CaseCourse, case_course
from casenotes.core.prompts.library import load_default_library

NEEDS_PROMPT = "cosw_needs_met"  # the library's needs prompt for clients of sex workers


def at(day: date) -> datetime:
    return datetime.combine(day, time(12), tzinfo=UTC)


def failures_fixture() -> Iterator[list[str]]:
    found: list[str] = []

    def handler(mode: object, context: object, message: str) -> None:
        if "FAIL" in message:
            found.append(message)

    previous = qInstallMessageHandler(handler)
    yield found
    qInstallMessageHandler(previous)


def known_case() -> dict[str, Any]:
    """Three sessions choosing needs, two goals whose status changed over time; who attended
    recorded for the first two."""
    case = Case(
        code="COSW-3", display_name="Fictional", client_types=[ClientType.CLIENT_OF_SEX_WORKERS]
    )
    agreement = Goal(
        case_id=case.id,
        text="Talk with partner about the agreement",
        created_at=at(date(2025, 1, 1)),
        status=GoalStatus.MET,
        history=[
            GoalChange(at(date(2025, 1, 1)), GoalStatus.OPEN, "t"),
            GoalChange(at(date(2025, 1, 20)), GoalStatus.IN_PROGRESS, "t"),
            GoalChange(at(date(2025, 3, 3)), GoalStatus.MET, "t"),
        ],
    )
    schedule = Goal(
        case_id=case.id,
        text="Keep a steady schedule",
        created_at=at(date(2025, 2, 1)),
        status=GoalStatus.SET_ASIDE,
        history=[
            GoalChange(at(date(2025, 2, 1)), GoalStatus.OPEN, "t"),
            GoalChange(at(date(2025, 2, 10)), GoalStatus.SET_ASIDE, "t"),
        ],
    )
    notes = [
        Note(
            case_id=case.id,
            session_date=date(2025, 1, 10),
            reflection={NEEDS_PROMPT: ["physical", "emotional"]},
            goal_ids=[agreement.id],
            created_at=at(date(2025, 1, 10)),
            attendance=Attendance.CLIENT,
        ),
        Note(
            case_id=case.id,
            session_date=date(2025, 2, 5),
            reflection={NEEDS_PROMPT: ["companionship"]},
            goal_ids=[agreement.id, schedule.id],
            created_at=at(date(2025, 2, 5)),
            attendance=Attendance.CLIENT_WITH_PARTNER,
        ),
        Note(
            case_id=case.id,
            session_date=date(2025, 3, 10),
            reflection={},
            created_at=at(date(2025, 3, 10)),
        ),
    ]
    return {"case": case, "goals": [agreement, schedule], "notes": notes}


def course_of(known: dict[str, Any]) -> CaseCourse:
    return case_course(known["notes"], known["goals"], load_default_library())


def many_sessions(count: int) -> CaseCourse:
    rng = random.Random(7)
    case = Case(code="MANY", display_name="Fictional")
    start = date(2021, 1, 4)
    goal = Goal(
        case_id=case.id,
        text="A goal set together",
        created_at=at(start),
        history=[
            GoalChange(at(start), GoalStatus.OPEN, "t"),
            GoalChange(at(start + timedelta(days=400)), GoalStatus.IN_PROGRESS, "t"),
        ],
    )
    notes = [
        Note(
            case_id=case.id,
            session_date=start + timedelta(days=7 * n),
            reflection={
                "needs_met": rng.sample(["emotional", "physical", "other"], rng.randint(0, 2))
            },
            goal_ids=[goal.id] if n % 3 == 0 else [],
        )
        for n in range(count)
    ]
    return case_course(notes, [goal], load_default_library())
