"""The quick walk of ``json_value`` accepts and copies exactly what the checked walk does;
anything else gets the checked walk's error, with its place."""

from __future__ import annotations

from enum import IntEnum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casenotes.core.interchange import InterchangeError
from casenotes.core.interchange.spec import (
    MAX_REFLECTION_DEPTH,
    MAX_REFLECTION_INT,
    MAX_TEXT_CHARS,
    DuplicateKeyDict,
    _checked_json_value,
    json_value,
)

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers(min_value=-(2**65), max_value=2**65)
    | st.floats()
    | st.text(alphabet=st.characters(codec=None), max_size=8)
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: (
        st.lists(inner, max_size=3) | st.dictionaries(st.text(max_size=4), inner, max_size=3)
    ),
    max_leaves=20,
)


def _outcome(fn: Any, value: Any) -> tuple[str, Any]:
    try:
        return "ok", fn(value, "notes[0].reflection", 1)
    except InterchangeError as exc:
        return "error", str(exc)


@given(VALUES)
def test_the_quick_walk_agrees_with_the_checked_one(value: Any) -> None:
    quick, checked = _outcome(json_value, value), _outcome(_checked_json_value, value)
    assert quick == checked
    if quick[0] == "ok":
        assert repr(quick[1]) == repr(checked[1])  # -0.0, int vs float and order kept too


class Level(IntEnum):
    HIGH = 3


def _nested(depth: int) -> Any:
    value: Any = "leaf"
    for _ in range(depth):
        value = [value]
    return value


@pytest.mark.parametrize(
    "value",
    [
        {"a": float("nan")},
        {"a": MAX_REFLECTION_INT + 1},
        {"a": "x" * (MAX_TEXT_CHARS + 1)},
        {"a": "\ud800"},
        {"\udfff": 1},
        {1: "key not a string"},
        {"a": object()},
        _nested(MAX_REFLECTION_DEPTH),
        _nested(MAX_REFLECTION_DEPTH + 1),
        DuplicateKeyDict(a=1),
        {"level": Level.HIGH},
        {"t": (1, 2)},
    ],
)
def test_edge_cases_take_the_checked_walk(value: Any) -> None:
    assert _outcome(json_value, value) == _outcome(_checked_json_value, value)
