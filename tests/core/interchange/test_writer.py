"""casenotes.core.interchange.to_interchange / dumps_interchange: the writer refuses what the
reader would refuse, so every file it writes can be imported again."""

from __future__ import annotations

import math
from collections.abc import Callable
from dataclasses import replace
from datetime import date, datetime

import pytest

from casenotes.core.domain import CaseBundle, Goal, NoteRevision, note_content_hash
from casenotes.core.interchange import (
    MAX_TEXT_CHARS,
    InterchangeError,
    dumps_interchange,
    parse_interchange,
    to_interchange,
)
from casenotes.core.interchange import writer as writer_module

from .support import sample_bundles

Change = Callable[[list[CaseBundle]], None]


def _set_code(bundles: list[CaseBundle]) -> None:
    bundles[2].case.code = bundles[0].case.code


def _naive_created(bundles: list[CaseBundle]) -> None:
    bundles[0].case.created_at = datetime(2024, 1, 15, 9, 30)


def _datetime_as_date(bundles: list[CaseBundle]) -> None:
    bundles[0].notes[1].session_date = datetime(2024, 1, 29, 10, 0)


def _date_as_datetime(bundles: list[CaseBundle]) -> None:
    bundles[0].case.updated_at = date(2024, 1, 29)  # type: ignore[assignment]


def _orphan_revisions(bundles: list[CaseBundle]) -> None:
    note = bundles[0].notes[1]
    bundles[0].revisions["not-a-note"] = [NoteRevision.of(note)]


def _same_goal_id(bundles: list[CaseBundle]) -> None:
    bundles[0].goals[1].id = bundles[0].goals[0].id


def _same_note_id(bundles: list[CaseBundle]) -> None:
    bundles[0].notes[2].id = bundles[0].notes[1].id


def _signed_then_edited(bundles: list[CaseBundle]) -> None:
    bundles[0].notes[0].sections["plan"] = "Edited after signing."


def _signed_without_hash(bundles: list[CaseBundle]) -> None:
    bundles[1].notes[0].content_hash = None


def _too_long(bundles: list[CaseBundle]) -> None:
    bundles[0].notes[1].sections["data"] = "x" * (MAX_TEXT_CHARS + 1)


def _surrogate(bundles: list[CaseBundle]) -> None:
    bundles[0].case.tags[0] = "bad \ud800 text"


def _bool_duration(bundles: list[CaseBundle]) -> None:
    bundles[0].notes[1].duration_minutes = True


def _unknown_status(bundles: list[CaseBundle]) -> None:
    bundles[0].case.status = "archived"  # type: ignore[assignment]


def _section_outside_template(bundles: list[CaseBundle]) -> None:
    bundles[0].notes[1].sections["body"] = "x"


def _reflection_tuple(bundles: list[CaseBundle]) -> None:
    bundles[0].notes[1].reflection = {"a": ("x", "y")}


def _reflection_nan(bundles: list[CaseBundle]) -> None:
    bundles[0].notes[1].reflection = {"a": [1.0, math.nan]}


def _reflection_int_key(bundles: list[CaseBundle]) -> None:
    bundles[0].notes[1].reflection = {"a": {1: "x"}}


def _reflection_cycle(bundles: list[CaseBundle]) -> None:
    loop: list[object] = []
    loop.append(loop)
    bundles[0].notes[1].reflection = {"a": loop}


def _reflection_huge_int(bundles: list[CaseBundle]) -> None:
    bundles[0].notes[1].reflection = {"a": 10**5000}


def _revision_sections(bundles: list[CaseBundle]) -> None:
    revision = bundles[0].revisions[bundles[0].notes[1].id][0]
    revision.sections = {"nope": "x"}


WRITER_ERRORS: list[tuple[Change, str]] = [
    (_set_code, "cases[2].code: the same code as cases[0].code"),
    (_naive_created, "cases[0].created_at: date and time has no time zone"),
    (_datetime_as_date, "cases[0].notes[1].session_date: expected a date (without a time)"),
    (_date_as_datetime, "cases[0].updated_at: expected a date and time"),
    (_orphan_revisions, "cases[0]: has revisions of a note that is not among its notes"),
    (_same_goal_id, "cases[0].goals[1]: has the same id as another goal"),
    (_same_note_id, "cases[0].notes[2]: has the same id as another note"),
    (_signed_then_edited, "cases[0].notes[0].content_hash: does not match the note's content"),
    (_signed_without_hash, "cases[1].notes[0].content_hash: required for a signed note"),
    (_too_long, "cases[0].notes[1].sections.data: text is longer than the limit of 4,000,000"),
    (_surrogate, "cases[0].tags[0]: text contains an unpaired surrogate code point"),
    (_bool_duration, "cases[0].notes[1].duration_minutes: expected a whole number, found true"),
    (_unknown_status, "cases[0].status: not one of: active, paused, closed"),
    (_section_outside_template, 'cases[0].notes[1].sections{2}: not a section of the "dap"'),
    (_reflection_tuple, "cases[0].notes[1].reflection{0}: not a JSON value"),
    (_reflection_nan, "cases[0].notes[1].reflection{0}[1]: numbers must be finite"),
    (_reflection_int_key, "cases[0].notes[1].reflection{0}{0}: object keys must be strings"),
    (_reflection_cycle, "cases[0].notes[1].reflection{0}[0][0][0][0][0][0][0]: nested deeper"),
    (_reflection_huge_int, "cases[0].notes[1].reflection{0}: must be between"),
    (_revision_sections, 'cases[0].notes[1].revisions[0].sections{0}: not a section of the "free"'),
]


@pytest.mark.parametrize(
    ("change", "expected"), WRITER_ERRORS, ids=[c.__name__ for c, _ in WRITER_ERRORS]
)
def test_writer_refuses_what_could_not_be_imported(change: Change, expected: str) -> None:
    bundles = sample_bundles()
    change(bundles)
    for write in (to_interchange, dumps_interchange):
        with pytest.raises(InterchangeError) as caught:
            write(bundles)
        assert str(caught.value).startswith(expected)


def test_references_to_goals_outside_the_case_are_left_out() -> None:
    bundles = sample_bundles()
    removed = bundles[0].goals.pop(1)  # e.g. a goal deleted after notes referred to it
    stranger = Goal(case_id="elsewhere", text="Not in this case")
    soap = bundles[0].notes[0]
    soap.goal_ids = [stranger.id, soap.goal_ids[0], removed.id, soap.goal_ids[0]]
    document = to_interchange(bundles)
    assert document["cases"][0]["notes"][0]["goal_refs"] == [0]
    parsed = parse_interchange(dumps_interchange(bundles))
    assert parsed[0].notes[0].goal_ids == [parsed[0].goals[0].id]


def test_empty_revision_lists_for_unknown_notes_are_ignored() -> None:
    bundles = sample_bundles()
    bundles[0].revisions["no-such-note"] = []
    assert dumps_interchange(bundles) == dumps_interchange(sample_bundles())


def test_ids_and_redundant_back_references_are_not_written() -> None:
    bundles = sample_bundles()
    data = dumps_interchange(bundles)
    ids = [bundles[0].case.id, bundles[0].goals[0].id, bundles[0].notes[0].id]
    ids += [bundles[0].notes[0].addenda[0].id]
    for record_id in ids:
        assert record_id.encode() not in data
    assert b'"id"' not in data
    assert b'"case_id"' not in data
    assert b'"note_id"' not in data
    # Back-references that disagree with the bundle's structure do not matter.
    bundles[0].notes[0].addenda[0].note_id = "elsewhere"
    bundles[0].goals[0].case_id = "elsewhere"
    assert dumps_interchange(bundles) == data


def test_output_over_the_import_limit_is_refused(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(writer_module, "MAX_INPUT_BYTES", 1000)
    with pytest.raises(InterchangeError) as caught:
        dumps_interchange(sample_bundles())
    assert caught.value.path == "file"
    assert "larger than the import limit" in caught.value.message


def test_signed_note_hash_is_checked_against_the_domain_function() -> None:
    bundles = sample_bundles()
    soap = bundles[0].notes[0]
    assert soap.content_hash == note_content_hash(
        replace(soap, id="other", case_id="other"), soap.hash_version
    )
    document = to_interchange(bundles)
    assert document["cases"][0]["notes"][0]["content_hash"] == note_content_hash(
        soap, soap.hash_version
    )


def test_writer_messages_do_not_contain_text() -> None:
    bundles = sample_bundles()
    bundles[0].notes[0].sections["plan"] = "Quillon Fairweather said so."
    with pytest.raises(InterchangeError) as caught:
        dumps_interchange(bundles)
    assert "Quillon" not in str(caught.value)
