"""The English names of the months and the weekdays, once for the whole app.

Lower case, in calendar order (January first, Monday first), so that a month's number is its
index plus one. The window reads typed dates with them whatever the locale shows; the
de-identifier's own tables (abbreviations, other languages) are built for finding dates and
stay with it."""

from __future__ import annotations

ENGLISH_MONTHS: tuple[str, ...] = (
    "january",
    "february",
    "march",
    "april",
    "may",
    "june",
    "july",
    "august",
    "september",
    "october",
    "november",
    "december",
)
ENGLISH_WEEKDAYS: tuple[str, ...] = (
    "monday",
    "tuesday",
    "wednesday",
    "thursday",
    "friday",
    "saturday",
    "sunday",
)
