"""The record model's small derived values: the signature's name, the range's label."""

from __future__ import annotations

from datetime import UTC, date, datetime

from casenotes.core.record import (
    CaseDetails,
    CaseRecord,
    Clinician,
    RecordOptions,
    RecordSession,
)

AT = datetime(2025, 1, 1, tzinfo=UTC)


def _session(number: int) -> RecordSession:
    return RecordSession(
        number=number,
        note_id=f"n{number}",
        session_date=date(2025, 1, number),
        duration_minutes=50,
        format="In person",
        template="Free",
        sections=(),
    )


def _record(*numbers: int) -> CaseRecord:
    return CaseRecord(
        case=CaseDetails("C-1", "Fictional", "Active"),
        produced_at=AT,
        options=RecordOptions(),
        sessions=tuple(_session(n) for n in numbers),
        total_sessions=9,
    )


def test_signature_name_with_and_without_credentials() -> None:
    assert Clinician().signature_name() == "" and not Clinician().known
    assert Clinician("  Alex Example ").signature_name() == "Alex Example"
    assert Clinician("Alex Example", "LMFT").signature_name() == "Alex Example, LMFT"
    assert Clinician("", "LMFT").signature_name() == ""


def test_sessions_label_as_the_export_log_writes_it() -> None:
    assert _record().sessions_label == ""
    assert _record(4).sessions_label == "4"
    assert _record(2, 3, 7).sessions_label == "2-7"
    assert (_record(2, 7).first_number, _record(2, 7).last_number) == (2, 7)


def test_a_session_without_a_signature_is_a_draft() -> None:
    assert _session(1).is_draft


def test_options_say_how_the_range_was_given() -> None:
    assert not RecordOptions().by_number and not RecordOptions().by_date
    assert RecordOptions(last_session=3).by_number
    assert RecordOptions(to_date=date(2025, 1, 1)).by_date
