"""Who attended, in a consultation summary: an individual session with one partner of a
couple is marked, with the reminder to check the couple's agreement about what is shared."""

from __future__ import annotations

from casenotes.core.domain import Attendance
from casenotes.core.export import SummaryRequest, build_summary, one_partner_sessions
from casenotes.core.export.summary import numbered_sessions

from .sample import Sample


def _text(sample: Sample, **kwargs: object) -> str:
    request = SummaryRequest(sample.case.id, **kwargs)  # type: ignore[arg-type]
    return build_summary(sample.case, sample.notes, sample.goals, sample.library, request).text


def test_an_individual_session_of_one_partner_is_marked(sample: Sample) -> None:
    numbered = numbered_sessions(sample.notes)
    numbered[1].attendance = Attendance.PARTNER_B
    numbered[0].attendance = Attendance.BOTH
    text = _text(sample)
    assert (
        "- Individual sessions with one partner: session 2 (partner b alone). Check the "
        "couple's agreement about what is shared" in text
    )
    assert [n for n, _ in one_partner_sessions(numbered)] == [2]
    # Out of the range asked for, nothing is marked.
    assert "Individual sessions" not in _text(sample, first_session=3)
    assert one_partner_sessions(numbered, 3) == []


def test_without_individual_sessions_nothing_is_said(sample: Sample) -> None:
    for note in sample.notes:
        note.attendance = Attendance.BOTH
    assert "Individual sessions" not in _text(sample)
