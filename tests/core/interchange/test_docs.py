"""docs/interchange-format.md and the code agree: its examples are read as documented, the
complete example is exactly what the writer writes, and the content-hash example is right."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from casenotes.core.domain import NoteTemplate, note_content_hash, section_keys
from casenotes.core.interchange import dumps_interchange, parse_interchange
from casenotes.core.interchange.spec import (
    ADDENDUM_FIELDS,
    CASE_FIELDS,
    GOAL_CHANGE_FIELDS,
    GOAL_FIELDS,
    MEMBER_FIELDS,
    NOTE_FIELDS,
    REVISION_FIELDS,
    TOP_FIELDS,
)

DOC = Path(__file__).resolve().parents[3] / "docs" / "interchange-format.md"


def doc_text() -> str:
    return DOC.read_text(encoding="utf-8")


def json_examples() -> list[str]:
    return re.findall(r"```json\n(.*?)```", doc_text(), flags=re.DOTALL)


def test_the_doc_has_a_complete_and_a_minimal_example() -> None:
    assert len(json_examples()) == 3  # the top-level sketch, the complete file, the minimal file


def test_the_complete_example_is_exactly_what_the_writer_writes() -> None:
    example = json_examples()[1].encode("utf-8")
    bundles = parse_interchange(example)
    assert dumps_interchange(bundles) == example
    note = bundles[0].notes[0]
    assert note.is_signed
    assert note.goal_ids == [bundles[0].goals[0].id]


def test_the_minimal_example_reads_with_the_documented_defaults() -> None:
    (bundle,) = parse_interchange(json_examples()[2].encode("utf-8"))
    (note,) = bundle.notes
    assert bundle.case.status.value == "active"
    assert (note.duration_minutes, note.format.value, note.template.value) == (
        50,
        "in_person",
        "free",
    )
    assert note.signed_at is None
    assert note.created_at.isoformat() == "2024-03-05T09:00:00+00:00"


def test_the_content_hash_example() -> None:
    text = doc_text()
    canonical = re.search(r"canonical content is\n\n```\n(.*?)\n```", text, flags=re.DOTALL)
    digest = re.search(r"and its hash `([0-9a-f]{64})`", text)
    assert canonical is not None and digest is not None
    note = parse_interchange(json_examples()[1].encode("utf-8"))[0].notes[0]
    assert hashlib.sha256(canonical.group(1).encode("utf-8")).hexdigest() == digest.group(1)
    assert note_content_hash(note, note.hash_version) == digest.group(1) == note.content_hash


@pytest.mark.parametrize(
    "fields",
    [
        TOP_FIELDS,
        CASE_FIELDS,
        MEMBER_FIELDS,
        GOAL_FIELDS,
        GOAL_CHANGE_FIELDS,
        NOTE_FIELDS,
        ADDENDUM_FIELDS,
        REVISION_FIELDS,
    ],
)
def test_every_field_is_documented(fields: tuple[str, ...]) -> None:
    text = doc_text()
    for name in fields:
        assert f"`{name}`" in text, name


def test_the_template_table_matches_the_templates() -> None:
    text = doc_text()
    for template in NoteTemplate:
        keys = ", ".join(f"`{key}`" for key in section_keys(template))
        assert f"| `{template.value}` | {keys} |" in text


def test_the_examples_are_valid_json() -> None:
    for example in json_examples()[1:]:
        json.loads(example)
