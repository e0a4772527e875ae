"""Answers are cleaned for storage, described in words, and set with their comments."""

from __future__ import annotations

from dataclasses import replace
from typing import Any

import pytest

from casenotes.core.prompts import (
    NOTES_KEY,
    Prompt,
    PromptKind,
    PromptOption,
    clean_answer,
    describe_answer,
    is_answered,
    note_comment,
    set_answer,
)

SINGLE = Prompt(
    id="agreement",
    text="Within the agreement?",
    kind=PromptKind.SINGLE,
    options=(PromptOption("within", "Within"), PromptOption("outside", "Outside")),
)
MULTIPLE = Prompt(
    id="needs",
    text="Which needs?",
    kind=PromptKind.MULTIPLE,
    options=(
        PromptOption("emotional", "Emotional"),
        PromptOption("physical", "Physical"),
        PromptOption("companionship", "Companionship"),
    ),
)
SCALE = Prompt(
    id="voice", text="How able?", kind=PromptKind.SCALE, scale_low="Not yet", scale_high="Fully"
)
TEXT = Prompt(id="function", text="What function?", kind=PromptKind.TEXT)


@pytest.mark.parametrize(
    ("prompt", "value", "expected"),
    [
        (SINGLE, "outside", "outside"),
        (SINGLE, " within ", "within"),
        (SINGLE, "", None),
        (SINGLE, None, None),
        (MULTIPLE, ["companionship", "emotional", "emotional"], ["emotional", "companionship"]),
        (MULTIPLE, ("physical",), ["physical"]),
        (MULTIPLE, "physical", ["physical"]),
        (MULTIPLE, ["gone", "physical"], ["physical", "gone"]),
        (MULTIPLE, [], None),
        (MULTIPLE, [""], None),
        (SCALE, 3, 3),
        (SCALE, "4", 4),
        (SCALE, 5.0, 5),
        (SCALE, None, None),
        (TEXT, "Keeps the peace.  \n\n", "Keeps the peace."),
        (TEXT, "  indented", "  indented"),
        (TEXT, " \n ", None),
    ],
)
def test_clean_answer(prompt: Prompt, value: object, expected: object) -> None:
    assert clean_answer(prompt, value) == expected


@pytest.mark.parametrize(
    ("prompt", "value"),
    [
        (SINGLE, 3),
        (SINGLE, ["within"]),
        (MULTIPLE, 3),
        (MULTIPLE, [1]),
        (SCALE, 0),
        (SCALE, 6),
        (SCALE, True),
        (SCALE, "lots"),
        (SCALE, 2.5),
        (TEXT, 7),
    ],
)
def test_clean_answer_rejects(prompt: Prompt, value: object) -> None:
    with pytest.raises(ValueError, match=prompt.id):
        clean_answer(prompt, value)


@pytest.mark.parametrize(
    ("prompt", "value", "expected"),
    [
        (SINGLE, "outside", "Outside"),
        (SINGLE, "removed", "removed"),
        (MULTIPLE, ["emotional", "companionship"], "Emotional, Companionship"),
        (MULTIPLE, ["emotional", "removed"], "Emotional, removed"),
        (SCALE, 3, "3 of 5"),
        (SCALE, 1, "1 of 5 (Not yet)"),
        (SCALE, 5, "5 of 5 (Fully)"),
        (replace(SCALE, scale_min=0, scale_max=4, scale_low=""), 0, "0 on a scale of 0 to 4"),
        (TEXT, "Keeps the peace.", "Keeps the peace."),
        (None, ["a", "b"], "a, b"),
        (None, 4, "4"),
        (TEXT, None, ""),
    ],
)
def test_describe_answer(prompt: Prompt | None, value: object, expected: str) -> None:
    assert describe_answer(prompt, value) == expected


def test_an_answer_no_longer_fitting_a_customised_prompt_is_kept() -> None:
    reflection: dict[str, Any] = {"agreement": "unsure", "needs": ["emotional", "removed"]}
    fewer = replace(MULTIPLE, options=MULTIPLE.options[:1])
    assert describe_answer(SINGLE, reflection["agreement"]) == "unsure"
    assert describe_answer(fewer, reflection["needs"]) == "Emotional, removed"
    # Re-saving an untouched old answer keeps it.
    assert set_answer(reflection, fewer, reflection["needs"]) == reflection


def test_set_answer_with_comments() -> None:
    original: dict[str, Any] = {"function": "Old."}
    step = set_answer(original, MULTIPLE, ["physical"], comment="Said twice.  ")
    assert original == {"function": "Old."}  # a new dict each time
    assert step == {"function": "Old.", "needs": ["physical"], NOTES_KEY: {"needs": "Said twice."}}
    assert note_comment(step, "needs") == "Said twice."
    assert note_comment(step, "function") == ""
    assert is_answered(step, "needs") and not is_answered(step, "agreement")

    # A comment left as None stays; an empty answer goes, its comment stays.
    step2 = set_answer(step, MULTIPLE, [], comment=None)
    assert step2 == {"function": "Old.", NOTES_KEY: {"needs": "Said twice."}}
    assert not is_answered(step2, "needs")
    assert step[NOTES_KEY] == {"needs": "Said twice."}  # the earlier dict is untouched

    # Clearing the last comment drops the comments table.
    step3 = set_answer(step2, MULTIPLE, None, comment="  ")
    assert step3 == {"function": "Old."}
    step4 = set_answer(step3, TEXT, "")
    assert step4 == {}


def test_comments_beside_several_prompts() -> None:
    reflection = set_answer({}, SCALE, 2, comment="Depends on the week.")
    reflection = set_answer(reflection, SINGLE, "within", comment="Agreed last year.")
    reflection = set_answer(reflection, SCALE, 2, comment="")
    assert reflection == {
        "voice": 2,
        "agreement": "within",
        NOTES_KEY: {"agreement": "Agreed last year."},
    }
    assert not is_answered(reflection, NOTES_KEY)


def test_note_comment_tolerates_odd_stored_shapes() -> None:
    assert note_comment({NOTES_KEY: "not a table"}, "x") == ""
    assert note_comment({NOTES_KEY: {"x": 3}}, "x") == ""
