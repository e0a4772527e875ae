"""casenotes.core.interchange.parse_interchange: every kind of bad input gets an InterchangeError
that names the place and the problem, and nothing else (never a value from the file)."""

from __future__ import annotations

import copy
import json
import pickle
from collections.abc import Callable
from typing import Any

import pytest

from casenotes.core.interchange import (
    MAX_INPUT_BYTES,
    MAX_TEXT_CHARS,
    InterchangeError,
    parse_interchange,
    to_interchange,
)
from casenotes.core.interchange import reader as reader_module

from .support import sample_bundles

Path = tuple[str | int, ...]
Mutation = Callable[[dict[str, Any]], None]

_SAMPLE_DOCUMENT = to_interchange(sample_bundles())
# Shortcuts into the sample: case 0 note 0 is signed (SOAP); note 1 is unsigned (DAP) and has
# revisions; case 0 has four goals; case 2 has no goals and no notes.
CASE = ("cases", 0)
SIGNED = (*CASE, "notes", 0)
NOTE = (*CASE, "notes", 1)
REVISION = (*NOTE, "revisions", 0)


def document() -> dict[str, Any]:
    return copy.deepcopy(_SAMPLE_DOCUMENT)


def encode(value: Any) -> bytes:
    return json.dumps(value, ensure_ascii=False).encode("utf-8")


def error_for(data: bytes) -> InterchangeError:
    with pytest.raises(InterchangeError) as caught:
        parse_interchange(data)
    error = caught.value
    assert str(error) == f"{error.path}: {error.message}"
    return error


def _parent(doc: dict[str, Any], path: Path) -> Any:
    node: Any = doc
    for step in path[:-1]:
        node = node[step]
    return node


def set_(path: Path, value: Any) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        _parent(doc, path)[path[-1]] = value

    return mutate


def del_(path: Path) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        del _parent(doc, path)[path[-1]]

    return mutate


def also(*mutations: Mutation) -> Mutation:
    def mutate(doc: dict[str, Any]) -> None:
        for mutation in mutations:
            mutation(doc)

    return mutate


def nested_lists(depth: int) -> Any:
    value: Any = []
    for _ in range(depth - 1):
        value = [value]
    return value


def copy_note_into_case_without_goals(doc: dict[str, Any]) -> None:
    doc["cases"][2]["notes"] = [copy.deepcopy(doc["cases"][0]["notes"][1])]


def swap_codes(doc: dict[str, Any]) -> None:
    doc["cases"][2]["code"] = doc["cases"][0]["code"]


# (mutation, expected str(error)). Each mutation is applied to a valid document.
# fmt: off
CASES: list[tuple[str, Mutation, str]] = [
    # the file as a whole
    ("format missing", del_(("format",)), "format: required field is missing"),
    ("format wrong", set_(("format",), "jrnl"), "format: not a Casenotes interchange file"),
    ("format not text", set_(("format",), 1), "format: not a Casenotes interchange file"),
    ("version missing", del_(("version",)), "version: required field is missing"),
    ("version newer", set_(("version",), 2), "version: written by a newer version of Casenotes"),
    ("version text", set_(("version",), "1"), "version: expected a whole number, found a string"),
    ("version bool", set_(("version",), True),
     "version: expected a whole number, found true/false"),
    ("version float", set_(("version",), 1.0), "version: expected a whole number, found a number"),
    ("version zero", set_(("version",), 0), "version: unknown format version 0"),
    ("cases missing", del_(("cases",)), "cases: required field is missing"),
    ("cases object", set_(("cases",), {}), "cases: expected a list, found an object"),
    ("unknown top field", set_(("exported_by",), "x"),
     "file{3}: unknown field; the file has only: format, version, cases"),
    # a case
    ("case not object", set_(CASE, []), "cases[0]: expected a case (an object), found a list"),
    ("code missing", del_((*CASE, "code")), "cases[0].code: required field is missing"),
    ("code empty", set_((*CASE, "code"), ""), "cases[0].code: must not be empty"),
    ("code blank", set_((*CASE, "code"), " \t"), "cases[0].code: must not be empty"),
    ("code number", set_((*CASE, "code"), 142), "cases[0].code: expected a string, found a number"),
    ("duplicate code", swap_codes,
     "cases[2].code: the same code as cases[0].code; each case's code must be unique in a file"),
    ("display_name missing", del_((*CASE, "display_name")),
     "cases[0].display_name: required field is missing"),
    ("display_name null", set_((*CASE, "display_name"), None),
     "cases[0].display_name: expected a string, found null"),
    ("client type unknown", set_((*CASE, "client_types", 1), "worker"),
     "cases[0].client_types[1]: not one of: current_sex_worker, former_sex_worker,"),
    ("client type repeated", set_((*CASE, "client_types"), ["couple", "ocsb", "couple"]),
     "cases[0].client_types[2]: listed twice (also at cases[0].client_types[0])"),
    ("client types not list", set_((*CASE, "client_types"), "couple"),
     "cases[0].client_types: expected a list, found a string"),
    ("tag not text", set_((*CASE, "tags", 2), 7),
     "cases[0].tags[2]: expected a string, found a number"),
    ("status unknown", set_((*CASE, "status"), "archived"),
     "cases[0].status: not one of: active, paused, closed"),
    ("status null", set_((*CASE, "status"), None),
     "cases[0].status: expected one of: active, paused, closed; found null"),
    ("pronouns null", set_((*CASE, "pronouns"), None),
     "cases[0].pronouns: expected a string, found null"),
    ("intake_date form", set_((*CASE, "intake_date"), "15/01/2024"),
     "cases[0].intake_date: not an ISO date (YYYY-MM-DD)"),
    ("intake_date short", set_((*CASE, "intake_date"), "2024-1-5"),
     "cases[0].intake_date: not an ISO date (YYYY-MM-DD)"),
    ("intake_date datetime", set_((*CASE, "intake_date"), "2024-01-05T00:00:00Z"),
     "cases[0].intake_date: not an ISO date (YYYY-MM-DD)"),
    ("intake_date no day", set_((*CASE, "intake_date"), "2024-02-30"),
     "cases[0].intake_date: not a valid calendar date"),
    ("intake_date year 0", set_((*CASE, "intake_date"), "0000-01-01"),
     "cases[0].intake_date: not a valid calendar date"),
    ("intake_date number", set_((*CASE, "intake_date"), 20240115),
     "cases[0].intake_date: not an ISO date (YYYY-MM-DD); found a number"),
    ("intake_date non-ASCII digits", set_((*CASE, "intake_date"), "٢٠٢٤-01-15"),
     "cases[0].intake_date: not an ISO date (YYYY-MM-DD)"),
    ("identifiers list", set_((*CASE, "identifiers"), []),
     "cases[0].identifiers: expected identifiers (an object), found a list"),
    ("identifier kind unknown", set_((*CASE, "identifiers", "nicknames"), []),
     "cases[0].identifiers{8}: unknown field; identifiers has only: names, aliases, handles,"),
    ("identifier not list", set_((*CASE, "identifiers", "phones"), "0400"),
     "cases[0].identifiers.phones: expected a list, found a string"),
    ("identifier not text", set_((*CASE, "identifiers", "emails", 0), None),
     "cases[0].identifiers.emails[0]: expected a string, found null"),
    ("member label missing", set_(("cases", 1, "members", 0), {"name": "x"}),
     "cases[1].members[0].label: required field is missing"),
    ("member name number", set_(("cases", 1, "members", 1, "name"), 3),
     "cases[1].members[1].name: expected a string, found a number"),
    ("created_at missing", del_((*CASE, "created_at")),
     "cases[0].created_at: required field is missing"),
    ("created_at naive", set_((*CASE, "created_at"), "2024-01-15T09:30:00"),
     "cases[0].created_at: date and time has no UTC offset; add Z or ±HH:MM (e.g. +00:00)"),
    ("created_at date only", set_((*CASE, "created_at"), "2024-01-15"),
     "cases[0].created_at: not an ISO 8601 date and time with a UTC offset"),
    ("created_at no seconds", set_((*CASE, "created_at"), "2024-01-15T09:30Z"),
     "cases[0].created_at: not an ISO 8601 date and time with a UTC offset"),
    ("created_at words", set_((*CASE, "created_at"), "yesterday"),
     "cases[0].created_at: not an ISO 8601 date and time"),
    ("created_at hour 25", set_((*CASE, "created_at"), "2024-01-15T25:00:00Z"),
     "cases[0].created_at: not a valid date and time"),
    ("created_at leap second", set_((*CASE, "created_at"), "2016-12-31T23:59:60Z"),
     "cases[0].created_at: not a valid date and time"),
    ("created_at offset", set_((*CASE, "created_at"), "2024-01-15T09:30:00+24:00"),
     "cases[0].created_at: UTC offset out of range"),
    ("created_at overflow", set_((*CASE, "created_at"), "0001-01-01T00:00:00+01:00"),
     "cases[0].created_at: date and time out of range once converted to UTC"),
    ("created_at number", set_((*CASE, "created_at"), 1705311000),
     "cases[0].created_at: not an ISO 8601 date and time with a UTC offset (YYYY-MM-DDTHH:MM:SS,"),
    ("updated_at missing", del_((*CASE, "updated_at")),
     "cases[0].updated_at: required field is missing"),
    ("deleted_at empty", set_((*CASE, "deleted_at"), ""),
     "cases[0].deleted_at: not an ISO 8601 date and time"),
    ("unknown case field", set_((*CASE, "colour"), "blue"),
     "cases[0]{14}: unknown field; a case has only: code, display_name,"),
    ("goals not list", set_((*CASE, "goals"), {}),
     "cases[0].goals: expected a list, found an object"),
    ("notes not list", set_((*CASE, "notes"), None), "cases[0].notes: expected a list, found null"),
    # a goal
    ("goal text missing", del_((*CASE, "goals", 1, "text")),
     "cases[0].goals[1].text: required field is missing"),
    ("goal status unknown", set_((*CASE, "goals", 1, "status"), "done"),
     "cases[0].goals[1].status: not one of: open, in_progress, met, revised, set_aside"),
    ("goal change at missing", del_((*CASE, "goals", 0, "history", 1, "at")),
     "cases[0].goals[0].history[1].at: required field is missing"),
    ("goal change status missing", del_((*CASE, "goals", 0, "history", 0, "status")),
     "cases[0].goals[0].history[0].status: required field is missing"),
    ("goal history not list", set_((*CASE, "goals", 0, "history"), "x"),
     "cases[0].goals[0].history: expected a list, found a string"),
    # a note
    ("note not object", set_(NOTE, "text"),
     "cases[0].notes[1]: expected a note (an object), found a string"),
    ("session_date missing", del_((*NOTE, "session_date")),
     "cases[0].notes[1].session_date: required field is missing"),
    ("session_date month 13", set_((*NOTE, "session_date"), "2024-13-01"),
     "cases[0].notes[1].session_date: not a valid calendar date"),
    ("session_date form", set_((*NOTE, "session_date"), "29 Jan 2024"),
     "cases[0].notes[1].session_date: not an ISO date (YYYY-MM-DD)"),
    ("duration bool", set_((*NOTE, "duration_minutes"), True),
     "cases[0].notes[1].duration_minutes: expected a whole number, found true/false"),
    ("duration float", set_((*NOTE, "duration_minutes"), 50.0),
     "cases[0].notes[1].duration_minutes: expected a whole number, found a number"),
    ("duration text", set_((*NOTE, "duration_minutes"), "50"),
     "cases[0].notes[1].duration_minutes: expected a whole number, found a string"),
    ("duration negative", set_((*NOTE, "duration_minutes"), -1),
     "cases[0].notes[1].duration_minutes: must be between 0 and 1440"),
    ("duration over a day", set_((*NOTE, "duration_minutes"), 1441),
     "cases[0].notes[1].duration_minutes: must be between 0 and 1440"),
    ("format unknown", set_((*NOTE, "format"), "video"),
     "cases[0].notes[1].format: not one of: in_person, telehealth, phone"),
    ("template unknown", set_((*NOTE, "template"), "narrative"),
     "cases[0].notes[1].template: not one of: free, soap, dap, birp, girp"),
    ("section of another template", set_((*NOTE, "sections", "body"), "x"),
     'cases[0].notes[1].sections{2}: not a section of the "dap" template, whose sections are:'),
    ("template changed under sections", set_((*NOTE, "template"), "soap"),
     'cases[0].notes[1].sections{0}: not a section of the "soap" template'),
    ("section not text", set_((*NOTE, "sections", "plan"), ["x"]),
     "cases[0].notes[1].sections.plan: expected a string, found a list"),
    ("sections list", set_((*NOTE, "sections"), []),
     "cases[0].notes[1].sections: expected an object, found a list"),
    ("note tags text", set_((*NOTE, "tags"), "x"),
     "cases[0].notes[1].tags: expected a list, found a string"),
    ("reflection list", set_((*NOTE, "reflection"), []),
     "cases[0].notes[1].reflection: expected an object, found a list"),
    ("reflection too deep", set_((*NOTE, "reflection"), {"a": nested_lists(8)}),
     "cases[0].notes[1].reflection{0}[0][0][0][0][0][0][0]: nested deeper than the limit of 8"),
    ("reflection int too big", set_((*NOTE, "reflection"), {"a": [2**63]}),
     "cases[0].notes[1].reflection{0}[0]: must be between -9223372036854775808 and"),
    ("goal ref out of range", set_((*NOTE, "goal_refs"), [4]),
     "cases[0].notes[1].goal_refs[0]: must be between 0 and 3"),
    ("goal ref negative", set_((*NOTE, "goal_refs"), [0, -1]),
     "cases[0].notes[1].goal_refs[1]: must be between 0 and 3"),
    ("goal ref bool", set_((*NOTE, "goal_refs"), [True]),
     "cases[0].notes[1].goal_refs[0]: expected a whole number, found true/false"),
    ("goal ref text", set_((*NOTE, "goal_refs"), ["0"]),
     "cases[0].notes[1].goal_refs[0]: expected a whole number, found a string"),
    ("goal ref repeated", set_((*NOTE, "goal_refs"), [1, 3, 1]),
     "cases[0].notes[1].goal_refs[2]: refers to the same goal as cases[0].notes[1].goal_refs[0]"),
    ("goal ref without goals", copy_note_into_case_without_goals,
     "cases[2].notes[0].goal_refs: refers to goals, but this case has none"),
    ("note created_at missing", del_((*NOTE, "created_at")),
     "cases[0].notes[1].created_at: required field is missing"),
    ("signed_at bad", set_((*NOTE, "signed_at"), "soon"),
     "cases[0].notes[1].signed_at: not an ISO 8601 date and time"),
    ("content_hash short", set_((*NOTE, "content_hash"), "abc"),
     "cases[0].notes[1].content_hash: not a SHA-256 digest (64 lowercase hexadecimal characters)"),
    ("content_hash upper", set_((*NOTE, "content_hash"), "A" * 64),
     "cases[0].notes[1].content_hash: not a SHA-256 digest"),
    ("content_hash number", set_((*NOTE, "content_hash"), 0),
     "cases[0].notes[1].content_hash: expected a string or null, found a number"),
    ("signed without hash", set_((*SIGNED, "content_hash"), None),
     "cases[0].notes[0].content_hash: required for a signed note (signed_at is set)"),
    ("signed hash missing", del_((*SIGNED, "content_hash")),
     "cases[0].notes[0].content_hash: required for a signed note (signed_at is set)"),
    ("signed text edited", set_((*SIGNED, "sections", "plan"), "Edited afterwards."),
     "cases[0].notes[0].content_hash: does not match the note's content"),
    ("signed tags edited", set_((*SIGNED, "tags"), []),
     "cases[0].notes[0].content_hash: does not match the note's content"),
    ("signed duration edited", set_((*SIGNED, "duration_minutes"), 55),
     "cases[0].notes[0].content_hash: does not match the note's content"),
    ("signed reflection edited", set_((*SIGNED, "reflection", "need", "note"), "Other."),
     "cases[0].notes[0].content_hash: does not match the note's content"),
    ("signed date edited", set_((*SIGNED, "session_date"), "2024-01-21"),
     "cases[0].notes[0].content_hash: does not match the note's content"),
    ("signed wrong hash", set_((*SIGNED, "content_hash"), "0" * 64),
     "cases[0].notes[0].content_hash: does not match the note's content"),
    ("addendum text missing", del_((*SIGNED, "addenda", 1, "text")),
     "cases[0].notes[0].addenda[1].text: required field is missing"),
    ("addendum created_at naive",
     set_((*SIGNED, "addenda", 0, "created_at"), "2024-01-24 09:30:00"),
     "cases[0].notes[0].addenda[0].created_at: date and time has no UTC offset"),
    ("addenda object", set_((*SIGNED, "addenda"), {}),
     "cases[0].notes[0].addenda: expected a list, found an object"),
    ("revision field missing", del_((*REVISION, "reflection")),
     "cases[0].notes[1].revisions[0].reflection: required field is missing"),
    ("revision duration missing", del_((*REVISION, "duration_minutes")),
     "cases[0].notes[1].revisions[0].duration_minutes: required field is missing"),
    ("revision sections wrong template", set_((*REVISION, "template"), "girp"),
     'cases[0].notes[1].revisions[0].sections{0}: not a section of the "girp" template'),
    ("revision saved_at bad", set_((*REVISION, "saved_at"), None),
     "cases[0].notes[1].revisions[0].saved_at: not an ISO 8601 date and time with a UTC offset"),
    ("revision unknown field", set_((*REVISION, "id"), "x"),
     "cases[0].notes[1].revisions[0]{8}: unknown field; a revision has only: saved_at,"),
    ("note deleted_at number", set_((*NOTE, "deleted_at"), 5),
     "cases[0].notes[1].deleted_at: not an ISO 8601 date and time"),
    ("note unknown field", set_((*NOTE, "id"), "3f1c"),
     "cases[0].notes[1]{15}: unknown field; a note has only: session_date,"),
]
# fmt: on


@pytest.mark.parametrize(
    ("mutation", "expected"), [c[1:] for c in CASES], ids=[c[0] for c in CASES]
)
def test_bad_value_is_reported_with_its_path(mutation: Mutation, expected: str) -> None:
    doc = document()
    mutation(doc)
    assert str(error_for(encode(doc))).startswith(expected)


def test_the_unchanged_sample_is_valid() -> None:
    assert len(parse_interchange(encode(document()))) == 3


def test_goal_refs_are_not_covered_by_the_content_hash() -> None:
    doc = document()
    doc["cases"][0]["notes"][0]["goal_refs"] = [3]
    robin = parse_interchange(encode(doc))[0]
    assert robin.notes[0].signed_at is not None
    assert robin.notes[0].goal_ids == [robin.goals[3].id]


def test_reflection_of_exactly_the_depth_limit_is_accepted() -> None:
    doc = document()
    doc["cases"][0]["notes"][1]["reflection"] = {"a": nested_lists(7)}  # 1 + 7 = 8 levels
    note = parse_interchange(encode(doc))[0].notes[1]
    assert note.reflection == {"a": nested_lists(7)}


# --- the file as a whole ------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("data", "expected"),
    [
        (b"", "file: empty; expected a JSON object"),
        (b"  \n\t", "file: empty; expected a JSON object"),
        (b"{not json", "file: not valid JSON (Expecting property name enclosed in double quotes"),
        (
            b'{"format": "casenotes",}',
            "file: not valid JSON (Expecting property name enclosed in double quotes at line 1, "
            "column 24)",
        ),
        (b"[]", 'file: expected a JSON object with "format", "version" and "cases"; found a list'),
        (b"null", 'file: expected a JSON object with "format", "version" and "cases"; found null'),
        (b'"casenotes"', "file: expected a JSON object"),
        (b"42", "file: expected a JSON object"),
        (b"{} {}", "file: not valid JSON (Extra data at line 1, column 4)"),
        (b'{"format": NaN}', "file: not valid interchange JSON (NaN and Infinity are not JSON"),
        (b'{"format": -Infinity}', "file: not valid interchange JSON (NaN and Infinity"),
        (b'{"format": 1e400}', "file: not valid interchange JSON (a number is too large)"),
        (b'{"format": ' + b"9" * 41 + b"}", "file: not valid interchange JSON (a number has more"),
        (
            b'{"format": ' + b"9" * 5000 + b"}",
            "file: not valid interchange JSON (a number has more",
        ),
        (b'{"format": "a\x01b"}', "file: not valid JSON (Invalid control character at"),
        (b'{"format": "casenotes", "format": "casenotes"}', "file{1}: a key appears twice"),
        (b'{"format": "casenotes", "version": 1, "cases": [], "cases": []}', "file{3}: a key"),
        (b"\xef\xbb\xbf\xef\xbb\xbf{}", "file: not valid JSON (Unexpected UTF-8 BOM"),
        (b"\xff\xfe{\x00}\x00", "file: not valid UTF-8 (first bad byte at offset 0)"),
        (b'{"format": "caf\xe9"}', "file: not valid UTF-8 (first bad byte at offset 15)"),
        (b'\xef\xbb\xbf{"a": "\xc3"}', "file: not valid UTF-8 (first bad byte at offset 10)"),
        (b'{"a": "\xed\xa0\x80"}', "file: not valid UTF-8 (first bad byte at offset 7)"),
        (b"[" * 100_000, "file: not readable: JSON nested too deeply"),
        (b"[" * 100_000 + b"]" * 100_000, "file: not readable: JSON nested too deeply"),
        (b'{"a":' * 100_000 + b"1" + b"}" * 100_000, "file: not readable: JSON nested too deep"),
    ],
    ids=lambda value: repr(value[:30]) if isinstance(value, bytes) else None,
)
def test_unreadable_files(data: bytes, expected: str) -> None:
    assert str(error_for(data)).startswith(expected)


def test_utf8_bom_is_accepted() -> None:
    data = encode(document())
    assert len(parse_interchange(b"\xef\xbb\xbf" + data)) == 3


def test_bytearray_and_memoryview_are_accepted() -> None:
    data = encode(document())
    assert len(parse_interchange(bytearray(data))) == 3  # type: ignore[arg-type]
    assert len(parse_interchange(memoryview(data))) == 3  # type: ignore[arg-type]


def test_text_is_a_programming_error_not_a_file_error() -> None:
    with pytest.raises(TypeError):
        parse_interchange("{}")  # type: ignore[arg-type]


def test_deep_nesting_inside_a_note_is_caught() -> None:
    doc = document()
    doc["cases"][0]["notes"][1]["reflection"] = {"a": "PLACEHOLDER"}
    deep = b"[" * 100_000 + b"]" * 100_000
    data = encode(doc).replace(b'"PLACEHOLDER"', deep)
    assert str(error_for(data)) == "file: not readable: JSON nested too deeply"


def test_moderate_nesting_inside_a_reflection_reports_the_depth_limit() -> None:
    doc = document()
    doc["cases"][0]["notes"][1]["reflection"] = {"a": nested_lists(500)}
    error = error_for(encode(doc))
    assert error.path == "cases[0].notes[1].reflection{0}" + "[0]" * 7
    assert error.message == "nested deeper than the limit of 8 levels"


def test_duplicate_keys_deep_inside_are_reported_where_they_are() -> None:
    doc = document()
    doc["cases"][0]["notes"][1]["reflection"] = {"a": [{"PLACEHOLDER": 1}]}
    data = encode(doc).replace(b'"PLACEHOLDER": 1', b'"x": 1, "y": 2, "x": 3')
    assert str(error_for(data)) == (
        "cases[0].notes[1].reflection{0}[0]{2}: a key appears twice in the same object"
    )


def test_duplicate_section_keys_are_reported() -> None:
    doc = document()
    data = encode(doc).replace(
        b'"data": "Talked through a new booking platform.",',
        b'"data": "Talked through a new booking platform.", "data": "Other",',
    )
    assert str(error_for(data)) == (
        "cases[0].notes[1].sections{1}: a key appears twice in the same object"
    )


# --- size limits --------------------------------------------------------------------------------


def test_input_over_512_mib_is_refused_before_parsing() -> None:
    assert MAX_INPUT_BYTES == 512 * 1024 * 1024
    # bytes(n) is zero-filled by calloc: cheap, and never touched by the size check.
    error = error_for(bytes(MAX_INPUT_BYTES + 1))
    assert str(error) == "file: larger than the limit of 512 MiB; not read"


def test_size_limit_boundary(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setattr(reader_module, "MAX_INPUT_BYTES", 20)
    assert error_for(b"\xff" * 21).message == "larger than the limit of 0 MiB; not read"
    assert error_for(b"\xff" * 20).message.startswith("not valid UTF-8")


def _document_with_body(length: int) -> bytes:
    doc = document()
    doc["cases"][1]["notes"][0]["signed_at"] = None
    doc["cases"][1]["notes"][0]["sections"]["body"] = "PLACEHOLDER"
    return encode(doc).replace(b"PLACEHOLDER", b"a" * length)


def test_a_50_mb_note_is_refused_with_its_path_and_the_limit() -> None:
    error = error_for(_document_with_body(50_000_000))
    assert str(error) == (
        "cases[1].notes[0].sections.body: text is longer than the limit of 4,000,000 characters"
    )


def test_texts_up_to_the_limit_are_accepted() -> None:
    assert MAX_TEXT_CHARS == 4_000_000
    bundles = parse_interchange(_document_with_body(MAX_TEXT_CHARS))
    assert len(bundles[1].notes[0].sections["body"]) == MAX_TEXT_CHARS
    error = error_for(_document_with_body(MAX_TEXT_CHARS + 1))
    assert error.path == "cases[1].notes[0].sections.body"


def test_the_text_limit_counts_characters_not_bytes() -> None:
    doc = document()
    doc["cases"][1]["notes"][0]["signed_at"] = None
    doc["cases"][1]["notes"][0]["sections"]["body"] = "é" * MAX_TEXT_CHARS  # 8 MB of UTF-8
    assert len(parse_interchange(encode(doc))[1].notes[0].sections["body"]) == MAX_TEXT_CHARS


def test_the_text_limit_applies_to_every_string() -> None:
    long = "x" * (MAX_TEXT_CHARS + 1)
    for path, mutation in [
        ("cases[0].tags[0]", set_((*CASE, "tags", 0), long)),
        ("cases[0].display_name", set_((*CASE, "display_name"), long)),
        ("cases[0].identifiers.names[1]", set_((*CASE, "identifiers", "names", 1), long)),
        ("cases[0].notes[1].reflection{0}", set_((*NOTE, "reflection"), {long: 1})),
        ("cases[0].notes[1].reflection{0}[1]", set_((*NOTE, "reflection"), {"a": [1, long]})),
        ("cases[0].notes[0].addenda[0].text", set_((*SIGNED, "addenda", 0, "text"), long)),
    ]:
        doc = document()
        mutation(doc)
        error = error_for(encode(doc))
        assert (error.path, error.message) == (
            path,
            "text is longer than the limit of 4,000,000 characters",
        )


def test_unpaired_surrogate_escapes_are_refused() -> None:
    doc = document()
    doc["cases"][0]["tags"][0] = "PLACEHOLDER"
    data = encode(doc).replace(b"PLACEHOLDER", b"ok \\ud83d then")
    assert str(error_for(data)) == (
        "cases[0].tags[0]: text contains an unpaired surrogate code point, which is not valid "
        "Unicode"
    )
    # A correctly paired escape is ordinary text.
    data = encode(doc).replace(b"PLACEHOLDER", b"\\ud83d\\ude00")
    assert parse_interchange(data)[0].case.tags[0] == "😀"


# --- the error itself ---------------------------------------------------------------------------


def test_interchange_error_is_a_value_error_with_path_and_message() -> None:
    error = InterchangeError("cases[3].notes[12].session_date", "not an ISO date (YYYY-MM-DD)")
    assert isinstance(error, ValueError)
    assert str(error) == "cases[3].notes[12].session_date: not an ISO date (YYYY-MM-DD)"
    assert error.path == "cases[3].notes[12].session_date"
    assert error.message == "not an ISO date (YYYY-MM-DD)"
    copy_ = pickle.loads(pickle.dumps(error))
    assert (str(copy_), copy_.path, copy_.message) == (str(error), error.path, error.message)


def test_root_paths_are_named_file() -> None:
    assert str(InterchangeError("", "empty")) == "file: empty"
    assert InterchangeError("{2}", "x").path == "file{2}"


# --- nothing from the file appears in a message -------------------------------------------------

SECRET = "Quillon Fairweather"  # a fictional name that appears in no message template


@pytest.mark.parametrize(
    "mutation",
    [
        set_((*CASE, "status"), SECRET),
        set_((*CASE, "client_types", 0), SECRET),
        set_((*CASE, "intake_date"), SECRET),
        set_((*CASE, "created_at"), SECRET),
        set_((*CASE, SECRET), "x"),
        set_((*CASE, "identifiers", SECRET), []),
        set_((*NOTE, SECRET), 1),
        set_((*NOTE, "sections", SECRET), "x"),
        set_((*NOTE, "reflection"), {SECRET: nested_lists(9)}),
        set_((*NOTE, "reflection"), {SECRET: "x" * (MAX_TEXT_CHARS + 1)}),
        set_((*NOTE, "format"), SECRET),
        set_((*NOTE, "content_hash"), SECRET),
        set_((*SIGNED, "sections", "plan"), SECRET),
        set_((*NOTE, "goal_refs"), [SECRET]),
        set_(("format",), SECRET),
        set_(("version",), SECRET),
        set_(("cases", 2, "code"), "C-0142"),
        also(set_(("cases", 0, "code"), SECRET), set_(("cases", 1, "code"), SECRET)),
    ],
)
def test_messages_never_repeat_values_or_keys_from_the_file(mutation: Mutation) -> None:
    doc = document()
    mutation(doc)
    error = error_for(encode(doc))
    for fragment in (SECRET, "Quillon", "Fairweather", "C-0142", "Robin", "Ashdown"):
        assert fragment not in str(error)
