"""casenotes.core.interchange.parse_interchange under fuzzing: whatever the bytes, the only
exception is InterchangeError, it comes quickly (hypothesis's deadline), and its message never
repeats text from the file."""

from __future__ import annotations

import copy
import json
from typing import Any

from hypothesis import HealthCheck, example, given, settings
from hypothesis import strategies as st

from casenotes.core.domain import CaseBundle
from casenotes.core.interchange import InterchangeError, parse_interchange, to_interchange

from .support import bundle_lists, json_values, sample_bundles

PREFIX = b'{"format": "casenotes", "version": 1, "cases": [{"code": "C-1", "display_name": "A", '
MARKER = "Zephyrine"  # a fictional name that appears in no message template
# Text that is always recognisable in a message, if it ever leaked into one.
marked_texts = st.text(max_size=8).map(lambda s: MARKER + s)
# Text that may hold lone surrogates (\ud800-\udfff), which JSON can escape but UTF-8 cannot hold.
surrogate_texts = st.text(
    st.characters(min_codepoint=0xD7F0, max_codepoint=0xE010, categories=None), max_size=6
)


def parse_or_error(data: bytes) -> list[CaseBundle] | InterchangeError:
    try:
        return parse_interchange(data)
    except InterchangeError as error:
        assert str(error) == f"{error.path}: {error.message}"
        return error


@settings(max_examples=500)
@given(st.binary(max_size=400))
@example(b"")
@example(b"\xef\xbb\xbf")
@example(b"\x00")
@example(b"[" * 5000)
@example(b'{"a": "\\ud800"}')
def test_arbitrary_bytes(data: bytes) -> None:
    parse_or_error(data)


@settings(max_examples=300)
@given(st.binary(max_size=300))
def test_arbitrary_bytes_after_a_valid_start(data: bytes) -> None:
    parse_or_error(PREFIX + data)


@settings(max_examples=300)
@given(json_values(st.text(max_size=10) | surrogate_texts))
def test_arbitrary_json(value: Any) -> None:
    parse_or_error(json.dumps(value).encode())
    parse_or_error(json.dumps(value, ensure_ascii=False).encode("utf-8", "surrogatepass"))


@settings(max_examples=300)
@given(json_values())
def test_arbitrary_json_in_place_of_a_case(value: Any) -> None:
    document = {"format": "casenotes", "version": 1, "cases": [value]}
    parse_or_error(json.dumps(document).encode())


def _places(node: Any, path: tuple[Any, ...] = ()) -> list[tuple[Any, ...]]:
    """Every path to a value inside a JSON document, including the document itself."""
    places = [path]
    if isinstance(node, dict):
        for key, value in node.items():
            places.extend(_places(value, (*path, key)))
    elif isinstance(node, list):
        for index, value in enumerate(node):
            places.extend(_places(value, (*path, index)))
    return places


_SAMPLE = to_interchange(sample_bundles())
_SAMPLE_PLACES = _places(_SAMPLE)


def _replace(document: Any, path: tuple[Any, ...], value: Any) -> Any:
    if not path:
        return value
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    parent[path[-1]] = value
    return document


@settings(max_examples=800, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_SAMPLE_PLACES), json_values(marked_texts))
def test_one_value_of_a_valid_file_replaced(path: tuple[Any, ...], value: Any) -> None:
    document = _replace(copy.deepcopy(_SAMPLE), path, value)
    result = parse_or_error(json.dumps(document).encode())
    if isinstance(result, InterchangeError):
        assert MARKER not in str(result)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_SAMPLE_PLACES), json_values(marked_texts), marked_texts)
def test_a_key_added_to_an_object_of_a_valid_file(
    path: tuple[Any, ...], value: Any, key: str
) -> None:
    document = copy.deepcopy(_SAMPLE)
    target = document
    for step in path:
        target = target[step]
    if not isinstance(target, dict):
        return
    target[key] = value
    result = parse_or_error(json.dumps(document).encode())
    if isinstance(result, InterchangeError):
        assert MARKER not in str(result)


@settings(max_examples=300, suppress_health_check=[HealthCheck.too_slow])
@given(st.sampled_from(_SAMPLE_PLACES))
def test_one_field_of_a_valid_file_removed(path: tuple[Any, ...]) -> None:
    if not path:
        return
    document = copy.deepcopy(_SAMPLE)
    parent = document
    for step in path[:-1]:
        parent = parent[step]
    del parent[path[-1]]
    parse_or_error(json.dumps(document).encode())


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(bundle_lists(), st.data())
def test_bytes_of_a_valid_file_corrupted(bundles: list[CaseBundle], data: st.DataObject) -> None:
    encoded = bytearray(json.dumps(to_interchange(bundles), ensure_ascii=False).encode())
    for _ in range(data.draw(st.integers(1, 4))):
        position = data.draw(st.integers(0, len(encoded) - 1))
        encoded[position] = data.draw(st.integers(0, 255))
    parse_or_error(bytes(encoded))


@settings(max_examples=100, suppress_health_check=[HealthCheck.too_slow])
@given(bundle_lists(), st.data())
def test_a_valid_file_truncated(bundles: list[CaseBundle], data: st.DataObject) -> None:
    encoded = json.dumps(to_interchange(bundles), ensure_ascii=False).encode()
    cut = data.draw(st.integers(0, len(encoded) - 1))
    assert isinstance(parse_or_error(encoded[:cut]), InterchangeError)
