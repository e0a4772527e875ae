"""The case header's retention line: until when the case's records are kept (its last
contact plus the years set in Settings), or that it is past that date and due for review."""

from __future__ import annotations

from datetime import date

from PySide6.QtWidgets import QLabel

from casenotes.core.domain import Case, Note
from casenotes.core.retention import last_contact, retention_date
from casenotes.ui.shared.common import format_date


def retention_text(until: date, years: int, today: date) -> str:
    when = format_date(until, weekday=False)
    if until <= today:
        return f"Past its retention date ({when}): due for review."
    return f"Records kept until {when} ({years} years after the last contact)."


def show_retention(
    label: QLabel, case: Case, notes: list[Note], years: int, today: date | None = None
) -> date:
    """Fill the header's line from the notes already shown (no extra read); the date."""
    until = retention_date(last_contact(case, notes), years)
    text = retention_text(until, years, today or date.today())
    label.setText(text)
    label.setAccessibleName(text)
    label.show()
    return until


__all__ = ["retention_text", "show_retention"]
