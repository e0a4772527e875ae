"""The fast indented encoder writes exactly what ``json.dumps(indent=2, ensure_ascii=False,
allow_nan=False)`` writes, for any value (what it does not handle itself goes to json)."""

from __future__ import annotations

import json
from enum import IntEnum, StrEnum
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from casenotes.core.interchange.indented_json import dumps_indented

SCALARS = (
    st.none()
    | st.booleans()
    | st.integers()
    | st.floats(allow_nan=False, allow_infinity=False)
    | st.text()
)
VALUES = st.recursive(
    SCALARS,
    lambda inner: st.lists(inner, max_size=4) | st.dictionaries(st.text(), inner, max_size=4),
    max_leaves=30,
)


def _reference(value: Any, level: int = 0) -> str:
    text = json.dumps(value, indent=2, ensure_ascii=False, allow_nan=False)
    return text.replace("\n", "\n" + "  " * level)


@given(VALUES, st.integers(min_value=0, max_value=3))
def test_any_json_value_comes_out_as_json_dumps_writes_it(value: Any, level: int) -> None:
    assert dumps_indented(value, level=level) == _reference(value, level)


class Colour(StrEnum):
    TEAL = "teal"


class Size(IntEnum):
    LARGE = 3


@pytest.mark.parametrize(
    "value",
    [
        {"a": [1, 2.5, -0.0, 1e300, True, False, None, [], {}, 'é\u2028"\\\x01\ud800']},
        {"nested": {"empty": [[{}]], "tuple": (1, "two")}},
        {3: "a key that is not a string", "b": [None]},
        [Colour.TEAL, Size.LARGE, {"colour": Colour.TEAL}],
        "just text",
        7,
        None,
        [],
    ],
)
def test_edge_cases_and_subclasses(value: Any) -> None:
    assert dumps_indented(value) == _reference(value)
    assert dumps_indented(value, level=2) == _reference(value, 2)


def test_non_finite_numbers_and_unknown_values_fail_as_in_json() -> None:
    with pytest.raises(ValueError):
        dumps_indented({"x": [float("nan")]})
    with pytest.raises(TypeError):
        dumps_indented({"x": object()})
