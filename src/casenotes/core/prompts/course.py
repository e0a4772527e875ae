"""The case's course over time: needs identified and goals worked on, session by session.

Feeds the case chart and the accessible table beside it. Plain data; no drawing here.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence
from dataclasses import dataclass
from datetime import date, datetime

from casenotes.core.domain.models import ONE_PARTNER, Attendance, Goal, GoalStatus, Note
from casenotes.core.prompts.model import Prompt, PromptKind, PromptLibrary

NEEDS_CHART = "needs"


@dataclass(frozen=True, slots=True)
class SessionPoint:
    note_id: str
    session_date: date
    number: int  # 1-based, in session order
    needs: tuple[str, ...]  # labels of the needs identified, in library order
    goals_worked: tuple[str, ...]  # goal ids from the note
    # Who attended; None where it was not recorded. In couples work an individual session
    # with one partner is marked on the chart and in the table (the secrets policy).
    attendance: Attendance | None = None

    @property
    def one_partner(self) -> bool:
        return self.attendance in ONE_PARTNER


@dataclass(frozen=True, slots=True)
class GoalTrack:
    goal_id: str
    text: str
    status_at: tuple[GoalStatus | None, ...]  # per session; None before the goal existed
    current: GoalStatus


@dataclass(frozen=True, slots=True)
class CaseCourse:
    sessions: tuple[SessionPoint, ...]
    goals: tuple[GoalTrack, ...]
    need_labels: tuple[str, ...]  # every need that appears, in library order: the chart's rows


def _chosen_ids(value: object) -> list[str]:
    if isinstance(value, str):
        return [value] if value else []
    if isinstance(value, list | tuple):
        return [item for item in value if isinstance(item, str) and item]
    return []


def _needs_prompts(library: PromptLibrary) -> list[Prompt]:
    return [
        prompt
        for prompt in library.prompts
        if prompt.chart == NEEDS_CHART and prompt.kind in (PromptKind.SINGLE, PromptKind.MULTIPLE)
    ]


def _note_needs(note: Note, prompts: Iterable[Prompt]) -> list[str]:
    """The needs chosen in one note, as labels (raw ids for unknown options), each once."""
    labels: list[str] = []
    for prompt in prompts:
        for option_id in _chosen_ids(note.reflection.get(prompt.id)):
            label = prompt.option_label(option_id)
            if label not in labels:
                labels.append(label)
    return labels


def _local_day(moment: datetime) -> date:
    """Timestamps are stored in UTC, session dates are the practitioner's own calendar: a goal
    set during an evening session west of Greenwich belongs to that session's day."""
    return moment.astimezone().date()


def status_on(goal: Goal, day: date) -> GoalStatus | None:
    """The goal's status as of the end of ``day``; None if it did not yet exist."""
    if _local_day(goal.created_at) > day:
        return None
    if not goal.history:
        return goal.status
    latest = None
    for change in goal.history:
        if _local_day(change.at) <= day and (latest is None or change.at >= latest.at):
            latest = change
    return latest.status if latest is not None else GoalStatus.OPEN


def case_course(notes: Sequence[Note], goals: Sequence[Goal], library: PromptLibrary) -> CaseCourse:
    """The course of one case. Trashed notes are left out; sessions are in date order.

    Pass the library including hidden prompts (e.g. the default library with overrides) if
    needs recorded under a since-hidden prompt should still be drawn.
    """
    live = sorted(
        # Consultation records and contacts are not sessions: not on the chart.
        (note for note in notes if note.deleted_at is None and note.is_session),
        key=lambda note: (note.session_date, note.created_at),
    )
    prompts = _needs_prompts(library)

    # Global order of need labels: library order of prompts and options, then unknown ids.
    rank: dict[str, int] = {}
    for prompt in prompts:
        for option in prompt.options:
            rank.setdefault(option.label, len(rank))
    per_note = [_note_needs(note, prompts) for note in live]
    for labels in per_note:
        for label in labels:
            rank.setdefault(label, len(rank))

    sessions = tuple(
        SessionPoint(
            note_id=note.id,
            session_date=note.session_date,
            number=number,
            needs=tuple(sorted(labels, key=rank.__getitem__)),
            goals_worked=tuple(dict.fromkeys(note.goal_ids)),
            attendance=note.attendance,
        )
        for number, (note, labels) in enumerate(zip(live, per_note, strict=True), start=1)
    )
    appearing = {label for labels in per_note for label in labels}
    need_labels = tuple(sorted(appearing, key=rank.__getitem__))
    tracks = tuple(
        GoalTrack(
            goal_id=goal.id,
            text=goal.text,
            status_at=tuple(status_on(goal, point.session_date) for point in sessions),
            current=goal.status,
        )
        for goal in goals
    )
    return CaseCourse(sessions=sessions, goals=tracks, need_labels=need_labels)
