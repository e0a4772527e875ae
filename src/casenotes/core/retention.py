"""Retention: how long a case's records are kept, and what a deletion before then needs.

A case's retention date is its last contact (the latest session of its live notes, else its
intake date, else the day it was created) plus the years set in Settings (default 7).
Deleting a case, a signed note or a goal for good before that date needs a reason, and every
such deletion is written to the encrypted destruction log (what kind, which record, when,
why; never its content)."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date

from casenotes.core.domain import Case, Note

KINDS: dict[str, str] = {"case": "Case", "note": "Signed note", "goal": "Goal"}


class RetentionError(ValueError):
    """A deletion before the retention date was asked for without a reason."""


def add_years(day: date, years: int) -> date:
    """``day`` plus ``years`` calendar years; 29 February becomes 28 February."""
    try:
        return day.replace(year=day.year + years)
    except ValueError:
        return day.replace(year=day.year + years, day=28)


def last_contact(case: Case, notes: Iterable[Note]) -> date:
    dates = [
        note.session_date for note in notes if note.case_id == case.id and note.deleted_at is None
    ]
    if dates:
        return max(dates)
    return case.intake_date or case.created_at.date()


def retention_date(last: date, years: int) -> date:
    return add_years(last, years)


def needs_reason(retained_until: date, today: date) -> bool:
    """Whether deleting now is early (before the retention date)."""
    return today < retained_until


__all__ = ["KINDS", "RetentionError", "add_years", "last_contact", "needs_reason", "retention_date"]
