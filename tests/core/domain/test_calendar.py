"""casenotes.core.domain.calendar: the month and weekday names, in calendar order (checked
without the locale, which may name them in another language)."""

from __future__ import annotations

from datetime import date

from casenotes.core.domain.calendar import ENGLISH_MONTHS, ENGLISH_WEEKDAYS


def test_a_months_number_is_its_place_plus_one() -> None:
    assert len(set(ENGLISH_MONTHS)) == 12
    assert ENGLISH_MONTHS[date(2026, 1, 5).month - 1] == "january"
    assert ENGLISH_MONTHS[date(2026, 5, 5).month - 1] == "may"
    assert ENGLISH_MONTHS[date(2026, 12, 5).month - 1] == "december"
    assert all(name == name.casefold() for name in ENGLISH_MONTHS)


def test_weekdays_follow_pythons_weekday_numbers() -> None:
    assert len(set(ENGLISH_WEEKDAYS)) == 7
    assert ENGLISH_WEEKDAYS[date(2026, 12, 7).weekday()] == "monday"  # 7 December 2026
    assert ENGLISH_WEEKDAYS[date(2026, 12, 13).weekday()] == "sunday"
