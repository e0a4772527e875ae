"""casenotes.core.interchange.parse_interchange: what a hand-written file may leave out, and the
forms of dates and times it may use."""

from __future__ import annotations

import json
from datetime import UTC, date, datetime
from typing import Any

import pytest

from casenotes.core.domain import (
    CaseStatus,
    GoalStatus,
    Identifiers,
    Note,
    NoteTemplate,
    SessionFormat,
    note_content_hash,
)
from casenotes.core.interchange import InterchangeError, parse_interchange

STAMP = "2024-03-05T14:30:00Z"


def minimal() -> dict[str, Any]:
    """Only the required fields, at every level."""
    return {
        "format": "casenotes",
        "version": 1,
        "cases": [
            {
                "code": "C-7",
                "display_name": "Kit Example",
                "created_at": STAMP,
                "updated_at": STAMP,
                "goals": [
                    {"text": "Feel at ease at work", "created_at": STAMP, "updated_at": STAMP}
                ],
                "notes": [{"session_date": "2024-03-05", "created_at": STAMP, "updated_at": STAMP}],
            }
        ],
    }


def parse(document: dict[str, Any]) -> Any:
    return parse_interchange(json.dumps(document).encode())


def test_optional_fields_take_the_domain_defaults() -> None:
    (bundle,) = parse(minimal())
    case = bundle.case
    assert (case.code, case.display_name) == ("C-7", "Kit Example")
    assert case.client_types == []
    assert case.tags == []
    assert case.status is CaseStatus.ACTIVE
    assert case.pronouns == ""
    assert case.intake_date is None
    assert case.identifiers == Identifiers()
    assert case.members == []
    assert case.deleted_at is None
    moment = datetime(2024, 3, 5, 14, 30, tzinfo=UTC)
    assert case.created_at == case.updated_at == moment
    (goal,) = bundle.goals
    assert goal.status is GoalStatus.OPEN
    assert goal.history == []
    (note,) = bundle.notes
    assert note.session_date == date(2024, 3, 5)
    assert note.duration_minutes == 50
    assert note.format is SessionFormat.IN_PERSON
    assert note.template is NoteTemplate.FREE
    assert note.sections == {}
    assert note.tags == []
    assert note.reflection == {}
    assert note.goal_ids == []
    assert note.signed_at is None
    assert note.content_hash is None
    assert note.addenda == []
    assert note.deleted_at is None
    assert bundle.revisions == {}


def test_goals_and_notes_may_be_left_out() -> None:
    document = minimal()
    del document["cases"][0]["goals"]
    del document["cases"][0]["notes"]
    (bundle,) = parse(document)
    assert bundle.goals == [] and bundle.notes == [] and bundle.revisions == {}


def test_partial_identifiers_and_members() -> None:
    document = minimal()
    document["cases"][0]["identifiers"] = {"aliases": ["Kit"]}
    document["cases"][0]["members"] = [{"label": "Partner A"}]
    (bundle,) = parse(document)
    assert bundle.case.identifiers == Identifiers(aliases=["Kit"])
    assert bundle.case.members[0].label == "Partner A"
    assert (bundle.case.members[0].name, bundle.case.members[0].pronouns) == ("", "")


def test_explicit_nulls_are_accepted_only_where_documented() -> None:
    document = minimal()
    case = document["cases"][0]
    case["intake_date"] = None
    case["deleted_at"] = None
    case["notes"][0].update(signed_at=None, content_hash=None, deleted_at=None)
    parse(document)
    for field in ("tags", "status", "pronouns", "identifiers", "members", "goals", "notes"):
        document = minimal()
        document["cases"][0][field] = None
        with pytest.raises(InterchangeError) as caught:
            parse(document)
        assert caught.value.path == f"cases[0].{field}"


def test_a_revision_has_no_defaults() -> None:
    document = minimal()
    document["cases"][0]["notes"][0]["revisions"] = [
        {"saved_at": STAMP, "session_date": "2024-03-05"}
    ]
    with pytest.raises(InterchangeError) as caught:
        parse(document)
    assert str(caught.value) == (
        "cases[0].notes[0].revisions[0].duration_minutes: required field is missing"
    )


def test_a_signed_hand_written_note_with_the_right_hash_is_accepted() -> None:
    document = minimal()
    note = document["cases"][0]["notes"][0]
    note.update(signed_at=STAMP, sections={"body": "Short session."})
    expected = Note(case_id="x", session_date=date(2024, 3, 5), sections={"body": "Short session."})
    note["content_hash"] = note_content_hash(expected)
    (bundle,) = parse(document)
    assert bundle.notes[0].is_signed


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        ("2024-03-05T14:30:00Z", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("2024-03-05t14:30:00z", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("2024-03-05 14:30:00+00:00", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("2024-03-05T14:30:00-00:00", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("2024-03-05T20:00:00+05:30", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("2024-03-05T06:30:00-08:00", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("2024-03-06T00:30:00+10:00", datetime(2024, 3, 5, 14, 30, tzinfo=UTC)),
        ("2024-03-05T14:30:00.5Z", datetime(2024, 3, 5, 14, 30, 0, 500000, tzinfo=UTC)),
        ("2024-03-05T14:30:00.123Z", datetime(2024, 3, 5, 14, 30, 0, 123000, tzinfo=UTC)),
        ("2024-03-05T14:30:00.123456Z", datetime(2024, 3, 5, 14, 30, 0, 123456, tzinfo=UTC)),
        ("2024-03-05T14:30:00.123456789Z", datetime(2024, 3, 5, 14, 30, 0, 123456, tzinfo=UTC)),
        ("9999-12-31T23:59:59Z", datetime(9999, 12, 31, 23, 59, 59, tzinfo=UTC)),
        ("0001-01-01T00:00:00Z", datetime(1, 1, 1, tzinfo=UTC)),
    ],
)
def test_accepted_datetime_forms(text: str, expected: datetime) -> None:
    document = minimal()
    document["cases"][0]["created_at"] = text
    (bundle,) = parse(document)
    assert bundle.case.created_at == expected
    assert bundle.case.created_at.tzinfo is UTC


@pytest.mark.parametrize(
    "text",
    [
        "2024-03-05T14:30:00",  # no offset
        "2024-03-05T14:30Z",  # no seconds
        "2024-03-05T14:30:00.Z",  # empty fraction
        "2024-03-05T14:30:00.1234567890Z",  # ten digits of fraction
        "2024-03-05T14:30:00+0530",  # offset without colon
        "2024-03-05T14:30:00+05",
        "2024-03-05T14:30:00 Z",
        "20240305T143000Z",  # basic format
        "2024-W10-2T14:30:00Z",  # week date
        " 2024-03-05T14:30:00Z",
        "2024-03-05T14:30:00Z\n",
        "+12024-03-05T14:30:00Z",
        "9999-12-31T23:59:59-01:00",  # past year 9999 in UTC
    ],
)
def test_refused_datetime_forms(text: str) -> None:
    document = minimal()
    document["cases"][0]["created_at"] = text
    with pytest.raises(InterchangeError) as caught:
        parse(document)
    assert caught.value.path == "cases[0].created_at"


@pytest.mark.parametrize("text", ["20240305", "2024-3-5", "2024-03-05 ", "2024-03", "0000-01-01"])
def test_refused_date_forms(text: str) -> None:
    document = minimal()
    document["cases"][0]["notes"][0]["session_date"] = text
    with pytest.raises(InterchangeError) as caught:
        parse(document)
    assert caught.value.path == "cases[0].notes[0].session_date"


def test_json_ints_and_floats_in_a_reflection_keep_their_type() -> None:
    document = minimal()
    document["cases"][0]["notes"][0]["reflection"] = {"a": [1, 1.0, -0.0, 1e300, True, None]}
    (bundle,) = parse(document)
    values = bundle.notes[0].reflection["a"]
    assert [type(v) for v in values] == [int, float, float, float, bool, type(None)]
